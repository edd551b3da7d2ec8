import pg from 'pg';
import { databaseNameOf } from './database-name-of.ts';

/** The same server and credentials, connected to the `postgres` maintenance database. */
export function adminUrlFor(url: string): string {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  return admin.toString();
}

/** Creates the database named by `url` if it does not exist yet. Returns true when it created it. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseNameOf(url);
  const client = new pg.Client({ connectionString: adminUrlFor(url) });
  // The query in flight is rejected with the same error; unheard, the event would crash the process.
  client.on('error', () => {});
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
      return true;
    } catch (error) {
      // Two processes starting together may both see it missing: losing that race is fine.
      const code = (error as { code?: string }).code;
      if (code === '42P04' || code === '23505') return false;
      throw error;
    }
  } finally {
    await client.end();
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
