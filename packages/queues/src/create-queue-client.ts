import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { currentCorrelation, newCorrelationId, type Logger } from '@mltrading/logging';
import { isQueueName, QUEUE_NAMES, QUEUES, type PayloadInput, type PayloadOf, type QueueName } from './contracts/registry.ts';
import { jobIdProblem } from './contracts/job-id.ts';
import { parsePayload } from './parse-payload.ts';

export interface QueueClientOptions {
  /** A producer connection (see `createRedisConnection(url, 'producer')`); the caller owns and closes it. */
  connection: Redis;
  prefix?: string;
  /** Supplies W3C trace context for new jobs (the OpenTelemetry layer plugs in here). */
  getTraceContext?: () => Record<string, string> | undefined;
  logger?: Logger;
}

export interface EnqueueResult<Q extends QueueName = QueueName> {
  queue: Q;
  jobId: string;
  correlationId: string;
}

export interface QueueClient {
  enqueue<Q extends QueueName>(queue: Q, input: PayloadInput<Q>, opts?: JobsOptions): Promise<EnqueueResult<Q>>;
  /** All inputs are validated before any is added: one bad input adds nothing. */
  enqueueBulk<Q extends QueueName>(queue: Q, inputs: readonly PayloadInput<Q>[], opts?: JobsOptions): Promise<EnqueueResult<Q>[]>;
  queue<Q extends QueueName>(name: Q): Queue<PayloadOf<Q>>;
  close(): Promise<void>;
}

interface Prepared<Q extends QueueName> {
  payload: PayloadOf<Q>;
  opts: JobsOptions;
}

export function createQueueClient(options: QueueClientOptions): QueueClient {
  const prefix = options.prefix ?? 'mlt';
  const queues = new Map<QueueName, Queue>();

  // Untyped inside: BullMQ's conditional generics cannot follow a generic Q, and every payload
  // reaching `add` has just been parsed by the queue's own schema.
  function rawQueue(name: QueueName): Queue {
    let queue = queues.get(name);
    if (queue === undefined) {
      queue = new Queue(name, { connection: options.connection, prefix });
      // An EventEmitter 'error' with no listener would crash the process on a Redis hiccup.
      queue.on('error', (error) => options.logger?.error({ err: error, queue: name }, 'queue connection error'));
      queues.set(name, queue);
    }
    return queue;
  }

  // Fills the envelope from the caller, else the surrounding job's context (so successors inherit
  // the flow's id), else a fresh id; then validates and resolves the job id and options.
  function prepare<Q extends QueueName>(queue: Q, input: PayloadInput<Q>, opts: JobsOptions | undefined, context?: string): Prepared<Q> {
    assertQueueName(queue);
    assertPayloadObject(queue, input, context);
    const surrounding = currentCorrelation();
    const given = input as { correlationId?: string; traceContext?: Record<string, string> };
    const traceContext = given.traceContext ?? options.getTraceContext?.() ?? surrounding?.traceContext;
    const data = {
      ...input,
      correlationId: given.correlationId ?? surrounding?.correlationId ?? newCorrelationId(),
      ...(traceContext === undefined ? {} : { traceContext }),
    };
    const payload = parsePayload(queue, data, context);
    const contract = QUEUES[queue];
    const jobId = opts?.jobId ?? (contract.jobId as ((p: PayloadOf<Q>) => string) | undefined)?.(payload);
    if (jobId !== undefined) {
      const problem = jobIdProblem(jobId);
      if (problem !== undefined) throw new Error(`Cannot enqueue on "${queue}": ${problem}`);
    }
    return {
      payload,
      opts: { ...contract.defaultJobOptions, ...opts, ...(jobId === undefined ? {} : { jobId }) },
    };
  }

  function result<Q extends QueueName>(queue: Q, jobId: string | undefined, payload: PayloadOf<Q>): EnqueueResult<Q> {
    if (jobId === undefined) throw new Error(`BullMQ returned no job id for a job on "${queue}"`);
    return { queue, jobId, correlationId: payload.correlationId };
  }

  return {
    async enqueue(queue, input, opts) {
      const { payload, opts: jobOpts } = prepare(queue, input, opts);
      const job = await rawQueue(queue).add(queue, payload, jobOpts);
      return result(queue, job.id, payload);
    },

    async enqueueBulk(queue, inputs, opts) {
      assertQueueName(queue);
      if (!Array.isArray(inputs)) throw new Error(`Cannot enqueue on "${queue}": the inputs must be an array of payloads`);
      const prepared = inputs.map((input, index) => prepare(queue, input, opts, `item ${index}`));
      if (prepared.length === 0) return [];
      const jobs = await rawQueue(queue).addBulk(
        prepared.map(({ payload, opts: jobOpts }) => ({ name: queue, data: payload, opts: jobOpts })),
      );
      return jobs.map((job, index) => result(queue, job.id, prepared[index]!.payload));
    },

    queue: <Q extends QueueName>(name: Q) => {
      assertQueueName(name);
      return rawQueue(name) as Queue<PayloadOf<Q>>;
    },

    async close() {
      const open = [...queues.values()];
      queues.clear();
      await Promise.all(open.map((queue) => queue.close()));
    },
  };
}

/**
 * Callers from outside TypeScript (the CLI, an HTTP body) can pass any string: an inherited
 * property name such as `__proto__` or `toString` must not be taken for a queue.
 */
function assertQueueName(name: string): asserts name is QueueName {
  if (typeof name !== 'string' || !isQueueName(name)) {
    throw new Error(`Unknown queue ${JSON.stringify(String(name))} (known: ${QUEUE_NAMES.join(', ')})`);
  }
}

// The envelope (correlation id, trace context) is read from the input before the schema runs, so
// anything but a plain object would fail there with a TypeError instead of a readable reason.
function assertPayloadObject(queue: QueueName, input: unknown, context: string | undefined): void {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    const what = input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input;
    throw new Error(`Invalid payload for queue "${queue}"${context ? ` (${context})` : ''}: must be a JSON object, got ${what}`);
  }
}
