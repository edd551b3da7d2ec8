// `mlt`: the operator's command line. Every command reads the same environment as the services.
import { createRequire } from 'node:module';
import { loadConfig } from '@mltrading/config';
import { Command } from 'commander';
import { apiKeysCreate, apiKeysList, apiKeysRevoke } from './commands/api-keys.ts';
import { backfill } from './commands/backfill.ts';
import { dbMigrate, dbRollback } from './commands/db-migrate.ts';
import { dbStats } from './commands/db-stats.ts';
import { enqueue } from './commands/enqueue.ts';
import { featuresBackfill } from './commands/features-backfill.ts';
import { featuresRefreshDashboard } from './commands/features-refresh-dashboard.ts';
import { featuresSweep } from './commands/features-sweep.ts';
import { ingest } from './commands/ingest.ts';
import { queuesStatus } from './commands/queues-status.ts';
import { dbRetention } from './commands/retention.ts';
import { trace } from './commands/trace.ts';
import { tradingSwitch } from './commands/trading-halt.ts';
import { orders } from './commands/orders.ts';
import { positions } from './commands/positions.ts';
import { train, type TrainOptions } from './commands/train.ts';
import { modelsList, modelsShow } from './commands/models.ts';
import { modelsRegister } from './commands/models-register.ts';
import { backtest, backtestList, backtestShow } from './commands/backtest.ts';
import { describeFailure, type Endpoints } from './describe-failure.ts';
import { decimalNumber, isoInstant, wholeNumber } from './options.ts';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const program = new Command('mlt').description('mltrading operations').version(version).showHelpAfterError();

const db = program.command('db').description('database schema and monitoring');
db.command('migrate').description('create the database if missing and apply every pending migration').action(dbMigrate);
db.command('rollback')
  .description('undo the newest migration (or all of them)')
  .option('--all', 'roll back every migration (drops every table: asks first)')
  .option('--yes', 'do not ask for confirmation')
  .action(dbRollback);
db.command('stats').description("the schema's monitoring figures: sizes, index usage, log counts").action(dbStats);
db.command('retention').description("apply the seed's retention policy in small batches; --dry-run shows what it would remove").option('--dry-run', 'count only, delete nothing').option('--batch-size <rows>', 'rows per DELETE (default 5000)', wholeNumber(1, 1_000_000)).action(dbRetention);

program.command('queues').description('job counts per queue and state').action(queuesStatus);
program
  .command('enqueue')
  .description('validate a payload and add it to a queue; prints the job id and correlation id')
  .argument('<queue>', 'ingest | features | predict | execute | logs')
  .argument('<json>', 'the payload as JSON')
  .action(enqueue);

program
  .command('ingest')
  .description('enqueue one ingest job (continues from the last stored bar when --start is absent)')
  .option('--symbols <list>', 'comma-separated tickers')
  .option('--interval <interval>', '1m | 5m | 15m | 30m | 1h | 1d', '1h')
  .option('--source <source>', 'yahoo | alpaca | polygon | synthetic', 'yahoo')
  .option('--start <iso>', 'first bar start (ISO 8601 date or instant with offset)', isoInstant({ notInFuture: true }))
  .option('--end <iso>', 'end of the range, exclusive (default: now)', isoInstant())
  .option('--csv <file>', 'import OHLCV from a CSV file (source csv; symbols from its symbol column unless --symbols)')
  .option('--correlation-id <id>', 'carry an id of your own through the flow')
  .option('--wait', 'wait until the job finished; print the reason when it failed')
  .action(ingest);
program
  .command('backfill')
  .description('enqueue a range for a universe in batches of symbols, with a progress bar')
  .option('--symbols <list>', 'comma-separated tickers')
  .option('--universe <file>', 'a file with one ticker per line')
  .option('--interval <interval>', '1m | 5m | 15m | 30m | 1h | 1d', '1h')
  .option('--source <source>', 'yahoo | alpaca | polygon | synthetic', 'yahoo')
  .requiredOption('--start <iso>', 'first bar start (ISO 8601 date or instant with offset)', isoInstant({ notInFuture: true }))
  .option('--end <iso>', 'end of the range, exclusive (default: now)', isoInstant())
  .option('--batch <n>', 'symbols per ingest job', wholeNumber(1, 1_000), 50)
  .option('--no-wait', 'enqueue and return without waiting for the jobs')
  .action(backfill);

program.command('trace').description('a flow in time order across every table that carries its correlation id, with stage durations').argument('<correlation_id>').option('--json', 'machine-readable output').action(trace);

const features = program.command('features').description('feature engineering');
features.command('refresh-dashboard').description('refresh mv_features_dashboard_summary CONCURRENTLY now').action(featuresRefreshDashboard);
features.command('backfill').description('enqueue one features job per symbol over all its stored bars').option('--symbols <list>', 'comma-separated symbols (default: every symbol with bars)', (v: string) => v.split(',')).option('--source <source>', 'market_data source', 'yahoo').option('--interval <interval>', 'bar interval', '1h').action(featuresBackfill);
features.command('sweep').description('enqueue features jobs for bars newer than their feature state (work the queues lost); prints the symbols behind and the job ids').option('--include-pending', 'also for symbols whose features job is still queued').action(featuresSweep);

const trading = program.command('trading').description('the kill switch every order-execution replica reads');
trading.command('halt').description('refuse every new order (stored rejected: kill_switch)').option('--reason <text>', 'why, kept with the switch').action((o: { reason?: string }) => tradingSwitch(true, o));
trading.command('resume').description('allow orders again').option('--reason <text>', 'why, kept with the switch').action((o: { reason?: string }) => tradingSwitch(false, o));
program.command('orders').description('the newest orders: status, filled quantity, average price, reason').option('--status <status>', 'only this status').option('--symbol <symbol>', 'only this symbol').option('--limit <n>', 'how many (default 50)', wholeNumber(1, 10_000)).action(orders);
program.command('positions').description('positions from fills with realized and unrealized P&L (latest close), commission included').option('--strategy <name>', 'only orders of this strategy').action(positions);
program
  .command('train')
  .description('enqueue a train job (walk-forward vs the baseline, promotion by rule) and show its progress until done')
  .requiredOption('--name <name>', 'model name (one active model per name)')
  .option('--kind <kind>', 'logistic | gbdt', 'logistic')
  .option('--type <type>', 'price_direction | momentum | volatility', 'price_direction')
  .requiredOption('--symbols <list>', 'comma-separated universe')
  .option('--interval <interval>', 'bar interval', '1h')
  .option('--source <source>', 'feature rows of this source', 'yahoo')
  .requiredOption('--start <iso>', 'training window start', isoInstant({ notInFuture: true }))
  .requiredOption('--end <iso>', 'training window end, exclusive', isoInstant())
  .option('--horizon <bars>', 'bars ahead the label looks', wholeNumber(1, 10_000), 1)
  .option('--embargo <bars>', 'instants between training and test folds (default: horizon)', wholeNumber(0, 10_000))
  .option('--features <list>', 'comma-separated features, or all', 'all')
  .option('--hyperparameters <json>', 'e.g. {"l2": 10}')
  .option('--seed <n>', 'seed', wholeNumber(0), 1)
  .option('--folds <n>', 'walk-forward test folds', wholeNumber(1, 100), 5)
  .option('--promote-above <x>', 'promote when the interval lower end exceeds this; never: stay candidate', (v: string) => (v === 'never' ? null : decimalNumber(v)), 0)
  .option('--no-wait', 'enqueue and return')
  .action((options: TrainOptions, command: Command) => train({ ...options, sourceDefaulted: command.getOptionValueSource('source') === 'default' }));
const models = program.command('models').description('the model registry');
models.command('list', { isDefault: true }).description('models, newest first').option('--name <name>').option('--status <status>', 'candidate | active | retired').option('--limit <n>', 'rows', wholeNumber(1, 10_000), 50).action(modelsList);
models
  .command('register')
  .description('register an ONNX model trained elsewhere as a candidate (input width checked, one inference run)')
  .requiredOption('--onnx <file>', 'the .onnx file: one float32 input [N, features]')
  .requiredOption('--features <list>', 'comma-separated feature names, in input order')
  .requiredOption('--type <type>', 'price_direction | momentum | volatility')
  .requiredOption('--name <name>', 'model name')
  .option('--interval <interval>', 'bar interval it predicts', '1h')
  .option('--source <source>', 'feature rows of this source', 'yahoo')
  .action(modelsRegister);
models.command('show').description("a model's parameters and metrics beside the baseline").argument('<model_id>').action(modelsShow);
const apiKeys = program.command('api-keys').description('keys of the HTTP API (stored hashed; roles read < enqueue < admin)');
apiKeys
  .command('create')
  .description('create a key and print it once')
  .requiredOption('--name <name>', 'who or what uses it')
  .requiredOption('--role <role>', 'read | enqueue | admin')
  .action(apiKeysCreate);
apiKeys.command('list').description('keys with role, creation and revocation (never a secret)').option('--active', 'leave out revoked keys').action(apiKeysList);
apiKeys.command('revoke').description('refuse a key from its next request on').argument('<key_id>').action(apiKeysRevoke);

const backtests = program.command('backtest').description('replay a strategy and a model over stored history through the live trading code; stored runs');
backtests
  .command('run', { isDefault: true })
  .description('run a backtest here and now: prints the report beside buy-and-hold, stores the run, writes report.json and chart.html')
  .option('--symbols <list>', 'comma-separated universe')
  .option('--universe <file>', 'a file with one ticker per line')
  .option('--interval <interval>', 'bar interval', '1h')
  .option('--source <source>', 'market_data and feature rows of this source', 'yahoo')
  .requiredOption('--start <iso>', 'first bar replayed (ISO 8601 with offset)')
  .requiredOption('--end <iso>', 'end of the range, exclusive')
  .option('--model <model_id>', 'a registered model (see `mlt models`)')
  .option('--walk-forward <kind>', 'logistic | gbdt: retrain on a rolling window instead of a registered model')
  .option('--features <list>', 'walk-forward: comma-separated features')
  .option('--train-size <instants>', 'walk-forward: bar times in each training window', '500')
  .option('--retrain-every <instants>', 'walk-forward: bar times each model predicts before the next is trained', '100')
  .option('--horizon <bars>', 'walk-forward: bars ahead the label looks', '1')
  .option('--embargo <bars>', 'walk-forward: extra bar times between training and prediction (default: horizon)')
  .option('--hyperparameters <json>', 'walk-forward: e.g. {"l2": 10}')
  .option('--seed <n>', 'walk-forward: seed', '1')
  .option('--strategy <kind>', 'strategy kind', 'direction-threshold')
  .option('--strategy-name <name>', 'name stored with its orders (default: the kind)')
  .option('--strategy-params <json>', 'e.g. {"confidenceThreshold": 0.6, "allowShort": true}')
  .option('--slippage-bps <bps>', 'market orders: next open moved against the order (default 5)')
  .option('--max-volume-share <x>', 'largest share of a bar\'s volume one order takes (default 0.1; none = no cap)')
  .option('--commission <json>', 'e.g. {"model": "per_share", "perShare": 0.005, "minimum": 1}')
  .option('--risk-limits <json>', 'risk limits as RISK_LIMITS takes them (default: the live defaults)')
  .option('--expire-after-bars <n>', 'bars an order may trade on before it expires (live: PAPER_EXPIRE_AFTER_BARS)', '1')
  .option('--cash <amount>', 'initial cash', '1000000')
  .option('--sweep-id <id>', 'runs of one parameter sweep share it (the deflated Sharpe ratio counts them)')
  .option('--correlation-id <id>', 'carry an id of your own')
  .option('--out <dir>', 'where report.json and chart.html go (a folder per run)', 'backtests')
  .action(backtest);
backtests.command('list').description('stored runs, newest first').option('--status <status>', 'running | succeeded | failed').option('--sweep-id <id>').option('--limit <n>', 'rows', '50').action(backtestList);
backtests.command('show').description("a stored run: parameters, counts, the report beside buy-and-hold").argument('<run_id>').option('--out <dir>', 'also write report.json and chart.html (a folder per run)').action(backtestShow);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  let endpoints: Endpoints | undefined;
  try {
    endpoints = loadConfig(process.env);
  } catch {
    // The command itself reports a bad configuration; describe the error without endpoints.
  }
  console.error(`error: ${describeFailure(error, endpoints)}`);
  // Exit now: a client still reconnecting in the background must not keep the command alive.
  process.exit(1);
}
