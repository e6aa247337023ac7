// Hover mapping must agree with what the ops actually read. The reference is brute force over
// every output: the real cells traceWindow's taps read (padding resolved through sourceIndex) for
// conv and pooling, and traceScatter's stamps for conv_transpose.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PaddingMode, WindowConfig } from '../../../contract';
import { Rng } from '../../../engine/random';
import { convOutputLength, convTransposeOutputLength, poolOutputLength } from '../../../engine/shapes';
import { cartesian } from '../../../engine/trace/grid';
import { inputsReadBy, outputsReading, uncoveredCells } from '../../../engine/trace/mapping';
import { traceScatter } from '../../../engine/trace/transposed';
import { traceWindow } from '../../../engine/trace/window';

const key = (index: readonly number[]) => index.join(',');
const indices = (sizes: readonly number[]) => cartesian(sizes.map((n) => Array.from({ length: n }, (_, i) => i)));

/** output key → set of input keys it reads, by brute force. */
function bruteForce(config: WindowConfig): Map<string, Set<string>> {
  const reads = new Map<string, Set<string>>();
  for (const o of indices(config.outputSize)) reads.set(key(o), new Set());
  if (config.kind === 'conv_transpose') {
    for (const i of indices(config.inputSize)) {
      for (const s of traceScatter(config, i).stamps) reads.get(key(s.output))!.add(key(i));
    }
    return reads;
  }
  for (const o of indices(config.outputSize)) {
    for (const t of traceWindow(config, o).taps) {
      const cell = !t.inPadding ? t.position : config.kind === 'conv' ? t.source : null;
      if (cell) reads.get(key(o))!.add(key(cell));
    }
  }
  return reads;
}

function randomConfig(rng: Rng): WindowConfig | null {
  const kinds = ['conv', 'conv', 'conv_transpose', 'max_pool', 'avg_pool'] as const;
  const kind = kinds[Math.floor(rng.uniform() * kinds.length)];
  const axes = rng.uniform() < 0.3 ? 1 : 2;
  const axis = (f: () => number) => Array.from({ length: axes }, f);
  const int = (lo: number, hi: number) => lo + Math.floor(rng.uniform() * (hi - lo + 1));
  const inputSize = axis(() => int(1, 7));
  const kernelSize = axis(() => int(1, 4));
  const stride = axis(() => int(1, 4));
  const dilation = kind === 'avg_pool' ? axis(() => 1) : axis(() => int(1, 3));
  const modes: PaddingMode[] = ['zeros', 'reflect', 'replicate', 'circular'];
  const paddingMode = kind === 'conv' ? modes[int(0, 3)] : 'zeros';
  let padBefore: number[];
  let padAfter: number[];
  if (kind === 'max_pool' || kind === 'avg_pool') {
    padBefore = kernelSize.map((k) => int(0, Math.floor(k / 2)));
    padAfter = padBefore;
  } else if (paddingMode === 'reflect') {
    padBefore = inputSize.map((n) => int(0, n - 1));
    padAfter = padBefore.map((p) => p + (rng.uniform() < 0.2 ? 1 : 0)).map((p, a) => Math.min(p, inputSize[a] - 1));
  } else {
    padBefore = axis(() => int(0, 3));
    padAfter = kind === 'conv' ? padBefore.map((p) => p + (rng.uniform() < 0.2 ? 1 : 0)) : padBefore;
  }
  if (paddingMode === 'circular' && padBefore.some((p, a) => Math.max(p, padAfter[a]) > inputSize[a])) return null;
  const ceilMode = rng.uniform() < 0.5;
  const outputPadding = kind === 'conv_transpose' ? stride.map((s, a) => int(0, Math.max(s, dilation[a]) - 1)) : axis(() => 0);
  const outputSize = inputSize.map((n, a) => {
    if (kind === 'conv') return convOutputLength(n, kernelSize[a], stride[a], padBefore[a], padAfter[a], dilation[a]);
    if (kind === 'conv_transpose') return convTransposeOutputLength(n, kernelSize[a], stride[a], padBefore[a], dilation[a], outputPadding[a]);
    return poolOutputLength(n, kernelSize[a], stride[a], padBefore[a], dilation[a], ceilMode);
  });
  if (outputSize.some((o) => o < 1)) return null;
  return { kind, inputSize, kernelSize, stride, dilation, padBefore, padAfter, outputPadding, paddingMode, ceilMode, countIncludePad: true, outputSize };
}

test('inputsReadBy, outputsReading and uncoveredCells agree with brute force on random configs of every kind', () => {
  const rng = new Rng(8);
  const seen = new Set<string>();
  let done = 0;
  let sawGap = false;
  let sawTail = false;
  while (done < 150) {
    const config = randomConfig(rng);
    if (!config) continue;
    done++;
    seen.add(`${config.kind}/${config.paddingMode}`);
    const label = JSON.stringify(config);
    const reads = bruteForce(config);
    const readers = new Map<string, Set<string>>();
    for (const [o, cells] of reads) for (const c of cells) (readers.get(c) ?? readers.set(c, new Set()).get(c)!).add(o);
    for (const o of indices(config.outputSize)) {
      const got = inputsReadBy(config, o).map(key).sort();
      assert.deepEqual(got, [...reads.get(key(o))!].sort(), `inputsReadBy [${o}] of ${label}`);
    }
    for (const i of indices(config.inputSize)) {
      const got = outputsReading(config, i).map(key).sort();
      assert.deepEqual(got, [...(readers.get(key(i)) ?? [])].sort(), `outputsReading [${i}] of ${label}`);
    }
    // Separable: an index is unread on axis a exactly when no read cell has it on that axis
    // (undecidable this way when nothing at all is read, e.g. a transposed conv cropping all of one axis).
    const uncovered = uncoveredCells(config);
    if (readers.size === 0) continue;
    config.inputSize.forEach((size, a) => {
      const readOnAxis = new Set([...readers.keys()].map((k) => Number(k.split(',')[a])));
      const expected = Array.from({ length: size }, (_, i) => i).filter((i) => !readOnAxis.has(i));
      assert.deepEqual(uncovered[a], expected, `uncoveredCells axis ${a} of ${label}`);
      if (expected.length > 0 && expected[expected.length - 1] === size - 1) sawTail = true;
      if (expected.some((i) => i < size - 1 && !expected.includes(i + 1))) sawGap = true;
    });
  }
  for (const k of ['conv/zeros', 'conv/reflect', 'conv/replicate', 'conv/circular', 'conv_transpose/zeros', 'max_pool/zeros', 'avg_pool/zeros']) {
    assert.ok(seen.has(k), `exercised ${k}`);
  }
  assert.ok(sawGap && sawTail, 'both interior gaps and uncovered tails were exercised');
});

test('worked examples: a 3×3 stride-2 conv on 8 cells leaves the last one unread; stride 2 with k=1 skips every other cell', () => {
  const base: WindowConfig = {
    kind: 'conv', inputSize: [8], kernelSize: [3], stride: [2], dilation: [1], padBefore: [0], padAfter: [0], outputPadding: [0],
    paddingMode: 'zeros', ceilMode: false, countIncludePad: true, outputSize: [3],
  };
  assert.deepEqual(uncoveredCells(base), [[7]]);
  assert.deepEqual(outputsReading(base, [2]), [[0], [1]]);
  assert.deepEqual(inputsReadBy(base, [1]), [[2], [3], [4]]);
  assert.deepEqual(uncoveredCells({ ...base, kernelSize: [1], outputSize: [4] }), [[1, 3, 5, 7]]);
  // Reflect padding reads cell 1 again through the pad at −1.
  const reflect = { ...base, padBefore: [1], padAfter: [1], paddingMode: 'reflect' as const, outputSize: [4] };
  assert.deepEqual(inputsReadBy(reflect, [0]), [[0], [1]]);
  assert.deepEqual(outputsReading(reflect, [1]), [[0], [1]]);
});
