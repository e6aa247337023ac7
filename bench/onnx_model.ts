// A minimal ONNX ModelProto encoder, enough for a one-node graph (Conv, ConvTranspose, DeformConv)
// whose weight and bias are initializers. Hand-written protobuf so the benchmark needs no onnx or
// protobuf package; field numbers are those of onnx/onnx.proto.

/** Protobuf wire-format writer: varints, length-delimited fields and nested messages. */
class ProtoWriter {
  private chunks: number[] = [];

  private varint(value: number): void {
    // Non-negative integers below 2^53 only (all ONNX sizes here are).
    let v = value;
    while (v >= 0x80) {
      this.chunks.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.chunks.push(v);
  }

  private key(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  int(field: number, value: number): this {
    this.key(field, 0);
    this.varint(value);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.key(field, 2);
    this.varint(value.length);
    for (const b of value) this.chunks.push(b);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  /** Packed repeated int64 (proto3 default for repeated scalars). */
  packedInts(field: number, values: readonly number[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.varint(v);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

const FLOAT = 1;
const ATTRIBUTE_INT = 2;
const ATTRIBUTE_INTS = 7;

export interface OnnxInitializer {
  name: string;
  shape: number[];
  data: Float32Array;
}

export interface OnnxNodeSpec {
  opType: 'Conv' | 'ConvTranspose' | 'DeformConv';
  /** Graph inputs fed at run time, in node-input order before the initializers... */
  inputs: { name: string; shape: number[] }[];
  /** ...and the node's full input list (run-time inputs and initializer names, '' for a skipped optional). */
  nodeInputs: string[];
  initializers: OnnxInitializer[];
  output: { name: string; shape: number[] };
  intAttributes: Record<string, number>;
  intsAttributes: Record<string, number[]>;
  opset: number;
}

function valueInfo(w: ProtoWriter, name: string, shape: readonly number[]): void {
  w.string(1, name); // ValueInfoProto.name
  w.message(2, (type) => {
    // TypeProto.tensor_type
    type.message(1, (tensor) => {
      tensor.int(1, FLOAT); // elem_type
      tensor.message(2, (shapeProto) => {
        for (const d of shape) shapeProto.message(1, (dim) => dim.int(1, d)); // dim { dim_value }
      });
    });
  });
}

export function encodeOnnxModel(spec: OnnxNodeSpec): Uint8Array {
  const model = new ProtoWriter();
  model.int(1, 9); // ir_version 9 (ONNX 1.14, opset 19)
  model.string(2, 'convbook-bench'); // producer_name
  model.message(7, (graph) => {
    graph.message(1, (node) => {
      for (const input of spec.nodeInputs) node.string(1, input);
      node.string(2, spec.output.name);
      node.string(3, `${spec.opType.toLowerCase()}_0`);
      node.string(4, spec.opType);
      for (const [name, value] of Object.entries(spec.intAttributes)) {
        node.message(5, (attr) => attr.string(1, name).int(3, value).int(20, ATTRIBUTE_INT));
      }
      for (const [name, values] of Object.entries(spec.intsAttributes)) {
        node.message(5, (attr) => {
          attr.string(1, name);
          for (const v of values) attr.int(8, v); // unpacked: AttributeProto.ints is proto2-style
          attr.int(20, ATTRIBUTE_INTS);
        });
      }
    });
    graph.string(2, 'bench');
    for (const init of spec.initializers) {
      graph.message(5, (tensor) => {
        tensor.packedInts(1, init.shape); // dims
        tensor.int(2, FLOAT); // data_type
        tensor.string(8, init.name);
        tensor.bytes(9, new Uint8Array(init.data.buffer, init.data.byteOffset, init.data.byteLength)); // raw_data, little-endian
      });
    }
    for (const input of spec.inputs) graph.message(11, (w) => valueInfo(w, input.name, input.shape));
    graph.message(12, (w) => valueInfo(w, spec.output.name, spec.output.shape));
  });
  model.message(8, (opset) => opset.string(1, '').int(2, spec.opset)); // opset_import, default domain
  return model.finish();
}
