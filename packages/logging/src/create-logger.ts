import { pino, type DestinationStream, type Level, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import { callerSite } from './call-site.ts';
import { currentCorrelation } from './correlation-context.ts';
import { REDACTED, createJsonScrubber } from './redact-secrets.ts';

export interface CreateLoggerOptions {
  /** Service or component name, written as `name` on every record. */
  name: string;
  level?: Level;
  /** Human-readable output through pino-pretty; JSON lines otherwise. */
  pretty?: boolean;
  /** Exact secret values (see `secretValues` in @mltrading/config) that must never be written. */
  secrets?: readonly string[];
  /** Where records go; stdout when omitted. Tests pass a stream to capture output. */
  destination?: DestinationStream;
  /**
   * Also receives every record as its final, already scrubbed JSON line (no trailing newline), e.g.
   * to feed a log shipper. Called synchronously inside the log call: it must be cheap and must not
   * throw or log through this logger.
   */
  tap?: (line: string) => void;
  /**
   * Records where each log call was made as `callSite: { module, function, line }` (system_logs'
   * module, function_name and line_number). On by default; costs a few microseconds per line.
   */
  callSites?: boolean;
}

const SENSITIVE_KEYS = ['password', 'passwd', 'secret', 'token', 'apiKey', 'api_key', 'authorization', 'cookie'];

// Key-based redaction by pino covers the top level and one level down (pino wildcards are not
// recursive); secret values at any depth are caught by the line scrubber below.
export const REDACT_PATHS: readonly string[] = [
  ...SENSITIVE_KEYS,
  ...SENSITIVE_KEYS.map((key) => `*.${key}`),
  'accessToken',
  'refreshToken',
  'clientSecret',
  'secretKey',
  '*.accessToken',
  '*.secretKey',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["x-api-key"]',
  'headers["apca-api-key-id"]',
  'headers["apca-api-secret-key"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["x-api-key"]',
  '*.headers["apca-api-secret-key"]',
];

/**
 * A pino logger whose every record carries the current correlation id and which never writes a
 * secret: sensitive keys are censored by pino, and the serialized line is scrubbed of connection
 * string passwords, token patterns and the configured secret values (message, err.stack, nested
 * strings and child bindings alike, since scrubbing happens on the final line).
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const scrubLine = createJsonScrubber(options.secrets);
  const withCallSites = options.callSites ?? true;

  const loggerOptions: LoggerOptions = {
    name: options.name,
    level: options.level ?? 'info',
    timestamp: pino.stdTimeFunctions.isoTime,
    // Labels rather than numbers: readable in raw JSON and what the log tables store.
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    mixin() {
      const context = currentCorrelation();
      const site = withCallSites ? callerSite() : undefined;
      return {
        ...(context === undefined ? {} : { correlationId: context.correlationId }),
        ...(site === undefined ? {} : { callSite: site }),
      };
    },
    hooks: { streamWrite: scrubLine },
  };

  const main: DestinationStream | undefined =
    options.pretty === true
      ? pretty({ destination: options.destination ?? 1, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,callSite' })
      : options.destination;
  if (options.tap === undefined) return main === undefined ? pino(loggerOptions) : pino(loggerOptions, main);

  const tap = options.tap;
  const tapStream: DestinationStream = {
    write(line: string) {
      try {
        tap(line.endsWith('\n') ? line.slice(0, -1) : line);
      } catch {
        // A failing tap must never break the caller's log call (and so never the trading path).
      }
    },
  };
  // The logger's own level filters first (streams accept everything, so a later change of
  // `logger.level` applies to both); both streams see the same scrubbed line.
  const streams = [
    { level: 'trace' as Level, stream: main ?? pino.destination(1) },
    { level: 'trace' as Level, stream: tapStream },
  ];
  return pino(loggerOptions, pino.multistream(streams));
}
