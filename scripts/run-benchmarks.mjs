#!/usr/bin/env node
// `npm run bench`: runs every workspace package's `bench` script, one at a time (benchmarks must not
// share the two cores), each printing its figures beside its baseline and writing bench-results/*.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

mkdirSync(new URL('../bench-results/', import.meta.url), { recursive: true });
const result = spawnSync('pnpm', ['-r', '--workspace-concurrency=1', 'run', '--if-present', 'bench', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, PATH: `${new URL('../.tools/node_modules/.bin', import.meta.url).pathname}:${process.env.PATH}` },
});
process.exit(result.status ?? 1);
