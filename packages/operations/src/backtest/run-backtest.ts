// `runBacktest`: what `mlt backtest` and the `backtest` job do. Validates the request (every refusal
// before any data is read), reads bars and features through the repositories, makes predictions
// (a registered model's artifact or walk-forward training), replays them through @mltrading/trading
// with @mltrading/backtest, and stores the run, its orders, fills, equity curve and report in the
// backtest tables in one transaction, apart from live trading's tables.
import { randomUUID } from 'node:crypto';
import {
  BacktestInputError,
  backtestReport,
  buyAndHoldCurve,
  equityChartHtml,
  intervalMs,
  replay,
  type BacktestReport,
  type ReplayResult,
  type TrialsInput,
} from '@mltrading/backtest';
import {
  createBacktestRun,
  finishBacktestRun,
  getModel,
  insertBacktestEquity,
  insertBacktestFills,
  insertBacktestOrders,
  listBacktestRuns,
  type Database,
  type JsonValue,
} from '@mltrading/db';
import { ModelInputError } from '@mltrading/models';
import { backtestPayloadSchema, formatIssues } from '@mltrading/queues';
import { createStrategy, fillSimulatorConfig, InvalidInputError, riskLimits } from '@mltrading/trading';
import type { Kysely } from 'kysely';
import { InvalidRequestError } from '../errors/invalid-request-error.ts';
import { NotFoundError } from '../errors/not-found-error.ts';
import { loadBacktestInput, type BacktestRequest, type PredictionSource } from './load-backtest-input.ts';
import { registeredPredictor } from './registered-model.ts';

export interface RunBacktestOptions {
  /** Default a random UUID. */
  readonly runId?: string;
  /** Stored with the run (e.g. the git commit); default null. */
  readonly codeVersion?: string | null;
  /** Called between stages (a job reports it as its progress). */
  readonly onProgress?: (progress: { stage: string; percent: number }) => void | Promise<void>;
}

export interface BacktestOutcome {
  readonly runId: string;
  readonly correlationId: string;
  readonly report: BacktestReport;
  readonly orders: number;
  readonly fills: number;
  readonly equityPoints: number;
  /** The equity and drawdown chart beside buy-and-hold, one self-contained HTML page. */
  readonly chartHtml: string;
  /** Wall times of the stages, ms (reads, predictions, replay, storing). */
  readonly timings: { readonly readMs: number; readonly predictMs: number; readonly replayMs: number; readonly storeMs: number };
}

export async function runBacktest(db: Kysely<Database>, input: unknown, options: RunBacktestOptions = {}): Promise<BacktestOutcome> {
  const parsed = backtestPayloadSchema.safeParse(input);
  if (!parsed.success) throw new InvalidRequestError(`invalid backtest: ${formatIssues(parsed.error)}`);
  const request = parsed.data;
  const progress = options.onProgress ?? (() => undefined);
  refuseBadSettings(request);
  const source = await predictionSource(db, request);

  await progress({ stage: 'reading bars and features', percent: 5 });
  const loaded = await refusingBadData(() => loadBacktestInput(db, request, source));

  await progress({ stage: 'replaying', percent: 50 });
  const replayStarted = performance.now();
  const result = refusingBadData(() =>
    replay(loaded.universe, {
      strategy: request.strategy,
      riskLimits: request.riskLimits,
      fills: request.costs,
      timeInForce: { bars: request.expireAfterBars, expiresAt: null },
      interval: request.interval,
      range: { from: Date.parse(request.start), to: Date.parse(request.end) },
      initialCash: request.initialCash,
      predictionType: loaded.predictionType,
      correlationId: request.correlationId,
    }),
  );
  const trials = await sweepTrials(db, request.sweepId);
  const report = refusingBadData(() => backtestReport(result, loaded.universe, { interval: request.interval, ...(trials === undefined ? {} : { trials: withThisRun(trials, result, loaded.universe, request.interval) }) }));
  const replayMs = performance.now() - replayStarted;

  await progress({ stage: 'storing', percent: 80 });
  const runId = options.runId ?? randomUUID();
  const storeStarted = performance.now();
  await db.transaction().execute(async (trx) => {
    await createBacktestRun(trx, {
      runId,
      parameters: JSON.parse(JSON.stringify({ ...request, traceContext: undefined, strategyParams: result.strategy.params, walkForwardBlocks: loaded.walkForwardBlocks })) as JsonValue,
      codeVersion: options.codeVersion ?? null,
      interval: request.interval,
      rangeStart: new Date(request.start),
      rangeEnd: new Date(request.end),
      universe: request.symbols,
      strategy: result.strategy.name,
      modelId: loaded.modelId,
      sweepId: request.sweepId ?? null,
      correlationId: request.correlationId,
    });
    await insertBacktestOrders(trx, runId, result.orders);
    await insertBacktestFills(trx, runId, result.fills);
    await insertBacktestEquity(trx, runId, result.equity);
    // JSON has no NaN (a figure without data, e.g. no closing trade): stored as null.
    await finishBacktestRun(trx, runId, { status: 'succeeded', report: JSON.parse(JSON.stringify(report)) as JsonValue });
  });
  const storeMs = performance.now() - storeStarted;
  await progress({ stage: 'done', percent: 100 });

  return {
    runId,
    correlationId: request.correlationId,
    report,
    orders: result.orders.length,
    fills: result.fills.length,
    equityPoints: result.equity.length,
    chartHtml: chartOf(runId, request, result, loaded.universe, report),
    timings: { readMs: loaded.readMs, predictMs: loaded.predictMs, replayMs, storeMs },
  };
}

/** Strategy, risk limits and costs are checked before anything is read, every problem listed. */
function refuseBadSettings(request: BacktestRequest): void {
  const problems: string[] = [];
  for (const check of [() => createStrategy(request.strategy), () => riskLimits(request.riskLimits), () => fillSimulatorConfig(request.costs), () => intervalMs(request.interval)]) {
    try {
      check();
    } catch (error) {
      if (!(error instanceof InvalidInputError || error instanceof BacktestInputError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new InvalidRequestError(`invalid backtest: ${problems.join('; ')}`);
}

async function predictionSource(db: Kysely<Database>, request: BacktestRequest): Promise<PredictionSource> {
  if (request.model.walkForward !== undefined) return { kind: 'walk-forward', options: request.model.walkForward };
  const modelId = request.model.modelId!;
  const row = await getModel(db, modelId);
  if (row === undefined) throw new NotFoundError(`unknown model ${modelId} (see \`mlt models\`)`);
  if (row.interval !== null && row.interval !== request.interval) {
    throw new InvalidRequestError(`model ${modelId} predicts ${row.interval} bars, the backtest asks for ${request.interval}`);
  }
  return { kind: 'registered', modelId, predictionType: row.prediction_type ?? 'unknown', predictor: await registeredPredictor(db, row) };
}

/** Data the pure core refuses (impossible bars, a walk-forward window longer than the data) is bad input, not a crash. */
function refusingBadData<T>(work: () => T): T {
  try {
    const value = work();
    if (value instanceof Promise) return value.catch(rethrowAsRequestError) as T;
    return value;
  } catch (error) {
    return rethrowAsRequestError(error);
  }
}

function rethrowAsRequestError(error: unknown): never {
  if (error instanceof BacktestInputError || error instanceof InvalidInputError || error instanceof ModelInputError) throw new InvalidRequestError(`invalid backtest: ${error.message}`);
  throw error;
}

/** The per-bar Sharpe ratios of the sweep's earlier succeeded runs, for the deflated Sharpe ratio. */
async function sweepTrials(db: Kysely<Database>, sweepId: string | undefined): Promise<number[] | undefined> {
  if (sweepId === undefined) return undefined;
  const runs = await listBacktestRuns(db, { sweepId, status: 'succeeded', limit: 10_000 });
  return runs
    .map((run) => (run.report as { strategy?: { perBar?: { sharpe?: unknown } } } | null)?.strategy?.perBar?.sharpe)
    .filter((s): s is number => typeof s === 'number' && Number.isFinite(s));
}

/** The sweep's Sharpe ratios with this run's own (computed once without trials). */
function withThisRun(earlier: number[], result: ReplayResult, universe: Parameters<typeof backtestReport>[1], interval: string): TrialsInput {
  const own = backtestReport(result, universe, { interval }).strategy.perBar.sharpe;
  return { sharpes: Number.isFinite(own) ? [...earlier, own] : earlier.length > 0 ? earlier : [0] };
}

function chartOf(runId: string, request: BacktestRequest, result: ReplayResult, universe: Parameters<typeof backtestReport>[1], report: BacktestReport): string {
  const timestamps = result.equity.map((e) => e.timestamp.getTime());
  const hold = buyAndHoldCurve(universe, timestamps, result.initialCash);
  const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(2)} %` : 'n/a');
  return equityChartHtml({
    title: `backtest ${runId}: ${result.strategy.name} on ${request.symbols.length} symbol(s), ${request.interval}, ${request.start} – ${request.end}`,
    equity: { label: result.strategy.name, timestamps, values: result.equity.map((e) => e.equity) },
    benchmarks: [{ label: 'buy and hold', timestamps: hold.curve.map((p) => p.timestamp), values: hold.curve.map((p) => p.equity) }],
    notes: [
      `total return ${pct(report.strategy.totalReturn)} (buy and hold ${pct(report.buyAndHold.totalReturn)}), Sharpe ${report.strategy.sharpe.toFixed(2)} (buy and hold ${report.buyAndHold.sharpe.toFixed(2)})`,
      `max drawdown ${pct(report.strategy.maxDrawdown)}, deflated Sharpe ratio ${report.deflatedSharpe.deflatedSharpe.toFixed(3)}`,
    ],
  });
}
