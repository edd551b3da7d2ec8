import { describe, expect, it } from 'vitest';
import { seededNormal, type FeatureFrame } from '@mltrading/models';
import { BacktestInputError, alignPredictions, replay, walkForwardPredictions, type WalkForwardPredictionOptions } from '../src/index.ts';
import { HOUR, START } from './support/synthetic-universe.ts';

const SYMBOLS = 4;
const BARS = 400;
const H = 2;

/** Frame sorted by time then symbol; feature `edge` knows the sign of the next h-bar return 70 % of the time. */
function frame(seed: number): FeatureFrame {
  const normal = seededNormal(seed);
  const closes: number[][] = [];
  for (let s = 0; s < SYMBOLS; s++) {
    const c = [50 + 10 * s];
    for (let t = 1; t < BARS; t++) c.push(c[t - 1]! * Math.exp(0.01 * normal()));
    closes.push(c);
  }
  const n = SYMBOLS * BARS;
  const edge = new Float64Array(n);
  const noise = new Float64Array(n);
  const close = new Float64Array(n);
  const timestamps = new Float64Array(n);
  const symbolIndex = new Int32Array(n);
  for (let t = 0, r = 0; t < BARS; t++) {
    for (let s = 0; s < SYMBOLS; s++, r++) {
      const c = closes[s]!;
      const future = t + H < BARS ? Math.sign(c[t + H]! - c[t]!) : 0;
      edge[r] = future + 1.9 * normal(); // ≈ 70 % right in sign
      noise[r] = normal();
      close[r] = c[t]!;
      timestamps[r] = START + t * HOUR;
      symbolIndex[r] = s;
    }
  }
  return { featureNames: ['edge', 'noise'], columns: [edge, noise], symbolIndex, timestamps, close };
}

const OPTIONS: WalkForwardPredictionOptions = { predictionType: 'price_direction', horizon: H, kind: 'logistic', trainSize: 120, retrainEvery: 40, embargo: 3 };

describe('walk-forward predictions', () => {
  const f = frame(3);
  const result = walkForwardPredictions(f, OPTIONS);
  const instantOf = (r: number) => (f.timestamps[r]! - START) / HOUR;

  it("each prediction's model was trained on a window ending ≥ horizon + embargo bars before it", () => {
    let predicted = 0;
    for (let r = 0; r < f.timestamps.length; r++) {
      const b = result.block[r]!;
      if (b < 0) {
        expect(Number.isNaN(result.value[r]!)).toBe(true);
        continue;
      }
      predicted++;
      const block = result.blocks[b]!;
      const gapBars = (f.timestamps[r]! - block.trainEnd) / HOUR;
      expect(gapBars, `row ${r}`).toBeGreaterThanOrEqual(H + 3);
      expect(instantOf(r) - block.trainEndInstant).toBeGreaterThanOrEqual(H + 3);
      expect(block.trainEnd - block.trainStart).toBe(119 * HOUR);
    }
    // first prediction at instant 120 − 1 + 2 + 3 = 124; blocks of 40 to the end
    expect(result.blocks[0]!.predictStartInstant).toBe(124);
    expect(result.blocks.length).toBe(Math.ceil((BARS - 124) / 40));
    expect(predicted).toBe((BARS - 124) * SYMBOLS);
  });

  it('changing every bar and feature after instant p changes no prediction at or before p', () => {
    const p = 250;
    const g = frame(3);
    for (let r = 0; r < g.timestamps.length; r++) {
      if (instantOf(r) <= p) continue;
      g.close[r] = g.close[r]! * 1.5;
      (g.columns[0] as Float64Array)[r] = -g.columns[0]![r]!;
    }
    const changed = walkForwardPredictions(g, OPTIONS);
    let compared = 0;
    let differentAfter = 0;
    for (let r = 0; r < f.timestamps.length; r++) {
      if (instantOf(r) <= p) {
        compared++;
        expect(Object.is(changed.score[r], result.score[r]), `row ${r} (instant ${instantOf(r)})`).toBe(true);
      } else if (changed.score[r] !== result.score[r]) differentAfter++;
    }
    expect(compared).toBeGreaterThan(1000);
    expect(differentAfter).toBeGreaterThan(0); // the change did reach later predictions
  });

  it('learns the planted edge out of sample and feeds the replay', () => {
    let right = 0;
    let total = 0;
    for (let r = 0; r < f.timestamps.length; r++) {
      if (result.block[r]! < 0) continue;
      const t = instantOf(r);
      if (t + H >= BARS) continue;
      const s = f.symbolIndex[r]!;
      const up = f.close[r + H * SYMBOLS]! > f.close[r]!;
      expect(f.symbolIndex[r + H * SYMBOLS]).toBe(s);
      total++;
      if ((result.score[r]! > 0.5) === up) right++;
    }
    expect(right / total).toBeGreaterThan(0.62);

    const universe = [...Array(SYMBOLS).keys()].map((s) => {
      const rows = [...Array(BARS).keys()].map((t) => t * SYMBOLS + s);
      const timestamp = Float64Array.from(rows, (r) => f.timestamps[r]!);
      const close = Float64Array.from(rows, (r) => f.close[r]!);
      const open = Float64Array.from(close, (c, i) => (i === 0 ? c : close[i - 1]!));
      const aligned = alignPredictions(f, result, s, timestamp);
      return {
        symbol: `W${s}`,
        bars: { timestamp, open, close, high: Float64Array.from(close, (c, i) => Math.max(c, open[i]!)), low: Float64Array.from(close, (c, i) => Math.min(c, open[i]!)), volume: new Float64Array(BARS).fill(1e6) },
        predictions: { modelId: 'wf-logistic', value: aligned.score, confidence: aligned.confidence, score: aligned.score },
        volatility: new Float64Array(BARS).fill(0.01),
      };
    });
    const run = replay(universe, { strategy: { kind: 'direction-threshold', params: { confidenceThreshold: 0.55, allowShort: true, riskBudget: 300 } }, riskLimits: { tradingHours: null, maxOrdersPerMinute: null }, interval: '1h', initialCash: 1e6 });
    expect(run.decisions).toBe((BARS - 124) * SYMBOLS);
    expect(run.fills.length).toBeGreaterThan(50);
  });

  it('refuses a layout with too little data or bad sizes', () => {
    expect(() => walkForwardPredictions(f, { ...OPTIONS, trainSize: 396 })).toThrow(/400 instants cannot hold a training window of 396/);
    expect(() => walkForwardPredictions(f, { ...OPTIONS, retrainEvery: 0 })).toThrow(BacktestInputError);
    expect(() => walkForwardPredictions(f, { ...OPTIONS, kind: 'oracle' })).toThrow(/oracle/);
  });
});
