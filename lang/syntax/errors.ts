// The parser's error: Python's SyntaxError, positioned exactly so the editor can underline the
// offending span and the notebook can draw a caret under it.

import type { Position } from './ast';

export class LangSyntaxError extends Error {
  /** 1-based line and column of the first offending character. */
  readonly line: number;
  readonly column: number;
  /** 1-based, exclusive end of the offending span (at least one character long when the source allows). */
  readonly endLine: number;
  readonly endColumn: number;
  /** 0-based offsets of the same span. */
  readonly offset: number;
  readonly endOffset: number;

  constructor(message: string, start: Position, end: Position = start) {
    super(message);
    this.name = 'SyntaxError';
    this.line = start.line;
    this.column = start.column;
    this.offset = start.offset;
    const after = end.offset >= start.offset ? end : start;
    this.endLine = after.line;
    this.endColumn = after.column;
    this.endOffset = after.offset;
  }
}
