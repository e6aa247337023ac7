// Random and mutated Python cells (seeded, so a failure reproduces) through the real runtime: a
// cell never makes the host throw, and every error it ends with is positioned inside the cell,
// whether compile() or the running code raised it.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { PythonSession } from '../../../python/runtime/python_session';
import { randomCell, rng } from '../support/seeded_cells';
import { pythonSession } from './python_cells';

const CORPUS = [
  'class Block:\n    def __init__(self, c):\n        self.c = c\n    def __call__(self, x):\n        return [v * self.c for v in x]\nBlock(2)([1, 2, 3])',
  'import argparse\np = argparse.ArgumentParser()\np.add_argument("--n", type=int, default=3)\na = p.parse_args([])\nf"{a.n:>4}"',
  'def make(k):\n    def inner(x):\n        return x + k\n    return inner\n{i: make(i)(i) for i in range(4)}',
  'from dataclasses import dataclass\n@dataclass\nclass C:\n    w: int = 1\n    h: int = 2\nC(h=5)',
  'try:\n    {}["k"]\nexcept KeyError as e:\n    r = repr(e)\nr',
];

// No `while` and no `**`: a random cell must end, and quickly.
const PIECES = [
  'x', 'y', 'f', 'C', 'self', '.', ',', '(', ')', '[', ']', '{', '}', ':', ';', '=', '==', '+', '-', '*', '/', '//', '%', '@', '~', '<', '>', '!',
  '1', '0', '3.5', '1e-3', '0x1F', '007', '1j', "'s'", '"d"', "'open", '"""', '#c', '\n', '\n    ', ' ', '\t', '\\', '\\\n', 'def', 'class',
  'for', 'in', 'range(3)', 'if', 'else', 'lambda', 'import', 'from', 'as', 'not', 'and', 'None', 'True', 'False', 'é', '€', '\u0000', '\ud800',
  '\r\n', '$', '?', '`', 'return', 'yield', '...', 'f"{', 'b"', 'r"\\d"', 'raise', 'try', 'except', 'with', 'global', 'nonlocal', 'del', 'assert',
  'print(', 'len(', 'int(', 'super()', '__class__', 'numpy', 'np.', 'async', 'await',
];

function mutate(source: string, next: () => number): string {
  let s = source;
  for (let e = 1 + Math.floor(next() * 3); e > 0; e--) {
    const at = Math.floor(next() * (s.length + 1));
    s = next() < 0.5 ? s.slice(0, at) + s.slice(at + 1 + Math.floor(next() * 5)) : s.slice(0, at) + PIECES[Math.floor(next() * PIECES.length)] + s.slice(at);
  }
  return s;
}

describe('Python cell fuzzing', () => {
  let py: PythonSession;
  before(async () => {
    py = pythonSession();
    await py.ready();
  });

  it('positions every error inside the cell and never throws', async () => {
    const next = rng(20261202);
    const cells = [...Array.from({ length: 300 }, () => randomCell(next, PIECES)), ...Array.from({ length: 300 }, (_, i) => mutate(CORPUS[i % CORPUS.length], next))];
    let errors = 0;
    for (const source of cells) {
      const { error } = await py.execute(source);
      if (!error) continue;
      errors++;
      const lines = source.split(/\r\n|\r|\n/).length;
      assert.ok(error.name.length > 0, JSON.stringify(source));
      assert.ok(error.line !== undefined && error.line >= 1 && error.line <= lines, `${JSON.stringify(source)} → ${JSON.stringify(error)}`);
      assert.ok(error.column !== undefined && error.column >= 1, `${JSON.stringify(source)} → ${JSON.stringify(error)}`);
      assert.ok(error.caret?.includes('^'), `${JSON.stringify(source)} → ${JSON.stringify(error)}`);
    }
    // Most random cells fail; the check above must have seen plenty of errors.
    assert.ok(errors > 300, `${errors} errors`);
  });
});
