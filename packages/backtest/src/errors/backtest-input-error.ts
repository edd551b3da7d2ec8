/** Input the backtest cannot run on (empty range, a universe without bars, misaligned arrays …). */
export class BacktestInputError extends Error {
  override readonly name = 'BacktestInputError';
  constructor(
    message: string,
    /** Every problem found, when more than one is reported at once. */
    readonly problems: readonly string[] = [message],
  ) {
    super(message);
  }
}
