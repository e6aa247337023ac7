// conv.json, transpose.json, pool.json and deform.json: for every PyTorch case the output shape from
// the layer description, the per-axis formula results and the sweep geometry equal PyTorch's output.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outputSizeFormulas } from '../../../engine/arithmetic/output_formula';
import { outputShape, windowConfigFor } from '../../../engine/arithmetic/spec_shape';
import { golden, isWindowSpec, specFromCase, type WindowCase } from './torch_specs';

const files = ['conv', 'transpose', 'pool', 'deform'] as const;
const expectedCounts = { conv: 28, transpose: 11, pool: 12, deform: 7 };

for (const file of files) {
  const cases = golden<WindowCase>(file).cases;

  test(`${file}.json: all ${expectedCounts[file]} cases are present`, () => {
    assert.equal(cases.length, expectedCounts[file]);
  });

  for (const c of cases) {
    test(`${file}.json: ${c.op} ${c.name}`, () => {
      const spec = specFromCase(c);
      assert.deepEqual(outputShape(spec, c.input.shape), c.output.shape);
      if (!isWindowSpec(spec)) return;
      const formulas = outputSizeFormulas(spec, c.input.shape);
      const spatial = c.output.shape.slice(2);
      assert.deepEqual(
        formulas.map((f) => f.result),
        spatial,
      );
      for (const f of formulas) {
        // The substituted formula ends with the result it claims.
        assert.ok(f.substituted.text.endsWith(`= ${f.result}`), f.substituted.text);
        assert.ok(f.substituted.latex.endsWith(`= ${f.result}`), f.substituted.latex);
      }
      const config = windowConfigFor(spec, c.input.shape);
      assert.deepEqual(config.outputSize, spatial);
      assert.deepEqual(config.inputSize, c.input.shape.slice(2));
      // Only the spatial sizes: the same geometry without channel checks.
      assert.deepEqual(windowConfigFor(spec, c.input.shape.slice(2)).outputSize, spatial);
    });
  }
}
