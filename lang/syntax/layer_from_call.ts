// A weight-free LayerSpec from a constructor call with literal Python values, as
// `nn.Conv2d(64, 128, 3, stride=2)` means it: PyTorch's defaults applied and the checks PyTorch's
// constructors make (groups, padding strings, padding_mode...) raised with PyTorch's messages.
// Checks PyTorch only makes when the layer runs (window larger than the input, pool padding over
// half the kernel) belong to the engine's shape functions, which know the input.

import { SAME_WITH_STRIDE } from '../../engine/conv_args';
import type { PaddingMode } from '../../contract';
import { ConvbookError, runtimeError, typeError, valueError } from '../../engine/errors';
import { resolveWindow, type ResolvedWindow } from '../../engine/arithmetic/spec_shape';
import { isWindowSpec, type LayerSpec, type SpatialDims, type WindowSpec } from '../../engine/layer';
import { defaultValue, formatLiteral, type PyLiteral } from './literal';
import { bindArguments, canonicalName, pythonCallName, SIGNATURES, type FunctionSignature } from './signatures';

/** Layer constructors layerSpecFromCall understands, by canonical name. */
export const LAYER_CONSTRUCTORS: readonly string[] = [
  'nn.Conv1d', 'nn.Conv2d', 'nn.Conv3d',
  'nn.ConvTranspose1d', 'nn.ConvTranspose2d', 'nn.ConvTranspose3d',
  'DeformConv2d',
  'nn.MaxPool2d', 'nn.AvgPool2d', 'nn.AdaptiveAvgPool2d',
  'nn.BatchNorm2d', 'nn.ReLU', 'nn.Sigmoid', 'nn.Identity', 'nn.Flatten', 'nn.Linear', 'nn.Dropout',
];

const PADDING_MODES: readonly PaddingMode[] = ['zeros', 'reflect', 'replicate', 'circular'];

/**
 * Builds the LayerSpec of `name(*positional, **keywords)`. Values are Python literals as plain JS:
 * numbers, strings, booleans, null for None, arrays for tuples and lists. Throws ConvbookError
 * (TypeError for binding problems, ValueError/RuntimeError for configs PyTorch rejects) whose
 * `argument` names the parameter at fault.
 */
export function layerSpecFromCall(name: string, positional: readonly unknown[], keywords: Readonly<Record<string, unknown>>): LayerSpec {
  const spec = buildSpec(name, positional, keywords);
  // PyTorch checks a layer's per-axis arguments (how many values, stride > 0, a pool's padding at
  // most half its kernel...) on its first forward; convbook checks them when the layer is built,
  // with the message that forward would give, and keeps one value per axis.
  if (isWindowSpec(spec)) return perAxisSpec(spec, resolveWindow(spec));
  return spec;
}

/** The spec with every per-axis argument as one value per axis (a 1-tuple broadcasts, as F.conv does). */
function perAxisSpec(spec: WindowSpec, w: ResolvedWindow): WindowSpec {
  switch (spec.kind) {
    case 'conv':
      return { ...spec, kernelSize: w.kernel, stride: w.stride, dilation: w.dilation, padding: typeof spec.padding === 'string' ? spec.padding : w.padBefore };
    case 'conv_transpose':
      return { ...spec, kernelSize: w.kernel, stride: w.stride, dilation: w.dilation, padding: w.padBefore, outputPadding: w.outputPadding };
    case 'deform_conv':
      return { ...spec, kernelSize: w.kernel, stride: w.stride, dilation: w.dilation, padding: w.padBefore };
    case 'max_pool':
      return { ...spec, kernelSize: w.kernel, stride: spec.stride.length ? w.stride : [], padding: w.padBefore, dilation: w.dilation };
    case 'avg_pool':
      return { ...spec, kernelSize: w.kernel, stride: spec.stride.length ? w.stride : [], padding: w.padBefore };
  }
}

/**
 * nn.Conv with a padding_mode hands its padding, twice per axis, to F.pad, which pads as many axes
 * as that has pairs: F.pad's own complaint when that many axes cannot be padded on a batched input.
 */
function unsupportedPadList(padding: readonly number[], dims: number): never {
  const rank = dims + 2;
  const axes = padding.length;
  if (!(axes >= 1 && axes <= 3 && (rank === axes + 1 || rank === axes + 2))) {
    throw new ConvbookError('NotImplementedError', 'Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now', 'padding');
  }
  throw runtimeError(`expected padding to be a single integer value or a list of ${dims} values to match the convolution dimensions, but got padding=[${padding.join(', ')}]`, 'padding');
}

function buildSpec(name: string, positional: readonly unknown[], keywords: Readonly<Record<string, unknown>>): LayerSpec {
  const key = canonicalName(name);
  if (key === 'nn.Sequential') throw typeError('nn.Sequential is a container, not one layer: read its layers one by one');
  if (!key || !LAYER_CONSTRUCTORS.includes(key)) throw typeError(`'${name}' is not a layer convbook knows (it knows ${LAYER_CONSTRUCTORS.join(', ')})`);
  const sig = SIGNATURES[key];
  const { given } = bindArguments<unknown>(sig, positional, keywords);
  const args = new Args(sig, given);
  const dimsOf = (): SpatialDims => Number(/(\d)d$/.exec(key)![1]) as SpatialDims;

  switch (key) {
    case 'nn.Conv1d':
    case 'nn.Conv2d':
    case 'nn.Conv3d': {
      const dims = dimsOf();
      const inChannels = args.int('in_channels', null);
      const outChannels = args.int('out_channels', null);
      const kernelSize = args.ints('kernel_size', dims);
      const stride = args.ints('stride', dims);
      const paddingValue = args.raw('padding');
      const padding: number[] | string = typeof paddingValue === 'string' ? paddingValue : args.ints('padding', dims);
      const dilation = args.ints('dilation', dims);
      // _ConvNd.__init__'s checks, in its order.
      const groups = checkGroups(args, inChannels, outChannels);
      if (typeof padding === 'string') {
        if (padding !== 'same' && padding !== 'valid') {
          throw valueError(`Invalid padding string '${padding}', should be one of {'valid', 'same'}`, 'padding');
        }
        if (padding === 'same' && stride.some((s) => s !== 1)) {
          throw valueError(SAME_WITH_STRIDE, 'padding');
        }
      }
      const paddingMode = args.str('padding_mode');
      if (!(PADDING_MODES as readonly string[]).includes(paddingMode)) {
        throw valueError(`padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='${paddingMode}'`, 'padding_mode');
      }
      args.ignoredDeviceAndDtype();
      if (paddingMode !== 'zeros' && typeof padding !== 'string' && padding.length !== dims) unsupportedPadList(padding, dims);
      return {
        kind: 'conv', dims, inChannels, outChannels, kernelSize, stride, padding: padding as number[] | 'same' | 'valid', dilation, groups,
        bias: args.bool('bias'), paddingMode: paddingMode as PaddingMode,
      };
    }
    case 'nn.ConvTranspose1d':
    case 'nn.ConvTranspose2d':
    case 'nn.ConvTranspose3d': {
      const dims = dimsOf();
      if (args.str('padding_mode') !== 'zeros') {
        throw valueError(`Only "zeros" padding mode is supported for ConvTranspose${dims}d`, 'padding_mode');
      }
      const inChannels = args.int('in_channels', null);
      const outChannels = args.int('out_channels', null);
      const kernelSize = args.ints('kernel_size', dims);
      const stride = args.ints('stride', dims);
      const paddingValue = args.raw('padding');
      const outputPadding = args.ints('output_padding', dims);
      const dilation = args.ints('dilation', dims);
      const groups = checkGroups(args, inChannels, outChannels);
      if (typeof paddingValue === 'string') {
        if (paddingValue !== 'same' && paddingValue !== 'valid') {
          throw valueError(`Invalid padding string '${paddingValue}', should be one of {'valid', 'same'}`, 'padding');
        }
        if (paddingValue === 'same' && stride.some((s) => s !== 1)) throw valueError(SAME_WITH_STRIDE, 'padding');
        // PyTorch builds the layer and fails its forward on an assert.
        throw valueError(`padding='${paddingValue}' is not supported by ConvTranspose${dims}d: give an int or a tuple of ints`, 'padding');
      }
      const padding = args.ints('padding', dims);
      args.ignoredDeviceAndDtype();
      return { kind: 'conv_transpose', dims, inChannels, outChannels, kernelSize, stride, padding, outputPadding, dilation, groups, bias: args.bool('bias') };
    }
    case 'DeformConv2d': {
      const inChannels = args.int('in_channels', null);
      const outChannels = args.int('out_channels', null);
      const kernelSize = args.ints('kernel_size', 2);
      const stride = args.ints('stride', 2);
      const padding = args.ints('padding', 2);
      const dilation = args.ints('dilation', 2);
      const groups = checkGroups(args, inChannels, outChannels);
      return { kind: 'deform_conv', dims: 2, inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias: args.bool('bias') };
    }
    case 'nn.MaxPool2d': {
      const kernelSize = args.ints('kernel_size', 2);
      const stride = args.raw('stride') === null ? [] : args.ints('stride', 2);
      args.bool('return_indices');
      return { kind: 'max_pool', dims: 2, kernelSize, stride, padding: args.ints('padding', 2), dilation: args.ints('dilation', 2), ceilMode: args.bool('ceil_mode') };
    }
    case 'nn.AvgPool2d': {
      const kernelSize = args.ints('kernel_size', 2);
      const stride = args.raw('stride') === null ? [] : args.ints('stride', 2);
      const padding = args.ints('padding', 2);
      const divisor = args.raw('divisor_override');
      const spec: LayerSpec = { kind: 'avg_pool', dims: 2, kernelSize, stride, padding, ceilMode: args.bool('ceil_mode'), countIncludePad: args.bool('count_include_pad') };
      if (divisor !== null) {
        // avg_pool2d checks the argument lists before the divisor.
        resolveWindow(spec);
        const d = args.int('divisor_override', null);
        if (d === 0) throw runtimeError('divisor must be not zero', 'divisor_override');
      }
      return spec;
    }
    case 'nn.AdaptiveAvgPool2d': {
      const value = args.raw('output_size');
      const list = Array.isArray(value) ? value : [value, value];
      // What the first forward says (a None takes its size from the input, so that check waits for it).
      if (list.length !== 2) throw runtimeError('adaptive_avg_pool2d: output_size must be 2', 'output_size');
      const outputSize = list.map((v) => {
        if (v === null) return null;
        if (typeof v !== 'number' || !Number.isInteger(v)) throw typeError(`AdaptiveAvgPool2d: output_size must hold ints or None, got ${repr(value)}`, 'output_size');
        return v;
      });
      if (outputSize.every((v) => v !== null) && outputSize.some((v) => (v as number) < 0)) {
        throw runtimeError(`adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {${outputSize.join(', ')}}`, 'output_size');
      }
      return { kind: 'adaptive_avg_pool', dims: 2, outputSize };
    }
    case 'nn.BatchNorm2d': {
      const numFeatures = args.int('num_features', 0);
      args.num('eps');
      args.num('momentum', true);
      args.bool('track_running_stats');
      args.ignoredDeviceAndDtype();
      return { kind: 'batch_norm', numFeatures, affine: args.bool('affine') };
    }
    case 'nn.Linear': {
      args.ignoredDeviceAndDtype();
      return { kind: 'linear', inFeatures: args.int('in_features', 0), outFeatures: args.int('out_features', 0), bias: args.bool('bias') };
    }
    case 'nn.Flatten':
      return { kind: 'flatten', startDim: args.int('start_dim', null), endDim: args.int('end_dim', null) };
    case 'nn.ReLU':
      args.bool('inplace');
      return { kind: 'relu' };
    case 'nn.Sigmoid':
      return { kind: 'sigmoid' };
    case 'nn.Identity':
      return { kind: 'identity' };
    case 'nn.Dropout': {
      const p = args.num('p');
      if (p < 0 || p > 1) throw valueError(`dropout probability has to be between 0 and 1, but got ${p}`, 'p');
      args.bool('inplace');
      return { kind: 'dropout' };
    }
    default:
      throw typeError(`'${name}' is not a layer convbook knows`);
  }
}

function checkGroups(args: Args, inChannels: number, outChannels: number): number {
  const raw = args.raw('groups');
  if (typeof raw === 'number' && Number.isInteger(raw) && raw <= 0) throw valueError('groups must be a positive integer', 'groups');
  const groups = args.int('groups', 1);
  if (inChannels % groups !== 0) throw valueError('in_channels must be divisible by groups', 'groups');
  if (outChannels % groups !== 0) throw valueError('out_channels must be divisible by groups', 'groups');
  return groups;
}

function repr(value: unknown): string {
  if (value === undefined) return 'None';
  if (isLiteral(value)) return formatLiteral(value);
  return String(value);
}

function isLiteral(value: unknown): value is PyLiteral {
  if (value === null || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return true;
  return Array.isArray(value) && value.every(isLiteral);
}

function pythonType(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'tuple';
  return 'object';
}

/** Typed access to bound arguments with defaults applied; errors name the parameter. */
class Args {
  private readonly fn: string;

  constructor(
    private readonly sig: FunctionSignature,
    private readonly given: ReadonlyMap<string, unknown>,
  ) {
    this.fn = pythonCallName(sig).replace('.__init__()', '');
  }

  raw(name: string): unknown {
    if (this.given.has(name)) return this.given.get(name);
    const param = this.sig.params.find((p) => p.name === name);
    if (!param || param.default === undefined) throw new ConvbookError('TypeError', `${this.fn}: missing argument '${name}'`, name);
    return defaultValue(param);
  }

  int(name: string, min: number | null): number {
    const value = this.raw(name);
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw typeError(`${this.fn}: argument '${name}' must be int, not ${pythonType(value)}${typeof value === 'number' ? ` (${value})` : ''}`, name);
    }
    if (min !== null && value < min) throw valueError(`${this.fn}: ${name} must be at least ${min}, got ${value}`, name);
    return value;
  }

  /**
   * An int (one value per axis, as PyTorch's _single/_pair/_triple) or a tuple kept as written: how
   * many values it has and whether they are in range is the layer's forward's business (resolveWindow).
   */
  ints(name: string, dims: number): number[] {
    const value = this.raw(name);
    const list = typeof value === 'number' ? new Array<unknown>(dims).fill(value) : value;
    if (!Array.isArray(list)) throw valueError(`${this.fn}: ${name} must be ${dims === 1 ? 'an int or a tuple of 1 int' : `an int or a tuple of ${dims} ints`}, got ${repr(value)}`, name);
    const index = list.findIndex((v) => typeof v !== 'number' || !Number.isInteger(v));
    if (index >= 0) throw typeError(`${this.fn}: argument '${name}' must be tuple of ints, but found element of type ${pythonType(list[index])} at pos ${index}`, name);
    return list as number[];
  }

  bool(name: string): boolean {
    const value = this.raw(name);
    if (typeof value !== 'boolean') throw typeError(`${this.fn}: argument '${name}' must be bool, not ${pythonType(value)}`, name);
    return value;
  }

  num(name: string, allowNone = false): number {
    const value = this.raw(name);
    if (allowNone && value === null) return NaN;
    if (typeof value !== 'number') throw typeError(`${this.fn}: argument '${name}' must be a number, not ${pythonType(value)}`, name);
    return value;
  }

  str(name: string): string {
    const value = this.raw(name);
    if (typeof value !== 'string') throw typeError(`${this.fn}: argument '${name}' must be str, not ${pythonType(value)}`, name);
    return value;
  }

  /** device= and dtype= are accepted for compatibility; convbook always computes float32 on the CPU. */
  ignoredDeviceAndDtype(): void {
    // Only the string/None forms can be checked statically; anything else (torch.float32,
    // a variable) is taken as given because the value is not a literal here.
    const dtype = this.given.get('dtype');
    if (typeof dtype === 'string' && !/^(torch\.)?(float32|float)$/.test(dtype)) {
      throw typeError(`${this.fn}: dtype=${repr(dtype)} is not supported: convbook computes in float32`, 'dtype');
    }
  }
}
