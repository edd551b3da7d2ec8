import { describe, expect, it } from 'vitest';
import { createStrategy, type Strategy } from '@mltrading/trading';
import { lookaheadCheck, withStrategies, type ReplayConfig, type StrategyContext } from '../src/index.ts';
import { syntheticUniverse } from './support/synthetic-universe.ts';

const CONFIG: ReplayConfig = {
  strategy: { kind: 'direction-threshold', params: { riskBudget: 300, maxPositionNotional: 5_000, allowShort: true } },
  riskLimits: { maxOrdersPerMinute: null }, // default trading hours: some orders are rejected, and that is compared too
  fills: { slippageBps: 2, maxVolumeShare: 0.02, commission: { model: 'per_share', perShare: 0.005, minimum: 1 } },
  interval: '1h',
  initialCash: 100_000,
};

/**
 * A deliberately leaky strategy, registered only here: it ignores the prediction and trades on the
 * sign of the NEXT bar's close, which it looks up in the bars the replay was given — exactly the
 * mistake the check exists to catch.
 */
function peekingStrategy() {
  return (name: string, _params: unknown, { universe }: StrategyContext): Strategy => {
    const inner = createStrategy({ kind: 'direction-threshold', name, params: { allowShort: true, riskBudget: 300, maxPositionNotional: 5_000 } });
    return {
      name,
      kind: 'peek-next-bar',
      params: {},
      decide(input) {
        const u = universe.find((s) => s.symbol === input.prediction.symbol)!;
        const i = Array.prototype.indexOf.call(u.bars.timestamp, input.prediction.timestamp) as number;
        const next = u.bars.close[i + 1];
        const value = next === undefined ? 0.5 : next > u.bars.close[i]! ? 0.9 : 0.1;
        return inner.decide({ ...input, prediction: { ...input.prediction, prediction_value: value, confidence: Math.max(value, 1 - value) } });
      },
    };
  };
}

describe('look-ahead check (truncate and compare)', () => {
  const universe = syntheticUniverse({ symbols: 4, bars: 240, seed: 21, accuracy: 0.55, volume: 50_000 });

  it('passes for the shipped direction-threshold strategy', () => {
    const report = lookaheadCheck(universe, CONFIG, { cuts: 6 });
    expect(report.cuts).toHaveLength(6);
    expect(report.firstDifference).toBeNull();
  });

  it('fails for a strategy that peeks at the next bar, naming the first changed decision', () => {
    const registry = withStrategies({ 'peek-next-bar': peekingStrategy() });
    const report = lookaheadCheck(universe, { ...CONFIG, strategy: { kind: 'peek-next-bar' }, registry }, { cuts: 6 });
    expect(report.firstDifference).not.toBeNull();
    const d = report.firstDifference!;
    expect(d.cut).toBe(report.cuts[0]);
    expect(d.record).toBe('decision');
    // the truncated run could not see past the cut: the decision on the cut bar itself changed
    expect((d.full as { timestamp: number }).timestamp).toBe(d.cut);
  });

  it('the leaky strategy is not in the shipped registry', () => {
    expect(() => lookaheadCheck(universe, { ...CONFIG, strategy: { kind: 'peek-next-bar' } })).toThrow(/unknown strategy 'peek-next-bar'/);
  });
});
