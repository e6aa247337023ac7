// How a kernel error reads in a notebook cell: Python's traceback shape, with the cell's line and
// column, the offending line and a caret under the column, then "Name: message". VS Code's
// built-in error renderer shows an error's stack instead of its header when a stack is present,
// so the stack carries everything. No vscode import, so it is unit-tested directly.

import type { CellError } from '../contract';

export interface FormattedError {
  name: string;
  message: string;
  stack: string;
}

export function formatCellError(error: CellError, source: string): FormattedError {
  const where = error.line !== undefined ? `line ${error.line}${error.column !== undefined ? `, column ${error.column}` : ''}` : undefined;
  const message = where ? `${error.message} (${where})` : error.message;
  const lines: string[] = [];
  if (where) {
    lines.push(`  Cell, ${where}`);
    const caret = error.caret ?? caretFor(source, error.line!, error.column);
    if (caret) for (const l of caret.split('\n')) lines.push(`    ${l}`);
  }
  lines.push(`${error.name}: ${error.message}`);
  return { name: error.name, message, stack: lines.join('\n') };
}

/** The source line and a caret under the 1-based column; tabs are kept so the caret lines up. */
export function caretFor(source: string, line: number, column: number | undefined): string | undefined {
  const text = source.split(/\r\n|\r|\n/)[line - 1];
  if (text === undefined) return undefined;
  if (column === undefined || column < 1) return text;
  const col = Math.min(column, text.length + 1);
  const pad = text.slice(0, col - 1).replace(/[^\t]/g, ' ');
  return `${text}\n${pad}^`;
}
