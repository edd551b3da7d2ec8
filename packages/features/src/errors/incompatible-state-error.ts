/** A saved engine state that cannot continue this computation (other version, other calendar, malformed). */
export class IncompatibleStateError extends Error {
  override readonly name = 'IncompatibleStateError';
}
