// Activations, normalisations, softmax, dropout, linear and embedding for the Python package, with
// PyTorch 1.13's shape checks and messages. Values are computed in double precision and stored as
// float32, as PyTorch's CPU kernels accumulate.

import type { KernelSettings } from '../../contract';
import { ConvbookError, runtimeError, valueError } from '../../engine/errors';
import { normalizeDim } from '../../engine/creation';
import { formatShape, numel } from '../../engine/tensor';
import { erf } from './erf';
import { allData, checkOpWork, parseOptions, result, type Maybe, type TensorRef } from './ref';

type Pointwise = (x: number, o: Record<string, number>) => number;

const ACTIVATIONS: Record<string, Pointwise> = {
  relu: (x) => (x > 0 ? x : Number.isNaN(x) ? x : 0),
  relu6: (x) => Math.min(Math.max(x, 0), 6),
  hardtanh: (x, o) => Math.min(Math.max(x, o.min_val), o.max_val),
  leaky_relu: (x, o) => (x > 0 ? x : x * o.negative_slope),
  elu: (x, o) => (x > 0 ? x : o.alpha * Math.expm1(x)),
  gelu: (x, o) => (o.tanh ? 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))) : 0.5 * x * (1 + erf(x / Math.SQRT2))),
  silu: (x) => x / (1 + Math.exp(-x)),
  hardswish: (x) => (x * Math.min(Math.max(x + 3, 0), 6)) / 6,
  hardsigmoid: (x) => Math.min(Math.max(x + 3, 0), 6) / 6,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: (x) => Math.tanh(x),
};

/** Per channel (axis 1, or axis 0 unbatched) statistics' layout: outer × channels × inner. */
function channelLayout(shape: readonly number[]): { outer: number; channels: number; inner: number } {
  if (shape.length < 2) return { outer: 1, channels: shape[0] ?? 1, inner: 1 };
  return { outer: shape[0], channels: shape[1], inner: numel(shape.slice(2)) };
}

/** Normalises each group of `size` consecutive values (after `reorder`) with its own mean and variance. */
function normaliseGroups(x: Float32Array, groups: number, size: number, eps: number): { out: Float32Array; mean: number[]; variance: number[] } {
  const out = new Float32Array(x.length);
  const mean: number[] = [];
  const variance: number[] = [];
  for (let g = 0; g < groups; g++) {
    let s = 0;
    for (let i = 0; i < size; i++) s += x[g * size + i];
    const m = s / size;
    let v = 0;
    for (let i = 0; i < size; i++) v += (x[g * size + i] - m) ** 2;
    v /= size;
    const inv = 1 / Math.sqrt(v + eps);
    for (let i = 0; i < size; i++) out[g * size + i] = (x[g * size + i] - m) * inv;
    mean.push(m);
    variance.push(v);
  }
  return { out, mean, variance };
}

/** y = y·weight[c] + bias[c] per channel of a (outer, channels, inner) layout. */
function affine(y: Float32Array, shape: readonly number[], weight: Maybe<TensorRef>, bias: Maybe<TensorRef>): void {
  const { outer, channels, inner } = channelLayout(shape);
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      const w = weight?.data ? weight.data[c] : 1;
      const b = bias?.data ? bias.data[c] : 0;
      const base = (o * channels + c) * inner;
      for (let i = 0; i < inner; i++) y[base + i] = y[base + i] * w + b;
    }
  }
}

/** Moves the channel axis first: (outer, C, inner) → (C, outer·inner), so each channel is contiguous. */
function channelsFirst(x: Float32Array, outer: number, channels: number, inner: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let o = 0; o < outer; o++) for (let c = 0; c < channels; c++) out.set(x.subarray((o * channels + c) * inner, (o * channels + c + 1) * inner), (c * outer + o) * inner);
  return out;
}

function channelsBack(x: Float32Array, outer: number, channels: number, inner: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let o = 0; o < outer; o++) for (let c = 0; c < channels; c++) out.set(x.subarray((c * outer + o) * inner, (c * outer + o + 1) * inner), (o * channels + c) * inner);
  return out;
}

function checkChannels(name: string, stat: Maybe<TensorRef>, channels: number): void {
  if (stat && numel(stat.shape) !== channels) throw runtimeError(`${name} should contain ${channels} elements not ${numel(stat.shape)}`, name);
}

export function normActOps(settings: KernelSettings) {
  return {
    activation: (op: string, input: TensorRef, optionsJson: string): TensorRef => {
      const f = ACTIVATIONS[op];
      const o = parseOptions<Record<string, number>>(optionsJson);
      return result(settings, input.shape, input.data !== null, () => (input.data as Float32Array).map((x) => f(x, o)));
    },
    prelu: (input: TensorRef, weight: TensorRef): TensorRef => {
      const n = numel(weight.shape);
      const channels = input.shape.length >= 2 ? input.shape[1] : 1;
      if (n !== 1 && n !== channels) {
        throw runtimeError(`Mismatch of parameter numbers and input channel size. Found parameter numbers = ${n} and channel size = ${channels}.`, 'weight');
      }
      return result(settings, input.shape, allData(input, weight), () => {
        const { inner } = channelLayout(input.shape);
        const x = input.data as Float32Array;
        const out = new Float32Array(x.length);
        for (let i = 0; i < x.length; i++) {
          const c = n === 1 ? 0 : Math.floor(i / inner) % channels;
          out[i] = x[i] > 0 ? x[i] : (weight.data as Float32Array)[c] * x[i];
        }
        return out;
      });
    },
    softmax: (input: TensorRef, dim: number, log: boolean): TensorRef => {
      const d = normalizeDim(dim, input.shape.length);
      return result(settings, input.shape, input.data !== null, () => {
        const x = input.data as Float32Array;
        const size = input.shape.length ? input.shape[d] : 1;
        const inner = numel(input.shape.slice(d + 1));
        const outer = numel(input.shape.slice(0, d));
        const out = new Float32Array(x.length);
        for (let o = 0; o < outer; o++) {
          for (let i = 0; i < inner; i++) {
            const at = (k: number): number => (o * size + k) * inner + i;
            let max = -Infinity;
            for (let k = 0; k < size; k++) max = Math.max(max, x[at(k)]);
            let s = 0;
            for (let k = 0; k < size; k++) s += Math.exp(x[at(k)] - max);
            for (let k = 0; k < size; k++) out[at(k)] = log ? x[at(k)] - max - Math.log(s) : Math.exp(x[at(k)] - max) / s;
          }
        }
        return out;
      });
    },
    /** F.batch_norm: batch statistics when training (updating the running ones in place), running ones otherwise. */
    batch_norm: (input: TensorRef, runningMean: Maybe<TensorRef>, runningVar: Maybe<TensorRef>, weight: Maybe<TensorRef>, bias: Maybe<TensorRef>, training: boolean, momentum: number, eps: number): TensorRef => {
      const { outer, channels, inner } = channelLayout(input.shape);
      if (training && outer * inner <= 1) {
        throw valueError(`Expected more than 1 value per channel when training, got input size torch.Size(${formatShape(input.shape)})`, 'input');
      }
      for (const [name, t] of [['running_mean', runningMean], ['running_var', runningVar], ['weight', weight], ['bias', bias]] as const) checkChannels(name, t, channels);
      return result(settings, input.shape, allData(input, weight, bias) && (training || allData(runningMean, runningVar)), () => {
        const grouped = channelsFirst(input.data as Float32Array, outer, channels, inner);
        const size = outer * inner;
        let normalised: Float32Array;
        if (training) {
          const r = normaliseGroups(grouped, channels, size, eps);
          normalised = r.out;
          for (let c = 0; c < channels; c++) {
            // Running statistics take the unbiased variance, as PyTorch's do.
            if (runningMean?.data) runningMean.data[c] = (1 - momentum) * runningMean.data[c] + momentum * r.mean[c];
            if (runningVar?.data) runningVar.data[c] = (1 - momentum) * runningVar.data[c] + (momentum * r.variance[c] * size) / Math.max(size - 1, 1);
          }
        } else {
          normalised = new Float32Array(grouped.length);
          for (let c = 0; c < channels; c++) {
            const m = (runningMean?.data as Float32Array)[c];
            const inv = 1 / Math.sqrt((runningVar?.data as Float32Array)[c] + eps);
            for (let i = 0; i < size; i++) normalised[c * size + i] = (grouped[c * size + i] - m) * inv;
          }
        }
        const y = channelsBack(normalised, outer, channels, inner);
        affine(y, input.shape, weight, bias);
        return y;
      });
    },
    /** F.instance_norm without running statistics: each (n, c) plane normalised on its own. */
    instance_norm: (input: TensorRef, weight: Maybe<TensorRef>, bias: Maybe<TensorRef>, eps: number): TensorRef => {
      const { outer, channels, inner } = channelLayout(input.shape);
      checkChannels('weight', weight, channels);
      if (inner <= 1) throw valueError(`Expected more than 1 spatial element when training, got input size torch.Size(${formatShape(input.shape)})`, 'input');
      return result(settings, input.shape, allData(input, weight, bias), () => {
        const y = normaliseGroups(input.data as Float32Array, outer * channels, inner, eps).out;
        affine(y, input.shape, weight, bias);
        return y;
      });
    },
    group_norm: (input: TensorRef, groups: number, weight: Maybe<TensorRef>, bias: Maybe<TensorRef>, eps: number): TensorRef => {
      const { outer, channels, inner } = channelLayout(input.shape);
      if (input.shape.length < 2 || channels % groups !== 0) {
        throw runtimeError(`Expected number of channels in input to be divisible by num_groups, but got input of shape ${formatShape(input.shape)} and num_groups=${groups}`, 'num_groups');
      }
      return result(settings, input.shape, allData(input, weight, bias), () => {
        const y = normaliseGroups(input.data as Float32Array, outer * groups, (channels / groups) * inner, eps).out;
        affine(y, input.shape, weight, bias);
        return y;
      });
    },
    layer_norm: (input: TensorRef, normalizedJson: string, weight: Maybe<TensorRef>, bias: Maybe<TensorRef>, eps: number): TensorRef => {
      const normalized = parseOptions<number[]>(normalizedJson);
      const tail = input.shape.slice(input.shape.length - normalized.length);
      if (input.shape.length < normalized.length || tail.some((s, i) => s !== normalized[i])) {
        throw runtimeError(`Given normalized_shape=${formatShape(normalized)}, expected input with shape [*, ${normalized.join(', ')}], but got input of size${formatShape(input.shape)}`, 'normalized_shape');
      }
      const size = numel(normalized);
      return result(settings, input.shape, allData(input, weight, bias), () => {
        const y = normaliseGroups(input.data as Float32Array, numel(input.shape) / Math.max(size, 1), size, eps).out;
        for (let i = 0; i < y.length; i++) y[i] = y[i] * (weight?.data ? weight.data[i % size] : 1) + (bias?.data ? bias.data[i % size] : 0);
        return y;
      });
    },
    /** F.local_response_norm: x / (k + α/n · Σ x² over n neighbouring channels)^β, zero-padded across channels. */
    local_response_norm: (input: TensorRef, size: number, alpha: number, beta: number, k: number): TensorRef => {
      if (input.shape.length < 3) throw valueError(`Expected 3D or higher dimensionality input (got ${input.shape.length} dimensions)`, 'input');
      return result(settings, input.shape, input.data !== null, () => {
        const { outer, channels, inner } = channelLayout(input.shape);
        const x = input.data as Float32Array;
        const out = new Float32Array(x.length);
        const before = Math.floor(size / 2);
        for (let o = 0; o < outer; o++) {
          for (let c = 0; c < channels; c++) {
            for (let i = 0; i < inner; i++) {
              let s = 0;
              for (let j = c - before; j < c - before + size; j++) if (j >= 0 && j < channels) s += x[(o * channels + j) * inner + i] ** 2;
              const at = (o * channels + c) * inner + i;
              out[at] = x[at] / (k + (alpha * s) / size) ** beta;
            }
          }
        }
        return out;
      });
    },
    linear: (input: TensorRef, weight: TensorRef, bias: Maybe<TensorRef>): TensorRef => {
      const [outF, inF] = weight.shape.length === 2 ? weight.shape : [1, weight.shape[0]];
      const last = input.shape[input.shape.length - 1];
      if (input.shape.length === 0 || last !== inF) {
        throw runtimeError(`mat1 and mat2 shapes cannot be multiplied (${numel(input.shape.slice(0, -1))}x${last ?? 1} and ${inF}x${outF})`, 'input');
      }
      const shape = [...input.shape.slice(0, -1), ...(weight.shape.length === 2 ? [outF] : [])];
      // Checked on the input alone, so a layer's first forward is refused before it draws its weights.
      if (input.data !== null) checkOpWork(settings, numel(input.shape.slice(0, -1)) * inF * outF, 'linear', input, weight);
      return result(settings, shape, allData(input, weight, bias), () => {
        const x = input.data as Float32Array;
        const w = weight.data as Float32Array;
        const rows = numel(input.shape.slice(0, -1));
        const out = new Float32Array(rows * outF);
        for (let r = 0; r < rows; r++) {
          for (let o = 0; o < outF; o++) {
            let s = 0;
            for (let i = 0; i < inF; i++) s += x[r * inF + i] * w[o * inF + i];
            out[r * outF + o] = s + (bias?.data ? bias.data[o] : 0);
          }
        }
        return out;
      });
    },
    embedding: (input: TensorRef, weight: TensorRef): TensorRef => {
      const dim = weight.shape[1];
      const shape = [...input.shape, dim];
      return result(settings, shape, allData(input, weight), () => {
        const out = new Float32Array(numel(shape));
        (input.data as Float32Array).forEach((index, i) => {
          if (!Number.isInteger(index) || index < 0 || index >= weight.shape[0]) throw new ConvbookError('IndexError', 'index out of range in self', 'input');
          out.set((weight.data as Float32Array).subarray(index * dim, (index + 1) * dim), i * dim);
        });
        return out;
      });
    },
  };
}
