// The serialized shape of a gradient-boosted tree ensemble, exactly as MODELS-CONTRACT.md fixes it:
// the ONNX exporter and the model registry consume these plain JSON-able objects.

export type TreeEnsembleObjective = 'binary' | 'regression';

/**
 * One tree as flat arrays over nodes, node 0 the root. Node i is a leaf when left[i] === -1; its
 * output is value[i] (learning rate already folded in). Otherwise go to left[i] when
 * x[feature[i]] <= threshold[i], else right[i]. Leaves carry feature 0 and threshold 0; internal
 * nodes carry value 0.
 */
export interface TreeParams {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

/**
 * raw(x) = baseScore + Σ_trees leafValue(tree, x). objective 'binary': P(up) = sigmoid(raw);
 * 'regression': value = raw. Thresholds are float32-representable (Math.fround).
 */
export interface TreeEnsembleParams {
  kind: 'gbdt';
  featureNames: string[];
  objective: TreeEnsembleObjective;
  baseScore: number;
  trees: TreeParams[];
}
