// Tensor names of the models this project exports; the loader prefers them when it picks outputs.
export const ONNX_INPUT_NAME = 'features';
export const ONNX_LABEL_OUTPUT = 'label';
export const ONNX_PROBABILITIES_OUTPUT = 'probabilities';
export const ONNX_VALUE_OUTPUT = 'value';
