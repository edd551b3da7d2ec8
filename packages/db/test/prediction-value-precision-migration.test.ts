import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDown, migrateToLatest, migrationStatus } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

const MIGRATION = '2026-12-05T00-00-01_prediction-value-precision';

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

async function valueType(): Promise<string> {
  const { rows } = await sql<{ t: string }>`
    SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute
    WHERE attrelid = 'predictions'::regclass AND attname = 'prediction_value'`.execute(t.db);
  return rows[0]!.t;
}

async function insertPrediction(id: string, value: number): Promise<void> {
  await sql`
    INSERT INTO predictions (prediction_id, model_id, symbol, timestamp, prediction_type, prediction_value)
    VALUES (${id}, 'm-precision', 'AAPL', NOW(), 'momentum', ${value})`.execute(t.db);
}

const valueOf = async (id: string) =>
  (await sql<{ v: string }>`SELECT prediction_value::text AS v FROM predictions WHERE prediction_id = ${id}`.execute(t.db)).rows[0]!.v;

describe(`migration ${MIGRATION}`, () => {
  it('widens prediction_value from DECIMAL(10,4) to DECIMAL(20,10), keeping existing rows', async () => {
    await revertThisMigration();
    expect(await valueType()).toBe('numeric(10,4)');
    await sql`INSERT INTO models (model_id, name, version, model_type) VALUES ('m-precision', 'p', '1', 'gbdt')`.execute(t.db);
    await insertPrediction('before', 0.000123);
    expect(await valueOf('before')).toBe('0.0001'); // the loss being fixed
    await migrateToLatest(t.db);
    expect(await valueType()).toBe('numeric(20,10)');
    expect(await valueOf('before')).toBe('0.0001000000');
    await insertPrediction('after', 0.000123);
    expect(await valueOf('after')).toBe('0.0001230000');
  });

  it('goes down to DECIMAL(10,4), and refuses with the rows named when a value no longer fits', async () => {
    await insertPrediction('huge', 12_345_678.5);
    await expect(revertThisMigration()).rejects.toThrow(/cannot narrow predictions\.prediction_value.*huge/);
    expect(await valueType()).toBe('numeric(20,10)');
    await sql`DELETE FROM predictions WHERE prediction_id = 'huge'`.execute(t.db);
    await revertThisMigration();
    expect(await valueType()).toBe('numeric(10,4)');
    expect(await valueOf('after')).toBe('0.0001');
    await migrateToLatest(t.db);
  });
});
