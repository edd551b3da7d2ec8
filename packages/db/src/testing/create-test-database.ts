import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { createDb } from '../connection/create-db.ts';
import { quoteIdentifier } from '../connection/ensure-database.ts';
import { migrateToLatest } from '../migrator/migrate.ts';
import type { Database } from '../schema/database.ts';

export const DEFAULT_TEST_ADMIN_URL = 'postgres://root@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  db: Kysely<Database>;
  /** Closes the pool and drops the database (connections still open elsewhere are terminated). */
  drop(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** Run every migration first (default true). */
  migrate?: boolean;
  /** Server to create it on; defaults to TEST_DATABASE_ADMIN_URL, then DEFAULT_TEST_ADMIN_URL. */
  adminUrl?: string;
  poolSize?: number;
}

async function withAdmin<R>(adminUrl: string, work: (client: pg.Client) => Promise<R>): Promise<R> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, uniquely named database (`mlt_test_<random>`) for one test file, so files can run in
 * parallel without seeing each other's rows. Test fixtures read the environment directly: they run
 * outside any service's config module.
 */
export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = options.adminUrl ?? process.env['TEST_DATABASE_ADMIN_URL'] ?? DEFAULT_TEST_ADMIN_URL;
  const name = `mlt_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${quoteIdentifier(name)}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), { poolSize: options.poolSize ?? 5, applicationName: 'mltrading-test' });
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await db.destroy();
    await withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`));
  };
  try {
    if (options.migrate ?? true) await migrateToLatest(db);
  } catch (error) {
    await drop();
    throw error;
  }
  return { url: url.toString(), db, drop };
}
