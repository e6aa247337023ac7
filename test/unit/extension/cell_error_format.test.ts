import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { caretFor, formatCellError } from '../../../extension/cell_error_format';

describe('formatCellError', () => {
  it('positions a syntax error with the line, a caret under the column and Python\'s last line', () => {
    const src = 'x = 1\ny = F.conv2d(x k)\n';
    const f = formatCellError({ name: 'SyntaxError', message: 'invalid syntax', line: 2, column: 16 }, src);
    assert.equal(f.name, 'SyntaxError');
    assert.equal(f.message, 'invalid syntax (line 2, column 16)');
    assert.equal(f.stack, ['  Cell, line 2, column 16', '    y = F.conv2d(x k)', '                   ^', 'SyntaxError: invalid syntax'].join('\n'));
  });

  it('prefers the caret the kernel drew', () => {
    const f = formatCellError({ name: 'ValueError', message: 'bad', line: 1, column: 3, caret: 'abc\n  ^^' }, 'zzz');
    assert.match(f.stack, /\n {4}abc\n {6}\^\^\n/);
  });

  it('keeps unpositioned errors to one line', () => {
    const f = formatCellError({ name: 'KernelRestarted', message: 'the kernel was interrupted' }, 'x');
    assert.equal(f.message, 'the kernel was interrupted');
    assert.equal(f.stack, 'KernelRestarted: the kernel was interrupted');
  });
});

describe('caretFor', () => {
  it('keeps tabs so the caret lines up, and clamps past the end of the line', () => {
    assert.equal(caretFor('\tab', 1, 3), '\tab\n\t ^');
    assert.equal(caretFor('ab', 1, 9), 'ab\n  ^');
    assert.equal(caretFor('ab', 3, 1), undefined);
  });
});
