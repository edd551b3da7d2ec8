import { fileURLToPath } from 'node:url';
import { Migrator, type Kysely } from 'kysely';
import { TypeScriptMigrationProvider } from './typescript-migration-provider.ts';

/** The folder of this package's migrations (TypeScript files, loaded by tsx or vitest). */
export const MIGRATION_FOLDER = fileURLToPath(new URL('../migrations/', import.meta.url));

export function createMigrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: new TypeScriptMigrationProvider(MIGRATION_FOLDER) });
}
