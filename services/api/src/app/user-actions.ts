import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isIP } from 'node:net';
import type { ApiContext } from './api-context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The flow a request belongs to (an enqueued job's, a traced flow's); the request id otherwise. */
    correlationId?: string;
    /** `data_export` for CSV answers; `api_call` otherwise. */
    actionType?: string;
  }
}

/**
 * Every request becomes a `user_action` record on the log pipeline (the service's log shipper → the
 * `logs` queue → log-sink → user_action_logs): pushing only appends to a bounded buffer, so a
 * request never waits on Redis or PostgreSQL for its own record. The URL is recorded without its
 * query string values' secrets: keys never travel in the URL.
 */
export function registerUserActionLog(app: FastifyInstance, { service }: ApiContext): void {
  app.addHook('onResponse', async (request, reply) => {
    service.logRecords.push({
      kind: 'user_action',
      timestamp: new Date().toISOString(),
      actionType: request.actionType ?? 'api_call',
      userId: request.apiKey?.keyId ?? null,
      sessionId: sessionOf(request),
      ipAddress: isIP(request.ip) === 0 ? null : request.ip,
      userAgent: request.headers['user-agent'] ?? null,
      requestPath: request.url.slice(0, 200),
      requestMethod: request.method,
      responseStatus: reply.statusCode,
      durationMs: Math.max(0, reply.elapsedTime),
      correlationId: (request.correlationId ?? request.id).slice(0, 50),
      metadata: {
        route: request.routeOptions.url ?? null,
        ...(request.apiKey === undefined ? {} : { keyName: request.apiKey.name, role: request.apiKey.role }),
      },
    });
  });
}

// A front end (the dashboard) names its session; an API client usually has none.
function sessionOf(request: FastifyRequest): string | null {
  const session = request.headers['x-session-id'];
  return typeof session === 'string' && session !== '' ? session.slice(0, 100) : null;
}
