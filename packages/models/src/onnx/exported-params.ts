// The serialized parameter shapes the ONNX exporters read: the trainers' own types, one definition.
export type { LogisticModelParams } from '../logistic/logistic-params.ts';
export type { TreeEnsembleParams } from '../gbdt/tree-ensemble-params.ts';
