#!/usr/bin/env node
// Entry point of `npm test`, `npm run demo` and `npm run bench` on a fresh clone: it makes sure
// the pinned pnpm is available (installing it under .tools/ when the machine has another or none),
// installs the workspace from the lockfile, then runs the named root script through pnpm.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node scripts/bootstrap.mjs <root-script> [args…]');
  process.exit(2);
}

const wanted = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];

function versionOf(bin) {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', env: process.env });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

// turbo and nested scripts look pnpm up on PATH: make the one installed under .tools/ findable.
const env = { ...process.env, PATH: `${join(root, '.tools', 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}` };

function run(bin, argv) {
  const r = spawnSync(bin, argv, { cwd: root, stdio: 'inherit', env });
  if (r.error) throw r.error;
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function pnpmBinary() {
  if (versionOf('pnpm') === wanted) return 'pnpm';
  const local = join(root, '.tools', 'node_modules', '.bin', 'pnpm');
  if (versionOf(local) !== wanted) {
    console.error(`[bootstrap] installing pnpm@${wanted} into .tools/`);
    run('npm', ['install', '--prefix', join(root, '.tools'), '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `pnpm@${wanted}`]);
  }
  return local;
}

const pnpm = pnpmBinary();
const installed = existsSync(join(root, 'node_modules', '.modules.yaml'));
run(pnpm, ['install', '--frozen-lockfile', ...(installed ? ['--prefer-offline'] : [])]);
run(pnpm, ['run', script, ...args]);
