// A light lexical pass over Python source for the editor: it finds where calls to dotted names
// start, where comments are, and where logical lines (statements) begin and end, skipping strings
// and comments. It never parses expressions: the cell language's parseExpression does that once a
// candidate call is found. Portable: no vscode, no node, no DOM.

export interface ScannedCall {
  /** Offset of the callee's first character. */
  start: number;
  /** The callee as written, with any spaces around dots removed: `torch.nn.Conv2d`. */
  callee: string;
  /** Offset of the opening parenthesis. */
  open: number;
}

export interface ScannedComment {
  /** Offset of the `#`. */
  offset: number;
  /** 0-based line. */
  line: number;
  /** The comment without its `#`. */
  text: string;
  /** True when nothing but whitespace precedes the comment on its line. */
  ownLine: boolean;
}

/** One logical line: a statement, possibly spanning several physical lines through brackets or `\`. */
export interface ScannedStatement {
  /** Offset of the first non-blank character. */
  start: number;
  /** Offset just past the last code character (comments excluded). */
  end: number;
  /** 0-based physical lines of the first and last code character. */
  line: number;
  endLine: number;
  /** Indentation width of the first line (a tab counts as 8, as Python's tokenizer does). */
  indent: number;
}

export interface PythonScan {
  calls: ScannedCall[];
  comments: ScannedComment[];
  statements: ScannedStatement[];
  /** Offset where each 0-based line starts. */
  lineStarts: number[];
}

function isIdentStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code > 127;
}

function isIdentPart(code: number): boolean {
  return isIdentStart(code) || (code >= 48 && code <= 57);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

const STRING_PREFIX = /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])$/;

/** Line and column (both 0-based) of an offset, by binary search over line starts. */
export function positionAt(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, column: offset - lineStarts[lo] };
}

export function scanPython(source: string): PythonScan {
  const calls: ScannedCall[] = [];
  const comments: ScannedComment[] = [];
  const statements: ScannedStatement[] = [];
  const lineStarts: number[] = [0];
  const n = source.length;

  let depth = 0;
  let line = 0;
  // The statement being read: its start, last code offset, and indentation.
  let stmtStart = -1;
  let stmtEnd = -1;
  let stmtLine = 0;
  let stmtEndLine = 0;
  let stmtIndent = 0;
  let lineIndent = 0;
  let atLineStart = true;
  let continued = false;

  const closeStatement = (): void => {
    if (stmtStart >= 0) statements.push({ start: stmtStart, end: stmtEnd, line: stmtLine, endLine: stmtEndLine, indent: stmtIndent });
    stmtStart = -1;
  };
  const markCode = (from: number, to: number): void => {
    if (stmtStart < 0) {
      stmtStart = from;
      stmtLine = line;
      stmtIndent = lineIndent;
    }
    stmtEnd = to;
    stmtEndLine = line;
  };
  const newline = (at: number): void => {
    line++;
    lineStarts.push(at + 1);
    atLineStart = true;
    lineIndent = 0;
  };

  let i = 0;
  while (i < n) {
    const ch = source.charCodeAt(i);
    if (atLineStart) {
      if (ch === 32) { lineIndent++; i++; continue; }
      if (ch === 9) { lineIndent = (Math.floor(lineIndent / 8) + 1) * 8; i++; continue; }
      if (ch === 12) { i++; continue; }
      atLineStart = false;
    }
    if (ch === 10 || ch === 13) {
      if (ch === 13 && source.charCodeAt(i + 1) === 10) i++;
      if (depth === 0 && !continued) closeStatement();
      continued = false;
      newline(i);
      i++;
      continue;
    }
    if (ch === 32 || ch === 9 || ch === 12) { i++; continue; }
    continued = false;
    if (ch === 35) {
      // '#': a comment to the end of the line.
      let j = i + 1;
      while (j < n && source.charCodeAt(j) !== 10 && source.charCodeAt(j) !== 13) j++;
      const before = source.slice(lineStarts[line], i);
      comments.push({ offset: i, line, text: source.slice(i + 1, j), ownLine: before.trim() === '' });
      i = j;
      continue;
    }
    if (ch === 92) {
      // A backslash before a newline joins lines.
      const next = source.charCodeAt(i + 1);
      if (next === 10 || next === 13) {
        continued = true;
        i++;
        continue;
      }
      markCode(i, i + 1);
      i++;
      continue;
    }
    if (ch === 34 || ch === 39) {
      i = skipString(i, i);
      continue;
    }
    if (isDigit(ch) || (ch === 46 && isDigit(source.charCodeAt(i + 1)))) {
      let j = i + 1;
      while (j < n) {
        const c = source.charCodeAt(j);
        if (isIdentPart(c) || c === 46) j++;
        else if ((c === 43 || c === 45) && /[eE]/.test(source[j - 1]) && !/^0[xX]/.test(source.slice(i, j))) j++;
        else break;
      }
      markCode(i, j);
      i = j;
      continue;
    }
    if (isIdentStart(ch)) {
      let j = i + 1;
      while (j < n && isIdentPart(source.charCodeAt(j))) j++;
      const word = source.slice(i, j);
      const quote = source.charCodeAt(j);
      if ((quote === 34 || quote === 39) && STRING_PREFIX.test(word)) {
        i = skipString(i, j);
        continue;
      }
      // A dotted name: words joined by dots, spaces allowed around the dots on one line.
      const parts = [word];
      let k = j;
      for (;;) {
        let m = k;
        while (source.charCodeAt(m) === 32 || source.charCodeAt(m) === 9) m++;
        if (source.charCodeAt(m) !== 46) break;
        m++;
        while (source.charCodeAt(m) === 32 || source.charCodeAt(m) === 9) m++;
        if (!isIdentStart(source.charCodeAt(m))) break;
        let e = m + 1;
        while (e < n && isIdentPart(source.charCodeAt(e))) e++;
        parts.push(source.slice(m, e));
        k = e;
      }
      let m = k;
      while (source.charCodeAt(m) === 32 || source.charCodeAt(m) === 9) m++;
      const precededByDot = previousCodeChar(i) === 46;
      if (source.charCodeAt(m) === 40 && !precededByDot && !isDefinitionName(i)) {
        calls.push({ start: i, callee: parts.join('.'), open: m });
      }
      markCode(i, k);
      i = k;
      continue;
    }
    if (ch === 40 || ch === 91 || ch === 123) depth++;
    else if ((ch === 41 || ch === 93 || ch === 125) && depth > 0) depth--;
    markCode(i, i + 1);
    i++;
  }
  closeStatement();
  return { calls, comments, statements, lineStarts };

  /** Skips a string literal whose prefix starts at `from` and whose quote is at `quoteAt`; returns the offset after it. */
  function skipString(from: number, quoteAt: number): number {
    const q = source[quoteAt];
    const triple = source.startsWith(q + q + q, quoteAt);
    let j = quoteAt + (triple ? 3 : 1);
    while (j < n) {
      const c = source.charCodeAt(j);
      if (c === 92) {
        // An escaped character, possibly a newline (which still starts a new physical line).
        const e = source.charCodeAt(j + 1);
        if (e === 13 && source.charCodeAt(j + 2) === 10) { newline(j + 2); j += 3; continue; }
        if (e === 10 || e === 13) { newline(j + 1); j += 2; continue; }
        j += 2;
        continue;
      }
      if (c === 10 || c === 13) {
        if (!triple) break; // An unterminated single-line string ends at the line break.
        if (c === 13 && source.charCodeAt(j + 1) === 10) j++;
        newline(j);
        j++;
        continue;
      }
      if (source[j] === q && (!triple || source.startsWith(q + q + q, j))) {
        j += triple ? 3 : 1;
        markCode(from, j);
        atLineStart = false;
        return j;
      }
      j++;
    }
    markCode(from, j);
    atLineStart = false;
    return j;
  }

  function previousCodeChar(offset: number): number {
    let p = offset - 1;
    while (p >= 0 && (source.charCodeAt(p) === 32 || source.charCodeAt(p) === 9)) p--;
    return p >= 0 ? source.charCodeAt(p) : -1;
  }

  /** True for the name in `def name(` and `class Name(`, which are not calls. */
  function isDefinitionName(offset: number): boolean {
    let p = offset - 1;
    while (p >= 0 && (source.charCodeAt(p) === 32 || source.charCodeAt(p) === 9)) p--;
    let q = p;
    while (q >= 0 && isIdentPart(source.charCodeAt(q))) q--;
    const word = source.slice(q + 1, p + 1);
    return word === 'def' || word === 'class';
  }
}

/** One top-level argument of a call, as a source range with surrounding blanks and comments trimmed. */
export interface ArgumentRange {
  start: number;
  end: number;
}

/**
 * The top-level arguments of the call whose `(` is at `open`, found by bracket matching that skips
 * strings and comments; the closing parenthesis offset is `close`. Null when the call is unclosed.
 * Used when the expression parser cannot read a call (it refuses syntax cells do not support), so
 * each argument can still be read on its own.
 */
export function splitArguments(source: string, open: number): { close: number; args: ArgumentRange[] } | null {
  const args: ArgumentRange[] = [];
  let depth = 0;
  let firstCode = -1;
  let lastCode = -1;
  const pushSegment = (): void => {
    if (firstCode >= 0) args.push({ start: firstCode, end: lastCode });
    firstCode = -1;
    lastCode = -1;
  };
  let i = open + 1;
  const n = source.length;
  while (i < n) {
    const ch = source[i];
    if (ch === '#') {
      while (i < n && source[i] !== '\n' && source[i] !== '\r') i++;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || (ch === '\\' && (source[i + 1] === '\n' || source[i + 1] === '\r'))) {
      i++;
      continue;
    }
    if (firstCode < 0) firstCode = i;
    if (ch === '"' || ch === "'") {
      const triple = source.startsWith(ch.repeat(3), i);
      let j = i + (triple ? 3 : 1);
      while (j < n) {
        if (source[j] === '\\') { j += 2; continue; }
        if (!triple && (source[j] === '\n' || source[j] === '\r')) break;
        if (source[j] === ch && (!triple || source.startsWith(ch.repeat(3), j))) { j += triple ? 3 : 1; break; }
        j++;
      }
      lastCode = j;
      i = j;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') {
      if (depth === 0) {
        if (ch !== ')') return null;
        pushSegment();
        return { close: i, args };
      }
      depth--;
    } else if (ch === ',' && depth === 0) {
      pushSegment();
      i++;
      continue;
    }
    lastCode = i + 1;
    i++;
  }
  return null;
}
