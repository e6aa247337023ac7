// Cells run real CPython: the Python that model files use, Jupyter's display rule, print order,
// state across cells, and numbers exactly as CPython has them.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { PythonSession } from '../../../python/runtime/python_session';
import { ok, pythonSession, text } from './python_cells';

describe('Python cells', () => {
  let py: PythonSession;
  before(async () => {
    py = pythonSession();
    await py.ready();
  });

  it('displays the last expression, prints in order, and shows nothing for None', async () => {
    const result = await ok(py, 'print("a")\n1 + 1\nprint("b")\n[1, 2][0] * 7');
    assert.deepEqual(
      result.outputs.map((o) => o.items[0].value),
      ['a\nb\n', '7'],
    );
    assert.equal((await ok(py, 'None')).outputs.length, 0);
    assert.equal((await ok(py, 'x = 5')).outputs.length, 0);
    // An expression that is not last is evaluated but not shown, as in Jupyter.
    assert.equal(await text(py, '"hidden"\n"shown"'), "'shown'");
  });

  it('keeps globals from cell to cell, in the module sys.modules calls __main__', async () => {
    await ok(py, 'counter = 10');
    await ok(py, 'counter += 1');
    assert.equal(await text(py, 'counter'), '11');
    assert.equal(await text(py, 'import __main__\n__main__.counter, __name__'), "(11, '__main__')");
    // Forward references resolve through the class's module, i.e. the notebook's globals.
    assert.equal(await text(py, 'import typing\nclass Node:\n    next: "Node"\ntyping.get_type_hints(Node)["next"] is Node'), 'True');
  });

  it('runs classes with super(), __setattr__ and properties', async () => {
    await ok(
      py,
      [
        'class Base:',
        '    def __init__(self, n):',
        '        self.n = n',
        '    def __setattr__(self, name, value):',
        '        object.__setattr__(self, name, value * 2 if name == "n" else value)',
        'class Child(Base):',
        '    def __init__(self, n):',
        '        super().__init__(n + 1)',
        '    @property',
        '    def double(self):',
        '        return self.n * 2',
      ].join('\n'),
    );
    assert.equal(await text(py, 'Child(2).n, Child(2).double'), '(6, 12)');
  });

  it('runs closures, comprehensions, f-strings, *args/**kwargs and decorators', async () => {
    await ok(
      py,
      [
        'def counter():',
        '    count = 0',
        '    def step():',
        '        nonlocal count',
        '        count += 1',
        '        return count',
        '    return step',
        'def twice(fn):',
        '    def wrapper(*args, **kwargs):',
        '        return [fn(*args, **kwargs) for _ in range(2)]',
        '    return wrapper',
        '@twice',
        'def shout(word, end="!"):',
        '    return f"{word.upper()}{end}"',
      ].join('\n'),
    );
    assert.equal(await text(py, 'c = counter(); c(); c()'), '2');
    assert.equal(await text(py, 'shout("hi", end="?")'), "['HI?', 'HI?']");
    assert.equal(await text(py, '{k: v for k, v in zip("ab", range(2))}, {x % 3 for x in range(9)}, f"{3.14159:.2f}|{42:>5}|{"x"!r}"'), "({'a': 0, 'b': 1}, {0, 1, 2}, \"3.14|   42|'x'\")");
  });

  it('runs argparse with sys.argv set by the cell', async () => {
    const source = [
      'import argparse, sys',
      'sys.argv = ["train.py", "--epochs", "3", "--lr", "0.5"]',
      'parser = argparse.ArgumentParser()',
      'parser.add_argument("--epochs", type=int, default=1)',
      'parser.add_argument("--lr", type=float)',
      'args = parser.parse_args()',
      'args.epochs, args.lr',
    ].join('\n');
    assert.equal(await text(py, source), '(3, 0.5)');
  });

  it('runs dataclasses, enum, functools and typing', async () => {
    await ok(
      py,
      [
        'from dataclasses import dataclass, field',
        'from enum import Enum',
        'from functools import partial, reduce, lru_cache',
        'from typing import List, Optional',
        '@dataclass',
        'class Cfg:',
        '    width: int = 64',
        '    layers: List[int] = field(default_factory=lambda: [2, 2])',
        '    name: Optional[str] = None',
        'class Mode(Enum):',
        '    TRAIN = "train"',
        '    EVAL = "eval"',
        '@lru_cache(maxsize=None)',
        'def fib(n):',
        '    return n if n < 2 else fib(n - 1) + fib(n - 2)',
      ].join('\n'),
    );
    assert.equal(await text(py, 'Cfg(width=32)'), "Cfg(width=32, layers=[2, 2], name=None)");
    assert.equal(await text(py, 'Mode("eval"), Mode.TRAIN.value'), "(<Mode.EVAL: 'eval'>, 'train')");
    assert.equal(await text(py, 'fib(90), partial(pow, 2)(10), reduce(lambda a, b: a * b, range(1, 6))'), '(2880067194370816120, 1024, 120)');
  });

  it('catches and re-raises exceptions as CPython does', async () => {
    const source = [
      'class ShapeError(ValueError):',
      '    pass',
      'log = []',
      'try:',
      '    try:',
      '        raise ShapeError("bad shape")',
      '    finally:',
      '        log.append("finally")',
      'except ValueError as e:',
      '    log.append(f"{type(e).__name__}: {e}")',
      'log',
    ].join('\n');
    assert.equal(await text(py, source), "['finally', 'ShapeError: bad shape']");
  });

  it('keeps big integers exact and floats IEEE', async () => {
    assert.equal(await text(py, '2 ** 200'), '1606938044258990275541962092341162602522202993782792835301376');
    assert.equal(await text(py, '-7 // 2, -7 % 2, 10 ** 20 + 1'), '(-4, 1, 100000000000000000001)');
    assert.equal(await text(py, 'nan = float("nan"); nan == nan, nan != nan, float("inf") - float("inf")'), '(False, True, nan)');
    assert.equal(await text(py, '1e308 * 10, -1e308 * 10, 0.1 + 0.2'), '(inf, -inf, 0.30000000000000004)');
    assert.equal(await text(py, 'import math; math.isnan(float("inf") * 0), math.inf > 10 ** 300'), '(True, True)');
  });

  it('shows repr for values without a display of their own, and a custom _convbook_display_', async () => {
    assert.equal(await text(py, 'class P:\n    def __repr__(self):\n        return "P()"\nP()'), 'P()');
    const result = await ok(
      py,
      'class Rich:\n    def _convbook_display_(self):\n        return [{"items": [{"mime": "text/markdown", "value": "**rich**"}, {"mime": "text/plain", "value": "rich"}]}]\nRich()',
    );
    assert.deepEqual(result.outputs, [{ items: [{ mime: 'text/markdown', value: '**rich**' }, { mime: 'text/plain', value: 'rich' }] }]);
  });

  it('sleeps with time.sleep, and input() finds no stdin as in a script without a terminal', async () => {
    assert.equal(await text(py, 'import time\nt = time.monotonic()\ntime.sleep(0.05)\ntime.monotonic() - t >= 0.05'), 'True');
    const result = await py.execute('input("size? ")');
    assert.equal(result.error?.name, 'EOFError');
  });

  it('emits outputs mid-cell through _convbook_runtime, in order with print()', async () => {
    const result = await ok(py, 'import _convbook_runtime\nprint("one")\n_convbook_runtime.emit([{"items": [{"mime": "text/markdown", "value": "*two*"}]}])\n_convbook_runtime.display(3)\nprint("four")');
    assert.deepEqual(
      result.outputs.map((o) => o.items[0].value),
      ['one\n', '*two*', '3', 'four\n'],
    );
  });

  it('captures stderr apart from stdout, in order', async () => {
    const result = await ok(py, 'import sys\nprint("out")\nprint("err", file=sys.stderr)\nprint("out2")');
    assert.deepEqual(
      result.outputs.map((o) => o.items[0].value),
      ['out\n', 'err\n', 'out2\n'],
    );
  });
});
