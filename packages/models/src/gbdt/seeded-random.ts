// A small seeded PRNG (mulberry32) so row and column subsampling are reproducible bit for bit: the
// same data, options and seed give the same trees, which the model registry relies on for identical
// artifact checksums.

export type RandomSource = () => number;

/** Uniform numbers in [0, 1) from a 32-bit seed. */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
