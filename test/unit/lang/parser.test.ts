// The cell parser: every construct of the subset, exact node positions, and SyntaxErrors at the
// exact line and column for what is outside it. parseExpression on real Python files.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BinaryExpr, CallExpr, Expr, Stmt } from '../../../lang/syntax/ast';
import { LangSyntaxError } from '../../../lang/syntax/errors';
import { parseCell, parseExpression } from '../../../lang/syntax/parser';

function only(source: string): Stmt {
  const module = parseCell(source);
  assert.equal(module.body.length, 1, `one statement in ${JSON.stringify(source)}`);
  return module.body[0];
}

function expr(source: string): Expr {
  const stmt = only(source);
  assert.equal(stmt.kind, 'Expr');
  return (stmt as Extract<Stmt, { kind: 'Expr' }>).expr;
}

/** A compact, position-free rendering of an expression tree. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'Name':
      return e.id;
    case 'Number':
      return `${e.value}${e.isInt ? 'i' : 'f'}`;
    case 'String':
      return JSON.stringify(e.value);
    case 'Bool':
      return e.value ? 'True' : 'False';
    case 'None':
      return 'None';
    case 'Tuple':
      return `(${e.elts.map(show).join(', ')}${e.elts.length === 1 ? ',' : ''})`;
    case 'List':
      return `[${e.elts.map(show).join(', ')}]`;
    case 'Call':
      return `${show(e.func)}(${[...e.args.map(show), ...e.keywords.map((k) => `${k.name ?? '**'}=${show(k.value)}`)].join(', ')})`;
    case 'Attribute':
      return `${show(e.value)}.${e.attr}`;
    case 'Subscript':
      return `${show(e.value)}[${show(e.index)}]`;
    case 'Slice':
      return `${e.lower ? show(e.lower) : ''}:${e.upper ? show(e.upper) : ''}${e.step ? `:${show(e.step)}` : ''}`;
    case 'Binary':
      return `{${show(e.left)} ${e.op} ${show(e.right)}}`;
    case 'Unary':
      return `{${e.op}${show(e.operand)}}`;
    case 'Starred':
      return `*${show(e.value)}`;
  }
}

function syntaxError(source: string): LangSyntaxError {
  try {
    parseCell(source);
  } catch (error) {
    assert.ok(error instanceof LangSyntaxError, `expected LangSyntaxError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected a SyntaxError for ${JSON.stringify(source)}`);
}

function assertError(source: string, line: number, column: number, pattern: RegExp): void {
  const error = syntaxError(source);
  assert.match(error.message, pattern, source);
  assert.deepEqual([error.line, error.column], [line, column], `${JSON.stringify(source)}: ${error.message}`);
}

test('numbers: ints, floats, exponents, underscores, hex; unary minus stays an operator', () => {
  assert.equal(show(expr('3')), '3i');
  assert.equal(show(expr('3.0')), '3f');
  assert.equal(show(expr('1e-3')), '0.001f');
  assert.equal(show(expr('.5')), '0.5f');
  assert.equal(show(expr('1_000')), '1000i');
  assert.equal(show(expr('0x1F')), '31i');
  assert.equal(show(expr('-2')), '{-2i}');
  assert.equal(show(expr('- -2.5')), '{-{-2.5f}}');
});

test('strings with both quotes, escapes, implicit concatenation; True, False, None', () => {
  assert.equal(show(expr("'zeros'")), '"zeros"');
  assert.equal(show(expr('"same"')), '"same"');
  assert.equal((expr(String.raw`'a\tb\'c\n'`) as { value: string }).value, "a\tb'c\n");
  assert.equal(show(expr(`'ab' "cd"`)), '"abcd"');
  assert.equal(show(expr('[True, False, None]')), '[True, False, None]');
});

test('tuples with and without parentheses, trailing commas, empty tuple, nested lists', () => {
  assert.equal(show(expr('1, 2')), '(1i, 2i)');
  assert.equal(show(expr('1,')), '(1i,)');
  assert.equal(show(expr('(1, 2,)')), '(1i, 2i)');
  assert.equal(show(expr('()')), '()');
  assert.equal(show(expr('(3)')), '3i');
  assert.equal(show(expr('[[1, 2], [3, 4],]')), '[[1i, 2i], [3i, 4i]]');
  assert.equal(show(expr('[]')), '[]');
});

test('calls with positional and keyword arguments, dotted names, *args', () => {
  assert.equal(show(expr("nn.Conv2d(3, 16, kernel_size=3, padding='same')")), 'nn.Conv2d(3i, 16i, kernel_size=3i, padding="same")');
  assert.equal(show(expr('torch.nn.functional.conv2d(x, k)')), 'torch.nn.functional.conv2d(x, k)');
  assert.equal(show(expr('nn.Sequential(*layers)')), 'nn.Sequential(*layers)');
  assert.equal(show(expr('f()')), 'f()');
  assert.equal(show(expr('f(a,)')), 'f(a)');
  assert.equal(show(expr('nn.Conv2d(3, 8, 3)(x)')), 'nn.Conv2d(3i, 8i, 3i)(x)');
});

test('arithmetic precedence, parentheses, unary minus binds tighter than * and /', () => {
  assert.equal(show(expr('1 + 2 * 3')), '{1i + {2i * 3i}}');
  assert.equal(show(expr('(1 + 2) * 3')), '{{1i + 2i} * 3i}');
  assert.equal(show(expr('a - b - c')), '{{a - b} - c}');
  assert.equal(show(expr('a / b * c')), '{{a / b} * c}');
  assert.equal(show(expr('-x * 2')), '{{-x} * 2i}');
  assert.equal(show(expr('x * -2')), '{x * {-2i}}');
  assert.equal(show(expr('n // 2 % 3')), '{{n // 2i} % 3i}');
});

test('indexing and slicing', () => {
  assert.equal(show(expr('y[0, 3]')), 'y[(0i, 3i)]');
  assert.equal(show(expr('y[0]')), 'y[0i]');
  assert.equal(show(expr('y[0, :, 1:3]')), 'y[(0i, :, 1i:3i)]');
  assert.equal(show(expr('y[::2]')), 'y[::2i]');
  assert.equal(show(expr('y[-1][0]')), 'y[{-1i}][0i]');
  assert.equal(show(expr('y[0,]')), 'y[(0i,)]');
});

test('assignments: names, attributes, tuples, chains, augmented', () => {
  const a = only('layer.weight = tensor([[1.0]])');
  assert.equal(a.kind, 'Assign');
  assert.equal(show((a as Extract<Stmt, { kind: 'Assign' }>).targets[0]), 'layer.weight');
  const b = only('out, idx = F.max_pool2d(x, 2, return_indices=True)') as Extract<Stmt, { kind: 'Assign' }>;
  assert.equal(show(b.targets[0]), '(out, idx)');
  const c = only('a = b = 3') as Extract<Stmt, { kind: 'Assign' }>;
  assert.deepEqual(c.targets.map(show), ['a', 'b']);
  const d = only('x += 1') as Extract<Stmt, { kind: 'AugAssign' }>;
  assert.equal(d.kind, 'AugAssign');
  assert.equal(d.op, '+');
});

test('imports: the four forms, aliases, parenthesised names', () => {
  const module = parseCell(
    'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nfrom torchvision.ops import deform_conv2d, DeformConv2d\nfrom torch import nn\nfrom torch.nn import (Conv2d as C,\n  ReLU,)\n',
  );
  const kinds = module.body.map((s) => s.kind);
  assert.deepEqual(kinds, ['Import', 'Import', 'Import', 'ImportFrom', 'ImportFrom', 'ImportFrom']);
  const first = module.body[1] as Extract<Stmt, { kind: 'Import' }>;
  assert.deepEqual([first.names[0].name, first.names[0].asname], ['torch.nn', 'nn']);
  const from = module.body[3] as Extract<Stmt, { kind: 'ImportFrom' }>;
  assert.equal(from.module, 'torchvision.ops');
  assert.deepEqual(from.names.map((n) => n.name), ['deform_conv2d', 'DeformConv2d']);
  const paren = module.body[5] as Extract<Stmt, { kind: 'ImportFrom' }>;
  assert.deepEqual(paren.names.map((n) => [n.name, n.asname]), [['Conv2d', 'C'], ['ReLU', null]]);
});

test('comments, blank lines, semicolons, continuation inside brackets and with a backslash', () => {
  const module = parseCell('# heading\n\nx = 1  # one\ny = [1,  # first\n     2,\n     # between\n     3]\nz = 1 + \\\n  2; w = 4\n');
  assert.deepEqual(module.body.map((s) => s.kind), ['Assign', 'Assign', 'Assign', 'Assign']);
  const y = module.body[1] as Extract<Stmt, { kind: 'Assign' }>;
  assert.equal(show(y.value), '[1i, 2i, 3i]');
  assert.equal(parseCell('').body.length, 0);
  assert.equal(parseCell('\n  \n# only a comment').body.length, 0);
});

test('node positions: 1-based lines and columns, 0-based offsets, end exclusive', () => {
  const source = 'x = 1\ny = F.conv2d(x,\n   k, padding=1)';
  const stmt = parseCell(source).body[1] as Extract<Stmt, { kind: 'Assign' }>;
  const call = stmt.value as CallExpr;
  assert.deepEqual(call.start, { line: 2, column: 5, offset: 10 });
  assert.deepEqual(call.end, { line: 3, column: 17, offset: source.length });
  assert.deepEqual(call.open, { line: 2, column: 13, offset: 18 });
  const keyword = call.keywords[0];
  assert.equal(source.slice(keyword.start.offset, keyword.end.offset), 'padding=1');
  assert.equal(source.slice(keyword.nameStart.offset, keyword.nameEnd.offset), 'padding');
  assert.equal(source.slice(call.args[1].start.offset, call.args[1].end.offset), 'k');
  const binary = (parseCell('a = 2 * (b + 1)').body[0] as Extract<Stmt, { kind: 'Assign' }>).value as BinaryExpr;
  assert.deepEqual(binary.opStart, { line: 1, column: 7, offset: 6 });
  // CRLF counts as one line break.
  const crlf = parseCell('a = 1\r\nb = 2').body[1];
  assert.deepEqual(crlf.start, { line: 2, column: 1, offset: 7 });
});

test('unsupported statements and expressions are SyntaxErrors that say so, at the construct', () => {
  assertError('def f(x):\n    return x', 1, 1, /'def' statements are not supported in convbook cells/);
  assertError('x = 1\nclass A: pass', 2, 1, /'class' statements are not supported/);
  assertError('for i in range(3): pass', 1, 1, /'for' statements are not supported/);
  assertError('f = lambda x: x', 1, 5, /'lambda' is not supported in convbook cells/);
  assertError('y = x ** 2', 1, 7, /'\*\*' \(power\) is not supported/);
  assertError('y = f(**kw)', 1, 7, /'\*\*' unpacking is not supported/);
  assertError('y = a if b else c', 1, 7, /conditional expressions/);
  assertError('y = a == b', 1, 7, /comparisons \('=='\) are not supported/);
  assertError('y = [i for i in x]', 1, 8, /comprehensions/);
  assertError('y = {1: 2}', 1, 5, /dict and set literals are not supported/);
  assertError('y = a @ b', 1, 7, /matrix multiplication/);
  assertError('y = not a', 1, 5, /'not'/);
  assertError('@decorator\nx = 1', 1, 1, /decorators are not supported/);
  assertError('from torch.nn import *', 1, 22, /import \*' is not supported/);
  assertError('from . import x', 1, 6, /relative imports/);
  assertError('y = f"{x}"', 1, 5, /f-strings are not supported/);
  assertError('y = 3j', 1, 5, /complex numbers/);
  assertError('y = [*a]', 1, 6, /starred expressions are only supported as call arguments/);
  assertError('x **= 2', 1, 3, /augmented assignment '\*\*=' is not supported/);
});

test('malformed cells: exact line and column of the fault, Python-like messages', () => {
  assertError('x = (1,\n 2', 1, 5, /'\(' was never closed/);
  assertError('x = [1, 2)', 1, 10, /closing parenthesis '\)' does not match opening parenthesis '\['/);
  assertError('x = [1,\n 2)', 2, 3, /does not match opening parenthesis '\[' on line 1/);
  assertError('x = 1)', 1, 6, /unmatched '\)'/);
  assertError("x = 'abc\ny = 1", 1, 5, /unterminated string literal \(detected at line 1\)/);
  assertError('x = 1 $ 2', 1, 7, /invalid character '\$' \(U\+0024\)/);
  assertError('x = 1\n  y = 2', 2, 1, /unexpected indent/);
  assertError('f(a=1, 2)', 1, 8, /positional argument follows keyword argument/);
  assertError('f(a=1, a=2)', 1, 8, /keyword argument repeated: a/);
  assertError('f(x) = 3', 1, 1, /cannot assign to function call/);
  assertError('3 = x', 1, 1, /cannot assign to literal/);
  assertError('x = [1 2]', 1, 6, /Perhaps you forgot a comma/);
  assertError('f(a,\n b c)', 2, 2, /Perhaps you forgot a comma/);
  assertError('b = (2,\nc = 3', 1, 5, /'\(' was never closed/);
  assertError("x = (1 2\ny = 'abc", 2, 5, /unterminated string literal \(detected at line 2\)/);
  assertError('x = 1 2', 1, 7, /invalid syntax/);
  assertError('x =', 1, 4, /invalid syntax: expected an expression/);
  assertError('y = x.', 1, 7, /expected an attribute name/);
  assertError('x = 012', 1, 5, /leading zeros/);
  assertError('x = 1abc', 1, 5, /invalid decimal literal/);
  assertError('import', 1, 7, /expected a module name/);
  assertError('x = y[]', 1, 7, /expected an index/);
});

test('error spans: endLine/endColumn cover the offending token', () => {
  const error = syntaxError('y = x ** 2');
  assert.deepEqual([error.line, error.column, error.endLine, error.endColumn], [1, 7, 1, 9]);
  assert.equal(error.offset, 6);
  assert.equal(error.endOffset, 8);
});

test('very deep nesting is a SyntaxError, not a stack overflow', () => {
  const deep = 'x = ' + '('.repeat(5000) + '1' + ')'.repeat(5000);
  const error = syntaxError(deep);
  assert.match(error.message, /too deeply nested/);
  const unary = 'x = ' + '-'.repeat(5000) + '1';
  assert.match(syntaxError(unary).message, /too deeply nested/);
});

test('parseExpression reads one call out of a Python file, with comments, newlines, trailing commas and **kwargs', () => {
  const py = [
    'class Block(nn.Module):',
    '    def __init__(self, cfg, **kw):',
    '        self.conv = nn.Conv2d(',
    '            self.inplanes,  # channels so far',
    "            cfg['width'] * 2,",
    '            kernel_size=(3, 3),',
    '            stride=2 ** 1, **kw,',
    '        )',
    '        self.pool = nn.MaxPool2d(2) if pool else None',
  ].join('\n');
  const start = py.indexOf('nn.Conv2d');
  const { expr: call, end } = parseExpression(py, start);
  assert.equal(call.kind, 'Call');
  assert.equal(py.slice(end - 1, end), ')');
  assert.equal(py.slice(start, end).split('\n').length, 6);
  assert.equal(show(call), "nn.Conv2d(self.inplanes, {cfg[\"width\"] * 2i}, kernel_size=(3i, 3i), stride={2i ** 1i}, **=kw)");
  // Stops before what cannot continue the expression (a conditional), and says where.
  const poolStart = py.indexOf('nn.MaxPool2d');
  const pool = parseExpression(py, poolStart);
  assert.equal(py.slice(poolStart, pool.end), 'nn.MaxPool2d(2)');
  // Positions are those of the whole file.
  assert.equal(call.start.line, 3);
  assert.equal(call.start.column, 21);
});

test('parseExpression: errors inside the call are positioned in the file; what follows the call is never read', () => {
  const py = 'x = nn.Conv2d(3, lambda: 4)\n$$$ "unterminated';
  assert.throws(
    () => parseExpression(py, py.indexOf('nn.')),
    (e: unknown) => e instanceof LangSyntaxError && e.line === 1 && e.column === 18 && /'lambda' is not supported/.test(e.message),
  );
  const ok = 'y = nn.ReLU()\n$$$ "unterminated';
  assert.equal(parseExpression(ok, 4).end, 'y = nn.ReLU()'.length);
  assert.throws(() => parseExpression('x', 5), RangeError);
});
