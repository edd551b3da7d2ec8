// A `backtest` job runs the same operation as `mlt backtest` (runBacktest) under the job's
// correlation id; a request the operation refuses fails the job without retries, with the reason.
import { codeVersion, InvalidRequestError, NotFoundError, runBacktest } from '@mltrading/operations';
import type { PayloadOf } from '@mltrading/queues';
import type { ServiceContext } from '@mltrading/service-kit';
import { UnrecoverableError } from 'bullmq';

export interface BacktestJobResult {
  readonly runId: string;
  readonly orders: number;
  readonly fills: number;
  readonly equityPoints: number;
  readonly totalReturn: number | null;
  readonly sharpe: number | null;
  readonly deflatedSharpe: number | null;
  readonly timings: { readonly readMs: number; readonly predictMs: number; readonly replayMs: number; readonly storeMs: number };
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

export async function processBacktestJob(
  payload: PayloadOf<'backtest'>,
  context: Pick<ServiceContext, 'db' | 'logger'>,
  onProgress: (progress: { stage: string; percent: number }) => Promise<void> | void,
): Promise<BacktestJobResult> {
  try {
    const outcome = await runBacktest(context.db, payload, { codeVersion: codeVersion(), onProgress });
    const r = outcome.report;
    context.logger.info({ runId: outcome.runId, orders: outcome.orders, fills: outcome.fills, totalReturn: finite(r.strategy.totalReturn) }, 'backtest stored');
    return {
      runId: outcome.runId,
      orders: outcome.orders,
      fills: outcome.fills,
      equityPoints: outcome.equityPoints,
      totalReturn: finite(r.strategy.totalReturn),
      sharpe: finite(r.strategy.sharpe),
      deflatedSharpe: finite(r.deflatedSharpe.deflatedSharpe),
      timings: outcome.timings,
    };
  } catch (error) {
    if (error instanceof InvalidRequestError || error instanceof NotFoundError) throw new UnrecoverableError(`backtest refused: ${error.message}`);
    throw error;
  }
}
