// The tensor ops behind F.*, torchvision's deform_conv2d and the nn layers' forward: the engine
// checks the arguments and computes the output shape, the runtime refuses outputs over the
// element budget before they are allocated, and each result remembers how it was made so the
// display can animate the sliding window.

import { convResolved } from '../engine/conv';
import { resolveConv, type ConvOptions } from '../engine/conv_args';
import { convTransposeResolved } from '../engine/conv_transpose';
import { resolveConvTranspose, type ConvTransposeOptions } from '../engine/conv_transpose_args';
import { reshape } from '../engine/creation';
import { deformConv2d } from '../engine/deform';
import { resolveDeformConv, type DeformConvOptions } from '../engine/deform_args';
import { relu, sigmoid } from '../engine/elementwise';
import type { AvgPoolSpec, ConvSpec, ConvTransposeSpec, DeformConvSpec, MaxPoolSpec, SpatialDims } from '../engine/layer';
import { fPad } from '../engine/padding';
import { convSpecOf, convTransposeSpecOf, deformSpecOf } from '../engine/resolved_spec';
import { adaptiveAvgPool2d, avgPool2d, maxPool2d } from '../engine/pool';
import { resolveAdaptiveAvgPool2d, resolveAvgPool2d, resolveMaxPool2d, type AvgPool2dOptions, type MaxPool2dOptions } from '../engine/pool_args';
import { makeTensor, numel, type Tensor } from '../engine/tensor';
import type { Runtime } from './runtime';

/** How the arguments were written, for notes and titles. */
export interface OpLabels {
  title: string;
  input?: string;
  weight?: string;
}

function batched(t: Tensor, dims: number): Tensor {
  return t.shape.length === dims + 1 ? { shape: [1, ...t.shape], data: t.data } : t;
}

/**
 * A tensor with exactly the spatial rank (a 5×5 literal for conv2d) is read as 1×1×spatial, the
 * way the examples on paper are drawn; the note tells the reader PyTorch itself would refuse it.
 */
export function promoteSpatial(t: Tensor, dims: number, label: string, role: 'input' | 'weight', notes: string[]): Tensor {
  if (t.shape.length !== dims) return t;
  const shape = [1, 1, ...t.shape];
  const what = role === 'input' ? '(N=1, C=1)' : '(C_out=1, C_in=1)';
  notes.push(
    `${label} is ${dims}-D (${t.shape.join('×')}); convbook treated it as ${shape.join('×')} ${what}. PyTorch needs the ${role === 'input' ? 'batch and channel axes' : 'output- and input-channel axes'}: ${label}.reshape(${shape.join(', ')}).`,
  );
  return reshape(t, shape);
}

/** promoteSpatial for a conv-like call's input and weight, each under its label from the cell. */
function promoteOperands(call: { input: Tensor; weight: Tensor; labels: OpLabels }, dims: number, notes: string[]): { input: Tensor; weight: Tensor } {
  return {
    input: promoteSpatial(call.input, dims, call.labels.input ?? 'input', 'input', notes),
    weight: promoteSpatial(call.weight, dims, call.labels.weight ?? 'weight', 'weight', notes),
  };
}

// ───────────── convolution ─────────────

export interface ConvCall {
  input: Tensor;
  weight: Tensor;
  bias: Tensor | null;
  dims: SpatialDims;
  options: ConvOptions;
  labels: OpLabels;
  /** The layer, when called through a module: its spec is kept as written. */
  spec?: ConvSpec;
}

export function runConv(runtime: Runtime, call: ConvCall): Tensor {
  const notes: string[] = [];
  const { input, weight } = promoteOperands(call, call.dims, notes);
  const r = resolveConv(input.shape, weight.shape, call.bias ? call.bias.shape : null, call.options, call.dims);
  runtime.checkWork(numel(r.outputShape) * (r.inChannels / r.groups) * numel(r.kernelSize), call.labels.title);
  runtime.checkBudget(r.outputShape);
  const output = convResolved(input, weight, call.bias, r);
  const spec: ConvSpec = call.spec ?? convSpecOf(r, call.options.padding, call.bias !== null);
  return runtime.annotate(output, notes, { spec, input: batched(input, call.dims), weight, bias: call.bias, title: call.labels.title });
}

export interface ConvTransposeCall {
  input: Tensor;
  weight: Tensor;
  bias: Tensor | null;
  dims: SpatialDims;
  options: ConvTransposeOptions;
  labels: OpLabels;
  spec?: ConvTransposeSpec;
}

export function runConvTranspose(runtime: Runtime, call: ConvTransposeCall): Tensor {
  const notes: string[] = [];
  const { input, weight } = promoteOperands(call, call.dims, notes);
  const r = resolveConvTranspose(input.shape, weight.shape, call.bias ? call.bias.shape : null, call.options, call.dims);
  runtime.checkWork(numel(input.shape) * (r.outChannels / r.groups) * numel(r.kernelSize), call.labels.title);
  runtime.checkBudget(r.outputShape);
  const output = convTransposeResolved(input, weight, call.bias, r);
  const base: ConvTransposeSpec = call.spec ?? convTransposeSpecOf(r, call.bias !== null);
  // output_size= picks the output_padding; the sweep must show the one actually used.
  const spec: ConvTransposeSpec = { ...base, outputPadding: r.outputPadding };
  return runtime.annotate(output, notes, { spec, input: batched(input, call.dims), weight, bias: call.bias, title: call.labels.title });
}

export interface DeformCall {
  input: Tensor;
  offset: Tensor;
  weight: Tensor;
  bias: Tensor | null;
  options: DeformConvOptions;
  labels: OpLabels;
  spec?: DeformConvSpec;
}

export function runDeformConv(runtime: Runtime, call: DeformCall): Tensor {
  const notes: string[] = [];
  const { input, weight } = promoteOperands(call, 2, notes);
  const g = resolveDeformConv(input, call.offset, weight, call.bias, call.options);
  const outputShape = [g.batch, g.outChannels, ...g.outputSize];
  runtime.checkWork(numel(outputShape) * (g.inChannels / g.groups) * numel(g.kernel), call.labels.title);
  runtime.checkBudget(outputShape);
  const output = deformConv2d(input, call.offset, weight, call.bias, call.options);
  const spec: DeformConvSpec = call.spec ?? deformSpecOf(g, call.bias !== null);
  return runtime.annotate(output, notes, {
    spec,
    input,
    weight,
    bias: call.bias,
    offset: call.offset,
    mask: call.options.mask ?? null,
    title: call.labels.title,
  });
}

// ───────────── pooling ─────────────

export function runMaxPool2d(runtime: Runtime, inputArg: Tensor, options: MaxPool2dOptions, labels: OpLabels): { output: Tensor; indices: Tensor } {
  const notes: string[] = [];
  const input = promoteSpatial(inputArg, 2, labels.input ?? 'input', 'input', notes);
  const g = resolveMaxPool2d(input.shape, options);
  runtime.checkWork(numel(g.outputShape) * numel(g.kernel), labels.title);
  runtime.checkBudget(g.outputShape);
  const { output, indices } = maxPool2d(input, options);
  const spec: MaxPoolSpec = { kind: 'max_pool', dims: 2, kernelSize: g.kernel, stride: g.stride, padding: g.padding, dilation: g.dilation, ceilMode: g.ceilMode };
  runtime.annotate(output, notes, { spec, input: batched(input, 2), weight: null, bias: null, title: labels.title });
  const indexTensor = makeTensor(output.shape, Float32Array.from(indices));
  runtime.annotate(indexTensor, ['flat indices (row·W + col) of each maximum within its input plane; PyTorch returns them as int64']);
  return { output, indices: indexTensor };
}

export function runAvgPool2d(runtime: Runtime, inputArg: Tensor, options: AvgPool2dOptions, labels: OpLabels): Tensor {
  const notes: string[] = [];
  const input = promoteSpatial(inputArg, 2, labels.input ?? 'input', 'input', notes);
  const g = resolveAvgPool2d(input.shape, options);
  runtime.checkWork(numel(g.outputShape) * numel(g.kernel), labels.title);
  runtime.checkBudget(g.outputShape);
  const output = avgPool2d(input, options);
  if (g.divisorOverride !== null) notes.push(`every window is divided by divisor_override=${g.divisorOverride}`);
  const spec: AvgPoolSpec = { kind: 'avg_pool', dims: 2, kernelSize: g.kernel, stride: g.stride, padding: g.padding, ceilMode: g.ceilMode, countIncludePad: g.countIncludePad };
  return runtime.annotate(output, notes, { spec, input: batched(input, 2), weight: null, bias: null, title: labels.title });
}

export function runAdaptiveAvgPool2d(runtime: Runtime, inputArg: Tensor, outputSize: number | (number | null)[], labels: OpLabels): Tensor {
  const notes: string[] = [];
  const input = promoteSpatial(inputArg, 2, labels.input ?? 'input', 'input', notes);
  const g = resolveAdaptiveAvgPool2d(input.shape, outputSize);
  runtime.checkBudget(g.outputShape);
  return runtime.annotate(adaptiveAvgPool2d(input, outputSize), notes);
}

// ───────────── pointwise and padding ─────────────

export function runRelu(runtime: Runtime, input: Tensor): Tensor {
  runtime.checkBudget(input.shape);
  return relu(input);
}

export function runSigmoid(runtime: Runtime, input: Tensor): Tensor {
  runtime.checkBudget(input.shape);
  return sigmoid(input);
}

export function runPad(runtime: Runtime, input: Tensor, pad: number[], mode: string, value: number | undefined): Tensor {
  // The padded shape, known before padding: pairs from the last axis backwards (the engine checks the rest).
  const shape = [...input.shape];
  for (let pair = 0; pair * 2 + 1 < pad.length && pair < shape.length; pair++) {
    const axis = shape.length - 1 - pair;
    shape[axis] = Math.max(0, shape[axis] + pad[2 * pair] + pad[2 * pair + 1]);
  }
  runtime.checkBudget(shape);
  return fPad(input, pad, mode, value);
}
