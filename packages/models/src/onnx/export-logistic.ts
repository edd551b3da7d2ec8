import type { LogisticModelParams } from './exported-params.ts';
import { attribute, encodeModel, mlNode, tensorValueInfo } from './onnx-proto-builders.ts';
import { ONNX_INPUT_NAME, ONNX_LABEL_OUTPUT, ONNX_PROBABILITIES_OUTPUT } from './onnx-names.ts';
import { validateLogisticParams } from './validate-params.ts';

/**
 * Logistic regression as `Scaler` → `LinearClassifier` (ai.onnx.ml). The Scaler computes
 * (x - offset) * scale, so it gets the training mean and 1/scale; the classifier has one
 * coefficient row (the positive class) and post_transform LOGISTIC, which onnxruntime expands to
 * probabilities [1 - p, p]. Input `features` float32 [N, d]; outputs `label` int64 [N] and
 * `probabilities` float32 [N, 2].
 */
export function exportLogisticToOnnx(params: LogisticModelParams): Uint8Array {
  validateLogisticParams(params);
  const width = params.featureNames.length;
  const scaler = mlNode('Scaler', 'standardize', [ONNX_INPUT_NAME], ['standardized'], [
    attribute('offset', 'floats', params.mean),
    attribute('scale', 'floats', params.scale.map((s) => 1 / s)),
  ]);
  const classifier = mlNode('LinearClassifier', 'logistic', ['standardized'], [ONNX_LABEL_OUTPUT, ONNX_PROBABILITIES_OUTPUT], [
    attribute('coefficients', 'floats', params.weights),
    attribute('intercepts', 'floats', [params.intercept]),
    attribute('classlabels_ints', 'ints', [0, 1]),
    attribute('multi_class', 'int', 0),
    attribute('post_transform', 'string', 'LOGISTIC'),
  ]);
  return encodeModel({
    graphName: 'logistic',
    docString: 'P(up) = sigmoid(intercept + sum_i weights[i] * (x[i] - mean[i]) / scale[i]); probabilities = [1 - P(up), P(up)]',
    nodes: [scaler, classifier],
    inputs: [tensorValueInfo(ONNX_INPUT_NAME, 'float', ['N', width])],
    outputs: [tensorValueInfo(ONNX_LABEL_OUTPUT, 'int64', ['N']), tensorValueInfo(ONNX_PROBABILITIES_OUTPUT, 'float', ['N', 2])],
    metadata: { model_kind: 'logistic', feature_names: JSON.stringify(params.featureNames) },
  });
}
