import { FEATURE_NAMES, FEATURE_VERSION } from '@mltrading/features';
import type { PageQuery } from './page-query.ts';
import { sql, type Kysely } from 'kysely';
import { bulkUpsert, type BulkUpsertResult } from '../bulk/bulk-upsert.ts';
import { ModelNotFoundError } from '../errors/model-errors.ts';
import { isStorablePredictionValue, MAX_STORABLE_PREDICTION_VALUE } from '../schema/column-limits.ts';
import type { Database } from '../schema/database.ts';
import type { Prediction } from '../schema/predictions.ts';

export interface PredictionInput {
  /** Deterministic: built from (model, symbol, timestamp, type) so a retry rewrites the same row. */
  prediction_id: string;
  model_id: string;
  symbol: string;
  /** Bar start of the bar predicted from. */
  timestamp: Date;
  prediction_type: string;
  prediction_value: number | null;
  /** In [0, 1]; for classifiers the probability of the predicted class. */
  confidence: number | null;
  /** Exactly the inputs used, as a plain value (stored as JSONB). */
  features: Readonly<Record<string, number | null>> | null;
  correlation_id?: string | null;
}

const PREDICTION_COLUMNS = [
  'prediction_id', 'model_id', 'symbol', 'timestamp', 'prediction_type', 'prediction_value', 'confidence', 'features', 'correlation_id',
] as const;
const PREDICTION_VALUES = ['model_id', 'symbol', 'timestamp', 'prediction_type', 'prediction_value', 'confidence', 'features'] as const;

/**
 * Writes predictions keyed by prediction_id through the COPY path. The same rows again change
 * nothing ({ inserted: 0, updated: 0 }), also under a new correlation id; prediction_value
 * (DECIMAL(20,10)) and confidence (DECIMAL(5,4)) are compared after rounding to their NUMERIC scale
 * (the staging table has the same types), so a recomputation that differs only below it is no
 * change either. A value beyond prediction_value's ten integer digits is refused before anything
 * is written (PostgreSQL would only say "numeric field overflow").
 */
export async function upsertPredictions(db: Kysely<Database>, rows: readonly PredictionInput[]): Promise<BulkUpsertResult> {
  const tooLarge = rows.find((r) => r.prediction_value !== null && Number.isFinite(r.prediction_value) && !isStorablePredictionValue(r.prediction_value));
  if (tooLarge) {
    throw new RangeError(
      `prediction ${tooLarge.prediction_id}: prediction_value ${tooLarge.prediction_value} is beyond DECIMAL(20,10) (|value| ≤ ${MAX_STORABLE_PREDICTION_VALUE})`,
    );
  }
  return bulkUpsert(db, {
    table: 'predictions',
    columns: PREDICTION_COLUMNS,
    conflictColumns: ['prediction_id'],
    compareColumns: PREDICTION_VALUES,
    rows,
  });
}

/** The stored predictions among `ids` (absent ids are simply missing), by timestamp and symbol. */
export async function predictionsByIds(db: Kysely<Database>, ids: readonly string[]): Promise<Prediction[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('predictions')
    .selectAll()
    .where('prediction_id', '=', sql<string>`ANY(${[...ids]}::varchar[])`)
    .orderBy('timestamp')
    .orderBy('symbol')
    .execute();
}

export interface FeatureRowsWithoutPredictionQuery {
  modelId: string;
  /** Oldest bar to look at (inclusive): the sweep's window. */
  since: Date;
  /** Newest bar, exclusive; default: no bound. */
  until?: Date;
  /**
   * Only symbols whose feature engine runs at this interval (feature_engine_state); defaults to
   * the model's own interval, no filter when both are unset.
   */
  interval?: string;
  /** Default 'yahoo'. */
  source?: string;
  /** Default the catalog's FEATURE_VERSION. */
  featureVersion?: string;
  symbols?: readonly string[];
  /**
   * Feature columns that must be set: pass the model's inputs, so rows the predict job would skip
   * for missing features are not queued again and again.
   */
  requireFeatures?: readonly string[];
  /** Default 10,000. */
  limit?: number;
}

export interface FeatureRowRef {
  symbol: string;
  timestamp: Date;
}

const KNOWN_FEATURES = new Set<string>(FEATURE_NAMES);

/**
 * Feature rows with no prediction of the given model, oldest first: what the prediction sweep
 * queues again. One anti-join probing idx_predictions_model_symbol_timestamp per row.
 */
export async function featureRowsWithoutPrediction(
  db: Kysely<Database>,
  query: FeatureRowsWithoutPredictionQuery,
): Promise<FeatureRowRef[]> {
  for (const name of query.requireFeatures ?? []) {
    if (!KNOWN_FEATURES.has(name)) throw new Error(`featureRowsWithoutPrediction: unknown feature "${name}"`);
  }
  if (query.symbols !== undefined && query.symbols.length === 0) return [];
  const model = await db.selectFrom('models').select(['interval']).where('model_id', '=', query.modelId).executeTakeFirst();
  if (!model) throw new ModelNotFoundError(query.modelId);
  const interval = query.interval ?? model.interval;
  const version = query.featureVersion ?? FEATURE_VERSION;

  let q = db
    .selectFrom('feature_engineered_data as f')
    .select(['f.symbol', 'f.timestamp'])
    .where('f.source', '=', query.source ?? 'yahoo')
    .where('f.feature_version', '=', version)
    .where('f.timestamp', '>=', query.since)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('predictions as p')
            .select(sql`1`.as('one'))
            .where('p.model_id', '=', query.modelId)
            .whereRef('p.symbol', '=', 'f.symbol')
            .whereRef('p.timestamp', '=', 'f.timestamp'),
        ),
      ),
    );
  if (query.until !== undefined) q = q.where('f.timestamp', '<', query.until);
  if (query.symbols !== undefined) q = q.where('f.symbol', 'in', [...query.symbols]);
  for (const name of query.requireFeatures ?? []) q = q.where(sql.ref(`f.${name}`), 'is not', null);
  if (interval !== null) {
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('feature_engine_state as s')
          .select(sql`1`.as('one'))
          .whereRef('s.symbol', '=', 'f.symbol')
          .whereRef('s.source', '=', 'f.source')
          .whereRef('s.feature_version', '=', 'f.feature_version')
          .where('s.interval', '=', interval),
      ),
    );
  }
  return q.orderBy('f.timestamp').orderBy('f.symbol').limit(query.limit ?? 10_000).execute();
}

export interface UndecidedPredictionsQuery {
  /** The active strategy (orders.strategy / trading_events.strategy). */
  strategy: string;
  /** Predictions created at or after this instant (the sweep's window). */
  since: Date;
  /** Only predictions created before this instant: newer ones still have their execute job on the way. */
  createdBefore: Date;
  /**
   * Predictions created at or after this instant whose only skips are non-final (metadata.final =
   * false: no bar yet) are undecided still; older ones count as decided. Default: `since`.
   */
  retrySince?: Date;
  /** Default 5,000. */
  limit?: number;
}

/**
 * Predictions without a decision of the strategy: no order with its prediction_id and strategy, and
 * no `signal_skipped` trading event naming it (metadata.prediction_id) that is final — or, for a
 * prediction older than `retrySince`, any such event. Oldest first. The event look-up is served by
 * idx_trading_events_skipped_prediction.
 */
export async function undecidedPredictionIds(db: Kysely<Database>, q: UndecidedPredictionsQuery): Promise<string[]> {
  const rows = await undecidedPredictionsQuery(db, q).execute();
  return rows.map((r) => r.prediction_id);
}

/** The query of `undecidedPredictionIds`, unexecuted (its plan is checked in a test). */
export function undecidedPredictionsQuery(db: Kysely<Database>, q: UndecidedPredictionsQuery) {
  const retrySince = q.retrySince ?? q.since;
  return db
    .selectFrom('predictions as p')
    .select('p.prediction_id')
    .where('p.created_at', '>=', q.since)
    .where('p.created_at', '<', q.createdBefore)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('orders as o').select(sql`1`.as('x')).whereRef('o.prediction_id', '=', 'p.prediction_id').where('o.strategy', '=', q.strategy))),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('trading_events as e')
            .select(sql`1`.as('x'))
            .where('e.event_type', '=', 'signal_skipped')
            .where('e.strategy', '=', q.strategy)
            .where(sql<string>`e.metadata->>'prediction_id'`, '=', sql<string>`p.prediction_id`)
            .where(sql<boolean>`(e.metadata->>'final' IS DISTINCT FROM 'false' OR p.created_at < ${retrySince})`),
        ),
      ),
    )
    .orderBy('p.created_at')
    .orderBy('p.id')
    .limit(q.limit ?? 5_000);
}

export interface PredictionsPageQuery extends PageQuery {
  symbol?: string;
  modelId?: string;
  predictionType?: string;
}

/** Predictions for bars in [from, to), newest bar first, one page; `features` (the inputs) left out. */
export function predictionsPage(db: Kysely<Database>, query: PredictionsPageQuery): Promise<Omit<Prediction, 'features'>[]> {
  let q = db
    .selectFrom('predictions')
    .select(['id', 'prediction_id', 'model_id', 'symbol', 'timestamp', 'prediction_type', 'prediction_value', 'confidence', 'correlation_id', 'created_at']);
  if (query.symbol !== undefined) q = q.where('symbol', '=', query.symbol);
  if (query.modelId !== undefined) q = q.where('model_id', '=', query.modelId);
  if (query.predictionType !== undefined) q = q.where('prediction_type', '=', query.predictionType);
  if (query.from !== undefined) q = q.where('timestamp', '>=', query.from);
  if (query.to !== undefined) q = q.where('timestamp', '<', query.to);
  return q.orderBy('timestamp', 'desc').orderBy('id', 'desc').limit(query.limit).offset(query.offset ?? 0).execute();
}
