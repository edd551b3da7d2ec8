// Small constructors over onnx-proto's generated classes, so the exporters read as graph
// descriptions. Everything here is deterministic: the same arguments encode to the same bytes
// (no timestamps, no random ids), which keeps an artifact's checksum stable.
import onnxProto from 'onnx-proto';

export const { onnx } = onnxProto;

/** IR 8 is the newest version onnx-proto 8.0.1 (ONNX 1.10) describes; onnxruntime 1.30 reads it. */
export const IR_VERSION = 8;
/** Operator sets of ONNX 1.10, matching IR 8: default domain 15, ai.onnx.ml 3. */
export const DEFAULT_OPSET = 15;
export const ML_DOMAIN = 'ai.onnx.ml';
export const ML_OPSET = 3;
export const PRODUCER_NAME = 'mltrading';

const AttributeType = onnx.AttributeProto.AttributeType;
const DataType = onnx.TensorProto.DataType;
const utf8 = new TextEncoder();

type AttributeValue = number | string | number[] | string[];

/** One attribute; `kind` is explicit because a JS number cannot say whether it is an int or a float. */
export function attribute(name: string, kind: 'int' | 'float' | 'string' | 'ints' | 'floats' | 'strings', value: AttributeValue): InstanceType<typeof onnx.AttributeProto> {
  switch (kind) {
    case 'int':
      return new onnx.AttributeProto({ name, type: AttributeType.INT, i: value as number });
    case 'float':
      return new onnx.AttributeProto({ name, type: AttributeType.FLOAT, f: value as number });
    case 'string':
      return new onnx.AttributeProto({ name, type: AttributeType.STRING, s: utf8.encode(value as string) });
    case 'ints':
      return new onnx.AttributeProto({ name, type: AttributeType.INTS, ints: value as number[] });
    case 'floats':
      return new onnx.AttributeProto({ name, type: AttributeType.FLOATS, floats: value as number[] });
    case 'strings':
      return new onnx.AttributeProto({ name, type: AttributeType.STRINGS, strings: (value as string[]).map((s) => utf8.encode(s)) });
  }
}

/** A tensor value description; a string dimension is symbolic (the batch size `N`). */
export function tensorValueInfo(name: string, elemType: 'float' | 'int64', dims: Array<number | string>): InstanceType<typeof onnx.ValueInfoProto> {
  return new onnx.ValueInfoProto({
    name,
    type: new onnx.TypeProto({
      tensorType: new onnx.TypeProto.Tensor({
        elemType: elemType === 'float' ? DataType.FLOAT : DataType.INT64,
        shape: new onnx.TensorShapeProto({
          dim: dims.map((d) => new onnx.TensorShapeProto.Dimension(typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
        }),
      }),
    }),
  });
}

export function mlNode(opType: string, name: string, inputs: string[], outputs: string[], attributes: InstanceType<typeof onnx.AttributeProto>[]): InstanceType<typeof onnx.NodeProto> {
  return new onnx.NodeProto({ opType, name, domain: ML_DOMAIN, input: inputs, output: outputs, attribute: attributes });
}

export function defaultNode(opType: string, name: string, inputs: string[], outputs: string[], attributes: InstanceType<typeof onnx.AttributeProto>[]): InstanceType<typeof onnx.NodeProto> {
  return new onnx.NodeProto({ opType, name, input: inputs, output: outputs, attribute: attributes });
}

export interface ModelDescription {
  graphName: string;
  docString: string;
  nodes: InstanceType<typeof onnx.NodeProto>[];
  inputs: InstanceType<typeof onnx.ValueInfoProto>[];
  outputs: InstanceType<typeof onnx.ValueInfoProto>[];
  /** Stored as model metadata (e.g. the feature names), readable by any ONNX tool. */
  metadata: Record<string, string>;
}

export function encodeModel(description: ModelDescription): Uint8Array {
  const model = new onnx.ModelProto({
    irVersion: IR_VERSION,
    producerName: PRODUCER_NAME,
    docString: description.docString,
    opsetImport: [new onnx.OperatorSetIdProto({ domain: '', version: DEFAULT_OPSET }), new onnx.OperatorSetIdProto({ domain: ML_DOMAIN, version: ML_OPSET })],
    graph: new onnx.GraphProto({
      name: description.graphName,
      node: description.nodes,
      input: description.inputs,
      output: description.outputs,
    }),
    // Sorted keys: the byte output must not depend on how the caller built the record.
    metadataProps: Object.keys(description.metadata)
      .sort()
      .map((key) => new onnx.StringStringEntryProto({ key, value: description.metadata[key] })),
  });
  return onnx.ModelProto.encode(model).finish();
}
