// shapes.json: PyTorch ran each layer stack on zeros; every output shape and parameter count must match.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatLayer } from '../../../engine/arithmetic/layer_repr';
import { paramCount } from '../../../engine/arithmetic/params';
import { outputShape } from '../../../engine/arithmetic/spec_shape';
import { summarize } from '../../../engine/arithmetic/summary';
import type { LayerSpec } from '../../../engine/layer';
import { golden, specFromConstructor } from './torch_specs';

interface StackCase {
  name: string;
  input_shape: number[];
  layers: { layer: string; output_shape: number[]; params: number }[];
  total_params: number;
}

/** A pool's stride=None and stride=kernel_size build the same module. */
function withPoolStride(spec: LayerSpec): LayerSpec {
  if ((spec.kind === 'max_pool' || spec.kind === 'avg_pool') && spec.stride.length === 0) return { ...spec, stride: [...spec.kernelSize] };
  return spec;
}

const cases = golden<StackCase>('shapes').cases;

test('shapes.json has the expected cases', () => {
  assert.equal(cases.length, 6);
});

for (const c of cases) {
  test(`shapes.json: ${c.name}: every output shape and parameter count`, () => {
    let shape = c.input_shape;
    let total = 0;
    for (const layer of c.layers) {
      const spec = specFromConstructor(layer.layer);
      shape = outputShape(spec, shape);
      assert.deepEqual(shape, layer.output_shape, layer.layer);
      const params = paramCount(spec);
      assert.equal(params.total, layer.params, layer.layer);
      assert.equal(params.weights + params.bias, params.total);
      total += params.total;
    }
    assert.equal(total, c.total_params);
  });

  test(`shapes.json: ${c.name}: summarize agrees with PyTorch`, () => {
    const layers = c.layers.map((l, i) => ({ name: `layer${i}`, spec: specFromConstructor(l.layer) }));
    const summary = summarize(layers, c.input_shape);
    assert.equal(summary.total_params, c.total_params);
    assert.deepEqual(
      summary.layers.map((r) => r.output_shape),
      c.layers.map((l) => l.output_shape),
    );
    assert.deepEqual(
      summary.layers.map((r) => r.params),
      c.layers.map((l) => l.params),
    );
  });

  test(`shapes.json: ${c.name}: formatLayer round-trips through the constructor reader`, () => {
    let shape = c.input_shape;
    for (const layer of c.layers) {
      const spec = specFromConstructor(layer.layer);
      const printed = formatLayer(spec, shape);
      assert.deepEqual(withPoolStride(specFromConstructor(printed)), withPoolStride(spec), printed);
      shape = outputShape(spec, shape);
    }
  });
}
