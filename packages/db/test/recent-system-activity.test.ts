import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertErrorLogs, insertPerformanceLogs, insertSystemLogs, insertTradingEvents, insertUserActionLogs } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

describe('recent_system_activity', () => {
  it('unions the four activity tables over the last 24 hours, newest first', async () => {
    expect(await insertSystemLogs(t.db, [
      { timestamp: hoursAgo(1), level: 'WARNING', logger_name: 'ingest', message: 'slow provider', correlation_id: 'c1', metadata: { ms: 900 } },
      { timestamp: hoursAgo(30), level: 'INFO', logger_name: 'ingest', message: 'too old' },
    ])).toBe(2);
    await insertTradingEvents(t.db, [
      { timestamp: hoursAgo(2), event_type: 'order_placed', symbol: 'AAPL', side: 'buy', quantity: 10, price: 190.5, order_id: 'o1', strategy: 'momentum', correlation_id: 'c1' },
      { timestamp: hoursAgo(25), event_type: 'order_filled', symbol: 'AAPL' },
    ]);
    await insertPerformanceLogs(t.db, [
      { timestamp: hoursAgo(3), operation_name: 'compute_features', duration_ms: 12.5, status: 'ok', component: 'features', cpu_usage_percent: 50 },
      { timestamp: hoursAgo(48), operation_name: 'old', duration_ms: 1, status: 'ok' },
    ]);
    await insertErrorLogs(t.db, [
      { timestamp: hoursAgo(4), error_type: 'ConnectionError', error_message: 'redis down', component: 'queue', metadata: ['retry', 1] },
      { timestamp: hoursAgo(100), error_type: 'Old', error_message: 'old' },
    ]);
    // Not part of the view.
    await insertUserActionLogs(t.db, [{ timestamp: hoursAgo(1), action_type: 'page_view', ip_address: '10.0.0.1' }]);

    const rows = await t.db.selectFrom('recent_system_activity').selectAll().execute();
    expect(rows.map((r) => [r.activity_type, r.level, r.component, r.summary, r.correlation_id])).toEqual([
      ['system_log', 'WARNING', 'ingest', 'slow provider', 'c1'],
      ['trading_event', 'INFO', 'momentum', 'order_placed buy 10.000000 AAPL @ 190.500000 o1', 'c1'],
      ['performance_log', 'INFO', 'features', 'compute_features ok in 12.500 ms', null],
      ['error_log', 'ERROR', 'queue', 'ConnectionError: redis down', null],
    ]);
    expect(rows[0]!.metadata).toEqual({ ms: 900 });
    expect(rows[3]!.metadata).toEqual(['retry', 1]);
    expect(rows.every((r) => r.timestamp instanceof Date && typeof r.id === 'number')).toBe(true);
  });

  it('stores user actions with their INET address', async () => {
    const row = await t.db.selectFrom('user_action_logs').select(['ip_address', 'action_type']).executeTakeFirstOrThrow();
    expect(row).toEqual({ ip_address: '10.0.0.1', action_type: 'page_view' });
  });

  it('batches large log inserts under the bind-parameter limit', async () => {
    const records = Array.from({ length: 5_500 }, (_, i) => ({ level: 'DEBUG' as const, logger_name: 'bulk', message: `m${i}` }));
    expect(await insertSystemLogs(t.db, records)).toBe(5_500);
  });
});
