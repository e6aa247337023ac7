// The numbers the reference post works through (in its own notation) must come out of the arithmetic.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { flopCount } from '../../../engine/arithmetic/flops';
import { outputSizeFormulas } from '../../../engine/arithmetic/output_formula';
import { paramCount } from '../../../engine/arithmetic/params';
import { outputShape } from '../../../engine/arithmetic/spec_shape';
import type { ConvSpec } from '../../../engine/layer';
import { MIME, type ComparisonPayload } from '../../../contract';
import { execute } from '../support/cells';

/** What the compare() cell outputs for `source`, run in Python as the kernel runs it. */
async function compared(source: string): Promise<ComparisonPayload> {
  const result = await execute(`from convbook import compare\n${source}`);
  if (result.error) throw new Error(`${result.error.name}: ${result.error.message}`);
  const item = result.outputs.flatMap((o) => o.items).find((i) => i.mime === MIME.comparison);
  if (!item) throw new Error('compare() printed no comparison');
  return item.value as ComparisonPayload;
}

function conv2d(inC: number, outC: number, k: number, opts: { stride?: number; padding?: number; groups?: number; bias?: boolean } = {}): ConvSpec {
  const s = opts.stride ?? 1;
  const p = opts.padding ?? 0;
  return { kind: 'conv', dims: 2, inChannels: inC, outChannels: outC, kernelSize: [k, k], stride: [s, s], padding: [p, p], dilation: [1, 1], groups: opts.groups ?? 1, bias: opts.bias ?? true, paddingMode: 'zeros' };
}

test('a 5×5 input and a 3×3 kernel give a 3×3 output: O = I − k + 1', () => {
  const f = outputSizeFormulas(conv2d(1, 1, 3), [1, 1, 5, 5]);
  assert.deepEqual(f.map((a) => a.result), [3, 3]);
  assert.equal(f[0].general.text, 'i + 2p − k + 1');
  assert.equal(f[0].substituted.text, '5 + 2·0 − 3 + 1 = 3');
});

test('(k, p) = (3, 1), (5, 2), (7, 3) keep the size at stride 1', () => {
  for (const [k, p] of [[3, 1], [5, 2], [7, 3]]) {
    for (const size of [5, 8, 13, 32, 224]) {
      assert.deepEqual(outputShape(conv2d(2, 4, k, { padding: p }), [1, 2, size, size]), [1, 4, size, size], `k=${k} p=${p} size=${size}`);
    }
  }
});

test("the post's strided form ⌈(I − k + 2p + 1)/s⌉ agrees with PyTorch's ⌊(I + 2p − k)/s⌋ + 1 whenever the window fits", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 4 }), (i, k, s, p) => {
      fc.pre(i + 2 * p >= k);
      const [h] = outputSizeFormulas(conv2d(1, 1, k, { stride: s, padding: p }), [1, 1, i, i]);
      assert.equal(h.result, Math.ceil((i - k + 2 * p + 1) / s));
    }),
  );
});

test('AlexNet conv1 (3 → 96, 11×11, stride 4) has 34,944 parameters with bias and the post\'s FLOP counts', () => {
  const spec = conv2d(3, 96, 11, { stride: 4 });
  const params = paramCount(spec);
  assert.equal(params.total, 34_944);
  assert.equal(params.weights, 96 * 3 * 11 * 11);
  assert.equal(params.bias, 96);
  assert.equal(params.formula.text, 'C_out · C_in · k_H·k_W + C_out = 96 · 3 · 11·11 + 96 = 34,944');
  // 227×227 input → 55×55 output; mult = C_in·K·K·H_out·W_out·C_out, add = (C_in·K·K − 1)·H_out·W_out·C_out.
  const flops = flopCount(spec, [1, 3, 227, 227]);
  assert.equal(flops.multiplications, 3 * 11 * 11 * 55 * 55 * 96);
  assert.equal(flops.additions, (3 * 11 * 11 - 1) * 55 * 55 * 96);
  assert.equal(flops.biasAdditions, 55 * 55 * 96);
  assert.equal(flops.macs, flops.multiplications);
  assert.equal(flops.macsPerOutputPosition, 96 * 3 * 11 * 11);
});

test('group conv: params K·K·C_in/G·C_out and FLOPs K·K·(C_in/G)·(C_out/G)·H·W·G, both 1/G of dense', async () => {
  const [cin, cout, k, g, h] = [64, 128, 3, 4, 28];
  const cmp = await compared(`compare(nn.Conv2d(${cin}, ${cout}, ${k}, padding=1, bias=False), nn.Conv2d(${cin}, ${cout}, ${k}, padding=1, groups=${g}, bias=False), input_size=(1, ${cin}, ${h}, ${h}))`);
  assert.equal(cmp.b.params.total, k * k * (cin / g) * cout);
  assert.equal(cmp.b.flops.multiplications, k * k * (cin / g) * (cout / g) * h * h * g);
  assert.equal(cmp.paramRatio, 1 / g);
  assert.equal(cmp.flopRatio, 1 / g);
});

test('depthwise + pointwise: params K·K·C_in + C_in·C_out, FLOPs K·K·C_in·H·W + C_in·H·W·C_out', async () => {
  const [cin, cout, k, h] = [32, 64, 3, 56];
  const depthwise = `nn.Conv2d(${cin}, ${cin}, ${k}, padding=1, groups=${cin}, bias=False)`;
  const cmp = await compared(`compare(nn.Conv2d(${cin}, ${cout}, ${k}, padding=1, bias=False), nn.Sequential(${depthwise}, nn.Conv2d(${cin}, ${cout}, 1, bias=False)), input_size=(1, ${cin}, ${h}, ${h}))`);
  assert.equal(cmp.b.params.total, k * k * cin + cin * cout);
  assert.equal(cmp.b.flops.multiplications, k * k * cin * h * h + cin * h * h * cout);
  assert.equal(cmp.a.params.total, k * k * cin * cout);
  assert.ok(Math.abs(cmp.paramRatio - (1 / cout + 1 / (k * k))) < 1e-12);
  assert.ok(Math.abs(cmp.flopRatio - (1 / cout + 1 / (k * k))) < 1e-12);
  assert.equal(cmp.b.parts?.length, 2);
  assert.deepEqual(cmp.b.outputShape, [1, cout, h, h]);
});
