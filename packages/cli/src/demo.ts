// `npm run demo`: runs what the pipeline has on an offline default and prints what each part did.
// Today that is: migrate the database, start every service as its own process, check each one's
// health, report the schema's state, and stop the services with SIGTERM (they drain and exit 0).
import { fileURLToPath } from 'node:url';
import { createDb, ensureDatabase, migrateToLatest } from '@mltrading/db';
import { spawnService, type ServiceProcess } from '@mltrading/service-kit';
import { cliConfig } from './cli-context.ts';
import { formatTable } from './print-table.ts';
import { schemaState } from './schema-state.ts';

const SERVICES = ['ingestion', 'feature-engineering', 'prediction', 'order-execution', 'log-sink'] as const;

const config = cliConfig();
console.log(`mltrading demo — database ${redactUrl(config.databaseUrl)}, redis ${redactUrl(config.redisUrl)}\n`);

await ensureDatabase(config.databaseUrl);
const db = createDb(config.databaseUrl, { poolSize: 2 });
try {
  const applied = await migrateToLatest(db);
  console.log(`1. migrations: ${applied.length === 0 ? 'database already up to date' : `${applied.length} applied`}`);

  console.log('2. starting each service as its own process');
  const started: { name: string; service: ServiceProcess }[] = [];
  try {
    for (const name of SERVICES) {
      const entry = fileURLToPath(new URL(`../../../services/${name}/src/main.ts`, import.meta.url));
      const service = await spawnService(entry, { HEALTH_PORT: '0', LOG_LEVEL: 'info' });
      started.push({ name, service });
    }
    const rows = [];
    for (const { name, service } of started) {
      const health = (await (await fetch(`http://127.0.0.1:${service.healthPort}/healthz`)).json()) as {
        status: string;
        workers: { queue: string }[];
      };
      const ready = (await fetch(`http://127.0.0.1:${service.healthPort}/readyz`)).status === 200;
      rows.push({
        service: name,
        pid: service.pid,
        health: health.status,
        ready,
        consumes: health.workers.map((w) => w.queue).join(', ') || '(no job handlers yet)',
      });
    }
    console.log(indent(formatTable(rows)));
  } finally {
    console.log('3. stopping the services (SIGTERM: drain, then exit)');
    const exits = [];
    for (const { name, service } of started) exits.push({ service: name, exit_code: await service.stop() });
    console.log(indent(formatTable(exits)));
  }

  console.log('4. schema state');
  console.log(indent(formatTable(await schemaState(db))));
} finally {
  await db.destroy();
}

function indent(text: string): string {
  return text.replace(/^/gm, '   ');
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
