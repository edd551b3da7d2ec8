import { barsWrittenUnder, latestBarTimestamps } from '@mltrading/db';
import type { IngestionConfig } from '@mltrading/config';
import type { PayloadOf } from '@mltrading/queues';
import type { JobHandler, ServiceContext } from '@mltrading/service-kit';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { SourceRequest } from '../sources/create-source.ts';
import type { MarketDataSource } from '../sources/market-data-source.ts';
import { SourceError } from '../sources/source-error.ts';
import { fetchSymbol, type FetchedSymbol } from './fetch-symbol.ts';
import { INTERVAL_MS, planRange } from './plan-range.ts';
import { regularSessionTest } from '../validation/regular-session.ts';
import { refreshStockInfo, type StockInfoRefresh } from './refresh-stock-info.ts';
import type { SourceThrottle } from './source-throttle.ts';
import { storeBars, type StoredChange } from './store-bars.ts';

export interface IngestDependencies {
  readonly sourceFor: (request: SourceRequest) => MarketDataSource;
  readonly throttle: SourceThrottle;
  readonly now?: () => Date;
}

export interface IngestSummary {
  readonly symbols: number;
  readonly fetched: number;
  readonly stored: number;
  readonly rejected: number;
  /** Bars without any value (intervals without trades), skipped. */
  readonly empty: number;
  /** Intraday bars outside the regular session, dropped (`INGEST_EXTENDED_HOURS=drop`). */
  readonly outsideSession: number;
  readonly featureJobs: number;
  readonly failed: Record<string, string>;
  /** Symbols whose stock_info was written or confirmed. */
  readonly metadata: readonly string[];
  /** Symbols the source has no metadata for: their stock_info stays as it was (or missing). */
  readonly withoutMetadata: readonly string[];
  /** Why stock_info was not refreshed at all (best effort: the bars stand). */
  readonly metadataError?: string;
}

/**
 * The `ingest` job: per symbol fetch → validate, then the changes of all symbols stored in one
 * transaction, then each changed range handed on to feature engineering. Good symbols are kept
 * when others fail: a permanent failure (unknown symbol, bad credentials) fails the job without
 * retries once the rest is stored; a transient one retries the job (already-stored symbols are
 * no-ops then); a 429 stores what was fetched, pauses the source and delays the job.
 */
export function createIngestHandler(deps: IngestDependencies): JobHandler<'ingest', IngestionConfig> {
  const now = deps.now ?? (() => new Date());
  return async (payload, job, context) => {
    const { db, logger, config } = context;
    const sourceName = payload.source;
    const jobKey = job.id ?? payload.correlationId;
    // A daily bar's timestamp names its day, not a time in it: only intraday bars can be outside the session.
    const inSession =
      config.ingestExtendedHours === 'drop' && payload.interval !== '1d'
        ? regularSessionTest({ timeZone: config.marketTimezone, open: config.marketSession.open, close: config.marketSession.close })
        : undefined;
    const source = sourceOrUnrecoverable(deps, payload);
    await delayWhilePaused(deps.throttle, sourceName, job);

    const started = now();
    const latest = await latestBarTimestamps(db, payload.symbols, sourceName);
    const results: FetchedSymbol[] = [];
    const ranges = new Map<string, { start: Date; end: Date }>();
    const failed: Record<string, string> = {};
    let permanentFailures = 0;
    let pausedForMs: number | undefined;
    let gaveUp: string | undefined;

    for (const symbol of payload.symbols) {
      const range = planRange({
        interval: payload.interval,
        start: payload.start ? new Date(payload.start) : undefined,
        end: payload.end ? new Date(payload.end) : undefined,
        latestStored: latest.get(symbol),
        now: started,
        lookbackDays: config.ingestLookbackDays,
        overlapBars: config.ingestOverlapBars,
      });
      try {
        const result = await fetchSymbol({ source, symbol, interval: payload.interval, range, now: started, ...(inSession ? { inSession } : {}) });
        results.push(result);
        ranges.set(symbol, range);
        logRejections(logger, result);
      } catch (error) {
        if (!(error instanceof SourceError)) throw error;
        if (error.kind === 'rate_limited') {
          // Store what was fetched so far, then put the job back until the source may be asked again:
          // as long as the source said, or, when it said nothing, growing pauses up to a limit.
          const hinted = error.details.retryAfterMs;
          if (hinted !== undefined) {
            pausedForMs = hinted;
          } else {
            const step = await deps.throttle.backOff(jobKey, { firstMs: config.sourceRateLimitBackoffMs, giveUpMs: config.sourceRateLimitGiveUpMs });
            if (step.kind === 'pause') pausedForMs = step.pauseMs;
            else {
              gaveUp =
                `${sourceName} kept answering 429 (too many requests) without Retry-After: gave up after ${step.pausesMs.length} pause(s) ` +
                `(${step.pausesMs.join(', ')} ms; ${step.waitedMs} ms in total, SOURCE_RATE_LIMIT_GIVE_UP_MS=${config.sourceRateLimitGiveUpMs})`;
              logger.error({ source: sourceName, symbol, pausesMs: step.pausesMs }, gaveUp);
            }
          }
          if (pausedForMs !== undefined) {
            await deps.throttle.pause(sourceName, pausedForMs);
            logger.warn(
              { source: sourceName, symbol, pauseMs: pausedForMs, retryAfter: hinted !== undefined },
              hinted !== undefined ? 'source rate-limited us: pausing it and delaying the job' : 'source rate-limited us without Retry-After: pausing it and delaying the job (growing pauses)',
            );
          }
          break;
        }
        failed[symbol] = `${error.kind}: ${error.message}`;
        if (error.kind === 'permanent') permanentFailures++;
        logger.error({ source: sourceName, symbol, kind: error.kind, err: error }, 'symbol not ingested');
      }
    }

    // One transaction for the job's symbols: one commit, and one COPY for a backfill's new bars.
    const changes = await storeBars(db, { source: sourceName, items: results, correlationId: payload.correlationId });
    // A later run of the job (a retry, a stalled job taken over, a run delayed by a 429) cannot see
    // in its own comparison what an earlier run stored (committed, perhaps never handed on): the
    // rows under the job's correlation id show all of it, so the hand-off covers the same range,
    // under the same job id, as the earlier run's.
    const handOff =
      job.attemptsStarted > 1 ? await barsWrittenUnder(db, { source: sourceName, correlationId: payload.correlationId, ranges }) : changes;
    let featureJobs = 0;
    for (const result of results) {
      const handOn = changedRange(handOff.get(result.symbol), payload.interval);
      if (!handOn) continue;
      await context.queues.enqueue('features', {
        symbol: result.symbol,
        interval: payload.interval,
        source: sourceName,
        start: handOn.start.toISOString(),
        end: handOn.end.toISOString(),
      });
      featureJobs++;
    }
    if (pausedForMs !== undefined) await delayJob(job, pausedForMs);

    let metadata: StockInfoRefresh = { refreshed: [], none: [] };
    let metadataError: string | undefined;
    // A source that just made us give up on 429s is not asked for metadata.
    if (gaveUp === undefined) {
      try {
        metadata = await refreshStockInfo(db, source, [...changes.keys()]);
      } catch (err) {
        logger.warn({ err, source: sourceName }, 'stock_info not refreshed');
        metadataError = err instanceof Error ? err.message : String(err);
        // The bars are stored, so the job stands; but the next requests must still wait out a 429.
        if (err instanceof SourceError && err.kind === 'rate_limited') {
          await deps.throttle.pause(sourceName, err.details.retryAfterMs ?? config.sourceRateLimitBackoffMs);
        }
      }
    }
    if (metadata.none.length > 0) logger.info({ source: sourceName, symbols: metadata.none }, `${sourceName} has no metadata for ${metadata.none.length} symbol(s)`);

    const summary: IngestSummary = {
      symbols: payload.symbols.length,
      fetched: sum(results, (r) => r.fetched),
      stored: sum([...changes.values()], (c) => c.changed),
      rejected: sum(results, (r) => sum(Object.values(r.rejected), (n) => n ?? 0)),
      empty: sum(results, (r) => r.empty),
      outsideSession: sum(results, (r) => r.outsideSession),
      featureJobs,
      failed,
      metadata: metadata.refreshed,
      withoutMetadata: metadata.none,
      ...(metadataError === undefined ? {} : { metadataError }),
    };
    logger.info({ ...summary, source: sourceName, interval: payload.interval }, 'ingest finished');

    const failures = Object.entries(failed);
    if (gaveUp !== undefined) {
      await deps.throttle.clearBackOff(jobKey);
      const fetchedSymbols = new Set(results.map((r) => r.symbol));
      const left = payload.symbols.filter((symbol) => !fetchedSymbols.has(symbol) && failed[symbol] === undefined);
      const others = failures.length > 0 ? `; also not ingested: ${describe(failures)}` : '';
      const shown = left.length > 10 ? `${left.slice(0, 10).join(', ')} and ${left.length - 10} more` : left.join(', ');
      throw new UnrecoverableError(`${gaveUp}; not ingested: ${shown}${others}`);
    }
    if (failures.length > permanentFailures) {
      // The last attempt fails the job for good: its reason must not promise a retry.
      const attempts = job.opts.attempts ?? 1;
      const attempt = job.attemptsMade + 1;
      if (attempt >= attempts) {
        await deps.throttle.clearBackOff(jobKey);
        throw new UnrecoverableError(`transient source failures, no attempts left (attempt ${attempt} of ${attempts}): ${describe(failures)}`);
      }
      throw new Error(`transient source failures, will retry (attempt ${attempt} of ${attempts}): ${describe(failures)}`);
    }
    await deps.throttle.clearBackOff(jobKey);
    if (failures.length > 0) throw new UnrecoverableError(`not ingested (permanent): ${describe(failures)}`);
    return summary;
  };
}

function sourceOrUnrecoverable(deps: IngestDependencies, payload: PayloadOf<'ingest'>): MarketDataSource {
  try {
    return deps.sourceFor(payload);
  } catch (error) {
    if (error instanceof SourceError && error.kind === 'permanent') throw new UnrecoverableError(error.message);
    throw error;
  }
}

async function delayWhilePaused(throttle: SourceThrottle, source: string, job: Job): Promise<void> {
  const pausedMs = await throttle.pausedFor(source);
  if (pausedMs > 0) await delayJob(job, pausedMs);
}

/** Puts the job back as delayed without spending an attempt (BullMQ's DelayedError protocol). */
async function delayJob(job: Job, ms: number): Promise<never> {
  await job.moveToDelayed(Date.now() + ms, job.token);
  throw new DelayedError();
}

/** [first changed bar, end of the last changed bar): the range feature work must cover. */
function changedRange(change: StoredChange | undefined, interval: PayloadOf<'ingest'>['interval']): { start: Date; end: Date } | null {
  if (!change?.first || !change.last) return null;
  const { first, last } = change;
  return { start: first, end: new Date(last.getTime() + INTERVAL_MS[interval]) };
}

function logRejections(logger: ServiceContext['logger'], result: FetchedSymbol): void {
  // Empty bars and bars outside the session are expected, not bad data: counted in the summary only.
  const rejected = sum(Object.values(result.rejected), (n) => n ?? 0);
  if (rejected > 0) {
    logger.warn(
      { symbol: result.symbol, rejected: result.rejected, samples: result.rejectionSamples },
      `${rejected} bad bar(s) refused; the good bars of the batch were kept`,
    );
  }
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += of(item);
  return total;
}

function describe(failures: [string, string][]): string {
  const shown = failures.slice(0, 10).map(([symbol, reason]) => `${symbol} (${reason})`);
  return failures.length > 10 ? `${shown.join('; ')}; and ${failures.length - 10} more` : shown.join('; ');
}
