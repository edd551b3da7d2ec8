import { createLogger, runWithCorrelation } from '@mltrading/logging';
import { logRecordSchema } from '@mltrading/queues';
import { describe, expect, it } from 'vitest';
import { logRecordFromLine } from '../src/index.ts';

/** A real logger whose lines are turned into records, as the shipper does. */
function recordsOf(log: (logger: ReturnType<typeof createLogger>) => void) {
  const lines: string[] = [];
  const logger = createLogger({ name: 'from-line-test', destination: { write: () => {} }, tap: (line) => lines.push(line) });
  log(logger);
  return lines.map((line) => logRecordSchema.parse(logRecordFromLine(line, 'fallback')));
}

describe('logRecordFromLine', () => {
  it("fills every system_logs column from a pino line: level, logger, correlation id, module, function, line, thread, pid", () => {
    function fetchBars(logger: ReturnType<typeof createLogger>) {
      logger.child({ queue: 'ingest' }).warn({ symbols: 2 }, 'slow provider');
    }
    const [record] = recordsOf((logger) => runWithCorrelation({ correlationId: 'flow-7' }, () => fetchBars(logger)));
    expect(record).toMatchObject({
      kind: 'system',
      level: 'WARNING',
      loggerName: 'from-line-test',
      correlationId: 'flow-7',
      message: 'slow provider',
      module: 'service-kit/test/log-record-from-line.test',
      functionName: 'fetchBars',
      threadName: 'main',
      processId: process.pid,
      metadata: { queue: 'ingest', symbols: 2, hostname: expect.any(String) },
    });
    // The exact TypeScript line under tsx is asserted in packages/logging (vitest transforms
    // differently); here: a real line number, and the call site does not leak into metadata.
    expect(record!.kind === 'system' && record!.lineNumber).toBeGreaterThan(0);
    expect(record!.metadata).not.toHaveProperty('callSite');
  });

  it('an explicit module field wins over the call site', () => {
    const [record] = recordsOf((logger) => logger.info({ module: 'retention' }, 'retention applied'));
    expect(record).toMatchObject({ module: 'retention', message: 'retention applied' });
  });

  it('a logged correlation id too long for the column goes to metadata instead of spoiling the batch', () => {
    const long = 'x'.repeat(80);
    const [record] = recordsOf((logger) => logger.info({ correlationId: long }, 'odd id'));
    expect(record).toMatchObject({ correlationId: null, metadata: { correlationId: long } });
  });

  it('a logged `time` field that is no ISO instant cannot spoil the batch: the line gets a timestamp, the value stays in metadata', () => {
    const before = Date.now();
    const [record] = recordsOf((logger) => logger.info({ time: 'yesterday' }, 'odd time'));
    expect(record).toMatchObject({ message: 'odd time', metadata: { time: 'yesterday' } });
    expect(Date.parse(record!.timestamp)).toBeGreaterThanOrEqual(before - 1);
  });

  it("process_id is this process's even when the code logged a `pid` of its own, which stays in metadata", () => {
    const [record] = recordsOf((logger) => logger.info({ pid: 4.5 }, 'spawned helper'));
    expect(record).toMatchObject({ processId: process.pid, metadata: { pid: 4.5 } });
  });
});
