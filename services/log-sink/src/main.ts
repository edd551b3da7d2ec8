// The log-sink service process: the shared start-up sequence with this service's workers.
import { loadLogSinkConfig, secretValues } from '@mltrading/config';
import { runService } from '@mltrading/service-kit';
import { directLogTransport } from './direct-log-transport.ts';
import { retentionTask } from './retention-task.ts';
import { workers } from './workers.ts';

await runService({
  name: 'log-sink',
  config: loadLogSinkConfig,
  workers,
  tasks: [retentionTask()],
  logTransport: (context) => directLogTransport(context, secretValues(context.config)),
});
