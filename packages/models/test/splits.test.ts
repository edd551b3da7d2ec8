import { describe, expect, it } from 'vitest';
import { assembleDataset, distinctTimes, ModelInputError, walkForwardFolds, type Fold } from '../src/index.ts';
import { HOUR_MS, START_MS, syntheticFrame } from './support/synthetic-frame.ts';

const horizon = 3;
const dataset = assembleDataset(syntheticFrame({ symbols: 3, instants: 203, seed: 5 }), { predictionType: 'momentum', horizon });
const { times } = distinctTimes(dataset.timestamps);
const instantOf = (time: number) => times.indexOf(time);

function checkFold(fold: Fold, embargo: number): void {
  const trainInstants = new Set(Array.from(fold.trainRows, (r) => dataset.timestamps[r]!));
  const testInstants = new Set(Array.from(fold.testRows, (r) => dataset.timestamps[r]!));
  const lastTrain = Math.max(...Array.from(trainInstants, instantOf));
  const firstTest = Math.min(...Array.from(testInstants, instantOf));
  // Train + embargo never overlaps the test fold: at least `embargo` instants lie strictly between.
  expect(firstTest - lastTrain - 1, `fold ${fold.index}: gap`).toBeGreaterThanOrEqual(embargo);
  for (const time of testInstants) expect(trainInstants.has(time)).toBe(false);
  // Purged: no training label window reaches the first test instant.
  for (const r of fold.trainRows) expect(dataset.labelEndTimes[r]!).toBeLessThan(fold.testStart);
  // All symbols at one instant are in the same fold.
  for (const time of testInstants) {
    const atTime = Array.from(dataset.timestamps).filter((t) => t === time).length;
    expect(Array.from(fold.testRows).filter((r) => dataset.timestamps[r] === time).length).toBe(atTime);
  }
}

describe('walkForwardFolds', () => {
  it('expanding folds: ordered, disjoint test blocks, embargo ≥ h, purged', () => {
    const folds = walkForwardFolds(dataset, { folds: 4, horizon });
    expect(folds).toHaveLength(4);
    const testSize = Math.floor((times.length - horizon) / 5);
    folds.forEach((fold, f) => {
      checkFold(fold, horizon);
      expect(new Set(Array.from(fold.testRows, (r) => dataset.timestamps[r])).size).toBe(testSize);
      expect(fold.trainStart).toBe(times[0]); // expanding: always from the start
      if (f > 0) expect(fold.testStart).toBeGreaterThan(folds[f - 1]!.testEnd);
      expect(fold.purgedRows).toBe(0); // regular bars: the embargo alone keeps labels out
    });
    expect(folds[3]!.testEnd).toBe(times[times.length - 1]);
  });

  it('rolling folds keep a fixed training window and a larger embargo when asked', () => {
    const folds = walkForwardFolds(dataset, { folds: 3, horizon, embargo: 7, window: 'rolling', trainSize: 40 });
    for (const fold of folds) {
      checkFold(fold, 7);
      expect(new Set(Array.from(fold.trainRows, (r) => dataset.timestamps[r])).size).toBe(40);
    }
  });

  it('purges a training row whose symbol has missing bars, so its h bars reach into the test fold', () => {
    // Symbol 0 trades every hour, symbol 1 only on even hours: its 2 bars ahead are 4 hours ahead.
    const timestamps: number[] = [];
    const labelEndTimes: number[] = [];
    for (let t = 0; t < 40; t++) {
      timestamps.push(START_MS + t * HOUR_MS);
      labelEndTimes.push(START_MS + (t + 2) * HOUR_MS);
      if (t % 2 === 0) {
        timestamps.push(START_MS + t * HOUR_MS);
        labelEndTimes.push(START_MS + (t + 4) * HOUR_MS);
      }
    }
    const folds = walkForwardFolds({ timestamps: Float64Array.from(timestamps), labelEndTimes: Float64Array.from(labelEndTimes) }, { folds: 1, horizon: 2, testSize: 10 });
    const [fold] = folds;
    expect(fold!.testStart).toBe(START_MS + 30 * HOUR_MS);
    expect(fold!.purgedRows).toBe(1); // symbol 1 at hour 26 (its label ends at hour 30)
    expect(fold!.trainEnd).toBe(START_MS + 27 * HOUR_MS);
    for (const r of fold!.trainRows) expect(labelEndTimes[r]!).toBeLessThan(fold!.testStart);
  });

  it('fails clearly on bad options and too little data', () => {
    expect(() => walkForwardFolds(dataset, { folds: 0, horizon })).toThrow(/folds must be an integer ≥ 1/);
    expect(() => walkForwardFolds(dataset, { folds: 2, horizon, embargo: 2 })).toThrow(/embargo must be an integer ≥ horizon \(3\)/);
    expect(() => walkForwardFolds(dataset, { folds: 2, horizon: 0 })).toThrow(/horizon must be an integer ≥ 1/);
    expect(() => walkForwardFolds(dataset, { folds: 300, horizon })).toThrow(/too little data/);
    expect(() => walkForwardFolds(dataset, { folds: 4, horizon, testSize: 50 })).toThrow(/too little data: 200 distinct timestamps/);
    expect(() => walkForwardFolds(dataset, { folds: 2, horizon, window: 'rolling', trainSize: 1000 })).toThrow(/rolling trainSize/);
    expect(() => walkForwardFolds({ timestamps: new Float64Array(0), labelEndTimes: new Float64Array(0) }, { folds: 1, horizon })).toThrow(ModelInputError);
  });
});
