// What the editor says when a file is not traced, and its status bar item, on the tracer's
// answers: real PyTorch's traces of the fixtures (truth.json) and untraced outcomes as the
// tracer words them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { traceStatus, untracedHoverLine, type DocumentTrace } from '../../../extension/editor/trace_status_text';
import type { TraceOutcome } from '../../../contract/trace';
import { modelTruth } from '../support/model_truth';

const untraced: TraceOutcome = {
  status: 'untraced',
  reason: 'no model to pick: resnet18, resnet34 and resnet50 all build without arguments',
  at: null,
  skipped: [],
};

const positioned: TraceOutcome = {
  status: 'untraced',
  reason: "name 'opt' is not defined: it is set only in branches of which none ran",
  at: { file: 'train.py', line: 42, column: 4, end_line: 42, end_column: 7, function: '<module>' },
  skipped: [],
};

const state = (outcome: TraceOutcome, busy = false): DocumentTrace => ({ kind: 'outcome', outcome, stale: false, busy });

test('an untraced file: the hover says why in one line, with the position (1-based column), and how to trace it', () => {
  const line = untracedHoverLine(state(positioned))!;
  assert.equal(line.split('\n').length, 1);
  assert.match(line, /^\*Not traced: name 'opt' is not defined: it is set only in branches of which none ran \(train\.py:42:5\); write `# input: \(N, C, H, W\)` on the model's `class` line, or pick the model with the code lens above it\. Shapes below follow only from literals and `# input:` hints\.\*$/);
  assert.match(untracedHoverLine(state(untraced))!, /no model to pick: resnet18, resnet34 and resnet50 all build without arguments;/);
});

test('the tracer\'s advice to give --model becomes the code lens in the editor, and is not repeated', () => {
  const several: TraceOutcome = {
    status: 'untraced',
    reason: 'several models could be traced (resnet18(), resnet34(), resnet50()); write `# input: (N, C, H, W)` on the one to trace, or give --model',
    at: null,
    skipped: [],
  };
  assert.equal(
    untracedHoverLine(state(several)),
    '*Not traced: several models could be traced (resnet18(), resnet34(), resnet50()); write `# input: (N, C, H, W)` on the one to trace, or pick one with the code lens above its class or factory. Shapes below follow only from literals and `# input:` hints.*',
  );
  const none = { ...several, reason: "no model to trace: no `# input:` hint on a model, and no nn.Module this file builds without arguments; write `# input: (N, C, H, W)` on the model's class line, or give --model and --input" };
  assert.match(untracedHoverLine(state(none))!, /class line, or pick one with the code lens above its class or factory\. Shapes/);
  assert.match(traceStatus(state(several), 'resnet.py').tooltip, /or pick one with the code lens above its class or factory$/);
});

test('a file that is not traced by choice or trust says so, and a traced file has no such line', () => {
  assert.match(untracedHoverLine({ kind: 'off', why: 'untrusted' })!, /not trusted.*Workspace Trust/);
  assert.match(untracedHoverLine({ kind: 'off', why: 'setting' })!, /convbook\.editor\.trace/);
  assert.match(untracedHoverLine({ kind: 'pending' })!, /still running/);
  const traced: TraceOutcome = { status: 'traced', input_source: 'hint', trace: modelTruth('resnet18'), skipped: [] };
  assert.equal(untracedHoverLine(state(traced)), null);
});

test('the status bar: traced, raised, untraced, tracing', () => {
  const ok = traceStatus(state({ status: 'traced', input_source: 'setting', trace: modelTruth('vgg16'), skipped: [] }), 'vgg.py');
  assert.deepEqual([ok.text, ok.severity], ['$(check) convbook: vgg16()', 'info']);
  assert.match(ok.tooltip, /assumed input/);
  const bug = traceStatus(state({ status: 'traced', input_source: 'hint', trace: modelTruth('lenet_bug'), skipped: [] }), 'lenet_bug.py');
  assert.equal(bug.severity, 'error');
  assert.match(bug.tooltip, /^RuntimeError: mat1 and mat2 shapes cannot be multiplied \(1x400 and 576x120\) at lenet_bug\.py:\d+/);
  const not = traceStatus(state(positioned, true), 'train.py');
  assert.deepEqual([not.text, not.severity], ['$(sync~spin) convbook: not traced', 'warning']);
  assert.match(not.tooltip, /train\.py:42:5/);
  assert.equal(traceStatus({ kind: 'pending' }, 'a.py').text, '$(sync~spin) convbook: tracing');
  assert.match(traceStatus({ kind: 'off', why: 'untrusted' }, 'a.py').tooltip, /not trusted/);
});
