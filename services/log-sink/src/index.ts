export { writeLogBatch, type WriteLogBatchResult } from './write-log-batch.ts';
export { logRecordRows, type LogRows } from './log-record-rows.ts';
export { directLogTransport } from './direct-log-transport.ts';
export { retentionTask, MAINTENANCE_QUEUE, RETENTION_SCHEDULER_ID, RETENTION_EVERY_MS } from './retention-task.ts';
export { workers } from './workers.ts';
