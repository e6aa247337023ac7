// golden-extra/stacks.json: layer stacks as a user types them (grouped, depthwise, transposed,
// padding modes, ceil_mode pools, 1-d, 3-d, unbatched); PyTorch's output shape and parameter
// count after every layer must come out of the layer specs, the editor's reading of an
// nn.Sequential, and a cell that builds the model, runs it and summarises it.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { MIME, type SummaryPayload } from '../../../contract';
import { paramCount } from '../../../engine/arithmetic/params';
import { outputShape } from '../../../engine/arithmetic/spec_shape';
import { layerSpecFromCall } from '../../../lang/syntax/layer_from_call';
import { findLayerCalls } from '../../../lang/pyfile/python_layers';
import { readConstructor } from '../support/audit_replay';
import { execute } from '../support/cells';

interface StackCase {
  name: string;
  input_shape: number[];
  layers: { layer: string; output_shape: number[]; params: number }[];
  total_params: number;
}

const { cases } = JSON.parse(readFileSync(new URL('../../fixtures/golden-extra/stacks.json', import.meta.url), 'utf8')) as { cases: StackCase[] };

test('stacks.json has its cases', () => assert.ok(cases.length >= 8, `${cases.length} cases`));

for (const c of cases) {
  test(`stacks.json: ${c.name}: the layer specs give every shape and parameter count`, () => {
    let shape = c.input_shape;
    for (const layer of c.layers) {
      const { callee, positional, keywords } = readConstructor(layer.layer);
      const spec = layerSpecFromCall(callee, positional, keywords);
      shape = outputShape(spec, shape);
      assert.deepEqual(shape, layer.output_shape, layer.layer);
      assert.equal(paramCount(spec).total, layer.params, layer.layer);
    }
  });

  test(`stacks.json: ${c.name}: the editor reads the nn.Sequential with an input hint`, () => {
    const source = ['import torch.nn as nn', `# input: (${c.input_shape.join(', ')})`, 'model = nn.Sequential(', ...c.layers.map((l) => `    ${l.layer},`), ')', ''].join('\n');
    const calls = findLayerCalls(source);
    assert.equal(calls.length, c.layers.length);
    calls.forEach((call, i) => {
      assert.deepEqual(call.problems, [], c.layers[i].layer);
      assert.deepEqual(call.outputShape, c.layers[i].output_shape, c.layers[i].layer);
      assert.equal(call.params?.total, c.layers[i].params, c.layers[i].layer);
    });
  });

  test(`stacks.json: ${c.name}: a cell runs the model and summarises it`, async () => {
    const source = [
      'from convbook import summary',
      'model = nn.Sequential(',
      ...c.layers.map((l) => `    ${l.layer},`),
      ')',
      `y = model(torch.zeros(${c.input_shape.join(', ')}))`,
      `summary(model, input_size=(${c.input_shape.join(', ')}))`,
    ].join('\n');
    const { outputs, error, variable } = await execute(source);
    assert.equal(error, null, JSON.stringify(error));
    const y = await variable('y');
    assert.ok(y && 'tensor' in y);
    assert.deepEqual([...y.tensor.shape], c.layers[c.layers.length - 1].output_shape);
    const item = outputs.flatMap((o) => o.items).find((i) => i.mime === MIME.summary);
    assert.ok(item, 'a summary output');
    const summary = item.value as SummaryPayload;
    assert.equal(summary.total_params, c.total_params);
    // One row per module call: the Sequential's own (no parentheses in its name), then its layers'.
    const leaves = summary.layers.filter((r) => r.layer.includes('('));
    assert.equal(leaves.length, summary.layers.length - 1);
    assert.deepEqual(leaves.map((r) => r.output_shape), c.layers.map((l) => l.output_shape));
    assert.deepEqual(leaves.map((r) => r.params), c.layers.map((l) => l.params));
  });
}
