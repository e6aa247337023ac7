// Argument checks and shapes of torchvision.ops.deform_conv2d. Groups are not passed: like
// torchvision they follow from the shapes (groups = C_in / weight.shape[1], offset_groups =
// offset.shape[1] / (2·kh·kw)). Every rule torchvision enforces is checked here, with a message
// that names the argument; the loops live in deform.ts.

import { runtimeError, valueError } from './errors';
import { convOutputLength } from './shapes';
import { formatShape, type Tensor } from './tensor';

export interface DeformConvOptions {
  stride?: number | number[];
  padding?: number | number[];
  dilation?: number | number[];
  /** DCNv2 modulation, (N, offset_groups·kh·kw, H_out, W_out); multiplies samples as given. */
  mask?: Tensor | null;
}

export interface DeformConvGeometry {
  batch: number;
  inChannels: number;
  height: number;
  width: number;
  outChannels: number;
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  groups: number;
  offsetGroups: number;
  outputSize: [number, number];
  hasMask: boolean;
}

function pair(value: number | number[] | undefined, fallback: number, name: string): [number, number] {
  if (value === undefined) return [fallback, fallback];
  if (typeof value === 'number') return [value, value];
  if (value.length === 1) return [value[0], value[0]];
  if (value.length !== 2) throw valueError(`deform_conv2d: ${name} must be an int or a pair of ints, got ${value.length} values`, name);
  return [value[0], value[1]];
}

function requireInts(values: [number, number], name: string): void {
  for (const v of values) {
    if (!Number.isInteger(v)) throw runtimeError(`deform_conv2d: ${name} must be integers, got (${values.join(', ')})`, name);
  }
}

function require4d(t: Tensor, name: string, layout: string): void {
  if (t.shape.length !== 4) {
    throw runtimeError(`deform_conv2d: expected ${name} to be 4-D ${layout}, but got ${t.shape.length}-D ${name} of shape ${formatShape(t.shape)}`, name);
  }
}

export function resolveDeformConv(input: Tensor, offset: Tensor, weight: Tensor, bias: Tensor | null, options: DeformConvOptions = {}): DeformConvGeometry {
  const mask = options.mask ?? null;
  require4d(input, 'input', '(N, C_in, H, W)');
  require4d(weight, 'weight', '(C_out, C_in / groups, kh, kw)');
  require4d(offset, 'offset', '(N, 2·offset_groups·kh·kw, H_out, W_out)');
  if (mask) require4d(mask, 'mask', '(N, offset_groups·kh·kw, H_out, W_out)');

  const stride = pair(options.stride, 1, 'stride');
  const padding = pair(options.padding, 0, 'padding');
  const dilation = pair(options.dilation, 1, 'dilation');
  requireInts(stride, 'stride');
  requireInts(padding, 'padding');
  requireInts(dilation, 'dilation');

  const [batch, inChannels, height, width] = input.shape;
  const [outChannels, weightInChannels, kh, kw] = weight.shape;

  if (kh <= 0 || kw <= 0) throw runtimeError(`deform_conv2d: kernel size must be positive, but weight has kh=${kh}, kw=${kw}`, 'weight');
  if (stride[0] <= 0 || stride[1] <= 0) throw runtimeError(`deform_conv2d: stride must be greater than zero, but got stride=(${stride.join(', ')})`, 'stride');
  if (padding[0] < 0 || padding[1] < 0) throw runtimeError(`deform_conv2d: padding must be non-negative, but got padding=(${padding.join(', ')})`, 'padding');
  if (dilation[0] <= 0 || dilation[1] <= 0) throw runtimeError(`deform_conv2d: dilation must be greater than zero, but got dilation=(${dilation.join(', ')})`, 'dilation');

  const taps = kh * kw;
  const offsetGroups = Math.floor(offset.shape[1] / (2 * taps));
  if (offsetGroups === 0) {
    throw runtimeError(
      `deform_conv2d: offset.shape[1] must be a multiple of 2·kh·kw = ${2 * taps} (one Δy and one Δx per kernel tap), but got offset.shape[1]=${offset.shape[1]}`,
      'offset',
    );
  }
  if (weightInChannels <= 0 || inChannels % weightInChannels !== 0) {
    throw runtimeError(
      `deform_conv2d: input channels (${inChannels}) must be a multiple of weight.shape[1] (${weightInChannels}); groups is inferred as C_in / weight.shape[1]`,
      'weight',
    );
  }
  const groups = inChannels / weightInChannels;
  if (outChannels % groups !== 0) {
    throw runtimeError(`deform_conv2d: weight.shape[0] (${outChannels}) must be divisible by groups (${groups} = C_in / weight.shape[1])`, 'weight');
  }
  if (offset.shape[1] !== offsetGroups * 2 * taps) {
    throw runtimeError(
      `deform_conv2d: offset.shape[1] is not valid: got ${offset.shape[1]}, expected ${offsetGroups * 2 * taps} (2·offset_groups·kh·kw with offset_groups=${offsetGroups})`,
      'offset',
    );
  }
  if (mask && mask.shape[1] !== offsetGroups * taps) {
    throw runtimeError(
      `deform_conv2d: mask.shape[1] is not valid: got ${mask.shape[1]}, expected ${offsetGroups * taps} (offset_groups·kh·kw with offset_groups=${offsetGroups})`,
      'mask',
    );
  }
  if (inChannels % offsetGroups !== 0) {
    throw runtimeError(`deform_conv2d: input channels (${inChannels}) must be divisible by offset_groups (${offsetGroups} = offset.shape[1] / (2·kh·kw))`, 'offset');
  }
  if (offset.shape[0] !== batch) {
    throw runtimeError(`deform_conv2d: invalid batch size of offset: offset.shape[0]=${offset.shape[0]} but input.shape[0]=${batch}`, 'offset');
  }

  const outH = convOutputLength(height, kh, stride[0], padding[0], padding[0], dilation[0]);
  const outW = convOutputLength(width, kw, stride[1], padding[1], padding[1], dilation[1]);
  if (offset.shape[2] !== outH || offset.shape[3] !== outW) {
    throw runtimeError(
      `deform_conv2d: offset output dims (${offset.shape[2]}, ${offset.shape[3]}) do not match the computed output dims (${outH}, ${outW})`,
      'offset',
    );
  }
  if (mask) {
    if (mask.shape[0] !== batch) {
      throw runtimeError(`deform_conv2d: invalid batch size of mask: mask.shape[0]=${mask.shape[0]} but input.shape[0]=${batch}`, 'mask');
    }
    if (mask.shape[2] !== outH || mask.shape[3] !== outW) {
      throw runtimeError(
        `deform_conv2d: mask output dims (${mask.shape[2]}, ${mask.shape[3]}) do not match the computed output dims (${outH}, ${outW})`,
        'mask',
      );
    }
  }
  if (outH <= 0 || outW <= 0) {
    throw runtimeError(`deform_conv2d: calculated output size too small - out_h: ${outH} out_w: ${outW}`, 'input');
  }
  if (bias && (bias.shape.length !== 1 || bias.shape[0] !== outChannels)) {
    throw runtimeError(`deform_conv2d: bias must have shape [${outChannels}] (one per output channel), but got ${formatShape(bias.shape)}`, 'bias');
  }

  return {
    batch,
    inChannels,
    height,
    width,
    outChannels,
    kernel: [kh, kw],
    stride,
    padding,
    dilation,
    groups,
    offsetGroups,
    outputSize: [outH, outW],
    hasMask: mask !== null,
  };
}
