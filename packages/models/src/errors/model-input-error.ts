/**
 * Input the models package refuses to work on (empty dataset, mismatched lengths, horizon ≤ 0,
 * unknown model kind, too little data for the folds asked for). Nothing is repaired or guessed:
 * a silently "fixed" input is how look-ahead and misaligned labels creep into a backtest.
 */
export class ModelInputError extends Error {
  override readonly name = 'ModelInputError';
}
