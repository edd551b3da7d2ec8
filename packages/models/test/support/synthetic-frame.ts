import { seededNormal } from '../../src/random/seeded-random.ts';
import type { FeatureFrame } from '../../src/dataset/feature-frame.ts';

export const HOUR_MS = 3_600_000;
export const START_MS = Date.UTC(2025, 0, 2, 14);

export interface SyntheticFrameOptions {
  symbols: number;
  instants: number;
  seed: number;
  /**
   * Planted edge: the next one-bar log return is `signal × 0.01 × x_t + 0.01 × ε`, where x_t is the
   * feature `edge` at bar t. 0 gives a pure random walk with `edge` as just another noise feature.
   */
  signal?: number;
  /** Extra pure-noise features. */
  noiseFeatures?: number;
}

/**
 * Hourly bars for several symbols, rows sorted by time then symbol, every feature known at its own
 * bar (nothing from the future). Deterministic for a seed.
 */
export function syntheticFrame(options: SyntheticFrameOptions): FeatureFrame {
  const { symbols, instants, seed } = options;
  const signal = options.signal ?? 0;
  const noiseFeatures = options.noiseFeatures ?? 2;
  const normal = seededNormal(seed);
  const rows = symbols * instants;
  const featureNames = ['edge', ...Array.from({ length: noiseFeatures }, (_, k) => `noise_${k}`)];
  const columns = featureNames.map(() => new Float64Array(rows));
  const symbolIndex = new Int32Array(rows);
  const timestamps = new Float64Array(rows);
  const close = new Float64Array(rows);
  const price = Array.from({ length: symbols }, (_, s) => 50 + 10 * s);
  for (let t = 0; t < instants; t++) {
    for (let s = 0; s < symbols; s++) {
      const r = t * symbols + s;
      symbolIndex[r] = s;
      timestamps[r] = START_MS + t * HOUR_MS;
      close[r] = price[s]!;
      const edge = normal();
      columns[0]![r] = edge;
      for (let k = 1; k < columns.length; k++) columns[k]![r] = normal() * (1 + k) + k;
      price[s] = price[s]! * Math.exp(signal * 0.01 * edge + 0.01 * normal());
    }
  }
  return { featureNames, columns, symbolIndex, timestamps, close };
}

/** A deep copy whose arrays can be changed without touching the original. */
export function cloneFrame(frame: FeatureFrame): FeatureFrame {
  return {
    featureNames: [...frame.featureNames],
    columns: frame.columns.map((c) => c.slice()),
    symbolIndex: frame.symbolIndex.slice(),
    timestamps: frame.timestamps.slice(),
    close: frame.close.slice(),
  };
}
