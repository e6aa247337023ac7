// What torchinfo, ptflops, fvcore and thop report. Expected values are the libraries' own test
// expectations where they publish one (named per test), otherwise worked out by hand from the
// library function the comment names.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LibraryCount } from '../../../contract';
import { libraryCounts } from '../../../engine/arithmetic/library_counts';
import { summarize } from '../../../engine/arithmetic/summary';
import type { LayerSpec } from '../../../engine/layer';
import { specFromConstructor } from './torch_specs';

function byLibrary(spec: LayerSpec, input: number[]): Record<LibraryCount['library'], number> {
  const out = {} as Record<LibraryCount['library'], number>;
  for (const c of libraryCounts(spec, input)) out[c.library] = c.value;
  return out;
}

const nn = specFromConstructor;

test('torchinfo 1.8.0 tests/test_output/single_input_all_cols.out: per-layer Mult-Adds at batch 7', () => {
  assert.equal(byLibrary(nn('nn.Conv2d(1, 10, kernel_size=5)'), [7, 1, 28, 28]).torchinfo, 1_048_320);
  assert.equal(byLibrary(nn('nn.Conv2d(10, 20, kernel_size=5)'), [7, 10, 12, 12]).torchinfo, 2_248_960);
  assert.equal(byLibrary(nn('nn.Linear(320, 50)'), [7, 320]).torchinfo, 112_350);
  assert.equal(byLibrary(nn('nn.Linear(50, 10)'), [7, 50]).torchinfo, 3_570);
});

test('torchinfo SingleInputNet totals: 21,840 params, 0.98 M mult-adds at batch 2 and 3.41 M at batch 7', () => {
  const layers = ['nn.Conv2d(1, 10, kernel_size=5)', 'nn.MaxPool2d(2)', 'nn.Conv2d(10, 20, kernel_size=5)', 'nn.MaxPool2d(2)', 'nn.Flatten()', 'nn.Linear(320, 50)', 'nn.Linear(50, 10)'].map(
    (l, i) => ({ name: `l${i}`, spec: nn(l) }),
  );
  const two = summarize(layers, [2, 1, 28, 28]);
  assert.equal(two.total_params, 21_840);
  assert.equal(two.total_macs, 975_200);
  assert.equal((two.total_macs / 1e6).toFixed(2), '0.98');
  assert.equal((summarize(layers, [7, 1, 28, 28]).total_macs / 1e6).toFixed(2), '3.41');
});

test('torchinfo 1.8.0 tests/test_output/frozen_layers.out: ResNet-18 stem at 64×64', () => {
  assert.equal(byLibrary(nn('nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)'), [1, 3, 64, 64]).torchinfo, 9_633_792);
  assert.equal(byLibrary(nn('nn.BatchNorm2d(64)'), [1, 64, 32, 32]).torchinfo, 128);
  assert.equal(byLibrary(nn('nn.MaxPool2d(kernel_size=3, stride=2, padding=1)'), [1, 64, 32, 32]).torchinfo, 0);
});

test('torchinfo over AlexNet: 714,682,664 mult-adds (the five convs with bias × 55², 27², 13² ×3, plus the three Linear layers)', () => {
  const alexnet = [
    'nn.Conv2d(3, 64, kernel_size=11, stride=4, padding=2)', 'nn.ReLU()', 'nn.MaxPool2d(kernel_size=3, stride=2)',
    'nn.Conv2d(64, 192, kernel_size=5, padding=2)', 'nn.ReLU()', 'nn.MaxPool2d(kernel_size=3, stride=2)',
    'nn.Conv2d(192, 384, kernel_size=3, padding=1)', 'nn.ReLU()', 'nn.Conv2d(384, 256, kernel_size=3, padding=1)', 'nn.ReLU()',
    'nn.Conv2d(256, 256, kernel_size=3, padding=1)', 'nn.ReLU()', 'nn.MaxPool2d(kernel_size=3, stride=2)', 'nn.AdaptiveAvgPool2d((6, 6))',
    'nn.Flatten()', 'nn.Dropout()', 'nn.Linear(9216, 4096)', 'nn.ReLU()', 'nn.Dropout()', 'nn.Linear(4096, 4096)', 'nn.ReLU()', 'nn.Linear(4096, 1000)',
  ].map((l, i) => ({ name: `l${i}`, spec: nn(l) }));
  const s = summarize(alexnet, [1, 3, 224, 224]);
  const expected = 23_296 * 55 * 55 + 307_392 * 27 * 27 + (663_936 + 884_992 + 590_080) * 13 * 13 + 37_752_832 + 16_781_312 + 4_097_000;
  assert.equal(expected, 714_682_664);
  assert.equal(s.total_macs, expected);
  assert.equal(s.total_params, 61_100_840);
  // The receptive field column stops at the adaptive pool.
  assert.deepEqual(s.layers[12].receptive_field, [195, 195]);
  assert.deepEqual(s.layers[12].effective_stride, [32, 32]);
  assert.equal(s.layers[13].receptive_field, null);
  assert.equal(s.layers[21].effective_stride, null);
});

test('ptflops tests/common_test.py: conv 2,759,904; transposed conv 3,112,706; linear 8 and 120', () => {
  assert.equal(byLibrary(nn('nn.Conv2d(3, 2, 3, bias=True)'), [1, 3, 224, 224]).ptflops, 2_759_904);
  assert.equal(byLibrary(nn('nn.ConvTranspose2d(3, 2, 3, stride=(2, 2), bias=True)'), [1, 3, 224, 224]).ptflops, 3_112_706);
  assert.equal(byLibrary(nn('nn.Linear(3, 2, bias=True)'), [1, 3]).ptflops, 8);
  assert.equal(byLibrary(nn('nn.Linear(3, 2, bias=False)'), [1, 4, 5, 3]).ptflops, 120);
});

test('ptflops pools, BatchNorm and ReLU (pool_flops_counter_hook, bn_flops_counter_hook, relu_flops_counter_hook)', () => {
  // numel(input) = 64·55·55 for the pool; numel(input) × 2 for an affine BatchNorm; numel(output) for ReLU.
  assert.equal(byLibrary(nn('nn.MaxPool2d(kernel_size=3, stride=2)'), [1, 64, 55, 55]).ptflops, 193_600);
  assert.equal(byLibrary(nn('nn.BatchNorm2d(32)'), [1, 32, 8, 8]).ptflops, 4_096);
  assert.equal(byLibrary(nn('nn.BatchNorm2d(32, affine=False)'), [1, 32, 8, 8]).ptflops, 2_048);
  assert.equal(byLibrary(nn('nn.ReLU()'), [1, 32, 8, 8]).ptflops, 2_048);
  assert.equal(byLibrary(nn('nn.Sigmoid()'), [1, 32, 8, 8]).ptflops, 0);
});

test('ptflops reports per image: compute_average_flops_cost divides by the batch size', () => {
  assert.equal(byLibrary(nn('nn.BatchNorm2d(32)'), [2, 32, 8, 8]).ptflops, 4_096);
  assert.equal(byLibrary(nn('nn.Conv2d(3, 2, 3, bias=True)'), [4, 3, 224, 224]).ptflops, 2_759_904);
  assert.equal(byLibrary(nn('nn.Linear(3, 2, bias=False)'), [3, 4, 5, 3]).ptflops, 120);
});

test('ptflops deformable_conv_flops_counter_hook: ∏k·(C_in·C_out/G + 24) per output position, plus the bias', () => {
  const deform: LayerSpec = { kind: 'deform_conv', dims: 2, inChannels: 2, outChannels: 3, kernelSize: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1, bias: true };
  // 7×6 output: 9·(2·3 + 24)·42 + 3·42.
  assert.equal(byLibrary(deform, [1, 2, 7, 6]).ptflops, 9 * 30 * 42 + 126);
  const counts = byLibrary(deform, [1, 2, 7, 6]);
  assert.equal(counts.reference, 3 * 2 * 9 * 42);
  assert.equal(counts.fvcore, 0);
  assert.equal(counts.thop, 0);
  assert.equal(counts.torchinfo, (54 + 3) * 42);
});

test('fvcore tests/test_flop_count.py test_conv: batch·C_in·C_out·k^d·spatial^d / G, on the input grid when transposed', () => {
  // Strided transposed case 8: batch 5, 10 → 3 channels, k 3, padding 1, stride 2, 15×15 input.
  assert.equal(byLibrary(nn('nn.ConvTranspose2d(10, 3, 3, stride=2, padding=1)'), [5, 10, 15, 15]).fvcore, 5 * 10 * 3 * 9 * 225);
  // Case 9: stride 3 with output_padding 2: still counted on the 15×15 input.
  assert.equal(byLibrary(nn('nn.ConvTranspose2d(10, 3, 3, stride=3, padding=1, output_padding=2)'), [5, 10, 15, 15]).fvcore, 5 * 10 * 3 * 9 * 225);
  // A grouped 2-D conv: spatial ((15 + 2) − 3) // 2 + 1 = 8.
  assert.equal(byLibrary(nn('nn.Conv2d(12, 6, 3, stride=2, padding=1, groups=3)'), [4, 12, 15, 15]).fvcore, (4 * 12 * 6 * 9 * 64) / 3);
  // linear_flop_jit ignores the bias; batchnorm_flop_jit (eval) is numel × 2 with affine.
  assert.equal(byLibrary(nn('nn.Linear(9216, 4096)'), [1, 9216]).fvcore, 9216 * 4096);
  assert.equal(byLibrary(nn('nn.BatchNorm2d(32)'), [2, 32, 8, 8]).fvcore, 8_192);
  assert.equal(byLibrary(nn('nn.MaxPool2d(2)'), [2, 32, 8, 8]).fvcore, 0);
  assert.equal(byLibrary(nn('nn.AdaptiveAvgPool2d((6, 6))'), [1, 256, 13, 13]).fvcore, 256 * 169);
});

test('thop tests/test_conv2d.py: 810,000 for Conv2d(3, 12, 5, padding=1) on 32×32, with or without bias', () => {
  assert.equal(byLibrary(nn('nn.Conv2d(3, 12, kernel_size=(5, 5), stride=1, padding=1, bias=False)'), [1, 3, 32, 32]).thop, 810_000);
  assert.equal(byLibrary(nn('nn.Conv2d(3, 12, kernel_size=(5, 5), stride=1, padding=1, bias=True)'), [1, 3, 32, 32]).thop, 810_000);
});

test('thop hooks by hand: transposed conv on the output grid, BatchNorm 4·numel, Linear in·numel(out), adaptive pool with float rounding', () => {
  // count_convNd: numel(y)·(C_in/G)·∏k = (2·2·10·8)·4·9 for ConvTranspose2d(4, 2, 3, stride 2, padding 1, output_padding 1) on 2×4×5×4.
  assert.equal(byLibrary(nn('nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1)'), [2, 4, 5, 4]).thop, 320 * 36);
  assert.equal(byLibrary(nn('nn.BatchNorm2d(32)'), [2, 32, 8, 8]).thop, 16_384);
  assert.equal(byLibrary(nn('nn.Linear(9216, 4096)'), [1, 9216]).thop, 9216 * 4096);
  assert.equal(byLibrary(nn('nn.AvgPool2d(2)'), [1, 4, 8, 8]).thop, 64);
  assert.equal(byLibrary(nn('nn.MaxPool2d(2)'), [1, 4, 8, 8]).thop, 0);
  // (13/6)² + 1 = 5.69444… times 256·36 is 52,480 in exact arithmetic, but float64 gives 52,479.99999999999
  // and int() truncates: thop reports 52,479.
  assert.equal(byLibrary(nn('nn.AdaptiveAvgPool2d((6, 6))'), [1, 256, 13, 13]).thop, 52_479);
});

test('every library entry names a label and says how it compares with the reference', () => {
  const counts = libraryCounts(nn('nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1)'), [2, 4, 5, 4]);
  assert.deepEqual(counts.map((c) => c.library), ['reference', 'torchinfo', 'ptflops', 'fvcore', 'thop']);
  const ref = counts[0].value;
  assert.equal(ref, 2 * 4 * 2 * 9 * 20);
  for (const c of counts.slice(1)) {
    assert.ok(c.label.length > 0);
    assert.match(c.note, c.value === ref ? /same as the reference/ : /vs the reference/);
  }
});

test('an unbatched input is counted as a batch of one', () => {
  const batched = byLibrary(nn('nn.Conv2d(3, 8, 3)'), [1, 3, 10, 10]);
  const unbatched = libraryCounts(nn('nn.Conv2d(3, 8, 3)'), [3, 10, 10]);
  for (const c of unbatched) assert.equal(c.value, batched[c.library], c.library);
  assert.match(unbatched[1].note, /batch of 1/);
});
