import { z } from 'zod';
import { CORRELATION_ID_MAX, envelopeFields } from './envelope-fields.ts';
import { issueMessage } from './issue-message.ts';
import { isoDateTimeSchema } from './market-fields.ts';
import { defineQueue } from './queue-contract.ts';
import { RETENTION } from './retention.ts';

export const MAX_LOG_RECORDS = 1000;

// Strings bound for VARCHAR(n) columns are cut to the column width instead of refused: one long
// logger name must not make the log sink drop (or endlessly retry) a whole batch of records.
const varchar = (width: number) => z.string({ error: issueMessage('must be a string') }).transform((value) => value.slice(0, width));
const optionalVarchar = (width: number) => varchar(width).nullish();
const text = z.string({ error: issueMessage('must be a string') });
const finiteNumber = z.number({ error: issueMessage('must be a number') }).finite();
const integer = z.number({ error: issueMessage('must be a number') }).int({ error: 'must be an integer' });

const commonFields = {
  timestamp: isoDateTimeSchema,
  correlationId: z.string().max(CORRELATION_ID_MAX).nullish(),
  metadata: z.record(z.string(), z.json()).nullish(),
};

export const SYSTEM_LOG_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;

const systemLogRecord = z.object({
  kind: z.literal('system'),
  ...commonFields,
  level: z.enum(SYSTEM_LOG_LEVELS, { error: issueMessage(`must be one of ${SYSTEM_LOG_LEVELS.join(', ')}`) }),
  loggerName: varchar(100),
  message: text,
  module: optionalVarchar(100),
  functionName: optionalVarchar(100),
  lineNumber: integer.nullish(),
  threadName: optionalVarchar(100),
  processId: integer.nullish(),
});

const performanceLogRecord = z.object({
  kind: z.literal('performance'),
  ...commonFields,
  operationName: varchar(100),
  durationMs: finiteNumber.min(0, { error: 'must be >= 0' }),
  status: varchar(20),
  component: optionalVarchar(50),
  memoryUsageMb: finiteNumber.nullish(),
  cpuUsagePercent: finiteNumber.nullish(),
});

const errorLogRecord = z.object({
  kind: z.literal('error'),
  ...commonFields,
  errorType: varchar(100),
  errorMessage: text,
  stackTrace: text.nullish(),
  component: optionalVarchar(50),
  userId: optionalVarchar(50),
  requestPath: optionalVarchar(200),
});

const tradingEventRecord = z.object({
  kind: z.literal('trading_event'),
  ...commonFields,
  eventType: varchar(50),
  symbol: optionalVarchar(20),
  side: optionalVarchar(10),
  quantity: finiteNumber.nullish(),
  price: finiteNumber.nullish(),
  orderId: optionalVarchar(100),
  strategy: optionalVarchar(50),
});

const userActionRecord = z.object({
  kind: z.literal('user_action'),
  ...commonFields,
  actionType: varchar(50),
  userId: optionalVarchar(50),
  sessionId: optionalVarchar(100),
  // INET column: an invalid address would fail the whole insert.
  ipAddress: z.union([z.ipv4(), z.ipv6()], { error: 'must be an IPv4 or IPv6 address' }).nullish(),
  userAgent: text.nullish(),
  requestPath: optionalVarchar(200),
  requestMethod: optionalVarchar(10),
  responseStatus: integer.nullish(),
  durationMs: finiteNumber.min(0, { error: 'must be >= 0' }).nullish(),
});

/** One row for one of the log tables, chosen by `kind`; fields are the table's columns in camelCase. */
export const logRecordSchema = z.discriminatedUnion(
  'kind',
  [systemLogRecord, performanceLogRecord, errorLogRecord, tradingEventRecord, userActionRecord],
  { error: issueMessage('kind must be one of system, performance, error, trading_event, user_action') },
);

export type LogRecord = z.output<typeof logRecordSchema>;
export type LogRecordInput = z.input<typeof logRecordSchema>;
export type LogRecordKind = LogRecord['kind'];

export const logsPayloadSchema = z.object({
  ...envelopeFields,
  records: z
    .array(logRecordSchema, { error: issueMessage('must be an array of log records') })
    .min(1, { error: 'must contain at least one record' })
    .max(MAX_LOG_RECORDS, { error: `must contain at most ${MAX_LOG_RECORDS} records` }),
});

export const logsQueue = defineQueue({
  name: 'logs',
  description: 'Batches of log records for the log sink to write into the log tables.',
  schema: logsPayloadSchema,
  defaultJobOptions: {
    // Generous: the sink's database being down for a while must not lose logs.
    attempts: 10,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: { age: 600, count: 1_000 },
    removeOnFail: RETENTION.failedWeek,
  },
  // Every batch is distinct; BullMQ assigns its own id.
  jobId: undefined,
});
