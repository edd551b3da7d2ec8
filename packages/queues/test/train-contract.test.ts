// The train contract: what a training job may ask for, refused at enqueue (and again at consume,
// which parses with the same schema) with a reason that names the field.
import { describe, expect, it } from 'vitest';
import { formatIssues, parsePayload, QUEUES, TRAINABLE_FEATURES, trainPayloadSchema, type PayloadInput } from '../src/contracts/index.ts';

const good: PayloadInput<'train'> = {
  name: 'dir-1h',
  kind: 'gbdt',
  predictionType: 'price_direction',
  symbols: ['AAPL'],
  interval: '1h',
  start: '2025-01-01T00:00:00Z',
  end: '2026-01-01T00:00:00Z',
  horizon: 4,
};

function reason(changes: Record<string, unknown>): string {
  const result = trainPayloadSchema.safeParse({ ...good, ...changes });
  if (result.success) throw new Error(`expected refusal of ${JSON.stringify(changes)}`);
  return formatIssues(result.error);
}

describe('train contract', () => {
  it('fills defaults: every numeric v3.0 feature, seed 1, 5 folds, promotion above 0', () => {
    const payload = parsePayload('train', good);
    expect(payload).toMatchObject({ features: 'all', seed: 1, folds: 5, promoteAbove: 0, source: 'yahoo', hyperparameters: {} });
    expect(TRAINABLE_FEATURES).toHaveLength(105);
    expect(TRAINABLE_FEATURES).not.toContain('date');
    expect(QUEUES.train.jobId!(payload)).toMatch(/^train-dir-1h-gbdt-1h-20250101T000000Z-20260101T000000Z-[0-9a-f]{16}$/);
  });

  it('refuses each bad input with a reason naming it', () => {
    expect(reason({ kind: 'forest' })).toContain('kind: "forest" is not a known model kind (one of logistic, gbdt)');
    expect(reason({ features: ['returns', 'no_such_feature'] })).toContain('unknown feature(s) "no_such_feature"');
    expect(reason({ features: ['date'] })).toContain('unknown feature(s) "date"');
    expect(reason({ start: '2026-01-01T00:00:00Z', end: '2026-01-01T00:00:00Z' })).toContain('empty training range');
    expect(reason({ horizon: 0 })).toContain('horizon: must be ≥ 1');
    expect(reason({ horizon: -3 })).toContain('horizon: must be ≥ 1');
    expect(reason({ embargo: 2 })).toContain('embargo: must be ≥ horizon (4)');
    expect(reason({ kind: 'logistic', predictionType: 'momentum' })).toContain('logistic learns price_direction only');
    expect(reason({ hyperparameters: { maxDepht: 3 } })).toMatch(/hyperparameters.*maxDepht/);
    expect(reason({ hyperparameters: { learningRate: -1 } })).toContain('learningRate must be > 0');
    expect(reason({ kind: 'logistic', hyperparameters: { l2: -1 } })).toContain('l2 must be ≥ 0');
  });
});
