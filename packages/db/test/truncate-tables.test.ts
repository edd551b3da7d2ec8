import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, truncateTables, type TestDatabase } from '../src/testing/index.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

const count = async (table: 'stock_info' | 'market_data') =>
  Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('truncateTables', () => {
  it('empties the named tables and leaves the others alone', async () => {
    await t.db.insertInto('stock_info').values({ symbol: 'AAPL', source: 'synthetic' }).execute();
    await t.db
      .insertInto('market_data')
      .values({ symbol: 'AAPL', source: 'synthetic', timestamp: new Date('2026-01-05T15:00:00Z'), open: 1, high: 1, low: 1, close: 1, volume: 1 })
      .execute();
    await truncateTables(t.db, ['stock_info']);
    expect([await count('stock_info'), await count('market_data')]).toEqual([0, 1]);
    await truncateTables(t.db, ['market_data', 'stock_info']);
    expect(await count('market_data')).toBe(0);
  });
});
