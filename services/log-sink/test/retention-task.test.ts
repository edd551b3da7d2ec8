import { recentFeaturesCutoff, recentFeaturesIndexCutoff, rollRecentFeaturesIndex } from '@mltrading/db';
import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import { createRedisConnection } from '@mltrading/queues';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Processes, REDIS_URL, SINK_ENTRY, waitFor } from './support/harness.ts';

let database: TestDatabase;
const prefix = uniquePrefix();
const processes = new Processes();

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  processes.killAll();
  const connection = createRedisConnection(REDIS_URL, 'worker');
  await obliteratePrefix(connection, prefix);
  await connection.quit();
  await database.drop();
});

describe('the log sink maintenance schedule', () => {
  it('applies retention and moves the recent-features index cutoff forward when the sink starts', async () => {
    const db = database.db;
    await sql`INSERT INTO system_logs (timestamp, level, logger_name, message) VALUES
      (now() - interval '91 days', 'INFO', 'old', 'past retention'),
      (now() - interval '89 days', 'INFO', 'kept', 'within retention')`.execute(db);
    await rollRecentFeaturesIndex(db, new Date(Date.now() - 10 * 86_400_000));

    // A BullMQ `every` scheduler runs its first job at once: starting the sink is enough.
    await processes.start(SINK_ENTRY, { DATABASE_URL: database.url, REDIS_URL, QUEUE_PREFIX: prefix });

    const today = recentFeaturesCutoff(new Date());
    await waitFor(async () => (await recentFeaturesIndexCutoff(db))?.getTime() === today.getTime(), 30_000);
    const { rows } = await sql<{ logger_name: string }>`
      SELECT logger_name FROM system_logs WHERE logger_name IN ('old', 'kept')`.execute(db);
    expect(rows.map((r) => r.logger_name)).toEqual(['kept']);
  });
});
