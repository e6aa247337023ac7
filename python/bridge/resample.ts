// F.pad, F.interpolate (nearest, bilinear with and without align_corners) and pixel (un)shuffle for
// the Python package. F.pad's shape and checks are the engine's padOutputShape; interpolate's
// source-index rules are ATen's (upsample_nearest2d, area_pixel_compute_source_index).

import type { KernelSettings } from '../../contract';
import { notImplementedError, runtimeError, valueError } from '../../engine/errors';
import { padOutputShape } from '../../engine/pad_args';
import { fPad } from '../../engine/padding';
import type { Tensor } from '../../engine/tensor';
import { parseOptions, result, type TensorRef } from './ref';
import { stridedCopy } from './strided';

interface InterpolateOptions {
  size: number[] | null;
  scale_factor: number[] | null;
  mode: string;
  align_corners: boolean | null;
}

/** The output sizes, floor(input · scale) when a scale is given (recompute_scale_factor=None). */
function interpolateSizes(input: readonly number[], o: InterpolateOptions): number[] {
  const dims = input.length - 2;
  if (o.size !== null && o.scale_factor !== null) throw valueError('only one of size or scale_factor should be defined', 'size');
  if (o.size === null && o.scale_factor === null) throw valueError('either size or scale_factor should be defined', 'size');
  if (o.size !== null) {
    if (o.size.length !== dims) {
      throw valueError(`Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of ${JSON.stringify(input.slice(2))} and output size of ${JSON.stringify(o.size)}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.`, 'size');
    }
    return o.size;
  }
  const scales = o.scale_factor as number[];
  if (scales.length !== dims) {
    throw valueError(`Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of ${JSON.stringify(input.slice(2))} and scale_factor of shape ${JSON.stringify(scales)}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.`, 'scale_factor');
  }
  return input.slice(2).map((s, i) => Math.floor(s * scales[i]));
}

/** ATen's scale for one axis: 1/scale_factor when one was given, else in/out (align_corners: (in−1)/(out−1)). */
function axisScale(inSize: number, outSize: number, scale: number | undefined, alignCorners: boolean): number {
  if (alignCorners) return outSize > 1 ? (inSize - 1) / (outSize - 1) : 0;
  return scale !== undefined && scale > 0 ? 1 / scale : inSize / outSize;
}

function nearestIndex(out: number, inSize: number, outSize: number, scale: number): number {
  if (outSize === inSize) return out;
  if (outSize === 2 * inSize) return out >> 1;
  return Math.min(Math.floor(Math.fround(out * Math.fround(scale))), inSize - 1);
}

/** Per output index of one axis: the two source indices and the weight of the second. */
function linearTaps(inSize: number, outSize: number, scale: number, alignCorners: boolean): { i0: number[]; i1: number[]; w1: number[] } {
  const i0: number[] = [];
  const i1: number[] = [];
  const w1: number[] = [];
  for (let o = 0; o < outSize; o++) {
    let src = alignCorners ? scale * o : scale * (o + 0.5) - 0.5;
    if (!alignCorners && src < 0) src = 0;
    const lo = Math.min(Math.floor(src), inSize - 1);
    i0.push(lo);
    i1.push(lo < inSize - 1 ? lo + 1 : lo);
    w1.push(src - lo);
  }
  return { i0, i1, w1 };
}

function interpolateValues(t: Tensor, shape: readonly number[], o: InterpolateOptions): Float32Array {
  const dims = t.shape.length - 2;
  const computed = (o.mode === 'nearest' && dims <= 2) || (o.mode === 'bilinear' && dims === 2);
  if (!computed) throw notImplementedError(`convbook computes interpolate's shapes but not yet its values for ${dims}-D input in mode '${o.mode}'`);
  const [inH, inW] = dims === 2 ? t.shape.slice(2) : [1, t.shape[2]];
  const [outH, outW] = dims === 2 ? shape.slice(2) : [1, shape[2]];
  const scales = o.scale_factor ?? [];
  const sH = dims === 2 ? scales[0] : 1;
  const sW = dims === 2 ? scales[1] : scales[0];
  const align = o.align_corners === true;
  const scaleH = axisScale(inH, outH, sH, align);
  const scaleW = axisScale(inW, outW, sW, align);
  const planes = t.shape[0] * t.shape[1];
  const out = new Float32Array(planes * outH * outW);
  const x = t.data;
  if (o.mode === 'nearest') {
    const rows = Array.from({ length: outH }, (_, i) => nearestIndex(i, inH, outH, scaleH));
    const cols = Array.from({ length: outW }, (_, i) => nearestIndex(i, inW, outW, scaleW));
    for (let p = 0; p < planes; p++) for (let i = 0; i < outH; i++) for (let j = 0; j < outW; j++) out[(p * outH + i) * outW + j] = x[(p * inH + rows[i]) * inW + cols[j]];
    return out;
  }
  const r = linearTaps(inH, outH, scaleH, align);
  const c = linearTaps(inW, outW, scaleW, align);
  for (let p = 0; p < planes; p++) {
    const base = p * inH * inW;
    for (let i = 0; i < outH; i++) {
      const h1 = r.w1[i];
      const h0 = 1 - h1;
      for (let j = 0; j < outW; j++) {
        const w1 = c.w1[j];
        const w0 = 1 - w1;
        const at = (y: number, xx: number): number => x[base + y * inW + xx];
        out[(p * outH + i) * outW + j] = h0 * (w0 * at(r.i0[i], c.i0[j]) + w1 * at(r.i0[i], c.i1[j])) + h1 * (w0 * at(r.i1[i], c.i0[j]) + w1 * at(r.i1[i], c.i1[j]));
      }
    }
  }
  return out;
}

/** pixel_shuffle (r > 0) and pixel_unshuffle (r < 0 stands for downscale −r) as one permutation. */
function shuffleShape(shape: readonly number[], factor: number, down: boolean): { shape: number[]; viewShape: number[]; perm: number[] } {
  const name = down ? 'pixel_unshuffle' : 'pixel_shuffle';
  if (shape.length < 3) throw runtimeError(`${name} expects input to have at least 3 dimensions, but got input with ${shape.length} dimension(s)`, 'input');
  if (factor <= 0) throw runtimeError(`${name} expects a positive ${down ? 'downscale_factor' : 'upscale_factor'}, but got ${factor}`, 'factor');
  const lead = shape.slice(0, -3);
  const [c, h, w] = shape.slice(-3);
  const r = factor;
  const n = lead.length;
  if (!down) {
    if (c % (r * r) !== 0) throw runtimeError(`pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=${c} is not divisible by ${r * r}`, 'input');
    // (.., C, r, r, H, W) → (.., C, H, r, W, r)
    return { shape: [...lead, c / (r * r), h * r, w * r], viewShape: [...lead, c / (r * r), r, r, h, w], perm: [...lead.map((_, i) => i), n, n + 3, n + 1, n + 4, n + 2] };
  }
  if (h % r !== 0) throw runtimeError(`pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=${h} is not divisible by ${r}`, 'input');
  if (w % r !== 0) throw runtimeError(`pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)=${w} is not divisible by ${r}`, 'input');
  // (.., C, H/r, r, W/r, r) → (.., C, r, r, H/r, W/r)
  return { shape: [...lead, c * r * r, h / r, w / r], viewShape: [...lead, c, h / r, r, w / r, r], perm: [...lead.map((_, i) => i), n, n + 2, n + 4, n + 1, n + 3] };
}

export function resampleOps(settings: KernelSettings) {
  return {
    pad: (input: TensorRef, padJson: string, mode: string, value: number | undefined): TensorRef => {
      const pad = parseOptions<number[]>(padJson);
      const shape = padOutputShape(input.shape, pad, mode, value ?? undefined);
      return result(settings, shape, input.data !== null, () => fPad(input as Tensor, pad, mode, value ?? undefined));
    },
    interpolate: (input: TensorRef, optionsJson: string): TensorRef => {
      const o = parseOptions<InterpolateOptions>(optionsJson);
      if (input.shape.length < 3) throw notImplementedError(`Input Error: Only 3D, 4D and 5D input Tensors supported (got ${input.shape.length}D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got ${o.mode})`, 'input');
      if (o.mode === 'nearest' && o.align_corners !== null) {
        throw valueError('align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear', 'align_corners');
      }
      const sizes = interpolateSizes(input.shape, o);
      const shape = [...input.shape.slice(0, 2), ...sizes];
      return result(settings, shape, input.data !== null, () => interpolateValues(input as Tensor, shape, o));
    },
    pixel_shuffle: (input: TensorRef, factor: number, down: boolean): TensorRef => {
      const s = shuffleShape(input.shape, factor, down);
      const viewStrides: number[] = [];
      let acc = 1;
      for (let i = s.viewShape.length - 1; i >= 0; i--) {
        viewStrides[i] = acc;
        acc *= s.viewShape[i];
      }
      const permutedShape = s.perm.map((d) => s.viewShape[d]);
      return result(settings, s.shape, input.data !== null, () => stridedCopy(input.data as Float32Array, 0, s.perm.map((d) => viewStrides[d]), permutedShape));
    },
  };
}

