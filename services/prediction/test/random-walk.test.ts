// Random walk: over 20 seeds of a synthetic market with no planted edge (predictability 0), the
// train job's interval includes 0 in at least 18 and no model is promoted (default hyperparameters).
import { listModels } from '@mltrading/db';
import { parsePayload } from '@mltrading/queues';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processTrainJob } from '../src/index.ts';
import { capturingLogger, createHarness, DAY, iso, seedFeatures, type Harness } from './support/fixtures.ts';

let h: Harness;
const NOW = Date.UTC(2026, 10, 27, 21, 0);
const SEEDS = 20;
const FEATURES = ['returns', 'log_returns', 'high_low_pct', 'open_close_pct', 'returns_squared', 'rsi_14', 'rsi_1d', 'volume_ratio', 'realized_vol_short', 'ema_12'];

beforeAll(async () => {
  h = await createHarness();
  for (let seed = 0; seed < SEEDS; seed++) {
    await seedFeatures(h.t.db, [`RW${seed}A`, `RW${seed}B`, `RW${seed}C`], { days: 70, now: NOW, seed: 1000 + seed, predictability: 0 });
  }
});
afterAll(() => h?.close());

describe('random walk', () => {
  it('includes 0 in ≥ 18 of 20 intervals and promotes none', async () => {
    const context = { db: h.t.db, logger: capturingLogger().logger };
    const intervals: { lower: number; upper: number }[] = [];
    for (let seed = 0; seed < SEEDS; seed++) {
      for (const kind of ['logistic'] as const) {
        const result = await processTrainJob(
          parsePayload('train', {
            name: `rw-${seed}`, kind, predictionType: 'price_direction', symbols: [`RW${seed}A`, `RW${seed}B`, `RW${seed}C`], interval: '1h',
            source: 'synthetic', start: iso(NOW - 70 * DAY), end: iso(NOW + 1), horizon: 1, features: FEATURES, folds: 4, seed,
          }),
          context,
        );
        intervals.push(result.interval);
        expect(result.promoted, `seed ${seed}: interval [${result.interval.lower}, ${result.interval.upper}]`).toBe(false);
      }
    }
    const includesZero = intervals.filter((i) => i.lower <= 0 && i.upper >= 0).length;
    expect(includesZero, JSON.stringify(intervals)).toBeGreaterThanOrEqual(18);
    expect(await listModels(h.t.db, { status: 'active' })).toEqual([]);
    expect((await listModels(h.t.db)).length).toBe(SEEDS);
  }, 600_000); // 20 train jobs, each fitting in a thread of its own (its start-up included)
});
