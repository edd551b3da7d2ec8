import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Migration, MigrationProvider } from 'kysely';

const MIGRATION_FILE = /^[^.].*\.(ts|mts|js|mjs)$/;

function isMigration(value: unknown): value is Migration {
  return typeof value === 'object' && value !== null && typeof (value as Migration).up === 'function';
}

/**
 * Kysely's FileMigrationProvider, with the import done from this package instead of from inside
 * kysely. Under vitest, kysely is an external module whose `import()` goes straight to Node, and
 * Node 20 cannot load `.ts`; an import issued from our own (transformed) source goes through
 * whatever loader runs us (vitest's module runner or tsx), so `.ts` migrations load under both.
 * Same file rules: `.ts`/`.js`/`.mts`/`.mjs` (not `.d.ts`), keyed by file name without extension.
 */
export class TypeScriptMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const fileName of (await fs.readdir(this.folder)).sort()) {
      if (!MIGRATION_FILE.test(fileName) || /\.d\.m?ts$/.test(fileName)) continue;
      const module: unknown = await import(pathToFileURL(path.join(this.folder, fileName)).href);
      const candidate = (module as { default?: unknown }).default;
      const migration = isMigration(candidate) ? candidate : module;
      if (!isMigration(migration)) throw new Error(`Migration ${fileName} exports no up() function`);
      migrations[fileName.slice(0, fileName.lastIndexOf('.'))] = migration;
    }
    return migrations;
  }
}
