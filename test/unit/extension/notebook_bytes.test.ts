// The corrupt-file policy: an unreadable .convnb opens as an explanation with the position of the
// problem, and saving that explanation is refused so the bytes on disk survive.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  RefusedSaveError,
  UNREADABLE_KEY,
  firstInvalidUtf8Offset,
  readNotebookBytes,
  unreadableInfo,
  writeNotebookBytes,
} from '../../../extension/notebook_bytes';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

describe('readNotebookBytes', () => {
  it('reads a good notebook and writes the same bytes back', () => {
    const text = JSON.stringify({ convbook: 1, cells: [{ kind: 'code', source: ['x = 1'] }, { kind: 'markdown', source: ['# hi'] }] }, null, 2) + '\n';
    const data = readNotebookBytes(enc(text));
    assert.equal(unreadableInfo(data.metadata), undefined);
    assert.equal(data.cells.length, 2);
    assert.equal(data.cells[0].source, 'x = 1');
    assert.equal(dec(writeNotebookBytes(data, { keepOutputs: false })), text);
  });

  it('opens an empty file as an empty, savable notebook', () => {
    const data = readNotebookBytes(new Uint8Array());
    assert.deepEqual(data.cells, []);
    assert.ok(writeNotebookBytes(data, { keepOutputs: false }).length > 0);
  });

  it('turns broken JSON into one markdown cell naming the line and column', () => {
    const text = '{\n  "convbook": 1,\n  "cells": [\n    {"kind": "code", "source": ["x"]\n  ]\n}\n';
    const data = readNotebookBytes(enc(text));
    const info = unreadableInfo(data.metadata);
    assert.ok(info, 'marked unreadable');
    assert.equal(info.line, 5);
    assert.equal(typeof info.column, 'number');
    assert.equal(data.cells.length, 1);
    assert.equal(data.cells[0].kind, 'markdown');
    assert.match(data.cells[0].source, /could not be opened/);
    assert.match(data.cells[0].source, /line 5, column \d+/);
    assert.match(data.cells[0].source, /not valid JSON/);
  });

  it('positions schema errors (a bad cell kind) and keeps the rule in the message', () => {
    const text = '{\n  "cells": [\n    {"kind": "code", "source": "a"},\n    {"kind": "raw", "source": "b"}\n  ]\n}\n';
    const info = unreadableInfo(readNotebookBytes(enc(text)).metadata)!;
    assert.equal(info.line, 4);
    assert.match(info.message, /cells\[1\]\.kind/);
    assert.doesNotMatch(info.message, /\(line/);
  });

  it('refuses files from a newer format version rather than dropping what it does not know', () => {
    const info = unreadableInfo(readNotebookBytes(enc('{"convbook": 99, "cells": []}')).metadata);
    assert.match(info!.message, /version/);
  });

  it('reports the first byte of invalid UTF-8 with its line and column', () => {
    const bytes = new Uint8Array([...enc('{\n  "cells": ["é'), 0xc3, 0x28, ...enc('"]}')]);
    const info = unreadableInfo(readNotebookBytes(bytes).metadata)!;
    assert.match(info.message, /not UTF-8/);
    assert.match(info.message, /byte 17 \(0xc3\)/);
    assert.equal(info.line, 2);
    assert.equal(info.column, 15);
  });

  it('drops a stray unreadable marker from a readable file, so it stays savable', () => {
    const data = readNotebookBytes(enc(JSON.stringify({ metadata: { [UNREADABLE_KEY]: { message: 'x' }, keep: 1 }, cells: [] })));
    assert.deepEqual(data.metadata, { keep: 1 });
    assert.doesNotThrow(() => writeNotebookBytes(data, { keepOutputs: false }));
  });
});

describe('writeNotebookBytes refuses to overwrite an unreadable file', () => {
  it('throws for the explanation notebook, even after the user edited it', () => {
    const data = readNotebookBytes(enc('{"cells": [oops]}'));
    assert.throws(() => writeNotebookBytes(data, { keepOutputs: true }), RefusedSaveError);
    const edited = { ...data, cells: [...data.cells, { kind: 'code' as const, source: 'y = 2', language: 'convbook' }] };
    assert.throws(() => writeNotebookBytes(edited, { keepOutputs: false }), /will not save this notebook.*line 1, column 12/s);
  });

  it('keeps outputs only when asked', () => {
    const data = readNotebookBytes(enc('{"cells": [{"kind": "code", "source": "x", "outputs": [{"items": [{"mime": "text/plain", "value": "1"}]}]}]}'));
    assert.match(dec(writeNotebookBytes(data, { keepOutputs: true })), /"outputs"/);
    assert.doesNotMatch(dec(writeNotebookBytes(data, { keepOutputs: false })), /"outputs"/);
  });
});

describe('firstInvalidUtf8Offset', () => {
  const cases: [number[], number][] = [
    [[0x61, 0x62], 2],
    [[0x61, 0x80], 1],
    [[0xc3, 0x28], 0],
    [[0xc3, 0xa9, 0xff], 2],
    [[0x61, 0xe2, 0x82, 0x28], 1],
    [[0x61, 0x62, 0xe2, 0x82], 2],
    [[0xed, 0xa0, 0x80], 0],
  ];
  for (const [bytes, want] of cases) {
    it(`${bytes.map((b) => b.toString(16)).join(' ')} → ${want}`, () => {
      assert.equal(firstInvalidUtf8Offset(new Uint8Array(bytes)), want);
    });
  }
});
