// Stored backtest runs for front ends: the list, and one run with its report, counts and chart
// (drawn again from the stored equity curve, so a run done by the job can be looked at later).
import { equityChartHtml } from '@mltrading/backtest';
import { getBacktestRun, listBacktestRuns, loadBacktestEquity, loadBacktestFills, loadBacktestOrders, type BacktestRun, type BacktestRunStatus, type Database } from '@mltrading/db';
import type { Kysely } from 'kysely';
import { InvalidRequestError } from '../errors/invalid-request-error.ts';
import { NotFoundError } from '../errors/not-found-error.ts';

const STATUSES: readonly BacktestRunStatus[] = ['running', 'succeeded', 'failed'];

export async function listBacktests(db: Kysely<Database>, query: { status?: string; sweepId?: string; limit?: number } = {}): Promise<BacktestRun[]> {
  if (query.status !== undefined && !STATUSES.includes(query.status as BacktestRunStatus)) {
    throw new InvalidRequestError(`unknown status '${query.status}' (one of ${STATUSES.join(', ')})`);
  }
  const limit = query.limit ?? 50;
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= 10_000)) throw new InvalidRequestError(`limit must be a whole number in 1..10000, got ${query.limit}`);
  return listBacktestRuns(db, { limit, ...(query.status === undefined ? {} : { status: query.status as BacktestRunStatus }), ...(query.sweepId === undefined ? {} : { sweepId: query.sweepId }) });
}

export interface BacktestRunDetail {
  readonly run: BacktestRun;
  readonly orders: number;
  readonly rejectedOrders: number;
  readonly fills: number;
  readonly equityPoints: number;
  /** The strategy's equity and drawdown from the stored curve (buy-and-hold is in the report's figures). */
  readonly chartHtml: string;
}

export async function showBacktest(db: Kysely<Database>, runId: string): Promise<BacktestRunDetail> {
  const run = await getBacktestRun(db, runId);
  if (run === undefined) throw new NotFoundError(`no backtest run ${runId} (see \`mlt backtest list\`)`);
  const [orders, fills, equity] = await Promise.all([loadBacktestOrders(db, runId), loadBacktestFills(db, runId), loadBacktestEquity(db, runId)]);
  const chartHtml =
    equity.length === 0
      ? ''
      : equityChartHtml({
          title: `backtest ${runId}: ${run.strategy ?? ''} ${run.interval} ${run.range_start.toISOString()} – ${run.range_end.toISOString()}`,
          equity: { label: run.strategy ?? 'strategy', timestamps: equity.map((e) => e.timestamp.getTime()), values: equity.map((e) => Number(e.equity)) },
        });
  return { run, orders: orders.length, rejectedOrders: orders.filter((o) => o.status === 'rejected').length, fills: fills.length, equityPoints: equity.length, chartHtml };
}
