import { describe, expect, it } from 'vitest';
import { BacktestInputError, replay, type ReplayConfig } from '../src/index.ts';
import { syntheticUniverse } from './support/synthetic-universe.ts';

const CONFIG: ReplayConfig = {
  strategy: { kind: 'direction-threshold', params: { riskBudget: 300, maxPositionNotional: 5_000, allowShort: true, belowThreshold: 'flat' } },
  riskLimits: { tradingHours: null },
  fills: { slippageBps: 2, maxVolumeShare: 0.01, commission: { model: 'per_share', perShare: 0.005, minimum: 1 } },
  interval: '1h',
  initialCash: 50_000,
};

describe('determinism', () => {
  it('two runs on the same inputs give identical orders, fills, equity and decisions', () => {
    const a = replay(syntheticUniverse({ symbols: 6, bars: 400, seed: 5, accuracy: 0.55, volume: 20_000 }), { ...CONFIG, recordDecisions: true });
    const b = replay(syntheticUniverse({ symbols: 6, bars: 400, seed: 5, accuracy: 0.55, volume: 20_000 }), { ...CONFIG, recordDecisions: true });
    expect(a.orders.length).toBeGreaterThan(100);
    expect(a.fills.length).toBeGreaterThan(100);
    expect(a.orders.some((o) => o.status === 'expired')).toBe(true); // partial fills under the 1 % volume cap
    expect(b.orders).toEqual(a.orders);
    expect(b.fills).toEqual(a.fills);
    expect(b.equity).toEqual(a.equity);
    expect(b.decisionLog).toEqual(a.decisionLog);
    // and a changed input changes the trades (the comparison can fail)
    const c = replay(syntheticUniverse({ symbols: 6, bars: 400, seed: 6, accuracy: 0.55, volume: 20_000 }), CONFIG);
    expect(c.fills).not.toEqual(a.fills);
  });

  it('order ids are the live client order ids: unique per (strategy, model, symbol, bar)', () => {
    const r = replay(syntheticUniverse({ symbols: 3, bars: 300, seed: 8, accuracy: 0.5 }), CONFIG);
    expect(new Set(r.orders.map((o) => o.order_id)).size).toBe(r.orders.length);
    expect(new Set(r.fills.map((f) => f.fill_id)).size).toBe(r.fills.length);
    for (const o of r.orders) expect(o.order_id).toMatch(/^o-S\d-\d{8}T\d{4}-[0-9a-f]{22}$/);
  });
});

describe('bad input fails at once with a clear error', () => {
  const universe = syntheticUniverse({ symbols: 2, bars: 50, seed: 1, accuracy: 0.5 });
  const first = universe[0]!.bars.timestamp[0]!;

  it('an empty range', () => {
    expect(() => replay(universe, { ...CONFIG, range: { from: first + 10, to: first + 10 } })).toThrow(BacktestInputError);
    expect(() => replay(universe, { ...CONFIG, range: { from: first + 10, to: first } })).toThrow(/empty range: from .* must be before to/);
  });

  it('an unknown strategy names the known ones', () => {
    expect(() => replay(universe, { ...CONFIG, strategy: { kind: 'moon-shot' } })).toThrow(/unknown strategy 'moon-shot' \(known: direction-threshold\)/);
  });

  it('bad strategy parameters list the problem', () => {
    expect(() => replay(universe, { ...CONFIG, strategy: { kind: 'direction-threshold', params: { riskBudget: -1 } } })).toThrow(/riskBudget/);
  });

  it('a universe with no bars, or none in the range', () => {
    expect(() => replay([], CONFIG)).toThrow(/the universe is empty/);
    const empty = universe.map((u) => ({ ...u, bars: { timestamp: [], open: [], high: [], low: [], close: [], volume: [] }, volatility: [], predictions: { ...u.predictions, value: [], confidence: [], score: [] } }));
    expect(() => replay(empty, CONFIG)).toThrow(/the universe has no bars in \[.*\): 2 symbol\(s\) \(S0, S1\)/);
    expect(() => replay(universe, { ...CONFIG, range: { from: 0, to: 1000 } })).toThrow(/the universe has no bars in/);
  });

  it('misaligned arrays, unsorted times and impossible bars name the symbol', () => {
    const short = [{ ...universe[0]!, volatility: new Float64Array(3) }];
    expect(() => replay(short, CONFIG)).toThrow(/S0: volatility has 3 values for 50 bars/);
    const t = Float64Array.from(universe[1]!.bars.timestamp);
    t[10] = t[9]!;
    expect(() => replay([{ ...universe[1]!, bars: { ...universe[1]!.bars, timestamp: t } }], CONFIG)).toThrow(/S1: bar 10: timestamps must be finite and strictly increasing/);
    const low = Float64Array.from(universe[1]!.bars.low);
    low[4] = 1e6;
    expect(() => replay([{ ...universe[1]!, bars: { ...universe[1]!.bars, low } }], CONFIG)).toThrow(/S1: bar 4 .*high .* is below low 1000000/);
  });

  it('bad cash or interval', () => {
    expect(() => replay(universe, { ...CONFIG, initialCash: 0 })).toThrow(/initialCash must be a finite number > 0/);
    expect(() => replay(universe, { ...CONFIG, interval: 'hourly' })).toThrow(/unknown bar interval 'hourly'/);
  });
});
