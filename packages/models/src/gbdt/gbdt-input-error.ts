/**
 * Input the tree trainer or predictor refuses: mismatched lengths, NaN, empty data, options out of
 * range, malformed serialized trees. Never retried and never repaired: the message names the
 * argument (and row or feature) at fault.
 */
export class GbdtInputError extends Error {
  override readonly name = 'GbdtInputError';
}
