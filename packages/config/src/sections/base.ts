// What every process reads: its stores, its logging, its telemetry and its health endpoint.
import { z } from 'zod';
import { booleanFlag, choice, integer, urlWithScheme } from '../fields.ts';
import { defineSection } from '../section.ts';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
const NODE_ENVS = ['development', 'test', 'production'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type NodeEnv = (typeof NODE_ENVS)[number];

/** The configuration every process has; each service's configuration extends it with its own section. */
export interface BaseConfig {
  readonly nodeEnv: NodeEnv;
  readonly serviceName: string | undefined;
  readonly databaseUrl: string;
  readonly databasePoolSize: number;
  readonly redisUrl: string;
  /**
   * Start even when Redis's maxmemory-policy may evict keys (an evicted job is lost work); by
   * default a service refuses to start on such a Redis.
   */
  readonly redisAllowEviction: boolean;
  readonly queuePrefix: string;
  readonly logLevel: LogLevel;
  readonly logPretty: boolean;
  readonly workerConcurrency: number;
  readonly shutdownTimeoutMs: number;
  /** 0 lets the OS pick a free port (the bound port is then logged by the service). */
  readonly healthPort: number;
  readonly otelExporterOtlpEndpoint: string | undefined;
}

export const baseSection = defineSection({
  name: 'base',
  variables: {
    NODE_ENV: z.enum(NODE_ENVS, { error: `NODE_ENV must be one of ${NODE_ENVS.join(', ')}` }).default('development'),
    SERVICE_NAME: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._-]{1,100}$/, { error: 'SERVICE_NAME may only contain letters, digits, ".", "_" and "-" (max 100)' })
      .optional(),
    DATABASE_URL: urlWithScheme('DATABASE_URL', ['postgres', 'postgresql']).default('postgres://root@127.0.0.1:5432/mltrading'),
    DATABASE_POOL_SIZE: integer('DATABASE_POOL_SIZE', 1, 1000).default(10),
    REDIS_URL: urlWithScheme('REDIS_URL', ['redis', 'rediss']).default('redis://127.0.0.1:6379'),
    REDIS_ALLOW_EVICTION: booleanFlag('REDIS_ALLOW_EVICTION').default(false),
    // BullMQ joins prefix and queue name with ':' in its keys, so a ':' here would corrupt the key space.
    QUEUE_PREFIX: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,50}$/, { error: 'QUEUE_PREFIX may only contain letters, digits, "_" and "-" (max 50)' })
      .default('mlt'),
    LOG_LEVEL: choice('LOG_LEVEL', LOG_LEVELS).default('info'),
    LOG_PRETTY: booleanFlag('LOG_PRETTY').default(false),
    WORKER_CONCURRENCY: integer('WORKER_CONCURRENCY', 1, 1000).default(4),
    SHUTDOWN_TIMEOUT_MS: integer('SHUTDOWN_TIMEOUT_MS', 0, 3_600_000).default(30_000),
    HEALTH_PORT: integer('HEALTH_PORT', 0, 65_535).default(0),
    OTEL_EXPORTER_OTLP_ENDPOINT: urlWithScheme('OTEL_EXPORTER_OTLP_ENDPOINT', ['http', 'https']).optional(),
  },
  read: (raw): BaseConfig => ({
    nodeEnv: raw.NODE_ENV,
    serviceName: raw.SERVICE_NAME,
    databaseUrl: raw.DATABASE_URL,
    databasePoolSize: raw.DATABASE_POOL_SIZE,
    redisUrl: raw.REDIS_URL,
    redisAllowEviction: raw.REDIS_ALLOW_EVICTION,
    queuePrefix: raw.QUEUE_PREFIX,
    logLevel: raw.LOG_LEVEL,
    logPretty: raw.LOG_PRETTY,
    workerConcurrency: raw.WORKER_CONCURRENCY,
    shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT_MS,
    healthPort: raw.HEALTH_PORT,
    otelExporterOtlpEndpoint: raw.OTEL_EXPORTER_OTLP_ENDPOINT,
  }),
});
