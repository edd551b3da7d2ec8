import type { TreeEnsembleParams } from './exported-params.ts';
import { ONNX_INPUT_NAME, ONNX_LABEL_OUTPUT, ONNX_PROBABILITIES_OUTPUT, ONNX_VALUE_OUTPUT } from './onnx-names.ts';
import { attribute, defaultNode, encodeModel, mlNode, tensorValueInfo } from './onnx-proto-builders.ts';
import { validateTreeEnsembleParams } from './validate-params.ts';

interface FlatEnsemble {
  treeIds: number[];
  nodeIds: number[];
  featureIds: number[];
  modes: string[];
  thresholds: number[];
  trueIds: number[];
  falseIds: number[];
  leafTreeIds: number[];
  leafNodeIds: number[];
  leafValues: number[];
}

/**
 * The contract's per-tree arrays as ONNX's flat node tuples. Node ids stay the array indices
 * (node 0 the root); the true branch of BRANCH_LEQ is the contract's `left` (x <= threshold).
 */
function flatten(params: TreeEnsembleParams): FlatEnsemble {
  const flat: FlatEnsemble = { treeIds: [], nodeIds: [], featureIds: [], modes: [], thresholds: [], trueIds: [], falseIds: [], leafTreeIds: [], leafNodeIds: [], leafValues: [] };
  // Boosting that stopped before its first tree is still a model (raw = baseScore). onnxruntime's
  // classifier outputs 0 for an ensemble with no leaf weights at all (measured), so such a model
  // gets one leaf of value 0 instead.
  const trees = params.trees.length > 0 ? params.trees : [{ feature: [0], threshold: [0], left: [-1], right: [-1], value: [0] }];
  trees.forEach((tree, t) => {
    for (let i = 0; i < tree.left.length; i += 1) {
      const leaf = tree.left[i] === -1;
      flat.treeIds.push(t);
      flat.nodeIds.push(i);
      flat.featureIds.push(leaf ? 0 : tree.feature[i]!);
      flat.modes.push(leaf ? 'LEAF' : 'BRANCH_LEQ');
      flat.thresholds.push(leaf ? 0 : tree.threshold[i]!);
      flat.trueIds.push(leaf ? 0 : tree.left[i]!);
      flat.falseIds.push(leaf ? 0 : tree.right[i]!);
      if (leaf) {
        flat.leafTreeIds.push(t);
        flat.leafNodeIds.push(i);
        flat.leafValues.push(tree.value[i]!);
      }
    }
  });
  return flat;
}

function nodeAttributes(flat: FlatEnsemble) {
  return [
    attribute('nodes_treeids', 'ints', flat.treeIds),
    attribute('nodes_nodeids', 'ints', flat.nodeIds),
    attribute('nodes_featureids', 'ints', flat.featureIds),
    attribute('nodes_modes', 'strings', flat.modes),
    attribute('nodes_values', 'floats', flat.thresholds),
    attribute('nodes_truenodeids', 'ints', flat.trueIds),
    attribute('nodes_falsenodeids', 'ints', flat.falseIds),
  ];
}

/**
 * Gradient-boosted trees as `TreeEnsembleClassifier` (objective 'binary': outputs `label` int64
 * [N] and `probabilities` float32 [N, 2] = [1 - P(up), P(up)]) or `TreeEnsembleRegressor`
 * (objective 'regression': output `value` float32 [N, 1]). Input `features` float32 [N, d].
 *
 * onnxruntime's binary convention, measured (test/onnx-tree-ensemble.test.ts): with every leaf
 * weight on class id 0, ONE base value and post_transform LOGISTIC, `probabilities` is
 * [sigmoid(-raw), sigmoid(raw)] whatever the signs of the leaf values. Its own `label` output is
 * not consistent with that: when all leaf weights are >= 0 it thresholds raw at 0.5 instead of 0.
 * So the graph discards the runtime's label and derives `label` = ArgMax(probabilities), which is
 * 1 exactly when P(up) > 0.5.
 */
export function exportTreeEnsembleToOnnx(params: TreeEnsembleParams): Uint8Array {
  validateTreeEnsembleParams(params);
  const width = params.featureNames.length;
  const flat = flatten(params);
  const input = tensorValueInfo(ONNX_INPUT_NAME, 'float', ['N', width]);
  const metadata = { model_kind: 'gbdt', objective: params.objective, feature_names: JSON.stringify(params.featureNames) };

  if (params.objective === 'regression') {
    const regressor = mlNode('TreeEnsembleRegressor', 'trees', [ONNX_INPUT_NAME], [ONNX_VALUE_OUTPUT], [
      ...nodeAttributes(flat),
      attribute('target_treeids', 'ints', flat.leafTreeIds),
      attribute('target_nodeids', 'ints', flat.leafNodeIds),
      attribute('target_ids', 'ints', flat.leafTreeIds.map(() => 0)),
      attribute('target_weights', 'floats', flat.leafValues),
      attribute('n_targets', 'int', 1),
      attribute('aggregate_function', 'string', 'SUM'),
      attribute('base_values', 'floats', [params.baseScore]),
      attribute('post_transform', 'string', 'NONE'),
    ]);
    return encodeModel({
      graphName: 'gbdt_regression',
      docString: 'value = baseScore + sum over trees of the leaf reached (x <= threshold goes to the true/left branch)',
      nodes: [regressor],
      inputs: [input],
      outputs: [tensorValueInfo(ONNX_VALUE_OUTPUT, 'float', ['N', 1])],
      metadata,
    });
  }

  const classifier = mlNode('TreeEnsembleClassifier', 'trees', [ONNX_INPUT_NAME], ['runtime_label', ONNX_PROBABILITIES_OUTPUT], [
    ...nodeAttributes(flat),
    attribute('class_treeids', 'ints', flat.leafTreeIds),
    attribute('class_nodeids', 'ints', flat.leafNodeIds),
    attribute('class_ids', 'ints', flat.leafTreeIds.map(() => 0)),
    attribute('class_weights', 'floats', flat.leafValues),
    attribute('classlabels_int64s', 'ints', [0, 1]),
    attribute('base_values', 'floats', [params.baseScore]),
    attribute('post_transform', 'string', 'LOGISTIC'),
  ]);
  const label = defaultNode('ArgMax', 'label_from_probabilities', [ONNX_PROBABILITIES_OUTPUT], [ONNX_LABEL_OUTPUT], [
    attribute('axis', 'int', 1),
    attribute('keepdims', 'int', 0),
  ]);
  return encodeModel({
    graphName: 'gbdt_binary',
    docString: 'P(up) = sigmoid(baseScore + sum over trees of the leaf reached (x <= threshold goes to the true/left branch)); probabilities = [1 - P(up), P(up)]',
    nodes: [classifier, label],
    inputs: [input],
    outputs: [tensorValueInfo(ONNX_LABEL_OUTPUT, 'int64', ['N']), tensorValueInfo(ONNX_PROBABILITIES_OUTPUT, 'float', ['N', 2])],
    metadata,
  });
}
