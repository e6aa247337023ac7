// convbook.trace_file on every model fixture, through the real runtime (CPython in Pyodide, the
// workspace import hook, placeholders), against real PyTorch's record of the same model
// (test/fixtures/models/truth.json): every module with where it was built, every call with its
// shapes, params, MACs and call site, every shape-changing functional call, the totals, and the
// planted bug's error, field by field.

import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import type { ModelTrace } from '../../../contract/trace';
import type { PythonSession } from '../../../python/runtime/python_session';
import { loadModelTruth, modelTruth, type TruthModel } from '../support/model_truth';
import { traced, traceOutcome, traceSession } from './trace_cells';

const FIXTURES = fileURLToPath(new URL('../../fixtures/models/', import.meta.url));

/**
 * The truth's record as the tracer states it. The truth's paths are relative to the fixture
 * folder, the trace's to the traced file's folder (contract/trace.ts), so for the U-Net, traced
 * as unet/model.py, 'unet/parts.py' is 'parts.py'. Nothing else is changed.
 */
function asTraced(m: TruthModel): ModelTrace {
  const folder = m.file.includes('/') ? m.file.slice(0, m.file.lastIndexOf('/') + 1) : '';
  const relative = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(relative);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'file' && typeof v === 'string' && v.startsWith(folder) ? v.slice(folder.length) : relative(v)]));
  };
  const { id: _id, module: _module, ...trace } = m;
  return relative(trace) as ModelTrace;
}

function compare(got: ModelTrace, want: ModelTrace, id: string): void {
  const scalars = ['file', 'args', 'build', 'class', 'input', 'output', 'total_params', 'trainable_params', 'total_macs', 'error'] as const;
  for (const key of scalars) assert.deepEqual(got[key], want[key], `${id}: ${key}`);
  for (const list of ['modules', 'calls', 'functional'] as const) {
    assert.equal(got[list].length, want[list].length, `${id}: number of ${list}`);
    want[list].forEach((record, i) => assert.deepEqual(got[list][i], record, `${id}: ${list}[${i}]`));
  }
  // Nothing beyond the contract's fields, nothing missing.
  assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort());
}

describe('convbook.trace_file on the model fixtures, against PyTorch', () => {
  let py: PythonSession;
  before(() => {
    py = traceSession(FIXTURES);
  });

  for (const m of loadModelTruth().models) {
    it(`${m.id}: ${m.file} with --model ${m.build} --input ${m.input.join(',')}${m.args.length ? ` --args "${m.args.join(' ')}"` : ''}`, async () => {
      const outcome = traced(await traceOutcome(py, { file: m.file, model: m.build, input: m.input, args: m.args }));
      assert.equal(outcome.input_source, 'cli');
      compare(outcome.trace, asTraced(m), m.id);
      // The outcome carries the text of every file the trace names, keyed as the trace names them.
      const named = new Set([outcome.trace.file, ...outcome.trace.modules.flatMap((r) => r.built_stack.map((f) => f.file))]);
      for (const file of named) assert.equal(typeof outcome.files?.[file], 'string', `${m.id}: source of ${file}`);
    });
  }

  it('the planted LeNet bug: the forward raises PyTorch\'s error at the forward line that calls the wrong Linear', async () => {
    const want = modelTruth('lenet_bug');
    const { trace } = traced(await traceOutcome(py, { file: 'lenet_bug.py' }));
    assert.equal(trace.build, 'Net()', 'picked by the hint on its class line');
    assert.deepEqual(trace.error, want.error);
    assert.equal(trace.error?.message, 'mat1 and mat2 shapes cannot be multiplied (1x400 and 576x120)');
    assert.deepEqual([trace.error?.at?.line, trace.error?.at?.function], [22, 'forward']);
    assert.equal(trace.output, null);
    // The calls before the failing one completed; the model's own call was interrupted.
    assert.deepEqual(trace.calls.map((c) => [c.path, c.output_shape === null]), want.calls.map((c) => [c.path, c.output_shape === null]));
  });

});
