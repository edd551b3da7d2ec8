import YahooFinance from 'yahoo-finance2';
import { ExtendedCookieJar } from 'yahoo-finance2/lib/cookieJar';
import { getCrumbClear } from 'yahoo-finance2/lib/getCrumb';
import type { BarRequest, MarketDataSource, RawBar, StockInfo } from '../market-data-source.ts';
import { SourceError } from '../source-error.ts';
import { bodyExcerpt, errorForNetworkFailure } from '../http/http-failure.ts';
import { malformed } from '../http/json-request.ts';
import { noWait, type BeforeRequest, type FetchLike } from '../http/timed-fetch.ts';
import { createYahooFetch, newCallState, YahooCrumbRejected, type YahooCallState } from './yahoo-fetch.ts';
import { parseYahooChart, parseYahooQuoteSummary, YahooShapeError } from './yahoo-parser.ts';
import { planYahooRange, type YahooRangeClip } from './yahoo-range-plan.ts';

export interface YahooSourceOptions {
  /** `YAHOO_BASE_URL`: every Yahoo host (query1/query2/finance/fc.yahoo.com) is sent here instead. */
  readonly baseUrl?: string;
  /** Per HTTP request; yahoo-finance2 has no timeout of its own. */
  readonly timeoutMs?: number;
  readonly fetch?: FetchLike;
  /** Every request to Yahoo (chart chunks, cookie, crumb, quoteSummary) waits for this first. */
  readonly beforeRequest?: BeforeRequest;
  /** Clock for the look-back windows. */
  readonly now?: () => number;
  /**
   * Told when a request reaches further back than Yahoo serves for its interval; the bars from
   * `effectiveStart` on are still returned. A request entirely outside the window throws a
   * permanent SourceError instead.
   */
  readonly onRangeClipped?: (clip: YahooRangeClip) => void;
}

const SOURCE = 'yahoo';

/**
 * Bars from Yahoo's chart API (regular session only) and StockInfo from quoteSummary
 * (`price`, `summaryProfile`), through yahoo-finance2.
 */
export function createYahooSource(options: YahooSourceOptions = {}): MarketDataSource {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const baseFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const now = options.now ?? Date.now;
  // Our own jar: the library's default jar is one module-level object shared by every instance.
  const cookieJar = new ExtendedCookieJar();
  const fetchFor = (state: YahooCallState, symbol: string, signal?: AbortSignal) =>
    createYahooFetch({
      timeoutMs,
      fetch: baseFetch,
      beforeRequest: options.beforeRequest ?? noWait,
      state,
      symbol,
      ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
      ...(signal === undefined ? {} : { signal }),
    });
  const yahoo = new YahooFinance({
    // Every call passes its own fetch (bound to its signal); this one covers anything else.
    fetch: fetchFor(newCallState(), ''),
    cookieJar,
    versionCheck: false,
    suppressNotices: ['yahooSurvey'],
    // We decide what a failed validation means; the library's dump of the result is noise.
    validation: { logErrors: false },
    logger: {
      info: () => {},
      debug: () => {},
      dir: () => {},
      // STACK.md: 3.15.4 warns that Node 20 is unsupported on every construction, yet works here.
      warn: (...args: unknown[]) => {
        if (!String(args[0]).includes('Unsupported environment')) console.warn(...args);
      },
      error: (...args: unknown[]) => console.error(...args),
    },
  });

  async function chartChunk(request: BarRequest, chunk: { start: number; end: number }, signal?: AbortSignal): Promise<RawBar[]> {
    const { symbol, interval } = request;
    const state = newCallState();
    const period1 = Math.floor(chunk.start / 1000);
    const period2 = Math.max(Math.ceil(chunk.end / 1000), period1 + 1);
    let result: unknown;
    try {
      result = await yahoo.chart(
        symbol,
        { period1, period2, interval, includePrePost: false, events: 'div|split', return: 'object' },
        { fetch: fetchFor(state, symbol, signal) },
      );
    } catch (error) {
      const unvalidated = validationResult(error);
      if (unvalidated === undefined) throw classify(error, symbol, timeoutMs);
      result = unvalidated;
    }
    try {
      return parseYahooChart(result);
    } catch (error) {
      if (error instanceof YahooShapeError) throw malformed({ source: SOURCE, symbol }, error.message, error);
      throw error;
    }
  }

  async function quoteSummary(symbol: string, signal?: AbortSignal): Promise<StockInfo | null> {
    for (let attempt = 0; ; attempt += 1) {
      const state = newCallState();
      let result: unknown;
      try {
        result = await yahoo.quoteSummary(symbol, { modules: ['price', 'summaryProfile'] }, { fetch: fetchFor(state, symbol, signal) });
      } catch (error) {
        const unvalidated = validationResult(error);
        if (unvalidated !== undefined) {
          result = unvalidated;
        } else if (error instanceof SourceError && error.details.status === 404) {
          return null;
        } else if (error instanceof SourceError && error.kind === 'rate_limited') {
          // The rate limiter refused the request (source paused): no crumb problem to recover from.
          throw error;
        } else if (isCrumbFailure(error, state)) {
          if (attempt === 0) {
            // Clears the library's module-level crumb cache too: after one cached hit it would
            // otherwise hand out the same crumb for the life of the process.
            await getCrumbClear(cookieJar);
            continue;
          }
          throw crumbFailure(error, state, symbol);
        } else {
          throw classify(error, symbol, timeoutMs);
        }
      }
      try {
        return parseYahooQuoteSummary(result, symbol);
      } catch (error) {
        if (error instanceof YahooShapeError) throw malformed({ source: SOURCE, symbol }, error.message, error);
        throw error;
      }
    }
  }

  return {
    name: 'yahoo',

    async fetchBars(request: BarRequest, signal?: AbortSignal): Promise<RawBar[]> {
      const plan = planYahooRange(request, now());
      if (plan.clip !== null) {
        if (plan.chunks.length === 0) {
          throw new SourceError(
            SOURCE,
            'permanent',
            `${request.interval} bars for ${request.symbol} before ${plan.clip.effectiveStart.toISOString()} are beyond Yahoo's look-back; nothing left of ${request.start.toISOString()}..${request.end.toISOString()}`,
            { symbol: request.symbol },
          );
        }
        options.onRangeClipped?.(plan.clip);
      }
      const start = request.start.getTime();
      const end = request.end.getTime();
      const byTimestamp = new Map<number, RawBar>();
      for (const chunk of plan.chunks) {
        for (const bar of await chartChunk(request, chunk, signal)) {
          // Yahoo rounds period edges to its own bar grid; keep only what was asked for, once.
          if (bar.timestamp >= start && bar.timestamp < end && !byTimestamp.has(bar.timestamp)) byTimestamp.set(bar.timestamp, bar);
        }
      }
      return [...byTimestamp.values()].sort((a, b) => a.timestamp - b.timestamp);
    },

    fetchStockInfo(symbol: string, signal?: AbortSignal): Promise<StockInfo | null> {
      return quoteSummary(symbol, signal);
    },
  };
}

/** The raw result carried by yahoo-finance2's FailedYahooValidationError, if that is what this is. */
function validationResult(error: unknown): unknown {
  if (!(error instanceof Error) || error.name !== 'FailedYahooValidationError') return undefined;
  const result = (error as Error & { result?: unknown }).result;
  return result === null ? undefined : result;
}

function isCrumbFailure(error: unknown, state: YahooCallState): boolean {
  if (error instanceof YahooCrumbRejected) return true;
  if (state.phase === 'crumb') return true;
  // A call that waited on another call's crumb request never used its own fetch for it.
  return !(error instanceof SourceError) && error instanceof Error && /crumb|cookie/i.test(error.message);
}

function crumbFailure(error: unknown, state: YahooCallState, symbol: string): SourceError {
  const detail = error instanceof Error ? bodyExcerpt(error.message) : String(error);
  if (state.crumbStatus === 429) {
    return new SourceError(SOURCE, 'rate_limited', `rate limited while getting a cookie/crumb for ${symbol}`, {
      symbol,
      status: 429,
      retryAfterMs: state.crumbRetryAfterMs ?? undefined,
    });
  }
  return new SourceError(SOURCE, 'transient', `could not get a cookie/crumb for ${symbol} (retried once): ${detail}`, { symbol, cause: error });
}

/** Maps whatever yahoo-finance2 threw to a SourceError. */
function classify(error: unknown, symbol: string, timeoutMs: number): SourceError {
  if (error instanceof SourceError) return error;
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return errorForNetworkFailure({ source: SOURCE, symbol }, error, timeoutMs);
    if (/no data found|symbol may be delisted|quote not found/i.test(error.message)) {
      return new SourceError(SOURCE, 'permanent', `unknown or delisted symbol ${symbol}: ${bodyExcerpt(error.message)}`, { symbol, cause: error });
    }
    if (error.name === 'InvalidOptionsError') {
      return new SourceError(SOURCE, 'permanent', `yahoo-finance2 refused the request for ${symbol}: ${bodyExcerpt(error.message)}`, { symbol, cause: error });
    }
    if (error.name === 'FailedYahooValidationError') {
      return new SourceError(SOURCE, 'transient', `response for ${symbol} failed yahoo-finance2 validation and has no readable result`, { symbol, cause: error });
    }
    return new SourceError(SOURCE, 'transient', `yahoo-finance2 failed for ${symbol}: ${bodyExcerpt(error.message)}`, { symbol, cause: error });
  }
  return new SourceError(SOURCE, 'transient', `yahoo-finance2 failed for ${symbol}: ${String(error)}`, { symbol });
}
