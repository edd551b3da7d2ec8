import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPerformanceLogs, insertSystemLogs, traceFlow, upsertMarketData } from '../src/index.ts';
import { EVENT_LIMIT } from '../src/reports/flow-trace.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

describe('traceFlow', () => {
  it('orders job stages and table writes by start, with durations', async () => {
    const at = new Date('2026-11-30T10:00:00.000Z');
    await insertPerformanceLogs(t.db, [
      { timestamp: new Date(at.getTime() + 500), operation_name: 'features', duration_ms: 120.5, status: 'success', component: 'feature-engineering', correlation_id: 'small', metadata: { jobId: 'j-2' } },
      { timestamp: at, operation_name: 'ingest', duration_ms: 300, status: 'success', component: 'ingestion', correlation_id: 'small', metadata: { jobId: 'j-1' } },
    ]);
    await upsertMarketData(t.db, [{ symbol: 'AAPL', timestamp: at, open: 1, high: 1, low: 1, close: 1, volume: 1, correlation_id: 'small' }]);
    const flow = await traceFlow(t.db, 'small');
    const jobs = flow.stages.filter((s) => s.source === 'performance_logs');
    expect(jobs.map((s) => [s.name, s.durationMs, s.end.getTime() - s.start.getTime(), s.detail])).toEqual([
      ['ingest', 300, 300, 'job j-1'],
      ['features', 120.5, 120, 'job j-2'], // a Date holds whole milliseconds
    ]);
    expect(flow.rowsByTable).toMatchObject({ performance_logs: 2, market_data: 1, system_logs: 0, fills: 0 });
    expect(flow.eventsTruncated).toBe(false);
  });

  it('counts every row of a long flow even when only the first rows are listed', async () => {
    const at = Date.parse('2026-11-30T12:00:00.000Z');
    const lines = EVENT_LIMIT + 3;
    await insertSystemLogs(t.db, Array.from({ length: lines }, (_, i) => ({ timestamp: new Date(at + i), level: 'INFO' as const, logger_name: 'bulk', message: `line ${i}`, correlation_id: 'long' })));
    const flow = await traceFlow(t.db, 'long');
    expect(flow.rowsByTable.system_logs).toBe(lines);
    expect(flow.events).toHaveLength(EVENT_LIMIT);
    expect(flow.events[0]!.summary).toBe('line 0');
    expect(flow.eventsTruncated).toBe(true);
  });
});
