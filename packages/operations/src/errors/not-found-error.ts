/** What an operation was asked about does not exist (a flow without rows): the CLI exits 1, HTTP answers 404. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}
