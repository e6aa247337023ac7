// receptive_field.json: PyTorch back-propagated one output unit through each chain; the bottom-up
// field, effective stride and padding, the top-down recursion and the probed input span must match.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { receptiveField } from '../../../engine/arithmetic/receptive_field';
import { ConvbookError } from '../../../engine/errors';
import type { LayerSpec } from '../../../engine/layer';
import { golden } from './torch_specs';

interface RfLayer {
  kind: 'conv' | 'maxpool' | 'avgpool';
  kernel_size: number;
  stride: number;
  padding: number;
  dilation: number;
}

interface RfCase {
  name: string;
  layers: RfLayer[];
  receptive_field: number;
  effective_stride: number;
  effective_padding: number;
  probe: { input_size: number; output_index: number; input_start: number; input_end: number };
}

function toSpec(l: RfLayer, dims: 1 | 2 = 2): LayerSpec {
  const v = (x: number) => new Array<number>(dims).fill(x);
  if (l.kind === 'conv') {
    return { kind: 'conv', dims, inChannels: 1, outChannels: 1, kernelSize: v(l.kernel_size), stride: v(l.stride), padding: v(l.padding), dilation: v(l.dilation), groups: 1, bias: false, paddingMode: 'zeros' };
  }
  return { kind: 'max_pool', dims, kernelSize: v(l.kernel_size), stride: v(l.stride), padding: v(l.padding), dilation: v(l.dilation), ceilMode: false };
}

const cases = golden<RfCase>('receptive_field').cases;

test('receptive_field.json has 5 cases', () => assert.equal(cases.length, 5));

for (const c of cases) {
  test(`receptive_field.json: ${c.name}`, () => {
    const layers = c.layers.map((l) => toSpec(l));
    const p = c.probe;
    const rf = receptiveField(layers, { inputSize: [p.input_size, p.input_size], outputIndex: [p.output_index, p.output_index] });
    assert.deepEqual(rf.receptive_field, [c.receptive_field, c.receptive_field]);
    assert.deepEqual(rf.effective_stride, [c.effective_stride, c.effective_stride]);
    assert.deepEqual(rf.effective_padding, [c.effective_padding, c.effective_padding]);
    assert.deepEqual(rf.span?.start, [p.input_start, p.input_start]);
    assert.deepEqual(rf.span?.end, [p.input_end, p.input_end]);
    // The reference's top-down recursion reaches the same size at the input layer.
    assert.equal(rf.recursion.length, c.layers.length);
    assert.equal(rf.recursion[rf.recursion.length - 1].layer, 1);
    assert.deepEqual(rf.recursion[rf.recursion.length - 1].rf, [c.receptive_field, c.receptive_field]);
    assert.deepEqual(rf.recursion[0].rf, rf.rows[rf.rows.length - 1].kernel, 'the last layer alone sees its kernel');
    // Without an input size the span is the formula's, which these interior probes also hit.
    const free = receptiveField(layers, { outputIndex: [p.output_index, p.output_index] });
    assert.deepEqual(free.span?.start, [p.input_start, p.input_start]);
    assert.deepEqual(free.span?.end, [p.input_end, p.input_end]);
  });
}

test('the reference recursion formula shows its numbers', () => {
  const layers = cases[4].layers.map((l) => toSpec(l));
  const rf = receptiveField(layers);
  // Top-down for k3 s2, k3 s2, k2 s1: RF_3 = 2, RF_2 = (2 − 1)·2 + 3 = 5, RF_1 = (5 − 1)·2 + 3 = 11.
  assert.deepEqual(rf.recursion.map((r) => r.rf[0]), [2, 5, 11]);
  assert.equal(rf.recursion[1].formula.text, 'RF_2 = (RF_3 − 1)·s_2 + k_2 = (2 − 1)·2 + 3 = 5');
});

test('shape-preserving layers do not change the field; transposed conv and Linear are refused with a reason', () => {
  const conv = toSpec({ kind: 'conv', kernel_size: 3, stride: 2, padding: 1, dilation: 1 });
  const plain = receptiveField([conv, conv]);
  const mixed = receptiveField([conv, { kind: 'batch_norm', numFeatures: 1, affine: true }, { kind: 'relu' }, conv]);
  assert.deepEqual(mixed.receptive_field, plain.receptive_field);
  assert.deepEqual(mixed.effective_stride, plain.effective_stride);
  const transposed: LayerSpec = { kind: 'conv_transpose', dims: 2, inChannels: 1, outChannels: 1, kernelSize: [3, 3], stride: [2, 2], padding: [1, 1], outputPadding: [1, 1], dilation: [1, 1], groups: 1, bias: false };
  assert.throws(() => receptiveField([conv, transposed]), (e: unknown) => e instanceof ConvbookError && e.argument === 'layers' && /transposed/.test(e.message));
  assert.throws(() => receptiveField([conv, { kind: 'linear', inFeatures: 4, outFeatures: 2, bias: true }]), /stops before it/);
});

test("padding='same' with an even kernel: the field starts one cell further left than it ends right", () => {
  const same: LayerSpec = { kind: 'conv', dims: 1, inChannels: 1, outChannels: 1, kernelSize: [4], stride: [1], padding: 'same', dilation: [1], groups: 1, bias: false, paddingMode: 'zeros' };
  const rf = receptiveField([same], { inputSize: [20], outputIndex: [10] });
  // same pads 1 before and 2 after: output 10 reads inputs 9 … 12.
  assert.deepEqual(rf.span?.start, [9]);
  assert.deepEqual(rf.span?.end, [12]);
});

/** Brute force: the input cells output unit u depends on, by walking every window of every layer. */
function bruteSpan(layers: RfLayer[], size: number, u: number): [number, number] | null {
  const sizes = [size];
  for (const l of layers) {
    const ke = l.dilation * (l.kernel_size - 1) + 1;
    sizes.push(Math.floor((sizes[sizes.length - 1] + 2 * l.padding - ke) / l.stride) + 1);
  }
  let reached = new Set([u]);
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i];
    const below = new Set<number>();
    for (const o of reached) for (let t = 0; t < l.kernel_size; t++) {
      const x = o * l.stride - l.padding + t * l.dilation;
      if (x >= 0 && x < sizes[i]) below.add(x);
    }
    reached = below;
  }
  if (reached.size === 0) return null;
  return [Math.min(...reached), Math.max(...reached)];
}

test('property: the probed span equals a brute-force walk, and interior units match the closed form', () => {
  const layer = fc.record({
    kind: fc.constant<'conv'>('conv'),
    kernel_size: fc.integer({ min: 1, max: 5 }),
    stride: fc.integer({ min: 1, max: 3 }),
    padding: fc.integer({ min: 0, max: 2 }),
    dilation: fc.integer({ min: 1, max: 3 }),
  });
  fc.assert(
    fc.property(fc.array(layer, { minLength: 1, maxLength: 4 }), fc.integer({ min: 20, max: 80 }), fc.nat(), (layers, size, pick) => {
      const specs = layers.map((l) => toSpec(l, 1));
      let out = size;
      for (const l of layers) out = Math.floor((out + 2 * l.padding - l.dilation * (l.kernel_size - 1) - 1) / l.stride) + 1;
      fc.pre(out >= 1);
      const u = pick % out;
      const brute = bruteSpan(layers, size, u);
      fc.pre(brute !== null);
      const rf = receptiveField(specs, { inputSize: [size], outputIndex: [u] });
      assert.deepEqual([rf.span!.start[0], rf.span!.end[0]], brute);
      const start = u * rf.effective_stride[0] - rf.effective_padding[0];
      const end = start + rf.receptive_field[0] - 1;
      // Away from the borders nothing is clipped, so the closed form is exact.
      if (start >= 0 && end < size) {
        assert.deepEqual(brute, [start, end]);
      }
    }),
    { numRuns: 300 },
  );
});
