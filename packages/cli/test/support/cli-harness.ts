import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRedisConnection } from '@mltrading/queues';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import pg from 'pg';

const mlt = fileURLToPath(new URL('../../bin/mlt.mjs', import.meta.url));
const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
export const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The real `mlt` command as a child process, against a database that does not exist yet (`db
 * migrate` creates it) and a Redis key prefix of its own; `cleanUp()` drops both.
 */
export function cliHarness(name: string, extraEnv: Record<string, string> = {}) {
  const databaseName = `mlt_test_${name}_${process.pid}_${Date.now()}`;
  const databaseUrl = adminUrl.replace(/\/[^/]*$/, `/${databaseName}`);
  const prefix = uniquePrefix();
  const env = { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, ...extraEnv };
  return {
    databaseUrl,
    prefix,
    env,
    /** Blocks until mlt exits. */
    run(...args: string[]): CliRun {
      const result = spawnSync(process.execPath, [mlt, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    /** Does not block this process, so pipes of services it started keep draining. */
    runAsync(...args: string[]): Promise<CliRun> {
      return new Promise((resolve) => {
        execFile(process.execPath, [mlt, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
        });
      });
    },
    async cleanUp(): Promise<void> {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
      await admin.end();
      const connection = createRedisConnection(redisUrl, 'worker');
      await obliteratePrefix(connection, prefix);
      await connection.quit();
    },
  };
}
