import { OnnxModel, type LoadOnnxOptions, type OnnxModelSignature } from './onnx-model.ts';
import { OnnxModelError } from './onnx-model-error.ts';

export interface OnnxInspection extends OnnxModelSignature {
  /** The prediction for an all-zero row (load already checked it is finite / a probability). */
  zeroRowPrediction: number;
}

/**
 * What a model registry needs to know before accepting an ONNX file: its input name and width,
 * its outputs, which output is read, and proof that it runs (one inference on a zero row).
 * Throws OnnxModelError with the reason when the bytes cannot be served.
 */
export async function inspectOnnx(bytes: Uint8Array, options: LoadOnnxOptions = {}): Promise<OnnxInspection> {
  const model = await OnnxModel.load(bytes, options);
  try {
    const [zeroRowPrediction] = await model.predictBatch(new Float32Array(model.inputWidth));
    return {
      inputName: model.inputName,
      inputWidth: model.inputWidth,
      outputNames: model.outputNames,
      outputName: model.outputName,
      outputKind: model.outputKind,
      zeroRowPrediction: zeroRowPrediction!,
    };
  } finally {
    await model.release();
  }
}

/** inspectOnnx, plus: the model's input width equals the length of the feature list it is registered with. */
export async function assertOnnxInputWidth(bytes: Uint8Array, featureNames: readonly string[], options: LoadOnnxOptions = {}): Promise<OnnxInspection> {
  if (!Array.isArray(featureNames) || featureNames.length === 0) throw new OnnxModelError('the feature list is empty');
  const duplicate = featureNames.find((name, i) => featureNames.indexOf(name) !== i);
  if (duplicate !== undefined) throw new OnnxModelError(`the feature list names '${duplicate}' twice`);
  const inspection = await inspectOnnx(bytes, options);
  if (inspection.inputWidth !== featureNames.length) {
    throw new OnnxModelError(
      `ONNX input '${inspection.inputName}' takes ${inspection.inputWidth} features but the feature list has ${featureNames.length} (${featureNames.join(', ')})`,
    );
  }
  return inspection;
}
