import type { IngestionConfig } from '@mltrading/config';
import { defineWorker, type ServiceContext, type WorkerDefinition } from '@mltrading/service-kit';
import { createIngestHandler, type IngestDependencies } from './ingest/handle-ingest-job.ts';
import { SourceThrottle } from './ingest/source-throttle.ts';
import { createSources } from './sources/create-source.ts';

// Sources and the throttle are built once per process, from the context the kit opened.
const dependencies = new WeakMap<ServiceContext<IngestionConfig>, IngestDependencies>();
function dependenciesOf(context: ServiceContext<IngestionConfig>): IngestDependencies {
  let built = dependencies.get(context);
  if (!built) {
    const { config, redis } = context;
    const throttle = new SourceThrottle(redis, config.queuePrefix, config.sourceRateLimits);
    built = { sourceFor: createSources(config, (source) => throttle.acquire(source)), throttle };
    dependencies.set(context, built);
  }
  return built;
}

/** The queues this service consumes. */
export const workers: readonly WorkerDefinition<'ingest', IngestionConfig>[] = [
  defineWorker({
    queue: 'ingest',
    handler: (payload, job, context: ServiceContext<IngestionConfig>) => createIngestHandler(dependenciesOf(context))(payload, job, context),
  }),
];
