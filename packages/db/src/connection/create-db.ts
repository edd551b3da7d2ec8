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
    ...(opts.applicationName ? { application_name: opts.applicationName } : {}),
  });
  // pg emits the death of an idle client on the pool; an 'error' event nobody listens to would
  // crash the process, so a server restart would take every service down with it.
  pool.on('error', (error) => opts.onIdleConnectionError?.(error));
  exposeRawClients(pool);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
