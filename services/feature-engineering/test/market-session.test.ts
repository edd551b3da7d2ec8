// The session hours of the configuration reach the time features the service writes: a market
// that opens at 10:00 and splits at 13:00 (MARKET_SESSION_OPEN, MARKET_MIDDAY) marks the 09:30 bar
// closed and the 12:30 bar morning, where the default session would not.
import { loadFeatureEngineeringConfig } from '@mltrading/config';
import { runService, type RunningService } from '@mltrading/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureWorkers } from '../src/index.ts';
import { storedFeatureRows } from './support/compare.ts';
import { createHarness, finished, HOUR, iso, seedSymbol, type Harness } from './support/fixtures.ts';

let h: Harness;
let service: RunningService;
const NOW = Date.UTC(2026, 10, 27, 21, 0);

beforeAll(async () => {
  h = await createHarness({ LOG_LEVEL: 'warn', MARKET_SESSION_OPEN: '10:00', MARKET_SESSION_CLOSE: '16:00', MARKET_MIDDAY: '13:00' });
  service = await runService({ name: 'feature-engineering-session-test', config: loadFeatureEngineeringConfig, workers: featureWorkers() }, h.env);
});
afterAll(async () => {
  await service?.shutdown();
  await h?.close();
});

function newYorkClock(date: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
}

describe('configured session hours', () => {
  it('compute is_market_open, is_morning, is_afternoon and hours_since_open from MARKET_SESSION_*', async () => {
    const bars = await seedSymbol(h.t.db, 'SES', { days: 10, now: NOW });
    const n = bars.timestamp.length;
    const { jobId } = await h.queues.enqueue('features', { symbol: 'SES', interval: '1h', source: 'synthetic', start: iso(bars.timestamp[0]!), end: iso(bars.timestamp[n - 1]! + HOUR) });
    await finished(h, jobId);

    const rows = await storedFeatureRows(h.t.db, 'SES');
    expect(rows).toHaveLength(n);
    const at = (clock: string) => rows.filter((r) => newYorkClock(r.timestamp) === clock);
    const opening = at('09:30');
    const lunch = at('12:30');
    const afternoon = at('13:30');
    expect(opening.length).toBeGreaterThan(0);
    expect(lunch.length).toBeGreaterThan(0);
    expect(afternoon.length).toBeGreaterThan(0);
    for (const row of opening) expect([row.is_market_open, row.is_morning, row.hours_since_open]).toEqual([0, 0, 0]);
    for (const row of lunch) expect([row.is_market_open, row.is_morning, row.is_afternoon, row.hours_since_open]).toEqual([1, 1, 0, 2.5]);
    for (const row of afternoon) expect([row.is_market_open, row.is_morning, row.is_afternoon]).toEqual([1, 0, 1]);
  });
});
