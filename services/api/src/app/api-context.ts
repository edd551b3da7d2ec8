import type { ApiConfig } from '@mltrading/config';
import type { ServiceContext } from '@mltrading/service-kit';

/** What the HTTP layer reaches: the service's context (db, queues, Redis, log records) and the API's settings. */
export interface ApiContext {
  readonly service: Pick<ServiceContext, 'config' | 'db' | 'logger' | 'queues' | 'redis' | 'logRecords'>;
  readonly api: ApiConfig;
}
