// The order-execution service process: the `execute` worker and the periodic reconciliation with the
// broker (plus the sweep of undecided predictions), sharing one runtime.
import { loadOrderExecutionConfig } from '@mltrading/config';
import { runService } from '@mltrading/service-kit';
import { ExecutionRuntime } from './execution/execution-runtime.ts';
import { reconcileTask } from './reconciliation/reconcile-task.ts';
import { executionWorkers } from './workers.ts';

const runtime = new ExecutionRuntime();
await runService({ name: 'order-execution', config: loadOrderExecutionConfig, workers: executionWorkers(runtime), tasks: [reconcileTask(runtime)] });
