import type { EngineContext } from '../engine/engine-context.ts';
import { rollingMean } from '../kernels/rolling-mean.ts';
import { rollingStd } from '../kernels/rolling-std.ts';
import { ratio } from '../kernels/safe-math.ts';

const LN2 = Math.LN2;
const GK_CLOSE_OPEN_WEIGHT = 2 * LN2 - 1;

/**
 * realized_vol_{short,med,long} = SD(r, 12/24/120), their ratios, the Garman–Klass, Parkinson and
 * Rogers–Satchell estimators over 24 bars, and vol_of_vol = SD(realized_vol_med, 24).
 * Needs `returns_std_12h` / `_24h` from the rolling group (the same statistics).
 */
export function computeVolatilityGroup(ctx: EngineContext): void {
  const { length, open, high, low, close, columns: c } = ctx;
  const { gk_volatility, parkinson_vol, realized_vol_long, realized_vol_med, realized_vol_short, rogers_satchell_vol, vol_ratio_med_long, vol_ratio_short_med } = c;
  c.realized_vol_short.set(c.returns_std_12h);
  c.realized_vol_med.set(c.returns_std_24h);
  rollingStd(c.returns, 120, 1, c.realized_vol_long);

  const [gk, parkinson, rogersSatchell] = ctx.scratch as [Float64Array, Float64Array, Float64Array];
  for (let i = 0; i < length; i++) {
    const h = high[i]!;
    const l = low[i]!;
    const o = open[i]!;
    const cl = close[i]!;
    // Prices are validated > 0 and finite, so every ratio here is a positive finite number and
    // the NULL guards of ratio/safeLog can never fire: plain Math.log of the ratio, same values.
    const highLow = Math.log(h / l);
    const closeOpen = Math.log(cl / o);
    gk[i] = 0.5 * highLow * highLow - GK_CLOSE_OPEN_WEIGHT * closeOpen * closeOpen;
    parkinson[i] = highLow * highLow;
    rogersSatchell[i] = Math.log(h / cl) * Math.log(h / o) + Math.log(l / cl) * Math.log(l / o);
  }
  rollingMean(gk, 24, c.gk_volatility);
  rollingMean(parkinson, 24, c.parkinson_vol);
  rollingMean(rogersSatchell, 24, c.rogers_satchell_vol);
  rollingStd(c.realized_vol_med, 24, 1, c.vol_of_vol);

  for (let i = 0; i < length; i++) {
    vol_ratio_short_med[i] = ratio(realized_vol_short[i]!, realized_vol_med[i]!);
    vol_ratio_med_long[i] = ratio(realized_vol_med[i]!, realized_vol_long[i]!);
    // A negative mean (possible for GK and RS when close/open lie outside [low, high]) has no
    // real square root: Math.sqrt gives NaN, i.e. NULL.
    gk_volatility[i] = Math.sqrt(gk_volatility[i]!);
    parkinson_vol[i] = Math.sqrt(parkinson_vol[i]! / (4 * LN2));
    rogers_satchell_vol[i] = Math.sqrt(rogers_satchell_vol[i]!);
  }
}
