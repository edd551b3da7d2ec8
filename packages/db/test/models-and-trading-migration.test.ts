import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDown, migrateToLatest, migrationStatus } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

const MIGRATION = '2026-12-04T00-00-20_models-and-trading';
const NEW_TABLES = ['backtest_equity', 'backtest_fills', 'backtest_orders', 'backtest_runs', 'model_artifacts', 'trading_controls'];

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

/** Reverts migrations (newest first) until this one is pending, so later migrations cannot break the test. */
async function revertThisMigration(): Promise<void> {
  for (;;) {
    const status = await migrationStatus(t.db);
    const mine = status.find((m) => m.name === MIGRATION);
    if (!mine) throw new Error(`migration ${MIGRATION} not found`);
    if (mine.executedAt === null) return;
    await migrateDown(t.db, 1);
  }
}

async function tables(): Promise<string[]> {
  const { rows } = await sql<{ relname: string }>`
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`.execute(t.db);
  return rows.map((r) => r.relname);
}

async function columnsOf(table: string): Promise<string[]> {
  const { rows } = await sql<{ column_name: string }>`
    SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ${table}
    ORDER BY ordinal_position`.execute(t.db);
  return rows.map((r) => r.column_name);
}

const statuses = async () =>
  (await sql<{ model_id: string; status: string }>`SELECT model_id, status FROM models ORDER BY model_id`.execute(t.db)).rows;

describe(`migration ${MIGRATION}`, () => {
  it('keeps existing models and orders, mapping statuses and filling filled_quantity from the fills', async () => {
    await revertThisMigration();
    // Rows as the seed schema allowed them, with the old status set.
    await sql`
      INSERT INTO models (model_id, name, version, model_type, status, created_at) VALUES
        ('m-old-active', 'rf', '1', 'random_forest', 'active', '2026-01-01T00:00:00Z'),
        ('m-new-active', 'rf', '2', 'random_forest', 'active', '2026-02-01T00:00:00Z'),
        ('m-inactive', 'lr', '1', 'logistic', 'inactive', '2026-01-01T00:00:00Z'),
        ('m-archived', 'lr', '0', 'logistic', 'archived', '2025-12-01T00:00:00Z'),
        ('m-training', 'gbt', '1', 'gbt', 'training', '2026-01-01T00:00:00Z')`.execute(t.db);
    await sql`
      INSERT INTO orders (order_id, symbol, side, quantity, status) VALUES
        ('o-filled', 'AAPL', 'buy', 10, 'filled'), ('o-partial', 'AAPL', 'sell', 10, 'partially_filled'), ('o-new', 'MSFT', 'buy', 5, 'pending')`.execute(t.db);
    await sql`
      INSERT INTO fills (fill_id, order_id, symbol, quantity, price, timestamp) VALUES
        ('f1', 'o-filled', 'AAPL', 4, 100, NOW()), ('f2', 'o-filled', 'AAPL', 6, 110, NOW()), ('f3', 'o-partial', 'AAPL', 3, 50, NOW())`.execute(t.db);

    const applied = await migrateToLatest(t.db);
    expect(applied.map((r) => r.migrationName)).toContain(MIGRATION);

    // Two active rows of one name: the newer keeps it (the partial unique index demands one).
    expect(await statuses()).toEqual([
      { model_id: 'm-archived', status: 'retired' },
      { model_id: 'm-inactive', status: 'retired' },
      { model_id: 'm-new-active', status: 'active' },
      { model_id: 'm-old-active', status: 'retired' },
      { model_id: 'm-training', status: 'training' },
    ]);
    const orders = await t.db.selectFrom('orders').select(['order_id', 'status', 'filled_quantity', 'average_fill_price', 'time_in_force']).orderBy('order_id').execute();
    expect(orders).toEqual([
      { order_id: 'o-filled', status: 'filled', filled_quantity: 10, average_fill_price: 106, time_in_force: 'day' },
      { order_id: 'o-new', status: 'pending', filled_quantity: 0, average_fill_price: null, time_in_force: 'day' },
      { order_id: 'o-partial', status: 'partially_filled', filled_quantity: 3, average_fill_price: 50, time_in_force: 'day' },
    ]);
    expect(await tables()).toEqual(expect.arrayContaining(NEW_TABLES));
    expect(await t.db.selectFrom('trading_controls').select(['scope', 'halted']).execute()).toEqual([{ scope: 'global', halted: false }]);
  });

  it('enforces the new rules: one active model per name, the new statuses, expired orders', async () => {
    await expect(sql`UPDATE models SET status = 'active' WHERE model_id = 'm-old-active'`.execute(t.db)).rejects.toThrow(/models_one_active_per_name/);
    await expect(sql`UPDATE models SET status = 'inactive' WHERE model_id = 'm-old-active'`.execute(t.db)).rejects.toThrow(/models_status_valid/);
    await expect(sql`UPDATE orders SET filled_quantity = 11 WHERE order_id = 'o-filled'`.execute(t.db)).rejects.toThrow(/orders_filled_quantity_range/);
    await sql`UPDATE orders SET status = 'expired' WHERE order_id = 'o-new'`.execute(t.db);
    const inserted = await t.db.insertInto('models').values({ model_id: 'm-default', name: 'x', version: '1', model_type: 'x' }).returning('status').executeTakeFirstOrThrow();
    expect(inserted.status).toBe('candidate');
    await expect(sql`INSERT INTO model_artifacts (sha256, bytes, size, format) VALUES (${'a'.repeat(64)}, '\\x00'::bytea, 2, 'json')`.execute(t.db)).rejects.toThrow(/model_artifacts_size_matches/);
  });

  it('down reverses everything and keeps the rows; up again works', async () => {
    await revertThisMigration();
    const after = await tables();
    for (const table of NEW_TABLES) expect(after).not.toContain(table);
    expect(await columnsOf('orders')).not.toContain('filled_quantity');
    expect(await columnsOf('models')).not.toContain('interval');
    expect(await statuses()).toEqual([
      { model_id: 'm-archived', status: 'archived' },
      { model_id: 'm-default', status: 'inactive' },
      { model_id: 'm-inactive', status: 'archived' },
      { model_id: 'm-new-active', status: 'active' },
      { model_id: 'm-old-active', status: 'archived' },
      { model_id: 'm-training', status: 'training' },
    ]);
    const orders = (await sql<{ order_id: string; status: string }>`SELECT order_id, status FROM orders ORDER BY order_id`.execute(t.db)).rows;
    expect(orders).toEqual([
      { order_id: 'o-filled', status: 'filled' },
      { order_id: 'o-new', status: 'cancelled' },
      { order_id: 'o-partial', status: 'partially_filled' },
    ]);
    const { rows: indexes } = await sql<{ indexname: string }>`SELECT indexname FROM pg_indexes WHERE tablename = 'predictions' ORDER BY 1`.execute(t.db);
    expect(indexes.map((r) => r.indexname)).toContain('idx_predictions_model_id');
    // The old CHECK is back.
    await expect(sql`UPDATE models SET status = 'candidate' WHERE model_id = 'm-default'`.execute(t.db)).rejects.toThrow(/models_status_valid/);

    await migrateToLatest(t.db);
    expect((await migrationStatus(t.db)).find((m) => m.name === MIGRATION)?.executedAt).toBeInstanceOf(Date);
    expect(await tables()).toEqual(expect.arrayContaining(NEW_TABLES));
  });
});
