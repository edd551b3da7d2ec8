import { sql, type Kysely } from 'kysely';
import { bulkUpsert, type BulkUpsertResult } from '../bulk/bulk-upsert.ts';
import { BacktestRunFinishedError, BacktestRunNotFoundError } from '../errors/backtest-errors.ts';
import type { BacktestEquityPoint, NewBacktestEquityPoint } from '../schema/backtest-equity.ts';
import type { BacktestFill, NewBacktestFill } from '../schema/backtest-fills.ts';
import type { BacktestOrder, NewBacktestOrder } from '../schema/backtest-orders.ts';
import type { BacktestRun, BacktestRunStatus } from '../schema/backtest-runs.ts';
import type { JsonValue } from '../schema/column-types.ts';
import type { Database } from '../schema/database.ts';

export interface CreateBacktestRunInput {
  runId: string;
  parameters: JsonValue;
  codeVersion: string | null;
  interval: string;
  rangeStart: Date;
  rangeEnd: Date;
  universe: readonly string[];
  strategy?: string | null;
  modelId?: string | null;
  sweepId?: string | null;
  correlationId?: string | null;
}

/** Starts a run (status running). A run id is used once: a second create with it fails on the key. */
export async function createBacktestRun(db: Kysely<Database>, input: CreateBacktestRunInput): Promise<BacktestRun> {
  if (!(input.rangeEnd.getTime() > input.rangeStart.getTime())) {
    throw new Error(`createBacktestRun: empty range ${input.rangeStart.toISOString()} .. ${input.rangeEnd.toISOString()}`);
  }
  if (input.universe.length === 0) throw new Error('createBacktestRun: the universe is empty');
  return db
    .insertInto('backtest_runs')
    .values({
      run_id: input.runId,
      parameters: JSON.stringify(input.parameters),
      code_version: input.codeVersion,
      interval: input.interval,
      range_start: input.rangeStart,
      range_end: input.rangeEnd,
      universe: [...input.universe],
      strategy: input.strategy ?? null,
      model_id: input.modelId ?? null,
      sweep_id: input.sweepId ?? null,
      correlation_id: input.correlationId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface FinishBacktestRunInput {
  status: Exclude<BacktestRunStatus, 'running'>;
  report?: JsonValue;
  /** Why it failed. */
  error?: string;
}

/** Ends a running run with its report (or error); a finished run is never overwritten. */
export async function finishBacktestRun(db: Kysely<Database>, runId: string, input: FinishBacktestRunInput): Promise<BacktestRun> {
  const finished = await db
    .updateTable('backtest_runs')
    .set({
      status: input.status,
      report: input.report === undefined ? null : JSON.stringify(input.report),
      error: input.error ?? null,
      finished_at: sql<Date>`NOW()`,
    })
    .where('run_id', '=', runId)
    .where('status', '=', 'running')
    .returningAll()
    .executeTakeFirst();
  if (finished) return finished;
  const existing = await getBacktestRun(db, runId);
  if (!existing) throw new BacktestRunNotFoundError(runId);
  throw new BacktestRunFinishedError(runId, existing.status);
}

export function getBacktestRun(db: Kysely<Database>, runId: string): Promise<BacktestRun | undefined> {
  return db.selectFrom('backtest_runs').selectAll().where('run_id', '=', runId).executeTakeFirst();
}

export interface ListBacktestRunsQuery {
  status?: BacktestRunStatus;
  sweepId?: string;
  /** Default 50. */
  limit?: number;
}

/** Runs, newest first. */
export function listBacktestRuns(db: Kysely<Database>, query: ListBacktestRunsQuery = {}): Promise<BacktestRun[]> {
  let q = db.selectFrom('backtest_runs').selectAll();
  if (query.status !== undefined) q = q.where('status', '=', query.status);
  if (query.sweepId !== undefined) q = q.where('sweep_id', '=', query.sweepId);
  return q.orderBy('created_at', 'desc').orderBy('run_id').limit(query.limit ?? 50).execute();
}

type WithoutRun<T> = Omit<T, 'run_id'>;

const ORDER_COLUMNS = [
  'run_id', 'order_id', 'symbol', 'side', 'quantity', 'order_type', 'price', 'status', 'status_reason', 'filled_quantity',
  'average_fill_price', 'strategy', 'model_id', 'prediction_id', 'bar_timestamp', 'created_at', 'updated_at',
] as const;
const FILL_COLUMNS = ['run_id', 'fill_id', 'order_id', 'symbol', 'side', 'quantity', 'price', 'commission', 'timestamp'] as const;
const EQUITY_COLUMNS = ['run_id', 'timestamp', 'equity', 'cash', 'gross_exposure', 'drawdown'] as const;

// All three use bulkUpsert's binary COPY (every column is text, integer, double or timestamptz);
// it is asked for explicitly so a column type it cannot encode fails loudly instead of silently
// falling back to the slower text format. Rows need no run_id: it comes from `defaults`.

/** Writes a run's orders; an order written again with its final state replaces the earlier one. */
export function insertBacktestOrders(db: Kysely<Database>, runId: string, rows: readonly WithoutRun<NewBacktestOrder>[]): Promise<BulkUpsertResult> {
  return bulkUpsert(db, {
    table: 'backtest_orders',
    columns: ORDER_COLUMNS,
    conflictColumns: ['run_id', 'order_id'],
    defaults: { run_id: runId, order_type: 'market', filled_quantity: 0 },
    rows,
    format: 'binary',
  });
}

/** Writes a run's fills (after their orders); fills are immutable, a repeated fill_id is skipped. */
export function insertBacktestFills(db: Kysely<Database>, runId: string, rows: readonly WithoutRun<NewBacktestFill>[]): Promise<BulkUpsertResult> {
  return bulkUpsert(db, {
    table: 'backtest_fills',
    columns: FILL_COLUMNS,
    conflictColumns: ['run_id', 'fill_id'],
    updateColumns: [],
    defaults: { run_id: runId, commission: 0 },
    rows,
    format: 'binary',
  });
}

/** Writes points of a run's equity curve, one per bar time. */
export function insertBacktestEquity(db: Kysely<Database>, runId: string, rows: readonly WithoutRun<NewBacktestEquityPoint>[]): Promise<BulkUpsertResult> {
  return bulkUpsert(db, {
    table: 'backtest_equity',
    columns: EQUITY_COLUMNS,
    conflictColumns: ['run_id', 'timestamp'],
    defaults: { run_id: runId },
    rows,
    format: 'binary',
  });
}

export function loadBacktestOrders(db: Kysely<Database>, runId: string): Promise<BacktestOrder[]> {
  return db.selectFrom('backtest_orders').selectAll().where('run_id', '=', runId).orderBy('created_at').orderBy('order_id').execute();
}

export function loadBacktestFills(db: Kysely<Database>, runId: string): Promise<BacktestFill[]> {
  return db.selectFrom('backtest_fills').selectAll().where('run_id', '=', runId).orderBy('timestamp').orderBy('fill_id').execute();
}

export function loadBacktestEquity(db: Kysely<Database>, runId: string): Promise<BacktestEquityPoint[]> {
  return db.selectFrom('backtest_equity').selectAll().where('run_id', '=', runId).orderBy('timestamp').execute();
}
