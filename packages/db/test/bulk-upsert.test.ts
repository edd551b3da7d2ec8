import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bulkUpsert, InvalidValueError } from '../src/index.ts';
import { createTestDatabase, upsertFeatureRows, type TestDatabase } from '../src/testing/index.ts';
import { featureRow } from './support/feature-row-factory.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());
beforeEach(async () => {
  await sql`TRUNCATE stock_info, feature_engineered_data, system_logs`.execute(t.db);
});

type InfoRow = { symbol: string; company_name?: string | null; sector?: string | null; market_cap?: number | null };
const upsertInfo = (rows: InfoRow[], format: 'auto' | 'text' | 'binary' = 'auto') =>
  bulkUpsert(t.db, {
    table: 'stock_info',
    columns: ['symbol', 'company_name', 'sector', 'market_cap'],
    conflictColumns: ['symbol'],
    rows,
    format,
  });

describe('bulkUpsert', () => {
  it('inserts, leaves identical rows alone and updates changed ones', async () => {
    const rows = [
      { symbol: 'AAPL', company_name: 'Apple', sector: 'Tech', market_cap: 3e12 },
      { symbol: 'MSFT', company_name: 'Microsoft', sector: 'Tech', market_cap: 2.9e12 },
    ];
    expect(await upsertInfo(rows)).toEqual({ inserted: 2, updated: 0 });
    const before = await t.db.selectFrom('stock_info').select(['symbol', 'updated_at']).orderBy('symbol').execute();

    expect(await upsertInfo(rows)).toEqual({ inserted: 0, updated: 0 });
    const after = await t.db.selectFrom('stock_info').select(['symbol', 'updated_at']).orderBy('symbol').execute();
    expect(after).toEqual(before);

    expect(await upsertInfo([{ ...rows[0]!, sector: 'Technology' }, rows[1]!, { symbol: 'NVDA' }])).toEqual({ inserted: 1, updated: 1 });
    const apple = await t.db.selectFrom('stock_info').selectAll().where('symbol', '=', 'AAPL').executeTakeFirstOrThrow();
    expect(apple).toMatchObject({ sector: 'Technology', company_name: 'Apple', market_cap: 3e12, source: 'yahoo' });
    expect(apple.updated_at.getTime()).toBeGreaterThan(before[0]!.updated_at.getTime());
  });

  it('keeps the last row of a conflict key within one batch', async () => {
    const result = await upsertInfo([
      { symbol: 'AAPL', sector: 'first' },
      { symbol: 'MSFT', sector: 'only' },
      { symbol: 'AAPL', sector: 'last' },
    ]);
    expect(result).toEqual({ inserted: 2, updated: 0 });
    const rows = await t.db.selectFrom('stock_info').select(['symbol', 'sector']).orderBy('symbol').execute();
    expect(rows).toEqual([{ symbol: 'AAPL', sector: 'last' }, { symbol: 'MSFT', sector: 'only' }]);
  });

  it('dedups on multi-column keys, Dates compared as instants', async () => {
    const a = featureRow('AAPL', new Date('2026-01-02T15:00:00Z'), 1);
    const b = featureRow('AAPL', new Date('2026-01-02T15:00:00Z'), 2);
    expect(await upsertFeatureRows(t.db, [a, b])).toEqual({ inserted: 1, updated: 0 });
    const stored = await t.db.selectFrom('feature_engineered_data').select('open').execute();
    expect(stored).toEqual([{ open: b.open }]);
  });

  it.each(['text', 'binary'] as const)('round-trips NULL, quotes, backslashes, tabs, newlines and unicode (%s COPY)', async (format) => {
    const tricky = [
      'plain',
      "O'Reilly \"quoted\"",
      'back\\slash \\N not null',
      'tab\there',
      'line\nbreak\r\nwindows',
      'ünïcødé — 株式会社 📈',
      '',
      '\\',
      ',;|"',
    ];
    const rows = tricky.map((name, i) => ({ symbol: `S${i}`, company_name: name, sector: null }));
    rows.push({ symbol: 'NULLS', company_name: null as unknown as string, sector: null });
    expect(await upsertInfo(rows, format)).toEqual({ inserted: rows.length, updated: 0 });
    expect(await upsertInfo(rows, format === 'text' ? 'binary' : 'text')).toEqual({ inserted: 0, updated: 0 });
    const stored = await t.db.selectFrom('stock_info').select(['symbol', 'company_name', 'sector']).execute();
    const bySymbol = new Map(stored.map((r) => [r.symbol, r]));
    tricky.forEach((name, i) => expect(bySymbol.get(`S${i}`)?.company_name).toBe(name));
    expect(bySymbol.get('NULLS')).toEqual({ symbol: 'NULLS', company_name: null, sector: null });
  });

  it('writes Dates as UTC instants and JSON values as JSON', async () => {
    const timestamp = new Date('2026-03-08T07:30:00Z'); // a US daylight-saving change day
    await sql`SET TIME ZONE 'America/New_York'`.execute(t.db);
    await bulkUpsert(t.db, {
      table: 'models',
      columns: ['model_id', 'name', 'version', 'model_type', 'parameters', 'created_at'],
      conflictColumns: ['model_id'],
      rows: [{ model_id: 'm', name: 'n', version: '1', model_type: 'rf', parameters: { trees: [1, 2], note: 'a\tb' }, created_at: timestamp }],
    });
    const model = await t.db.selectFrom('models').selectAll().executeTakeFirstOrThrow();
    expect(model.created_at.toISOString()).toBe(timestamp.toISOString());
    expect(model.parameters).toEqual({ trees: [1, 2], note: 'a\tb' });
    await sql`DELETE FROM models`.execute(t.db);
  });

  it.each([NaN, Infinity, -Infinity])('refuses %s, naming the column and row, and writes nothing', async (bad) => {
    const rows = [featureRow('AAPL', new Date('2026-01-02T15:00:00Z')), { ...featureRow('AAPL', new Date('2026-01-02T16:00:00Z')), rsi_1d: bad }];
    const error = await upsertFeatureRows(t.db, rows).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidValueError);
    expect((error as Error).message).toMatch(/column "rsi_1d" of row 1/);
    expect(await t.db.selectFrom('feature_engineered_data').select('id').execute()).toEqual([]);
    // The connection is usable again after the aborted COPY.
    expect(await upsertFeatureRows(t.db, rows.slice(0, 1))).toEqual({ inserted: 1, updated: 0 });
  });

  it('refuses values that do not fit the column in binary COPY', async () => {
    const at = new Date('2026-01-02T15:00:00Z');
    await expect(upsertFeatureRows(t.db, [{ ...featureRow('AAPL', at), hour: 1.5 }])).rejects.toThrow(/column "hour" of row 0: not a safe integer/);
    await expect(upsertFeatureRows(t.db, [{ ...featureRow('AAPL', at), hour: 40_000 }])).rejects.toThrow(/out of range for a 16-bit integer/);
    await expect(upsertFeatureRows(t.db, [{ ...featureRow('AAPL', at), date: '2026-02-30' }])).rejects.toThrow(/column "date" of row 0: not a YYYY-MM-DD date/);
    await expect(upsertInfo([{ symbol: 'A', market_cap: 1.5 }], 'binary')).rejects.toThrow(/"market_cap" of row 0/);
    await expect(
      bulkUpsert(t.db, { table: 'market_data', columns: ['symbol', 'timestamp', 'close'], conflictColumns: ['symbol', 'timestamp'], rows: [], format: 'binary' }),
    ).resolves.toEqual({ inserted: 0, updated: 0 });
    await expect(
      bulkUpsert(t.db, { table: 'market_data', columns: ['symbol', 'timestamp', 'source', 'close'], conflictColumns: ['symbol', 'timestamp', 'source'], rows: [{ symbol: 'A', timestamp: at, source: 'x', close: 1 }], format: 'binary' }),
    ).rejects.toThrow(/format 'binary' is not available/);
    expect(await t.db.selectFrom('feature_engineered_data').select('id').execute()).toEqual([]);
  });

  it('refuses an invalid Date', async () => {
    await expect(upsertFeatureRows(t.db, [{ ...featureRow('AAPL', new Date(0)), timestamp: new Date('nope') }])).rejects.toThrow(/column "timestamp" of row 0/);
  });

  it('runs inside the caller transaction and rolls back with it', async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        expect(await bulkUpsert(trx, { table: 'stock_info', columns: ['symbol'], conflictColumns: ['symbol'], rows: [] })).toEqual({ inserted: 0, updated: 0 });
        await bulkUpsert(trx, { table: 'stock_info', columns: ['symbol'], conflictColumns: ['symbol'], rows: [{ symbol: 'A' }] });
        // A second call in the same transaction stages again.
        await bulkUpsert(trx, { table: 'stock_info', columns: ['symbol'], conflictColumns: ['symbol'], rows: [{ symbol: 'B' }] });
        expect(await trx.selectFrom('stock_info').select('symbol').orderBy('symbol').execute()).toEqual([{ symbol: 'A' }, { symbol: 'B' }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await t.db.selectFrom('stock_info').select('symbol').execute()).toEqual([]);
  });

  it('does nothing on conflict when there is nothing to update', async () => {
    const write = () => bulkUpsert(t.db, { table: 'stock_info', columns: ['symbol', 'sector'], conflictColumns: ['symbol'], updateColumns: [], rows: [{ symbol: 'A', sector: 'x' }] });
    expect(await write()).toEqual({ inserted: 1, updated: 0 });
    expect(await write()).toEqual({ inserted: 0, updated: 0 });
  });

  it('checks its column lists', async () => {
    await expect(
      bulkUpsert(t.db, { table: 'stock_info', columns: ['symbol'], conflictColumns: ['sector'], rows: [{ symbol: 'A' }] }),
    ).rejects.toThrow(/"sector" is not among the written columns/);
  });

  it('writes a 20,000-row feature batch with all 106 features', async () => {
    const start = Date.UTC(2025, 0, 1);
    const rows = Array.from({ length: 20_000 }, (_, i) => featureRow(`S${i % 20}`, new Date(start + Math.floor(i / 20) * 3_600_000), i));
    expect(await upsertFeatureRows(t.db, rows)).toEqual({ inserted: 20_000, updated: 0 });
    expect(await upsertFeatureRows(t.db, rows)).toEqual({ inserted: 0, updated: 0 });
    const stored = await t.db.selectFrom('feature_engineered_data').selectAll().where('symbol', '=', 'S3').orderBy('timestamp').executeTakeFirstOrThrow();
    const expected = rows[3]!;
    for (const [column, value] of Object.entries(expected)) {
      expect(stored[column as keyof typeof stored], column).toEqual(value);
    }
    expect(stored).toMatchObject({ source: 'yahoo', feature_version: '3.0' });
  });
});
