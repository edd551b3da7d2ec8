// The ingestion service process: the shared start-up sequence with this service's workers.
import { loadIngestionConfig } from '@mltrading/config';
import { runService } from '@mltrading/service-kit';
import { universeIngestSchedule } from './ingest/schedule-universe-ingest.ts';
import { workers } from './workers.ts';

await runService({ name: 'ingestion', config: loadIngestionConfig, workers, tasks: [universeIngestSchedule] });
