import { SourceError } from '../source-error.ts';
import { errorDetail, errorForNetworkFailure, errorForResponse, retryAfterFromHeaders } from '../http/http-failure.ts';
import { malformed } from '../http/json-request.ts';
import { requestSignal, type BeforeRequest, type FetchLike } from '../http/timed-fetch.ts';

/** What one yahoo-finance2 call did on the wire, for telling crumb failures from data failures. */
export interface YahooCallState {
  /** `crumb` while the cookie/crumb requests run, `api` once the data request has started. */
  phase: 'none' | 'crumb' | 'api';
  crumbStatus: number | null;
  crumbRetryAfterMs: number | null;
}

export function newCallState(): YahooCallState {
  return { phase: 'none', crumbStatus: null, crumbRetryAfterMs: null };
}

/** Yahoo refused our crumb or cookie on a data request (401/403 "Invalid Crumb" / "Invalid Cookie"). */
export class YahooCrumbRejected extends Error {
  override readonly name = 'YahooCrumbRejected';
}

export interface YahooFetchOptions {
  /** Replaces the origin of every *.yahoo.com URL (YAHOO_BASE_URL); a path prefix is kept. */
  readonly baseUrl?: string;
  readonly timeoutMs: number;
  readonly fetch: FetchLike;
  readonly beforeRequest: BeforeRequest;
  readonly signal?: AbortSignal;
  readonly symbol?: string;
  readonly state: YahooCallState;
}

/**
 * The data endpoints this source calls: chart and quoteSummary. Recognised positively, so every
 * other request — the quote page for the cookie, the consent flow Yahoo serves in some regions
 * (guce.yahoo.com/consent → consent.yahoo.com/v2/collectConsent → guce.yahoo.com/copyConsent),
 * getcrumb, and whatever Yahoo adds to that flow — passes to yahoo-finance2 as it came (HTML,
 * redirects and Set-Cookie headers included) instead of being parsed as data.
 */
const DATA_PATHS = [/^\/v\d+\/finance\/chart\//, /^\/v\d+\/finance\/quoteSummary\//];

export function isYahooDataRequest(url: URL): boolean {
  return DATA_PATHS.some((pattern) => pattern.test(url.pathname));
}

/**
 * The fetch handed to yahoo-finance2 for one call. It points Yahoo's hosts at `baseUrl`, bounds
 * every request by `timeoutMs` and the caller's signal, and turns failed data responses into
 * SourceErrors before the library sees them (the library would flatten the status into a
 * message and print the URL to stderr). Every other response (cookie, consent and crumb flow) passes
 * through untouched: the library needs their bodies, redirects and Set-Cookie headers.
 */
export function createYahooFetch(options: YahooFetchOptions): typeof fetch {
  const ctx = { source: 'yahoo', ...(options.symbol === undefined ? {} : { symbol: options.symbol }) };
  const yahooFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const original = new URL(input instanceof Request ? input.url : String(input));
    const crumbFlow = !isYahooDataRequest(original);
    options.state.phase = crumbFlow ? 'crumb' : 'api';
    const target = rewriteYahooUrl(original, options.baseUrl);
    await options.beforeRequest();
    const signal = requestSignal(options.timeoutMs, options.signal, init?.signal);
    try {
      const response = await options.fetch(target, { ...init, signal });
      if (crumbFlow) {
        options.state.crumbStatus = response.status;
        if (response.status === 429) options.state.crumbRetryAfterMs = retryAfterFromHeaders(response.headers) ?? null;
        return response;
      }
      const body = await response.text();
      if (!response.ok) {
        if ((response.status === 401 || response.status === 403) && /\/quoteSummary\//.test(original.pathname)) {
          throw new YahooCrumbRejected(`HTTP ${response.status}: ${errorDetail(body)}`);
        }
        throw errorForResponse(ctx, response.status, response.headers, body);
      }
      try {
        JSON.parse(body);
      } catch (error) {
        throw malformed(ctx, `HTTP ${response.status} body is not valid JSON (${body.length} bytes)`, error);
      }
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } catch (error) {
      if (error instanceof SourceError || error instanceof YahooCrumbRejected) throw error;
      throw errorForNetworkFailure(ctx, error, options.timeoutMs);
    }
  };
  return yahooFetch as typeof fetch;
}

/** `https://query2.finance.yahoo.com/v8/finance/chart/AAPL?…` → `<baseUrl>/v8/finance/chart/AAPL?…`. */
export function rewriteYahooUrl(url: URL, baseUrl: string | undefined): string {
  if (baseUrl === undefined || !/(^|\.)yahoo\.com$/i.test(url.hostname)) return url.toString();
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  return new URL(`${prefix}${url.pathname}${url.search}`, base.origin).toString();
}
