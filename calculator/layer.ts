// The output-size and cost tabs' logic: the form → the layer's constructor call (only the
// arguments that differ from PyTorch's defaults), its spec, shapes, formula breakdown and sweep
// preview, the equivalent convbook cell, and what the tab reports to the extension.

import type { FormulaPayload, SweepPayload } from '../contract';
import { describeLayer } from '../engine/arithmetic/describe';
import { outputShape } from '../engine/arithmetic/spec_shape';
import type { WindowSpec } from '../engine/layer';
import { layerSpecFromCall } from '../lang/syntax/layer_from_call';
import { formatLiteral } from '../lang/syntax/literal';
import { sweepForLayer } from '../lang/outputs/sweep_payload';
import { engineError, fail, literalOf, ok, parseInt1, parseInts, type FieldError, type Result } from './fields';
import type { CalcOp, LayerForm } from './state';

export interface LayerCallInfo {
  /** convbook's (and PyTorch's) constructor name, e.g. nn.Conv2d. */
  constructor: string;
  positional: (number | number[])[];
  keywords: Record<string, number | number[] | string | boolean>;
  /** The call as Python source. */
  source: string;
}

export function constructorName(form: LayerForm): string {
  switch (form.op) {
    case 'conv':
      return `nn.Conv${form.dims}d`;
    case 'conv_transpose':
      return `nn.ConvTranspose${form.dims}d`;
    case 'max_pool':
      return 'nn.MaxPool2d';
    case 'avg_pool':
      return 'nn.AvgPool2d';
  }
}

export function isPool(op: CalcOp): boolean {
  return op === 'max_pool' || op === 'avg_pool';
}

/** The layer's constructor call from the form, with only the arguments that differ from PyTorch's defaults. */
export function layerCall(form: LayerForm): Result<LayerCallInfo> {
  const dims = isPool(form.op) ? 2 : form.dims;
  if (isPool(form.op) && form.dims !== 2) return fail('dims', 'convbook models MaxPool2d and AvgPool2d: pooling is 2-D here');
  const errors: FieldError[] = [];
  const take = <T,>(r: Result<T>): T | undefined => {
    if (r.ok) return r.value;
    errors.push(...r.errors);
    return undefined;
  };
  const kernel = take(parseInts(form.kernel, dims, 'kernel', 'kernel_size', 1));
  const positional: (number | number[])[] = [];
  const keywords: Record<string, number | number[] | string | boolean> = {};
  if (!isPool(form.op)) {
    const cin = take(parseInt1(form.inChannels, 'inChannels', 'in_channels', 1));
    const cout = take(parseInt1(form.outChannels, 'outChannels', 'out_channels', 1));
    if (cin !== undefined && cout !== undefined && kernel) positional.push(cin, cout, literalOf(kernel));
    const stride = take(parseInts(form.stride, dims, 'stride', 'stride', 1));
    if (stride && stride.some((s) => s !== 1)) keywords.stride = literalOf(stride);
    const pad = form.padding.trim().replace(/^['"]|['"]$/g, '');
    if (form.op === 'conv' && (pad === 'same' || pad === 'valid')) keywords.padding = pad;
    else {
      const padding = take(parseInts(form.padding, dims, 'padding', 'padding', 0));
      if (padding && padding.some((p) => p !== 0)) keywords.padding = literalOf(padding);
    }
    if (form.op === 'conv_transpose') {
      const op = take(parseInts(form.outputPadding, dims, 'outputPadding', 'output_padding', 0));
      if (op && op.some((p) => p !== 0)) keywords.output_padding = literalOf(op);
    }
    const groups = take(parseInt1(form.groups, 'groups', 'groups', 1));
    if (groups !== undefined && groups !== 1) keywords.groups = groups;
    if (!form.bias) keywords.bias = false;
    const dilation = take(parseInts(form.dilation, dims, 'dilation', 'dilation', 1));
    if (dilation && dilation.some((d) => d !== 1)) keywords.dilation = literalOf(dilation);
    if (form.op === 'conv' && form.paddingMode !== 'zeros') keywords.padding_mode = form.paddingMode;
  } else {
    if (kernel) positional.push(literalOf(kernel));
    if (form.stride.trim() !== '') {
      const stride = take(parseInts(form.stride, dims, 'stride', 'stride', 1));
      if (stride && kernel && stride.join() !== kernel.join()) keywords.stride = literalOf(stride);
    }
    const padding = take(parseInts(form.padding, dims, 'padding', 'padding', 0));
    if (padding && padding.some((p) => p !== 0)) keywords.padding = literalOf(padding);
    if (form.op === 'max_pool') {
      const dilation = take(parseInts(form.dilation, dims, 'dilation', 'dilation', 1));
      if (dilation && dilation.some((d) => d !== 1)) keywords.dilation = literalOf(dilation);
    }
    if (form.ceilMode) keywords.ceil_mode = true;
    if (form.op === 'avg_pool' && !form.countIncludePad) keywords.count_include_pad = false;
  }
  if (errors.length) return { ok: false, errors };
  const name = constructorName(form);
  const args = [...positional.map((v) => formatLiteral(v)), ...Object.entries(keywords).map(([k, v]) => `${k}=${formatLiteral(v)}`)];
  return ok({ constructor: name, positional, keywords, source: `${name}(${args.join(', ')})` });
}

/** (batch, channels, *spatial) from the form. */
export function inputShapeOf(form: LayerForm): Result<number[]> {
  const dims = isPool(form.op) ? 2 : form.dims;
  const batch = parseInt1(form.batch, 'batch', 'batch', 1);
  const channels = parseInt1(form.inChannels, 'inChannels', isPool(form.op) ? 'channels' : 'in_channels', 1);
  const spatial = parseInts(form.inputSize, dims, 'inputSize', 'input size', 1);
  const errors = [batch, channels, spatial].flatMap((r) => (r.ok ? [] : r.errors));
  if (errors.length || !batch.ok || !channels.ok || !spatial.ok) return { ok: false, errors };
  return ok([batch.value, channels.value, ...spatial.value]);
}

export function layerSpec(form: LayerForm): Result<{ call: LayerCallInfo; spec: WindowSpec }> {
  const call = layerCall(form);
  if (!call.ok) return call;
  try {
    const spec = layerSpecFromCall(call.value.constructor, call.value.positional, call.value.keywords) as WindowSpec;
    return ok({ call: call.value, spec });
  } catch (error) {
    return engineError(error);
  }
}

/** Largest spatial size drawn in the live sweep preview; bigger inputs get the formula only. */
export const PREVIEW_MAX_SIDE = 64;

export interface LayerResult {
  call: LayerCallInfo;
  spec: WindowSpec;
  inputShape: number[];
  outputShape: number[];
  formula: FormulaPayload;
  /** Geometry-only sweep of the layer, or null when the input is too large to draw live. */
  sweep: SweepPayload | null;
  notes: string[];
}

export function evaluateLayer(form: LayerForm): Result<LayerResult> {
  const spec = layerSpec(form);
  const shape = inputShapeOf(form);
  if (!spec.ok || !shape.ok) return { ok: false, errors: [...(spec.ok ? [] : spec.errors), ...(shape.ok ? [] : shape.errors)] };
  const inputShape = shape.value;
  let out: number[];
  try {
    out = outputShape(spec.value.spec, inputShape);
  } catch (error) {
    return engineError(error, 'inputSize');
  }
  const formula = describeLayer(spec.value.spec, inputShape);
  const notes: string[] = [];
  let sweep: SweepPayload | null = null;
  const spatial = inputShape.slice(2);
  if (spatial.length > 2) notes.push('the sweep draws 1-D and 2-D layers; this 3-D layer gets the formulas only');
  else if (spatial.some((s) => s > PREVIEW_MAX_SIDE)) notes.push(`the live sweep preview stops at ${PREVIEW_MAX_SIDE} cells per axis; the formulas cover any size`);
  else sweep = sweepForLayer(spec.value.spec, inputShape, spec.value.call.source);
  return ok({ call: spec.value.call, spec: spec.value.spec, inputShape, outputShape: out, formula, sweep, notes });
}

function tupleLiteral(values: number[]): string {
  return formatLiteral(values);
}

/** A convbook cell that shows what the calculator shows: the sweep (size tab) or the cost breakdown. */
/** The imports a cell needs to run as Python: the layers' modules and convbook's helper. */
export function cellImports(layerSource: string, helper: string): string[] {
  const imports = ['import torch.nn as nn'];
  if (/\btorchvision\./.test(layerSource)) imports.push('import torchvision');
  return [...imports, `from convbook import ${helper}`];
}

export function layerCellSource(form: LayerForm, what: 'sweep' | 'cost'): Result<string> {
  const call = layerCall(form);
  const shape = inputShapeOf(form);
  if (!call.ok || !shape.ok) return { ok: false, errors: [...(call.ok ? [] : call.errors), ...(shape.ok ? [] : shape.errors)] };
  return ok([...cellImports(call.value.source, what), `layer = ${call.value.source}`, `${what}(layer, input_size=${tupleLiteral(shape.value)})`].join('\n') + '\n');
}

/** What a `computed` message reports for the output-size and cost tabs. */
export function layerSummary(tab: 'size' | 'cost', r: Result<LayerResult>): unknown {
  if (!r.ok) return { errors: r.errors };
  const v = r.value;
  if (tab === 'size') {
    return { layer: v.call.source, inputShape: v.inputShape, outputShape: v.outputShape, axes: (v.formula.outputSize ?? []).map((a) => ({ axis: a.axis, result: a.result, uncovered: a.uncovered, warnings: a.warnings })) };
  }
  return { layer: v.call.source, inputShape: v.inputShape, outputShape: v.outputShape, params: v.formula.params, flops: v.formula.flops, libraries: v.formula.libraries };
}

