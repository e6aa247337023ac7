// Reading a tensor's values from Python (tolist, item, repr), its cell display, and the in-place
// initialisers nn.init uses. Shape-only tensors print as PyTorch prints meta tensors.

import { MIME, type CellOutput, type KernelSettings } from '../../contract';
import { Rng } from '../../engine/random';
import type { Tensor } from '../../engine/tensor';
import { autoSweepOutput, tensorMarkdown, tensorPayload } from '../../lang/outputs/display';
import { tensorRepr } from '../../lang/outputs/repr';
import type { TensorRef } from './ref';

function nested(t: TensorRef): unknown {
  const data = t.data as Float32Array;
  if (t.shape.length === 0) return data[0];
  const build = (dim: number, offset: number): unknown[] => {
    const size = t.shape[dim];
    const stride = t.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: size }, (_, i) => (dim === t.shape.length - 1 ? data[offset + i] : build(dim + 1, offset + i * stride)));
  };
  return build(0, 0);
}

function metaRepr(t: TensorRef): string {
  return `tensor(..., device='meta', size=(${t.shape.join(', ')}${t.shape.length === 1 ? ',' : ''}))`;
}

export function valueOps(settings: KernelSettings) {
  return {
    /** JSON of the nested values, with Python's NaN / Infinity / -Infinity tokens (json.loads reads them). */
    to_json: (t: TensorRef): string =>
      JSON.stringify(nested(t), (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? `\u0000${v}` : v)).replace(/"\\u0000(NaN|Infinity|-Infinity)"/g, '$1'),
    repr: (t: TensorRef): string => (t.data === null ? metaRepr(t) : tensorRepr(t as Tensor)),
    display: (t: TensorRef, name: string | undefined): CellOutput[] => {
      if (t.data === null) return [{ items: [{ mime: MIME.plain, value: metaRepr(t) }] }];
      const text = tensorRepr(t as Tensor);
      const payload = tensorPayload(t as Tensor, name, [], settings);
      const tensor: CellOutput = { items: [{ mime: MIME.tensor, value: payload }, { mime: MIME.markdown, value: tensorMarkdown(t as Tensor, name, []) }, { mime: MIME.plain, value: text }] };
      const animation = t.provenance ? autoSweepOutput(t as Tensor, t.provenance, settings) : null;
      return animation ? [tensor, animation] : [tensor];
    },
    /** Fills in place: constant, uniform [a, b) or normal (mean, std), seeded. */
    fill_: (t: TensorRef, value: number): void => {
      t.data?.fill(value);
    },
    uniform_: (t: TensorRef, low: number, high: number, seed: number): void => {
      if (!t.data) return;
      const rng = new Rng(seed);
      for (let i = 0; i < t.data.length; i++) t.data[i] = low + (high - low) * rng.uniform();
    },
    normal_: (t: TensorRef, mean: number, std: number, seed: number): void => {
      if (!t.data) return;
      const rng = new Rng(seed);
      for (let i = 0; i < t.data.length; i++) t.data[i] = mean + std * rng.normal();
    },
    /** Copies values of the same element count in place (Tensor.copy_, and parameter assignment). */
    copy_: (t: TensorRef, source: TensorRef): void => {
      if (t.data && source.data) t.data.set(source.data);
    },
    /**
     * PyTorch's default reset_parameters, as convbook seeds it: weight then bias from one stream,
     * both U(−1/√fan_in, 1/√fan_in). Only the tensors passed are written; the weight's draws are
     * taken either way, so a bias gets the same values whether or not the weight was assigned.
     */
    default_init: (weightCount: number, weight: TensorRef | undefined, bias: TensorRef | undefined, fanIn: number, seed: number): void => {
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      const rng = new Rng(seed);
      for (let i = 0; i < weightCount; i++) {
        const v = -bound + 2 * bound * rng.uniform();
        if (weight?.data) weight.data[i] = v;
      }
      if (!bias?.data) return;
      for (let i = 0; i < bias.data.length; i++) bias.data[i] = -bound + 2 * bound * rng.uniform();
    },
  };
}
