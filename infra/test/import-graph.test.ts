import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageOf, specifiersIn, violations, workspacePackages, type WorkspacePackage } from './support/import-graph.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the import graph', () => {
  const packages = workspacePackages(root);

  it('reads every workspace package and its imports', () => {
    const names = packages.map((p) => p.name);
    for (const name of ['@mltrading/db', '@mltrading/queues', '@mltrading/service-kit', '@mltrading/cli', '@mltrading/operations', '@mltrading/features', '@mltrading/ingestion']) {
      expect(names, name).toContain(name);
    }
    const ingestion = packages.find((p) => p.name === '@mltrading/ingestion')!;
    expect(ingestion.imports.some((i) => i.specifier === '@mltrading/db')).toBe(true);
  });

  it('keeps the layers: services and front ends import no service, db and queues stay apart, pure packages do no I/O', () => {
    expect(violations(packages)).toEqual([]);
  });
});

describe('the import-graph check itself', () => {
  const fake = (name: string, dir: string, specifiers: string[], dependencies: string[] = []): WorkspacePackage => ({
    name,
    dir,
    dependencies,
    imports: specifiers.map((specifier) => ({ file: `${dir}/src/index.ts`, specifier })),
  });

  it('finds specifiers of static, dynamic and side-effect imports, re-exports and require', () => {
    const source = [
      "import { a } from '@mltrading/db';",
      "import type { B } from \"bullmq\";",
      "import 'node:fs';",
      "export { c } from '../c.ts';",
      "const d = await import('ioredis');",
      "const e = require('pg');",
    ].join('\n');
    expect(specifiersIn(source)).toEqual(['@mltrading/db', 'bullmq', 'node:fs', '../c.ts', 'ioredis', 'pg']);
    expect(['@mltrading/db/testing', 'node:fs/promises', 'fs', 'kysely'].map(packageOf)).toEqual(['@mltrading/db', 'fs', 'fs', 'kysely']);
  });

  it('reports each kind of broken layer', () => {
    const tree = [
      fake('@mltrading/ingestion', 'services/ingestion', ['@mltrading/feature-engineering']),
      fake('@mltrading/feature-engineering', 'services/feature-engineering', []),
      fake('@mltrading/cli', 'packages/cli', [], ['@mltrading/ingestion']),
      fake('@mltrading/db', 'packages/db', ['@mltrading/queues']),
      fake('@mltrading/queues', 'packages/queues', ['@mltrading/service-kit/testing']),
      fake('@mltrading/service-kit', 'packages/service-kit', []),
      fake('@mltrading/features', 'packages/features', ['node:fs/promises', '@mltrading/db']),
      fake('@mltrading/trading', 'packages/trading', ['pg']),
    ];
    expect(violations(tree)).toEqual([
      'a service imports no other service: @mltrading/ingestion → @mltrading/feature-engineering (services/ingestion/src/index.ts)',
      'the CLI imports no service: @mltrading/cli → @mltrading/ingestion (package.json)',
      'db imports neither queues nor service-kit: @mltrading/db → @mltrading/queues (packages/db/src/index.ts)',
      'queues imports neither db nor service-kit: @mltrading/queues → @mltrading/service-kit/testing (packages/queues/src/index.ts)',
      'a pure package imports no I/O library and no impure workspace package: @mltrading/features → node:fs/promises (packages/features/src/index.ts)',
      'a pure package imports no I/O library and no impure workspace package: @mltrading/features → @mltrading/db (packages/features/src/index.ts)',
      'a pure package imports no I/O library and no impure workspace package: @mltrading/trading → pg (packages/trading/src/index.ts)',
    ]);
  });
});
