import { CompiledQuery, type Kysely } from 'kysely';
import type pg from 'pg';
import type { Database } from '../schema/database.ts';

// Kysely keeps the pg client of a connection private, but COPY (pg-copy-streams) needs the client
// itself, on the same connection as the surrounding transaction. Every client of a pool made by
// createDb answers this marker "query" with itself instead of sending it to the server; the marker
// travels through Kysely's normal query path, so it reaches exactly the client of `db` or `trx`.
const RAW_CLIENT_MARKER = '/* mltrading:raw-client */ SELECT NULL AS client';

type QueryFn = (...args: unknown[]) => unknown;

/** Installs the marker answer on each new client of the pool (called once by createDb). */
export function exposeRawClients(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as QueryFn;
    const answering: QueryFn = (...args) =>
      args[0] === RAW_CLIENT_MARKER
        ? Promise.resolve({ command: 'SELECT', rowCount: 1, rows: [{ client }] })
        : query(...args);
    client.query = answering as typeof client.query;
  });
}

/** The pg client behind `db`; meaningful only on a single connection (a transaction). */
export async function rawClientOf(db: Kysely<Database>): Promise<pg.PoolClient> {
  const { rows } = await db.executeQuery<{ client: pg.PoolClient | null }>(CompiledQuery.raw(RAW_CLIENT_MARKER));
  const client = rows[0]?.client;
  if (!client) {
    throw new Error('This Kysely instance was not created by createDb(): COPY needs the pg client behind it');
  }
  return client;
}
