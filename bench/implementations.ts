// The implementations the benchmark compares: convbook's engine, TensorFlow.js's CPU backend, and
// ONNX Runtime (WebAssembly build, one thread; native Node build, one and two threads). Every adapter
// returns its output in PyTorch's NCHW layout so the driver can check it against the engine's.

import { conv2d } from '../engine/conv';
import { convTranspose2d } from '../engine/conv_transpose';
import { deformConv2d } from '../engine/deform';
import { setGemmKernel, type GemmKernel } from '../engine/gemm';
import type { Tensor } from '../engine/tensor';
import type { BenchCase, CaseData } from './cases';
import { encodeOnnxModel, type OnnxNodeSpec } from './onnx_model';
import { loadPeer } from './peers';

export interface Prepared {
  /** One timed execution. */
  run(): Promise<void> | void;
  /** The output of one more execution, NCHW. */
  output(): Promise<Float32Array>;
  dispose(): void;
}

export interface Implementation {
  name: string;
  /** A Prepared, or a reason the implementation cannot run this case. */
  prepare(c: BenchCase, d: CaseData): Promise<Prepared | string>;
}

export function engineOp(c: BenchCase, d: CaseData): () => Tensor {
  const base = { stride: c.stride, padding: c.padding };
  switch (c.kind) {
    case 'conv2d':
    case 'depthwise':
      return () => conv2d(d.input, d.weight, d.bias, { ...base, groups: c.groups });
    case 'conv_transpose2d':
      return () => convTranspose2d(d.input, d.weight, d.bias, { ...base, groups: c.groups });
    case 'deform_conv2d':
      return () => deformConv2d(d.input, d.offset as Tensor, d.weight, d.bias, base);
  }
}

/** The engine with a given GEMM kernel, installed before every run (the rounds interleave the two engine rows). */
export function engineWith(name: string, kernel: GemmKernel): Implementation {
  return {
    name,
    async prepare(c, d) {
      const op = engineOp(c, d);
      return {
        run: () => {
          setGemmKernel(kernel);
          op();
        },
        output: async () => {
          setGemmKernel(kernel);
          return op().data;
        },
        dispose: () => undefined,
      };
    },
  };
}

export const ENGINE_1T = 'engine (1 thread)';
export const ENGINE_2T = 'engine (2 threads)';

// ───────────────────────────── TensorFlow.js (CPU backend) ─────────────────────────────

/** NCHW → NHWC. */
function toNHWC(t: Tensor): Float32Array {
  const [n, ch, h, w] = t.shape;
  const out = new Float32Array(t.data.length);
  for (let b = 0; b < n; b++) for (let c = 0; c < ch; c++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    out[((b * h + y) * w + x) * ch + c] = t.data[((b * ch + c) * h + y) * w + x];
  }
  return out;
}

function fromNHWC(data: Float32Array | Int32Array | Uint8Array, shape: number[]): Float32Array {
  const [n, ch, h, w] = shape;
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++) for (let c = 0; c < ch; c++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    out[((b * ch + c) * h + y) * w + x] = data[((b * h + y) * w + x) * ch + c];
  }
  return out;
}

/** PyTorch weight (A, B, kh, kw) → tfjs filter (kh, kw, A', B') with the two channel axes as given. */
function filterHW(weight: Tensor, firstChannelAxis: 0 | 1): Float32Array {
  const [a, b, kh, kw] = weight.shape;
  const [p, q] = firstChannelAxis === 1 ? [b, a] : [a, b];
  const out = new Float32Array(weight.data.length);
  for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) {
    const [u, v] = firstChannelAxis === 1 ? [j, i] : [i, j];
    out[((y * kw + x) * p + u) * q + v] = weight.data[((i * b + j) * kh + y) * kw + x];
  }
  return out;
}

/** The part of TensorFlow.js the benchmark calls; the package itself is an optional peer. */
interface TfTensor { dispose(): void; dataSync(): Float32Array | Int32Array | Uint8Array }
interface Tf {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  tensor4d(data: Float32Array, shape: number[]): TfTensor;
  tensor1d(data: Float32Array): TfTensor;
  tidy<T>(fn: () => T): T;
  add(a: TfTensor, b: TfTensor): TfTensor;
  conv2dTranspose(x: TfTensor, filter: TfTensor, outputShape: number[], strides: number, pad: 'same'): TfTensor;
  fused: {
    conv2d(args: { x: TfTensor; filter: TfTensor; strides: number; pad: unknown; bias: TfTensor }): TfTensor;
    depthwiseConv2d(args: { x: TfTensor; filter: TfTensor; strides: number; pad: number; bias: TfTensor }): TfTensor;
  };
}
let tfLoaded: Promise<Tf> | null = null;

function loadTf(): Promise<Tf> {
  tfLoaded ??= (async () => {
    const tf = await loadPeer<Tf>('@tensorflow/tfjs-core');
    await loadPeer('@tensorflow/tfjs-backend-cpu');
    await tf.setBackend('cpu');
    await tf.ready();
    return tf;
  })();
  return tfLoaded;
}

export const tfjsCpu: Implementation = {
  name: 'tfjs-backend-cpu',
  async prepare(c, d) {
    if (c.kind === 'deform_conv2d') return 'no deformable convolution in TensorFlow.js';
    let tf: Tf;
    try {
      tf = await loadTf();
    } catch (e) {
      tfLoaded = null;
      return `does not load: ${(e as Error).message.split('\n')[0]}`;
    }
    const [n, , h, w] = d.input.shape;
    const x = tf.tensor4d(toNHWC(d.input), [n, h, w, c.inChannels]);
    const bias = tf.tensor1d(d.bias.data);
    const p = c.padding;
    const explicit: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [p, p], [p, p], [0, 0]];
    let op: () => TfTensor;
    let filter: TfTensor;
    const [kh, kw] = d.weight.shape.slice(2);
    if (c.kind === 'conv2d') {
      // (C_out, C_in, kh, kw) → (kh, kw, C_in, C_out)
      filter = tf.tensor4d(filterHW(d.weight, 1), [kh, kw, c.inChannels, c.outChannels]);
      op = () => tf.fused.conv2d({ x, filter, strides: c.stride, pad: explicit, bias });
    } else if (c.kind === 'depthwise') {
      // (C·m, 1, kh, kw) → (kh, kw, C, m) with m = 1
      filter = tf.tensor4d(filterHW(d.weight, 1), [kh, kw, c.inChannels, c.outChannels / c.inChannels]);
      op = () => tf.fused.depthwiseConv2d({ x, filter, strides: c.stride, pad: c.padding, bias });
    } else {
      // Transposed weight (C_in, C_out, kh, kw) → (kh, kw, C_out, C_in). tfjs takes 'same'/'valid'
      // or a number here; for k4 s2 p1 'same' pads 1 on each side, which is PyTorch's padding=1.
      if (!(c.kernel === 4 && c.stride === 2 && c.padding === 1)) return 'only the k4 s2 p1 transposed case is mapped to tfjs padding';
      filter = tf.tensor4d(filterHW(d.weight, 1), [kh, kw, c.outChannels, c.inChannels]);
      const outSize = d.outputShape[2];
      op = () => tf.tidy(() => tf.add(tf.conv2dTranspose(x, filter, [n, outSize, outSize, c.outChannels], c.stride, 'same'), bias));
    }
    return {
      run() {
        op().dispose();
      },
      async output() {
        const y = op();
        const data = y.dataSync() as Float32Array;
        y.dispose();
        return fromNHWC(data, d.outputShape);
      },
      dispose() {
        x.dispose();
        bias.dispose();
        filter.dispose();
      },
    };
  },
};

// ───────────────────────────── ONNX Runtime ─────────────────────────────

function onnxSpec(c: BenchCase, d: CaseData): OnnxNodeSpec {
  const k = [c.kernel, c.kernel];
  const common = {
    inputs: [{ name: 'x', shape: [...d.input.shape] }],
    output: { name: 'y', shape: d.outputShape },
    intAttributes: { group: c.groups } as Record<string, number>,
    intsAttributes: {
      kernel_shape: k,
      strides: [c.stride, c.stride],
      pads: [c.padding, c.padding, c.padding, c.padding],
      dilations: [1, 1],
    } as Record<string, number[]>,
  };
  const w = { name: 'w', shape: [...d.weight.shape], data: d.weight.data };
  const b = { name: 'b', shape: [...d.bias.shape], data: d.bias.data };
  if (c.kind === 'deform_conv2d') {
    const offset = d.offset as Tensor;
    return {
      ...common,
      opType: 'DeformConv',
      opset: 19,
      nodeInputs: ['x', 'w', 'offset', 'b'],
      initializers: [w, { name: 'offset', shape: [...offset.shape], data: offset.data }, b],
      intAttributes: { group: 1, offset_group: 1 },
    };
  }
  return {
    ...common,
    opType: c.kind === 'conv_transpose2d' ? 'ConvTranspose' : 'Conv',
    opset: 19,
    nodeInputs: ['x', 'w', 'b'],
    initializers: [w, b],
  };
}

interface OrtLike {
  InferenceSession: { create(model: Uint8Array, options: object): Promise<OrtSession> };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => unknown;
}
interface OrtSession {
  run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown }>>;
  release?(): Promise<void>;
}

function ortImplementation(name: string, load: () => Promise<OrtLike>, options: object): Implementation {
  return {
    name,
    async prepare(c, d) {
      let ort: OrtLike;
      try {
        ort = await load();
      } catch (e) {
        return `does not load: ${(e as Error).message.split('\n')[0]}`;
      }
      let session: OrtSession;
      try {
        session = await ort.InferenceSession.create(encodeOnnxModel(onnxSpec(c, d)), options);
      } catch (e) {
        return `unsupported: ${(e as Error).message.split('\n')[0].slice(0, 160)}`;
      }
      const feeds = { x: new ort.Tensor('float32', d.input.data, d.input.shape) };
      try {
        await session.run(feeds);
      } catch (e) {
        return `fails to run: ${(e as Error).message.split('\n')[0].slice(0, 160)}`;
      }
      return {
        run: async () => void (await session.run(feeds)),
        output: async () => (await session.run(feeds)).y.data as Float32Array,
        dispose: () => void session.release?.(),
      };
    },
  };
}

export const ortWeb = ortImplementation(
  'onnxruntime-web (wasm, 1 thread)',
  async () => {
    const mod = (await loadPeer('onnxruntime-web')) as OrtLike & { default?: OrtLike; env: { wasm: { numThreads: number } } };
    const ort = (mod.default ?? mod) as OrtLike & { env: { wasm: { numThreads: number } } };
    ort.env.wasm.numThreads = 1;
    return ort;
  },
  { executionProviders: ['wasm'] },
);

async function loadOrtNode(): Promise<OrtLike> {
  const mod = (await loadPeer('onnxruntime-node')) as OrtLike & { default?: OrtLike };
  return (mod.default ?? mod) as OrtLike;
}

export const ortNode = ortImplementation('onnxruntime-node (1 thread)', loadOrtNode, {
  executionProviders: ['cpu'],
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
});

export const ortNode2 = ortImplementation('onnxruntime-node (2 threads)', loadOrtNode, {
  executionProviders: ['cpu'],
  intraOpNumThreads: 2,
  interOpNumThreads: 1,
});
