// Cell errors are CPython's own: the exception class and message, positioned at the innermost
// frame inside the cell with the caret under the span CPython records, and syntax errors exactly
// where compile() puts them, including the bytes-decoding step and NUL bytes.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { PythonSession } from '../../../python/runtime/python_session';
import { fails, ok, pythonSession } from './python_cells';

describe('Python cell errors', () => {
  let py: PythonSession;
  before(async () => {
    py = pythonSession();
    await py.ready();
  });

  it('positions a runtime error at the failing expression, inside the function that raised', async () => {
    const error = await fails(py, 'def ratio(a, b):\n    return a / b\n\nratio(1, 0)');
    assert.deepEqual(error, { name: 'ZeroDivisionError', message: 'division by zero', line: 2, column: 12, caret: '    return a / b\n           ^^^^^' });
  });

  it('uses CPython messages: NameError, KeyError, AttributeError, TypeError', async () => {
    assert.equal((await fails(py, 'undefined_name')).message, "name 'undefined_name' is not defined");
    const key = await fails(py, 'd = {"a": 1}\nd["b"]');
    assert.deepEqual([key.name, key.message, key.line, key.column], ['KeyError', "'b'", 2, 1]);
    const attr = await fails(py, 'x = 3\nx.shape');
    assert.deepEqual([attr.name, attr.message, attr.caret], ['AttributeError', "'int' object has no attribute 'shape'", 'x.shape\n^^^^^^^']);
    const type = await fails(py, 'len(5)');
    assert.deepEqual([type.name, type.message], ['TypeError', "object of type 'int' has no len()"]);
  });

  it('keeps the state a failing cell built before it failed', async () => {
    await fails(py, 'before_failure = 1\nraise ValueError("stop")');
    await ok(py, 'assert before_failure == 1');
  });

  it('columns count characters, not UTF-8 bytes', async () => {
    const error = await fails(py, 's = "ééé"; 1 / 0');
    assert.deepEqual([error.line, error.column, error.caret], [1, 12, 's = "ééé"; 1 / 0\n           ^^^^^']);
  });

  it('counts lines as CPython does: a form feed or U+2028 inside a line does not start a new one', async () => {
    const error = await fails(py, 'a = "\u2028"; b = "\f"\nc = 1 / 0');
    assert.deepEqual([error.line, error.column, error.caret], [2, 5, 'c = 1 / 0\n    ^^^^^']);
    const same = await fails(py, 's = "\u2028"; 1 / 0');
    assert.deepEqual([same.line, same.column], [1, 10]);
  });

  it('turns runaway recursion into a positioned RecursionError', async () => {
    const error = await fails(py, 'def down(n):\n    return down(n + 1)\ndown(0)');
    assert.equal(error.name, 'RecursionError');
    assert.match(error.message, /maximum recursion depth exceeded/);
    assert.deepEqual([error.line, error.column], [2, 12]);
    // The interpreter is fine afterwards.
    await ok(py, 'assert sum(range(10)) == 45');
  });

  it('reports SyntaxError and IndentationError where compile() does', async () => {
    const open = await fails(py, 'x = 1\ny = (1,\n');
    assert.deepEqual([open.name, open.message, open.line, open.column], ['SyntaxError', "'(' was never closed", 2, 5]);
    const invalid = await fails(py, 'a = 1 +* 2');
    assert.deepEqual([invalid.name, invalid.line, invalid.column], ['SyntaxError', 1, 8]);
    const indent = await fails(py, 'def f():\nreturn 1');
    assert.deepEqual([indent.name, indent.line], ['IndentationError', 2]);
    assert.match(indent.message, /expected an indented block/);
    // Nothing of a cell that does not compile runs.
    await fails(py, 'never_set = 1\n)');
    assert.equal((await fails(py, 'never_set')).name, 'NameError');
  });

  it('rejects source that is not valid UTF-8 in the decoding step, positioned', async () => {
    // A lone surrogate is what a JS string holds for a broken UTF-8 sequence.
    const error = await fails(py, 'ok = 1\nbad = "\ud800"');
    assert.equal(error.name, 'SyntaxError');
    assert.match(error.message, /Non-UTF-8 code/);
    assert.deepEqual([error.line, error.column], [2, 8]);
  });

  it('rejects an embedded null byte, positioned at it', async () => {
    const error = await fails(py, 'a = 1\nb = 2 \0 3');
    assert.deepEqual([error.name, error.message, error.line, error.column], ['SyntaxError', 'source code string cannot contain null bytes', 2, 7]);
    const call = await fails(py, 'x = 1\nopen("a\\0b")');
    assert.deepEqual([call.name, call.message, call.line], ['ValueError', 'embedded null byte', 2]);
  });

  it('reports SystemExit from argparse with its usage on stderr', async () => {
    const result = await py.execute('import argparse\nargparse.ArgumentParser(prog="train").parse_args(["--bogus"])');
    assert.equal(result.error?.name, 'SystemExit');
    assert.equal(result.error?.message, '2');
    const stderr = result.outputs.map((o) => o.items[0].value).join('');
    assert.match(stderr, /usage: train/);
    assert.match(stderr, /unrecognized arguments: --bogus/);
  });

  it('names KeyboardInterrupt raised by the cell itself', async () => {
    const error = await fails(py, 'raise KeyboardInterrupt');
    assert.equal(error.name, 'KeyboardInterrupt');
    assert.match(error.message, /kept/);
  });
});
