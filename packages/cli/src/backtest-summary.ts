// The report's headline figures as an operator reads them: each strategy figure beside buy-and-hold.
import type { BacktestReport } from '@mltrading/operations';

type Figures = Pick<BacktestReport['buyAndHold'], 'totalReturn' | 'annualizedReturn' | 'volatility' | 'sharpe' | 'sortino' | 'maxDrawdown' | 'maxDrawdownDurationBars' | 'hitRate' | 'turnover' | 'exposure' | 'commission'>;

const ROWS: readonly [string, keyof Figures, 'pct' | 'num' | 'int' | 'money'][] = [
  ['total return', 'totalReturn', 'pct'],
  ['annualised return', 'annualizedReturn', 'pct'],
  ['volatility (annualised)', 'volatility', 'pct'],
  ['Sharpe ratio', 'sharpe', 'num'],
  ['Sortino ratio', 'sortino', 'num'],
  ['max drawdown', 'maxDrawdown', 'pct'],
  ['max drawdown duration (bars)', 'maxDrawdownDurationBars', 'int'],
  ['hit rate (bars)', 'hitRate', 'pct'],
  ['turnover (per year)', 'turnover', 'num'],
  ['exposure', 'exposure', 'pct'],
  ['commission paid', 'commission', 'money'],
];

function format(value: number | null | undefined, kind: 'pct' | 'num' | 'int' | 'money'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  if (kind === 'pct') return `${(value * 100).toFixed(2)} %`;
  if (kind === 'int') return String(Math.round(value));
  if (kind === 'money') return value.toFixed(2);
  return value.toFixed(3);
}

/** Lines: period and activity, the figures table, then the deflated Sharpe ratio. Reads a stored (JSON) report too. */
export function backtestSummary(report: BacktestReport): string[] {
  const width = Math.max(...ROWS.map(([label]) => label.length));
  const s = report.strategy;
  const lines = [
    `${new Date(report.firstTimestamp).toISOString()} – ${new Date(report.lastTimestamp).toISOString()} (${report.interval}, ${format(report.years, 'num')} years), initial cash ${report.initialCash}, final equity ${format(report.finalEquity, 'money')}`,
    `decisions ${report.decisions}, orders ${s.orders} (${s.rejectedOrders} rejected), fills ${s.fills}, trade hit rate ${format(s.tradeHitRate, 'pct')} over ${s.closingFills} closing fills`,
    `${'figure'.padEnd(width)}  ${'strategy'.padStart(12)}  ${'buy and hold'.padStart(12)}`,
    ...ROWS.map(([label, key, kind]) => `${label.padEnd(width)}  ${format(s[key], kind).padStart(12)}  ${format(report.buyAndHold[key], kind).padStart(12)}`),
    `deflated Sharpe ratio ${format(report.deflatedSharpe.deflatedSharpe, 'num')} over ${report.deflatedSharpe.trials} trial(s) (probabilistic Sharpe ratio ${format(report.deflatedSharpe.probabilisticSharpe, 'num')}, expected best luck-only Sharpe per bar ${format(report.deflatedSharpe.expectedMaxSharpe, 'num')})`,
  ];
  return lines;
}
