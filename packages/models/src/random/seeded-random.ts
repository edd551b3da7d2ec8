/**
 * mulberry32: a small, fast 32-bit PRNG. Deterministic across platforms (integer arithmetic only),
 * which is what the bootstrap and the tests need: same seed, same resamples, same interval.
 */
export function seededRandom(seed: number): () => number {
  return mulberry32((Math.trunc(seed) ^ 0x9e3779b9) >>> 0);
}

/** The generator itself, from its 32-bit state as given. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box–Muller) from a seeded uniform source; used by tests and the bench. */
export function seededNormal(seed: number): () => number {
  const uniform = seededRandom(seed);
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    const u = 1 - uniform();
    const v = uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
}
