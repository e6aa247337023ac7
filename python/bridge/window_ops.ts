// Sliding-window ops for the Python package: conv, transposed conv, deformable conv and pooling.
// Each resolves its geometry once through the engine's resolver (resolveConv, resolveConvTranspose,
// resolveDeformConv, spec_shape's outputShape for pooling) and runs the engine's loops only when
// every input has data.

import type { KernelSettings } from '../../contract';
import { outputShape } from '../../engine/arithmetic/spec_shape';
import { convResolved } from '../../engine/conv';
import { resolveConv, type ConvOptions, type SpatialDims } from '../../engine/conv_args';
import { convTransposeResolved } from '../../engine/conv_transpose';
import { resolveConvTranspose, type ConvTransposeOptions } from '../../engine/conv_transpose_args';
import { deformConv2d } from '../../engine/deform';
import { resolveDeformConv } from '../../engine/deform_args';
import { notImplementedError } from '../../engine/errors';
import { convSpecOf, convTransposeSpecOf, deformSpecOf } from '../../engine/resolved_spec';
import type { WindowProvenance } from '../../lang/outputs/sweep_payload';
import type { AdaptiveAvgPoolSpec, AvgPoolSpec, MaxPoolSpec } from '../../engine/layer';
import { adaptiveAvgPool2d, avgPool2d, maxPool2d } from '../../engine/pool';
import { poolNd } from '../../engine/pool_nd';
import { adaptiveBin, resolveAdaptiveAvgPool2d } from '../../engine/pool_args';
import { numel, type Tensor } from '../../engine/tensor';
import { allData, checkOpWork, meta, parseOptions, result, type Maybe, type TensorRef } from './ref';

type PoolSpec = MaxPoolSpec | AvgPoolSpec | AdaptiveAvgPoolSpec;

/** A 1-D pool runs as a 2-D one over a unit height, as PyTorch's CPU kernels do. */
function as2d(t: Tensor): Tensor {
  const s = t.shape;
  return { shape: [...s.slice(0, -1), 1, s[s.length - 1]], data: t.data };
}

function pool2dValues(spec: PoolSpec, input: Tensor): { output: Tensor; indices: Int32Array | null } {
  if (spec.kind === 'adaptive_avg_pool') return { output: adaptiveAvgPool2d(input, spec.outputSize), indices: null };
  const stride = spec.stride.length ? spec.stride : null;
  if (spec.kind === 'max_pool') {
    const r = maxPool2d(input, { kernelSize: spec.kernelSize, stride, padding: spec.padding, dilation: spec.dilation, ceilMode: spec.ceilMode });
    return { output: r.output, indices: r.indices };
  }
  return { output: avgPool2d(input, { kernelSize: spec.kernelSize, stride, padding: spec.padding, ceilMode: spec.ceilMode, countIncludePad: spec.countIncludePad, divisorOverride: (spec as AvgPoolSpec & { divisorOverride?: number | null }).divisorOverride ?? null }), indices: null };
}

/** A pool's spec over 2-D, for a 1-D pool: unit kernel, stride and no padding on the height. */
function spec2d(spec: PoolSpec): PoolSpec {
  if (spec.dims === 2) return spec;
  if (spec.kind === 'adaptive_avg_pool') return { ...spec, dims: 2, outputSize: [1, spec.outputSize[0]] };
  const base = { ...spec, dims: 2 as const, kernelSize: [1, spec.kernelSize[0]], stride: spec.stride.length ? [1, spec.stride[0]] : [1, spec.kernelSize[0]], padding: [0, spec.padding[0]] };
  return spec.kind === 'max_pool' ? { ...base, kind: 'max_pool', dilation: [1, (spec as MaxPoolSpec).dilation[0]] } as MaxPoolSpec : (base as AvgPoolSpec);
}

/** adaptive_max_pool2d: the adaptive bins of adaptive_avg_pool2d, taking the max and its flat index. */
function adaptiveMax2d(input: Tensor, outputSize: readonly (number | null)[]): { output: Float32Array; indices: Float32Array; shape: number[] } {
  const g = resolveAdaptiveAvgPool2d(input.shape, outputSize);
  const [height, width] = g.inputSize;
  const [outH, outW] = g.outputSize;
  const output = new Float32Array(g.planes * outH * outW);
  const indices = new Float32Array(output.length);
  for (let plane = 0; plane < g.planes; plane++) {
    for (let oy = 0; oy < outH; oy++) {
      const rows = adaptiveBin(oy, height, outH);
      for (let ox = 0; ox < outW; ox++) {
        const cols = adaptiveBin(ox, width, outW);
        let best = -Infinity;
        let at = rows.start * width + cols.start;
        for (let y = rows.start; y < rows.end; y++) {
          for (let x = cols.start; x < cols.end; x++) {
            const v = input.data[plane * height * width + y * width + x];
            if (v > best || Number.isNaN(v)) {
              best = v;
              at = y * width + x;
              if (Number.isNaN(v)) break;
            }
          }
        }
        output[plane * outH * outW + oy * outW + ox] = best;
        indices[plane * outH * outW + oy * outW + ox] = at;
      }
    }
  }
  return { output, indices, shape: g.outputShape };
}

/** The input as the op saw it, batched, for the sweep. */
function batchedInput(input: TensorRef, dims: number): Tensor {
  return { shape: input.shape.length === dims + 1 ? [1, ...input.shape] : [...input.shape], data: input.data as Float32Array };
}

/** Attaches what the result's sweep animation needs, when it has values. */
function withProvenance(out: TensorRef, provenance: () => WindowProvenance): TensorRef {
  if (out.data !== null) out.provenance = provenance();
  return out;
}

/** Refuses, before it runs, an op over the work budget (convbook.kernel.workBudgetMacs); shape-only ops cost nothing. */
function work(settings: KernelSettings, withValues: boolean, macs: number, op: string, input: TensorRef, weight?: TensorRef): void {
  if (withValues) checkOpWork(settings, macs, op, input, weight);
}

export function windowOps(settings: KernelSettings) {
  return {
    conv: (input: TensorRef, weight: TensorRef, bias: Maybe<TensorRef>, optionsJson: string, dims: SpatialDims): TensorRef => {
      const options = parseOptions<ConvOptions>(optionsJson);
      const r = resolveConv(input.shape, weight.shape, bias ? bias.shape : null, options, dims);
      work(settings, allData(input, weight, bias), numel(r.outputShape) * (r.inChannels / r.groups) * numel(r.kernelSize), `conv${dims}d`, input, weight);
      const out = result(settings, r.outputShape, allData(input, weight, bias), () => convResolved(input as Tensor, weight as Tensor, (bias ?? null) as Tensor | null, r));
      return withProvenance(out, () => ({ spec: convSpecOf(r, options.padding, !!bias), input: batchedInput(input, dims), weight: weight as Tensor, bias: (bias ?? null) as Tensor | null, title: `conv${dims}d` }));
    },
    /** The work budget of a conv whose layer's weights are not drawn yet: refused before they are. */
    conv_work: (input: TensorRef, weight: TensorRef, bias: Maybe<TensorRef>, optionsJson: string, dims: SpatialDims, transposed: boolean): void => {
      if (input.data === null) return;
      if (transposed) {
        const r = resolveConvTranspose(input.shape, weight.shape, bias ? bias.shape : null, parseOptions<ConvTransposeOptions>(optionsJson), dims);
        work(settings, true, numel(input.shape) * (r.outChannels / r.groups) * numel(r.kernelSize), `conv_transpose${dims}d`, input, weight);
      } else {
        const r = resolveConv(input.shape, weight.shape, bias ? bias.shape : null, parseOptions<ConvOptions>(optionsJson), dims);
        work(settings, true, numel(r.outputShape) * (r.inChannels / r.groups) * numel(r.kernelSize), `conv${dims}d`, input, weight);
      }
    },
    conv_transpose: (input: TensorRef, weight: TensorRef, bias: Maybe<TensorRef>, optionsJson: string, dims: SpatialDims): TensorRef => {
      const options = parseOptions<ConvTransposeOptions>(optionsJson);
      const r = resolveConvTranspose(input.shape, weight.shape, bias ? bias.shape : null, options, dims);
      work(settings, allData(input, weight, bias), numel(input.shape) * (r.outChannels / r.groups) * numel(r.kernelSize), `conv_transpose${dims}d`, input, weight);
      const out = result(settings, r.outputShape, allData(input, weight, bias), () => convTransposeResolved(input as Tensor, weight as Tensor, (bias ?? null) as Tensor | null, r));
      return withProvenance(out, () => ({ spec: convTransposeSpecOf(r, !!bias), input: batchedInput(input, dims), weight: weight as Tensor, bias: (bias ?? null) as Tensor | null, title: `conv_transpose${dims}d` }));
    },
    deform_conv2d: (input: TensorRef, offset: TensorRef, weight: TensorRef, bias: Maybe<TensorRef>, mask: Maybe<TensorRef>, optionsJson: string): TensorRef => {
      const options = { ...parseOptions<{ stride?: number[]; padding?: number[]; dilation?: number[] }>(optionsJson), mask: (mask ?? null) as Tensor | null };
      const g = resolveDeformConv(input as Tensor, offset as Tensor, weight as Tensor, (bias ?? null) as Tensor | null, options);
      const shape = [g.batch, g.outChannels, ...g.outputSize];
      work(settings, allData(input, offset, weight, bias, mask), numel(shape) * (g.inChannels / g.groups) * numel(g.kernel), 'deform_conv2d', input, weight);
      const out = result(settings, shape, allData(input, offset, weight, bias, mask), () => deformConv2d(input as Tensor, offset as Tensor, weight as Tensor, (bias ?? null) as Tensor | null, options));
      return withProvenance(out, () => ({ spec: deformSpecOf(g, !!bias), input: input as Tensor, weight: weight as Tensor, bias: (bias ?? null) as Tensor | null, offset: offset as Tensor, mask: options.mask, title: 'deform_conv2d' }));
    },
    /** max/avg/adaptive-avg pooling from a LayerSpec; [output] or [output, indices] for return_indices. */
    pool: (specJson: string, input: TensorRef, returnIndices: boolean): TensorRef[] => {
      const spec = parseOptions<PoolSpec>(specJson);
      const shape = outputShape(spec, input.shape);
      if (input.data === null) return returnIndices ? [meta(shape), meta(shape)] : [meta(shape)];
      if (spec.kind !== 'adaptive_avg_pool') work(settings, true, numel(shape) * numel(spec.kernelSize), `${spec.kind}${spec.dims}d`, input);
      if (spec.dims === 3) {
        if (returnIndices) throw notImplementedError('convbook computes 3-D max pooling values but not yet its indices (return_indices=True)');
        return [result(settings, shape, true, () => poolNd(spec, input as Tensor, shape))];
      }
      const flat = spec.dims === 1 ? as2d(input as Tensor) : (input as Tensor);
      const { output, indices } = pool2dValues(spec2d(spec), flat);
      const out = result(settings, shape, true, () => output.data);
      if (spec.kind !== 'adaptive_avg_pool') {
        const windowSpec = spec.stride.length ? spec : { ...spec, stride: [...spec.kernelSize] };
        withProvenance(out, () => ({ spec: windowSpec, input: batchedInput(input, spec.dims), weight: null, bias: null, title: `${spec.kind}${spec.dims}d` }));
      }
      if (!returnIndices) return [out];
      return [out, result(settings, shape, true, () => Float32Array.from(indices ?? []))];
    },
    adaptive_max_pool2d: (input: TensorRef, outputSizeJson: string): TensorRef[] => {
      const outputSize = parseOptions<(number | null)[]>(outputSizeJson);
      const shape = resolveAdaptiveAvgPool2d(input.shape, outputSize).outputShape;
      if (input.data === null) return [meta(shape), meta(shape)];
      const r = adaptiveMax2d(input as Tensor, outputSize);
      return [result(settings, shape, true, () => r.output), result(settings, shape, true, () => r.indices)];
    },
  };
}
