import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, databaseNameOf, ensureDatabase } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
});
afterAll(() => t?.drop());

describe('createDb', () => {
  it('reads INT8 and NUMERIC as numbers, DATE as its string, TIMESTAMPTZ as Date', async () => {
    const { rows } = await sql<Record<string, unknown>>`
      SELECT 9007199254740991::int8 AS big, 123.4567::numeric(10,4) AS price, DATE '2026-03-08' AS day,
             TIMESTAMPTZ '2026-03-08T07:30:00Z' AS at, COUNT(*) AS n FROM generate_series(1, 3)`.execute(t.db);
    expect(rows[0]).toEqual({ big: 9007199254740991, price: 123.4567, day: '2026-03-08', at: new Date('2026-03-08T07:30:00Z'), n: 3 });
  });

  it("leaves pg's global type parsers alone", async () => {
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT 1::int8 AS n, DATE \'2026-03-08\' AS day');
      expect(typeof rows[0].n).toBe('string');
      expect(rows[0].day).toBeInstanceOf(Date);
    } finally {
      await client.end();
    }
  });
  it('survives the death of an idle connection (server restart, terminated backend) and reports it', async () => {
    const lost: Error[] = [];
    const db = createDb(t.url, { poolSize: 1, applicationName: 'mlt-idle-probe', onIdleConnectionError: (error) => lost.push(error) });
    try {
      await sql`SELECT 1`.execute(db);
      const admin = new pg.Client({ connectionString: t.url });
      await admin.connect();
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'mlt-idle-probe'`);
      await admin.end();
      await expect.poll(() => lost.length).toBe(1);
      expect((lost[0] as Error & { code?: string }).code).toBe('57P01'); // admin_shutdown
      const { rows } = await sql<{ x: number }>`SELECT 2 AS x`.execute(db);
      expect(rows).toEqual([{ x: 2 }]);
    } finally {
      await db.destroy();
    }
  });

  it('survives the death of a connection in use (inside a transaction, between statements): the transaction fails, the pool goes on', async () => {
    const lost: Error[] = [];
    const idle: Error[] = [];
    const db = createDb(t.url, {
      poolSize: 1,
      applicationName: 'mlt-busy-probe',
      onBusyConnectionError: (error) => lost.push(error),
      onIdleConnectionError: (error) => idle.push(error),
    });
    try {
      const attempt = db.transaction().execute(async (trx) => {
        await sql`SELECT 1`.execute(trx);
        const admin = new pg.Client({ connectionString: t.url });
        await admin.connect();
        await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'mlt-busy-probe'`);
        await admin.end();
        // The client is checked out and idle in the transaction: nothing but our listener hears it die.
        await expect.poll(() => lost.length).toBe(1);
        await sql`SELECT 2`.execute(trx);
      });
      await expect(attempt).rejects.toThrow();
      expect(idle).toEqual([]);
      const { rows } = await sql<{ x: number }>`SELECT 3 AS x`.execute(db);
      expect(rows).toEqual([{ x: 3 }]);
    } finally {
      await db.destroy();
    }
  });
});

describe('databaseNameOf', () => {
  it('returns the decoded database of a URL', () => {
    expect(databaseNameOf('postgres://root@127.0.0.1:5432/mltrading')).toBe('mltrading');
    expect(databaseNameOf('postgres://u:p@h/my%20db?sslmode=disable')).toBe('my db');
    expect(() => databaseNameOf('postgres://u:secret@h:5432')).toThrow(/names no database: postgres:\/\/u:\*\*\*@h:5432/);
  });
});

describe('ensureDatabase', () => {
  it('creates a missing database once', async () => {
    const url = new URL(t.url);
    url.pathname = `/${databaseNameOf(t.url)}_ensured`;
    try {
      expect(await ensureDatabase(url.toString())).toBe(true);
      expect(await ensureDatabase(url.toString())).toBe(false);
      const db = createDb(url.toString(), { poolSize: 1 });
      const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(db);
      await db.destroy();
      expect(rows[0]?.name).toBe(databaseNameOf(url.toString()));
    } finally {
      const admin = new pg.Client({ connectionString: t.url });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${databaseNameOf(url.toString())}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
