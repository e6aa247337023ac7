// A weight-free LayerSpec from a constructor call with literal Python values, as
// `nn.Conv2d(64, 128, 3, stride=2)` means it: PyTorch's defaults applied and the checks PyTorch's
// constructors make (groups, padding strings, padding_mode...) raised with PyTorch's messages.
// Checks PyTorch only makes when the layer runs (window larger than the input, pool padding over
// half the kernel) belong to the engine's shape functions, which know the input.

import type { PaddingMode } from '../contract';
import { ConvbookError, runtimeError, typeError, valueError } from '../engine/errors';
import { resolveWindow } from '../engine/arithmetic/spec_shape';
import type { LayerSpec, SpatialDims, WindowSpec } from '../engine/layer';
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
  // The engine's constructor-time rules (output_padding < stride or dilation, pool padding at most
  // half the kernel, ...) apply to every window layer, whoever built it.
  if (isWindowSpec(spec)) resolveWindow(spec);
  return spec;
}

function isWindowSpec(spec: LayerSpec): spec is WindowSpec {
  return spec.kind === 'conv' || spec.kind === 'conv_transpose' || spec.kind === 'deform_conv' || spec.kind === 'max_pool' || spec.kind === 'avg_pool';
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
      const inChannels = args.int('in_channels', 0);
      const outChannels = args.int('out_channels', 0);
      const kernelSize = args.ints('kernel_size', dims, 1);
      const stride = args.ints('stride', dims, 1);
      const paddingValue = args.raw('padding');
      let padding: number[] | 'same' | 'valid';
      if (typeof paddingValue === 'string') {
        if (paddingValue !== 'same' && paddingValue !== 'valid') {
          throw valueError(`Invalid padding string '${paddingValue}', should be one of {'valid', 'same'}`, 'padding');
        }
        padding = paddingValue;
      } else {
        padding = args.ints('padding', dims, 0);
      }
      const dilation = args.ints('dilation', dims, 1);
      const groups = checkGroups(args, inChannels, outChannels);
      if (padding === 'same' && stride.some((s) => s !== 1)) {
        throw valueError("padding='same' is not supported for strided convolutions", 'padding');
      }
      const paddingMode = args.str('padding_mode');
      if (!(PADDING_MODES as readonly string[]).includes(paddingMode)) {
        throw valueError(`padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='${paddingMode}'`, 'padding_mode');
      }
      args.ignoredDeviceAndDtype();
      return { kind: 'conv', dims, inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias: args.bool('bias'), paddingMode: paddingMode as PaddingMode };
    }
    case 'nn.ConvTranspose1d':
    case 'nn.ConvTranspose2d':
    case 'nn.ConvTranspose3d': {
      const dims = dimsOf();
      const inChannels = args.int('in_channels', 0);
      const outChannels = args.int('out_channels', 0);
      const kernelSize = args.ints('kernel_size', dims, 1);
      const stride = args.ints('stride', dims, 1);
      if (typeof args.raw('padding') === 'string') {
        throw valueError(`padding='${String(args.raw('padding'))}' is not supported by ConvTranspose${dims}d: give an int or a tuple of ints`, 'padding');
      }
      const padding = args.ints('padding', dims, 0);
      const outputPadding = args.ints('output_padding', dims, 0);
      const dilation = args.ints('dilation', dims, 1);
      const groups = checkGroups(args, inChannels, outChannels);
      if (args.str('padding_mode') !== 'zeros') {
        throw valueError(`Only "zeros" padding mode is supported for ConvTranspose${dims}d`, 'padding_mode');
      }
      args.ignoredDeviceAndDtype();
      return { kind: 'conv_transpose', dims, inChannels, outChannels, kernelSize, stride, padding, outputPadding, dilation, groups, bias: args.bool('bias') };
    }
    case 'DeformConv2d': {
      const inChannels = args.int('in_channels', 0);
      const outChannels = args.int('out_channels', 0);
      const kernelSize = args.ints('kernel_size', 2, 1);
      const stride = args.ints('stride', 2, 1);
      const padding = args.ints('padding', 2, 0);
      const dilation = args.ints('dilation', 2, 1);
      const groups = checkGroups(args, inChannels, outChannels);
      return { kind: 'deform_conv', dims: 2, inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias: args.bool('bias') };
    }
    case 'nn.MaxPool2d': {
      const kernelSize = args.ints('kernel_size', 2, 1);
      const stride = args.raw('stride') === null ? [] : args.ints('stride', 2, 1);
      args.bool('return_indices');
      return { kind: 'max_pool', dims: 2, kernelSize, stride, padding: args.ints('padding', 2, 0), dilation: args.ints('dilation', 2, 1), ceilMode: args.bool('ceil_mode') };
    }
    case 'nn.AvgPool2d': {
      const kernelSize = args.ints('kernel_size', 2, 1);
      const stride = args.raw('stride') === null ? [] : args.ints('stride', 2, 1);
      const divisor = args.raw('divisor_override');
      if (divisor !== null) {
        const d = args.int('divisor_override', null);
        if (d === 0) throw runtimeError('divisor must be not zero', 'divisor_override');
      }
      return { kind: 'avg_pool', dims: 2, kernelSize, stride, padding: args.ints('padding', 2, 0), ceilMode: args.bool('ceil_mode'), countIncludePad: args.bool('count_include_pad') };
    }
    case 'nn.AdaptiveAvgPool2d': {
      const value = args.raw('output_size');
      const list = Array.isArray(value) ? value : [value, value];
      if (list.length !== 2) throw valueError(`output_size must be an int or a tuple of 2 values, got ${repr(value)}`, 'output_size');
      const outputSize = list.map((v) => {
        if (v === null) return null;
        if (typeof v !== 'number' || !Number.isInteger(v)) throw typeError(`AdaptiveAvgPool2d: output_size must hold ints or None, got ${repr(value)}`, 'output_size');
        if (v < 0) throw runtimeError(`adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {${list.map(String).join(', ')}}`, 'output_size');
        return v;
      });
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

  /** An int or a tuple of `dims` ints, expanded per axis (PyTorch's _single/_pair/_triple). */
  ints(name: string, dims: number, min: number): number[] {
    const value = this.raw(name);
    const list = typeof value === 'number' ? new Array<unknown>(dims).fill(value) : value;
    if (!Array.isArray(list) || list.length !== dims || !list.every((v) => typeof v === 'number' && Number.isInteger(v))) {
      if (Array.isArray(list) && list.length === dims) {
        const index = list.findIndex((v) => typeof v !== 'number' || !Number.isInteger(v));
        throw typeError(`${this.fn}: argument '${name}' must be tuple of ints, but found element of type ${pythonType(list[index])} at pos ${index}`, name);
      }
      const what = dims === 1 ? 'an int or a tuple of 1 int' : `an int or a tuple of ${dims} ints`;
      throw valueError(`${this.fn}: ${name} must be ${what}, got ${repr(value)}`, name);
    }
    const ints = list as number[];
    if (ints.some((v) => v < min)) {
      const rule = min === 0 ? 'non-negative' : 'positive';
      throw valueError(`${this.fn}: ${name} must be ${rule}, got ${repr(value)}`, name);
    }
    return ints;
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
