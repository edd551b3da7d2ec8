// mlt backtest: arguments checked with clear errors, a walk-forward run printed and stored, the
// report and chart written, and the stored run read back with `backtest list` / `backtest show`.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, upsertMarketData, writeFeatureColumns } from '@mltrading/db';
import { computeFeatures, DEFAULT_MARKET_CALENDAR, FEATURE_VERSION } from '@mltrading/features';
import { generateBars } from '@mltrading/synthetic-market';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness } from './support/cli-harness.ts';

const cli = cliHarness('backtest');
const { run } = cli;
const DAY = 86_400_000;
const START = Date.UTC(2025, 2, 3);
const END = START + 60 * DAY;
const out = mkdtempSync(join(tmpdir(), 'mlt-backtest-'));
const args = [
  'backtest', '--symbols', 'CBA,CBB', '--source', 'synthetic', '--start', new Date(START).toISOString(), '--end', new Date(END).toISOString(),
  '--walk-forward', 'logistic', '--features', 'returns,rsi_1d', '--train-size', '100', '--retrain-every', '50',
  '--strategy-params', '{"confidenceThreshold":0.5,"riskBudget":200,"allowShort":true}', '--out', out,
];

beforeAll(async () => {
  expect(run('db', 'migrate').code).toBe(0);
  const db = createDb(cli.databaseUrl, { poolSize: 1 });
  for (const symbol of ['CBA', 'CBB']) {
    const bars = generateBars(symbol, '1h', { start: START, end: END, now: END }, { seed: 3, predictability: 0.3 });
    await upsertMarketData(db, Array.from(bars.timestamp, (t, i) => ({ symbol, source: 'synthetic', timestamp: new Date(t), open: bars.open[i]!, high: bars.high[i]!, low: bars.low[i]!, close: bars.close[i]!, volume: bars.volume[i]! })));
    const { columns } = computeFeatures(bars, { calendar: DEFAULT_MARKET_CALENDAR });
    await writeFeatureColumns(db, { ...bars, symbol, source: 'synthetic', featureVersion: FEATURE_VERSION, correlationId: null, columns });
  }
  await db.destroy();
}, 120_000);
afterAll(async () => {
  await cli.cleanUp();
});

describe('mlt backtest', () => {
  it('refuses bad arguments with the reason', () => {
    const cases: [string[], string][] = [
      [['--symbols', 'NOPE'], 'no synthetic bars for any symbol of the universe'],
      [['--end', new Date(START).toISOString()], 'empty range'],
      [['--start', 'last tuesday'], '"last tuesday" is not an ISO 8601 datetime'],
      [['--strategy', 'martingale'], "unknown strategy 'martingale' (known: direction-threshold)"],
      [['--cash', 'lots'], "--cash must be a number, got 'lots'"],
    ];
    for (const [extra, message] of cases) {
      const result = run(...args, ...extra);
      expect(result.code, extra.join(' ')).toBe(1);
      expect(result.stderr, extra.join(' ')).toContain(message);
    }
    const unknownModel = run(...args.filter((a, i) => !['--walk-forward', 'logistic'].includes(a) || args[i - 1] === '--strategy'), '--model', 'no-such-model');
    expect(unknownModel.stderr).toContain('unknown model no-such-model');
    expect(run('backtest', 'show', 'no-such-run').stderr).toContain('no backtest run no-such-run');
    expect(run('backtest', 'list').stdout).toContain('(no rows)');
  }, 600_000);

  it('runs, prints the report beside buy-and-hold, writes report and chart, and shows the stored run', () => {
    const result = run(...args);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const runId = /run id:\s+(\S+)/.exec(result.stdout)![1]!;
    expect(result.stdout).toMatch(/total return\s+-?\d+\.\d\d %\s+-?\d+\.\d\d %/);
    expect(result.stdout).toContain('deflated Sharpe ratio');
    const report = JSON.parse(readFileSync(join(out, runId, 'report.json'), 'utf8')) as { strategy: { orders: number } };
    expect(report.strategy.orders).toBeGreaterThan(0);
    expect(readFileSync(join(out, runId, 'chart.html'), 'utf8')).toContain('<svg');

    expect(run('backtest', 'list').stdout).toContain(runId);
    const shown = run('backtest', 'show', runId, '--out', join(out, 'again'));
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`orders ${report.strategy.orders} (`);
    expect(shown.stdout).toMatch(/Sharpe ratio\s+-?\d/);
    expect(existsSync(join(out, 'again', runId, 'chart.html'))).toBe(true);
  }, 300_000);
});
