// A registered model as the prediction service serves it: its stored artifact (checksum verified by
// loadArtifact), JSON parameters of a @mltrading/models kind or ONNX bytes, and value/confidence as
// the predict job writes them (binary: class 0/1 and the probability of that class).
import { loadArtifact, type Database, type Model as ModelRow } from '@mltrading/db';
import { binaryConfidence, loadModel, OnnxModel, type SerializedModel } from '@mltrading/models';
import type { Kysely } from 'kysely';
import { InvalidRequestError } from '../errors/invalid-request-error.ts';

export interface BacktestPredictor {
  readonly featureNames: readonly string[];
  predict(columns: readonly Float64Array[]): Promise<{ value: Float64Array; confidence: Float64Array }>;
}

export async function registeredPredictor(db: Kysely<Database>, row: ModelRow): Promise<BacktestPredictor> {
  if (row.file_path === null) throw new InvalidRequestError(`model ${row.model_id} has no artifact (file_path is null)`);
  const artifact = await loadArtifact(db, row.file_path);
  if (artifact.format === 'onnx') {
    const features = (row.parameters as { features?: unknown } | null)?.features;
    if (!Array.isArray(features) || !features.every((f) => typeof f === 'string')) {
      throw new InvalidRequestError(`model ${row.model_id}: parameters.features is not a list of feature names`);
    }
    const onnx = await OnnxModel.load(artifact.bytes);
    const binary = row.prediction_type === 'price_direction';
    return {
      featureNames: features as string[],
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
    throw new InvalidRequestError(`model ${row.model_id}: artifact ${artifact.sha256} is not JSON: ${(error as Error).message}`);
  }
  const model = loadModel(params);
  return { featureNames: model.featureNames, predict: async (columns) => model.predict(columns) };
}
