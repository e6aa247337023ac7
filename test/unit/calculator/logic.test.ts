// The calculator's pure logic: form → layer call, payloads, solver answers, a pasted stack's
// receptive field, and convbook cells that really run. Expected numbers are PyTorch's (the golden
// shape, transpose and receptive-field cases), not re-derived from the code under test.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MIME } from '../../../contract';
import { execute } from '../support/cells';
import { parseInts } from '../../../calculator/fields';
import { evaluateLayer, layerCall, layerCellSource, layerSummary } from '../../../calculator/layer';
import { solve, solverCellSource } from '../../../calculator/solver';
import { stackCellSource, stackReceptiveField } from '../../../calculator/stack';
import { DEFAULT_LAYER, DEFAULT_SOLVER, DEFAULT_STACK, DEFAULT_STATE, applyInit, restoreState, type LayerForm } from '../../../calculator/state';

const golden = (file: string) => JSON.parse(readFileSync(new URL(`../../fixtures/golden/${file}.json`, import.meta.url), 'utf8')).cases;

function form(patch: Partial<LayerForm>): LayerForm {
  return { ...DEFAULT_LAYER, ...patch };
}

/** Runs an inserted cell as the kernel runs it: real Python, from an empty namespace, no imports but its own. */
function run(source: string) {
  return execute(source, false);
}

describe('calculator: reading the form', () => {
  it('parses ints per axis', () => {
    assert.deepEqual(parseInts('3', 2, 'kernel', 'k'), { ok: true, value: [3, 3] });
    assert.deepEqual(parseInts('(3, 5)', 2, 'kernel', 'k'), { ok: true, value: [3, 5] });
    assert.deepEqual(parseInts('[3,5]', 2, 'kernel', 'k'), { ok: true, value: [3, 5] });
    const bad = parseInts('3, 5, 7', 2, 'kernel', 'kernel_size');
    assert.equal(bad.ok, false);
    assert.match(!bad.ok ? bad.errors[0].message : '', /one value or 2/);
    const neg = parseInts('-1', 2, 'padding', 'padding', 0);
    assert.match(!neg.ok ? neg.errors[0].message : '', /at least 0/);
    const word = parseInts('three', 1, 'kernel', 'kernel_size');
    assert.match(!word.ok ? word.errors[0].message : '', /'three' is not a whole number/);
  });

  it('writes the constructor with only the non-default arguments', () => {
    const call = (patch: Partial<LayerForm>) => {
      const r = layerCall(form(patch));
      assert.ok(r.ok);
      return r.value.source;
    };
    assert.equal(call({}), 'nn.Conv2d(3, 16, 3, padding=1)');
    assert.equal(call({ kernel: '3, 5', stride: '2', padding: '0', bias: false, groups: '1', dilation: '2' }), 'nn.Conv2d(3, 16, (3, 5), stride=2, bias=False, dilation=2)');
    assert.equal(call({ padding: "'same'" }), "nn.Conv2d(3, 16, 3, padding='same')");
    assert.equal(call({ op: 'conv_transpose', stride: '2', padding: '1', outputPadding: '1' }), 'nn.ConvTranspose2d(3, 16, 3, stride=2, padding=1, output_padding=1)');
    assert.equal(call({ op: 'max_pool', kernel: '2', stride: '', padding: '0', ceilMode: true }), 'nn.MaxPool2d(2, ceil_mode=True)');
    assert.equal(call({ op: 'avg_pool', kernel: '3', stride: '2', padding: '1', countIncludePad: false }), 'nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False)');
    assert.equal(call({ dims: 1, kernel: '7', stride: '2', padding: '3', paddingMode: 'reflect' }), "nn.Conv1d(3, 16, 7, stride=2, padding=3, padding_mode='reflect')");
  });
});

describe('calculator: evaluating a layer', () => {
  it('matches PyTorch on the golden layer stacks', () => {
    // Layers of test/fixtures/golden/shapes.json, typed into the form.
    const cases: [Partial<LayerForm>, number[]][] = [
      [{ inChannels: '3', outChannels: '16', kernel: '3', padding: '1', inputSize: '32' }, [1, 16, 32, 32]],
      [{ batch: '2', inChannels: '1', outChannels: '4', kernel: '5', stride: '3', padding: '2', dilation: '2', inputSize: '37, 29' }, [2, 4, 11, 9]],
      [{ op: 'max_pool', batch: '2', inChannels: '4', kernel: '3', stride: '2', padding: '0', ceilMode: true, inputSize: '11, 9' }, [2, 4, 5, 4]],
      [{ op: 'conv_transpose', batch: '2', inChannels: '4', outChannels: '2', kernel: '3', stride: '2', padding: '1', outputPadding: '1', inputSize: '5, 4' }, [2, 2, 10, 8]],
      [{ inChannels: '2', outChannels: '3', kernel: '4', padding: 'same', inputSize: '10, 9' }, [1, 3, 10, 9]],
      [{ dims: 1, batch: '4', inChannels: '8', outChannels: '16', kernel: '7', stride: '2', padding: '3', inputSize: '100' }, [4, 16, 50]],
      [{ dims: 3, inChannels: '3', outChannels: '8', kernel: '3, 5, 5', stride: '1, 2, 2', padding: '1, 2, 2', inputSize: '16, 56, 56' }, [1, 8, 16, 28, 28]],
    ];
    const expectedParams = [448, 104, 0, 74, 99, 912, 1808];
    cases.forEach(([patch, shape], i) => {
      const r = evaluateLayer(form(patch));
      assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
      assert.deepEqual(r.value.outputShape, shape, `case ${i}`);
      assert.equal(r.value.formula.params?.total ?? 0, expectedParams[i], `params of case ${i}`);
      assert.deepEqual(r.value.formula.outputSize?.map((a) => a.result), shape.slice(2), `formula results of case ${i}`);
      const spatial = r.value.inputShape.slice(2);
      if (spatial.length <= 2 && spatial.every((n) => n <= 64)) assert.deepEqual(r.value.sweep?.config.outputSize, shape.slice(2), `sweep geometry of case ${i}`);
      else assert.equal(r.value.sweep, null, `case ${i}: 3-D or large layers get no live sweep`);
    });
    assert.ok(golden('shapes').length >= 5);
  });

  it('names the field at fault, with PyTorch’s message', () => {
    const err = (patch: Partial<LayerForm>) => {
      const r = evaluateLayer(form(patch));
      assert.equal(r.ok, false);
      return !r.ok ? r.errors : [];
    };
    assert.equal(err({ groups: '2' })[0].field, 'groups');
    assert.match(err({ groups: '2' })[0].message, /ValueError: in_channels must be divisible by groups/);
    assert.equal(err({ padding: 'same', stride: '2' })[0].field, 'padding');
    assert.equal(err({ op: 'conv_transpose', stride: '2', outputPadding: '2' })[0].field, 'outputPadding');
    // PyTorch's complaint names the kernel: it does not fit the (padded) input.
    assert.equal(err({ kernel: '11', padding: '0', inputSize: '8' })[0].field, 'kernel');
    assert.match(err({ kernel: '11', padding: '0', inputSize: '8' })[0].message, /^RuntimeError: .*[Kk]ernel size can't be greater than actual input size/);
    assert.equal(err({ op: 'max_pool', dims: 1 })[0].field, 'dims');
    const several = err({ kernel: 'x', stride: '0' });
    assert.deepEqual(several.map((e) => e.field).sort(), ['kernel', 'stride']);
  });

  it('keeps the live sweep preview to inputs it can draw', () => {
    const r = evaluateLayer(form({ inputSize: '224' }));
    assert.ok(r.ok);
    assert.equal(r.value.sweep, null);
    assert.match(r.value.notes.join(' '), /preview stops at 64/);
  });

  it('inserts cells that run in convbook and show the same thing', async () => {
    const f = form({ stride: '2', inputSize: '9' });
    const sweep = layerCellSource(f, 'sweep');
    assert.ok(sweep.ok);
    assert.equal(sweep.value, 'import torch.nn as nn\nfrom convbook import sweep\nlayer = nn.Conv2d(3, 16, 3, stride=2, padding=1)\nsweep(layer, input_size=(1, 3, 9, 9))\n');
    const r1 = await run(sweep.value);
    assert.equal(r1.error, null, JSON.stringify(r1.error));
    const sweepItem = r1.outputs[0].items.find((i) => i.mime === MIME.sweep);
    assert.deepEqual((sweepItem?.value as { config: { outputSize: number[] } }).config.outputSize, [5, 5]);
    const cost = layerCellSource(f, 'cost');
    assert.ok(cost.ok);
    const r2 = await run(cost.value);
    assert.equal(r2.error, null);
    assert.ok(r2.outputs[0].items.some((i) => i.mime === MIME.formula));
  });
});

describe('calculator: solver', () => {
  it("finds padding='same' for a 3×3 conv that keeps 32", () => {
    const r = solve(DEFAULT_SOLVER);
    assert.ok(r.ok);
    assert.equal(r.value.result.solutions[0].value, 1);
    assert.equal(r.value.layer, 'nn.Conv1d(1, 1, 3, padding=1)');
  });

  it('finds the output_padding of the golden transposed conv (4 → 8 with k3 s2 p1)', () => {
    const c = golden('transpose').find((x: { name: string }) => x.name === 'k3 s2 p1 output_padding 1 bias');
    assert.equal(c.output.shape[2], 8);
    const r = solve({ unknown: 'output_padding', input: String(c.input.shape[2]), kernel: '3', stride: '2', padding: '1', dilation: '1', wanted: String(c.output.shape[2]) });
    assert.ok(r.ok);
    assert.deepEqual(r.value.result.solutions.map((s) => s.value), [c.params.output_padding]);
  });

  it('finds AlexNet’s first stride (224 → 55 with k11 p2)', () => {
    const r = solve({ unknown: 'stride', input: '224', kernel: '11', stride: '1', padding: '2', dilation: '1', wanted: '55' });
    assert.ok(r.ok);
    assert.equal(r.value.result.solutions[0].value, 4);
  });

  it('explains when nothing works, and inserts a runnable check otherwise', async () => {
    // A stride only shrinks: no stride turns 32 into 100.
    const none = solve({ ...DEFAULT_SOLVER, unknown: 'stride', wanted: '100' });
    assert.ok(none.ok);
    assert.equal(none.value.result.solutions.length, 0);
    assert.ok(none.value.result.explanation.length > 0);
    const cell = solverCellSource({ unknown: 'stride', input: '224', kernel: '11', stride: '1', padding: '2', dilation: '1', wanted: '55' });
    assert.ok(cell.ok);
    const r = await run(cell.value);
    assert.equal(r.error, null);
    const text = r.outputs[0].items.find((i) => i.mime === MIME.plain)?.value;
    assert.match(String(text), /torch\.Size\(\[1, 1, 55\]\)/);
    const bad = solve({ ...DEFAULT_SOLVER, kernel: '' });
    assert.equal(bad.ok, false);
    assert.equal(!bad.ok && bad.errors[0].field, 'kernel');
  });
});

describe('calculator: receptive field of a pasted stack', () => {
  it('matches PyTorch on the golden chains', () => {
    for (const c of golden('receptive_field') as { name: string; layers: { kind: string; kernel_size: number; stride: number; padding: number; dilation: number }[]; receptive_field: number; effective_stride: number }[]) {
      const lines = c.layers.map((l) =>
        l.kind === 'maxpool'
          ? `    nn.MaxPool2d(${l.kernel_size}, stride=${l.stride}, padding=${l.padding}, dilation=${l.dilation}),`
          : `    nn.Conv2d(8, 8, ${l.kernel_size}, stride=${l.stride}, padding=${l.padding}, dilation=${l.dilation}),`,
      );
      const r = stackReceptiveField({ source: `nn.Sequential(\n${lines.join('\n')}\n)`, inputSize: '' });
      assert.ok(r.ok, c.name);
      assert.deepEqual(r.value.payload.receptive_field, [c.receptive_field, c.receptive_field], c.name);
      assert.deepEqual(r.value.payload.effective_stride, [c.effective_stride, c.effective_stride], c.name);
    }
  });

  it('stops where the spatial chain ends, and says so', () => {
    const r = stackReceptiveField({ source: 'nn.Conv2d(3, 8, 3)\nnn.ReLU()\nnn.Conv2d(8, 8, 3, stride=2)\nnn.Flatten()\nnn.Linear(8, 2)', inputSize: '' });
    assert.ok(r.ok);
    // k3 s1 then k3 s2: 3 + (3 − 1)·1 = 5.
    assert.deepEqual(r.value.payload.receptive_field, [5, 5]);
    assert.match(r.value.skipped.join(' '), /nn\.Flatten\(\) and everything after it/);
    const empty = stackReceptiveField({ source: 'x = 1', inputSize: '' });
    assert.equal(empty.ok, false);
  });

  it('inserts a runnable receptive_field cell', async () => {
    const cell = stackCellSource(DEFAULT_STACK);
    assert.ok(cell.ok);
    const r = await run(cell.value);
    assert.equal(r.error, null, JSON.stringify(r.error));
    const item = r.outputs[0].items.find((i) => i.mime === MIME.receptiveField)?.value as { receptive_field: number[] };
    const direct = stackReceptiveField(DEFAULT_STACK);
    assert.ok(direct.ok);
    assert.deepEqual(item.receptive_field, direct.value.payload.receptive_field);
  });
});

describe('calculator: saved state', () => {
  it('falls back to the defaults for anything missing or malformed', () => {
    assert.deepEqual(restoreState(undefined), restoreState({}));
    const s = restoreState({ tab: 'rf', layer: { op: 'avg_pool', kernel: '5', dims: 7, bias: 'yes' }, solver: null, stack: { source: 'nn.Conv2d(1,1,3)' } });
    assert.equal(s.tab, 'rf');
    assert.equal(s.layer.op, 'avg_pool');
    assert.equal(s.layer.kernel, '5');
    assert.equal(s.layer.dims, DEFAULT_LAYER.dims);
    assert.equal(s.layer.bias, DEFAULT_LAYER.bias);
    assert.deepEqual(s.solver, DEFAULT_SOLVER);
    assert.equal(s.stack.source, 'nn.Conv2d(1,1,3)');
    assert.equal(restoreState({ tab: 'nope' }).tab, 'size');
  });
});

describe("calculator: the extension's messages", () => {
  it('selects the tab from init and takes a receptive-field pre-fill', () => {
    assert.equal(applyInit(DEFAULT_STATE, { type: 'ready' }), null);
    assert.equal(applyInit(DEFAULT_STATE, { type: 'init', calculator: 'nope' }), null);
    assert.equal(applyInit(DEFAULT_STATE, { type: 'init', calculator: 'solve' })?.state.tab, 'solver');
    const r = applyInit(DEFAULT_STATE, {
      type: 'init',
      calculator: 'receptiveField',
      state: { layers: [], source: 'nn.Conv2d(3, 8, kernel_size=(3, 3))', input_size: [1, 3, 64, 48], notes: ['a note'] },
    });
    assert.ok(r);
    assert.equal(r.state.tab, 'rf');
    assert.deepEqual(r.state.stack, { source: 'nn.Conv2d(3, 8, kernel_size=(3, 3))', inputSize: '64, 48' });
    assert.deepEqual(r.notes, ['a note']);
    const stack = stackReceptiveField(r.state.stack);
    assert.ok(stack.ok);
    assert.deepEqual(stack.value.payload.receptive_field, [3, 3]);
  });

  it('reports what the output-size tab computed', () => {
    const summary = layerSummary('size', evaluateLayer(form({ kernel: '3', stride: '3', padding: '0', inputSize: '8' }))) as { outputShape: number[]; axes: { uncovered: number[] }[] };
    assert.deepEqual(summary.outputShape, [1, 16, 2, 2]);
    // 8 cells, windows at 0 and 3 read up to cell 5: cells 6 and 7 are never read.
    assert.deepEqual(summary.axes[0].uncovered, [6, 7]);
    assert.deepEqual(layerSummary('size', evaluateLayer(form({ groups: '2' }))), { errors: [{ field: 'groups', message: 'ValueError: in_channels must be divisible by groups' }] });
  });
});
