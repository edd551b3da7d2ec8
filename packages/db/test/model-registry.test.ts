import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activeModels,
  artifactUri,
  getModel,
  listModels,
  ModelExistsError,
  ModelNotFoundError,
  ModelStatusError,
  promoteModel,
  registerModel,
  retireModel,
  type RegisterModelInput,
} from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';
import { heldTransaction, waitForLockWaiters } from './support/wait-for-lock.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ poolSize: 8 });
});
afterAll(() => t?.drop());

const model = (modelId: string, name: string, interval = '1h', extra: Partial<RegisterModelInput> = {}): RegisterModelInput => ({
  modelId,
  name,
  version: modelId,
  modelType: 'logistic_regression',
  predictionType: 'price_direction',
  interval,
  parameters: { l2: 1, features: ['rsi_1d', 'macd'] },
  metrics: { auc: 0.55, baseline: { auc: 0.5 } },
  filePath: artifactUri('a'.repeat(64)),
  ...extra,
});

describe('model registry', () => {
  it('registers a candidate; the same registration again returns it, a different one is refused', async () => {
    const first = await registerModel(t.db, model('lr-1', 'lr'));
    expect(first).toMatchObject({ model_id: 'lr-1', status: 'candidate', interval: '1h', prediction_type: 'price_direction', promoted_at: null });
    expect(first.parameters).toEqual({ l2: 1, features: ['rsi_1d', 'macd'] });
    const again = await registerModel(t.db, model('lr-1', 'lr'));
    expect(again.id).toBe(first.id);
    await expect(registerModel(t.db, model('lr-1', 'lr', '1h', { filePath: artifactUri('b'.repeat(64)) }))).rejects.toThrow(ModelExistsError);
    expect(await listModels(t.db, { name: 'lr' })).toHaveLength(1);
  });

  it('promotes a candidate and retires the previous active model of the same name', async () => {
    await registerModel(t.db, model('lr-2', 'lr'));
    const first = await promoteModel(t.db, 'lr-1');
    expect(first.retired).toBeNull();
    expect(first.promoted).toMatchObject({ model_id: 'lr-1', status: 'active' });
    expect(first.promoted.promoted_at).toBeInstanceOf(Date);

    const second = await promoteModel(t.db, 'lr-2');
    expect(second.promoted.status).toBe('active');
    expect(second.retired).toMatchObject({ model_id: 'lr-1', status: 'retired' });
    expect((await getModel(t.db, 'lr-1'))?.status).toBe('retired');

    // Promoting the active model again changes nothing; a missing one is a typed error.
    expect((await promoteModel(t.db, 'lr-2')).retired).toBeNull();
    await expect(promoteModel(t.db, 'nope')).rejects.toThrow(ModelNotFoundError);
  });

  it('rolls back to a retired model and refuses to promote one still training', async () => {
    const rollback = await promoteModel(t.db, 'lr-1');
    expect(rollback.retired?.model_id).toBe('lr-2');
    expect(rollback.promoted.retired_at).toBeNull();
    await t.db.insertInto('models').values({ model_id: 'lr-training', name: 'lr', version: 't', model_type: 'x', status: 'training' }).execute();
    await expect(promoteModel(t.db, 'lr-training')).rejects.toThrow(ModelStatusError);
    expect((await activeModels(t.db)).map((m) => m.model_id)).toEqual(['lr-1']);
  });

  it('two concurrent promotions of the same name leave exactly one active model', async () => {
    for (let round = 0; round < 5; round++) {
      const a = `gbt-${round}-a`;
      const b = `gbt-${round}-b`;
      await registerModel(t.db, model(a, `gbt-${round}`));
      await registerModel(t.db, model(b, `gbt-${round}`));
      // Both transactions read the model before either locks, then race.
      const promote = (id: string) =>
        t.db.transaction().execute(async (trx) => {
          await sql`SELECT 1`.execute(trx);
          return promoteModel(trx, id);
        });
      const results = await Promise.allSettled([promote(a), promote(b)]);
      expect(results.map((r) => r.status), `round ${round}`).toEqual(['fulfilled', 'fulfilled']);
      const active = await activeModels(t.db);
      const ofName = active.filter((m) => m.name === `gbt-${round}`);
      expect(ofName, `round ${round}: active models`).toHaveLength(1);
      const retired = await listModels(t.db, { name: `gbt-${round}`, status: 'retired' });
      expect(retired.map((m) => m.model_id), `round ${round}: the loser is retired`).toEqual([ofName[0]!.model_id === a ? b : a]);
    }
  });

  it('a promotion waits for a concurrent one of the same name, then retires its winner', async () => {
    await registerModel(t.db, model('tree-a', 'tree'));
    await registerModel(t.db, model('tree-b', 'tree'));
    const first = heldTransaction(t.db, (trx) => promoteModel(trx, 'tree-a'));
    expect((await first.worked).promoted.status).toBe('active');
    // The second promotion must block on the first one's row locks, not go ahead.
    const second = promoteModel(t.db, 'tree-b');
    await waitForLockWaiters(t.db, 1, 'second promotion blocked by the first');
    first.release();
    await first.done;
    const result = await second;
    expect(result.retired?.model_id).toBe('tree-a');
    expect((await activeModels(t.db)).filter((m) => m.name === 'tree').map((m) => m.model_id)).toEqual(['tree-b']);
  });

  it('selects active models by interval and prediction type', async () => {
    await registerModel(t.db, model('vol-d', 'vol-daily', '1d', { predictionType: 'volatility' }));
    await promoteModel(t.db, 'vol-d');
    expect((await activeModels(t.db, { interval: '1d' })).map((m) => m.model_id)).toEqual(['vol-d']);
    expect((await activeModels(t.db, { interval: '1h', predictionType: 'volatility' }))).toEqual([]);
    expect((await activeModels(t.db, { interval: '1h' })).every((m) => m.interval === '1h')).toBe(true);
    // The predict job's query uses the partial index (the table is tiny, so force the planner's hand).
    await t.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT * FROM models WHERE status = 'active' AND interval = '1h'`.execute(trx);
      expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('idx_models_active_interval');
    });
  });

  it('retires a model; retiring twice is harmless; a model in training cannot be retired', async () => {
    const retired = await retireModel(t.db, 'vol-d');
    expect(retired.status).toBe('retired');
    expect(retired.retired_at).toBeInstanceOf(Date);
    expect((await retireModel(t.db, 'vol-d')).status).toBe('retired');
    await expect(retireModel(t.db, 'lr-training')).rejects.toThrow(ModelStatusError);
    await expect(retireModel(t.db, 'nope')).rejects.toThrow(ModelNotFoundError);
    expect(await activeModels(t.db, { interval: '1d' })).toEqual([]);
  });

  it('lists newest first with filters and a limit', async () => {
    const all = await listModels(t.db);
    expect(all.length).toBeGreaterThan(10);
    const times = all.map((m) => m.created_at.getTime());
    expect(times).toEqual([...times].sort((x, y) => y - x));
    expect(await listModels(t.db, { limit: 2 })).toHaveLength(2);
    expect((await listModels(t.db, { status: 'training' })).map((m) => m.model_id)).toEqual(['lr-training']);
  });
});
