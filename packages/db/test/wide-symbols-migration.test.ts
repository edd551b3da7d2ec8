import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDown, migrateTo, migrateToLatest, migrationStatus } from '../src/index.ts';
import { createTestDatabase, upsertFeatureRows, type TestDatabase } from '../src/testing/index.ts';
import { hourlyFeatureRows } from './support/feature-row-factory.ts';

const MIGRATION = '2026-12-04T00-00-01_wide-symbols';
const SYMBOL_TABLES = [
  'market_data', 'stock_info', 'feature_engineered_data', 'feature_engine_state', 'predictions', 'orders', 'fills', 'trading_events',
] as const;

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

/** Reverts migrations (newest first) until the wide-symbols one is no longer applied. */
async function toSchemaBefore(): Promise<void> {
  for (;;) {
    const status = await migrationStatus(t.db);
    if (status.find((m) => m.name === MIGRATION)?.executedAt === null) return;
    await migrateDown(t.db, 1);
  }
}

async function symbolWidths(): Promise<Record<string, number | null>> {
  const { rows } = await sql<{ table_name: string; character_maximum_length: number | null }>`
    SELECT table_name, character_maximum_length FROM information_schema.columns
    WHERE table_schema = 'public' AND column_name = 'symbol' AND table_name = ANY(${[...SYMBOL_TABLES]})`.execute(t.db);
  return Object.fromEntries(rows.map((r) => [r.table_name, r.character_maximum_length]));
}

/** Every row of the tables with a symbol column (and both views), as text: what must survive. */
async function snapshot(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of [...SYMBOL_TABLES, 'mv_features_dashboard_summary', 'recent_system_activity']) {
    const { rows } = await sql<{ row: string }>`SELECT t::text AS row FROM ${sql.table(table)} t ORDER BY 1`.execute(t.db);
    out[table] = rows.map((r) => r.row);
  }
  return out;
}

async function insertRows(symbol: string, tag: string): Promise<void> {
  const at = new Date();
  at.setUTCMinutes(0, 0, 0);
  await sql`INSERT INTO market_data (symbol, timestamp, open, high, low, close, volume, source, correlation_id)
    VALUES (${symbol}, ${at}, 10.5, 11, 10, 10.75, 1000, 'yahoo', ${`c-${tag}`})`.execute(t.db);
  await sql`INSERT INTO stock_info (symbol, company_name, source) VALUES (${symbol}, ${`Company ${tag}`}, 'yahoo')`.execute(t.db);
  await upsertFeatureRows(t.db, hourlyFeatureRows([symbol], 3, at));
  await sql`INSERT INTO feature_engine_state (symbol, source, interval, feature_version, last_timestamp, bars_seen, state)
    VALUES (${symbol}, 'yahoo', '1h', '3.0', ${at}, 3, '{"k": 1}')`.execute(t.db);
  await sql`INSERT INTO models (model_id, name, version, model_type) VALUES (${`m-${tag}`}, 'model', '1', 'logistic')
    ON CONFLICT DO NOTHING`.execute(t.db);
  await sql`INSERT INTO predictions (prediction_id, model_id, symbol, timestamp, prediction_type, prediction_value, confidence)
    VALUES (${`p-${tag}`}, ${`m-${tag}`}, ${symbol}, ${at}, 'direction', 1, 0.6)`.execute(t.db);
  await sql`INSERT INTO orders (order_id, symbol, side, quantity) VALUES (${`o-${tag}`}, ${symbol}, 'buy', 3)`.execute(t.db);
  await sql`INSERT INTO fills (fill_id, order_id, symbol, quantity, price, timestamp)
    VALUES (${`f-${tag}`}, ${`o-${tag}`}, ${symbol}, 3, 10.8, ${at})`.execute(t.db);
  await sql`INSERT INTO trading_events (event_type, symbol, side, quantity, price, order_id, strategy)
    VALUES ('order_filled', ${symbol}, 'buy', 3, 10.8, ${`o-${tag}`}, 'test')`.execute(t.db);
  await sql`REFRESH MATERIALIZED VIEW mv_features_dashboard_summary`.execute(t.db);
}

describe(`migration ${MIGRATION}`, () => {
  it('widens every symbol column of a database with rows to 32 characters, losing nothing, and rolls back', async () => {
    await toSchemaBefore();
    expect(Object.values(await symbolWidths()).every((w) => w === 10 || w === 20), 'schema before the migration').toBe(true);
    await insertRows('AAPL', 'a');
    await insertRows('BRK-B', 'b');
    const before = await snapshot();
    expect(before['market_data']).toHaveLength(2);
    expect(before['mv_features_dashboard_summary']).toHaveLength(2);
    expect(before['recent_system_activity']).toHaveLength(2);
    await expect(sql`INSERT INTO market_data (symbol, timestamp, open, high, low, close, volume)
      VALUES ('0P000071W8.TO', now(), 1, 1, 1, 1, 0)`.execute(t.db), 'a fund symbol before').rejects.toThrow(/value too long/);

    await migrateTo(t.db, MIGRATION);
    expect(await symbolWidths()).toEqual(Object.fromEntries(SYMBOL_TABLES.map((table) => [table, 32])));
    expect(await snapshot(), 'rows and views after migrating forward').toEqual(before);
    // The views work and keep their unique index (REFRESH … CONCURRENTLY needs it).
    await sql`REFRESH MATERIALIZED VIEW CONCURRENTLY mv_features_dashboard_summary`.execute(t.db);
    expect(await snapshot(), 'after a concurrent refresh').toEqual(before);

    // A 13-character fund symbol fits now, and the views show it.
    await insertRows('0P000071W8.TO', 'c');
    const { rows } = await sql<{ symbol: string }>`SELECT symbol FROM mv_features_dashboard_summary ORDER BY symbol`.execute(t.db);
    expect(rows.map((r) => r.symbol)).toEqual(['0P000071W8.TO', 'AAPL', 'BRK-B']);
    const activity = await sql<{ summary: string }>`SELECT summary FROM recent_system_activity WHERE summary LIKE '%0P000071W8.TO%'`.execute(t.db);
    expect(activity.rows).toHaveLength(1);

    // Rolling back refuses while a symbol would not fit, naming it, and changes nothing.
    await expect(migrateDown(t.db, 1)).rejects.toThrow(/cannot narrow market_data\.symbol back to VARCHAR\(10\).*0P000071W8\.TO/);
    expect((await symbolWidths())['market_data']).toBe(32);

    for (const table of ['fills', 'orders', 'predictions', 'feature_engine_state', 'feature_engineered_data', 'stock_info', 'market_data', 'trading_events']) {
      await sql`DELETE FROM ${sql.table(table)} WHERE symbol = '0P000071W8.TO'`.execute(t.db);
    }
    await sql`REFRESH MATERIALIZED VIEW mv_features_dashboard_summary`.execute(t.db);
    const reverted = await migrateDown(t.db, 1);
    expect(reverted.map((r) => [r.migrationName, r.status])).toEqual([[MIGRATION, 'Success']]);
    const widths = await symbolWidths();
    expect(widths).toEqual({ ...Object.fromEntries(SYMBOL_TABLES.map((table) => [table, 10])), trading_events: 20 });
    expect(await snapshot(), 'rows and views after rolling back').toEqual(before);

    await migrateToLatest(t.db);
    expect((await symbolWidths())['feature_engine_state']).toBe(32);
  });
});
