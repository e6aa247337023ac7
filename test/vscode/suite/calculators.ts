// The command-palette calculators: each command opens the calculator panel (a webview running
// dist/calculator.js) on its tab with a given state, and the panel's answer, read back through the
// internal command convbook.calc._lastResult, is PyTorch's.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { bridge } from './bridge';
import { test } from './harness';
import { activateConvbook, closeAllEditors, waitFor } from './workbench';

interface LastResult { calculator: string; result: Record<string, unknown> }

/** Opens a calculator with `state` and waits for a result that `accept` recognises. */
async function calculate(command: string, kind: string, state: unknown, accept: (result: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  await vscode.commands.executeCommand(command, state);
  let last: LastResult | null = null;
  try {
    return await waitFor(`${command} to compute`, async () => {
      last = (await vscode.commands.executeCommand<LastResult | null>('convbook.calc._lastResult')) ?? null;
      return last?.calculator === kind && accept(last.result) ? last.result : undefined;
    }, 20_000);
  } catch (e) {
    assert.fail(`${(e as Error).message}; last result: ${JSON.stringify(last)}`);
  }
}

/** nn.Conv2d(64, 128, 3, stride=2, padding=1) on a 1×64×56×56 input. */
const CONV_LAYER = {
  op: 'conv', dims: 2, batch: '1', inChannels: '64', outChannels: '128', inputSize: '56',
  kernel: '3', stride: '2', padding: '1', dilation: '1', groups: '1', bias: true, paddingMode: 'zeros',
};

const sameShape = (a: unknown, b: number[]) => Array.isArray(a) && a.join(',') === b.join(',');

test('calculators: output size of nn.Conv2d(64, 128, 3, stride=2, padding=1) on 56×56 is (1, 128, 28, 28)', async () => {
  await activateConvbook();
  await closeAllEditors();
  const result = await calculate('convbook.calc.outputSize', 'outputSize', { layer: CONV_LAYER }, (r) => sameShape(r.inputShape, [1, 64, 56, 56]));
  assert.deepEqual(result.outputShape, [1, 128, 28, 28]);
  await bridge.screenshot('calculator-output-size');
}, { timeout: 60_000 });

test('calculators: params and MACs of the same layer are 73,856 and 57,802,752', async () => {
  await activateConvbook();
  const result = await calculate('convbook.calc.cost', 'cost', { layer: CONV_LAYER }, (r) => sameShape(r.inputShape, [1, 64, 56, 56]));
  const params = result.params as { total: number; weights: number; bias: number };
  const flops = result.flops as { macs: number };
  // weights 128·64·3·3 = 73,728 and 128 biases; one MAC per weight per output position (28·28).
  assert.deepEqual([params.weights, params.bias, params.total], [73_728, 128, 73_856]);
  assert.equal(flops.macs, 73_728 * 28 * 28);
  await bridge.screenshot('calculator-cost');
}, { timeout: 60_000 });

test('calculators: the padding that keeps 224 → 112 with a 7×7 kernel and stride 2 is 3', async () => {
  await activateConvbook();
  const solver = { unknown: 'padding', input: '224', kernel: '7', stride: '2', padding: '0', dilation: '1', wanted: '112' };
  const result = await calculate('convbook.calc.solve', 'solve', { solver }, 
    (r) => r.unknown === 'padding' && Array.isArray(r.solutions) && (r.solutions as { output: number }[]).every((x) => x.output === 112));
  const values = (result.solutions as { value: number; output: number }[]).map((s) => s.value);
  assert.deepEqual(values, [3], `solutions: ${JSON.stringify(result.solutions)}`);
  await bridge.screenshot('calculator-solve');
}, { timeout: 60_000 });

test('calculators: receptive field of conv7/2 → maxpool3/2 → conv3 is 19 with effective stride 4', async () => {
  await activateConvbook();
  const source = [
    'nn.Sequential(',
    '    nn.Conv2d(3, 64, 7, stride=2, padding=3),',
    '    nn.MaxPool2d(3, stride=2, padding=1),',
    '    nn.Conv2d(64, 128, 3, padding=1),',
    ')',
  ].join('\n');
  const result = await calculate('convbook.calc.receptiveField', 'receptiveField', { stack: { source, inputSize: '224' } },
    (r) => Array.isArray(r.layers) && r.layers.length === 3);
  // r = 7, then 7 + (3−1)·2 = 11, then 11 + (3−1)·4 = 19; jumps 2, 4, 4.
  assert.deepEqual(result.receptive_field, [19, 19]);
  assert.deepEqual(result.effective_stride, [4, 4]);
  await bridge.screenshot('calculator-receptive-field');
  await closeAllEditors();
}, { timeout: 60_000 });
