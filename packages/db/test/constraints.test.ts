import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.insertInto('models').values({ model_id: 'm1', name: 'rf', version: '1', model_type: 'random_forest' }).execute();
  await t.db.insertInto('orders').values({ order_id: 'o1', symbol: 'AAPL', side: 'buy', quantity: 10 }).execute();
});
afterAll(() => t?.drop());

const bar = { symbol: 'AAPL', timestamp: new Date('2026-01-02T15:00:00Z'), open: 10, high: 11, low: 9, close: 10.5, volume: 100 };

/** Runs `write` and returns the error message it was refused with. */
async function refusal(write: () => Promise<unknown>): Promise<string> {
  try {
    await write();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the write was accepted');
}

describe('constraints name themselves when they refuse a write', () => {
  it.each([
    ['market_data_high_gte_low', () => t.db.insertInto('market_data').values({ ...bar, high: 8 }).execute()],
    ['market_data_prices_positive', () => t.db.insertInto('market_data').values({ ...bar, low: 0 }).execute()],
    ['market_data_volume_non_negative', () => t.db.insertInto('market_data').values({ ...bar, volume: -1 }).execute()],
    ['orders_side_valid', () => t.db.insertInto('orders').values({ order_id: 'o2', symbol: 'A', side: 'hold' as 'buy', quantity: 1 }).execute()],
    ['orders_quantity_positive', () => t.db.insertInto('orders').values({ order_id: 'o2', symbol: 'A', side: 'buy', quantity: 0 }).execute()],
    ['orders_status_valid', () => t.db.insertInto('orders').values({ order_id: 'o2', symbol: 'A', side: 'buy', quantity: 1, status: 'done' as 'filled' }).execute()],
    ['orders_order_type_valid', () => t.db.insertInto('orders').values({ order_id: 'o2', symbol: 'A', side: 'buy', quantity: 1, order_type: 'iceberg' as 'limit' }).execute()],
    ['fills_quantity_positive', () => t.db.insertInto('fills').values({ fill_id: 'f1', order_id: 'o1', symbol: 'AAPL', quantity: 0, price: 1, timestamp: new Date() }).execute()],
    ['fills_price_positive', () => t.db.insertInto('fills').values({ fill_id: 'f1', order_id: 'o1', symbol: 'AAPL', quantity: 1, price: 0, timestamp: new Date() }).execute()],
    ['fills_commission_non_negative', () => t.db.insertInto('fills').values({ fill_id: 'f1', order_id: 'o1', symbol: 'AAPL', quantity: 1, price: 1, commission: -0.01, timestamp: new Date() }).execute()],
    ['fills_order_id_fkey', () => t.db.insertInto('fills').values({ fill_id: 'f1', order_id: 'nope', symbol: 'AAPL', quantity: 1, price: 1, timestamp: new Date() }).execute()],
    ['predictions_model_id_fkey', () => t.db.insertInto('predictions').values({ prediction_id: 'p1', model_id: 'nope', symbol: 'AAPL', timestamp: new Date(), prediction_type: 'price_direction' }).execute()],
    ['predictions_confidence_range', () => t.db.insertInto('predictions').values({ prediction_id: 'p1', model_id: 'm1', symbol: 'AAPL', timestamp: new Date(), prediction_type: 'price_direction', confidence: 1.5 }).execute()],
    ['models_status_valid', () => t.db.insertInto('models').values({ model_id: 'm2', name: 'x', version: '1', model_type: 'x', status: 'deleted' as 'active' }).execute()],
    ['system_logs_level_valid', () => t.db.insertInto('system_logs').values({ level: 'TRACE' as 'INFO', logger_name: 'x', message: 'x' }).execute()],
    ['performance_logs_duration_non_negative', () => t.db.insertInto('performance_logs').values({ operation_name: 'x', duration_ms: -1, status: 'ok' }).execute()],
    ['orders_order_id_key', () => t.db.insertInto('orders').values({ order_id: 'o1', symbol: 'AAPL', side: 'sell', quantity: 1 }).execute()],
    ['models_model_id_key', () => t.db.insertInto('models').values({ model_id: 'm1', name: 'x', version: '1', model_type: 'x' }).execute()],
  ])('%s', async (constraint, write) => {
    expect(await refusal(write)).toContain(constraint);
  });

  it('market_data is unique per symbol, timestamp and source', async () => {
    await t.db.insertInto('market_data').values(bar).execute();
    expect(await refusal(() => t.db.insertInto('market_data').values(bar).execute())).toContain('market_data_symbol_timestamp_source_key');
    await t.db.insertInto('market_data').values({ ...bar, source: 'alpaca' }).execute();
  });

  it('feature rows are unique per symbol, timestamp, source and feature version', async () => {
    const row = { symbol: 'AAPL', timestamp: bar.timestamp };
    await t.db.insertInto('feature_engineered_data').values(row).execute();
    expect(await refusal(() => t.db.insertInto('feature_engineered_data').values(row).execute())).toContain('unique_symbol_timestamp_features');
    // A new feature version is stored beside the old one.
    await t.db.insertInto('feature_engineered_data').values({ ...row, feature_version: '3.1' }).execute();
  });
});

describe('updated_at triggers', () => {
  it.each(['stock_info', 'feature_engineered_data', 'orders', 'models'] as const)('%s', async (table) => {
    const old = new Date('2020-01-01T00:00:00Z');
    await sql`ALTER TABLE ${sql.table(table)} DISABLE TRIGGER USER`.execute(t.db);
    if (table === 'stock_info') await t.db.insertInto('stock_info').values({ symbol: 'MSFT' }).execute();
    await sql`UPDATE ${sql.table(table)} SET updated_at = ${old}`.execute(t.db);
    await sql`ALTER TABLE ${sql.table(table)} ENABLE TRIGGER USER`.execute(t.db);

    await sql`UPDATE ${sql.table(table)} SET created_at = created_at`.execute(t.db);
    const { rows } = await sql<{ updated_at: Date }>`SELECT updated_at FROM ${sql.table(table)}`.execute(t.db);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.updated_at.getTime()).toBeGreaterThan(old.getTime());
  });
});
