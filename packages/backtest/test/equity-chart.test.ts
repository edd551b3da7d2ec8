import { describe, expect, it } from 'vitest';
import { backtestReport, buyAndHoldCurve, equityChartHtml, replay } from '../src/index.ts';
import { syntheticUniverse } from './support/synthetic-universe.ts';

describe('equity and drawdown chart', () => {
  const universe = syntheticUniverse({ symbols: 3, bars: 3000, seed: 4, accuracy: 0.55 });
  const result = replay(universe, { strategy: { kind: 'direction-threshold', params: { riskBudget: 100, allowShort: true } }, riskLimits: { tradingHours: null, maxOrdersPerMinute: null }, interval: '1h', initialCash: 100_000 });
  const report = backtestReport(result, universe, { interval: '1h' });
  const times = result.equity.map((e) => e.timestamp.getTime());
  const hold = buyAndHoldCurve(universe, times, result.initialCash);
  const html = equityChartHtml({
    title: 'Backtest <S0, S1 & S2>',
    equity: { label: 'strategy', timestamps: times, values: result.equity.map((e) => e.equity) },
    benchmarks: [{ label: 'buy & hold', timestamps: times, values: hold.curve.map((p) => p.equity) }],
    notes: [`Sharpe ${report.strategy.sharpe.toFixed(2)}`],
  });

  it('is one self-contained HTML page: inline SVG, no script, nothing fetched', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).not.toMatch(/<script|<link|<img|src=|@import|url\(/i);
    // the only URL is the SVG namespace
    expect(html.match(/https?:\/\/[^"\s]+/g)).toEqual(['http://www.w3.org/2000/svg']);
    expect(html).toContain('Backtest &lt;S0, S1 &amp; S2&gt;');
  });

  it('draws both curves, thinned, and the drawdown to its maximum', () => {
    const polylines = [...html.matchAll(/<polyline class="series" data-label="([^"]+)"[^>]* points="([^"]+)"/g)];
    expect(polylines.map((m) => m[1])).toEqual(['strategy', 'buy &amp; hold']);
    for (const m of polylines) {
      const points = m[2]!.split(' ').map((p) => p.split(',').map(Number));
      expect(points.length).toBe(1500);
      expect(points.every(([px, py]) => Number.isFinite(px) && Number.isFinite(py) && px! >= 80 && px! <= 940 && py! >= 20 && py! <= 340)).toBe(true);
    }
    const dd = Math.max(...result.equity.map((e) => e.drawdown));
    expect(html).toContain(`−${(dd * 100).toFixed(1)} %`);
    expect(html).toMatch(/<polygon class="drawdown"/);
  });

  it('refuses series of unequal length or an empty curve', () => {
    expect(() => equityChartHtml({ title: 't', equity: { label: 's', timestamps: [1, 2], values: [1] } })).toThrow(/2 times for 1 values/);
    expect(() => equityChartHtml({ title: 't', equity: { label: 's', timestamps: [], values: [] } })).toThrow(/empty/);
  });
});
