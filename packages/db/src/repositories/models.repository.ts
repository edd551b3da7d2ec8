import { sql, type Kysely } from 'kysely';
import { ModelExistsError, ModelNotFoundError, ModelStatusError } from '../errors/model-errors.ts';
import type { JsonValue } from '../schema/column-types.ts';
import type { Database } from '../schema/database.ts';
import type { Model, ModelStatus } from '../schema/models.ts';

export interface RegisterModelInput {
  modelId: string;
  name: string;
  version: string;
  /** logistic_regression, gradient_boosted_trees, onnx, … */
  modelType: string;
  predictionType: string;
  interval: string;
  parameters: JsonValue;
  metrics: JsonValue;
  /** Artifact URI, e.g. artifactUri(sha256). */
  filePath: string;
}

/**
 * Registers a model as a candidate. Registering the same model_id again with the same name,
 * version, kind and artifact returns the stored row (a retried train job); with anything else it
 * is refused with ModelExistsError.
 */
export async function registerModel(db: Kysely<Database>, input: RegisterModelInput): Promise<Model> {
  const inserted = await db
    .insertInto('models')
    .values({
      model_id: input.modelId,
      name: input.name,
      version: input.version,
      model_type: input.modelType,
      prediction_type: input.predictionType,
      interval: input.interval,
      parameters: JSON.stringify(input.parameters),
      metrics: JSON.stringify(input.metrics),
      file_path: input.filePath,
      status: 'candidate',
    })
    .onConflict((oc) => oc.column('model_id').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return inserted;
  const existing = await getModel(db, input.modelId);
  if (!existing) throw new ModelNotFoundError(input.modelId);
  const same: [string, unknown, unknown][] = [
    ['name', existing.name, input.name],
    ['version', existing.version, input.version],
    ['model_type', existing.model_type, input.modelType],
    ['file_path', existing.file_path, input.filePath],
  ];
  const differing = same.filter(([, stored, given]) => stored !== given);
  if (differing.length > 0) {
    throw new ModelExistsError(input.modelId, differing.map(([field, stored]) => `${field} ${JSON.stringify(stored)}`).join(', '));
  }
  return existing;
}

export function getModel(db: Kysely<Database>, modelId: string): Promise<Model | undefined> {
  return db.selectFrom('models').selectAll().where('model_id', '=', modelId).executeTakeFirst();
}

export interface ActiveModelsQuery {
  interval?: string;
  predictionType?: string;
}

/** Every active model (of one interval / prediction type when given), by name. */
export function activeModels(db: Kysely<Database>, query: ActiveModelsQuery = {}): Promise<Model[]> {
  let q = db.selectFrom('models').selectAll().where('status', '=', 'active');
  if (query.interval !== undefined) q = q.where('interval', '=', query.interval);
  if (query.predictionType !== undefined) q = q.where('prediction_type', '=', query.predictionType);
  return q.orderBy('name').execute();
}

export interface ListModelsQuery {
  name?: string;
  status?: ModelStatus;
  interval?: string;
  /** Default 100. */
  limit?: number;
}

/** Models, newest first. */
export function listModels(db: Kysely<Database>, query: ListModelsQuery = {}): Promise<Model[]> {
  let q = db.selectFrom('models').selectAll();
  if (query.name !== undefined) q = q.where('name', '=', query.name);
  if (query.status !== undefined) q = q.where('status', '=', query.status);
  if (query.interval !== undefined) q = q.where('interval', '=', query.interval);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit ?? 100).execute();
}

export interface PromotionResult {
  promoted: Model;
  /** The model of the same name that was active before, now retired (null if there was none). */
  retired: Model | null;
}

/**
 * Makes a candidate (or a retired model, to roll back) the active model of its name and retires
 * the one active before, in one transaction (the caller's when `db` is one).
 *
 * Every row of the name is locked first, so concurrent promotions of the same name run one after
 * the other: each retires whatever is active when it gets the lock, and exactly one model ends
 * active (the last promoted). The partial unique index models_one_active_per_name backs this up.
 */
export async function promoteModel(db: Kysely<Database>, modelId: string): Promise<PromotionResult> {
  const run = async (trx: Kysely<Database>): Promise<PromotionResult> => {
    const target = await getModel(trx, modelId);
    if (!target) throw new ModelNotFoundError(modelId);
    await sql`SELECT id FROM models WHERE name = ${target.name} ORDER BY id FOR UPDATE`.execute(trx);
    // Re-read under the lock: another promotion may have changed it since.
    const current = await trx.selectFrom('models').selectAll().where('model_id', '=', modelId).executeTakeFirstOrThrow();
    if (current.status === 'active') return { promoted: current, retired: null };
    if (current.status === 'training') throw new ModelStatusError(modelId, current.status, 'promote');
    const retired = await trx
      .updateTable('models')
      .set({ status: 'retired', retired_at: sql<Date>`NOW()` })
      .where('name', '=', current.name)
      .where('status', '=', 'active')
      .returningAll()
      .executeTakeFirst();
    const promoted = await trx
      .updateTable('models')
      .set({ status: 'active', promoted_at: sql<Date>`NOW()`, retired_at: null })
      .where('model_id', '=', modelId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { promoted, retired: retired ?? null };
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/** Retires a candidate or active model; retiring a retired model returns it unchanged. */
export async function retireModel(db: Kysely<Database>, modelId: string): Promise<Model> {
  const retired = await db
    .updateTable('models')
    .set({ status: 'retired', retired_at: sql<Date>`NOW()` })
    .where('model_id', '=', modelId)
    .where('status', 'in', ['candidate', 'active'])
    .returningAll()
    .executeTakeFirst();
  if (retired) return retired;
  const existing = await getModel(db, modelId);
  if (!existing) throw new ModelNotFoundError(modelId);
  if (existing.status === 'retired') return existing;
  throw new ModelStatusError(modelId, existing.status, 'retire');
}
