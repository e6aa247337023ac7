// Parameter and operation counts against naive references: the golden weight tensors' sizes, and
// loops that walk every product of a (transposed) convolution or every pooling window.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { flopCount, macsPerOutputPosition } from '../../../engine/arithmetic/flops';
import { paramCount } from '../../../engine/arithmetic/params';
import type { AdaptiveAvgPoolSpec, ConvTransposeSpec } from '../../../engine/layer';
import { golden, specFromCase, specFromConstructor as nn, type WindowCase } from './torch_specs';

const numel = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

for (const file of ['conv', 'transpose', 'deform'] as const) {
  test(`${file}.json: weights and bias counts equal the sizes of PyTorch's tensors`, () => {
    for (const c of golden<WindowCase>(file).cases) {
      const p = paramCount(specFromCase(c));
      assert.equal(p.weights, numel(c.weight!.shape), c.name);
      assert.equal(p.bias, c.bias ? numel(c.bias.shape) : 0, c.name);
    }
  });
}

test('conv counts: every output value takes C_in/G·∏k products and one fewer additions', () => {
  for (const c of golden<WindowCase>('conv').cases) {
    const spec = specFromCase(c);
    if (spec.kind !== 'conv') continue;
    const f = flopCount(spec, c.input.shape);
    const perValue = c.weight!.shape.slice(1).reduce((a, b) => a * b, 1);
    const values = numel(c.output.shape);
    assert.equal(f.multiplications, values * perValue, c.name);
    assert.equal(f.additions, values * (perValue - 1), c.name);
    assert.equal(f.biasAdditions, c.bias ? values : 0, c.name);
    assert.equal(f.macs, f.multiplications);
    assert.equal(macsPerOutputPosition(spec), c.output.shape[1] * perValue);
  }
});

/** Walks a 2-D transposed conv as a scatter and counts products and the additions that sum them. */
function naiveTranspose(n: number, cin: number, cout: number, g: number, input: number[], k: number[], s: number[], p: number[], d: number[], out: number[]) {
  let products = 0;
  const contributions = new Map<string, number>();
  for (let b = 0; b < n; b++)
    for (let ci = 0; ci < cin; ci++) {
      const group = Math.floor(ci / (cin / g));
      for (let co = group * (cout / g); co < (group + 1) * (cout / g); co++)
        for (let y = 0; y < input[0]; y++)
          for (let x = 0; x < input[1]; x++)
            for (let ty = 0; ty < k[0]; ty++)
              for (let tx = 0; tx < k[1]; tx++) {
                products++;
                const oy = y * s[0] - p[0] + ty * d[0];
                const ox = x * s[1] - p[1] + tx * d[1];
                if (oy < 0 || oy >= out[0] || ox < 0 || ox >= out[1]) continue;
                const key = `${b},${co},${oy},${ox}`;
                contributions.set(key, (contributions.get(key) ?? 0) + 1);
              }
    }
  let additions = 0;
  for (const c of contributions.values()) additions += c - 1;
  return { products, additions };
}

test('property: transposed-conv multiplications and additions equal a scatter walk', () => {
  fc.assert(
    fc.property(
      fc.record({
        n: fc.integer({ min: 1, max: 2 }),
        g: fc.integer({ min: 1, max: 2 }),
        cinPerGroup: fc.integer({ min: 1, max: 2 }),
        coutPerGroup: fc.integer({ min: 1, max: 2 }),
        h: fc.integer({ min: 1, max: 5 }),
        w: fc.integer({ min: 1, max: 5 }),
        kh: fc.integer({ min: 1, max: 4 }),
        kw: fc.integer({ min: 1, max: 4 }),
        s: fc.integer({ min: 1, max: 3 }),
        p: fc.integer({ min: 0, max: 2 }),
        d: fc.integer({ min: 1, max: 2 }),
        op: fc.integer({ min: 0, max: 2 }),
        bias: fc.boolean(),
      }),
      (r) => {
        fc.pre(r.op < Math.max(r.s, r.d));
        const spec: ConvTransposeSpec = {
          kind: 'conv_transpose', dims: 2, inChannels: r.cinPerGroup * r.g, outChannels: r.coutPerGroup * r.g, kernelSize: [r.kh, r.kw],
          stride: [r.s, r.s], padding: [r.p, r.p], outputPadding: [r.op, r.op], dilation: [r.d, r.d], groups: r.g, bias: r.bias,
        };
        const out = [r.h, r.w].map((i, a) => (i - 1) * r.s - 2 * r.p + r.d * ([r.kh, r.kw][a] - 1) + r.op + 1);
        fc.pre(out.every((o) => o >= 1));
        const f = flopCount(spec, [r.n, spec.inChannels, r.h, r.w]);
        const naive = naiveTranspose(r.n, spec.inChannels, spec.outChannels, r.g, [r.h, r.w], [r.kh, r.kw], [r.s, r.s], [r.p, r.p], [r.d, r.d], out);
        assert.equal(f.multiplications, naive.products);
        assert.equal(f.additions, naive.additions);
        assert.equal(f.biasAdditions, r.bias ? r.n * spec.outChannels * out[0] * out[1] : 0);
      },
    ),
    { numRuns: 200 },
  );
});

test('property: adaptive average pooling additions equal the sum of PyTorch window sizes minus one', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), (h, w, oh, ow) => {
      const spec: AdaptiveAvgPoolSpec = { kind: 'adaptive_avg_pool', dims: 2, outputSize: [oh, ow] };
      let additions = 0;
      for (let y = 0; y < oh; y++)
        for (let x = 0; x < ow; x++) {
          const rows = Math.ceil(((y + 1) * h) / oh) - Math.floor((y * h) / oh);
          const cols = Math.ceil(((x + 1) * w) / ow) - Math.floor((x * w) / ow);
          additions += rows * cols - 1;
        }
      const f = flopCount(spec, [2, 3, h, w]);
      assert.equal(f.additions, 6 * additions);
      assert.equal(f.divisions, 6 * oh * ow);
    }),
  );
});

test('pools, BatchNorm, Linear and activations', () => {
  const max = flopCount(nn('nn.MaxPool2d(kernel_size=3, stride=2)'), [1, 64, 55, 55]);
  assert.equal(max.comparisons, 64 * 27 * 27 * 8);
  assert.equal(max.macs, 0);
  const avg = flopCount(nn('nn.AvgPool2d(2)'), [1, 4, 8, 8]);
  assert.equal(avg.additions, 4 * 16 * 3);
  assert.equal(avg.divisions, 64);
  const bn = flopCount(nn('nn.BatchNorm2d(32)'), [2, 32, 8, 8]);
  assert.equal(bn.multiplications, 4096);
  assert.equal(bn.additions, 4096);
  const lin = flopCount(nn('nn.Linear(64, 10)'), [3, 5, 64]);
  assert.equal(lin.multiplications, 15 * 640);
  assert.equal(lin.additions, 15 * 63 * 10);
  assert.equal(lin.biasAdditions, 150);
  assert.equal(flopCount(nn('nn.ReLU()'), [2, 3, 4]).comparisons, 24);
  assert.equal(flopCount(nn('nn.Dropout(0.5)'), [2, 3, 4]).macs, 0);
});

test('param formulas spell the numbers out', () => {
  assert.equal(paramCount(nn('nn.Conv2d(32, 32, 3, groups=32)')).formula.text, 'C_out · C_in/G · k_H·k_W + C_out = 32 · 32/32 · 3·3 + 32 = 320');
  assert.equal(paramCount(nn('nn.ConvTranspose2d(4, 2, 3, bias=False)')).formula.text, 'C_in · C_out · k_H·k_W = 4 · 2 · 3·3 = 72');
  assert.equal(paramCount(nn('nn.Linear(9216, 4096)')).formula.text, 'in · out + out = 9,216 · 4,096 + 4,096 = 37,752,832');
  assert.equal(paramCount(nn('nn.BatchNorm2d(32)')).formula.text, '2·C = 2·32 = 64');
  assert.equal(paramCount(nn('nn.BatchNorm2d(32, affine=False)')).total, 0);
  assert.equal(paramCount(nn('nn.Conv3d(3, 8, kernel_size=(3, 5, 5))')).formula.latex, 'C_\\text{out} \\cdot C_\\text{in} \\cdot k_D k_H k_W + C_\\text{out} = 8 \\cdot 3 \\cdot 3 \\cdot 5 \\cdot 5 + 8 = 1{,}808');
});
