#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, from wherever the command is called.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// tsx is resolved from this package, so the command works from any directory.
const tsx = import.meta.resolve('tsx');
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const result = spawnSync(process.execPath, ['--import', tsx, main, ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: process.cwd(),
});
process.exit(result.status ?? 1);
