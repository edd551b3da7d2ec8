import { describe, expect, it } from 'vitest';
import { LogBuffer, createLogger, runWithCorrelation } from '../src/index.ts';
import { captureStream } from './capture.ts';

describe('LogBuffer', () => {
  it('keeps records in order and takes them oldest first', () => {
    const buffer = new LogBuffer<number>(5);
    for (let i = 0; i < 4; i++) buffer.push(i);
    expect(buffer.take(3)).toEqual([0, 1, 2]);
    buffer.push(4);
    buffer.push(5);
    expect(buffer.size).toBe(3);
    expect(buffer.take(10)).toEqual([3, 4, 5]);
    expect(buffer.size).toBe(0);
  });

  it('drops the oldest records when full and counts every drop exactly', () => {
    const buffer = new LogBuffer<number>(100);
    for (let i = 0; i < 1_037; i++) buffer.push(i);
    expect(buffer.size).toBe(100);
    expect(buffer.dropped).toBe(937);
    expect(buffer.takeUnreportedDrops()).toBe(937);
    expect(buffer.takeUnreportedDrops()).toBe(0);
    expect(buffer.take(1_000)).toEqual(Array.from({ length: 100 }, (_, i) => 937 + i));
    buffer.push(1);
    buffer.push(2);
    expect(buffer.dropped).toBe(937);
  });

  it('wraps around many times without losing or reordering records', () => {
    const buffer = new LogBuffer<number>(7);
    const seen: number[] = [];
    let next = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < (round % 5) + 1; i++) buffer.push(next++);
      seen.push(...buffer.take((round % 3) + 1));
    }
    seen.push(...buffer.take(100));
    expect(buffer.dropped).toBe(next - seen.length);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('refuses a capacity below one', () => {
    expect(() => new LogBuffer(0)).toThrow(/positive integer/);
  });
});

describe('createLogger tap', () => {
  it('receives the same scrubbed line as the destination, with the correlation id', () => {
    const out = captureStream();
    const tapped: string[] = [];
    const logger = createLogger({ name: 'tap-test', destination: out.stream, secrets: ['sup3r-s3cret'], tap: (line) => tapped.push(line) });
    runWithCorrelation({ correlationId: 'flow-1' }, () => {
      logger.info({ apiKey: 'abc', url: 'postgres://u:pw123@h/db' }, 'using sup3r-s3cret now');
    });
    logger.debug('below the level: nowhere');
    expect(tapped).toHaveLength(1);
    expect(out.lines).toEqual(tapped);
    const record = JSON.parse(tapped[0]!);
    expect(record).toMatchObject({ level: 'info', name: 'tap-test', correlationId: 'flow-1', apiKey: '[REDACTED]' });
    expect(tapped[0]).not.toContain('sup3r-s3cret');
    expect(tapped[0]).not.toContain('pw123');
  });

  it('a throwing tap does not break the log call', () => {
    const out = captureStream();
    const logger = createLogger({ name: 'tap-test', destination: out.stream, tap: () => { throw new Error('boom'); } });
    expect(() => logger.warn('still written')).not.toThrow();
    expect(out.records()[0]).toMatchObject({ msg: 'still written', level: 'warn' });
  });
});
