import type { Kysely, MigrationResult, MigrationResultSet } from 'kysely';
import { NO_MIGRATIONS } from 'kysely';
import { createMigrator } from './create-migrator.ts';

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly results: readonly MigrationResult[],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export interface MigrationState {
  name: string;
  executedAt: Date | null;
}

function unwrap(action: string, { error, results = [] }: MigrationResultSet): MigrationResult[] {
  if (error === undefined) return results;
  const failed = results.find((r) => r.status === 'Error');
  const cause = error instanceof Error ? error.message : String(error);
  const where = failed ? ` in ${failed.migrationName}` : '';
  throw new MigrationError(`${action} failed${where}: ${cause}`, results, { cause: error });
}

/** Applies every pending migration, in name order. Throws MigrationError naming the failing one. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResult[]> {
  return unwrap('Migrating to latest', await createMigrator(db).migrateToLatest());
}

/**
 * Applies (or reverts) migrations until `name` is the last one applied: what a test of one
 * migration needs, so that later migrations do not change the rows it compares.
 */
export async function migrateTo(db: Kysely<any>, name: string): Promise<MigrationResult[]> {
  return unwrap(`Migrating to ${name}`, await createMigrator(db).migrateTo(name));
}

/** Reverts the last `steps` applied migrations, or all of them. */
export async function migrateDown(db: Kysely<any>, steps: number | 'all' = 1): Promise<MigrationResult[]> {
  const migrator = createMigrator(db);
  if (steps === 'all') return unwrap('Reverting all migrations', await migrator.migrateTo(NO_MIGRATIONS));
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be a positive integer or 'all', got ${steps}`);
  const results: MigrationResult[] = [];
  for (let i = 0; i < steps; i++) {
    const step = unwrap('Reverting a migration', await migrator.migrateDown());
    if (step.length === 0) break;
    results.push(...step);
  }
  return results;
}

/** Every known migration with when it ran (null while pending). */
export async function migrationStatus(db: Kysely<any>): Promise<MigrationState[]> {
  const migrations = await createMigrator(db).getMigrations();
  return migrations.map((m) => ({ name: m.name, executedAt: m.executedAt ?? null }));
}
