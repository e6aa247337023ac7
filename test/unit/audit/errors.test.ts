// golden-extra/errors.json: invalid calls and PyTorch's exception and exact message for each
// (F.conv, nn.Conv constructors and padding modes, transposed conv and output_size, pooling, F.pad,
// deform_conv2d, broadcasting). convbook must raise the same exception with the same text, through
// the engine and through a cell, except where audit_deliberate.ts says why it differs.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DELIBERATE, deliberateFor } from '../support/audit_deliberate';
import { disagreement, normalizeMessage, replayEngine } from '../support/audit_replay';
import { auditFile } from '../support/audit_tests';

const cases = auditFile('errors.json', 140);

test('every errors.json case is an error, and every deliberate difference is exercised', () => {
  assert.ok(cases.every((c) => c.error && !c.output));
  for (const d of DELIBERATE) {
    const hits = cases.filter((c) => deliberateFor(c, 'engine') === d || deliberateFor(c, 'cell') === d);
    assert.ok(hits.length >= 2, `${d.id} applies to ${hits.length} cases`);
  }
  const exceptions = new Set(cases.map((c) => c.error!.exception));
  for (const name of ['RuntimeError', 'ValueError', 'NotImplementedError', 'IndexError']) assert.ok(exceptions.has(name), name);
});

test('the comparison fails on another exception or another message', () => {
  const c = cases.find((k) => k.name === 'channel mismatch')!;
  const outcome = replayEngine(c);
  assert.equal(disagreement(c, outcome), null);
  assert.notEqual(disagreement({ ...c, error: { ...c.error!, exception: 'ValueError' } }, outcome), null);
  assert.notEqual(disagreement({ ...c, error: { ...c.error!, message: `${c.error!.message}.` } }, outcome), null);
  assert.notEqual(disagreement({ ...c, error: undefined, output: { shape: [1] } }, outcome), null);
});

test('Python set order in messages is compared as a set', () => {
  assert.equal(normalizeMessage("one of {'valid', 'same'}, got"), normalizeMessage("one of {'same', 'valid'}, got"));
  assert.notEqual(normalizeMessage("one of {'valid', 'same'}"), normalizeMessage("one of {'valid', 'full'}"));
});
