/** Rows per block: the block of every column (2 × d × ROW_BLOCK doubles ≈ 0.9 MB at d = 106) stays in cache. */
const ROW_BLOCK = 512;

/**
 * Lower triangle (row-major, m = d + 1) of the penalized logistic Hessian
 *   H = (1/n) [1 z]ᵀ S [1 z] + λ·diag(0, 1, …, 1),   S = diag(s),
 * where s = p(1 − p) and `sSum` = Σ s. This is the trainer's hot loop (d²n/2 multiply-adds per Newton
 * step), so it is accumulated block by block of rows — each block's columns copied next to each other
 * so they are read from cache — with 2×2 register blocks over (j, k) pairs: four loads feed four
 * multiply-adds instead of two loads per one. Measured here at 180,000 × 106: ≈ 0.65 s CPU per
 * Hessian, against ≈ 1.0 s for a plain blocked dot product per pair. The summation order is fixed, so
 * the result is deterministic.
 */
export function logisticHessian(z: readonly Float64Array[], s: Float64Array, sSum: number, l2: number, hessian: Float64Array): void {
  const n = s.length;
  const d = z.length;
  const m = d + 1;
  const weighted = new Float64Array(d * ROW_BLOCK);
  const block = new Float64Array(d * ROW_BLOCK);
  hessian.fill(0);
  hessian[0] = sSum;
  for (let from = 0; from < n; from += ROW_BLOCK) {
    const width = Math.min(ROW_BLOCK, n - from);
    for (let j = 0; j < d; j++) {
      const column = z[j]!;
      const offset = j * ROW_BLOCK;
      let sum = 0;
      for (let i = 0; i < width; i++) {
        const x = column[from + i]!;
        const value = s[from + i]! * x;
        block[offset + i] = x;
        weighted[offset + i] = value;
        sum += value;
      }
      hessian[(j + 1) * m]! += sum;
    }
    for (let j = 0; j < d; j += 2) {
      const j1 = Math.min(j + 1, d - 1); // j1 === j on the last row when d is odd
      const a0 = j * ROW_BLOCK;
      const a1 = j1 * ROW_BLOCK;
      for (let k = 0; k <= j; k += 2) {
        const k1 = Math.min(k + 1, d - 1);
        const b0 = k * ROW_BLOCK;
        const b1 = k1 * ROW_BLOCK;
        let s00 = 0;
        let s01 = 0;
        let s10 = 0;
        let s11 = 0;
        for (let i = 0; i < width; i++) {
          const w0 = weighted[a0 + i]!;
          const w1 = weighted[a1 + i]!;
          const x0 = block[b0 + i]!;
          const x1 = block[b1 + i]!;
          s00 += w0 * x0;
          s01 += w0 * x1;
          s10 += w1 * x0;
          s11 += w1 * x1;
        }
        const row0 = (j + 1) * m + 1;
        const row1 = (j1 + 1) * m + 1;
        hessian[row0 + k]! += s00;
        if (k1 !== k && k1 <= j) hessian[row0 + k1]! += s01;
        if (j1 !== j) {
          hessian[row1 + k]! += s10;
          if (k1 !== k) hessian[row1 + k1]! += s11; // k1 ≤ j + 1 = j1 always holds here
        }
      }
    }
  }
  for (let k = 0; k < m * m; k++) hessian[k]! /= n;
  for (let j = 1; j < m; j++) hessian[j * m + j]! += l2;
}
