// The backtest service process: the `backtest` worker.
import { loadConfig } from '@mltrading/config';
import { runService } from '@mltrading/service-kit';
import { backtestWorkers } from './workers.ts';

await runService({ name: 'backtest', config: loadConfig, workers: backtestWorkers() });
