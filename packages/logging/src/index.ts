export { createLogger, REDACT_PATHS, type CreateLoggerOptions } from './create-logger.ts';
export {
  runWithCorrelation,
  currentCorrelation,
  currentCorrelationId,
  newCorrelationId,
  type CorrelationContext,
} from './correlation-context.ts';
export { redactSecrets, REDACTED, MIN_SECRET_LENGTH } from './redact-secrets.ts';
export { redactObject, isSensitiveKey } from './redact-object.ts';
export type { Logger, Level } from 'pino';
export { LogBuffer } from './log-buffer.ts';
export { callerSite, moduleName, type CallSite } from './call-site.ts';
