import { InvalidRequestError, NotFoundError } from '@mltrading/operations';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/**
 * One error shape `{ statusCode, error, message }`: invalid input → 400 naming every problem (and
 * nothing reaches the database or a queue), a refused operation → 400, something missing → 404.
 * Anything else is logged and answered 500 without its details.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const problems = error.validation.map((issue) => `${error.validationContext} ${issue.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(root)'}: ${issue.message}`);
      return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: problems.join('; '), issues: error.validation.map((i) => ({ path: i.instancePath, message: i.message })) });
    }
    if (error instanceof InvalidRequestError) return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: error.message });
    if (error instanceof NotFoundError) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: error.message });
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ statusCode: error.statusCode, error: error.name, message: error.message });
    }
    request.log.error({ err: error, url: request.url }, 'request failed');
    return reply.code(500).send({ statusCode: 500, error: 'Internal Server Error', message: 'the request failed; see the API logs' });
  });
}
