import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const lock = parse(readFileSync(`${root}pnpm-lock.yaml`, 'utf8')) as { snapshots: Record<string, unknown> };

describe('pnpm-lock.yaml', () => {
  it('resolves bullmq once, so UnrecoverableError and Job are the same classes in every package', () => {
    // bullmq lists bullmq-otel as an optional peer: a package that depends on bullmq without
    // bullmq-otel beside it gets a second copy of bullmq, and `instanceof` fails across packages.
    const copies = Object.keys(lock.snapshots).filter((key) => key.startsWith('bullmq@'));
    expect(copies).toHaveLength(1);
  });
});
