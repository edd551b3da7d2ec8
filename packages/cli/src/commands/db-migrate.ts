import { createDb, ensureDatabase, migrateDown, migrateToLatest } from '@mltrading/db';
import { cliConfig } from '../cli-context.ts';
import { formatTable } from '../print-table.ts';

export async function dbMigrate(): Promise<void> {
  const { databaseUrl } = cliConfig();
  await ensureDatabase(databaseUrl);
  const db = createDb(databaseUrl, { poolSize: 2 });
  try {
    const results = await migrateToLatest(db);
    console.log(results.length === 0 ? 'database is up to date' : formatTable(results.map(({ migrationName, direction, status }) => ({ migration: migrationName, direction, status }))));
  } finally {
    await db.destroy();
  }
}

export async function dbRollback(options: { all?: boolean }): Promise<void> {
  const { databaseUrl } = cliConfig();
  const db = createDb(databaseUrl, { poolSize: 2 });
  try {
    const results = await migrateDown(db, options.all ? 'all' : 1);
    console.log(results.length === 0 ? 'nothing to roll back' : formatTable(results.map(({ migrationName, direction, status }) => ({ migration: migrationName, direction, status }))));
  } finally {
    await db.destroy();
  }
}
