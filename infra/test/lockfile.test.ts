import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
// pnpm 12 writes two documents: the lockfile of pnpm itself first, then the workspace's.
const documents = parseAllDocuments(readFileSync(`${root}pnpm-lock.yaml`, 'utf8')).map((d) => d.toJS() as { snapshots?: Record<string, unknown> });
const snapshots = documents.at(-1)?.snapshots ?? {};

describe('pnpm-lock.yaml', () => {
  it('resolves bullmq once, so UnrecoverableError and Job are the same classes in every package', () => {
    // bullmq lists bullmq-otel as an optional peer: a package that depends on bullmq without
    // bullmq-otel beside it gets a second copy of bullmq, and `instanceof` fails across packages.
    const copies = Object.keys(snapshots).filter((key) => key.startsWith('bullmq@'));
    expect(copies).toHaveLength(1);
  });
});
