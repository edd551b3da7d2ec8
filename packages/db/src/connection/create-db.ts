import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../schema/database.ts';
import { exposeRawClients } from './raw-client.ts';

export interface CreateDbOptions {
  /** Maximum connections in the pool (pg's default is 10). */
  poolSize?: number;
  /** Reported as application_name in pg_stat_activity. */
  applicationName?: string;
  /**
   * Called when an idle pooled connection dies (server restart, failover, an administrator or a
   * proxy ending it). The pool has already discarded it and the next query opens a new one, so
   * this is for logging; without it such an error is dropped.
   */
  onIdleConnectionError?: (error: Error) => void;
  /**
   * Called when a connection in use dies (checked out for a query, a transaction or a COPY). The
   * query or transaction on it already fails with the same error, and the pool discards the
   * connection when it is released, so this too is for logging.
   */
  onBusyConnectionError?: (error: Error) => void;
}

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

const toNumber = (value: string) => Number(value);
const asIs = (value: string) => value;

// Parsers live on the pool's own clients, not on pg's global registry, so importing this package
// never changes how another pg user in the same process reads values.
// - INT8: ids and volumes stay far below 2^53, and strings would leak into every caller.
// - NUMERIC: prices are DECIMAL(10,4); doubles hold them exactly enough for this domain.
// - DATE: a calendar date has no time zone; turning it into a Date would shift it by the offset.
// - TIMESTAMPTZ keeps pg's default: a JS Date.
const poolTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (format !== 'binary') {
      if (oid === INT8 || oid === NUMERIC) return toNumber;
      if (oid === DATE) return asIs;
    }
    return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
  },
} as pg.CustomTypesConfig;

/** A typed Kysely instance over a pg Pool. Call `db.destroy()` to close the pool. */
export function createDb(url: string, opts: CreateDbOptions = {}): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    types: poolTypes,
    // A connection cut without a FIN or RST (a dead host, a dropped NAT entry) is otherwise noticed
    // only when the server's answer never comes: TCP keepalive turns that into an error.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    ...(opts.applicationName ? { application_name: opts.applicationName } : {}),
  });
  // pg emits the death of an idle client on the pool; an 'error' event nobody listens to would
  // crash the process, so a server restart would take every service down with it.
  pool.on('error', (error) => opts.onIdleConnectionError?.(error));
  // pg-pool listens on a client only while it is idle: a connection that dies while checked out
  // (ECONNRESET or EPIPE under a query, a backend terminated between the statements of a
  // transaction, a COPY stream) emits 'error' on the client with no listener, which would crash
  // the process. The query in flight is rejected with the error anyway, and release() drops a
  // client that is no longer queryable, so listening is all it takes.
  const lent = new WeakSet<pg.PoolClient>();
  pool.on('acquire', (client) => lent.add(client));
  pool.on('release', (_error, client) => lent.delete(client));
  pool.on('connect', (client) => {
    client.on('error', (error: Error) => {
      // An idle client's death is reported through the pool's 'error' above.
      if (lent.has(client)) opts.onBusyConnectionError?.(error);
    });
  });
  exposeRawClients(pool);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
