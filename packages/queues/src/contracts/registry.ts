import type { z } from 'zod';
import { backtestQueue } from './backtest.ts';
import { executeQueue } from './execute.ts';
import { featuresQueue } from './features.ts';
import { ingestQueue } from './ingest.ts';
import { logsQueue } from './logs.ts';
import { predictQueue } from './predict.ts';
import { trainQueue } from './train.ts';

/** Every queue of the pipeline, by name. Producers and workers both resolve contracts here. */
export const QUEUES = Object.freeze({
  ingest: ingestQueue,
  features: featuresQueue,
  predict: predictQueue,
  execute: executeQueue,
  logs: logsQueue,
  train: trainQueue,
  backtest: backtestQueue,
});

export type QueueName = keyof typeof QUEUES;
export type QueueContractOf<Q extends QueueName> = (typeof QUEUES)[Q];
/** A payload after validation: defaults applied, correlationId always present. */
export type PayloadOf<Q extends QueueName> = z.output<QueueContractOf<Q>['schema']>;
/** What a caller passes: correlationId and defaulted fields optional. */
export type PayloadInput<Q extends QueueName> = z.input<QueueContractOf<Q>['schema']>;

export const QUEUE_NAMES = Object.freeze(Object.keys(QUEUES) as QueueName[]);

export function isQueueName(name: string): name is QueueName {
  return Object.prototype.hasOwnProperty.call(QUEUES, name);
}
