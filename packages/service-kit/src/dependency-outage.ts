/**
 * Whether an error says PostgreSQL or Redis did not answer, rather than that the job is wrong:
 * such a job should wait for the server instead of spending its attempts (an outage of a minute
 * would otherwise fail every job in flight for good).
 *
 * Only the error itself is looked at (and the members of an AggregateError, which is how Node
 * reports a refused connection to a host with several addresses), not its `cause`: an HTTP
 * provider's reset connection surfaces as `TypeError: fetch failed` with the reset as its cause,
 * and that one is the job's to retry with attempts.
 */
export function isDependencyOutage(error: unknown): boolean {
  if (error instanceof AggregateError && error.errors.some(isDependencyOutage)) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || PG_OUTAGE_STATES.has(code) || code.startsWith('08'))) return true;
  if (name === 'MaxRetriesPerRequestError') return true;
  return typeof message === 'string' && OUTAGE_MESSAGES.some((pattern) => pattern.test(message));
}

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

// SQLSTATE: 57P01 admin_shutdown (a restart or pg_terminate_backend), 57P02 crash_shutdown,
// 57P03 cannot_connect_now (starting up, shutting down, in recovery), 53300 too_many_connections.
// Class 08 (connection exception) is matched by prefix.
const PG_OUTAGE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

// pg and ioredis report a connection that went away by message only.
const OUTAGE_MESSAGES = [
  /^Connection terminated( unexpectedly)?$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^timeout exceeded when trying to connect$/,
  /^Connection is closed\.?$/,
  /^Stream isn't writeable and enableOfflineQueue options is false$/,
  /did not answer within \d+ ms$/,
];

const OUTAGE_DELAY_MS = 5_000;

/** When a job set back by an outage runs again: about 5 s, jittered so a fleet does not return in step. */
export function outageDelay(): number {
  return Math.round(OUTAGE_DELAY_MS * (0.8 + Math.random() * 0.4));
}
