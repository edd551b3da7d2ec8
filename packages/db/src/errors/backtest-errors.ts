export class BacktestRunNotFoundError extends Error {
  constructor(readonly runId: string) {
    super(`backtest run "${runId}" does not exist`);
    this.name = 'BacktestRunNotFoundError';
  }
}

/** finishBacktestRun on a run that is already finished. */
export class BacktestRunFinishedError extends Error {
  constructor(readonly runId: string, readonly status: string) {
    super(`backtest run "${runId}" already finished (${status})`);
    this.name = 'BacktestRunFinishedError';
  }
}
