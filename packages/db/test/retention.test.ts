import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyRetention,
  claimLogBatch,
  insertErrorLogs,
  insertPerformanceLogs,
  insertSystemLogs,
  insertTradingEvents,
  insertUserActionLogs,
  upsertMarketData,
} from '../src/index.ts';
import { createTestDatabase, upsertFeatureRows, type TestDatabase } from '../src/testing/index.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

const NOW = new Date('2026-11-28T12:00:00.000Z');
const DAY = 86_400_000;
const daysAgo = (days: number, plusMs = 0) => new Date(NOW.getTime() - days * DAY + plusMs);

/** Rows on both sides of one cutoff: `old` of them a second past it, `kept` a second inside it, plus clearly old/new ones. */
function around(cutoff: Date, old: number, kept: number): { at: Date; expired: boolean }[] {
  return [
    ...Array.from({ length: old }, (_, i) => ({ at: new Date(cutoff.getTime() - 1_000 - i * 3_600_000), expired: true })),
    ...Array.from({ length: kept }, (_, i) => ({ at: new Date(cutoff.getTime() + 1_000 + i * 3_600_000), expired: false })),
    { at: daysAgo(3_000), expired: true },
    { at: daysAgo(0), expired: false },
  ];
}

async function messages(table: 'system_logs' | 'performance_logs' | 'error_logs'): Promise<string[]> {
  const column = table === 'system_logs' ? 'message' : table === 'performance_logs' ? 'operation_name' : 'error_message';
  const { rows } = await sql<{ m: string }>`SELECT ${sql.ref(column)} AS m FROM ${sql.table(table)} ORDER BY 1`.execute(t.db);
  return rows.map((r) => r.m);
}

describe('applyRetention', () => {
  it('removes exactly what the policy says, in batches, and nothing else; a dry run counts the same rows', async () => {
    const systemRows = around(daysAgo(90), 23, 5);
    const perfRows = around(daysAgo(30), 11, 4);
    const errorRows = around(daysAgo(180), 6, 3);
    // Two calendar years before NOW (2024-11-28T12:00Z), not 730 days.
    const featureCutoff = new Date('2024-11-28T12:00:00.000Z');
    const featureRows = around(featureCutoff, 9, 4);

    await insertSystemLogs(t.db, systemRows.map((r, i) => ({ timestamp: r.at, level: 'INFO', logger_name: 't', message: `${r.expired ? 'old' : 'keep'}-${String(i).padStart(3, '0')}` })));
    await insertPerformanceLogs(t.db, perfRows.map((r, i) => ({ timestamp: r.at, operation_name: `${r.expired ? 'old' : 'keep'}-${String(i).padStart(3, '0')}`, duration_ms: 1, status: 'success' })));
    await insertErrorLogs(t.db, errorRows.map((r, i) => ({ timestamp: r.at, error_type: 'E', error_message: `${r.expired ? 'old' : 'keep'}-${String(i).padStart(3, '0')}` })));
    await upsertFeatureRows(t.db, featureRows.map((r) => ({ symbol: r.expired ? 'OLD' : 'KEEP', timestamp: r.at, close: 1 })));
    // Kept forever or not covered by the policy, however old.
    await upsertMarketData(t.db, [{ symbol: 'AAPL', timestamp: daysAgo(9_000), open: 1, high: 1, low: 1, close: 1, volume: 1 }]);
    await insertTradingEvents(t.db, [{ timestamp: daysAgo(5_000), event_type: 'order_filled' }]);
    await insertUserActionLogs(t.db, [{ timestamp: daysAgo(5_000), action_type: 'page_view' }]);
    await claimLogBatch(t.db, 'batch-recent', 1);
    await claimLogBatch(t.db, 'batch-old', 1);
    await sql`UPDATE log_sink.batches SET received_at = ${daysAgo(15).toISOString()}::timestamptz WHERE batch_id = 'batch-old'`.execute(t.db);

    const expected = {
      system_logs: systemRows.filter((r) => r.expired).length,
      performance_logs: perfRows.filter((r) => r.expired).length,
      error_logs: errorRows.filter((r) => r.expired).length,
      feature_engineered_data: featureRows.filter((r) => r.expired).length,
      market_data: 0,
      'log_sink.batches': 1,
    };

    const preview = await applyRetention(t.db, { now: NOW, dryRun: true });
    expect(Object.fromEntries(preview.map((r) => [r.table, r.rows]))).toEqual(expected);
    expect(preview.find((r) => r.table === 'feature_engineered_data')?.cutoff).toEqual(featureCutoff);
    expect(preview.find((r) => r.table === 'market_data')).toMatchObject({ keep: null, cutoff: null });
    // The dry run removed nothing.
    expect((await messages('system_logs')).length).toBe(systemRows.length);

    const batches: [string, number][] = [];
    const applied = await applyRetention(t.db, { now: NOW, batchSize: 5, onBatch: (table, n) => batches.push([table, n]) });
    expect(Object.fromEntries(applied.map((r) => [r.table, r.rows]))).toEqual(expected);
    expect(applied.find((r) => r.table === 'system_logs')?.batches).toBe(5); // 24 rows in batches of ≤ 5
    expect(batches.every(([, n]) => n <= 5)).toBe(true);

    for (const table of ['system_logs', 'performance_logs', 'error_logs'] as const) {
      const left = await messages(table);
      expect(left.every((m) => m.startsWith('keep-')), table).toBe(true);
    }
    expect((await messages('system_logs')).length).toBe(systemRows.filter((r) => !r.expired).length);
    expect((await messages('performance_logs')).length).toBe(perfRows.filter((r) => !r.expired).length);
    expect((await messages('error_logs')).length).toBe(errorRows.filter((r) => !r.expired).length);
    const features = await t.db.selectFrom('feature_engineered_data').select('symbol').execute();
    expect(features.map((f) => f.symbol).sort()).toEqual(featureRows.filter((r) => !r.expired).map(() => 'KEEP'));
    expect(await t.db.selectFrom('market_data').select('id').execute()).toHaveLength(1);
    expect(await t.db.selectFrom('trading_events').select('id').execute()).toHaveLength(1);
    expect(await t.db.selectFrom('user_action_logs').select('id').execute()).toHaveLength(1);
    const { rows: batchRows } = await sql<{ batch_id: string }>`SELECT batch_id FROM log_sink.batches`.execute(t.db);
    expect(batchRows.map((r) => r.batch_id)).toEqual(['batch-recent']);

    // A second run finds nothing more.
    const again = await applyRetention(t.db, { now: NOW });
    expect(again.every((r) => r.rows === 0)).toBe(true);
  });

  it('commits each batch on its own: rows already removed are gone for other sessions while the run goes on', async () => {
    await insertSystemLogs(t.db, Array.from({ length: 12 }, (_, i) => ({ timestamp: daysAgo(200 + i), level: 'INFO' as const, logger_name: 'batched', message: `b-${i}` })));
    const remaining = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM system_logs WHERE logger_name = 'batched'`.execute(t.db)).rows[0]!.n);
    let firstBatch!: () => void;
    const afterFirstBatch = new Promise<void>((resolve) => (firstBatch = resolve));
    let seen = 0;
    const run = applyRetention(t.db, {
      now: NOW,
      batchSize: 5,
      pauseMs: 400,
      policy: [{ table: 'system_logs', column: 'timestamp', keep: '90 days', why: 'test' }],
      onBatch: () => (seen++ === 0 ? firstBatch() : undefined),
    });
    await afterFirstBatch;
    // Seen from another pooled connection during the pause: one batch committed, the rest still there.
    expect(await remaining()).toBe(7);
    // No lock is held between batches: a writer goes straight through.
    await insertSystemLogs(t.db, [{ timestamp: NOW, level: 'INFO', logger_name: 'writer', message: 'during retention' }]);
    const [result] = await run;
    expect(result).toMatchObject({ rows: 12, batches: 3 });
    expect(await remaining()).toBe(0);
  });

  it('claims a log batch id once', async () => {
    await t.db.transaction().execute(async (trx) => {
      expect(await claimLogBatch(trx, 'b-1', 3)).toBe(true);
      expect(await claimLogBatch(trx, 'b-1', 3)).toBe(false);
    });
  });
});
