export { QUEUES, QUEUE_NAMES, isQueueName, type QueueName, type PayloadOf, type PayloadInput, type QueueContractOf } from './registry.ts';
export { defineQueue, type QueueContract, type ContractJobOptions } from './queue-contract.ts';
export { envelopeFields, CORRELATION_ID_MAX } from './envelope-fields.ts';
export {
  SYMBOL_PATTERN,
  INTERVALS,
  SOURCES,
  symbolSchema,
  intervalSchema,
  sourceSchema,
  isoDateTimeSchema,
  type Interval,
  type Source,
} from './market-fields.ts';
export { buildJobId, compactTimestamp, shortHash, jobIdProblem } from './job-id.ts';
export { ingestQueue, ingestPayloadSchema, MAX_INGEST_SYMBOLS } from './ingest.ts';
export { featuresQueue, featuresPayloadSchema } from './features.ts';
export { predictQueue, predictPayloadSchema, MAX_PREDICT_TIMESTAMPS } from './predict.ts';
export {
  trainQueue,
  trainPayloadSchema,
  TRAIN_MODEL_KINDS,
  TRAIN_PREDICTION_TYPES,
  TRAINABLE_FEATURES,
  MAX_TRAIN_SYMBOLS,
  DEFAULT_HYPERPARAMETERS,
  logisticHyperparametersSchema,
  gbdtHyperparametersSchema,
} from './train.ts';
export { backtestQueue, backtestPayloadSchema, MAX_BACKTEST_SYMBOLS } from './backtest.ts';
export { executeQueue, executePayloadSchema, MAX_EXECUTE_PREDICTIONS } from './execute.ts';
export {
  logsQueue,
  logsPayloadSchema,
  logRecordSchema,
  SYSTEM_LOG_LEVELS,
  MAX_LOG_RECORDS,
  type LogRecord,
  type LogRecordInput,
  type LogRecordKind,
} from './logs.ts';
export { parsePayload } from '../parse-payload.ts';
export { InvalidPayloadError } from '../errors/invalid-payload-error.ts';
export { formatIssues, payloadIssues, type PayloadIssue } from '../errors/format-issues.ts';
export {
  featuresMaintenanceQueue,
  featuresSweepQueue,
  logSinkMaintenanceQueue,
  predictionSweepQueue,
  predictionRetrainQueue,
  executionReconcileQueue,
  MAINTENANCE_QUEUES,
  MAINTENANCE_QUEUE_NAMES,
  type MaintenanceQueueContract,
  type MaintenanceQueueName,
  type MaintenanceDataOf,
} from './maintenance.ts';
