// PyTorch's reference cases (test/fixtures/golden, see its README) as the tests read them: the
// case and tensor shapes, loading a file, one case by name, and an engine tensor from a golden one.

import { readFileSync } from 'node:fs';
import { makeTensor, type Tensor } from '../../../engine/tensor';

export interface GoldenTensor {
  shape: number[];
  data: number[];
}

/** A case as the generators write it; P narrows `params` for tests that read them typed. */
export interface GoldenCase<P = unknown> {
  name: string;
  op: string;
  input: GoldenTensor;
  weight?: GoldenTensor;
  bias?: GoldenTensor | null;
  offset?: GoldenTensor;
  mask?: GoldenTensor | null;
  params: Record<string, P>;
  output: GoldenTensor;
}

/** The cases of test/fixtures/golden/<file> (file with its .json). */
export function loadGolden<T = GoldenCase>(file: string): T[] {
  const url = new URL(`../../fixtures/golden/${file}`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { cases: T[] }).cases;
}

/** One case of test/fixtures/golden/<file>.json by its name; a missing one is an error, not undefined. */
export function goldenCase(file: string, name: string): GoldenCase {
  const c = loadGolden(`${file}.json`).find((x) => x.name === name);
  if (!c) throw new Error(`golden case ${file}/${name} not found`);
  return c;
}

export function tensorOf(g: GoldenTensor): Tensor {
  return makeTensor(g.shape, Float32Array.from(g.data));
}
