export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface TextResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: Headers;
  readonly body: string;
}

/**
 * One signal that fires on our per-request timeout (a `TimeoutError`) or on the caller's abort,
 * whichever comes first. No provider or broker client we use has a timeout of its own.
 */
export function requestSignal(timeoutMs: number, ...signals: (AbortSignal | null | undefined)[]): AbortSignal {
  const all = [AbortSignal.timeout(timeoutMs), ...signals.filter((s): s is AbortSignal => s != null)];
  return all.length === 1 ? all[0]! : AbortSignal.any(all);
}

/**
 * Fetches and reads the whole body under one deadline, so a server that sends headers and then
 * stalls mid-body times out too. Throws what fetch throws (see `describeNetworkError`); any status
 * is returned for the caller to classify.
 */
export async function fetchText(fetchImpl: FetchLike, url: string, init: RequestInit, timeoutMs: number, signal?: AbortSignal): Promise<TextResponse> {
  const response = await fetchImpl(url, { ...init, signal: requestSignal(timeoutMs, signal, init.signal) });
  const body = await response.text();
  return { status: response.status, ok: response.ok, headers: response.headers, body };
}
