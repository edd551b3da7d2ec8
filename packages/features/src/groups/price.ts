import type { EngineContext } from '../engine/engine-context.ts';
import { ratio, safeLog } from '../kernels/safe-math.ts';

/** returns, log_returns, high_low_pct, open_close_pct, price_acceleration, returns_sign, returns_squared. */
export function computePriceGroup(ctx: EngineContext): void {
  const { length, open, high, low, close, columns: c } = ctx;
  const { high_low_pct, log_returns, open_close_pct, price_acceleration, returns, returns_sign, returns_squared } = c;
  let previousReturn = NaN;
  for (let i = 0; i < length; i++) {
    const price = close[i]!;
    const previous = i > 0 ? close[i - 1]! : NaN;
    const r = ratio(price, previous) - 1;
    returns[i] = r;
    log_returns[i] = i > 0 ? safeLog(ratio(price, previous)) : NaN;
    high_low_pct[i] = ratio(high[i]! - low[i]!, price);
    open_close_pct[i] = ratio(price - open[i]!, open[i]!);
    price_acceleration[i] = r - previousReturn;
    returns_sign[i] = Math.sign(r);
    returns_squared[i] = r * r;
    previousReturn = r;
  }
}
