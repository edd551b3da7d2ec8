import type { PayloadInput } from '@mltrading/queues';
import { InvalidRequestError } from '../errors/invalid-request-error.ts';

/** Largest batch of symbols per ingest job a backfill may ask for. */
export const MAX_BACKFILL_BATCH = 2_000;

export interface BackfillRequest {
  readonly symbols: readonly string[];
  /** Symbols per ingest job. */
  readonly batch: number;
  readonly interval?: string;
  readonly source?: string;
  readonly start: string;
  readonly end?: string;
  /** One id for every job of the backfill. */
  readonly correlationId: string;
}

/**
 * Splits a backfill into ingest payloads of `batch` symbols each, all under one correlation id.
 * The payloads are validated when enqueued (an invalid one adds nothing).
 */
export function planBackfill(request: BackfillRequest): PayloadInput<'ingest'>[] {
  if (request.symbols.length === 0) throw new InvalidRequestError('a backfill needs at least one symbol');
  const { batch } = request;
  if (!Number.isInteger(batch) || batch < 1 || batch > MAX_BACKFILL_BATCH) throw new InvalidRequestError(`batch must be an integer from 1 to ${MAX_BACKFILL_BATCH} symbols per job, got ${batch}`);
  const payloads: PayloadInput<'ingest'>[] = [];
  for (let i = 0; i < request.symbols.length; i += batch) {
    payloads.push({
      symbols: request.symbols.slice(i, i + batch),
      interval: request.interval as PayloadInput<'ingest'>['interval'],
      source: request.source as PayloadInput<'ingest'>['source'],
      start: request.start,
      ...(request.end === undefined ? {} : { end: request.end }),
      correlationId: request.correlationId,
    });
  }
  return payloads;
}
