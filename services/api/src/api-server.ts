import type { ApiConfig } from '@mltrading/config';
import type { ServiceTask } from '@mltrading/service-kit';
import type { AddressInfo } from 'node:net';
import { buildApp } from './app/build-app.ts';

/**
 * The HTTP server as a service task: it opens once PostgreSQL and Redis answer (the service kit's
 * start gate) and, at shutdown, stops taking connections and lets requests in flight finish before
 * the service kit closes Redis and the pool.
 */
export function apiServer(api: ApiConfig): ServiceTask {
  return {
    name: 'http api',
    async start(service) {
      const app = await buildApp({ service, api });
      await app.listen({ port: api.port, host: api.host });
      const { port } = app.server.address() as AddressInfo;
      service.logger.info({ apiPort: port, docs: `http://${api.host}:${port}/docs` }, 'api listening');
      return { stop: () => app.close() };
    },
  };
}
