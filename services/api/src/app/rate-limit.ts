import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from './api-context.ts';

/**
 * Requests per key and window, counted in Redis so every replica shares the count; the limit runs
 * after authentication (preHandler), so the bucket is the key's id, never a guessable address.
 * Unauthenticated routes (docs, metrics) are not counted. Should Redis not answer, requests pass
 * (the reads still work; enqueues fail on their own).
 */
export async function registerRateLimit(app: FastifyInstance, { service, api }: ApiContext): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    max: api.rateLimitMax,
    timeWindow: api.rateLimitWindowMs,
    redis: service.redis,
    nameSpace: `${service.config.queuePrefix}:api-rate-limit:`,
    skipOnError: true,
    allowList: (request) => request.apiKey === undefined,
    keyGenerator: (request) => request.apiKey?.keyId ?? request.ip,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `rate limit of ${context.max} requests per ${Math.round(api.rateLimitWindowMs / 1000)} s for this API key reached; retry in ${context.after}`,
    }),
  });
}
