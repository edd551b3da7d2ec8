import { createInterface } from 'node:readline/promises';
import { createDb, ensureDatabase, migrateDown, migrateToLatest, redactUrl } from '@mltrading/db';
import { cliConfig, fail } from '../cli-context.ts';
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

export async function dbRollback(options: { all?: boolean; yes?: boolean }): Promise<void> {
  const { databaseUrl } = cliConfig();
  // Rolling back every migration drops every table with its data: never on a typo.
  if (options.all && !options.yes) await confirm(`roll back every migration of ${redactUrl(databaseUrl)}, dropping every table and its data?`);
  const db = createDb(databaseUrl, { poolSize: 2 });
  try {
    const results = await migrateDown(db, options.all ? 'all' : 1);
    console.log(results.length === 0 ? 'nothing to roll back' : formatTable(results.map(({ migrationName, direction, status }) => ({ migration: migrationName, direction, status }))));
  } finally {
    await db.destroy();
  }
}

/** Asks on the terminal; without one (a script, CI) the command needs --yes. */
async function confirm(question: string): Promise<void> {
  if (!process.stdin.isTTY) fail(`${question} Refused: pass --yes to confirm when no terminal can ask.`);
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await terminal.question(`${question} Type "yes" to go on: `);
    if (answer.trim().toLowerCase() !== 'yes') fail('nothing rolled back');
  } finally {
    terminal.close();
  }
}
