/** Which rule a bar broke; callers can branch on it (e.g. drop a symbol vs. alert). */
export type BarProblem =
  | 'length_mismatch'
  | 'not_increasing'
  | 'non_finite'
  | 'non_positive_price'
  | 'negative_volume'
  | 'high_below_low'
  | 'not_after_state';

/**
 * Bars the engine refuses to turn into numbers. Bad input is never repaired or skipped: one
 * bad bar would silently shift every window that contains it.
 */
export class InvalidBarsError extends Error {
  override readonly name = 'InvalidBarsError';

  constructor(
    readonly index: number,
    readonly field: string,
    readonly problem: BarProblem,
    detail: string,
  ) {
    super(`invalid bar at index ${index} (${field}): ${detail}`);
  }
}
