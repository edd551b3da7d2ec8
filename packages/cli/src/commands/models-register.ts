import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createDb, registerModel, sha256Of, storeArtifact } from '@mltrading/db';
import { assertOnnxInputWidth, OnnxModel, OnnxModelError } from '@mltrading/models';
import { INTERVALS, SOURCES, TRAIN_PREDICTION_TYPES, TRAINABLE_FEATURES } from '@mltrading/queues';
import { cliConfig, fail } from '../cli-context.ts';
import { splitList } from './ingest.ts';

export interface RegisterOptions {
  onnx: string;
  features: string;
  type: string;
  name: string;
  interval: string;
  source: string;
}

/**
 * `mlt models register --onnx FILE`: a model trained elsewhere becomes a candidate only after its
 * input width matches the feature list and one inference on a zero row gives a usable number
 * (a probability in [0, 1] for price_direction). The bytes are stored content-addressed beside the
 * registration, in one transaction; any refusal writes nothing.
 */
export async function modelsRegister(options: RegisterOptions): Promise<void> {
  const features = splitList(options.features);
  const known = new Set(TRAINABLE_FEATURES);
  const unknown = features.filter((f) => !known.has(f));
  if (unknown.length > 0) fail(`unknown feature(s) ${unknown.join(', ')} (numeric v3.0 features only)`);
  if (!(TRAIN_PREDICTION_TYPES as readonly string[]).includes(options.type)) fail(`--type must be one of ${TRAIN_PREDICTION_TYPES.join(', ')}`);
  if (!(INTERVALS as readonly string[]).includes(options.interval)) fail(`--interval must be one of ${INTERVALS.join(', ')}`);
  if (!(SOURCES as readonly string[]).includes(options.source)) fail(`--source must be one of ${SOURCES.join(', ')}`);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(options.name)) fail('--name: 1-64 of letters, digits, ".", "_", "-"');
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(options.onnx));
  } catch (error) {
    fail(`cannot read ${options.onnx}: ${(error as Error).message}`);
  }
  let output: number;
  try {
    await assertOnnxInputWidth(bytes, features);
    const model = await OnnxModel.load(bytes);
    output = (await model.predictBatch(features.map(() => Float64Array.of(0))))[0]!;
    await model.release();
  } catch (error) {
    if (error instanceof OnnxModelError) fail(`refused: ${error.message}`);
    throw error;
  }
  if (!Number.isFinite(output) || (options.type === 'price_direction' && (output < 0 || output > 1))) {
    fail(`refused: one inference on a zero row gave ${output}, not ${options.type === 'price_direction' ? 'a probability' : 'a finite number'}`);
  }

  const { databaseUrl } = cliConfig();
  const db = createDb(databaseUrl, { poolSize: 2 });
  try {
    const sha = sha256Of(bytes);
    const model = await db.transaction().execute(async (trx) => {
      const artifact = await storeArtifact(trx, bytes, 'onnx');
      return registerModel(trx, {
        modelId: `m-onnx-${sha.slice(0, 32)}`,
        name: options.name,
        version: new Date().toISOString().slice(0, 10),
        modelType: 'onnx',
        predictionType: options.type,
        interval: options.interval,
        parameters: { kind: 'onnx', features, source: options.source, file: basename(options.onnx), zeroRowOutput: output },
        metrics: {},
        filePath: artifact.uri,
      });
    });
    console.log(`model ${model.model_id}: ${model.status} (${features.length} features, artifact ${model.file_path})`);
  } finally {
    await db.destroy();
  }
}
