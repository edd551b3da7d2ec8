// The two must-show properties of a backtest that tells the truth: a planted edge is found with the
// right sign, and noise predictions on a random walk give a Sharpe ratio indistinguishable from zero.
import { describe, expect, it } from 'vitest';
import { backtestReport, replay, type ReplayConfig } from '../src/index.ts';
import { syntheticUniverse } from './support/synthetic-universe.ts';

const CONFIG: ReplayConfig = {
  strategy: { kind: 'direction-threshold', params: { riskBudget: 200, maxPositionNotional: 2_000, allowShort: true } },
  riskLimits: { tradingHours: null, maxOrdersPerMinute: null, maxGrossExposure: null },
  fills: { slippageBps: 1, maxVolumeShare: null, commission: { model: 'bps', bps: 0.5, minimum: 0 } },
  interval: '1h',
  initialCash: 100_000,
};

describe('planted edge', () => {
  it('predictions that know the next bar 60 % of the time make money; inverted ones lose it', () => {
    const universe = syntheticUniverse({ symbols: 5, bars: 1500, seed: 11, accuracy: 0.6 });
    const result = replay(universe, CONFIG);
    const report = backtestReport(result, universe, { interval: '1h' });
    expect(report.strategy.fills).toBeGreaterThan(1000);
    expect(report.strategy.totalReturn).toBeGreaterThan(0);
    // per-bar Sharpe well above two standard errors (≈ 1/√T)
    expect(report.strategy.perBar.sharpe * Math.sqrt(report.strategy.bars)).toBeGreaterThan(3);
    expect(report.deflatedSharpe.probabilisticSharpe).toBeGreaterThan(0.99);

    const inverted = syntheticUniverse({ symbols: 5, bars: 1500, seed: 11, accuracy: 0.4 });
    const lost = backtestReport(replay(inverted, CONFIG), inverted, { interval: '1h' });
    expect(lost.strategy.totalReturn).toBeLessThan(0);
    expect(lost.strategy.perBar.sharpe * Math.sqrt(lost.strategy.bars)).toBeLessThan(-3);
  });
});

describe('no edge', () => {
  // Costs make the expected Sharpe ratio slightly negative (each flip pays ≈ 0.7 bps on a 1 % bar
  // σ); over 600 bars that drag is a fraction of one standard error, so the runs must look like noise.
  const costs: ReplayConfig = { ...CONFIG, fills: { slippageBps: 0.5, maxVolumeShare: null, commission: { model: 'bps', bps: 0.2, minimum: 0 } } };
  it('random predictions on a random walk: Sharpe after costs within noise over 40 seeds', () => {
    const z: number[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const universe = syntheticUniverse({ symbols: 3, bars: 600, seed: 2000 + seed, accuracy: 0.5 });
      const report = backtestReport(replay(universe, costs), universe, { interval: '1h' });
      const { sharpe } = report.strategy.perBar;
      // standard error of a per-bar Sharpe ratio estimate (Lo 2002): √((1 + SR²/2) / T)
      z.push(sharpe / Math.sqrt((1 + (sharpe * sharpe) / 2) / report.strategy.bars));
    }
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    const within = z.filter((v) => Math.abs(v) <= 2).length;
    // 40 independent z-scores: their mean has standard error 1/√40 ≈ 0.16 (cost drag ≈ −0.3);
    // with no costs the same set-up gives mean 0.07, sd 0.96 over 100 seeds (measured)
    expect(Math.abs(mean), `mean z ${mean.toFixed(3)} over seeds: ${z.map((v) => v.toFixed(2)).join(' ')}`).toBeLessThan(0.6);
    expect(within, `z-scores: ${z.map((v) => v.toFixed(2)).join(' ')}`).toBeGreaterThanOrEqual(34);
  });
});
