import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createDb } from '@mltrading/db';
import { codeVersion, listBacktests, runBacktest, showBacktest, type BacktestReport } from '@mltrading/operations';
import { backtestSummary } from '../backtest-summary.ts';
import { cliConfig, fail, refusing } from '../cli-context.ts';
import { formatTable } from '../print-table.ts';
import { splitList } from './ingest.ts';

export interface BacktestOptions {
  symbols?: string;
  universe?: string;
  interval: string;
  source: string;
  start: string;
  end: string;
  model?: string;
  walkForward?: string;
  features?: string;
  trainSize: string;
  retrainEvery: string;
  horizon: string;
  embargo?: string;
  hyperparameters?: string;
  seed: string;
  strategy: string;
  strategyName?: string;
  strategyParams?: string;
  slippageBps?: string;
  maxVolumeShare?: string;
  commission?: string;
  riskLimits?: string;
  expireAfterBars: string;
  cash: string;
  sweepId?: string;
  correlationId?: string;
  out: string;
}

function json(flag: string, text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(`${flag} must be a JSON object, got ${text}`);
    return value as Record<string, unknown>;
  } catch {
    return fail(`${flag} is not valid JSON: ${text}`);
  }
}

/** A number flag: a typo is refused here rather than sent on as NaN. */
function number(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) fail(`${flag} must be a number, got '${text}'`);
  return value;
}

/** The request of `mlt backtest` as the backtest contract takes it (the contract checks the rest). */
export function backtestRequest(options: BacktestOptions): Record<string, unknown> {
  const symbols = options.symbols !== undefined ? splitList(options.symbols) : options.universe !== undefined ? universeFile(options.universe) : fail('give --symbols or --universe');
  if ((options.model === undefined) === (options.walkForward === undefined)) fail('give exactly one of --model <model_id> (a registered model) or --walk-forward <kind>');
  const model =
    options.model !== undefined
      ? { modelId: options.model }
      : {
          walkForward: {
            kind: options.walkForward,
            features: options.features === undefined ? fail('--walk-forward needs --features (comma-separated)') : splitList(options.features),
            trainSize: number('--train-size', options.trainSize),
            retrainEvery: number('--retrain-every', options.retrainEvery),
            horizon: number('--horizon', options.horizon),
            ...(options.embargo === undefined ? {} : { embargo: number('--embargo', options.embargo) }),
            hyperparameters: json('--hyperparameters', options.hyperparameters) ?? {},
            seed: number('--seed', options.seed),
          },
        };
  const commission = json('--commission', options.commission);
  return {
    symbols,
    interval: options.interval,
    source: options.source,
    start: options.start,
    end: options.end,
    strategy: { kind: options.strategy, ...(options.strategyName === undefined ? {} : { name: options.strategyName }), params: json('--strategy-params', options.strategyParams) ?? {} },
    costs: {
      ...(options.slippageBps === undefined ? {} : { slippageBps: number('--slippage-bps', options.slippageBps) }),
      ...(options.maxVolumeShare === undefined ? {} : { maxVolumeShare: options.maxVolumeShare === 'none' ? null : number('--max-volume-share', options.maxVolumeShare) }),
      ...(commission === undefined ? {} : { commission }),
    },
    riskLimits: json('--risk-limits', options.riskLimits) ?? {},
    expireAfterBars: number('--expire-after-bars', options.expireAfterBars),
    initialCash: number('--cash', options.cash),
    model,
    ...(options.sweepId === undefined ? {} : { sweepId: options.sweepId }),
    ...(options.correlationId === undefined ? {} : { correlationId: options.correlationId }),
  };
}

function universeFile(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split(/\r?\n/).map((line) => line.trim()).filter((line) => line.length > 0 && !line.startsWith('#'));
  } catch (error) {
    return fail(`cannot read --universe ${path}: ${(error as Error).message}`);
  }
}

/** Writes report.json and chart.html under `<out>/<run id>/`; returns the directory. */
export function writeBacktestFiles(out: string, runId: string, report: unknown, chartHtml: string): string {
  const dir = resolve(join(out, runId));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  if (chartHtml !== '') writeFileSync(join(dir, 'chart.html'), chartHtml);
  return dir;
}

/** `mlt backtest`: runs in this process through the operations layer, prints the report, writes report.json and chart.html. */
export async function backtest(options: BacktestOptions): Promise<void> {
  const request = backtestRequest(options);
  const { databaseUrl } = cliConfig();
  const db = createDb(databaseUrl, { poolSize: 4 });
  try {
    const outcome = await refusing(() => runBacktest(db, request, { codeVersion: codeVersion() }));
    console.log(`run id:         ${outcome.runId}\ncorrelation id: ${outcome.correlationId}`);
    for (const line of backtestSummary(outcome.report)) console.log(line);
    const dir = writeBacktestFiles(options.out, outcome.runId, outcome.report, outcome.chartHtml);
    const t = outcome.timings;
    console.log(`read ${(t.readMs / 1000).toFixed(1)} s, predictions ${(t.predictMs / 1000).toFixed(1)} s, replay ${(t.replayMs / 1000).toFixed(1)} s, store ${(t.storeMs / 1000).toFixed(1)} s`);
    console.log(`report: ${join(dir, 'report.json')}\nchart:  ${join(dir, 'chart.html')}`);
  } finally {
    await db.destroy();
  }
}

/** `mlt backtest list`: stored runs, newest first. */
export async function backtestList(options: { status?: string; sweepId?: string; limit: string }): Promise<void> {
  const { databaseUrl } = cliConfig();
  const db = createDb(databaseUrl, { poolSize: 2 });
  try {
    const runs = await refusing(() => listBacktests(db, { ...(options.status === undefined ? {} : { status: options.status }), ...(options.sweepId === undefined ? {} : { sweepId: options.sweepId }), limit: number('--limit', options.limit) }));
    console.log(
      formatTable(
        runs.map((r) => {
          const report = r.report as BacktestReport | null;
          return {
            run_id: r.run_id,
            status: r.status,
            strategy: r.strategy,
            model: r.model_id,
            interval: r.interval,
            range: `${r.range_start.toISOString()} – ${r.range_end.toISOString()}`,
            symbols: r.universe.length,
            'total return': report ? `${(report.strategy.totalReturn * 100).toFixed(2)} %` : '',
            sharpe: report && typeof report.strategy.sharpe === 'number' ? report.strategy.sharpe.toFixed(3) : '',
            sweep: r.sweep_id,
            created_at: r.created_at,
          };
        }),
      ),
    );
  } finally {
    await db.destroy();
  }
}

/** `mlt backtest show ID`: parameters, counts and the report; --out also writes report.json and chart.html. */
export async function backtestShow(runId: string, options: { out?: string }): Promise<void> {
  const { databaseUrl } = cliConfig();
  const db = createDb(databaseUrl, { poolSize: 2 });
  try {
    const detail = await refusing(() => showBacktest(db, runId));
    const r = detail.run;
    console.log(`${r.run_id}  ${r.status}  ${r.strategy ?? ''}  model ${r.model_id ?? ''}  ${r.interval}  ${r.range_start.toISOString()} – ${r.range_end.toISOString()}  code ${r.code_version ?? 'unknown'}`);
    console.log(`universe (${r.universe.length}): ${r.universe.slice(0, 20).join(', ')}${r.universe.length > 20 ? ', …' : ''}`);
    console.log(`parameters: ${JSON.stringify(r.parameters)}`);
    console.log(`orders ${detail.orders} (${detail.rejectedOrders} rejected), fills ${detail.fills}, equity points ${detail.equityPoints}, correlation id ${r.correlation_id ?? ''}`);
    if (r.error) console.log(`error: ${r.error}`);
    if (r.report) for (const line of backtestSummary(r.report as unknown as BacktestReport)) console.log(line);
    if (options.out !== undefined) {
      const dir = writeBacktestFiles(options.out, r.run_id, r.report, detail.chartHtml);
      console.log(`report: ${join(dir, 'report.json')}\nchart:  ${join(dir, 'chart.html')}`);
    }
  } finally {
    await db.destroy();
  }
}
