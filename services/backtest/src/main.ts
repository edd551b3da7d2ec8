// The backtest service process: the `backtest` worker.
import { runService } from '@mltrading/service-kit';
import { backtestWorkers } from './workers.ts';

await runService({ name: 'backtest', workers: backtestWorkers() });
