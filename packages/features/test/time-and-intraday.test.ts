// Local time, daylight saving, a missing weekday and the intraday/overnight features on
// hand-placed bars. Expected values are written from the calendar, not from the engine.
import { describe, expect, it } from 'vitest';
import { computeFeatures, featureRow, type BarColumns, type FeatureRow } from '../src/index.ts';
import { naiveLocal } from './support/naive-reference.ts';
import { seededRandom } from './support/synthetic-bars.ts';

function barsAt(isoTimes: readonly string[]): BarColumns {
  const n = isoTimes.length;
  const timestamp = Float64Array.from(isoTimes, (t) => Date.parse(t));
  // Bar k: open 100 + k, close open + 0.5, high close + 1, low open − 1.
  const open = Float64Array.from({ length: n }, (_, k) => 100 + k);
  const close = open.map((o) => o + 0.5);
  const high = close.map((c) => c + 1);
  const low = open.map((o) => o - 1);
  return { timestamp, open, high, low, close, volume: new Float64Array(n).fill(1000) };
}

const TIMES = [
  '2024-03-08T14:30:00Z', // 0  Fri 09:30 EST, first bar of the series
  '2024-03-08T20:30:00Z', // 1  Fri 15:30 EST
  '2024-03-08T21:00:00Z', // 2  Fri 16:00 EST: the close itself is outside [09:30, 16:00)
  '2024-03-09T04:00:00Z', // 3  Fri 23:00 EST: next UTC day, same local date
  '2024-03-09T15:00:00Z', // 4  Sat 10:00 EST: weekend
  '2024-03-10T06:30:00Z', // 5  Sun 01:30 EST, before the spring-forward
  '2024-03-10T07:30:00Z', // 6  Sun 03:30 EDT, after it (02:00–03:00 does not exist)
  '2024-03-11T13:30:00Z', // 7  Mon 09:30 EDT
  '2024-03-11T16:00:00Z', // 8  Mon 12:00 EDT: afternoon starts
  // Tuesday 2024-03-12 has no bars (gap day).
  '2024-03-13T12:00:00Z', // 9  Wed 08:00 EDT: pre-market
  '2024-03-13T13:45:00Z', // 10 Wed 09:45 EDT
  '2024-11-01T19:30:00Z', // 11 Fri 15:30 EDT
  '2024-11-03T05:30:00Z', // 12 Sun 01:30 EDT (first 01:30)
  '2024-11-03T06:30:00Z', // 13 Sun 01:30 EST (second 01:30, after fall-back)
  '2024-11-04T14:30:00Z', // 14 Mon 09:30 EST
] as const;

describe('time features in New York local time', () => {
  const { columns } = computeFeatures(barsAt(TIMES));
  const rows: FeatureRow[] = TIMES.map((_, i) => featureRow(columns, i));
  const pick = (i: number) => {
    const r = rows[i]!;
    return [r.date, r.hour, r.day_of_week, r.is_market_open, r.is_morning, r.is_afternoon, r.hours_since_open, r.hours_to_close];
  };

  it.each([
    [0, ['2024-03-08', 9, 4, 1, 1, 0, 0, 6.5]],
    [1, ['2024-03-08', 15, 4, 1, 0, 1, 6, 0.5]],
    [2, ['2024-03-08', 16, 4, 0, 0, 0, 6.5, 0]],
    [3, ['2024-03-08', 23, 4, 0, 0, 0, 6.5, 0]],
    [4, ['2024-03-09', 10, 5, 0, 0, 0, 0.5, 6]],
    [5, ['2024-03-10', 1, 6, 0, 0, 0, 0, 6.5]],
    [6, ['2024-03-10', 3, 6, 0, 0, 0, 0, 6.5]],
    [7, ['2024-03-11', 9, 0, 1, 1, 0, 0, 6.5]],
    [8, ['2024-03-11', 12, 0, 1, 0, 1, 2.5, 4]],
    [9, ['2024-03-13', 8, 2, 0, 0, 0, 0, 6.5]],
    [10, ['2024-03-13', 9, 2, 1, 1, 0, 0.25, 6.25]],
    [11, ['2024-11-01', 15, 4, 1, 0, 1, 6, 0.5]],
    [12, ['2024-11-03', 1, 6, 0, 0, 0, 0, 6.5]],
    [13, ['2024-11-03', 1, 6, 0, 0, 0, 0, 6.5]],
    [14, ['2024-11-04', 9, 0, 1, 1, 0, 0, 6.5]],
  ] as const)('bar %i: date, hour, day_of_week, open, morning, afternoon, since open, to close', (i, expected) => {
    expect(pick(i)).toEqual(expected);
  });

  it('cyclical encodings follow hour and day_of_week', () => {
    expect(rows[8]!.hour_sin).toBeCloseTo(Math.sin(Math.PI), 15); // hour 12 → sin(π) ≈ 0
    expect(rows[8]!.hour_cos).toBe(-1);
    expect(rows[7]!.dow_sin).toBe(0); // Monday = 0
    expect(rows[7]!.dow_cos).toBe(1);
  });
});

describe('intraday and overnight features by local date', () => {
  const { columns } = computeFeatures(barsAt(TIMES));
  const row = (i: number) => featureRow(columns, i);

  it('has no overnight gap on the first date, and uses only the bars of the day up to t', () => {
    // Bars 0–3 share the local date 2024-03-08 (bar 3 is on the next UTC day).
    expect(row(3).overnight_gap).toBeNull();
    expect(row(0).intraday_high).toBe(101.5); // high_0 = 100.5 + 1
    expect(row(3).intraday_high).toBe(104.5); // max(high_0..3) = high_3 = 103.5 + 1
    expect(row(3).intraday_low).toBe(99); // min(low_0..3) = low_0 = 100 − 1
    expect(row(3).returns_from_daily_open).toBeCloseTo(103.5 / 100 - 1, 15); // close_3 / open_0 − 1
    expect(row(3).intraday_range_pct).toBeCloseTo((104.5 - 99) / 100, 15);
    expect(row(3).position_in_range).toBeCloseTo((103.5 - 99) / (104.5 - 99), 15);
    expect(row(3).dist_from_intraday_high).toBeCloseTo(103.5 / 104.5 - 1, 15);
    expect(row(3).dist_from_intraday_low).toBeCloseTo(103.5 / 99 - 1, 15);
  });

  it('takes the overnight gap from the last bar of the previous local date that has bars', () => {
    // Saturday's first bar (4) against Friday 23:00 (bar 3, same local date as bars 0–2): 104 / 103.5 − 1.
    expect(row(4).overnight_gap).toBeCloseTo(104 / 103.5 - 1, 15);
    // Wednesday after the missing Tuesday: bar 9 against Monday's last bar 8: 109 / 108.5 − 1.
    expect(row(9).overnight_gap).toBeCloseTo(109 / 108.5 - 1, 15);
    // Later bars of the same date keep the date's gap.
    expect(row(10).overnight_gap).toBe(row(9).overnight_gap);
    // Both 01:30 bars of the fall-back night belong to 2024-11-03, one date, one gap: 112 / 111.5 − 1.
    expect(row(13).overnight_gap).toBe(row(12).overnight_gap);
    expect(row(12).overnight_gap).toBeCloseTo(112 / 111.5 - 1, 15);
    expect(row(13).returns_from_daily_open).toBeCloseTo(113.5 / 112 - 1, 15);
  });
});

describe('configurable market calendar', () => {
  it('uses the zone and session it is given (London, BST from 2024-03-31)', () => {
    const calendar = { timeZone: 'Europe/London', sessionOpen: '08:00', sessionClose: '16:30', midday: '12:00' };
    const { columns } = computeFeatures(barsAt(['2024-03-29T08:30:00Z', '2024-04-02T07:30:00Z']), { calendar });
    const [friday, tuesday] = [featureRow(columns, 0), featureRow(columns, 1)];
    expect([friday.hour, friday.is_market_open, friday.hours_since_open, friday.hours_to_close]).toEqual([8, 1, 0.5, 8]);
    // 07:30Z is 08:30 BST after the change.
    expect([tuesday.date, tuesday.hour, tuesday.hours_since_open]).toEqual(['2024-04-02', 8, 0.5]);
  });
});

describe('cached offsets = Intl on every instant', () => {
  it('matches Intl for random instants across 1990–2040 in several zones', () => {
    const random = seededRandom(51);
    const from = Date.UTC(1990, 0, 1);
    const to = Date.UTC(2040, 0, 1);
    const instants = Array.from({ length: 3000 }, () => Math.floor(from + random() * (to - from))).sort((a, b) => a - b);
    const timestamp = Float64Array.from(new Set(instants));
    const n = timestamp.length;
    const one = new Float64Array(n).fill(1);
    for (const timeZone of ['America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata']) {
      const calendar = { timeZone, sessionOpen: '09:30', sessionClose: '16:00', midday: '12:00' };
      const { columns } = computeFeatures({ timestamp, open: one, high: one, low: one, close: one, volume: one }, { calendar });
      const mismatches: string[] = [];
      for (let i = 0; i < n; i++) {
        const local = naiveLocal(timestamp[i]!, timeZone);
        if (local.date !== columns.date[i] || local.hour !== columns.hour[i] || local.dayOfWeek !== columns.day_of_week[i]) {
          mismatches.push(`${timeZone} ${new Date(timestamp[i]!).toISOString()}`);
        }
      }
      expect(mismatches).toEqual([]);
    }
  });
});
