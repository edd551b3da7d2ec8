import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvFormatError, createCsvSource, parseCsvBars, parseTimestamp, readCsvBars } from '../../src/sources/csv/index.ts';
import type { CsvRejection } from '../../src/sources/csv/index.ts';

describe('parseTimestamp', () => {
  it.each([
    ['2026-03-09T09:30:00-04:00', Date.UTC(2026, 2, 9, 13, 30)],
    ['2026-03-09T13:30:00Z', Date.UTC(2026, 2, 9, 13, 30)],
    ['2026-03-09 13:30:00.250+0000', Date.UTC(2026, 2, 9, 13, 30, 0, 250)],
    ['2026-03-09T19:00+05:30', Date.UTC(2026, 2, 9, 13, 30)],
    ['2026-03-09 13:30', Date.UTC(2026, 2, 9, 13, 30)],
    ['2026-03-09 13:30:15', Date.UTC(2026, 2, 9, 13, 30, 15)],
    ['2026-03-06', Date.UTC(2026, 2, 6, 14, 30)],
    ['2026-03-09', Date.UTC(2026, 2, 9, 13, 30)],
    ['1773063000', Date.UTC(2026, 2, 9, 13, 30)],
    ['1773063000000', Date.UTC(2026, 2, 9, 13, 30)],
  ])('%s', (text, expected) => {
    expect(parseTimestamp(text)).toBe(expected);
  });

  it.each(['', 'yesterday', '2026-02-30 10:00', '2026-03-09 25:00', '09/03/2026'])('rejects %j', (text) => {
    expect(typeof parseTimestamp(text)).toBe('string');
  });
});

const GOOD = [
  'Symbol,Date,Open,High,Low,Close,Adj Close,Volume',
  'aapl,2026-03-09 13:30,10,11,9,10.5,10.5,1000',
  'AAPL,2026-03-09T10:30:00-04:00,10.5,11,10,10.8,10.8,900',
  'MSFT,1773063000,300,301,299,300.5,300.5,5000',
].join('\r\n');

describe('parseCsvBars', () => {
  it("keeps Yahoo's symbols as they are (indices, currencies, futures, funds, class shares)", () => {
    const text = [
      'symbol,date,open,high,low,close,volume',
      '^gspc,2024-01-02,4745.2,4754.33,4722.67,4742.83,3743050000',
      'EURUSD=X,2024-01-02T00:00:00Z,1.10387,1.10456,1.09395,1.10387,0',
      'GC=F,2024-01-02T05:00:00Z,2064,2079,2057.3,2073.4,1230',
      '0P000071W8.TO,2024-01-02T05:00:00Z,23.49,23.49,23.49,23.49,0',
      'brk-b,2024-01-02,355.9,362.8,355.45,362.45,4264300',
    ].join('\n');
    const { bars, rejections } = parseCsvBars(text);
    expect(rejections).toEqual([]);
    expect(bars.map((b) => b.symbol)).toEqual(['^GSPC', 'EURUSD=X', 'GC=F', '0P000071W8.TO', 'BRK-B']);
  });

  it('reads columns by name, case-insensitively, with CRLF line ends', () => {
    const { bars, rejections } = parseCsvBars(GOOD);
    expect(rejections).toEqual([]);
    expect(bars).toEqual([
      { symbol: 'AAPL', line: 2, timestamp: Date.UTC(2026, 2, 9, 13, 30), open: 10, high: 11, low: 9, close: 10.5, volume: 1000 },
      { symbol: 'AAPL', line: 3, timestamp: Date.UTC(2026, 2, 9, 14, 30), open: 10.5, high: 11, low: 10, close: 10.8, volume: 900 },
      { symbol: 'MSFT', line: 4, timestamp: Date.UTC(2026, 2, 9, 13, 30), open: 300, high: 301, low: 299, close: 300.5, volume: 5000 },
    ]);
  });

  it('handles RFC 4180 quoting, including commas, doubled quotes and line breaks in quoted fields', () => {
    const text = 'timestamp,note,open,high,low,close,volume\n"2026-03-09 13:30","a, ""quoted""\nnote",10,11,9,10.5,"1000"\n2026-03-09 14:30,x,10,11,9,10.5,7\n';
    const { bars, rejections } = parseCsvBars(text, { symbol: 'acme' });
    expect(rejections).toEqual([]);
    expect(bars.map((b) => [b.symbol, b.line, b.volume])).toEqual([
      ['ACME', 2, 1000],
      ['ACME', 4, 7],
    ]);
  });

  it('reports malformed lines with their line numbers and still imports the good ones', () => {
    const text = [
      'symbol,datetime,open,high,low,close,volume',
      'A,2026-03-09 13:30,10,11,9,10.5,1000',
      'A,2026-03-09 14:30,10,11,9,10.5',
      'A,not a date,10,11,9,10.5,1000',
      '',
      'A,2026-03-09 15:30,ten,11,9,10.5,1000',
      ',2026-03-09 16:30,10,11,9,10.5,1000',
      'A,2026-03-09 17:30,,NaN,9,-Infinity,1000',
      'A,2026-03-09 18:30,10,11,9,10.5,1000',
      'A,"2026-03-09 19:30,10,11,9,10.5,1000',
    ].join('\n');
    const { bars, rejections } = parseCsvBars(text);
    expect(bars.map((b) => b.line)).toEqual([2, 8, 9]);
    expect(bars[1]).toMatchObject({ open: null, high: Number.NaN, close: Number.NEGATIVE_INFINITY });
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([
      [3, 'field_count'],
      [4, 'invalid_timestamp'],
      [6, 'invalid_number'],
      [7, 'missing_symbol'],
      [10, 'unterminated_quote'],
    ]);
    expect(rejections[0]!.detail).toMatch(/^line 3: /);
  });

  it('fails the whole file when required columns are missing', () => {
    expect(() => parseCsvBars('')).toThrow(CsvFormatError);
    expect(() => parseCsvBars('time,open,high,low,close,volume\n')).toThrow(/timestamp\/datetime\/date.*symbol/);
    expect(() => parseCsvBars('date,open,high,low,close\n', { symbol: 'A' })).toThrow(/volume/);
  });
});

describe('readCsvBars and createCsvSource', () => {
  let dir: string;
  let path: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'csv-source-'));
    path = join(dir, 'bars.csv');
    await writeFile(
      path,
      [
        'symbol,timestamp,open,high,low,close,volume',
        'B,2026-03-10 13:30,20,21,19,20.5,10',
        'A,2026-03-10 14:30,10,11,9,10.6,20',
        'A,2026-03-10 13:30,10,11,9,10.5,10',
        'A,2026-03-11 13:30,10,11,9,10.7,30',
        'A,bad,10,11,9,10.5,10',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file by path', async () => {
    const result = await readCsvBars({ path });
    expect(result.bars).toHaveLength(4);
    expect(result.rejections).toHaveLength(1);
  });

  it('filters by symbol and [start, end), sorted, and reports the relevant rejections', async () => {
    const seen: CsvRejection[] = [];
    const source = createCsvSource({ path, onRejections: (rejections) => seen.push(...rejections) });
    expect(source.name).toBe('csv');
    const bars = await source.fetchBars({
      symbol: 'a',
      interval: '1h',
      start: new Date(Date.UTC(2026, 2, 10)),
      end: new Date(Date.UTC(2026, 2, 11, 13, 30)),
    });
    expect(bars.map((b) => b.close)).toEqual([10.5, 10.6]);
    expect(seen.map((r) => r.line)).toEqual([6]);
    expect(await source.fetchStockInfo('A')).toBeNull();
  });

  it('turns a missing file or bad header into a permanent SourceError', async () => {
    const missing = createCsvSource({ path: join(dir, 'nope.csv') });
    const request = { symbol: 'A', interval: '1h' as const, start: new Date(0), end: new Date() };
    await expect(missing.fetchBars(request)).rejects.toMatchObject({ name: 'SourceError', kind: 'permanent' });
    const headerless = join(dir, 'bad.csv');
    await writeFile(headerless, 'a,b,c\n1,2,3\n');
    await expect(createCsvSource({ path: headerless }).fetchBars(request)).rejects.toMatchObject({ kind: 'permanent' });
  });
});
