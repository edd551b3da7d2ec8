/**
 * An ONNX model that cannot be served: bytes onnxruntime refuses, an input or output of a shape
 * we cannot feed or read, a width that disagrees with the feature list, or a failed inference.
 */
export class OnnxModelError extends Error {
  override readonly name = 'OnnxModelError';
}
