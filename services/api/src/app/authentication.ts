import type { ApiKeyRole, Database } from '@mltrading/db';
import { authenticateApiKey, roleAllows, type ApiKeyInfo } from '@mltrading/operations';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's key, once authenticated. */
    apiKey?: ApiKeyInfo;
  }
  interface FastifyContextConfig {
    /** The least role a route needs; routes without one are public (docs, metrics). */
    role?: ApiKeyRole;
    /** Answer 401 with a Basic challenge, so a browser asks for the key (bull-board). */
    basicChallenge?: boolean;
  }
}

/**
 * The key as presented: `Authorization: Bearer <key>`, `X-API-Key: <key>`, or HTTP Basic with the
 * key as password (what a browser can send to bull-board).
 */
export function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header !== '') return header.trim();
  const authorization = request.headers.authorization;
  if (authorization === undefined) return undefined;
  const [scheme, value] = authorization.split(/\s+/, 2);
  if (value === undefined) return undefined;
  if (scheme?.toLowerCase() === 'bearer') return value;
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? undefined : decoded.slice(colon + 1);
  }
  return undefined;
}

function refuse(reply: FastifyReply, status: 401 | 403, message: string, basic: boolean): FastifyReply {
  if (status === 401) reply.header('www-authenticate', basic ? 'Basic realm="mltrading admin", charset="UTF-8"' : 'Bearer realm="mltrading"');
  return reply.code(status).send({ statusCode: status, error: status === 401 ? 'Unauthorized' : 'Forbidden', message });
}

/**
 * Checks the key of every request to a route that names a role, before its body is parsed: no
 * key or an unknown one → 401, a revoked one → 401 saying so, a role too low → 403.
 */
export function registerAuthentication(app: FastifyInstance, db: Kysely<Database>): void {
  app.addHook('onRequest', async (request, reply) => {
    const needed = request.routeOptions.config?.role;
    if (needed === undefined) return;
    const basic = request.routeOptions.config.basicChallenge === true;
    const key = presentedKey(request);
    if (key === undefined) return refuse(reply, 401, 'an API key is required (Authorization: Bearer <key> or X-API-Key)', basic);
    const check = await authenticateApiKey(db, key);
    if (!check.ok) return refuse(reply, 401, check.reason === 'revoked' ? 'this API key has been revoked' : 'invalid API key', basic);
    request.apiKey = check.key;
    if (!roleAllows(check.key.role, needed)) return refuse(reply, 403, `this endpoint needs role ${needed} (the key has role ${check.key.role})`, basic);
  });
}
