// The O(1) rolling SD kernel against an exact computation on the windows where running sums fail:
// a near-constant stretch right after a volatile one (the sums are shifted by a mean that is far
// from the new values, so Σd² − (Σd)²/n cancels), at several levels and spreads.
import { describe, expect, it } from 'vitest';
import { rollingStd } from '../src/kernels/rolling-std.ts';
import { columnMismatches } from './support/compare.ts';
import { naiveSd } from './support/naive-reference.ts';
import { seededRandom } from './support/synthetic-bars.ts';

function exactRollingSd(x: Float64Array, window: number, ddof: 0 | 1): (number | null)[] {
  return Array.from(x, (_, i) => (i < window - 1 ? null : naiveSd(Array.from(x.subarray(i - window + 1, i + 1)), ddof)));
}

describe('rollingStd stays accurate to 1e-9 relative on every window', () => {
  it.each([
    // level, volatile spread, calm spread
    [1e-3, 1e-2, 1e-12],
    [100, 5, 1e-6],
    [5e-4, 1e-2, 1e-19], // SD(realized_vol_med): vol values a few ulps apart after a volatile spell
    [1e5, 1e3, 1e-8],
  ])('level %d: volatile ±%d, then calm ±%d', (level, volatile, calm) => {
    const random = seededRandom(7);
    const x = new Float64Array(400);
    for (let i = 0; i < x.length; i++) {
      const spread = Math.floor(i / 50) % 2 === 0 ? volatile : calm;
      x[i] = level + spread * (random() - 0.5);
    }
    for (const [window, ddof] of [[20, 0], [24, 1], [120, 1]] as const) {
      const out = new Float64Array(x.length);
      rollingStd(x, window, ddof, out);
      expect(columnMismatches(`SD(x, ${window})`, out, exactRollingSd(x, window, ddof))).toEqual([]);
    }
  });
});
