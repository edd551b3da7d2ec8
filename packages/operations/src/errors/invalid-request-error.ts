/**
 * A request an operation refuses as given (unknown queue, invalid payload, bad batch size): the
 * CLI prints the message and exits 1, an HTTP front end answers 400. Not retried.
 */
export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
}
