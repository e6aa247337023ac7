// Splits Python source into tokens on demand. Lazy on purpose: parseExpression reads one call out
// of a whole .py file and must not trip over whatever follows it, so malformed text becomes an
// 'error' token that only fails when the parser actually needs it.

import type { Position } from './ast';
import { LangSyntaxError } from './errors';

export type TokenKind = 'name' | 'number' | 'string' | 'op' | 'newline' | 'eof' | 'error';

export interface Token {
  kind: TokenKind;
  /** The source text of the token (for 'newline' the line break, for 'eof' ''). */
  text: string;
  start: Position;
  end: Position;
  /** number: the value; string: the decoded text; error: the message. */
  value?: number | string;
  /** number: true for Python int literals. */
  isInt?: boolean;
}

export type LexMode = 'cell' | 'python';

/** Python keywords: never plain names. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue',
  'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in',
  'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

const OPERATORS = [
  '**=', '//=', '>>=', '<<=', '...',
  '->', ':=', '**', '//', '==', '!=', '<=', '>=', '<<', '>>', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=',
  '+', '-', '*', '/', '%', '@', '&', '|', '^', '~', '<', '>', '(', ')', '[', ']', '{', '}', ',', ':', '.', ';', '=', '!',
];

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS = new Set([')', ']', '}']);

const NAME_RE = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const NAME_CHAR_RE = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]/u;
const HEX_RE = /0[xX](?:_?[0-9a-fA-F])+/y;
const OCT_RE = /0[oO](?:_?[0-7])+/y;
const BIN_RE = /0[bB](?:_?[01])+/y;
const DEC_RE = /(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?/y;

/** Line starts of a source, cached for the last source seen (parseExpression is called many times per file). */
let cachedSource: string | null = null;
let cachedLineStarts: number[] = [];

function lineStartsOf(source: string): number[] {
  if (source === cachedSource) return cachedLineStarts;
  const starts = [0];
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (source.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  cachedSource = source;
  cachedLineStarts = starts;
  return starts;
}

export class Lexer {
  private pos: number;
  private readonly lineStarts: number[];
  private readonly buffer: Token[] = [];
  /** Open brackets not yet closed: inside them line breaks are not statement ends. */
  readonly openBrackets: Token[] = [];

  constructor(
    readonly source: string,
    offset: number,
    readonly mode: LexMode,
  ) {
    this.pos = offset;
    this.lineStarts = lineStartsOf(source);
  }

  positionAt(offset: number): Position {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1, offset };
  }

  peek(ahead = 0): Token {
    while (this.buffer.length <= ahead) this.buffer.push(this.scan());
    return this.buffer[ahead];
  }

  next(): Token {
    const token = this.peek();
    this.buffer.shift();
    return token;
  }

  private make(kind: TokenKind, start: number, end: number, extra?: Partial<Token>): Token {
    return { kind, text: this.source.slice(start, end), start: this.positionAt(start), end: this.positionAt(end), ...extra };
  }

  private error(message: string, start: number, end: number): Token {
    // An error token ends the stream: scanning resumes at the end so peeking past it is harmless.
    const token = this.make('error', start, Math.max(end, start), { value: message });
    this.pos = this.source.length;
    return token;
  }

  private scan(): Token {
    const src = this.source;
    for (;;) {
      if (this.pos >= src.length) return this.make('eof', src.length, src.length);
      const c = src[this.pos];
      if (c === ' ' || c === '\t' || c === '\f') {
        this.pos++;
      } else if (c === '#') {
        while (this.pos < src.length && src[this.pos] !== '\n' && src[this.pos] !== '\r') this.pos++;
      } else if (c === '\\') {
        const after = src[this.pos + 1];
        if (after === '\n') this.pos += 2;
        else if (after === '\r') this.pos += src[this.pos + 2] === '\n' ? 3 : 2;
        else return this.error('unexpected character after line continuation character', this.pos, this.pos + 1);
        if (this.pos >= src.length) return this.error('unexpected EOF after line continuation character', this.pos, this.pos);
      } else if (c === '\n' || c === '\r') {
        const start = this.pos;
        this.pos += c === '\r' && src[this.pos + 1] === '\n' ? 2 : 1;
        if (this.openBrackets.length === 0) return this.make('newline', start, this.pos);
      } else {
        break;
      }
    }
    const start = this.pos;
    const c = src[start];

    if (/\d/.test(c) || (c === '.' && /\d/.test(src[start + 1] ?? ''))) return this.scanNumber(start);

    NAME_RE.lastIndex = start;
    const name = NAME_RE.exec(src);
    if (name) {
      const quote = src[start + name[0].length];
      if ((quote === '"' || quote === "'") && /^(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])$/.test(name[0])) {
        return this.scanString(start, name[0]);
      }
      this.pos = start + name[0].length;
      return this.make('name', start, this.pos);
    }

    if (c === '"' || c === "'") return this.scanString(start, '');

    for (const op of OPERATORS) {
      if (src.startsWith(op, start)) {
        this.pos = start + op.length;
        const token = this.make('op', start, this.pos);
        if (OPENERS[op]) this.openBrackets.push(token);
        else if (CLOSERS.has(op)) {
          // Python's tokenizer checks bracket pairing itself, before the parser sees the tokens.
          const open = this.openBrackets[this.openBrackets.length - 1];
          if (!open) return this.error(`unmatched '${op}'`, start, this.pos);
          if (OPENERS[open.text] !== op) {
            const onLine = open.start.line !== token.start.line ? ` on line ${open.start.line}` : '';
            return this.error(`closing parenthesis '${op}' does not match opening parenthesis '${open.text}'${onLine}`, start, this.pos);
          }
          this.openBrackets.pop();
        }
        return token;
      }
    }

    const code = src.codePointAt(start) ?? 0;
    const width = code > 0xffff ? 2 : 1;
    const hex = code.toString(16).toUpperCase().padStart(4, '0');
    return this.error(`invalid character '${String.fromCodePoint(code)}' (U+${hex})`, start, start + width);
  }

  private scanNumber(start: number): Token {
    const src = this.source;
    let raw: string | null = null;
    let isInt = true;
    for (const re of [HEX_RE, OCT_RE, BIN_RE]) {
      re.lastIndex = start;
      const m = re.exec(src);
      if (m) {
        raw = m[0];
        break;
      }
    }
    if (raw === null) {
      DEC_RE.lastIndex = start;
      raw = DEC_RE.exec(src)![0];
      isInt = !/[.eE]/.test(raw);
    }
    const end = start + raw.length;
    const follower = src[end] ?? '';
    if (follower === 'j' || follower === 'J') {
      return this.error('complex numbers are not supported in convbook', start, end + 1);
    }
    if (follower && (NAME_CHAR_RE.test(follower) || follower === '_')) {
      let stop = end;
      while (stop < src.length && NAME_CHAR_RE.test(src[stop])) stop++;
      return this.error(`invalid ${isInt ? 'decimal' : 'floating point'} literal`, start, stop);
    }
    if (isInt && /^0+[1-9_]/.test(raw) && !/^0[xXoObB]/.test(raw)) {
      return this.error('leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers', start, end);
    }
    this.pos = end;
    return this.make('number', start, end, { value: Number(raw.replace(/_/g, '')), isInt });
  }

  private scanString(start: number, prefix: string): Token {
    const src = this.source;
    const lower = prefix.toLowerCase();
    if (lower.includes('f')) return this.error('f-strings are not supported in convbook', start, start + prefix.length + 1);
    if (lower.includes('b')) return this.error('bytes literals are not supported in convbook', start, start + prefix.length + 1);
    const raw = lower.includes('r');
    let i = start + prefix.length;
    const quote = src[i];
    const triple = src.startsWith(quote.repeat(3), i);
    const closer = triple ? quote.repeat(3) : quote;
    i += closer.length;
    let value = '';
    for (;;) {
      if (i >= src.length || (!triple && (src[i] === '\n' || src[i] === '\r'))) {
        const at = this.positionAt(Math.min(i, src.length));
        const what = triple ? 'unterminated triple-quoted string literal' : 'unterminated string literal';
        return this.error(`${what} (detected at line ${at.line})`, start, Math.min(i, src.length));
      }
      if (src.startsWith(closer, i)) {
        i += closer.length;
        break;
      }
      const ch = src[i];
      if (ch === '\\') {
        const next = src[i + 1] ?? '';
        if (raw) {
          value += ch + next;
          i += 2;
          continue;
        }
        const decoded = decodeEscape(src, i);
        value += decoded.text;
        i = decoded.end;
        continue;
      }
      value += ch;
      i++;
    }
    this.pos = i;
    return this.make('string', start, i, { value });
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0',
};

function decodeEscape(src: string, at: number): { text: string; end: number } {
  const next = src[at + 1] ?? '';
  if (next === '\n') return { text: '', end: at + 2 };
  if (next === '\r') return { text: '', end: src[at + 2] === '\n' ? at + 3 : at + 2 };
  if (next in SIMPLE_ESCAPES && !(next === '0' && /[0-7]/.test(src[at + 2] ?? ''))) return { text: SIMPLE_ESCAPES[next], end: at + 2 };
  const hexLength = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
  if (hexLength) {
    const digits = src.slice(at + 2, at + 2 + hexLength);
    if (/^[0-9a-fA-F]+$/.test(digits) && digits.length === hexLength) {
      const code = parseInt(digits, 16);
      if (code <= 0x10ffff) return { text: String.fromCodePoint(code), end: at + 2 + hexLength };
    }
  }
  const octal = /^[0-7]{1,3}/.exec(src.slice(at + 1, at + 4));
  if (octal) return { text: String.fromCharCode(parseInt(octal[0], 8)), end: at + 1 + octal[0].length };
  // Python keeps unknown escapes as written.
  return { text: '\\' + next, end: at + 2 };
}

/** Throws the error an 'error' token carries. */
export function raiseErrorToken(token: Token): never {
  throw new LangSyntaxError(String(token.value), token.start, token.end);
}
