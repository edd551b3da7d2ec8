import { z } from 'zod';
import { ConfigError } from './config-error.ts';

// The HTTP API's own settings (services/api), kept in a block of their own: only the API reads
// them, and the rest of the configuration can change shape without touching them.

const integer = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { error: `${name} must be an integer` })
    .transform(Number)
    .pipe(z.number().min(min, { error: `${name} must be >= ${min}` }).max(max, { error: `${name} must be <= ${max}` }));

const apiEnvSchema = z.object({
  API_PORT: integer('API_PORT', 0, 65_535).default(8000),
  API_HOST: z.string().trim().min(1).default('0.0.0.0'),
  API_RATE_LIMIT_MAX: integer('API_RATE_LIMIT_MAX', 1, 1_000_000).default(600),
  API_RATE_LIMIT_WINDOW_MS: integer('API_RATE_LIMIT_WINDOW_MS', 1_000, 86_400_000).default(60_000),
  API_MAX_PAGE_SIZE: integer('API_MAX_PAGE_SIZE', 1, 100_000).default(5_000),
  API_TRUST_PROXY: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['true', 'false', '1', '0'], { error: 'API_TRUST_PROXY must be one of true, false, 1, 0' }))
    .transform((value) => value === 'true' || value === '1')
    .default(false),
});

export interface ApiConfig {
  /** Port of the HTTP API (0: the OS picks one, logged at start). */
  readonly port: number;
  readonly host: string;
  /** Requests one API key may make per window (across every replica: counted in Redis). */
  readonly rateLimitMax: number;
  readonly rateLimitWindowMs: number;
  /** Largest `limit` a paginated read accepts. */
  readonly maxPageSize: number;
  /** Take the client address from X-Forwarded-For (behind a load balancer), for user_action_logs. */
  readonly trustProxy: boolean;
  /**
   * market_data source positions are marked at when a request names none: order-execution's
   * EXECUTION_BAR_SOURCE (default INGEST_SOURCE, then yahoo), read here without the rest of its section.
   */
  readonly positionsSource: string;
}

/** Parses the API's variables; ConfigError lists every bad one. Empty values count as unset. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const present: Record<string, string> = {};
  for (const key of Object.keys(apiEnvSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') present[key] = value;
  }
  const result = apiEnvSchema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? '(environment)');
        return { variable, reason: issue.message.startsWith(`${variable} `) ? issue.message.slice(variable.length + 1) : issue.message };
      }),
    );
  }
  const raw = result.data;
  return Object.freeze({
    port: raw.API_PORT,
    host: raw.API_HOST,
    rateLimitMax: raw.API_RATE_LIMIT_MAX,
    rateLimitWindowMs: raw.API_RATE_LIMIT_WINDOW_MS,
    maxPageSize: raw.API_MAX_PAGE_SIZE,
    trustProxy: raw.API_TRUST_PROXY,
    positionsSource: env.EXECUTION_BAR_SOURCE?.trim() || env.INGEST_SOURCE?.trim() || 'yahoo',
  });
}
