import { sql, type Kysely } from 'kysely';
import type { JsonValue } from '../schema/column-types.ts';
import type { Database } from '../schema/database.ts';
import type { TradingEvent } from '../schema/trading-events.ts';

export interface SignalSkippedInput {
  predictionId: string;
  strategy: string;
  symbol: string;
  /** Why no order: the strategy's reason (`no_signal`, `at_target`, …) or a refusal of the input (`unknown_symbol`, `model_not_active`, …). */
  reason: string;
  message: string;
  correlationId: string | null;
  /**
   * False for a refusal that later data can lift (no bar yet, a symbol whose first bar has not
   * arrived): the sweep queues the prediction again while it is fresh. Stored as metadata.final.
   */
  final?: boolean;
  metadata?: Readonly<Record<string, JsonValue>>;
}

/**
 * Records a prediction that got no order: the `signal_skipped` trading event that marks it decided
 * (metadata.prediction_id; for a while only, when `final` is false), written synchronously because
 * the sweep of undecided predictions reads it.
 */
export async function recordSignalSkipped(db: Kysely<Database>, input: SignalSkippedInput): Promise<TradingEvent> {
  return db
    .insertInto('trading_events')
    .values({
      event_type: 'signal_skipped',
      symbol: input.symbol,
      strategy: input.strategy,
      correlation_id: input.correlationId,
      metadata: JSON.stringify({ ...input.metadata, prediction_id: input.predictionId, reason: input.reason, message: input.message, final: input.final ?? true }),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The `signal_skipped` events of a prediction under a strategy (oldest first). */
export function signalSkippedEvents(db: Kysely<Database>, predictionId: string, strategy: string): Promise<TradingEvent[]> {
  return signalSkippedEventsQuery(db, predictionId, strategy).execute();
}

/** The query of `signalSkippedEvents`, unexecuted (its plan is checked in a test). */
export function signalSkippedEventsQuery(db: Kysely<Database>, predictionId: string, strategy: string) {
  return db
    .selectFrom('trading_events')
    .selectAll()
    .where('event_type', '=', 'signal_skipped')
    .where(sql<string>`metadata->>'prediction_id'`, '=', predictionId)
    .where('strategy', '=', strategy)
    .orderBy('id');
}
