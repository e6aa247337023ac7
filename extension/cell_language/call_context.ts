// Where the cursor sits in a cell, as far as completions and signature help care: inside which
// call (the innermost parenthesis preceded by a name, so a tuple argument still belongs to its
// call), at which argument, whether that argument is `name=...`, and which keywords the call
// already has. Strings and comments are skipped. A deliberately small scanner: it must work on
// half-typed code the parser would reject.

export interface CallContext {
  /** The dotted name before the parenthesis, e.g. 'nn.Conv2d', 'F.conv2d', 'x.size', 'layer'. */
  callee: string;
  /** 0-based index of the argument the cursor is in (top-level commas before it). */
  argIndex: number;
  /** Arguments before the current one that were positional. */
  positionalCount: number;
  /** Set when the current argument is `name=...` and the cursor is after the '='. */
  keyword?: string;
  /** Keywords given in the arguments before the current one. */
  usedKeywords: string[];
  /** True while the current argument is empty or a bare identifier being typed (could become a keyword). */
  atArgumentStart: boolean;
}

export interface ScanState {
  /** The cursor is inside a string literal or a comment. */
  inStringOrComment: boolean;
  call: CallContext | null;
}

interface Frame {
  open: string;
  callee: string | null;
  argStart: number;
  argIndex: number;
  positionalCount: number;
  usedKeywords: string[];
}

const KEYWORD_ARG = /^\s*([A-Za-z_]\w*)\s*=(?!=)/;
const BARE_NAME = /^\s*([A-Za-z_]\w*)?$/;
const CALLEE = /([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)\s*$/;

export function scanToCursor(text: string, offset: number): ScanState {
  const stack: Frame[] = [];
  let i = 0;
  const end = Math.min(offset, text.length);
  while (i < end) {
    const c = text[i];
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      if (nl < 0 || nl >= end) return { inStringOrComment: true, call: null };
      i = nl;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const string = findStringEnd(text, i, c, triple);
      if (string.closed ? string.end > end : string.end >= end) return { inStringOrComment: true, call: null };
      i = string.end;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') {
      let callee: string | null = null;
      if (c === '(') {
        const m = CALLEE.exec(text.slice(Math.max(0, i - 200), i));
        callee = m ? m[1].replace(/\s+/g, '') : null;
        // `if (`, `and (` … are not calls.
        if (callee && /^(if|elif|while|and|or|not|in|is|return|for|lambda|else|assert|del|yield)$/.test(callee)) callee = null;
      }
      stack.push({ open: c, callee, argStart: i + 1, argIndex: 0, positionalCount: 0, usedKeywords: [] });
    } else if (c === ')' || c === ']' || c === '}') {
      stack.pop();
    } else if (c === ',' && stack.length > 0) {
      const frame = stack[stack.length - 1];
      const arg = text.slice(frame.argStart, i);
      const kw = KEYWORD_ARG.exec(arg);
      if (kw) frame.usedKeywords.push(kw[1]);
      else if (arg.trim() !== '') frame.positionalCount++;
      frame.argIndex++;
      frame.argStart = i + 1;
    }
    i++;
  }
  for (let k = stack.length - 1; k >= 0; k--) {
    const frame = stack[k];
    if (frame.open !== '(' || !frame.callee) continue;
    // The argument text at this frame's depth: for an outer frame, up to where the inner bracket opened.
    const argEnd = k + 1 < stack.length ? stack[k + 1].argStart - 1 : end;
    const current = text.slice(frame.argStart, argEnd);
    const kw = KEYWORD_ARG.exec(current);
    return {
      inStringOrComment: false,
      call: {
        callee: frame.callee,
        argIndex: frame.argIndex,
        positionalCount: frame.positionalCount,
        keyword: kw ? kw[1] : undefined,
        usedKeywords: frame.usedKeywords,
        atArgumentStart: k === stack.length - 1 && BARE_NAME.test(current),
      },
    };
  }
  return { inStringOrComment: false, call: null };
}

/** Where a string literal ends: just past its closing quote, or where it stops unterminated. */
function findStringEnd(text: string, start: number, quote: string, triple: boolean): { end: number; closed: boolean } {
  let i = start + (triple ? 3 : 1);
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    // An unterminated single-line string stops at the end of its line.
    if (!triple && c === '\n') return { end: i, closed: false };
    if (triple ? text.startsWith(quote.repeat(3), i) : c === quote) return { end: i + (triple ? 3 : 1), closed: true };
    i++;
  }
  return { end: text.length, closed: false };
}
