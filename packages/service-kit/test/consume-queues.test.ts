import { loadConfig } from '@mltrading/config';
import { describe, expect, it } from 'vitest';
import { consumeQueues, type ServiceDefinition } from '../src/index.ts';

describe('consumeQueues', () => {
  it('builds one worker per consumed queue, with options where given', () => {
    const workers = consumeQueues(['predict', 'execute'], {
      predict: async (payload) => payload.symbol,
      execute: { handler: async (payload) => payload.predictionIds.length, concurrency: 2 },
    });
    expect(workers.map((w) => [w.queue, w.concurrency])).toEqual([
      ['predict', undefined],
      ['execute', 2],
    ]);
    const definition: ServiceDefinition = { name: 'typed', config: loadConfig, workers };
    expect(definition.workers).toHaveLength(2);
  });

  it('refuses, at type level, a consumed queue without a handler and a handler of a queue not consumed', () => {
    // typecheck (tsc over test/) fails if either line below stops being an error.
    // @ts-expect-error -- 'execute' is consumed but has no handler
    const missing = consumeQueues(['predict', 'execute'], { predict: async () => undefined });
    // @ts-expect-error -- 'ingest' is not consumed
    const extra = consumeQueues(['predict'], { predict: async () => undefined, ingest: async () => undefined });
    expect(missing.map((w) => w.queue)).toEqual(['predict', 'execute']);
    expect(extra.map((w) => w.queue)).toEqual(['predict']);
  });
});
