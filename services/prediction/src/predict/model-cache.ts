import { loadArtifact, type Database, type Model as ModelRow } from '@mltrading/db';
import { binaryConfidence, loadModel, OnnxModel, type SerializedModel } from '@mltrading/models';
import type { Kysely } from 'kysely';

/** What the predict job needs of a model, whatever its kind: its inputs and a batch predictor. */
export interface ServingModel {
  readonly modelId: string;
  readonly featureNames: readonly string[];
  predict(columns: readonly Float64Array[]): Promise<{ value: Float64Array; confidence: Float64Array }>;
}

interface Entry {
  key: string;
  model?: ServingModel;
  error?: Error;
  failedAt?: number;
}

/** How long a model whose artifact failed to load is skipped before the next attempt (no log flood). */
const RETRY_FAILED_AFTER_MS = 60_000;

/**
 * Loaded models by model_id, valid for one artifact (file_path holds its checksum): a model
 * registered again with other bytes is loaded afresh. Loading verifies the checksum (loadArtifact).
 * A failure is remembered for a minute and reported to every caller, so a bad artifact costs one
 * database read a minute, not one per bar.
 */
export class ModelCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<ServingModel>>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(db: Kysely<Database>, row: ModelRow): Promise<ServingModel> {
    const key = `${row.model_id}|${row.file_path ?? ''}`;
    const cached = this.entries.get(row.model_id);
    if (cached?.key === key) {
      if (cached.model) return cached.model;
      if (cached.error && this.now() - cached.failedAt! < RETRY_FAILED_AFTER_MS) throw cached.error;
    }
    // Concurrent predict jobs asking for a model not yet loaded share one load.
    const inFlight = this.loading.get(key);
    if (inFlight) return inFlight;
    const load = loadServingModel(db, row).then(
      (model) => {
        this.entries.set(row.model_id, { key, model });
        return model;
      },
      (error: unknown) => {
        const err = error instanceof Error ? error : new Error(String(error));
        this.entries.set(row.model_id, { key, error: err, failedAt: this.now() });
        throw err;
      },
    );
    this.loading.set(key, load);
    try {
      return await load;
    } finally {
      this.loading.delete(key);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

async function loadServingModel(db: Kysely<Database>, row: ModelRow): Promise<ServingModel> {
  if (row.file_path === null) throw new Error(`model ${row.model_id} has no artifact (file_path is null)`);
  const artifact = await loadArtifact(db, row.file_path);
  const binary = row.prediction_type === 'price_direction';
  if (artifact.format === 'onnx') {
    const featureNames = featuresOf(row);
    const onnx = await OnnxModel.load(artifact.bytes);
    if (onnx.inputWidth !== featureNames.length) {
      throw new Error(`model ${row.model_id}: ONNX input takes ${onnx.inputWidth} features, its feature list has ${featureNames.length}`);
    }
    return {
      modelId: row.model_id,
      featureNames,
      async predict(columns) {
        const scores = await onnx.predictBatch([...columns]);
        const value = new Float64Array(scores.length);
        const confidence = new Float64Array(scores.length);
        for (let i = 0; i < scores.length; i++) {
          value[i] = binary ? (scores[i]! >= 0.5 ? 1 : 0) : scores[i]!;
          confidence[i] = binary ? binaryConfidence(scores[i]!) : 1;
        }
        return { value, confidence };
      },
    };
  }
  let params: SerializedModel;
  try {
    params = JSON.parse(artifact.bytes.toString('utf8')) as SerializedModel;
  } catch (error) {
    throw new Error(`model ${row.model_id}: artifact ${artifact.sha256} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  const model = loadModel(params);
  return {
    modelId: row.model_id,
    featureNames: model.featureNames,
    predict: async (columns) => model.predict(columns),
  };
}

/** The feature list of a model registered with its parameters (ONNX models carry no names). */
function featuresOf(row: ModelRow): string[] {
  const parameters = row.parameters as { features?: unknown } | null;
  const features = parameters?.features;
  if (!Array.isArray(features) || !features.every((f) => typeof f === 'string')) {
    throw new Error(`model ${row.model_id}: parameters.features is not a list of feature names`);
  }
  return features as string[];
}
