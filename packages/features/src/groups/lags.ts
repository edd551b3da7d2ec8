import type { EngineContext } from '../engine/engine-context.ts';

const LAGS = [1, 2, 4, 8, 24] as const;

/** returns / realized_vol_short / volume_ratio k bars earlier. Needs those three columns. */
export function computeLagGroup(ctx: EngineContext): void {
  const c = ctx.columns;
  for (const k of LAGS) {
    shift(c.returns, k, c[`returns_lag_${k}`]);
    shift(c.realized_vol_short, k, c[`vol_lag_${k}`]);
    shift(c.volume_ratio, k, c[`volume_ratio_lag_${k}`]);
  }
}

function shift(source: Float64Array, bars: number, out: Float64Array): void {
  const n = source.length;
  if (bars >= n) {
    out.fill(NaN);
    return;
  }
  out.fill(NaN, 0, bars);
  out.set(source.subarray(0, n - bars), bars);
}
