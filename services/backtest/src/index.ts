export { backtestWorkers } from './workers.ts';
export { processBacktestJob, type BacktestJobResult } from './process-backtest-job.ts';
