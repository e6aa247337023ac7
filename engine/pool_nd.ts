// Max, average and adaptive-average pooling over any number of spatial axes, for the axes pool.ts's
// 2-D loops do not cover (3-D pooling). Window rules are pool_args.ts's: max windows skip padding,
// average windows use avgPoolAxisWindow/avgPoolDivisor, adaptive ones adaptiveBin. Output shapes come
// from spec_shape's outputShape, which the caller has already resolved.

import type { AdaptiveAvgPoolSpec, AvgPoolSpec, MaxPoolSpec } from './layer';
import { adaptiveBin, avgPoolAxisWindow, avgPoolDivisor } from './pool_args';
import { numel, stridesOf, type Tensor } from './tensor';

interface AxisWindow {
  /** Input indices the window reads (real cells only). */
  taps: number[];
  /** For average pooling: the window as avgPoolAxisWindow clips it. */
  clipped?: { start: number; end: number; span: number };
}

type PoolNdSpec = MaxPoolSpec | (AvgPoolSpec & { divisorOverride?: number | null }) | AdaptiveAvgPoolSpec;

function axisWindows(spec: PoolNdSpec, axis: number, inSize: number, outSize: number): AxisWindow[] {
  return Array.from({ length: outSize }, (_, o) => {
    if (spec.kind === 'adaptive_avg_pool') {
      const { start, end } = adaptiveBin(o, inSize, outSize);
      return { taps: Array.from({ length: end - start }, (_, i) => start + i) };
    }
    const k = spec.kernelSize[axis];
    const s = spec.stride.length ? spec.stride[axis] : k;
    const p = spec.padding[axis];
    if (spec.kind === 'avg_pool') {
      const clipped = avgPoolAxisWindow(o, k, s, p, inSize);
      return { taps: Array.from({ length: Math.max(clipped.end - clipped.start, 0) }, (_, i) => clipped.start + i), clipped };
    }
    const d = spec.dilation[axis];
    const taps: number[] = [];
    for (let t = 0; t < k; t++) {
      const i = o * s - p + t * d;
      if (i >= 0 && i < inSize) taps.push(i);
    }
    return { taps };
  });
}

/** Pools the trailing spatial axes of input into outputShape (same leading axes). */
export function poolNd(spec: PoolNdSpec, input: Tensor, outputShape: readonly number[]): Float32Array {
  const dims = spec.dims;
  const inSpatial = input.shape.slice(input.shape.length - dims);
  const outSpatial = outputShape.slice(outputShape.length - dims);
  const planes = numel(input.shape.slice(0, input.shape.length - dims));
  const windows = inSpatial.map((size, a) => axisWindows(spec, a, size, outSpatial[a]));
  const inStrides = stridesOf(inSpatial);
  const inPlane = numel(inSpatial);
  const outPlane = numel(outSpatial);
  const out = new Float32Array(planes * outPlane);
  const index = new Array<number>(dims).fill(0);
  for (let o = 0; o < outPlane; o++) {
    let rest = o;
    for (let a = dims - 1; a >= 0; a--) {
      index[a] = rest % outSpatial[a];
      rest = Math.floor(rest / outSpatial[a]);
    }
    const axis = index.map((i, a) => windows[a][i]);
    // Flat input offsets of every tap of this window.
    let offsets = [0];
    axis.forEach((w, a) => {
      offsets = offsets.flatMap((base) => w.taps.map((t) => base + t * inStrides[a]));
    });
    const divisor =
      spec.kind === 'avg_pool'
        ? avgPoolDivisor(axis.map((w) => w.clipped as { start: number; end: number; span: number }), spec.countIncludePad, spec.divisorOverride ?? null)
        : offsets.length;
    for (let p = 0; p < planes; p++) {
      const base = p * inPlane;
      let acc = spec.kind === 'max_pool' ? -Infinity : 0;
      for (const off of offsets) {
        const v = input.data[base + off];
        if (spec.kind === 'max_pool') {
          if (v > acc || Number.isNaN(v)) acc = v;
          if (Number.isNaN(v)) break;
        } else {
          acc += v;
        }
      }
      out[p * outPlane + o] = spec.kind === 'max_pool' ? acc : acc / divisor;
    }
  }
  return out;
}
