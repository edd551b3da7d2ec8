// The backtest contract: what a backtest job may ask for, refused at enqueue with a readable reason.
import { describe, expect, it } from 'vitest';
import { backtestPayloadSchema, formatIssues, parsePayload, QUEUES, type PayloadInput } from '../src/contracts/index.ts';

const good: PayloadInput<'backtest'> = {
  symbols: ['msft', 'AAPL', 'aapl'],
  interval: '1h',
  start: '2025-01-01T00:00:00Z',
  end: '2026-01-01T00:00:00+01:00',
  model: { walkForward: { kind: 'logistic', features: ['returns', 'rsi_1d'], trainSize: 500, retrainEvery: 100 } },
};

function reason(changes: Record<string, unknown>): string {
  const result = backtestPayloadSchema.safeParse({ ...good, ...changes });
  if (result.success) throw new Error(`expected refusal of ${JSON.stringify(changes)}`);
  return formatIssues(result.error);
}

describe('backtest contract', () => {
  it('normalizes the universe and times, fills in strategy, costs, cash and walk-forward defaults', () => {
    const payload = parsePayload('backtest', good);
    expect(payload.symbols).toEqual(['AAPL', 'MSFT']);
    expect(payload.end).toBe('2025-12-31T23:00:00.000Z');
    expect(payload.source).toBe('yahoo');
    expect(payload.strategy).toEqual({ kind: 'direction-threshold', params: {} });
    expect(payload.initialCash).toBe(1_000_000);
    expect(payload.expireAfterBars).toBe(1);
    expect(payload.model).toEqual({ walkForward: { kind: 'logistic', features: ['returns', 'rsi_1d'], trainSize: 500, retrainEvery: 100, horizon: 1, hyperparameters: {}, seed: 1 } });
    expect(QUEUES.backtest.jobId!(payload)).toMatch(/^backtest-1h-20250101T000000Z-20251231T230000Z-[0-9a-f]{16}$/);
    const other = parsePayload('backtest', { ...good, costs: { slippageBps: 10 } });
    expect(QUEUES.backtest.jobId!(other)).not.toBe(QUEUES.backtest.jobId!(payload));
  });

  it('refuses an empty range, an empty universe, an unknown model kind or feature, and a model given both ways', () => {
    expect(reason({ end: '2025-01-01T00:00:00Z' })).toContain('empty range');
    expect(reason({ symbols: [] })).toContain('at least one symbol');
    expect(reason({ start: 'yesterday' })).toContain('not an ISO 8601 datetime');
    expect(reason({ model: { walkForward: { ...(good.model as { walkForward: object }).walkForward, kind: 'forest' } } })).toContain('"forest" is not a known model kind');
    expect(reason({ model: { walkForward: { ...(good.model as { walkForward: object }).walkForward, features: ['nope'] } } })).toContain('unknown feature(s) "nope"');
    expect(reason({ model: { modelId: 'm', walkForward: (good.model as { walkForward: object }).walkForward } })).toContain('exactly one of modelId');
    expect(reason({ model: {} })).toContain('exactly one of modelId');
    expect(reason({ initialCash: -5 })).toContain('initialCash must be > 0');
    expect(reason({ expireAfterBars: 0 })).toContain('expireAfterBars must be ≥ 1');
  });
});
