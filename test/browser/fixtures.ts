// Payloads for the browser tests, built from PyTorch's reference results
// (test/fixtures/golden) and from the engine's own shape rules, never typed in by hand where a
// real result exists.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TensorPayload, TensorPlane } from '../../contract';
import { ROOT } from './support';

export interface GoldenTensor {
  shape: number[];
  data: number[];
}

export interface GoldenCase {
  name: string;
  op: string;
  input: GoldenTensor;
  weight?: GoldenTensor;
  bias?: GoldenTensor | null;
  offset?: GoldenTensor;
  mask?: GoldenTensor | null;
  params: Record<string, unknown>;
  output: GoldenTensor;
}

export function golden(file: string, name: string): GoldenCase {
  const cases = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'golden', `${file}.json`), 'utf8')).cases as GoldenCase[];
  const c = cases.find((x) => x.name === name);
  if (!c) throw new Error(`golden case ${file}/${name} not found`);
  return c;
}

/** The 5×5 example from the reference post; PyTorch's conv2d gives [[12,12,17],[10,17,19],[9,6,14]]. */
export const BLOG = golden('conv', 'seed example: 5x5 input, 3x3 kernel');

/** Plane (n, c) of an N,C,H,W tensor, row-major. */
export function plane(t: GoldenTensor, n: number, c: number): number[] {
  const [, C, H, W] = t.shape;
  const start = (n * C + c) * H * W;
  return t.data.slice(start, start + H * W);
}

export function tensorPayload(name: string, t: GoldenTensor, notes: string[] = []): TensorPayload {
  const [N, C, H, W] = t.shape.length === 4 ? t.shape : [1, 1, t.shape.at(-2) ?? 1, t.shape.at(-1) ?? 1];
  const planes: TensorPlane[] = [];
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) planes.push({ index: [n, c], height: H, width: W, data: plane({ shape: [N, C, H, W], data: t.data }, n, c) });
  return { name, shape: t.shape, planes, downsample: 1, planesTotal: planes.length, min: Math.min(...t.data), max: Math.max(...t.data), notes };
}

/** A deterministic feature map (smooth waves, both signs) for the paint-time measurement. */
export function featureMap(channels: number, size: number): TensorPayload {
  const planes: TensorPlane[] = [];
  let min = Infinity;
  let max = -Infinity;
  for (let c = 0; c < channels; c++) {
    const data = new Array<number>(size * size);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const v = Math.sin((x + c) / 7) * Math.cos((y - 2 * c) / 9) * (1 + c / channels);
        data[y * size + x] = Math.fround(v);
        if (v < min) min = v;
        if (v > max) max = v;
      }
    planes.push({ index: [0, c], height: size, width: size, data });
  }
  return { name: 'features', shape: [1, channels, size, size], planes, downsample: 1, planesTotal: channels, min, max, notes: [] };
}
