import { storedSources, type Database } from '@mltrading/db';
import type { Kysely } from 'kysely';
import { fail } from './cli-context.ts';

/**
 * Stops a command that would find nothing because the database holds no bars of the chosen source
 * (`--source` defaults to yahoo; a database filled by the demo holds only synthetic bars), naming
 * the sources it does hold instead of quietly doing nothing.
 */
export async function refuseSourceWithoutBars(db: Kysely<Database>, source: string): Promise<void> {
  const sources = await storedSources(db);
  if (sources.some((s) => s.source === source)) return;
  const held = sources.map((s) => `${s.source} (${s.bars.toLocaleString('en-US')} bars)`).join(', ');
  fail(
    sources.length === 0
      ? `the database holds no bars yet (source ${source}): ingest some first, e.g. mlt ingest --symbols AAPL --source ${source}`
      : `the database holds no ${source} bars; it holds ${held}: pass --source ${sources[0]!.source}`,
  );
}
