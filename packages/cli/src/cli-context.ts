import { ConfigError, loadConfig, type BaseConfig } from '@mltrading/config';
import { InvalidRequestError, NotFoundError } from '@mltrading/operations';
import { createRedisConnection } from '@mltrading/queues';
import type { Redis } from 'ioredis';

/**
 * The CLI reads the same environment as the services: the base section, or a service's sections for
 * a command that does that service's work (`load`). A bad variable stops it with the full list.
 */
export function cliConfig(): BaseConfig;
export function cliConfig<C extends BaseConfig>(load: (env: NodeJS.ProcessEnv) => C): C;
export function cliConfig(load: (env: NodeJS.ProcessEnv) => BaseConfig = loadConfig): BaseConfig {
  try {
    return load(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/** Prints a readable message and exits 1: the CLI's way to refuse bad input. */
export function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}

/** Awaits an operation; a request it refuses or a thing it cannot find ends the command like `fail`. */
export async function refusing<T>(operation: () => T | Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof InvalidRequestError || error instanceof NotFoundError) fail(error.message);
    throw error;
  }
}

/**
 * A producer connection to Redis (fails fast, per BullMQ's guide) that is ready, or the error of
 * the first failed attempt (say ECONNREFUSED) instead of a command that waits and retries forever.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const connection = createRedisConnection(url, 'producer', { lazyConnect: true });
  let firstError: Error | undefined;
  const remember = (error: Error) => {
    firstError ??= error;
  };
  connection.on('error', remember);
  try {
    await connection.connect();
  } catch (error) {
    connection.disconnect();
    // ioredis rejects with a bare "Connection is closed."; the error event said why.
    throw firstError ?? error;
  } finally {
    connection.off('error', remember);
  }
  return connection;
}
