// nn layers in a cell: built like PyTorch builds them (same arguments, defaults, checks and
// default initialisation, seeded), their attributes, assigning weight/bias, and calling them.

import { formatShape, makeTensor, numel, type Tensor } from '../engine/tensor';
import { typeError } from '../engine/errors';
import { gemm } from '../engine/gemm';
import type { LayerSpec } from '../engine/layer';
import { Rng } from '../engine/random';
import { reshape } from '../engine/creation';
import { outputShape } from '../engine/arithmetic/spec_shape';
import { flopCount } from '../engine/arithmetic/flops';
import { BoundCall, valueToLiteral } from './call_args';
import { layerSpecFromCall } from './layer_from_call';
import { runAdaptiveAvgPool2d, runAvgPool2d, runConv, runConvTranspose, runDeformConv, runMaxPool2d, runRelu, runSigmoid, type OpLabels } from './ops';
import { pyError, type Runtime } from './runtime';
import { SIGNATURES, type FunctionSignature } from './signatures';
import { BuiltinFunction, DType, isModule, isTensorValue, LayerModule, PyTuple, SequentialModule, TorchSize, typeName, type CallArgs, type ModuleValue, type PyValue } from './values';
import type { OutputSizeKind } from '../engine/conv_transpose_args';

// ───────────── construction ─────────────

/** The weight's shape for a layer, and how its axes are named (for messages). */
export function weightShapeOf(spec: LayerSpec): { shape: number[]; axes: string } | null {
  switch (spec.kind) {
    case 'conv':
    case 'deform_conv':
      return { shape: [spec.outChannels, spec.inChannels / spec.groups, ...spec.kernelSize], axes: `(C_out, C_in/groups, ${kernelNames(spec.kernelSize.length)})` };
    case 'conv_transpose':
      return { shape: [spec.inChannels, spec.outChannels / spec.groups, ...spec.kernelSize], axes: `(C_in, C_out/groups, ${kernelNames(spec.kernelSize.length)})` };
    case 'linear':
      return { shape: [spec.outFeatures, spec.inFeatures], axes: '(out_features, in_features)' };
    case 'batch_norm':
      return spec.affine ? { shape: [spec.numFeatures], axes: '(num_features,)' } : null;
    default:
      return null;
  }
}

function kernelNames(dims: number): string {
  return ['kL', 'kH, kW', 'kD, kH, kW'][dims - 1];
}

function biasLength(spec: LayerSpec): number | null {
  switch (spec.kind) {
    case 'conv':
    case 'deform_conv':
    case 'conv_transpose':
      return spec.bias ? spec.outChannels : null;
    case 'linear':
      return spec.bias ? spec.outFeatures : null;
    case 'batch_norm':
      return spec.affine ? spec.numFeatures : null;
    default:
      return null;
  }
}

/**
 * PyTorch's reset_parameters: kaiming_uniform_(a=√5) gives U(−1/√fan_in, 1/√fan_in) for the weight,
 * and the bias is drawn from the same range, fan_in = weight.size(1) · ∏kernel. Both come from one
 * seeded stream (weight first, then bias), so a layer is reproducible from its seed.
 */
function initialParameters(runtime: Runtime, spec: LayerSpec, seed: number): () => { weight: Tensor | null; bias: Tensor | null } {
  const weightInfo = weightShapeOf(spec);
  const biasSize = biasLength(spec);
  // The budget applies when the layer is built, as PyTorch allocates then; the values come on first use.
  if (weightInfo) runtime.checkBudget(weightInfo.shape, 'kernel_size');
  return () => {
    if (spec.kind === 'batch_norm') {
      if (!spec.affine) return { weight: null, bias: null };
      const weight = makeTensor([spec.numFeatures]);
      weight.data.fill(1);
      return { weight, bias: makeTensor([spec.numFeatures]) };
    }
    if (!weightInfo) return { weight: null, bias: null };
    const fanIn = numel(weightInfo.shape.slice(1));
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    const rng = new Rng(seed);
    const weight = makeTensor(weightInfo.shape);
    for (let i = 0; i < weight.data.length; i++) weight.data[i] = -bound + 2 * bound * rng.uniform();
    let bias: Tensor | null = null;
    if (biasSize !== null) {
      bias = makeTensor([biasSize]);
      for (let i = 0; i < bias.data.length; i++) bias.data[i] = -bound + 2 * bound * rng.uniform();
    }
    return { weight, bias };
  };
}

/** nn.Conv2d(...) and friends: the builtin that constructs a layer. */
export function layerConstructor(runtime: Runtime, canonical: string): BuiltinFunction {
  const sig = SIGNATURES[canonical];
  return new BuiltinFunction(canonical, (args) => constructLayer(runtime, canonical, sig, args), sig);
}

function constructLayer(runtime: Runtime, canonical: string, sig: FunctionSignature, args: CallArgs): LayerModule {
  for (const [i, value] of args.positional.entries()) rejectNonLiteral(sig, value, sig.params[i]?.name);
  for (const [name, value] of args.keywords) rejectNonLiteral(sig, value, name);
  const positional = args.positional.map(valueToLiteral);
  const keywords = Object.fromEntries(args.keywords.map(([name, value]) => [name, valueToLiteral(value)]));
  const spec = layerSpecFromCall(canonical, positional, keywords);
  const bound = BoundCall.bind(sig, args);
  const has = (name: string): boolean => sig.params.some((p) => p.name === name);
  const seed = has('seed') ? bound.number('seed') : 0;
  const extra: LayerModule['extra'] = { seed };
  if (has('eps')) extra.eps = bound.number('eps');
  if (has('return_indices')) extra.returnIndices = bound.bool('return_indices');
  if (has('divisor_override')) extra.divisorOverride = bound.optionalNumber('divisor_override');
  if (has('p')) extra.p = bound.number('p');
  const module = new LayerModule(canonical, spec, initialParameters(runtime, spec, seed), extra);
  module.written = runtime.sourceOf(args.node) || canonical;
  return module;
}

function rejectNonLiteral(sig: FunctionSignature, value: PyValue, name: string | undefined): void {
  if (value === null || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return;
  if (Array.isArray(value)) {
    for (const item of value) rejectNonLiteral(sig, item, name);
    return;
  }
  if (value instanceof DType) return;
  const fn = sig.name.split('.').pop();
  throw typeError(`${fn}(): argument '${name ?? '?'}' must be a number, a string or a tuple, not ${typeName(value)}`, name);
}

export function sequentialConstructor(): BuiltinFunction {
  return new BuiltinFunction(
    'nn.Sequential',
    (args) => {
      if (args.keywords.length) throw typeError(`Sequential.__init__() got an unexpected keyword argument '${args.keywords[0][0]}'`, args.keywords[0][0]);
      const layers: ModuleValue[] = args.positional.map((value) => {
        if (!isModule(value)) throw pyError('TypeError', `${typeName(value)} is not a Module subclass`);
        return value;
      });
      return new SequentialModule(layers);
    },
    SIGNATURES['nn.Sequential'],
  );
}

// ───────────── attributes ─────────────

function tuple(values: readonly number[]): PyTuple {
  return PyTuple.from_(values);
}

/** Reads layer.weight, layer.stride, ... as PyTorch shows them. */
export function moduleAttribute(runtime: Runtime, module: ModuleValue, attr: string): PyValue {
  if (module instanceof SequentialModule) {
    if (attr === 'forward') return forwardFunction(runtime, module);
    throw pyError('AttributeError', `'Sequential' object has no attribute '${attr}'`);
  }
  const spec = module.spec;
  if (attr === 'weight') return module.weight;
  if (attr === 'bias') return module.bias;
  if (attr === 'forward') return forwardFunction(runtime, module);
  const s = spec as unknown as Record<string, unknown>;
  const fromSpec: Record<string, () => PyValue> = {
    in_channels: () => s.inChannels as number,
    out_channels: () => s.outChannels as number,
    kernel_size: () => (spec.kind === 'max_pool' || spec.kind === 'avg_pool' ? poolSize(spec.kernelSize) : tuple(s.kernelSize as number[])),
    stride: () => (spec.kind === 'max_pool' || spec.kind === 'avg_pool' ? poolSize(spec.stride.length ? spec.stride : spec.kernelSize) : tuple(s.stride as number[])),
    padding: () => (typeof s.padding === 'string' ? (s.padding as string) : tuple(s.padding as number[])),
    dilation: () => tuple(s.dilation as number[]),
    groups: () => s.groups as number,
    output_padding: () => tuple(s.outputPadding as number[]),
    padding_mode: () => (spec.kind === 'conv' ? spec.paddingMode : 'zeros'),
    in_features: () => s.inFeatures as number,
    out_features: () => s.outFeatures as number,
    num_features: () => s.numFeatures as number,
    affine: () => s.affine as boolean,
    ceil_mode: () => s.ceilMode as boolean,
    count_include_pad: () => s.countIncludePad as boolean,
    output_size: () => PyTuple.from_((s.outputSize as (number | null)[]) ?? []),
    start_dim: () => s.startDim as number,
    end_dim: () => s.endDim as number,
    eps: () => module.extra.eps ?? null,
    p: () => module.extra.p ?? null,
    return_indices: () => module.extra.returnIndices ?? false,
    divisor_override: () => module.extra.divisorOverride ?? null,
  };
  const getter = fromSpec[attr];
  if (getter) {
    const value = getter();
    if (value !== undefined) return value;
  }
  throw pyError('AttributeError', `'${module.className}' object has no attribute '${attr}'`);
}

/** Pooling layers keep their sizes as written; convbook shows a square size as the int most code writes. */
function poolSize(values: readonly number[]): PyValue {
  return values.every((v) => v === values[0]) ? values[0] : tuple(values);
}

/** layer.weight = tensor(...) / layer.bias = ...: shape-checked against the layer's configuration. */
export function setModuleAttribute(module: ModuleValue, attr: string, value: PyValue): void {
  if (module instanceof SequentialModule || (attr !== 'weight' && attr !== 'bias')) {
    throw pyError('AttributeError', `convbook lets cells assign only a layer's weight and bias, not '${attr}'`);
  }
  const spec = module.spec;
  const expected = attr === 'weight' ? weightShapeOf(spec) : null;
  const expectedBias = attr === 'bias' ? biasLengthIfPossible(spec) : null;
  if (attr === 'weight' && !expected) throw pyError('AttributeError', `${module.className} has no weight`);
  if (attr === 'bias' && expectedBias === null) throw pyError('AttributeError', `${module.className} has no bias`);
  if (value === null) {
    if (attr === 'weight') throw pyError('TypeError', `${module.className}.weight cannot be None in convbook`);
    module.bias = null;
    setBiasFlag(module, false);
    return;
  }
  if (!isTensorValue(value)) throw pyError('TypeError', `cannot assign '${typeName(value)}' as parameter '${attr}' (Tensor or None expected)`);
  let tensor = value;
  if (attr === 'weight') {
    const { shape, axes } = expected!;
    // A bare 3×3 kernel for a one-in, one-out conv is what the examples write.
    if (tensor.shape.length === shape.length - 2 && shape[0] === 1 && shape[1] === 1 && (spec.kind === 'conv' || spec.kind === 'conv_transpose' || spec.kind === 'deform_conv')) {
      if (tensor.shape.every((d, i) => d === shape[i + 2])) tensor = reshape(tensor, shape);
    }
    if (formatShape(tensor.shape) !== formatShape(shape)) {
      throw pyError('RuntimeError', `${module.className}.weight must have shape ${formatShape(shape)} ${axes} for this layer, but got ${formatShape(value.shape)}`);
    }
    module.weight = { shape: [...shape], data: tensor.data.slice() };
    return;
  }
  if (tensor.shape.length !== 1 || tensor.shape[0] !== expectedBias) {
    throw pyError('RuntimeError', `${module.className}.bias must have shape [${expectedBias}] for this layer, but got ${formatShape(value.shape)}`);
  }
  module.bias = { shape: [expectedBias], data: tensor.data.slice() };
  setBiasFlag(module, true);
}

function biasLengthIfPossible(spec: LayerSpec): number | null {
  switch (spec.kind) {
    case 'conv':
    case 'deform_conv':
    case 'conv_transpose':
      return spec.outChannels;
    case 'linear':
      return spec.outFeatures;
    case 'batch_norm':
      return spec.affine ? spec.numFeatures : null;
    default:
      return null;
  }
}

function setBiasFlag(module: LayerModule, present: boolean): void {
  const spec = module.spec;
  if (spec.kind === 'conv' || spec.kind === 'deform_conv' || spec.kind === 'conv_transpose' || spec.kind === 'linear') {
    module.spec = { ...spec, bias: present };
  }
}

// ───────────── calling ─────────────

export function moduleForwardSignature(module: ModuleValue): FunctionSignature {
  if (module instanceof LayerModule) {
    if (module.spec.kind === 'conv_transpose') return SIGNATURES[`${module.constructorName}.forward`];
    if (module.spec.kind === 'deform_conv') return SIGNATURES['DeformConv2d.forward'];
  }
  return SIGNATURES['Module.forward'];
}

function forwardFunction(runtime: Runtime, module: ModuleValue): BuiltinFunction {
  return new BuiltinFunction('forward', (args) => callModule(runtime, module, args), moduleForwardSignature(module));
}

export function callModule(runtime: Runtime, module: ModuleValue, args: CallArgs): PyValue {
  const bound = BoundCall.bind(moduleForwardSignature(module), args);
  const input = bound.tensor('input');
  const inputLabel = runtime.sourceOf(args.positionalNodes[0]) || 'input';
  const title = runtime.sourceOf(args.node) || 'forward';
  if (module instanceof SequentialModule) {
    let x: PyValue = input;
    module.layers.forEach((layer, i) => {
      if (!isTensorValue(x)) throw pyError('TypeError', `layer ${i} of the Sequential received a ${typeName(x)}, not a tensor`);
      x = forwardLayer(runtime, layer, x, { title: `${title} → layer ${i}`, input: i === 0 ? inputLabel : `output of layer ${i - 1}` }, null);
    });
    return x;
  }
  let extra: ForwardExtra | null = null;
  if (module.spec.kind === 'deform_conv') extra = { offset: bound.tensor('offset'), mask: bound.optionalTensor('mask'), outputSize: null };
  if (module.spec.kind === 'conv_transpose') {
    const size = bound.value('output_size');
    extra = { offset: null, mask: null, outputSize: size === null ? null : toIntList(size, 'output_size'), outputSizeKind: sizeKind(size) };
  }
  return forwardLayer(runtime, module, input, { title, input: inputLabel }, extra);
}

/** What a layer's forward takes besides the input: DeformConv2d's offset and mask, ConvTranspose's output_size. */
interface ForwardExtra {
  offset: Tensor | null;
  mask: Tensor | null;
  outputSize: number[] | null;
  outputSizeKind?: OutputSizeKind;
}

/** How output_size was written, so PyTorch's messages can print it as Python does. */
function sizeKind(value: PyValue): OutputSizeKind {
  if (value instanceof TorchSize) return 'size';
  return Array.isArray(value) && !(value instanceof PyTuple) ? 'list' : 'tuple';
}

function toIntList(value: PyValue, name: string): number[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => {
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    throw typeError(`output_size must be a list of ints, got ${typeName(v)}`, name);
  });
}

/** The work budget from the layer's spec and the input shape; shapes the op would refuse are left to it. */
function checkLayerWork(runtime: Runtime, spec: LayerSpec, input: Tensor, title: string): void {
  let macs: number;
  try {
    macs = flopCount(spec, input.shape).macs;
  } catch {
    return;
  }
  runtime.checkWork(macs, title);
}

function forwardLayer(
  runtime: Runtime,
  module: ModuleValue,
  input: Tensor,
  labels: OpLabels,
  extra: ForwardExtra | null,
): PyValue {
  if (module instanceof SequentialModule) {
    const args: CallArgs = { positional: [input], keywords: [], positionalNodes: [null], keywordNodes: new Map(), node: null };
    return callModule(runtime, module, args);
  }
  const spec = module.spec;
  const weightLabel = `${module.className}.weight`;
  // Before the weights are drawn (lazily, on first use): a refused op should cost nothing.
  if (spec.kind === 'conv' || spec.kind === 'conv_transpose' || spec.kind === 'deform_conv') checkLayerWork(runtime, spec, input, labels.title);
  switch (spec.kind) {
    case 'conv':
      return runConv(runtime, {
        input,
        weight: module.weight!,
        bias: module.bias,
        dims: spec.dims,
        options: { stride: spec.stride, padding: spec.padding, dilation: spec.dilation, groups: spec.groups, paddingMode: spec.paddingMode },
        labels: { ...labels, weight: weightLabel },
        spec,
      });
    case 'conv_transpose':
      return runConvTranspose(runtime, {
        input,
        weight: module.weight!,
        bias: module.bias,
        dims: spec.dims,
        options: { stride: spec.stride, padding: spec.padding, outputPadding: spec.outputPadding, dilation: spec.dilation, groups: spec.groups, ...(extra?.outputSize ? { outputSize: extra.outputSize, outputSizeKind: extra.outputSizeKind } : {}) },
        labels: { ...labels, weight: weightLabel },
        spec,
      });
    case 'deform_conv': {
      if (!extra?.offset) throw typeError('DeformConv2d.forward() missing 1 required positional argument: \'offset\'', 'offset');
      return runDeformConv(runtime, {
        input,
        offset: extra.offset,
        weight: module.weight!,
        bias: module.bias,
        options: { stride: spec.stride, padding: spec.padding, dilation: spec.dilation, mask: extra.mask },
        labels: { ...labels, weight: weightLabel },
        spec,
      });
    }
    case 'max_pool': {
      const { output, indices } = runMaxPool2d(runtime, input, { kernelSize: spec.kernelSize, stride: spec.stride.length ? spec.stride : null, padding: spec.padding, dilation: spec.dilation, ceilMode: spec.ceilMode }, labels);
      return module.extra.returnIndices ? PyTuple.from_([output, indices]) : output;
    }
    case 'avg_pool':
      return runAvgPool2d(
        runtime,
        input,
        { kernelSize: spec.kernelSize, stride: spec.stride.length ? spec.stride : null, padding: spec.padding, ceilMode: spec.ceilMode, countIncludePad: spec.countIncludePad, divisorOverride: module.extra.divisorOverride ?? null },
        labels,
      );
    case 'adaptive_avg_pool':
      return runAdaptiveAvgPool2d(runtime, input, spec.outputSize, labels);
    case 'relu':
      return runRelu(runtime, input);
    case 'sigmoid':
      return runSigmoid(runtime, input);
    case 'dropout':
    case 'identity':
      return input;
    case 'flatten': {
      const shape = outputShape(spec, input.shape);
      return reshape(input, shape);
    }
    case 'batch_norm':
      return batchNormEval(runtime, module, input);
    case 'linear':
      return linear(runtime, module, input);
  }
}

/** Eval-mode batch norm of a fresh layer: running mean 0, running variance 1, so y = x / √(1 + eps) · γ + β. */
function batchNormEval(runtime: Runtime, module: LayerModule, input: Tensor): Tensor {
  const shape = outputShape(module.spec, input.shape);
  runtime.checkBudget(shape);
  const channels = input.shape[1];
  const eps = module.extra.eps ?? 1e-5;
  const inner = numel(input.shape.slice(2));
  const out = makeTensor(shape);
  for (let c = 0; c < channels; c++) {
    const gamma = module.weight ? module.weight.data[c] : 1;
    const beta = module.bias ? module.bias.data[c] : 0;
    const alpha = Math.fround(gamma / Math.sqrt(1 + eps));
    for (let n = 0; n < input.shape[0]; n++) {
      const base = (n * channels + c) * inner;
      for (let i = 0; i < inner; i++) out.data[base + i] = input.data[base + i] * alpha + beta;
    }
  }
  return runtime.annotate(out, ['BatchNorm2d in eval mode with its initial statistics: running_mean = 0, running_var = 1, so y = x / √(1 + eps) · weight + bias']);
}

function linear(runtime: Runtime, module: LayerModule, input: Tensor): Tensor {
  const shape = outputShape(module.spec, input.shape);
  const spec = module.spec as { inFeatures: number; outFeatures: number };
  const rows = numel(input.shape.slice(0, -1));
  runtime.checkWork(rows * spec.inFeatures * spec.outFeatures, module.written || `${module.className}(${spec.inFeatures}, ${spec.outFeatures})`);
  runtime.checkBudget(shape);
  const out = makeTensor(shape);
  if (rows > 0 && spec.outFeatures > 0 && spec.inFeatures > 0) {
    gemm({ m: rows, n: spec.outFeatures, k: spec.inFeatures, a: input.data, aOffset: 0, lda: spec.inFeatures, b: module.weight!.data, bOffset: 0, ldb: spec.inFeatures, transB: true, c: out.data, cOffset: 0, ldc: spec.outFeatures });
  }
  if (module.bias) {
    for (let r = 0; r < rows; r++) for (let j = 0; j < spec.outFeatures; j++) out.data[r * spec.outFeatures + j] += module.bias.data[j];
  }
  return out;
}
