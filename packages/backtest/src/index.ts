// @mltrading/backtest: the pure core of a backtest. Replay through the live trading code, walk-forward
// predictions, the report with the deflated Sharpe ratio, an SVG chart and the look-ahead check.
// No I/O: the `backtest` job loads arrays from the database, calls these, and stores what they return.
export { BacktestInputError } from './errors/backtest-input-error.ts';
export type { BarSeries, NumberColumn, PredictionSeries, ReplayConfig, SymbolInput } from './replay/replay-input.ts';
export type { BacktestEquityRow, BacktestFillRow, BacktestOrderRow, DecisionRecord } from './replay/rows.ts';
export { TRADING_STRATEGIES, withStrategies, type StrategyContext, type StrategyFactory, type StrategyRegistry } from './replay/strategy-registry.ts';
export { intervalMs } from './replay/interval.ts';
export { DEFAULT_TIME_IN_FORCE, replay, type ReplayResult } from './replay/replay.ts';
export { barsPerYear, type BarsPerYearOptions } from './report/bars-per-year.ts';
export { normalCdf, normalQuantile } from './report/normal-distribution.ts';
export { EULER_MASCHERONI, deflatedSharpe, expectedMaxSharpe, probabilisticSharpe, type DeflatedSharpeInput, type DeflatedSharpeResult } from './report/deflated-sharpe.ts';
export { momentsOf, performanceStats, type CurvePoint, type PerformanceStats } from './report/return-statistics.ts';
export { buyAndHoldCurve, type BuyAndHoldCurve } from './report/buy-and-hold.ts';
export { backtestReport, type BacktestReport, type ReportOptions, type StrategyStats, type TrialsInput } from './report/backtest-report.ts';
export { firstDifference, lookaheadCheck, truncateUniverse, type CheckedRecord, type LookaheadDifference, type LookaheadOptions, type LookaheadReport } from './bias/lookahead-check.ts';
export { alignPredictions, walkForwardPredictions, type WalkForwardBlock, type WalkForwardPredictionOptions, type WalkForwardPredictions } from './walk-forward/walk-forward-predictions.ts';
export { equityChartHtml, type ChartSeries, type EquityChartInput } from './chart/equity-chart.ts';
