import { describe, expect, it } from 'vitest';
import {
  InvalidPayloadError,
  MAINTENANCE_QUEUES,
  MAINTENANCE_QUEUE_NAMES,
  QUEUES,
  QUEUE_NAMES,
  buildJobId,
  formatIssues,
  jobIdProblem,
  parsePayload,
  type PayloadInput,
  type QueueName,
} from '../src/contracts/index.ts';

function reasonOf(queue: QueueName, data: unknown): string {
  const result = QUEUES[queue].schema.safeParse(data);
  if (result.success) throw new Error(`expected ${queue} payload to be refused: ${JSON.stringify(data)}`);
  return formatIssues(result.error);
}

const good: { [Q in QueueName]: PayloadInput<Q> } = {
  ingest: { symbols: ['aapl', 'MSFT', 'BRK-B', 'BRK.A'], start: '2024-01-02T00:00:00Z', end: '2024-01-05T00:00:00+01:00' },
  features: { symbol: 'AAPL', interval: '1d', source: 'yahoo', start: '2024-01-02T00:00:00Z', end: '2024-02-02T00:00:00Z' },
  predict: { symbol: 'AAPL', interval: '1h', source: 'alpaca', timestamps: ['2024-01-02T15:00:00Z'] },
  execute: { predictionIds: ['pred-1', 'pred-2'] },
  train: {
    name: 'dir-1h',
    kind: 'logistic',
    predictionType: 'price_direction',
    symbols: ['msft', 'AAPL'],
    interval: '1h',
    start: '2025-01-01T00:00:00Z',
    end: '2026-01-01T00:00:00Z',
    horizon: 1,
    features: ['returns', 'rsi_1d'],
  },
  backtest: {
    symbols: ['msft', 'AAPL'],
    interval: '1h',
    start: '2025-01-01T00:00:00Z',
    end: '2026-01-01T00:00:00Z',
    model: { modelId: 'model-1' },
  },
  logs: {
    records: [
      { kind: 'system', timestamp: '2024-01-02T00:00:00Z', level: 'INFO', loggerName: 'ingestion', message: 'hi' },
      { kind: 'performance', timestamp: '2024-01-02T00:00:00Z', operationName: 'fetch', durationMs: 12.5, status: 'ok' },
      { kind: 'error', timestamp: '2024-01-02T00:00:00Z', errorType: 'ValidationError', errorMessage: 'bad bar' },
      { kind: 'trading_event', timestamp: '2024-01-02T00:00:00Z', eventType: 'order_placed', symbol: 'AAPL', side: 'buy', quantity: 10, price: 187.5 },
      { kind: 'user_action', timestamp: '2024-01-02T00:00:00Z', actionType: 'api_call', ipAddress: '10.0.0.1', responseStatus: 200 },
    ],
  },
};

describe('queue registry', () => {
  it('declares every queue with its name, options and id builder', () => {
    expect(QUEUE_NAMES).toEqual(['ingest', 'features', 'predict', 'execute', 'logs', 'train', 'backtest']);
    for (const name of QUEUE_NAMES) {
      const contract = QUEUES[name];
      expect(contract.name).toBe(name);
      expect(contract.defaultJobOptions.attempts).toBeGreaterThan(1);
      expect(contract.defaultJobOptions.backoff.type).toBe('exponential');
      expect(contract.defaultJobOptions.removeOnComplete.age).toBeGreaterThan(0);
      expect(contract.defaultJobOptions.removeOnFail.count).toBeGreaterThan(0);
    }
    expect(QUEUES.logs.jobId).toBeUndefined();
  });

  it.each(QUEUE_NAMES)('accepts a good %s payload and produces a BullMQ-safe deterministic id', (name) => {
    const payload = parsePayload(name, good[name]);
    expect(payload.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    const jobId = (QUEUES[name].jobId as ((p: unknown) => string) | undefined)?.(payload);
    if (name === 'logs') return;
    expect(jobId).toBeDefined();
    expect(jobIdProblem(jobId!)).toBeUndefined();
    expect(jobId!.startsWith(`${name}-`)).toBe(true);
    const again = (QUEUES[name].jobId as (p: unknown) => string)(parsePayload(name, good[name]));
    expect(again).toBe(jobId);
  });

  it('keeps unknown fields out and old payloads valid (forward compatible)', () => {
    const payload = parsePayload('execute', { predictionIds: ['p'], someFutureField: 1 });
    expect(payload).not.toHaveProperty('someFutureField');
  });
});

describe('ingest contract', () => {
  it('normalizes symbols, applies defaults and UTC timestamps', () => {
    const payload = parsePayload('ingest', { ...good.ingest, symbols: [' aapl', 'AAPL', 'msft'] });
    expect(payload.symbols).toEqual(['AAPL', 'MSFT']);
    expect(payload.interval).toBe('1h');
    expect(payload.source).toBe('yahoo');
    expect(payload.end).toBe('2024-01-04T23:00:00.000Z');
  });

  it("accepts Yahoo's symbol grammar: indices, currencies, futures, funds, class shares, exchange suffixes", () => {
    const symbols = ['^GSPC', 'eurusd=x', 'GC=F', '0P000071W8.TO', 'BRK-B', 'BTC-USD', '7203.T', 'A'.repeat(32)];
    expect(parsePayload('ingest', { symbols }).symbols).toEqual(symbols.map((s) => s.toUpperCase()));
  });

  it('ids ignore symbol order and offset spelling, and differ by range', () => {
    const id = (input: PayloadInput<'ingest'>) => QUEUES.ingest.jobId!(parsePayload('ingest', input));
    const a = id({ symbols: ['AAPL', 'MSFT'], start: '2024-01-02T00:00:00Z' });
    expect(id({ symbols: ['msft', 'aapl'], start: '2024-01-02T01:00:00+01:00' })).toBe(a);
    expect(id({ symbols: ['AAPL', 'MSFT'], start: '2024-01-03T00:00:00Z' })).not.toBe(a);
    expect(a).toMatch(/^ingest-yahoo-1h-[0-9a-f]{16}-20240102T000000Z-open$/);
  });

  it.each([
    [{ symbols: ['AAPL; DROP TABLE'] }, /symbols\.0: "AAPL; DROP TABLE" is not a valid symbol/],
    [{ symbols: ['../etc'] }, /symbols\.0: "..\/ETC" is not a valid symbol/],
    [{ symbols: ['A'.repeat(33)] }, /is not a valid symbol \(1-32 characters/],
    [{ symbols: ['BRK B'] }, /"BRK B" is not a valid symbol/],
    [{ symbols: ['AAPL\u0000'] }, /is not a valid symbol/],
    [{ symbols: ["X' OR '1'='1"] }, /is not a valid symbol/],
    [{ symbols: ['^^GSPC'] }, /is not a valid symbol/],
    [{ symbols: ['=X'] }, /is not a valid symbol/],
    [{ symbols: ['GC=F:1'] }, /is not a valid symbol/],
    [{ symbols: [] }, /symbols: must contain at least one symbol/],
    [{ symbols: Array.from({ length: 2001 }, (_, i) => `S${i}`) }, /symbols: must contain at most 2000 symbols/],
    [{ symbols: 'AAPL' }, /symbols: must be an array of symbols/],
    [{}, /symbols: is required/],
    [{ symbols: ['AAPL'], interval: '2h' }, /interval: "2h" is not a supported interval \(one of 1m, 5m, 15m, 30m, 1h, 1d\)/],
    [{ symbols: ['AAPL'], source: 'bloomberg' }, /source: "bloomberg" is not a supported source/],
    [{ symbols: ['AAPL'], start: '2024-02-01T00:00:00Z', end: '2024-01-01T00:00:00Z' }, /start: start \(.*\) must be before end/],
    [{ symbols: ['AAPL'], start: 'yesterday' }, /start: "yesterday" is not an ISO 8601 datetime/],
    [{ symbols: ['AAPL'], start: '2024-01-01T00:00:00' }, /start: .* is not an ISO 8601 datetime with offset/],
    [{ symbols: ['AAPL'], csvPath: '/data/a.csv' }, /csvPath: only allowed with source "csv"/],
    [{ symbols: ['AAPL'], correlationId: 'x'.repeat(51) }, /correlationId: must be at most 50 characters/],
    [{ symbols: ['AAPL'], traceContext: { traceparent: 5 } }, /traceContext\.traceparent/],
  ])('refuses bad payload #%#', (input, reason) => {
    expect(reasonOf('ingest', input)).toMatch(reason);
  });

  it('accepts csvPath with the csv source', () => {
    expect(parsePayload('ingest', { symbols: ['AAPL'], source: 'csv', csvPath: '/data/a.csv' }).csvPath).toBe('/data/a.csv');
  });

  it('lists several problems at once', () => {
    const reason = reasonOf('ingest', { symbols: ['AAPL; DROP TABLE', 'ok'], interval: 'weekly', source: 'x' });
    expect(reason).toMatch(/symbols\.0: .*; interval: .*; source: /);
  });
});

describe('features contract', () => {
  it('builds the documented id', () => {
    const payload = parsePayload('features', { ...good.features, symbol: 'brk-b' });
    expect(QUEUES.features.jobId!(payload)).toBe('features-yahoo-1d-BRK-B-20240102T000000Z-20240202T000000Z');
  });

  it.each([
    [{ symbol: 'AAPL' }, /interval: .*required.*source: .*required.*start: .*required.*end: .*required/],
    [{ ...good.features, symbol: 'AAPL; DROP TABLE' }, /symbol: "AAPL; DROP TABLE" is not a valid symbol/],
    [{ ...good.features, interval: '4h' }, /interval: "4h" is not a supported interval/],
    [{ ...good.features, start: good.features.end, end: good.features.start }, /must be before end/],
    [{ ...good.features, end: good.features.start }, /must be before end/],
  ])('refuses bad payload #%#', (input, reason) => {
    expect(reasonOf('features', input)).toMatch(reason);
  });
});

describe('predict contract', () => {
  const base = { symbol: 'AAPL', interval: '1h', source: 'yahoo' } as const;

  it('accepts a range, and ids differ between range and timestamps', () => {
    const byRange = QUEUES.predict.jobId!(parsePayload('predict', { ...base, start: '2024-01-01T00:00:00Z', end: '2024-01-02T00:00:00Z' }));
    const byTimestamps = QUEUES.predict.jobId!(parsePayload('predict', { ...base, timestamps: ['2024-01-01T10:00:00Z'] }));
    expect(byRange).toBe('predict-yahoo-1h-AAPL-20240101T000000Z-20240102T000000Z');
    expect(byTimestamps).toMatch(/^predict-yahoo-1h-AAPL-ts[0-9a-f]{16}$/);
  });

  it('sorts timestamps so their order does not change the id', () => {
    const id = (timestamps: string[]) => QUEUES.predict.jobId!(parsePayload('predict', { ...base, timestamps }));
    expect(id(['2024-01-01T10:00:00Z', '2024-01-01T09:00:00Z'])).toBe(id(['2024-01-01T09:00:00Z', '2024-01-01T10:00:00Z']));
  });

  it.each([
    [base, /timestamps: give timestamps, or both start and end/],
    [{ ...base, start: '2024-01-01T00:00:00Z' }, /end: start and end must be given together/],
    [{ ...base, timestamps: [] }, /timestamps: must contain at least one timestamp/],
    [{ ...base, timestamps: ['noon'] }, /timestamps\.0: "noon" is not an ISO 8601 datetime/],
    [{ ...base, start: '2024-01-02T00:00:00Z', end: '2024-01-01T00:00:00Z' }, /must be before end/],
  ])('refuses bad payload #%#', (input, reason) => {
    expect(reasonOf('predict', input)).toMatch(reason);
  });
});

describe('execute contract', () => {
  it('hashes the sorted ids', () => {
    const id = (predictionIds: string[]) => QUEUES.execute.jobId!(parsePayload('execute', { predictionIds }));
    expect(id(['b', 'a'])).toBe(id(['a', 'b']));
    expect(id(['a'])).not.toBe(id(['a', 'b']));
  });

  it.each([
    [{ predictionIds: [] }, /predictionIds: must contain at least one prediction id/],
    [{ predictionIds: Array.from({ length: 501 }, (_, i) => `p${i}`) }, /at most 500/],
    [{ predictionIds: ['has space'] }, /predictionIds\.0: must be visible ASCII/],
    [{}, /predictionIds: is required/],
  ])('refuses bad payload #%#', (input, reason) => {
    expect(reasonOf('execute', input)).toMatch(reason);
  });
});

describe('logs contract', () => {
  it('truncates over-long VARCHAR fields instead of refusing the batch', () => {
    const payload = parsePayload('logs', {
      records: [{ kind: 'system', timestamp: '2024-01-02T00:00:00Z', level: 'INFO', loggerName: 'x'.repeat(300), message: 'm' }],
    });
    const record = payload.records[0]!;
    expect(record.kind === 'system' && record.loggerName.length).toBe(100);
  });

  it.each([
    [{ records: [] }, /records: must contain at least one record/],
    [{ records: [{ kind: 'audit', timestamp: '2024-01-02T00:00:00Z' }] }, /records\.0\.kind: kind must be one of system, performance/],
    [{ records: [{ kind: 'system', timestamp: '2024-01-02T00:00:00Z', level: 'INFO' }] }, /records\.0\.loggerName: is required.*records\.0\.message: is required/],
    [{ records: [{ kind: 'system', timestamp: 'now', level: 'LOUD', loggerName: 'a', message: 'b' }] }, /records\.0\.timestamp: .*records\.0\.level: must be one of DEBUG/],
    [{ records: [{ kind: 'performance', timestamp: '2024-01-02T00:00:00Z', operationName: 'a', durationMs: -1, status: 'ok' }] }, /durationMs: must be >= 0/],
    [{ records: [{ kind: 'user_action', timestamp: '2024-01-02T00:00:00Z', actionType: 'a', ipAddress: 'not-an-ip' }] }, /ipAddress: must be an IPv4 or IPv6 address/],
    [{ records: Array.from({ length: 1001 }, () => good.logs.records[0]) }, /at most 1000 records/],
  ])('refuses bad payload #%#', (input, reason) => {
    expect(reasonOf('logs', input)).toMatch(reason);
  });
});

describe('job id helpers', () => {
  it('sanitizes and bounds ids', () => {
    expect(buildJobId('q', ['a:b', 'c d'])).toBe('q-a_b-c_d');
    const long = buildJobId('q', ['x'.repeat(500)]);
    expect(long.length).toBeLessThanOrEqual(200);
    expect(buildJobId('q', ['x'.repeat(500)])).toBe(long);
  });

  it('reports ids BullMQ would refuse', () => {
    expect(jobIdProblem('42')).toMatch(/integer/);
    expect(jobIdProblem('a:b')).toMatch(/":"/);
    expect(jobIdProblem('features-x')).toBeUndefined();
  });

  it('InvalidPayloadError carries structured issues', () => {
    try {
      parsePayload('execute', { predictionIds: [] });
      throw new Error('unreachable');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidPayloadError);
      const invalid = error as InvalidPayloadError;
      expect(invalid.queue).toBe('execute');
      expect(invalid.issues).toEqual([{ path: 'predictionIds', message: 'must contain at least one prediction id' }]);
      expect(invalid.message).toBe('Invalid payload for queue "execute": predictionIds: must contain at least one prediction id');
    }
  });
});

describe('maintenance queues', () => {
  it('declares each service-private queue once, apart from the pipeline names', () => {
    expect(MAINTENANCE_QUEUE_NAMES).toEqual(['features-maintenance', 'features-sweep', 'log-sink-maintenance', 'prediction-sweep', 'prediction-retrain', 'execution-reconcile']);
    for (const name of MAINTENANCE_QUEUE_NAMES) {
      expect(MAINTENANCE_QUEUES[name].name, name).toBe(name);
      expect((QUEUE_NAMES as readonly string[]).includes(name), name).toBe(false);
    }
  });

  it('validates their job data', () => {
    expect(MAINTENANCE_QUEUES['features-maintenance'].schema.safeParse({ reason: 'backfill' }).success).toBe(true);
    expect(MAINTENANCE_QUEUES['features-maintenance'].schema.safeParse({ reason: 'later' }).success).toBe(false);
    expect(MAINTENANCE_QUEUES['features-sweep'].schema.safeParse({ reason: 'backfill' }).success).toBe(false);
    for (const name of ['prediction-sweep', 'prediction-retrain', 'execution-reconcile'] as const) {
      expect(MAINTENANCE_QUEUES[name].schema.safeParse({ reason: 'manual' }).success, name).toBe(true);
      expect(MAINTENANCE_QUEUES[name].schema.safeParse({}).success, name).toBe(false);
    }
  });
});
