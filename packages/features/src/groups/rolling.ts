import type { EngineContext } from '../engine/engine-context.ts';
import { ratio } from '../kernels/safe-math.ts';
import { windowMoments } from '../kernels/window-moments.ts';

/** returns_{mean,std,skew,kurt}_{6,12,24}h and price_momentum_{6,12,24}h. Needs `returns`. */
export function computeRollingGroup(ctx: EngineContext): void {
  const c = ctx.columns;
  windowMoments(c.returns, 6, c.returns_mean_6h, c.returns_std_6h, c.returns_skew_6h, c.returns_kurt_6h);
  windowMoments(c.returns, 12, c.returns_mean_12h, c.returns_std_12h, c.returns_skew_12h, c.returns_kurt_12h);
  windowMoments(c.returns, 24, c.returns_mean_24h, c.returns_std_24h, c.returns_skew_24h, c.returns_kurt_24h);
  momentum(ctx.close, 6, c.price_momentum_6h);
  momentum(ctx.close, 12, c.price_momentum_12h);
  momentum(ctx.close, 24, c.price_momentum_24h);
}

function momentum(close: Float64Array, bars: number, out: Float64Array): void {
  for (let i = 0; i < close.length; i++) out[i] = i >= bars ? ratio(close[i]!, close[i - bars]!) - 1 : NaN;
}
