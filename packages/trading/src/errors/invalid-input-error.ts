/** One problem with an input: where (dotted path) and why. */
export interface InputIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Parameters or inputs this package refuses to compute with: a strategy or risk configuration, a
 * client order id part, a bar. Every problem is listed, so one error tells the whole story.
 */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';

  constructor(
    readonly subject: string,
    readonly issues: readonly InputIssue[],
  ) {
    super(`invalid ${subject}: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
  }
}
