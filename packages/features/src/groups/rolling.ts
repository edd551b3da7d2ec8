import type { EngineContext } from '../engine/engine-context.ts';
import { ratio } from '../kernels/safe-math.ts';
import { nestedWindowMoments } from '../kernels/nested-window-moments.ts';

/** returns_{mean,std,skew,kurt}_{6,12,24}h and price_momentum_{6,12,24}h. Needs `returns`. */
export function computeRollingGroup(ctx: EngineContext): void {
  const c = ctx.columns;
  nestedWindowMoments(
    c.returns,
    { window: 6, mean: c.returns_mean_6h, std: c.returns_std_6h, skew: c.returns_skew_6h, kurt: c.returns_kurt_6h },
    { window: 12, mean: c.returns_mean_12h, std: c.returns_std_12h, skew: c.returns_skew_12h, kurt: c.returns_kurt_12h },
    { window: 24, mean: c.returns_mean_24h, std: c.returns_std_24h, skew: c.returns_skew_24h, kurt: c.returns_kurt_24h },
  );
  momentum(ctx.close, 6, c.price_momentum_6h);
  momentum(ctx.close, 12, c.price_momentum_12h);
  momentum(ctx.close, 24, c.price_momentum_24h);
}

function momentum(close: Float64Array, bars: number, out: Float64Array): void {
  for (let i = 0; i < close.length; i++) out[i] = i >= bars ? ratio(close[i]!, close[i - bars]!) - 1 : NaN;
}
