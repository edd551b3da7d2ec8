// The serialized parameter shapes of MODELS-CONTRACT.md, as the ONNX exporters read them. The
// models package defines the same shapes for its trainers; TypeScript compares structurally, so
// the trainers' objects pass here unchanged. Kept in this folder so the onnx code depends on
// nothing outside it.

/** P(up) = sigmoid(intercept + Σ_i weights[i] * (x[i] - mean[i]) / scale[i]) */
export interface LogisticModelParams {
  kind: 'logistic';
  featureNames: string[];
  mean: number[];
  scale: number[];
  weights: number[];
  intercept: number;
}

/**
 * raw(x) = baseScore + Σ_trees leafValue(tree, x). Node i is a leaf when left[i] === -1 (output
 * value[i]); otherwise go to left[i] when x[feature[i]] <= threshold[i], else right[i].
 */
export interface TreeEnsembleParams {
  kind: 'gbdt';
  featureNames: string[];
  objective: 'binary' | 'regression';
  baseScore: number;
  trees: Array<{ feature: number[]; threshold: number[]; left: number[]; right: number[]; value: number[] }>;
}
