// `npm run demo`: runs the pipeline on an offline default (the synthetic market) and prints what it
// did: migrate the database, start every service as its own process, ingest bars (features follow),
// train and promote a demo model, predict the newest bars (orders and paper fills follow) — all
// under one correlation id —, summarise what each stage wrote, stop the services with SIGTERM, and
// end with a short backtest of the demo model over the demo's bars (report printed, chart written).
import { fileURLToPath } from 'node:url';
import { activeModels, createDb, ensureDatabase, flowSummary, getModel, migrateToLatest, redactUrl, retireModel, schemaState } from '@mltrading/db';
import { createQueueClient, createRedisConnection, QUEUE_NAMES, type QueueName } from '@mltrading/queues';
import { obliteratePrefix } from '@mltrading/queues/testing';
import { spawnService, type ServiceProcess } from '@mltrading/service-kit';
import { codeVersion, runBacktest } from '@mltrading/operations';
import { backtestSummary } from './backtest-summary.ts';
import { cliConfig } from './cli-context.ts';
import { positionsReport } from '@mltrading/operations';
import { formatPositions } from './print-positions.ts';
import { writeBacktestFiles } from './commands/backtest.ts';
import { formatTable } from './print-table.ts';

const SERVICES = ['ingestion', 'feature-engineering', 'prediction', 'order-execution', 'log-sink'] as const;
// Fresh symbols each run, in the synthetic market's own namespace (`*.SYNTH`, so they get its
// made-up stock_info and never pose as a real ticker). The market is deterministic per symbol, so re-ingesting the
// same ones would (correctly) change nothing and the flow would have nothing to show.
const DEMO_SYMBOLS = Array.from({ length: 5 }, () => `D${randomLetters(3)}.SYNTH`);
const DEMO_DAYS = 60;
// Jobs of the demo live under their own prefix, so nothing else queued on this Redis interferes.
const DEMO_PREFIX = 'mlt-demo';
const DEMO_MODEL = 'demo-direction-1h';
const DEMO_FEATURES = ['returns', 'rsi_1d', 'macd'];
// Far below any possible interval: the demo model is promoted whatever its skill (the default, 0,
// promotes only a model whose interval lies wholly above the baseline).
const DEMO_PROMOTE_ABOVE = -1e9;
// The newest bars each symbol gets a prediction for (and so, maybe, an order): four days, so a run
// on a Monday still finds the last weekdays' session bars of the synthetic market.
const DEMO_PREDICT_HOURS = 96;
// The synthetic market trades around the clock and the demo model has no skill: orders on its bars
// need the session check off, a confidence threshold every prediction reaches, shorts allowed (a
// model near the prior mostly says "not up", which long-only would turn into no order at all), a
// risk budget whose positions (≈ $10k at ~1 % hourly volatility) pass the default order-notional
// limit, and paper fills priced from the synthetic bars. Every other risk limit keeps its default.
const SERVICE_ENV = {
  EXECUTION_BAR_SOURCE: 'synthetic',
  RISK_LIMITS: JSON.stringify({ tradingHours: null, maxOrdersPerMinute: 1000 }),
  ORDER_STRATEGY_PARAMS: JSON.stringify({ confidenceThreshold: 0.5, allowShort: true, riskBudget: 100 }),
};

const config = cliConfig();
console.log(`mltrading demo — database ${redactUrl(config.databaseUrl)}, redis ${redactUrl(config.redisUrl)}, queue prefix ${DEMO_PREFIX}\n`);

await ensureDatabase(config.databaseUrl);
const db = createDb(config.databaseUrl, { poolSize: 2 });
const connection = createRedisConnection(config.redisUrl, 'worker');
await obliteratePrefix(connection, DEMO_PREFIX);
const client = createQueueClient({ connection, prefix: DEMO_PREFIX });
const started: { name: string; service: ServiceProcess; logLines: number }[] = [];
let consumedQueues: QueueName[] = [];
const consumers = new Set<QueueName>();
try {
  const applied = await migrateToLatest(db);
  console.log(`1. migrations: ${applied.length === 0 ? 'database already up to date' : `${applied.length} applied`}`);
  // The previous run's demo model would otherwise be swept and retrained by the services at start.
  for (const model of await activeModels(db, { interval: '1h' })) {
    if (model.name === DEMO_MODEL) await retireModel(db, model.model_id);
  }

  console.log('2. starting each service as its own process');
  for (const name of SERVICES) {
    const entry = fileURLToPath(new URL(`../../../services/${name}/src/main.ts`, import.meta.url));
    const record = { name, service: undefined as unknown as ServiceProcess, logLines: 0 };
    record.service = await spawnService(entry, { HEALTH_PORT: '0', LOG_LEVEL: 'info', QUEUE_PREFIX: DEMO_PREFIX, ...SERVICE_ENV }, () => record.logLines++);
    started.push(record);
  }
  const rows = [];
  for (const { name, service } of started) {
    const health = (await (await fetch(`http://127.0.0.1:${service.healthPort}/healthz`)).json()) as { status: string; workers: { queue: string }[] };
    for (const { queue } of health.workers) consumers.add(queue as QueueName);
    rows.push({ service: name, pid: service.pid, health: health.status, consumes: health.workers.map((w) => w.queue).join(', ') || '(no job handlers yet)' });
  }
  console.log(indent(formatTable(rows)));
  consumedQueues = [...consumers];

  const start = new Date(Date.now() - DEMO_DAYS * 86_400_000).toISOString();
  const { jobId, correlationId } = await client.enqueue('ingest', { symbols: DEMO_SYMBOLS, interval: '1h', source: 'synthetic', start });
  console.log(`3. enqueued ingest ${jobId}\n   ${DEMO_SYMBOLS.length} synthetic symbols, hourly bars since ${start.slice(0, 10)}, correlation id ${correlationId}`);
  const settled = await waitUntilQueuesIdle(120_000);
  console.log(`   bars and features settled in ${(settled / 1000).toFixed(1)} s`);

  const trainEnd = new Date().toISOString();
  const train = await client.enqueue('train', {
    name: DEMO_MODEL,
    kind: 'logistic',
    predictionType: 'price_direction',
    symbols: DEMO_SYMBOLS,
    interval: '1h',
    source: 'synthetic',
    start,
    end: trainEnd,
    horizon: 1,
    features: DEMO_FEATURES,
    hyperparameters: { l2: 1 },
    promoteAbove: DEMO_PROMOTE_ABOVE,
    correlationId,
  });
  console.log(`4. enqueued train ${train.jobId}\n   logistic price_direction, horizon 1 bar, features ${DEMO_FEATURES.join(', ')}, window ${start.slice(0, 10)} – ${trainEnd.slice(0, 10)}`);
  const trained = await waitUntilQueuesIdle(120_000);
  const job = await client.queue('train').getJob(train.jobId);
  const result = job?.returnvalue as { modelId: string; status: string } | undefined;
  if (!job || !result?.modelId) throw new Error(`the train job ${train.jobId} did not complete: ${job?.failedReason ?? 'job not found'}`);
  const model = await getModel(db, result.modelId);
  const metrics = model?.metrics as { interval: Interval; pooled: { rows: number; model: Record<string, number>; baseline: Record<string, number> } } | null | undefined;
  if (!metrics) throw new Error(`model ${result.modelId} has no metrics`);
  const i = metrics.interval;
  console.log(`   trained in ${(trained / 1000).toFixed(1)} s: ${result.modelId}, status ${result.status}; out of sample, pooled over ${metrics.pooled.rows} rows:`);
  console.log(indent(formatTable(Object.keys(metrics.pooled.model).map((name) => ({ metric: name, model: fmt(metrics.pooled.model[name]), baseline: fmt(metrics.pooled.baseline[name]) })))));
  console.log(`   ${i.comparison} difference (model − baseline, positive = better): ${fmt(i.estimate)}, ${Math.round(i.level * 100)} % interval [${fmt(i.lower)}, ${fmt(i.upper)}]`);
  console.log(
    `   note: the demo promotes its model REGARDLESS of that interval (promoteAbove ${DEMO_PROMOTE_ABOVE}); the default rule promotes only when the lower end is above 0.\n` +
      '   Random-walk synthetic bars have nothing to learn, so the orders below show the plumbing, not an edge.',
  );

  const predictEnd = new Date().toISOString();
  const predictStart = new Date(Date.parse(predictEnd) - DEMO_PREDICT_HOURS * 3_600_000).toISOString();
  for (const symbol of DEMO_SYMBOLS) {
    await client.enqueue('predict', { symbol, interval: '1h', source: 'synthetic', start: predictStart, end: predictEnd, correlationId });
  }
  console.log(`5. enqueued predict for each symbol's bars of the last ${DEMO_PREDICT_HOURS} hours (orders and paper fills follow)`);
  console.log(`   order-execution env: EXECUTION_BAR_SOURCE=synthetic, RISK_LIMITS=${SERVICE_ENV.RISK_LIMITS}, ORDER_STRATEGY_PARAMS=${SERVICE_ENV.ORDER_STRATEGY_PARAMS}`);
  const traded = await waitUntilQueuesIdle(120_000);
  console.log(`   predictions, orders and fills settled in ${(traded / 1000).toFixed(1)} s`);

  // Stop the pipeline services first: on SIGTERM each ships the log records it still buffers; the
  // log sink stays up until the logs queue is drained, so the summary sees every record.
  console.log('6. stopping the services (SIGTERM: drain, ship buffered logs, exit)');
  const exits = [];
  for (const record of started.filter((s) => s.name !== 'log-sink')) exits.push(await stop(record));
  consumedQueues = ['logs'];
  await waitUntilQueuesIdle(30_000);
  for (const record of started.filter((s) => s.name === 'log-sink')) exits.push(await stop(record));
  console.log(indent(formatTable(exits)));

  console.log(`7. what each stage wrote under correlation id ${correlationId}`);
  console.log(indent(formatTable(await flowSummary(db, correlationId))));
  console.log('   positions and P&L from the paper fills (commission included; marks: latest synthetic close)');
  console.log(indent(formatPositions(await positionsReport(db, { source: SERVICE_ENV.EXECUTION_BAR_SOURCE }), SERVICE_ENV.EXECUTION_BAR_SOURCE)));
  console.log('   jobs per queue');
  const counts = [];
  for (const queue of QUEUE_NAMES) {
    const c = await client.queue(queue).getJobCounts('completed', 'failed', 'waiting', 'delayed');
    const note = consumers.has(queue) ? '' : 'no service consumes this queue yet';
    counts.push({ queue, completed: c.completed ?? 0, failed: c.failed ?? 0, waiting: c.waiting ?? 0, delayed: c.delayed ?? 0, note });
  }
  console.log(indent(formatTable(counts)));
  console.log(`   follow the flow across services and tables: pnpm mlt trace ${correlationId}`);
  console.log('8. schema state');
  console.log(indent(formatTable(await schemaState(db))));

  // The same operation as `mlt backtest`, in this process: the demo model's predictions over the
  // demo's bars, replayed through the live trading code with the order-execution settings above.
  const backtest = await runBacktest(
    db,
    {
      symbols: DEMO_SYMBOLS,
      interval: '1h',
      source: 'synthetic',
      start,
      end: trainEnd,
      strategy: { kind: 'direction-threshold', params: JSON.parse(SERVICE_ENV.ORDER_STRATEGY_PARAMS) as Record<string, unknown> },
      riskLimits: JSON.parse(SERVICE_ENV.RISK_LIMITS) as Record<string, unknown>,
      model: { modelId: result.modelId },
      correlationId,
    },
    { codeVersion: codeVersion() },
  );
  const t = backtest.timings;
  console.log(`9. backtest of ${result.modelId} over the demo's bars (${start.slice(0, 10)} – ${trainEnd.slice(0, 10)}), run ${backtest.runId}`);
  console.log(`   in sample (the model was trained on these bars) and without skill to find: it shows the replay, not an edge; ${((t.readMs + t.predictMs + t.replayMs + t.storeMs) / 1000).toFixed(1)} s`);
  console.log(indent(backtestSummary(backtest.report).join('\n')));
  const dir = writeBacktestFiles('backtests', backtest.runId, backtest.report, backtest.chartHtml);
  console.log(`   report: ${dir}/report.json\n   chart:  ${dir}/chart.html (open it in a browser)\n   again:  pnpm mlt backtest show ${backtest.runId}`);
} finally {
  const running = started.filter((record) => record.service.child.exitCode === null);
  if (running.length > 0) {
    console.log('stopping the services still running');
    for (const record of running) await stop(record);
  }
  await client.close();
  await connection.quit();
  await db.destroy();
}

async function stop(record: { name: string; service: ServiceProcess; logLines: number }) {
  return { service: record.name, exit_code: await record.service.stop(), log_lines: record.logLines };
}

/**
 * Waits until every queue some service consumes has nothing waiting, active or retrying, three
 * polls in a row; returns the time taken. Jobs that job schedulers hold for their next run
 * (ids `repeat:…`) are not work in progress, and queues nothing consumes yet are left out.
 */
async function waitUntilQueuesIdle(timeoutMs: number): Promise<number> {
  const began = Date.now();
  let quiet = 0;
  while (Date.now() - began < timeoutMs) {
    let busy = 0;
    for (const queue of consumedQueues) {
      const c = await client.queue(queue).getJobCounts('waiting', 'active', 'prioritized');
      busy += Object.values(c).reduce((a, b) => a + b, 0);
      const delayed = await client.queue(queue).getDelayed();
      busy += delayed.filter((job) => !String(job.id).startsWith('repeat:')).length;
    }
    quiet = busy === 0 ? quiet + 1 : 0;
    if (quiet >= 3) return Date.now() - began;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the flow did not settle within ${timeoutMs / 1000} s`);
}

function randomLetters(n: number): string {
  return Array.from({ length: n }, () => String.fromCharCode(65 + Math.floor(Math.random() * 26))).join('');
}

interface Interval {
  comparison: string;
  estimate: number;
  lower: number;
  upper: number;
  level: number;
}

function fmt(value: number | undefined): string {
  return value === undefined ? '' : value.toFixed(4);
}

function indent(text: string): string {
  return text.replace(/^/gm, '   ');
}
