import type { BaseConfig } from '@mltrading/config';
import type { Database } from '@mltrading/db';
import type { LogRecordInput, PayloadOf, QueueClient, QueueName } from '@mltrading/queues';
import type { Job, WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { LogShipperOptions } from './logging/log-shipper.ts';
import type { LogTransport } from './logging/log-transport.ts';

/**
 * What every job handler of a service can reach: opened once at start-up, closed at shutdown.
 * `C` is the service's configuration: the base section plus its own (see `ServiceDefinition.config`).
 */
export interface ServiceContext<C extends BaseConfig = BaseConfig> {
  readonly config: C;
  readonly db: Kysely<Database>;
  readonly logger: Logger;
  /** Producer side of the queues, for enqueueing successor jobs. */
  readonly queues: QueueClient;
  /** A fail-fast Redis connection for shared state such as rate limits (not for blocking calls). */
  readonly redis: Redis;
  /**
   * Records for the log tables that are not log lines — trading events, user actions — shipped with
   * the service's logs (never blocks; see LogShipper). The correlation id is the caller's to set.
   */
  readonly logRecords: { push(record: LogRecordInput): void };
}

/** Something a service runs beside its workers (a maintenance worker, a scheduler) and stops at shutdown. */
export interface ServiceTask<C extends BaseConfig = BaseConfig> {
  readonly name: string;
  /** Called after the workers started; the returned stop() runs at shutdown, right after the drain. */
  start(context: ServiceContext<C>): Promise<{ stop(): Promise<void> }>;
}

export type JobHandler<Q extends QueueName, C extends BaseConfig = BaseConfig> = (
  payload: PayloadOf<Q>,
  job: Job,
  context: ServiceContext<C>,
) => Promise<unknown>;

/** One queue a service consumes. Exactly one handler per queue name (checked at start-up). */
export interface WorkerDefinition<Q extends QueueName = QueueName, C extends BaseConfig = BaseConfig> {
  readonly queue: Q;
  readonly handler: JobHandler<Q, C>;
  /** Overrides WORKER_CONCURRENCY for this queue. */
  readonly concurrency?: number;
  /** Extra BullMQ worker options (lock duration, stalled-job checks). */
  readonly workerOptions?: Partial<Pick<WorkerOptions, 'lockDuration' | 'stalledInterval' | 'maxStalledCount'>>;
}

export interface ServiceDefinition<C extends BaseConfig = BaseConfig> {
  readonly name: string;
  /**
   * Loads this service's configuration (`loadIngestionConfig`, … or `loadConfig` for the base alone):
   * the service validates and sees only its own section, so another service's bad value cannot stop it.
   */
  readonly config: (env: NodeJS.ProcessEnv) => C;
  /** One worker per consumed queue; `consumeQueues` builds the list so a missing handler is a type error. */
  readonly workers: readonly AnyWorkerDefinition<C>[];
  readonly tasks?: readonly ServiceTask<C>[];
  /**
   * Where this service's log records go; the \`logs\` queue when omitted. The log sink writes its own
   * records straight to PostgreSQL, since shipping them over the queue it consumes would loop.
   */
  readonly logTransport?: (context: ServiceContext<C>) => LogTransport;
  /** Buffer and batch sizes of the log shipper (defaults in LOG_SHIPPER_DEFAULTS). */
  readonly logShipping?: Partial<Pick<LogShipperOptions, 'capacity' | 'batchSize' | 'flushIntervalMs' | 'sendTimeoutMs' | 'maxRetryDelayMs'>>;
}

/**
 * A worker of any one queue, its payload type tied to that queue: the union of WorkerDefinition<Q>
 * over every queue name (a single WorkerDefinition<QueueName> would let a handler of one queue
 * take another's payload).
 */
export type AnyWorkerDefinition<C extends BaseConfig = BaseConfig> = { [Q in QueueName]: WorkerDefinition<Q, C> }[QueueName];

/** A consumed queue's handler, alone or with its worker options. */
export type QueueWorker<Q extends QueueName, C extends BaseConfig = BaseConfig> = JobHandler<Q, C> | Omit<WorkerDefinition<Q, C>, 'queue'>;

/**
 * The workers of a service, declared once: the queues it consumes, then one handler per queue
 * (trigger.dev's `jobs: { [K in keyof Catalog]: JobHandler }`). A consumed queue without a handler,
 * or a handler of a queue not consumed, is a type error; start-up still checks for duplicates.
 */
export function consumeQueues<const C extends readonly QueueName[]>(
  consumes: C,
  jobs: { readonly [K in C[number]]: QueueWorker<K> },
): AnyWorkerDefinition[] {
  return consumes.map(<Q extends C[number]>(queue: Q) => {
    const job = jobs[queue] as QueueWorker<Q>;
    return (typeof job === 'function' ? { queue, handler: job } : { ...job, queue }) as unknown as AnyWorkerDefinition;
  });
}

/**
 * Keeps the payload type of each worker tied to its queue name. A handler that reads its service's
 * section annotates its context (`context: ServiceContext<IngestionConfig>`), which sets `C`.
 */
export function defineWorker<Q extends QueueName, C extends BaseConfig = BaseConfig>(definition: WorkerDefinition<Q, C>): WorkerDefinition<Q, C> {
  return definition;
}
