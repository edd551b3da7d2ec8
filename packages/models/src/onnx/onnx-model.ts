import ort from 'onnxruntime-node';
import { OnnxModelError } from './onnx-model-error.ts';
import { ONNX_PROBABILITIES_OUTPUT, ONNX_VALUE_OUTPUT } from './onnx-names.ts';

/** `probability`: a float [N, 2] output, column 1 is P(class 1). `value`: a float [N] or [N, 1] output. */
export type OnnxOutputKind = 'probability' | 'value';

export interface OnnxModelSignature {
  inputName: string;
  inputWidth: number;
  outputNames: string[];
  /** The output predictBatch reads. */
  outputName: string;
  outputKind: OnnxOutputKind;
}

export interface LoadOnnxOptions {
  /** Passed to onnxruntime; default one intra-op thread (services share few cores, batches are small). */
  sessionOptions?: ort.InferenceSession.SessionOptions;
}

/**
 * A loaded ONNX model served by onnxruntime-node: one float32 input [N, d], one prediction per
 * row (P(class 1) for a classifier, the value for a regressor). `load` refuses a model it could
 * not serve, and runs one inference on a zero row so a model that loads but cannot run fails
 * there rather than on the first real bar.
 */
export class OnnxModel implements OnnxModelSignature {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly inputName: string,
    readonly inputWidth: number,
    readonly outputNames: string[],
    readonly outputName: string,
    readonly outputKind: OnnxOutputKind,
  ) {}

  static async load(bytes: Uint8Array, options: LoadOnnxOptions = {}): Promise<OnnxModel> {
    if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw new OnnxModelError('ONNX model bytes are empty');
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes, options.sessionOptions ?? { intraOpNumThreads: 1, interOpNumThreads: 1 });
    } catch (error) {
      throw new OnnxModelError(`not a loadable ONNX model (${bytes.length} bytes): ${errorMessage(error)}`);
    }
    try {
      const { inputName, inputWidth } = readInput(session);
      const { outputName, outputKind } = await pickOutput(session, inputName, inputWidth);
      return new OnnxModel(session, inputName, inputWidth, [...session.outputNames], outputName, outputKind);
    } catch (error) {
      await session.release();
      throw error;
    }
  }

  /**
   * One prediction per row. Input either column-major (`Float64Array[]`, one array per feature,
   * the layout of the models package) or row-major float32 (`Float32Array` of rows × width).
   * Non-finite inputs are refused: rows with missing features are to be dropped before this.
   */
  async predictBatch(input: Float64Array[] | Float32Array): Promise<Float64Array> {
    const rows = input instanceof Float32Array ? checkRowMajor(input, this.inputWidth) : columnsToRows(input, this.inputWidth);
    const count = rows.length / this.inputWidth;
    if (count === 0) return new Float64Array(0);
    return this.run(rows, count);
  }

  async release(): Promise<void> {
    await this.session.release();
  }

  private async run(rows: Float32Array, count: number): Promise<Float64Array> {
    const feeds = { [this.inputName]: new ort.Tensor('float32', rows, [count, this.inputWidth]) };
    const result = await this.session.run(feeds, [this.outputName]);
    return extractPredictions(result[this.outputName], this.outputKind, count, this.outputName);
  }
}

function readInput(session: ort.InferenceSession): { inputName: string; inputWidth: number } {
  if (session.inputMetadata.length !== 1) {
    throw new OnnxModelError(`the model must have exactly one input (a float32 [N, features] tensor), it has ${session.inputMetadata.length}: ${session.inputNames.join(', ')}`);
  }
  const input = session.inputMetadata[0]!;
  if (!input.isTensor || input.type !== 'float32') {
    throw new OnnxModelError(`input '${input.name}' must be a float32 tensor, it is ${input.isTensor ? input.type : 'not a tensor'}`);
  }
  const width = input.shape.length === 2 ? input.shape[1] : undefined;
  if (typeof width !== 'number' || !Number.isInteger(width) || width <= 0) {
    throw new OnnxModelError(`input '${input.name}' must have shape [N, width] with a fixed width, it has [${input.shape.join(', ')}]`);
  }
  return { inputName: input.name, inputWidth: width };
}

/**
 * Chooses the output to read by running one zero row: the actual dims decide (declared output
 * shapes are often missing in models written elsewhere). Only tensor outputs are fetched, so a
 * converter's extra map output (e.g. a ZipMap of class probabilities) does not break the run.
 */
async function pickOutput(session: ort.InferenceSession, inputName: string, width: number): Promise<{ outputName: string; outputKind: OnnxOutputKind }> {
  const tensorOutputs = session.outputMetadata.filter((o) => o.isTensor).map((o) => o.name);
  if (tensorOutputs.length === 0) throw new OnnxModelError(`the model has no tensor output (outputs: ${session.outputNames.join(', ')})`);
  let result: ort.InferenceSession.ReturnType;
  try {
    result = await session.run({ [inputName]: new ort.Tensor('float32', new Float32Array(width), [1, width]) }, tensorOutputs);
  } catch (error) {
    throw new OnnxModelError(`the model loads but an inference on one zero row failed: ${errorMessage(error)}`);
  }
  const candidates: Array<{ outputName: string; outputKind: OnnxOutputKind }> = [];
  for (const name of tensorOutputs) {
    const value = result[name];
    if (!(value instanceof ort.Tensor) || value.type !== 'float32') continue;
    const dims = value.dims;
    if (dims.length === 2 && dims[0] === 1 && dims[1] === 2) candidates.push({ outputName: name, outputKind: 'probability' });
    else if ((dims.length === 1 && dims[0] === 1) || (dims.length === 2 && dims[0] === 1 && dims[1] === 1)) candidates.push({ outputName: name, outputKind: 'value' });
  }
  const chosen =
    candidates.find((c) => c.outputName === ONNX_PROBABILITIES_OUTPUT || c.outputName === ONNX_VALUE_OUTPUT) ??
    candidates.find((c) => c.outputKind === 'probability') ??
    candidates[0];
  if (!chosen) {
    const described = tensorOutputs.map((name) => {
      const value = result[name];
      return value instanceof ort.Tensor ? `${name} ${value.type} [${value.dims.join(', ')}]` : `${name} (not a tensor)`;
    });
    throw new OnnxModelError(`no output gives one prediction per row (want float32 [N, 2] probabilities or [N] / [N, 1] values); outputs for one row: ${described.join('; ')}`);
  }
  const zeroRow = extractPredictions(result[chosen.outputName], chosen.outputKind, 1, chosen.outputName);
  checkPrediction(zeroRow[0]!, chosen);
  return chosen;
}

function checkPrediction(value: number, output: { outputName: string; outputKind: OnnxOutputKind }): void {
  const ok = output.outputKind === 'probability' ? value >= 0 && value <= 1 : Number.isFinite(value);
  if (!ok) throw new OnnxModelError(`output '${output.outputName}' gave ${value} for a zero row, not a ${output.outputKind === 'probability' ? 'probability in [0, 1]' : 'finite value'}`);
}

function extractPredictions(value: ort.OnnxValue | undefined, kind: OnnxOutputKind, count: number, name: string): Float64Array {
  if (!(value instanceof ort.Tensor) || !(value.data instanceof Float32Array)) throw new OnnxModelError(`output '${name}' is not a float32 tensor`);
  const data = value.data;
  const stride = kind === 'probability' ? 2 : 1;
  if (data.length !== count * stride) throw new OnnxModelError(`output '${name}' has ${data.length} numbers for ${count} rows, expected ${count * stride}`);
  const out = new Float64Array(count);
  for (let r = 0; r < count; r += 1) out[r] = data[r * stride + stride - 1]!;
  return out;
}

function columnsToRows(columns: Float64Array[], width: number): Float32Array {
  if (!Array.isArray(columns) || columns.length !== width) {
    throw new OnnxModelError(`expected ${width} feature columns, got ${Array.isArray(columns) ? columns.length : typeof columns}`);
  }
  const count = columns[0]!.length;
  const rows = new Float32Array(count * width);
  for (let f = 0; f < width; f += 1) {
    const column = columns[f]!;
    if (!(column instanceof Float64Array) || column.length !== count) {
      throw new OnnxModelError(`feature column ${f} must be a Float64Array of ${count} rows (the length of column 0)`);
    }
    for (let r = 0; r < count; r += 1) {
      const v = Math.fround(column[r]!);
      if (!Number.isFinite(v)) throw new OnnxModelError(`row ${r}, feature ${f}: ${column[r]} is not a finite float32 value`);
      rows[r * width + f] = v;
    }
  }
  return rows;
}

function checkRowMajor(rows: Float32Array, width: number): Float32Array {
  if (rows.length % width !== 0) throw new OnnxModelError(`row-major input has ${rows.length} numbers, not a multiple of the width ${width}`);
  for (let i = 0; i < rows.length; i += 1) {
    if (!Number.isFinite(rows[i]!)) throw new OnnxModelError(`row ${Math.floor(i / width)}, feature ${i % width}: ${rows[i]} is not finite`);
  }
  return rows;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
