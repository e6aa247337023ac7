// Test-only helpers: layer descriptions built from the golden fixtures' PyTorch parameters, and a
// tiny reader for the constructor strings in shapes.json (the real cell parser lives in lang/).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LayerSpec, SpatialDims, WindowSpec } from '../../../engine/layer';
import { perAxis } from '../../../engine/shapes';

export function golden<T>(name: string): { cases: T[] } {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'golden', `${name}.json`), 'utf8')) as { cases: T[] };
}

export interface TensorJson {
  shape: number[];
  data: number[];
}

export interface WindowCase {
  name: string;
  op: string;
  input: TensorJson;
  weight?: TensorJson;
  bias?: TensorJson | null;
  params: Record<string, unknown>;
  output: TensorJson;
}

type Arg = number | number[] | string | boolean | null;

function axes(value: unknown, dims: number): number[] {
  return perAxis(value as number | number[], dims);
}

/** The layer description for one golden window case (conv, conv_transpose, deform_conv2d, pools). */
export function specFromCase(c: WindowCase): LayerSpec {
  const dims = (c.input.shape.length - 2) as SpatialDims;
  const p = c.params;
  if (c.op.startsWith('conv_transpose')) {
    const w = c.weight!.shape;
    const groups = (p.groups as number) ?? 1;
    return {
      kind: 'conv_transpose',
      dims,
      inChannels: w[0],
      outChannels: w[1] * groups,
      kernelSize: w.slice(2),
      stride: axes(p.stride, dims),
      padding: axes(p.padding, dims),
      outputPadding: axes(p.output_padding, dims),
      dilation: axes(p.dilation, dims),
      groups,
      bias: c.bias != null,
    };
  }
  if (c.op.startsWith('conv')) {
    const w = c.weight!.shape;
    const groups = (p.groups as number) ?? 1;
    return {
      kind: 'conv',
      dims,
      inChannels: w[1] * groups,
      outChannels: w[0],
      kernelSize: w.slice(2),
      stride: axes(p.stride, dims),
      padding: typeof p.padding === 'string' ? (p.padding as 'same' | 'valid') : axes(p.padding, dims),
      dilation: axes(p.dilation, dims),
      groups,
      bias: c.bias != null,
      paddingMode: (p.padding_mode as 'zeros') ?? 'zeros',
    };
  }
  if (c.op === 'deform_conv2d') {
    const w = c.weight!.shape;
    const groups = (p.groups as number) ?? 1;
    return {
      kind: 'deform_conv',
      dims: 2,
      inChannels: w[1] * groups,
      outChannels: w[0],
      kernelSize: w.slice(2),
      stride: axes(p.stride, 2),
      padding: axes(p.padding, 2),
      dilation: axes(p.dilation, 2),
      groups,
      bias: c.bias != null,
    };
  }
  if (c.op.startsWith('adaptive_avg_pool')) {
    return { kind: 'adaptive_avg_pool', dims, outputSize: axes(p.output_size, dims) };
  }
  const stride = p.stride === null || p.stride === undefined ? [] : axes(p.stride, dims);
  if (c.op.startsWith('max_pool')) {
    return {
      kind: 'max_pool',
      dims,
      kernelSize: axes(p.kernel_size, dims),
      stride,
      padding: axes(p.padding ?? 0, dims),
      dilation: axes(p.dilation ?? 1, dims),
      ceilMode: Boolean(p.ceil_mode),
    };
  }
  if (c.op.startsWith('avg_pool')) {
    return {
      kind: 'avg_pool',
      dims,
      kernelSize: axes(p.kernel_size, dims),
      stride,
      padding: axes(p.padding ?? 0, dims),
      ceilMode: Boolean(p.ceil_mode),
      countIncludePad: p.count_include_pad === undefined ? true : Boolean(p.count_include_pad),
    };
  }
  throw new Error(`unknown op ${c.op}`);
}

export function isWindowSpec(spec: LayerSpec): spec is WindowSpec {
  return ['conv', 'conv_transpose', 'deform_conv', 'max_pool', 'avg_pool'].includes(spec.kind);
}

// ───────────── constructor strings ─────────────

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let current = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = '';
      current += ch;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

function parseValue(text: string): Arg {
  const t = text.trim();
  if (t === 'True') return true;
  if (t === 'False') return false;
  if (t === 'None') return null;
  if (t.startsWith("'") || t.startsWith('"')) return t.slice(1, -1);
  if (t.startsWith('(')) {
    const inner = splitTopLevel(t.slice(1, -1));
    // "(3)" is just 3 in Python; "(7,)" is a one-tuple.
    if (inner.length === 1 && !t.slice(1, -1).trim().endsWith(',')) return parseValue(inner[0]);
    return inner.map((x) => parseValue(x) as number);
  }
  const n = Number(t);
  if (Number.isNaN(n)) throw new Error(`cannot read value ${t}`);
  return n;
}

/** Reads "nn.Conv2d(3, 16, kernel_size=(3, 3), ...)" into a class name, positional and keyword args. */
export function parseConstructor(text: string): { cls: string; args: Arg[]; kwargs: Record<string, Arg> } {
  const m = /^nn\.(\w+)\((.*)\)$/.exec(text.trim());
  if (!m) throw new Error(`not a constructor: ${text}`);
  const args: Arg[] = [];
  const kwargs: Record<string, Arg> = {};
  for (const part of splitTopLevel(m[2])) {
    const eq = /^(\w+)\s*=(.*)$/.exec(part);
    if (eq) kwargs[eq[1]] = parseValue(eq[2]);
    else args.push(parseValue(part));
  }
  return { cls: m[1], args, kwargs };
}

/** The layer description PyTorch's constructor would build, with PyTorch's defaults. */
export function specFromConstructor(text: string): LayerSpec {
  const { cls, args, kwargs } = parseConstructor(text);
  const get = (name: string, position: number, fallback: Arg): Arg => (name in kwargs ? kwargs[name] : position < args.length ? args[position] : fallback);
  const dimsMatch = /(\d)d$/.exec(cls);
  const dims = (dimsMatch ? Number(dimsMatch[1]) : 2) as SpatialDims;
  if (/^Conv\dd$/.test(cls)) {
    const padding = get('padding', 4, 0);
    return {
      kind: 'conv',
      dims,
      inChannels: get('in_channels', 0, null) as number,
      outChannels: get('out_channels', 1, null) as number,
      kernelSize: axes(get('kernel_size', 2, null), dims),
      stride: axes(get('stride', 3, 1), dims),
      padding: typeof padding === 'string' ? (padding as 'same' | 'valid') : axes(padding, dims),
      dilation: axes(get('dilation', 5, 1), dims),
      groups: get('groups', 6, 1) as number,
      bias: get('bias', 7, true) as boolean,
      paddingMode: get('padding_mode', 8, 'zeros') as 'zeros',
    };
  }
  if (/^ConvTranspose\dd$/.test(cls)) {
    return {
      kind: 'conv_transpose',
      dims,
      inChannels: get('in_channels', 0, null) as number,
      outChannels: get('out_channels', 1, null) as number,
      kernelSize: axes(get('kernel_size', 2, null), dims),
      stride: axes(get('stride', 3, 1), dims),
      padding: axes(get('padding', 4, 0), dims),
      outputPadding: axes(get('output_padding', 5, 0), dims),
      groups: get('groups', 6, 1) as number,
      bias: get('bias', 7, true) as boolean,
      dilation: axes(get('dilation', 8, 1), dims),
    };
  }
  if (/^MaxPool\dd$/.test(cls)) {
    const kernel = get('kernel_size', 0, null);
    const stride = get('stride', 1, null);
    return {
      kind: 'max_pool',
      dims,
      kernelSize: axes(kernel, dims),
      stride: stride === null ? [] : axes(stride, dims),
      padding: axes(get('padding', 2, 0), dims),
      dilation: axes(get('dilation', 3, 1), dims),
      ceilMode: get('ceil_mode', 5, false) as boolean,
    };
  }
  if (/^AvgPool\dd$/.test(cls)) {
    const stride = get('stride', 1, null);
    return {
      kind: 'avg_pool',
      dims,
      kernelSize: axes(get('kernel_size', 0, null), dims),
      stride: stride === null ? [] : axes(stride, dims),
      padding: axes(get('padding', 2, 0), dims),
      ceilMode: get('ceil_mode', 3, false) as boolean,
      countIncludePad: get('count_include_pad', 4, true) as boolean,
    };
  }
  if (/^AdaptiveAvgPool\dd$/.test(cls)) {
    const size = get('output_size', 0, null);
    return { kind: 'adaptive_avg_pool', dims, outputSize: Array.isArray(size) ? size : new Array(dims).fill(size) };
  }
  if (/^BatchNorm\dd$/.test(cls)) return { kind: 'batch_norm', numFeatures: get('num_features', 0, null) as number, affine: get('affine', 3, true) as boolean };
  if (cls === 'Linear') {
    return { kind: 'linear', inFeatures: get('in_features', 0, null) as number, outFeatures: get('out_features', 1, null) as number, bias: get('bias', 2, true) as boolean };
  }
  if (cls === 'Flatten') return { kind: 'flatten', startDim: get('start_dim', 0, 1) as number, endDim: get('end_dim', 1, -1) as number };
  if (cls === 'ReLU') return { kind: 'relu' };
  if (cls === 'Sigmoid') return { kind: 'sigmoid' };
  if (cls === 'Dropout') return { kind: 'dropout' };
  if (cls === 'Identity') return { kind: 'identity' };
  throw new Error(`unknown layer ${cls}`);
}

/** specFromConstructor for a sliding-window layer (conv, transposed conv, pools). */
export function windowFromConstructor(text: string): WindowSpec {
  const spec = specFromConstructor(text);
  if (!isWindowSpec(spec)) throw new Error(`${text} is not a sliding-window layer`);
  return spec;
}
