// No silent data loss: the CLI never writes over what it read or over an existing notebook
// without --force, percent scripts keep every cell whole, and a notebook with a repeated key
// is unreadable (and so never saved over) instead of quietly losing one of the values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { readNotebookBytes, RefusedSaveError, unreadableInfo, writeNotebookBytes } from '../../../extension/notebook_bytes';
import { NotebookFormatError, parseNotebook, serializeNotebook, type NotebookData } from '../../../lang/formats/notebook_format';
import { parsePercentScript, toPercentScript } from '../../../lang/formats/percent_format';
import { cli, scratchDir, snapshot } from './support';

const NOTEBOOK: NotebookData = {
  metadata: {},
  cells: [
    { kind: 'markdown', source: '# rich' },
    { kind: 'code', language: 'convbook', source: 'x = 1', outputs: [{ items: [{ mime: 'text/plain', value: '1' }] }] },
  ],
};

function workspace(): string {
  const dir = scratchDir();
  writeFileSync(join(dir, 'nb.py'), '# %%\nx = 1\n# %%\nx + 1\n');
  writeFileSync(join(dir, 'rich.convnb'), serializeNotebook(NOTEBOOK, { keepOutputs: true }));
  writeFileSync(join(dir, 'report.html'), 'old report');
  return dir;
}

/** Runs the CLI and checks it refused with one line, exit status 1, and changed nothing in `dir`. */
async function refused(dir: string, pattern: RegExp, ...argv: string[]): Promise<void> {
  const before = snapshot(dir);
  const r = await cli(...argv);
  assert.equal(r.code, 1, r.err);
  assert.match(r.err, pattern);
  assert.equal(r.err.trim().split('\n').length, 1, `one line: ${r.err}`);
  assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  assert.deepEqual(snapshot(dir), before, 'no file changed');
}

test('run --html never replaces the notebook it runs, a link to it, or any file but an earlier report', async () => {
  const dir = workspace();
  const nb = join(dir, 'nb.py');
  await refused(dir, /refusing to write .*nb\.py: it is the input file/, 'run', nb, '--html', nb);
  symlinkSync(nb, join(dir, 'link.html'));
  await refused(dir, /it is the input file/, 'run', nb, '--html', join(dir, 'link.html'));
  linkSync(nb, join(dir, 'hard.html'));
  await refused(dir, /it is the input file/, 'run', nb, '--html', join(dir, 'hard.html'));
  await refused(dir, /refusing to write the report over .*rich\.convnb, which is not an \.html report/, 'run', nb, '--html', join(dir, 'rich.convnb'));
  writeFileSync(join(dir, 'photo.png'), 'an image a cell may read');
  await refused(dir, /refusing to write the report over .*photo\.png, which is not an \.html report/, 'run', nb, '--html', join(dir, 'photo.png'));
});

test('convert refuses an existing target without --force, and its own input even with it', async () => {
  const dir = workspace();
  const rich = join(dir, 'rich.convnb');
  await refused(dir, /refusing to replace .*rich\.convnb, which exists; pass --force/, 'convert', join(dir, 'nb.py'), rich);
  await refused(dir, /it is the input file/, 'convert', rich, rich);
  await refused(dir, /it is the input file/, 'convert', rich, rich, '--force');
  const r = await cli('convert', join(dir, 'nb.py'), rich, '--force');
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(parseNotebook(readFileSync(rich, 'utf8')).cells.map((c) => c.source), ['x = 1', 'x + 1']);
});

test('reports go through a temporary file: an earlier report is replaced whole, nothing is left behind', async () => {
  const dir = workspace();
  const report = join(dir, 'report.html');
  const r = await cli('run', join(dir, 'nb.py'), '--html', report);
  assert.equal(r.code, 0, r.err);
  assert.match(readFileSync(report, 'utf8'), /^<!doctype html>[\s\S]*<\/html>\n$/);
  assert.deepEqual(readdirSync(dir).sort(), ['nb.py', 'report.html', 'rich.convnb']);
});

test('a folder or a missing folder as output is a one-line error', async () => {
  const dir = workspace();
  mkdirSync(join(dir, 'out'));
  await refused(dir, /cannot write .*out: it is a folder/, 'run', join(dir, 'nb.py'), '--html', join(dir, 'out'));
  await refused(dir, /cannot write .*report\.html: its folder does not exist/, 'run', join(dir, 'nb.py'), '--html', join(dir, 'missing', 'report.html'));
  await refused(dir, /convbook: .*out is a folder, not a file/, 'run', join(dir, 'out'));
});

test('a # %% line inside a cell no longer splits it: 3 cells stay 3 through .py and back', () => {
  const data: NotebookData = {
    metadata: {},
    cells: [
      { kind: 'code', language: 'convbook', source: 'x = 1\n# %%\ny = 2' },
      { kind: 'markdown', source: '%% not a marker\n# %% [markdown]' },
      { kind: 'code', language: 'convbook', source: '#%%\n# # %%\nz = 3' },
    ],
  };
  const script = toPercentScript(data);
  assert.match(script, /^# # %%$/m, 'the marker is written as a comment of a comment');
  assert.deepEqual(parsePercentScript(script).cells, data.cells);
});

/** Lines a cell may hold: anything, marker look-alikes especially (no line may be blank at the cell's edges). */
const line = fc.oneof(
  fc.string({ unit: fc.constantFrom('#', ' ', '%', 'x', '[', ']', 'm', 'd', '\t', '=', '`') }),
  fc.constantFrom('# %%', '#%%', '# %% [markdown]', '# # %%', '# # # %%', '  # %%', '%%', '#', '', '# ', '\\# %%'),
  fc.string(),
).filter((l) => !/[\r\n]/.test(l));
const source = fc
  .array(line, { minLength: 1, maxLength: 6 })
  .map((lines) => lines.join('\n'))
  .filter((s) => s === '' || (s.split('\n')[0].trim() !== '' && s.split('\n').at(-1)!.trim() !== ''));
const cell = fc.oneof(
  source.map((s) => ({ kind: 'code' as const, language: 'convbook', source: s })),
  source.map((s) => ({ kind: 'markdown' as const, source: s })),
);

test('property: .convnb → .py → .convnb is identical for fuzzed cell contents', () => {
  fc.assert(
    fc.property(fc.array(cell, { maxLength: 6 }), (cells) => {
      const original = serializeNotebook({ metadata: {}, cells });
      const back = serializeNotebook(parsePercentScript(toPercentScript(parseNotebook(original))));
      assert.equal(back, original);
    }),
    { numRuns: 1000, seed: 13 },
  );
});

test('a repeated key makes a notebook unreadable with the position, and saving it stays refused', () => {
  const text = '{\n  "convbook": 1,\n  "cells": [{"kind": "code", "source": "a = 1"}],\n  "cells": []\n}\n';
  assert.throws(
    () => parseNotebook(text),
    (e: unknown) => e instanceof NotebookFormatError && e.line === 4 && e.column === 3 && /the key "cells" appears twice/.test(e.message),
  );
  const opened = readNotebookBytes(new TextEncoder().encode(text));
  assert.match(unreadableInfo(opened.metadata)!.message, /"cells" appears twice/);
  assert.throws(() => writeNotebookBytes(opened, { keepOutputs: true }), RefusedSaveError);
  // Keys are compared after unescaping: "c\u0065lls" is "cells".
  assert.throws(() => parseNotebook('{"cells": [], "c\\u0065lls": []}'), /appears twice/);
  assert.doesNotThrow(() => parseNotebook('{"cells": [{"kind": "code", "metadata": {"cells": 1}}]}'));
});

test('JSON nested 100,000 deep is a one-line error with its position, quickly', async () => {
  const dir = scratchDir();
  const file = join(dir, 'deep.convnb');
  writeFileSync(file, '['.repeat(100_000) + ']'.repeat(100_000));
  const started = performance.now();
  await refused(dir, /not valid JSON: nested deeper than 512 levels \(line 1, column 513\)/, 'run', file);
  assert.ok(performance.now() - started < 2000);
  assert.equal(existsSync(join(dir, 'deep.py')), false);
});

test('a notebook that is not UTF-8 is refused with the byte and its position, not converted with U+FFFD', async () => {
  const dir = scratchDir();
  writeFileSync(join(dir, 'latin1.py'), Buffer.concat([Buffer.from('# %%\nx = 1\n# caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
  await refused(dir, /latin1\.py is not UTF-8 text: byte 16 \(0xe9\) is not valid UTF-8 \(line 3, column 6\)/, 'convert', join(dir, 'latin1.py'), join(dir, 'out.convnb'));
  await refused(dir, /is not UTF-8 text/, 'run', join(dir, 'latin1.py'));
});
