import { createHash } from 'node:crypto';
import { FEATURES_V3 } from '@mltrading/features';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDown, migrateToLatest, migrationStatus } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';
import { seedColumns } from './support/seed-schema.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
});
afterAll(() => t?.drop());

interface ColumnInfo {
  table_name: string;
  column_name: string;
  data_type: string;
  character_maximum_length: number | null;
  numeric_precision: number | null;
  numeric_scale: number | null;
}

async function columns(): Promise<Map<string, ColumnInfo>> {
  const { rows } = await sql<ColumnInfo>`
    SELECT table_name, column_name, data_type, character_maximum_length, numeric_precision, numeric_scale
    FROM information_schema.columns WHERE table_schema = 'public'`.execute(t.db);
  return new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r]));
}

async function publicRelations(): Promise<string[]> {
  const { rows } = await sql<{ relname: string }>`
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm') AND c.relname NOT LIKE 'kysely_%'
    ORDER BY 1`.execute(t.db);
  return rows.map((r) => r.relname);
}

/** Whether a column we created can hold what the seed's type holds (equal or wider, or a fixed defect). */
function compatible(seedType: string, actual: ColumnInfo): boolean {
  const sized = /^(VARCHAR|DECIMAL)\((\d+)(?:,(\d+))?\)$/.exec(seedType);
  if (sized?.[1] === 'VARCHAR') {
    return actual.data_type === 'character varying' && (actual.character_maximum_length ?? 0) >= Number(sized[2]);
  }
  if (sized?.[1] === 'DECIMAL') {
    // Wider means at least as many integer digits and decimals (predictions.prediction_value: (20,10)).
    const [precision, scale] = [Number(sized[2]), Number(sized[3])];
    return (
      actual.data_type === 'numeric' &&
      (actual.numeric_scale ?? -1) >= scale &&
      (actual.numeric_precision ?? 0) - (actual.numeric_scale ?? 0) >= precision - scale
    );
  }
  const accepted: Record<string, string[]> = {
    BIGSERIAL: ['bigint'],
    SERIAL: ['integer', 'bigint'],
    BIGINT: ['bigint'],
    INTEGER: ['integer'],
    TEXT: ['text'],
    JSONB: ['jsonb'],
    INET: ['inet'],
    'DOUBLE PRECISION': ['double precision'],
    // Seed TIMESTAMP columns are instants: stored as TIMESTAMPTZ (README, seed fixes).
    TIMESTAMP: ['timestamp with time zone'],
    'TIMESTAMP WITH TIME ZONE': ['timestamp with time zone'],
  };
  return accepted[seedType]?.includes(actual.data_type) ?? false;
}

describe('migrations', () => {
  it('go up, all the way down and up again on an empty database', async () => {
    const first = await migrateToLatest(t.db);
    expect(first.map((r) => r.status)).toEqual(first.map(() => 'Success'));
    expect(first.length).toBeGreaterThanOrEqual(4);
    expect(await publicRelations()).toHaveLength(22);

    const down = await migrateDown(t.db, 'all');
    expect(down).toHaveLength(first.length);
    expect(down.every((r) => r.direction === 'Down' && r.status === 'Success')).toBe(true);
    expect(await publicRelations()).toEqual([]);
    expect((await migrationStatus(t.db)).every((m) => m.executedAt === null)).toBe(true);

    await migrateToLatest(t.db);
    const status = await migrationStatus(t.db);
    expect(status.every((m) => m.executedAt instanceof Date)).toBe(true);
    expect(status.map((m) => m.name)).toEqual([...status.map((m) => m.name)].sort());
  });

  it('reverts a given number of steps', async () => {
    const reverted = await migrateDown(t.db, 2);
    expect(reverted).toHaveLength(2);
    expect((await migrationStatus(t.db)).filter((m) => m.executedAt === null)).toHaveLength(2);
    expect(await migrateToLatest(t.db)).toHaveLength(2);
  });

  it('creates all twelve tables and both views of the seed, plus the project\'s own tables', async () => {
    expect(await publicRelations()).toEqual(
      [
        'api_keys', 'backtest_equity', 'backtest_fills', 'backtest_orders', 'backtest_runs',
        'error_logs', 'feature_engine_state', 'feature_engineered_data', 'fills', 'market_data', 'model_artifacts', 'models',
        'mv_features_dashboard_summary', 'orders', 'performance_logs', 'predictions', 'recent_system_activity', 'stock_info',
        'system_logs', 'trading_controls', 'trading_events', 'user_action_logs',
      ],
    );
  });

  it('has every column of the seed with a compatible type', async () => {
    const actual = await columns();
    const seed = seedColumns();
    // The seed's overview says "11 core tables" but defines twelve.
    expect(new Set(seed.map((c) => c.table)).size).toBe(12);
    const mismatches = seed
      .filter((c) => {
        const found = actual.get(`${c.table}.${c.column}`);
        return !found || !compatible(c.type, found);
      })
      .map((c) => `${c.table}.${c.column} ${c.type} -> ${JSON.stringify(actual.get(`${c.table}.${c.column}`)?.data_type)}`);
    expect(mismatches).toEqual([]);
  });

  it('has the 106 catalog features with their types, plus the added columns', async () => {
    const actual = await columns();
    for (const f of FEATURES_V3) {
      expect(actual.get(`feature_engineered_data.${f.name}`)?.data_type, f.name).toBe(f.sqlType);
    }
    const featureColumns = [...actual.keys()].filter((k) => k.startsWith('feature_engineered_data.'));
    expect(featureColumns).toHaveLength(106 + 13);
    for (const table of ['market_data', 'feature_engineered_data', 'predictions', 'orders', 'fills']) {
      expect(actual.get(`${table}.correlation_id`)?.character_maximum_length, table).toBe(50);
    }
    expect(actual.get('feature_engineered_data.source')?.character_maximum_length).toBe(20);
    expect(actual.get('feature_engineered_data.id')?.data_type).toBe('bigint');
  });

  it('writes out the v3.0 catalog in the frozen features migration, in catalog order', async () => {
    const { rows } = await sql<{ column_name: string; data_type: string }>`
      SELECT column_name, data_type FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = 'feature_engineered_data' ORDER BY ordinal_position`.execute(t.db);
    const names = new Set<string>(FEATURES_V3.map((f) => f.name));
    expect(rows.filter((r) => names.has(r.column_name)).map((r) => `${r.column_name} ${r.data_type}`)).toEqual(
      FEATURES_V3.map((f) => `${f.name} ${f.sqlType}`),
    );
  });

  it('keeps the v3.0 catalog the features migration was built from unchanged', () => {
    // The landed migration derives its columns from FEATURES_V3, so editing that catalog would give
    // new databases another table than migrated ones. A change of the feature set is a new
    // version (its own catalog and migration); this fingerprint fails on any edit of v3.0.
    const fingerprint = createHash('sha256').update(FEATURES_V3.map((f) => `${f.name} ${f.sqlType}`).join('\n')).digest('hex');
    expect(fingerprint).toBe('41f45de16abb5f5fbe6eb24c75bb48302f08666f2d68fbc181c416dc3e23518d');
  });

  it('creates the nine feature indexes', async () => {
    const { rows } = await sql<{ indexname: string }>`
      SELECT indexname FROM pg_indexes WHERE tablename = 'feature_engineered_data' ORDER BY 1`.execute(t.db);
    expect(rows.map((r) => r.indexname)).toEqual([
      'feature_engineered_data_pkey',
      'idx_features_cleanup',
      'idx_features_completeness',
      'idx_features_market_hours',
      'idx_features_recent',
      'idx_features_symbol_version_covering',
      'idx_features_symbol_version_timestamp',
      'idx_features_timeseries',
      'unique_symbol_timestamp_features',
    ]);
  });

  it('indexes each log table by timestamp and correlation id', async () => {
    const { rows } = await sql<{ indexname: string }>`
      SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE 'idx_%' ORDER BY 1`.execute(t.db);
    const names = rows.map((r) => r.indexname);
    for (const table of ['system_logs', 'trading_events', 'performance_logs', 'error_logs', 'user_action_logs']) {
      expect(names).toContain(`idx_${table}_timestamp`);
      expect(names).toContain(`idx_${table}_correlation_id`);
    }
    expect(names).toEqual(expect.arrayContaining([
      'idx_market_data_timestamp', 'idx_predictions_symbol_timestamp', 'idx_orders_symbol_created_at', 'idx_fills_order_id',
    ]));
  });
});
