// onnx/ — export trained parameters to ONNX and serve ONNX models through onnxruntime-node.
export { exportLogisticToOnnx } from './onnx/export-logistic.ts';
export { exportTreeEnsembleToOnnx } from './onnx/export-tree-ensemble.ts';
export { OnnxModel, type OnnxModelSignature, type OnnxOutputKind, type LoadOnnxOptions } from './onnx/onnx-model.ts';
export { inspectOnnx, assertOnnxInputWidth, type OnnxInspection } from './onnx/inspect-onnx.ts';
export { OnnxExportError } from './onnx/onnx-export-error.ts';
export { OnnxModelError } from './onnx/onnx-model-error.ts';
export { ONNX_INPUT_NAME, ONNX_LABEL_OUTPUT, ONNX_PROBABILITIES_OUTPUT, ONNX_VALUE_OUTPUT } from './onnx/onnx-names.ts';
