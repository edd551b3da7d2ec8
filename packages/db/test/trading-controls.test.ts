import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, isTradingHalted, setTradingHalted, tradingControls } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

describe('trading controls', () => {
  it('starts not halted, halts and resumes with who, why and a trading event each time', async () => {
    expect(await isTradingHalted(t.db)).toBe(false);
    const halted = await setTradingHalted(t.db, { halted: true, reason: 'broker outage', by: 'alice', correlationId: 'ops-1' });
    expect(halted).toMatchObject({ scope: 'global', halted: true, reason: 'broker outage', changed_by: 'alice' });
    expect(await isTradingHalted(t.db)).toBe(true);
    // Another replica (its own pool) sees it, for any scope.
    const replica = createDb(t.url, { poolSize: 1 });
    try {
      expect(await isTradingHalted(replica, 'direction')).toBe(true);
    } finally {
      await replica.destroy();
    }

    await setTradingHalted(t.db, { halted: false, reason: 'broker back', by: 'bob' });
    expect(await isTradingHalted(t.db)).toBe(false);
    const events = await t.db.selectFrom('trading_events').select(['event_type', 'correlation_id', 'metadata']).orderBy('id').execute();
    expect(events).toEqual([
      { event_type: 'trading_halted', correlation_id: 'ops-1', metadata: { scope: 'global', reason: 'broker outage', by: 'alice' } },
      { event_type: 'trading_resumed', correlation_id: null, metadata: { scope: 'global', reason: 'broker back', by: 'bob' } },
    ]);
  });

  it('halts one scope without halting the others', async () => {
    await setTradingHalted(t.db, { halted: true, reason: 'drawdown limit', by: 'risk', scope: 'direction' });
    expect(await isTradingHalted(t.db, 'direction')).toBe(true);
    expect(await isTradingHalted(t.db, 'momentum')).toBe(false);
    expect(await isTradingHalted(t.db)).toBe(false);
    expect((await tradingControls(t.db)).map((c) => [c.scope, c.halted])).toEqual([['direction', true], ['global', false]]);
  });

  it('refuses a change that does not say who made it', async () => {
    await expect(setTradingHalted(t.db, { halted: true, reason: 'x', by: ' ' })).rejects.toThrow(/who changed it/);
    expect(await isTradingHalted(t.db)).toBe(false);
  });
});
