// PyTorch's reference cases (test/fixtures/golden) run THROUGH CELLS: each case becomes cell
// source with its tensors as literals, once through the functional call and once through the
// nn layer with its weight and bias assigned, and the outputs must match PyTorch.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_KERNEL_SETTINGS } from '../../../contract';
import type { Tensor } from '../../../engine/tensor';
import { Session } from '../../../lang/session';
import { assertClose, kwargs, literal, py, run, type Param } from '../support/cells';
import { loadGolden, type GoldenCase } from '../support/golden';

const load = (file: string) => loadGolden<GoldenCase<Param>>(file);

const CONV_KEYWORDS = ['stride', 'padding', 'dilation', 'groups'];

test('conv.json through cells: F.conv1d/2d/3d (zeros padding) and nn.ConvNd with assigned weights (every padding_mode)', () => {
  const cases = load('conv.json');
  assert.ok(cases.length >= 28);
  let functional = 0;
  for (const c of cases) {
    const dims = Number(c.op.slice(-2, -1));
    const weight = c.weight!;
    const bias = c.bias ?? null;
    const setup = `x = ${literal(c.input)}\nw = ${literal(weight)}\n${bias ? `b = ${literal(bias)}\n` : ''}`;
    if (c.params.padding_mode === 'zeros') {
      const call = `y = F.${c.op}(x, w, ${bias ? 'b' : 'None'}, ${kwargs(c.params, CONV_KEYWORDS)})`;
      assertClose(run(setup + call), c.output, `${c.name} (F.${c.op})`);
      functional++;
    }
    const [cOut, cInPerGroup, ...kernel] = weight.shape;
    const groups = c.params.groups as number;
    const layer = `m = nn.Conv${dims}d(${cInPerGroup * groups}, ${cOut}, ${py(kernel)}, ${kwargs(c.params, [...CONV_KEYWORDS, 'padding_mode'])}, bias=${bias ? 'True' : 'False'})`;
    const assign = `\nm.weight = w\n${bias ? 'm.bias = b\n' : ''}y = m(x)`;
    assertClose(run(setup + layer + assign), c.output, `${c.name} (nn.Conv${dims}d)`);
  }
  assert.ok(functional >= 25);
});

test('transpose.json through cells: F.conv_transpose1d/2d/3d and nn.ConvTransposeNd', () => {
  const cases = load('transpose.json');
  assert.ok(cases.length >= 11);
  for (const c of cases) {
    const dims = Number(c.op.slice(-2, -1));
    const weight = c.weight!;
    const bias = c.bias ?? null;
    const setup = `x = ${literal(c.input)}\nw = ${literal(weight)}\n${bias ? `b = ${literal(bias)}\n` : ''}`;
    const keywords = kwargs(c.params, ['stride', 'padding', 'output_padding', 'groups', 'dilation']);
    assertClose(run(`${setup}y = F.${c.op}(x, w, ${bias ? 'b' : 'None'}, ${keywords})`), c.output, `${c.name} (F.${c.op})`);
    const [cIn, cOutPerGroup, ...kernel] = weight.shape;
    const groups = c.params.groups as number;
    const layer = `m = nn.ConvTranspose${dims}d(${cIn}, ${cOutPerGroup * groups}, ${py(kernel)}, ${keywords}, bias=${bias ? 'True' : 'False'})\nm.weight = w\n${bias ? 'm.bias = b\n' : ''}y = m(x)`;
    assertClose(run(setup + layer), c.output, `${c.name} (nn.ConvTranspose${dims}d)`);
  }
});

test('deform.json through cells: torchvision deform_conv2d (imported) and DeformConv2d layers', () => {
  const cases = load('deform.json');
  assert.ok(cases.length >= 7);
  for (const c of cases) {
    const weight = c.weight!;
    const bias = c.bias ?? null;
    const mask = c.mask ?? null;
    const setup = [
      'from torchvision.ops import deform_conv2d, DeformConv2d',
      `x = ${literal(c.input)}`,
      `w = ${literal(weight)}`,
      `off = ${literal(c.offset!)}`,
      bias ? `b = ${literal(bias)}` : '',
      mask ? `msk = ${literal(mask)}` : '',
      '',
    ].join('\n');
    const keywords = kwargs(c.params, ['stride', 'padding', 'dilation']);
    const call = `y = deform_conv2d(x, off, w, ${bias ? 'b' : 'None'}, ${keywords}${mask ? ', mask=msk' : ''})`;
    assertClose(run(setup + call), c.output, `${c.name} (deform_conv2d)`);
    const [cOut, cInPerGroup, ...kernel] = weight.shape;
    const groups = c.params.groups as number;
    const layer = `m = DeformConv2d(${cInPerGroup * groups}, ${cOut}, ${py(kernel)}, ${keywords}, groups=${groups}, bias=${bias ? 'True' : 'False'})\nm.weight = w\n${bias ? 'm.bias = b\n' : ''}y = m(x, off${mask ? ', mask=msk' : ''})`;
    assertClose(run(setup + layer), c.output, `${c.name} (DeformConv2d)`);
  }
});

test('pool.json through cells: F.max_pool2d / avg_pool2d / adaptive_avg_pool2d and their nn layers', () => {
  const cases = load('pool.json');
  assert.ok(cases.length >= 12);
  const layers: Record<string, string> = { max_pool2d: 'MaxPool2d', avg_pool2d: 'AvgPool2d', adaptive_avg_pool2d: 'AdaptiveAvgPool2d' };
  for (const c of cases) {
    const names = Object.keys(c.params);
    const keywords = kwargs(c.params, names);
    const setup = `x = ${literal(c.input)}\n`;
    assertClose(run(`${setup}y = F.${c.op}(x, ${keywords})`), c.output, `${c.name} (F.${c.op})`);
    assertClose(run(`${setup}pool = nn.${layers[c.op]}(${keywords})\ny = pool(x)`), c.output, `${c.name} (nn.${layers[c.op]})`);
  }
});

test('max_pool2d return_indices: the indices point at the maxima PyTorch reports', () => {
  const c = load('pool.json').find((k) => k.op === 'max_pool2d')!;
  const session = new Session({ settings: DEFAULT_KERNEL_SETTINGS });
  const { error } = session.execute(`x = ${literal(c.input)}\ny, idx = F.max_pool2d(x, ${kwargs(c.params, Object.keys(c.params))}, return_indices=True)`);
  assert.equal(error, null);
  const y = session.variable('y') as Tensor;
  const idx = session.variable('idx') as Tensor;
  assertClose(y, c.output, 'values');
  const [, , h, w] = c.input.shape;
  const planes = y.shape[0] * y.shape[1];
  const per = y.data.length / planes;
  for (let i = 0; i < y.data.length; i++) {
    const plane = Math.floor(i / per);
    assert.equal(c.input.data[plane * h * w + idx.data[i]], y.data[i]);
  }
});
