// Training time and peak memory of the gradient-boosted trees on the reference size: a year
// of hourly bars for 100 symbols ≈ 180,000 rows × 106 features, 100 trees of depth 6, one core.
// The data are synthetic (seeded): noisy features, a label with a planted nonlinear edge. Floor in
// the same run: one gradient histogram per feature per tree over all rows (see histogramFloor).
// Run: pnpm --filter @mltrading/models run bench:gbdt   (writes bench-results/models-gbdt.json at the repo root)
// Size overrides: BENCH_ROWS, BENCH_FEATURES, BENCH_TREES.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadTreeEnsemble, trainGradientBoostedTrees, type GradientBoostingOptions } from '../src/index.ts';
import { seededRandom } from '../src/gbdt/seeded-random.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 180_000);
const FEATURES = Number(process.env.BENCH_FEATURES ?? 106);
const TREES = Number(process.env.BENCH_TREES ?? 100);

function syntheticData(rows: number, features: number, seed: number): { columns: Float64Array[]; labels: Float64Array } {
  const random = seededRandom(seed);
  const columns = Array.from({ length: features }, () => {
    const column = new Float64Array(rows);
    for (let r = 0; r < rows; r++) column[r] = random() * 2 - 1;
    return column;
  });
  const labels = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const signal = 0.6 * columns[0]![r]! * columns[1]![r]! + 0.4 * (columns[2]![r]! > 0.3 ? 1 : -1) + 0.3 * Math.sin(3 * columns[3]![r]!);
    labels[r] = signal + 0.8 * (random() - 0.5) > 0 ? 1 : 0;
  }
  return { columns, labels };
}

const { columns, labels } = syntheticData(ROWS, FEATURES, 7);
const options: GradientBoostingOptions = { objective: 'binary', rounds: TREES, maxDepth: 6, learningRate: 0.1, seed: 1 };

// CPU time beside wall time: on a shared machine the wall time also counts waiting for a core.
const cpuSeconds = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
/**
 * The floor, measured in the same run: what any histogram method does at least once per tree —
 * one gradient histogram of every feature over every row (a root node without the deeper levels,
 * the split search or the subtraction trick), on the same rows quantized to 255 bins. Timed for
 * TREES trees, so it reads as "the trees' training time if each were a single histogram".
 */
function histogramFloor(): number {
  const bins = columns.map((column) => {
    const binned = new Uint8Array(ROWS);
    for (let r = 0; r < ROWS; r++) binned[r] = Math.min(254, Math.floor((column[r]! + 1) * 127.5));
    return binned;
  });
  const gradients = Float64Array.from(labels, (y) => 0.5 - y);
  const histogram = new Float64Array(256 * 2);
  const started = performance.now();
  for (let tree = 0; tree < TREES; tree++) {
    for (const binned of bins) {
      histogram.fill(0);
      for (let r = 0; r < ROWS; r++) {
        const b = binned[r]! * 2;
        histogram[b]! += gradients[r]!;
        histogram[b + 1]! += 0.25;
      }
    }
  }
  return (performance.now() - started) / 1000;
}
const floorSeconds = histogramFloor();

const cpuStarted = cpuSeconds();
const started = performance.now();
const result = trainGradientBoostedTrees(columns, labels, options);
const seconds = (performance.now() - started) / 1000;
const trainCpuSeconds = cpuSeconds() - cpuStarted;
const peakRssMb = process.resourceUsage().maxRSS / 1024;

const predictStarted = performance.now();
const predicted = loadTreeEnsemble(result.params).predictRawColumns(columns);
const predictSeconds = (performance.now() - predictStarted) / 1000;
let mismatches = 0;
for (let r = 0; r < ROWS; r++) if (predicted[r] !== result.trainingRaw[r]) mismatches++;
let correct = 0;
for (let r = 0; r < ROWS; r++) if ((predicted[r]! > 0 ? 1 : 0) === labels[r]) correct++;

const results = {
  benchmark: 'models-gbdt',
  rows: ROWS,
  features: FEATURES,
  trees: result.params.trees.length,
  maxDepth: options.maxDepth,
  maxBins: 255,
  objective: options.objective,
  trainWallSeconds: Number(seconds.toFixed(3)),
  trainCpuSeconds: Number(trainCpuSeconds.toFixed(3)),
  aimSeconds: 30,
  floor: { method: 'one gradient/hessian histogram of every feature over every row per tree (255 bins), no deeper levels or split search', seconds: Number(floorSeconds.toFixed(3)) },
  trainToFloorRatio: Number((seconds / floorSeconds).toFixed(1)),
  predictWallSeconds: Number(predictSeconds.toFixed(3)),
  initialTrainLoss: Number(result.initialTrainLoss.toFixed(6)),
  finalTrainLoss: Number(result.history.at(-1)!.trainLoss.toFixed(6)),
  trainAccuracy: Number((correct / ROWS).toFixed(4)),
  predictorMismatches: mismatches,
  peakRssMb: Math.round(peakRssMb),
  loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  measuredAt: new Date().toISOString(),
};

console.log(`gbdt: ${ROWS.toLocaleString('en-US')} rows × ${FEATURES} features, ${results.trees} trees of depth ${options.maxDepth}: ${results.trainWallSeconds} s wall, ${results.trainCpuSeconds} s CPU (aim < 30 s)`);
console.log(`train log loss ${results.initialTrainLoss} → ${results.finalTrainLoss}, accuracy ${results.trainAccuracy}; predictor over all rows ${results.predictWallSeconds} s, ${mismatches} mismatches`);
console.log(`floor, same run: one histogram per feature per tree over all rows, ${TREES} trees: ${results.floor.seconds} s → training = ${results.trainToFloorRatio}× the floor`);
console.log(`peak RSS: ${results.peakRssMb} MB`);

const outDir = fileURLToPath(new URL('../../../bench-results/', import.meta.url));
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}models-gbdt.json`, `${JSON.stringify(results, null, 2)}\n`);
console.log(`wrote ${outDir}models-gbdt.json`);
