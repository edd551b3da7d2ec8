export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * Awaited before every HTTP request a source makes (pages, chunks, crumb and metadata requests
 * alike): the per-source rate limiter. Called before the request's timeout starts, so waiting for
 * the limiter never counts against it.
 */
export type BeforeRequest = () => Promise<void>;

export const noWait: BeforeRequest = async () => {};

/**
 * One signal that fires on our per-request timeout (a `TimeoutError`) or on the caller's abort,
 * whichever comes first. No provider client we use has a timeout of its own.
 */
export function requestSignal(timeoutMs: number, ...signals: (AbortSignal | null | undefined)[]): AbortSignal {
  const all = [AbortSignal.timeout(timeoutMs), ...signals.filter((s): s is AbortSignal => s != null)];
  return all.length === 1 ? all[0]! : AbortSignal.any(all);
}

/**
 * Fetches and reads the whole body under the same signal, so a server that sends headers and then
 * stalls mid-body also times out.
 */
export async function fetchText(
  fetchImpl: FetchLike,
  url: string,
  init: RequestInit,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<{ status: number; ok: boolean; headers: Headers; body: string }> {
  const response = await fetchImpl(url, { ...init, signal: requestSignal(timeoutMs, signal, init.signal) });
  const body = await response.text();
  return { status: response.status, ok: response.ok, headers: response.headers, body };
}
