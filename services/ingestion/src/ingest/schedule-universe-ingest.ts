import type { IngestionConfig } from '@mltrading/config';
import { parsePayload, QUEUES, type PayloadOf } from '@mltrading/queues';
import type { ServiceContext, ServiceTask } from '@mltrading/service-kit';
import { INTERVAL_MS } from './plan-range.ts';

export const UNIVERSE_SCHEDULER_ID = 'ingest-universe';

/**
 * Registers (or updates, or removes) the job scheduler that ingests the configured universe
 * incrementally every interval. Upserting by a fixed id makes every replica's start-up agree on
 * one schedule instead of adding one each.
 */
export async function scheduleUniverseIngest({ config, queues, logger }: ServiceContext<IngestionConfig>): Promise<void> {
  const queue = queues.queue('ingest');
  if (config.ingestUniverse.length === 0) {
    await queue.removeJobScheduler(UNIVERSE_SCHEDULER_ID);
    logger.info('INGEST_UNIVERSE is empty: no scheduled ingest');
    return;
  }
  // Validated now so a bad template fails the start, not every scheduled run. No correlation id in
  // the template: each run gets one from its own job id.
  const { correlationId: _perRun, ...data } = parsePayload('ingest', {
    symbols: config.ingestUniverse,
    interval: config.ingestInterval,
    source: config.ingestSource,
  });
  const everyMs = INTERVAL_MS[config.ingestInterval];
  await queue.upsertJobScheduler(UNIVERSE_SCHEDULER_ID, { every: everyMs }, {
    name: 'ingest',
    // The worker fills the correlation id per run (see createWorker), so the template omits it.
    data: data as PayloadOf<'ingest'>,
    opts: QUEUES.ingest.defaultJobOptions,
  });
  logger.info({ symbols: config.ingestUniverse.length, everyMs, source: config.ingestSource }, 'scheduled universe ingest');
}

/** The schedule as a service task: registered at start-up; the scheduler outlives the process by design. */
export const universeIngestSchedule: ServiceTask<IngestionConfig> = {
  name: 'universe ingest schedule',
  start: async (context) => {
    await scheduleUniverseIngest(context);
    return { stop: async () => {} };
  },
};
