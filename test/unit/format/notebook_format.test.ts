import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNotebook, serializeNotebook, NotebookFormatError, type NotebookData } from '../../../lang/formats/notebook_format';
import { locateJsonError } from '../../../lang/formats/json_locate';

const sample: NotebookData = {
  metadata: { title: 'demo', author: { name: 'a', id: 2 } },
  cells: [
    { kind: 'markdown', source: '# Padding\n\nKeeps the size.' },
    { kind: 'code', language: 'convbook', source: 'x = randn(1, 1, 5, 5, seed=0)\ny = F.conv2d(x, k, padding=1)\ny' },
    { kind: 'code', language: 'convbook', source: '', metadata: { tags: ['slow'] } },
  ],
};

test('round trip: parse(serialize(nb)) gives the notebook back', () => {
  assert.deepEqual(parseNotebook(serializeNotebook(sample)), sample);
});

test('open → save is byte-identical for files convbook wrote', () => {
  const text = serializeNotebook(sample);
  assert.equal(serializeNotebook(parseNotebook(text)), text);
});

test('same content gives the same bytes whatever the metadata key order', () => {
  const shuffled: NotebookData = { ...sample, metadata: { author: { id: 2, name: 'a' }, title: 'demo' } };
  assert.equal(serializeNotebook(shuffled), serializeNotebook(sample));
});

test('sources are stored one line per string, so diffs are line-based', () => {
  const json = JSON.parse(serializeNotebook(sample));
  assert.deepEqual(json.cells[1].source, ['x = randn(1, 1, 5, 5, seed=0)', 'y = F.conv2d(x, k, padding=1)', 'y']);
});

test('CRLF and trailing whitespace inside cells survive the round trip', () => {
  const nb: NotebookData = { metadata: {}, cells: [{ kind: 'code', language: 'convbook', source: 'a = 1\r\nb = 2  \n\n' }] };
  assert.deepEqual(parseNotebook(serializeNotebook(nb)), nb);
});

test('outputs are dropped by default and kept on request', () => {
  const withOutputs: NotebookData = {
    metadata: {},
    cells: [{ kind: 'code', language: 'convbook', source: '1', outputs: [{ items: [{ mime: 'text/plain', value: '1' }] }] }],
  };
  assert.equal(parseNotebook(serializeNotebook(withOutputs)).cells[0].outputs, undefined);
  assert.deepEqual(parseNotebook(serializeNotebook(withOutputs, { keepOutputs: true })), withOutputs);
});

test('an empty file is an empty notebook', () => {
  assert.deepEqual(parseNotebook(''), { metadata: {}, cells: [] });
  assert.deepEqual(parseNotebook('  \n'), { metadata: {}, cells: [] });
});

test('invalid JSON names the problem with line and column', () => {
  const text = '{\n  "cells": [\n    {"kind": "code", "source": "x"}\n    {"kind": "code"}\n  ]\n}\n';
  assert.throws(() => parseNotebook(text), (e: unknown) => {
    assert.ok(e instanceof NotebookFormatError);
    assert.equal(e.line, 4);
    assert.equal(e.column, 5);
    assert.match(e.message, /expected ',' or '\]'/);
    return true;
  });
});

test('a truncated file reports the end of file', () => {
  const text = serializeNotebook(sample);
  const cut = text.slice(0, 40);
  assert.throws(() => parseNotebook(cut), (e: unknown) => e instanceof NotebookFormatError && /end of file|unterminated/.test(e.message) && e.line! >= 1);
});

test('schema errors name the field and point at the cell', () => {
  const text = '{\n  "cells": [\n    {"kind": "code", "source": "x"},\n    {"kind": "python", "source": "y"}\n  ]\n}';
  assert.throws(() => parseNotebook(text), (e: unknown) => {
    assert.ok(e instanceof NotebookFormatError);
    assert.match(e.message, /cells\[1\]\.kind must be "markdown" or "code", not "python"/);
    assert.equal(e.line, 4);
    assert.equal(e.column, 5);
    return true;
  });
  assert.throws(() => parseNotebook('{"cells": {}}'), /"cells" must be a list/);
  assert.throws(() => parseNotebook('[1, 2]'), /must be a JSON object/);
  assert.throws(() => parseNotebook('{"cells": [{"kind": "code", "source": [1]}]}'), /cells\[0\]\.source must be a string or a list of strings/);
});

test('a file from a newer format version is refused rather than misread', () => {
  assert.throws(() => parseNotebook('{"convbook": 99, "cells": []}'), /format version 99/);
});

test('the JSON locator agrees with JSON.parse on what is valid (seeded mutations)', () => {
  let seed = 12345;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const base = serializeNotebook(sample);
  const alphabet = '{}[]",:0123456789-.eEtrufalsn \n\\x';
  for (let trial = 0; trial < 3000; trial++) {
    let text = base;
    const edits = 1 + Math.floor(rand() * 3);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(rand() * text.length);
      const op = rand();
      if (op < 0.4) text = text.slice(0, at) + text.slice(at + 1);
      else if (op < 0.8) text = text.slice(0, at) + alphabet[Math.floor(rand() * alphabet.length)] + text.slice(at);
      else text = text.slice(0, at);
    }
    let valid = true;
    try {
      JSON.parse(text);
    } catch {
      valid = false;
    }
    const where = locateJsonError(text);
    assert.equal(where === null, valid, `disagreement on: ${JSON.stringify(text)}`);
    if (where) {
      assert.ok(where.offset >= 0 && where.offset <= text.length);
      assert.ok(where.line >= 1 && where.column >= 1);
    }
  }
});

test('fields this version does not know survive open → save', () => {
  const text = '{\n  "convbook": 1,\n  "cells": [\n    {\n      "kind": "code",\n      "source": [\n        "x"\n      ],\n      "collapsed": true\n    }\n  ],\n  "tool": {\n    "name": "x"\n  }\n}\n';
  const nb = parseNotebook(text);
  assert.deepEqual(nb.extra, { tool: { name: 'x' } });
  assert.deepEqual(nb.cells[0].extra, { collapsed: true });
  assert.equal(serializeNotebook(nb), text);
});
