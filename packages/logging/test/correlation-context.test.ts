import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  createLogger,
  currentCorrelation,
  currentCorrelationId,
  newCorrelationId,
  runWithCorrelation,
} from '../src/index.ts';
import { captureStream } from './capture.ts';

describe('correlation context', () => {
  it('creates UUID v4 ids', () => {
    const id = newCorrelationId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newCorrelationId()).not.toBe(id);
  });

  it('is undefined outside runWithCorrelation', () => {
    expect(currentCorrelation()).toBeUndefined();
    expect(currentCorrelationId()).toBeUndefined();
  });

  it('exposes the id and trace context inside, and returns the callback result', async () => {
    const result = await runWithCorrelation(
      { correlationId: 'c-1', traceContext: { traceparent: '00-abc-def-01' } },
      async () => {
        await sleep(5);
        return currentCorrelation();
      },
    );
    expect(result).toEqual({ correlationId: 'c-1', traceContext: { traceparent: '00-abc-def-01' } });
  });

  it('keeps concurrent flows apart', async () => {
    const seen = await Promise.all(
      ['a', 'b', 'c'].map((id, index) =>
        runWithCorrelation({ correlationId: id }, async () => {
          await sleep(10 - index * 3);
          return currentCorrelationId();
        }),
      ),
    );
    expect(seen).toEqual(['a', 'b', 'c']);
  });
});

describe('logger correlation id', () => {
  it('is on records inside runWithCorrelation, across await and setTimeout, and absent outside', async () => {
    const out = captureStream();
    const logger = createLogger({ name: 'test', destination: out.stream });

    logger.info('before');
    await runWithCorrelation({ correlationId: 'corr-42' }, async () => {
      logger.info('sync');
      await sleep(2);
      logger.info('after await');
      await new Promise<void>((resolve) =>
        setTimeout(() => {
          logger.info('in timer');
          resolve();
        }, 2),
      );
      logger.child({ component: 'child' }).info('child logger');
    });
    logger.info('after');

    const records = out.records();
    const byMsg = Object.fromEntries(records.map((record) => [record.msg, record]));
    expect(byMsg.before?.correlationId).toBeUndefined();
    expect(byMsg.after?.correlationId).toBeUndefined();
    for (const msg of ['sync', 'after await', 'in timer', 'child logger']) {
      expect(byMsg[msg]?.correlationId).toBe('corr-42');
    }
    expect(byMsg.sync?.name).toBe('test');
    expect(byMsg.sync?.level).toBe('info');
    expect(typeof byMsg.sync?.time).toBe('string');
  });

  it('respects the level', () => {
    const out = captureStream();
    const logger = createLogger({ name: 'test', level: 'warn', destination: out.stream });
    logger.info('hidden');
    logger.warn('shown');
    expect(out.records().map((record) => record.msg)).toEqual(['shown']);
  });

  it('writes readable text when pretty', () => {
    const out = captureStream();
    const logger = createLogger({ name: 'pretty-test', pretty: true, destination: out.stream, secrets: ['pretty-secret-1'] });
    runWithCorrelation({ correlationId: 'corr-p' }, () => logger.info('hello pretty-secret-1'));
    const text = out.lines.join('\n');
    expect(text).toContain('hello [REDACTED]');
    expect(text).toContain('corr-p');
    expect(text).not.toContain('pretty-secret-1');
  });
});
