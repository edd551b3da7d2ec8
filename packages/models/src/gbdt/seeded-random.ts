// Row and column subsampling from the package's seeded PRNG, reproducible bit for bit: the same
// data, options and seed give the same trees, which the model registry relies on for identical
// artifact checksums.

import { mulberry32 } from '../random/seeded-random.ts';

/** Uniform numbers in [0, 1) from a 32-bit seed (mulberry32 of the seed as given). */
export const seededRandom = mulberry32;
export type RandomSource = () => number;

/**
 * Exactly `k` of the integers 0..n-1, chosen uniformly, written in increasing order into `out`
 * (Knuth's selection sampling, one pass). Increasing order keeps the trainer's column reads
 * sequential.
 */
export function sampleSorted(n: number, k: number, random: RandomSource, out: Int32Array): number {
  let chosen = 0;
  for (let i = 0; i < n && chosen < k; i++) {
    if ((n - i) * random() < k - chosen) out[chosen++] = i;
  }
  return chosen;
}
