import { redactUrl } from '@mltrading/db';

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

export interface Endpoints {
  databaseUrl: string;
  redisUrl: string;
}

interface SystemError {
  code?: unknown;
  port?: unknown;
  message?: unknown;
}

function portOf(url: string): number {
  const parsed = new URL(url);
  if (parsed.port) return Number(parsed.port);
  return parsed.protocol.startsWith('redis') ? 6379 : 5432;
}

/**
 * One line an operator can act on, for an error that ended a command: which server did not answer
 * (its URL with the password hidden, and the variable to check), the database that is missing, a
 * refused login, or else the error's own message. Never a stack trace.
 */
export function describeFailure(error: unknown, endpoints: Endpoints | undefined): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SystemError;
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : String(error);
  if (endpoints === undefined || typeof e.code !== 'string') return message;

  if (UNREACHABLE.has(e.code)) {
    const servers = [
      { name: 'PostgreSQL', variable: 'DATABASE_URL', url: endpoints.databaseUrl },
      { name: 'Redis', variable: 'REDIS_URL', url: endpoints.redisUrl },
    ].filter((server) => portOf(server.url) === e.port);
    // The error names only a port; when both servers share it, say no more than the error does.
    if (servers.length !== 1) return `a server does not answer: ${message}`;
    const { name, variable, url } = servers[0]!;
    return `${name} does not answer at ${redactUrl(url)} (${message}); is it running, and is ${variable} right?`;
  }
  // SQLSTATE 3D000 invalid_catalog_name: the database is missing.
  if (e.code === '3D000') return `${message} at ${redactUrl(endpoints.databaseUrl)}; mlt db migrate creates it`;
  // SQLSTATE 28P01 invalid_password, 28000 invalid_authorization_specification.
  if (e.code === '28P01' || e.code === '28000') return `PostgreSQL refused the login at ${redactUrl(endpoints.databaseUrl)}: ${message}`;
  return message;
}
