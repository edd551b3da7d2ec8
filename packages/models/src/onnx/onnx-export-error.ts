/** Parameters that cannot become an ONNX model (the message says which field and why). */
export class OnnxExportError extends Error {
  override readonly name = 'OnnxExportError';
}
