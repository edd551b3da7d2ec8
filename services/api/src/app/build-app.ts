import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { newCorrelationId } from '@mltrading/logging';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { registerBullBoard } from '../routes/bull-board.ts';
import { registerEnqueueRoutes } from '../routes/enqueue-routes.ts';
import { registerReadRoutes } from '../routes/read-routes.ts';
import type { ApiContext } from './api-context.ts';
import { registerAuthentication } from './authentication.ts';
import { registerErrorHandler } from './errors.ts';
import { registerMetrics } from './metrics.ts';
import { registerRateLimit } from './rate-limit.ts';
import { registerUserActionLog } from './user-actions.ts';

export const OPENAPI_PATH = '/openapi.json';
export const DOCS_PATH = '/docs';

// A caller may name the flow a request belongs to; anything else gets a fresh id.
const CORRELATION_HEADER = /^[\x21-\x7E]{1,50}$/;

/**
 * The HTTP API as a Fastify instance (not listening): authentication, rate limit, user-action
 * records, metrics, the routes, the OpenAPI document (from the same zod schemas that validate) with
 * its interactive page, bull-board for admins.
 */
export async function buildApp(context: ApiContext): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; typing it as such keeps the instance the plain FastifyInstance.
    loggerInstance: context.service.logger as FastifyBaseLogger,
    // Requests are recorded in user_action_logs; a log line per request would only double them.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: context.api.trustProxy,
    bodyLimit: 4 * 1024 * 1024,
    genReqId: (request) => {
      const given = request.headers['x-correlation-id'];
      return typeof given === 'string' && CORRELATION_HEADER.test(given) ? given : newCorrelationId();
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-correlation-id', request.correlationId ?? request.id);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'mltrading API', version: '1.0.0', description: 'Enqueue pipeline jobs and read what the pipeline stored. Every request needs an API key (`mlt api-keys create`).' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer mlt_<id>_<secret>' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PATH });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());

  registerAuthentication(app, context.service.db);
  await registerRateLimit(app, context);
  registerUserActionLog(app, context);
  registerMetrics(app);
  registerEnqueueRoutes(app, context);
  registerReadRoutes(app, context);
  const closeBoard = await registerBullBoard(app, context);
  app.addHook('onClose', closeBoard);
  return app;
}
