// Orders per minute as a pure sliding window: the caller keeps the send times (for example the
// created_at of its recent orders) and passes them in with the current time.

export const ORDER_RATE_WINDOW_MS = 60_000;

/** How many of `times` lie in (now − windowMs, now]: an order exactly one window old has left it. */
export function ordersInWindow(times: readonly number[], now: number, windowMs: number = ORDER_RATE_WINDOW_MS): number {
  let count = 0;
  for (const t of times) if (t > now - windowMs && t <= now) count++;
  return count;
}

/** The times still inside the window (or later), so a long-running caller's list stays short. */
export function pruneOrderTimes(times: readonly number[], now: number, windowMs: number = ORDER_RATE_WINDOW_MS): number[] {
  return times.filter((t) => t > now - windowMs);
}
