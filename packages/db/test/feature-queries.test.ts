import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  databaseStats,
  insertSystemLogs,
  recentFeaturesCutoff,
  recentFeaturesIndexCutoff,
  rollRecentFeaturesIndexIfDue,
  refreshDashboardSummary,
  rollRecentFeaturesIndex,
} from '../src/index.ts';
import { createTestDatabase, upsertFeatureRows, type TestDatabase } from '../src/testing/index.ts';
import { featureRow } from './support/feature-row-factory.ts';
import { readSeed, seedSelects, seedSqlBlocks } from './support/seed-schema.ts';

const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOG', 'META', 'TSLA', 'AMD'];
const STEP_MS = 4 * 3_600_000;
const SPAN_DAYS = 400;
const now = new Date();

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  const rows = [];
  for (const symbol of SYMBOLS) {
    for (let at = now.getTime() - SPAN_DAYS * 86_400_000, i = 0; at <= now.getTime(); at += STEP_MS, i++) {
      rows.push(featureRow(symbol, new Date(at), i));
    }
  }
  await upsertFeatureRows(t.db, rows);
  await sql`VACUUM ANALYZE feature_engineered_data`.execute(t.db);
}, 120_000);
afterAll(() => t?.drop());

const seed = readSeed();
const sqlBlocks = seedSqlBlocks(seed);
const optimizedQuery = sqlBlocks.flatMap(seedSelects).find((q) => q.includes("symbol = 'AAPL'"))!;
const monitoringQueries = seedSelects(sqlBlocks.find((b) => b.includes('Check database size'))!);
const dashboardSelect = /CREATE MATERIALIZED VIEW mv_features_dashboard_summary AS\n([\s\S]*?);/.exec(seed)![1]!;

async function plan(query: string): Promise<string> {
  const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${sql.raw(query)}`.execute(t.db);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

describe("the seed's SQL runs unchanged", () => {
  it('finds the queries in the seed', () => {
    expect(optimizedQuery).toMatch(/^SELECT symbol, timestamp, close, rsi_1d, price_ma_short/);
    expect(monitoringQueries).toHaveLength(4);
  });

  it('the optimized query pattern returns the last 30 days, newest first', async () => {
    const { rows } = await sql<{ timestamp: Date; close: number }>`${sql.raw(optimizedQuery)}`.execute(t.db);
    expect(rows.length).toBeGreaterThanOrEqual(30 * 6 - 1);
    expect(rows.length).toBeLessThanOrEqual(30 * 6 + 1);
    const times = rows.map((r) => r.timestamp.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('the optimized query is an index scan on a feature index, not a Seq Scan', async () => {
    const text = await plan(optimizedQuery);
    expect(text).not.toMatch(/Seq Scan/);
    expect(text).toMatch(/Index (Only )?Scan using (idx_features_\w+|unique_symbol_timestamp_features) on feature_engineered_data/);
  });

  it("the materialized view's SELECT runs, and the view refreshes concurrently", async () => {
    const { rows } = await sql<{ symbol: string; total_records: number }>`${sql.raw(dashboardSelect)}`.execute(t.db);
    expect(rows).toHaveLength(SYMBOLS.length);

    await refreshDashboardSummary(t.db);
    const summary = await t.db.selectFrom('mv_features_dashboard_summary').selectAll().orderBy('symbol').execute();
    expect(summary).toHaveLength(SYMBOLS.length);
    expect(summary[0]).toMatchObject({ symbol: 'AAPL', latest_version: '3.0', rsi_coverage: 1, ma_coverage: 1 });
    expect(summary[0]!.total_records).toBe(rows.find((r) => r.symbol === 'AAPL')!.total_records);
    await refreshDashboardSummary(t.db, { concurrently: false });
  });

  it('the table-size and log-count monitoring queries run as written', async () => {
    for (const query of [monitoringQueries[1]!, monitoringQueries[3]!]) {
      await expect(sql`${sql.raw(query)}`.execute(t.db)).resolves.toBeDefined();
    }
  });

  it("the database-size query runs with the test database's name in place of 'mltrading'", async () => {
    expect(monitoringQueries[0]).toBe("SELECT pg_size_pretty(pg_database_size('mltrading'))");
    const name = new URL(t.url).pathname.slice(1);
    const { rows } = await sql<{ pg_size_pretty: string }>`${sql.raw(monitoringQueries[0]!.replace('mltrading', name))}`.execute(t.db);
    expect(rows[0]?.pg_size_pretty).toMatch(/\d/);
  });

  it('the index-usage query fails on PostgreSQL 15 (tablename/indexname are relname/indexrelname)', async () => {
    await expect(sql`${sql.raw(monitoringQueries[2]!)}`.execute(t.db)).rejects.toThrow(/column "tablename" does not exist/);
  });

  it('databaseStats returns the four figures', async () => {
    await insertSystemLogs(t.db, [
      { level: 'INFO', logger_name: 'test', message: 'a' },
      { level: 'INFO', logger_name: 'test', message: 'b' },
      { level: 'ERROR', logger_name: 'test', message: 'c' },
      { level: 'ERROR', logger_name: 'test', message: 'old', timestamp: new Date(Date.now() - 2 * 86_400_000) },
    ]);
    const stats = await databaseStats(t.db);
    expect(stats.databaseSize).toMatch(/^\d+ (bytes|kB|MB|GB)$/);
    expect(stats.tableSizes.map((s) => s.tablename)).toContain('feature_engineered_data');
    expect(stats.tableSizes[0]).toMatchObject({ schemaname: 'public', tablename: 'feature_engineered_data' });
    expect(stats.featureIndexUsage).toHaveLength(9);
    expect(stats.featureIndexUsage[0]).toMatchObject({ tablename: 'feature_engineered_data' });
    expect(typeof stats.featureIndexUsage[0]!.idx_scan).toBe('number');
    expect([...stats.logCountsLast24h].sort((a, b) => a.level.localeCompare(b.level))).toEqual([
      { level: 'ERROR', count: 1 },
      { level: 'INFO', count: 2 },
    ]);
  });
});

describe('the rolling recent index', () => {
  const indexDefinition = async () => {
    const { rows } = await sql<{ indexdef: string }>`
      SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_features_recent'`.execute(t.db);
    return rows.map((r) => r.indexdef);
  };

  it('was created by the migration with a cutoff about 90 days back', async () => {
    const [definition] = await indexDefinition();
    const cutoff = recentFeaturesCutoff(new Date(), 90);
    expect(definition).toContain('WHERE ("timestamp" >= ');
    expect(definition).toContain(cutoff.toISOString().slice(0, 10));
  });

  it('is rolled in the shape the frozen migration created, only the cutoff differs', async () => {
    const shape = (definition: string | undefined) => definition?.replace(/'[^']*'::timestamp with time zone/, '<cutoff>');
    const [migrated] = await indexDefinition();
    await rollRecentFeaturesIndex(t.db, new Date(now.getTime() - 20 * 86_400_000), 45);
    const [rolled] = await indexDefinition();
    expect(rolled).not.toBe(migrated);
    expect(shape(rolled)).toBe(shape(migrated));
  });

  it('rolls to a new cutoff and is used by a query with a literal cutoff inside the window', async () => {
    const rolledAt = new Date(now.getTime() - 10 * 86_400_000);
    const cutoff = await rollRecentFeaturesIndex(t.db, rolledAt, 30);
    expect(cutoff).toEqual(recentFeaturesCutoff(rolledAt, 30));
    const definitions = await indexDefinition();
    expect(definitions).toHaveLength(1);
    expect(definitions[0]).toMatch(new RegExp(cutoff.toISOString().slice(0, 10)));
    const { rows } = await sql<{ valid: boolean }>`
      SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = 'idx_features_recent'::regclass`.execute(t.db);
    expect(rows).toEqual([{ valid: true }]);
    await sql`ANALYZE feature_engineered_data`.execute(t.db);

    const inside = new Date(cutoff.getTime() + 5 * 86_400_000).toISOString();
    const recentQuery = `SELECT timestamp, close, rsi_1d FROM feature_engineered_data
      WHERE symbol = 'MSFT' AND feature_version = '3.0' AND timestamp >= '${inside}'
      ORDER BY timestamp DESC`;
    expect(await plan(recentQuery)).toMatch(/Index (Only )?Scan using idx_features_recent on/);

    // A cutoff before the index's own cannot be answered from it.
    const before = new Date(cutoff.getTime() - 5 * 86_400_000).toISOString();
    expect(await plan(recentQuery.replace(inside, before))).not.toMatch(/idx_features_recent\b/);
  });

  it('rolls only when its cutoff is behind the day\'s, at most once a day', async () => {
    const behind = new Date(now.getTime() - 3 * 86_400_000);
    await rollRecentFeaturesIndex(t.db, behind, 30);
    expect(await recentFeaturesIndexCutoff(t.db)).toEqual(recentFeaturesCutoff(behind, 30));
    const rolled = await rollRecentFeaturesIndexIfDue(t.db, now, 30);
    expect(rolled).toEqual(recentFeaturesCutoff(now, 30));
    expect(await recentFeaturesIndexCutoff(t.db)).toEqual(rolled);
    expect(await rollRecentFeaturesIndexIfDue(t.db, new Date(now.getTime() + 60_000), 30)).toBeNull();
  });

  it('refuses to run inside a transaction', async () => {
    await expect(t.db.transaction().execute((trx) => rollRecentFeaturesIndex(trx))).rejects.toThrow(/outside a transaction/);
  });
});
