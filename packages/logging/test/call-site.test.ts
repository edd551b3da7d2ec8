import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLogger, moduleName } from '../src/index.ts';
import { captureStream } from './capture.ts';

const fixture = fileURLToPath(new URL('./fixtures/log-call-sites.ts', import.meta.url));
// The 1-based line of a marker comment in the fixture: the asserted lines are where the log calls
// really are, so editing the fixture keeps the test honest instead of silently wrong.
const lineOf = (marker: string) => readFileSync(fixture, 'utf8').split('\n').findIndex((line) => line.includes(`// ${marker}`)) + 1;

describe('call sites', () => {
  it('records the module, function and TypeScript line of each log call, through child loggers and awaits', () => {
    // Run the way services run (node --import tsx), not through vitest's own transform.
    const run = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), fixture], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const [placed, slow, failed] = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const module = 'logging/test/fixtures/log-call-sites';
    expect(placed?.callSite).toEqual({ module, function: 'placeOrder', line: lineOf('marker:place-order') });
    expect(slow?.callSite).toEqual({ module, function: 'fetchBars', line: lineOf('marker:fetch-bars') });
    expect(slow?.correlationId).toBe('c-site');
    expect(failed?.callSite).toEqual({ module, function: 'handler', line: lineOf('marker:handler') });
  });

  it('can be switched off', () => {
    const out = captureStream();
    createLogger({ name: 'call-site-test', destination: out.stream, callSites: false }).info('no site');
    expect(out.records()[0]).not.toHaveProperty('callSite');
  });

  it('names a module by its package directory and path, without extension or absolute prefix', () => {
    expect(moduleName('file:///srv/app/services/ingestion/src/jobs/ingest-job.ts')).toBe('ingestion/src/jobs/ingest-job');
    expect(moduleName('/work/main/packages/service-kit/src/run-service.ts')).toBe('service-kit/src/run-service');
    expect(moduleName('/app/node_modules/bullmq/dist/cjs/classes/worker.js')).toBe('bullmq/dist/cjs/classes/worker');
    expect(moduleName('/tmp/script.mjs')).toBe('script');
  });
});
