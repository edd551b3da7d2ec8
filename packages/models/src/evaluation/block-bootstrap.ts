import { ModelInputError } from '../errors/model-input-error.ts';
import { seededRandom } from '../random/seeded-random.ts';
import { distinctTimes } from '../splits/distinct-times.ts';
import { compareToBaseline, type Comparison } from './comparisons.ts';

export interface PairedPredictions {
  /** Time-sorted (rows at one instant adjacent). */
  timestamps: Float64Array;
  labels: Float64Array;
  model: Float64Array;
  baseline: Float64Array;
}

export interface BootstrapOptions {
  comparison: Comparison;
  /** Two-sided coverage, default 0.95. */
  level?: number;
  /** Number of resamples, default 1000. */
  resamples?: number;
  /** Consecutive distinct timestamps per block; default round(T^(1/3)), at least 1. */
  blockLength?: number;
  seed?: number;
}

export interface BootstrapInterval {
  comparison: Comparison;
  /** The difference on the original rows (positive = model better). */
  estimate: number;
  lower: number;
  upper: number;
  level: number;
  resamples: number;
  /** Resamples whose metric was undefined (e.g. one class only) and were left out. */
  undefinedResamples: number;
  blockLength: number;
  instants: number;
  seed: number;
}

/**
 * Circular block bootstrap over time: each resample strings together blocks of `blockLength`
 * consecutive instants (wrapping at the end), every symbol's rows at an instant kept together, until
 * it has as many instants as the data. Blocks keep the serial and cross-sectional correlation that
 * single-row resampling would destroy (which makes intervals falsely narrow). Percentile interval.
 */
export function blockBootstrapDifference(data: PairedPredictions, options: BootstrapOptions): BootstrapInterval {
  const n = data.timestamps.length;
  if (n === 0) throw new ModelInputError('bootstrap needs at least one prediction');
  for (const [name, values] of [['labels', data.labels], ['model', data.model], ['baseline', data.baseline]] as const) {
    if (values.length !== n) throw new ModelInputError(`bootstrap: ${name} has ${values.length} values for ${n} timestamps`);
  }
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new ModelInputError(`confidence level must be in (0, 1), got ${String(level)}`);
  const resamples = options.resamples ?? 1000;
  if (!Number.isInteger(resamples) || resamples < 10) throw new ModelInputError(`resamples must be an integer ≥ 10, got ${String(resamples)}`);
  const seed = options.seed ?? 1;
  const { rowStart, times } = distinctTimes(data.timestamps);
  const instants = times.length;
  const blockLength = options.blockLength ?? Math.max(1, Math.round(Math.cbrt(instants)));
  if (!Number.isInteger(blockLength) || blockLength < 1 || blockLength > instants) {
    throw new ModelInputError(`blockLength must be an integer in [1, ${instants}], got ${String(blockLength)}`);
  }

  const estimate = compareToBaseline(options.comparison, data.labels, data.model, data.baseline);
  const random = seededRandom(seed);
  const labels = new Float64Array(n * 2); // room for instants with more rows than average
  const model = new Float64Array(n * 2);
  const baseline = new Float64Array(n * 2);
  const draws: number[] = [];
  let undefinedResamples = 0;
  for (let b = 0; b < resamples; b++) {
    let size = 0;
    let taken = 0;
    let buffers = { labels, model, baseline };
    while (taken < instants) {
      const start = Math.floor(random() * instants);
      for (let k = 0; k < blockLength && taken < instants; k++, taken++) {
        const instant = (start + k) % instants;
        const from = rowStart[instant]!;
        const to = rowStart[instant + 1]!;
        if (size + (to - from) > buffers.labels.length) buffers = grow(buffers, size + (to - from));
        for (let r = from; r < to; r++, size++) {
          buffers.labels[size] = data.labels[r]!;
          buffers.model[size] = data.model[r]!;
          buffers.baseline[size] = data.baseline[r]!;
        }
      }
    }
    const value = compareToBaseline(
      options.comparison,
      buffers.labels.subarray(0, size),
      buffers.model.subarray(0, size),
      buffers.baseline.subarray(0, size),
    );
    if (Number.isNaN(value)) undefinedResamples++;
    else draws.push(value);
  }
  if (draws.length === 0) throw new ModelInputError(`bootstrap: ${options.comparison} is undefined on every resample`);
  draws.sort((a, b) => a - b);
  const alpha = (1 - level) / 2;
  return {
    comparison: options.comparison,
    estimate,
    lower: quantile(draws, alpha),
    upper: quantile(draws, 1 - alpha),
    level,
    resamples,
    undefinedResamples,
    blockLength,
    instants,
    seed,
  };
}

function grow(buffers: { labels: Float64Array; model: Float64Array; baseline: Float64Array }, needed: number) {
  const size = Math.max(needed, buffers.labels.length * 2);
  const copy = (from: Float64Array) => {
    const to = new Float64Array(size);
    to.set(from);
    return to;
  };
  return { labels: copy(buffers.labels), model: copy(buffers.model), baseline: copy(buffers.baseline) };
}

/** Linear interpolation between order statistics (type 7, the R/NumPy default). */
function quantile(sorted: number[], q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}
