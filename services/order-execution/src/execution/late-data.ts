/**
 * How long a prediction refused for missing market data (`no_price`: no bar at its time yet;
 * `unknown_symbol`: the symbol's first bar not stored yet) is tried again. Such a refusal is not
 * final: bars of the execution source can land after the prediction (another source, a late
 * provider), and the sweep queues the prediction again until this long after it was made. After that
 * the refusal stands: a signal an hour old is no longer one to trade.
 */
export const LATE_DATA_RETRY_MS = 60 * 60_000;

/** Refusals that later data can lift. */
export const RETRYABLE_SKIP_REASONS: ReadonlySet<string> = new Set(['no_price', 'unknown_symbol']);
