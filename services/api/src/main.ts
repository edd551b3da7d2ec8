// The api service process: the shared start-up sequence with the HTTP server as its one task.
import { ConfigError, loadApiConfig, loadConfig, type ApiConfig } from '@mltrading/config';
import { runService } from '@mltrading/service-kit';
import { apiServer } from './api-server.ts';

function apiConfigOrExit(): ApiConfig {
  try {
    return loadApiConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

await runService({ name: 'api', config: loadConfig, workers: [], tasks: [apiServer(apiConfigOrExit())] });
