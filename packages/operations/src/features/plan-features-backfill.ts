import { storedSpans, type Database } from '@mltrading/db';
import { INTERVALS, SOURCES, type Interval, type PayloadInput, type Source } from '@mltrading/queues';
import type { Kysely } from 'kysely';
import { InvalidRequestError } from '../errors/invalid-request-error.ts';

export interface FeaturesBackfillRequest {
  /** Default: every symbol with stored bars of the source. */
  readonly symbols?: readonly string[];
  readonly source: string;
  readonly interval: string;
}

export interface FeaturesBackfillPlan {
  /** One `features` job per symbol, covering all its stored bars. */
  readonly payloads: PayloadInput<'features'>[];
  /** Asked-for symbols without stored bars of the source. */
  readonly missing: string[];
}

/**
 * One `features` job per symbol over all its stored bars. A symbol with stored state is recomputed
 * only where its bars changed; without state it is backfilled from its first bar.
 */
export async function planFeaturesBackfill(db: Kysely<Database>, request: FeaturesBackfillRequest): Promise<FeaturesBackfillPlan> {
  if (!(SOURCES as readonly string[]).includes(request.source)) throw new InvalidRequestError(`--source must be one of ${SOURCES.join(', ')}`);
  if (!(INTERVALS as readonly string[]).includes(request.interval)) throw new InvalidRequestError(`--interval must be one of ${INTERVALS.join(', ')}`);
  const symbols = request.symbols?.map((s) => s.trim().toUpperCase()).filter(Boolean);
  const spans = await storedSpans(db, { source: request.source, symbols });
  return {
    missing: (symbols ?? []).filter((s) => !spans.some((r) => r.symbol === s)),
    payloads: spans.map((r) => ({
      symbol: r.symbol,
      interval: request.interval as Interval,
      source: request.source as Source,
      start: r.first.toISOString(),
      end: new Date(r.last.getTime() + 1).toISOString(),
    })),
  };
}
