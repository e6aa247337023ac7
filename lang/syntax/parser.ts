// Recursive-descent parser for convbook cells (a safe subset of Python) and for single Python
// expressions read out of .py files. Anything outside the subset is a SyntaxError that says so
// and points at the construct, rather than a generic "invalid syntax".

import type {
  AugAssignStmt,
  CallExpr,
  Expr,
  ImportAlias,
  Keyword,
  Module,
  NameExpr,
  Position,
  Stmt,
  TupleExpr,
} from './ast';
import { LangSyntaxError } from './errors';
import { KEYWORDS, Lexer, raiseErrorToken, type LexMode, type Token } from './lexer';

/** Parses a whole cell. Throws LangSyntaxError at the exact offending span. */
export function parseCell(source: string): Module {
  const parser = new Parser(new Lexer(source, 0, 'cell'));
  return parser.parseModule();
}

/**
 * Parses one Python expression starting at `offset` of an arbitrary Python source (e.g. an
 * `nn.Conv2d(...)` call inside a .py file) and returns it with the offset just past its end.
 * Accepts what appears inside real argument lists: attribute access, subscripts, arithmetic
 * (including `**` and `//`), `*args` and `**kwargs`. Throws LangSyntaxError otherwise.
 */
export function parseExpression(source: string, offset: number): { expr: Expr; end: number } {
  if (!Number.isInteger(offset) || offset < 0 || offset > source.length) {
    throw new RangeError(`parseExpression: offset ${offset} is outside the source (length ${source.length})`);
  }
  const parser = new Parser(new Lexer(source, offset, 'python'));
  const expr = parser.parseStandaloneExpression();
  return { expr, end: expr.end.offset };
}

const STATEMENT_KEYWORDS = new Set([
  'def', 'class', 'for', 'while', 'if', 'elif', 'else', 'with', 'try', 'except', 'finally', 'return',
  'global', 'nonlocal', 'assert', 'raise', 'pass', 'break', 'continue', 'yield', 'async', 'await', 'lambda',
]);

const COMPARISONS = new Set(['==', '!=', '<', '>', '<=', '>=']);
const BITWISE = new Set(['&', '|', '^', '~', '<<', '>>']);
const AUG_OPS: Record<string, AugAssignStmt['op']> = { '+=': '+', '-=': '-', '*=': '*', '/=': '/' };
const CLOSER_OF: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Python's own parser gives up at about this depth too ("too many nested parentheses"). */
const MAX_NESTING = 200;

class Parser {
  private readonly mode: LexMode;
  private depth = 0;
  /** The element last parsed inside brackets, for "Perhaps you forgot a comma?". */
  private lastElement: Expr | null = null;

  constructor(private readonly lx: Lexer) {
    this.mode = lx.mode;
  }

  // ───────────── token helpers ─────────────

  private peek(ahead = 0): Token {
    return this.lx.peek(ahead);
  }

  private next(): Token {
    const token = this.lx.next();
    if (token.kind === 'error') raiseErrorToken(token);
    return token;
  }

  private isOp(token: Token, text: string): boolean {
    return token.kind === 'op' && token.text === text;
  }

  private isKeyword(token: Token, word: string): boolean {
    return token.kind === 'name' && token.text === word;
  }

  private where(): string {
    return this.mode === 'cell' ? 'in convbook cells' : 'by convbook';
  }

  private fail(message: string, start: Position, end: Position = start): never {
    this.preferEarlierCauses(start.line);
    throw new LangSyntaxError(message, start, end);
  }

  /**
   * Python reads the whole cell before settling on a parser error: a tokenizer error anywhere
   * (an unterminated string, a stray character, mismatched brackets) wins, and so does a bracket
   * opened on an earlier line and never closed, which is the usual real cause.
   */
  private preferEarlierCauses(errorLine: number): void {
    if (this.mode !== 'cell') return;
    for (;;) {
      const token = this.lx.next();
      if (token.kind === 'error') raiseErrorToken(token);
      if (token.kind === 'eof') break;
    }
    const open = this.lx.openBrackets[this.lx.openBrackets.length - 1];
    if (open && errorLine > open.start.line) throw new LangSyntaxError(`'${open.text}' was never closed`, open.start, open.end);
  }

  /** The error for a token that cannot come here: as specific as we can make it. */
  private unexpected(token: Token, expected?: string): never {
    if (token.kind === 'error') raiseErrorToken(token);
    const span = (message: string): never => this.fail(message, token.start, token.end);
    const where = this.where();
    if (token.kind === 'eof' || token.kind === 'newline') {
      const open = this.lx.openBrackets[this.lx.openBrackets.length - 1];
      if (open && token.kind === 'eof') throw new LangSyntaxError(`'${open.text}' was never closed`, open.start, open.end);
      return span(expected ? `invalid syntax: expected ${expected}` : 'invalid syntax');
    }
    if (token.kind === 'name') {
      const word = token.text;
      if (word === 'for') return span(`comprehensions and 'for' loops are not supported ${where}`);
      if (word === 'if' || word === 'else') return span(`conditional expressions ('a if c else b') are not supported ${where}`);
      if (word === 'lambda') return span(`'lambda' is not supported ${where}`);
      if (word === 'and' || word === 'or' || word === 'not' || word === 'in' || word === 'is') {
        return span(`boolean and comparison operators ('${word}') are not supported ${where}`);
      }
      if (STATEMENT_KEYWORDS.has(word)) return span(`'${word}' statements are not supported ${where}: a cell holds imports, assignments and expressions`);
    }
    if (token.kind === 'op') {
      const op = token.text;
      if (COMPARISONS.has(op)) return span(`comparisons ('${op}') are not supported ${where}`);
      if (BITWISE.has(op)) return span(`bitwise operators ('${op}') are not supported ${where}`);
      if (op === '@') return span(`matrix multiplication ('@') is not supported ${where}`);
      if (op === '**') return span(`'**' (power) is not supported ${where}`);
      if (op === '{') return span(`dict and set literals are not supported ${where}`);
      if (op === ':=') return span(`assignment expressions (':=') are not supported ${where}`);
      if (op === '...') return span(`Ellipsis ('...') is not supported ${where}`);
    }
    if (this.startsExpression(token) && expected !== undefined && /[)\]]/.test(expected)) {
      // Python underlines from the element before the missing comma to the one after it.
      this.fail('invalid syntax. Perhaps you forgot a comma?', this.lastElement?.start ?? token.start, token.end);
    }
    return span(expected ? `invalid syntax: expected ${expected}` : 'invalid syntax');
  }

  /** Consumes the bracket closing `open`, with Python's messages for mismatches. */
  private expectClose(open: Token): Token {
    const closer = CLOSER_OF[open.text];
    const token = this.peek();
    if (this.isOp(token, closer)) return this.next();
    if (token.kind === 'eof') throw new LangSyntaxError(`'${open.text}' was never closed`, open.start, open.end);
    return this.unexpected(token, `'${closer}'`);
  }

  private startsExpression(token: Token): boolean {
    if (token.kind === 'number' || token.kind === 'string') return true;
    if (token.kind === 'name') return !KEYWORDS.has(token.text) || token.text === 'True' || token.text === 'False' || token.text === 'None';
    if (token.kind === 'op') return token.text === '(' || token.text === '[' || token.text === '-' || token.text === '+';
    return false;
  }

  // ───────────── statements ─────────────

  parseModule(): Module {
    const body: Stmt[] = [];
    const startPos = this.lx.positionAt(0);
    let atLineStart = true;
    for (;;) {
      const token = this.peek();
      if (token.kind === 'eof') break;
      if (token.kind === 'newline') {
        this.next();
        atLineStart = true;
        continue;
      }
      if (atLineStart && token.start.column !== 1) this.fail('unexpected indent', this.lx.positionAt(token.start.offset - token.start.column + 1), token.start);
      body.push(this.parseStatement());
      const after = this.peek();
      if (this.isOp(after, ';')) {
        this.next();
        atLineStart = false;
        const following = this.peek();
        if (following.kind === 'newline' || following.kind === 'eof') atLineStart = true;
        continue;
      }
      if (after.kind === 'newline' || after.kind === 'eof') {
        atLineStart = true;
        continue;
      }
      this.unexpected(after);
    }
    const endPos = this.lx.positionAt(this.lx.source.length);
    return { kind: 'Module', body, start: startPos, end: endPos };
  }

  private parseStatement(): Stmt {
    const token = this.peek();
    if (token.kind === 'error') raiseErrorToken(token);
    if (this.isKeyword(token, 'import')) return this.parseImport();
    if (this.isKeyword(token, 'from')) return this.parseImportFrom();
    if (this.isKeyword(token, 'del')) return this.parseDelete();
    if (token.kind === 'name' && STATEMENT_KEYWORDS.has(token.text) && token.text !== 'lambda') {
      this.fail(`'${token.text}' statements are not supported in convbook cells: a cell holds imports, assignments and expressions`, token.start, token.end);
    }
    if (this.isOp(token, '@')) this.fail('decorators are not supported in convbook cells', token.start, token.end);

    const first = this.parseTupleOrExpr();
    const op = this.peek();
    if (op.kind === 'op' && AUG_OPS[op.text]) {
      this.checkTarget(first, false);
      this.next();
      const value = this.parseTupleOrExpr();
      return { kind: 'AugAssign', target: first, op: AUG_OPS[op.text], value, start: first.start, end: value.end };
    }
    if (op.kind === 'op' && /^(\*\*|\/\/|%|@|&|\||\^|>>|<<)=$/.test(op.text)) {
      this.fail(`augmented assignment '${op.text}' is not supported in convbook cells`, op.start, op.end);
    }
    if (!this.isOp(op, '=')) return { kind: 'Expr', expr: first, start: first.start, end: first.end };

    const targets: Expr[] = [first];
    let value: Expr = first;
    while (this.isOp(this.peek(), '=')) {
      this.next();
      value = this.parseTupleOrExpr();
      targets.push(value);
    }
    targets.pop();
    for (const target of targets) this.checkTarget(target, true);
    return { kind: 'Assign', targets, value, start: first.start, end: value.end };
  }

  /** Rejects what Python cannot assign to, with Python's wording. */
  private checkTarget(target: Expr, allowTuple: boolean): void {
    switch (target.kind) {
      case 'Name':
      case 'Attribute':
      case 'Subscript':
        return;
      case 'Tuple':
      case 'List':
        if (!allowTuple) this.fail(`'${target.kind.toLowerCase()}' is an illegal expression for augmented assignment`, target.start, target.end);
        for (const elt of target.elts) this.checkTarget(elt, true);
        return;
      case 'Call':
        this.fail("cannot assign to function call here. Maybe you meant '==' instead of '='?", target.start, target.end);
        break;
      case 'Number':
      case 'String':
      case 'Bool':
      case 'None':
        this.fail("cannot assign to literal here. Maybe you meant '==' instead of '='?", target.start, target.end);
        break;
      default:
        this.fail("cannot assign to expression here. Maybe you meant '==' instead of '='?", target.start, target.end);
    }
  }

  private parseDottedName(): { name: string; start: Position; end: Position } {
    const first = this.peek();
    if (first.kind !== 'name' || KEYWORDS.has(first.text)) this.unexpected(first, 'a module name');
    this.next();
    let name = first.text;
    let end = first.end;
    while (this.isOp(this.peek(), '.')) {
      this.next();
      const part = this.peek();
      if (part.kind !== 'name' || KEYWORDS.has(part.text)) this.unexpected(part, 'a name after the dot');
      this.next();
      name += '.' + part.text;
      end = part.end;
    }
    return { name, start: first.start, end };
  }

  private parseAsName(): { asname: string | null; end: Position | null } {
    if (!this.isKeyword(this.peek(), 'as')) return { asname: null, end: null };
    this.next();
    const alias = this.peek();
    if (alias.kind !== 'name' || KEYWORDS.has(alias.text)) this.unexpected(alias, "a name after 'as'");
    this.next();
    return { asname: alias.text, end: alias.end };
  }

  private parseDelete(): Stmt {
    const keyword = this.next();
    const targets: NameExpr[] = [];
    do {
      if (targets.length) this.next();
      const target = this.parseExpr();
      if (target.kind !== 'Name') this.fail('convbook cells can only `del` names (del x, y)', target.start, target.end);
      targets.push(target);
    } while (this.isOp(this.peek(), ','));
    return { kind: 'Delete', targets, start: keyword.start, end: targets[targets.length - 1].end };
  }

  private parseImport(): Stmt {
    const keyword = this.next();
    const names: ImportAlias[] = [];
    do {
      if (names.length) this.next();
      const dotted = this.parseDottedName();
      const { asname, end } = this.parseAsName();
      names.push({ name: dotted.name, asname, start: dotted.start, end: end ?? dotted.end });
    } while (this.isOp(this.peek(), ','));
    return { kind: 'Import', names, start: keyword.start, end: names[names.length - 1].end };
  }

  private parseImportFrom(): Stmt {
    const keyword = this.next();
    const dot = this.peek();
    if (this.isOp(dot, '.') || this.isOp(dot, '...')) this.fail('relative imports are not supported in convbook cells', dot.start, dot.end);
    const module = this.parseDottedName();
    const importKeyword = this.peek();
    if (!this.isKeyword(importKeyword, 'import')) this.unexpected(importKeyword, "'import'");
    this.next();
    const star = this.peek();
    if (this.isOp(star, '*')) this.fail(`'from ${module.name} import *' is not supported in convbook cells: import the names you use`, star.start, star.end);
    let open: Token | null = null;
    if (this.isOp(star, '(')) open = this.next();
    const names: ImportAlias[] = [];
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'name' || KEYWORDS.has(token.text)) {
        if (open && names.length && this.isOp(token, ')')) break;
        this.unexpected(token, 'a name to import');
      }
      this.next();
      const { asname, end } = this.parseAsName();
      names.push({ name: token.text, asname, start: token.start, end: end ?? token.end });
      if (!this.isOp(this.peek(), ',')) break;
      const comma = this.next();
      if (!open && !(this.peek().kind === 'name')) this.fail('trailing comma not allowed without surrounding parentheses', comma.start, comma.end);
    }
    let end = names[names.length - 1].end;
    if (open) end = this.expectClose(open).end;
    return { kind: 'ImportFrom', module: module.name, moduleStart: module.start, moduleEnd: module.end, names, start: keyword.start, end };
  }

  // ───────────── expressions ─────────────

  parseStandaloneExpression(): Expr {
    const token = this.peek();
    if (!this.startsExpression(token)) this.unexpected(token, 'an expression');
    // At the top level, stop before whatever cannot continue the expression (`if`, `==`, ...):
    // the caller gets the expression read so far and where it ended.
    return this.parseArith();
  }

  /** `a`, or a bare tuple `a, b,` as Python allows on either side of `=`. */
  private parseTupleOrExpr(): Expr {
    const first = this.peek();
    if (!this.startsExpression(first)) this.unexpected(first, 'an expression');
    const head = this.parseExpr();
    if (!this.isOp(this.peek(), ',')) return head;
    const elts = [head];
    let end = head.end;
    while (this.isOp(this.peek(), ',')) {
      end = this.next().end;
      if (!this.startsExpression(this.peek())) break;
      const elt = this.parseExpr();
      elts.push(elt);
      end = elt.end;
    }
    const tuple: TupleExpr = { kind: 'Tuple', elts, parenthesized: false, start: head.start, end };
    return tuple;
  }

  /** One expression (no bare tuple). Checks what follows for constructs outside the subset. */
  private parseExpr(): Expr {
    const expr = this.parseArith();
    const after = this.peek();
    if (after.kind === 'name' && (after.text === 'if' || after.text === 'for' || after.text === 'and' || after.text === 'or' || after.text === 'in' || after.text === 'is' || after.text === 'not')) {
      this.unexpected(after);
    }
    if (after.kind === 'op' && (COMPARISONS.has(after.text) || BITWISE.has(after.text) || after.text === '@' || after.text === ':=')) {
      this.unexpected(after);
    }
    return expr;
  }

  private parseArith(): Expr {
    let left = this.parseTerm();
    for (;;) {
      const op = this.peek();
      if (!(this.isOp(op, '+') || this.isOp(op, '-'))) return left;
      this.next();
      const right = this.parseTerm();
      left = { kind: 'Binary', op: op.text as '+' | '-', left, right, opStart: op.start, start: left.start, end: right.end };
    }
  }

  private parseTerm(): Expr {
    let left = this.parseFactor();
    for (;;) {
      const op = this.peek();
      if (!(this.isOp(op, '*') || this.isOp(op, '/') || this.isOp(op, '//') || this.isOp(op, '%'))) return left;
      this.next();
      const right = this.parseFactor();
      left = { kind: 'Binary', op: op.text as '*' | '/' | '//' | '%', left, right, opStart: op.start, start: left.start, end: right.end };
    }
  }

  private parseFactor(): Expr {
    // Every nested bracket and unary operator passes through here; bound the depth so hostile
    // input is a SyntaxError rather than a JS stack overflow.
    if (++this.depth > MAX_NESTING) {
      const token = this.peek();
      this.fail(`expression too deeply nested (more than ${MAX_NESTING} levels)`, token.start, token.end);
    }
    try {
      return this.parseFactorInner();
    } finally {
      this.depth--;
    }
  }

  private parseFactorInner(): Expr {
    const op = this.peek();
    if (this.isOp(op, '-') || this.isOp(op, '+')) {
      this.next();
      const operand = this.parseFactor();
      return { kind: 'Unary', op: op.text as '-' | '+', operand, start: op.start, end: operand.end };
    }
    if (this.isOp(op, '~')) this.unexpected(op);
    return this.parsePower();
  }

  private parsePower(): Expr {
    const base = this.parsePrimary();
    const op = this.peek();
    if (!this.isOp(op, '**')) return base;
    if (this.mode === 'cell') this.unexpected(op);
    this.next();
    const exponent = this.parseFactor();
    return { kind: 'Binary', op: '**', left: base, right: exponent, opStart: op.start, start: base.start, end: exponent.end };
  }

  private parsePrimary(): Expr {
    let expr = this.parseAtom();
    for (;;) {
      const token = this.peek();
      if (this.isOp(token, '.')) {
        this.next();
        const attr = this.peek();
        if (attr.kind !== 'name' || KEYWORDS.has(attr.text)) this.unexpected(attr, 'an attribute name');
        this.next();
        expr = { kind: 'Attribute', value: expr, attr: attr.text, attrStart: attr.start, start: expr.start, end: attr.end };
      } else if (this.isOp(token, '(')) {
        expr = this.parseCall(expr);
      } else if (this.isOp(token, '[')) {
        const open = this.next();
        const index = this.parseSubscriptIndex(open);
        const close = this.expectClose(open);
        expr = { kind: 'Subscript', value: expr, index, start: expr.start, end: close.end };
      } else {
        return expr;
      }
    }
  }

  private parseCall(func: Expr): CallExpr {
    const open = this.next();
    const args: Expr[] = [];
    const keywords: Keyword[] = [];
    const seen = new Set<string>();
    while (!this.isOp(this.peek(), ')')) {
      const token = this.peek();
      if (this.isOp(token, '*')) {
        this.next();
        const value = this.parseExpr();
        args.push({ kind: 'Starred', value, start: token.start, end: value.end });
      } else if (this.isOp(token, '**')) {
        if (this.mode === 'cell') this.fail("'**' unpacking is not supported in convbook cells", token.start, token.end);
        this.next();
        const value = this.parseExpr();
        keywords.push({ name: null, nameStart: token.start, nameEnd: token.end, value, start: token.start, end: value.end });
      } else if (token.kind === 'name' && !KEYWORDS.has(token.text) && this.isOp(this.peek(1), '=')) {
        this.next();
        this.next();
        if (seen.has(token.text)) this.fail(`keyword argument repeated: ${token.text}`, token.start, token.end);
        seen.add(token.text);
        const value = (this.lastElement = this.parseArgumentValue());
        keywords.push({ name: token.text, nameStart: token.start, nameEnd: token.end, value, start: token.start, end: value.end });
      } else {
        const value = this.parseArgumentValue();
        if (keywords.some((k) => k.name === null)) this.fail('positional argument follows keyword argument unpacking', value.start, value.end);
        if (keywords.length) this.fail('positional argument follows keyword argument', value.start, value.end);
        args.push(value);
        this.lastElement = value;
      }
      if (!this.isOp(this.peek(), ',')) break;
      this.next();
    }
    const close = this.expectClose(open);
    return { kind: 'Call', func, args, keywords, open: open.start, start: func.start, end: close.end };
  }

  private parseArgumentValue(): Expr {
    const token = this.peek();
    if (!this.startsExpression(token)) this.unexpected(token, 'an argument');
    return this.parseExpr();
  }

  private parseSubscriptIndex(open: Token): Expr {
    const items: Expr[] = [];
    let trailingComma = false;
    for (;;) {
      if (this.isOp(this.peek(), ']')) {
        if (!items.length) this.unexpected(this.peek(), 'an index');
        break;
      }
      items.push((this.lastElement = this.parseSliceItem()));
      trailingComma = false;
      if (!this.isOp(this.peek(), ',')) break;
      this.next();
      trailingComma = true;
    }
    if (items.length === 1 && !trailingComma) return items[0];
    const last = items[items.length - 1];
    return { kind: 'Tuple', elts: items, parenthesized: false, start: items[0]?.start ?? open.end, end: last.end };
  }

  private parseSliceItem(): Expr {
    const first = this.peek();
    let lower: Expr | null = null;
    if (!this.isOp(first, ':')) {
      if (!this.startsExpression(first)) this.unexpected(first, 'an index');
      lower = this.parseExpr();
      if (!this.isOp(this.peek(), ':')) return lower;
    }
    const colon = this.next();
    let upper: Expr | null = null;
    let step: Expr | null = null;
    let end = colon.end;
    if (this.startsExpression(this.peek())) {
      upper = this.parseExpr();
      end = upper.end;
    }
    if (this.isOp(this.peek(), ':')) {
      end = this.next().end;
      if (this.startsExpression(this.peek())) {
        step = this.parseExpr();
        end = step.end;
      }
    }
    return { kind: 'Slice', lower, upper, step, start: lower ? lower.start : colon.start, end };
  }

  private parseAtom(): Expr {
    const token = this.peek();
    if (token.kind === 'error') raiseErrorToken(token);
    if (token.kind === 'number') {
      this.next();
      return { kind: 'Number', value: token.value as number, isInt: token.isInt === true, raw: token.text, start: token.start, end: token.end };
    }
    if (token.kind === 'string') {
      this.next();
      let value = token.value as string;
      let end = token.end;
      while (this.peek().kind === 'string') {
        const more = this.next();
        value += more.value as string;
        end = more.end;
      }
      return { kind: 'String', value, start: token.start, end };
    }
    if (token.kind === 'name') {
      if (token.text === 'True' || token.text === 'False') {
        this.next();
        return { kind: 'Bool', value: token.text === 'True', start: token.start, end: token.end };
      }
      if (token.text === 'None') {
        this.next();
        return { kind: 'None', start: token.start, end: token.end };
      }
      if (KEYWORDS.has(token.text)) this.unexpected(token, 'an expression');
      this.next();
      return { kind: 'Name', id: token.text, start: token.start, end: token.end };
    }
    if (this.isOp(token, '(')) return this.parseParenthesized();
    if (this.isOp(token, '[')) return this.parseList();
    return this.unexpected(token, 'an expression');
  }

  private parseParenthesized(): Expr {
    const open = this.next();
    if (this.isOp(this.peek(), ')')) {
      const close = this.next();
      return { kind: 'Tuple', elts: [], parenthesized: true, start: open.start, end: close.end };
    }
    const first = this.peek();
    if (this.isOp(first, '*')) this.fail(`starred expressions are only supported as call arguments ${this.where()}`, first.start, first.end);
    if (!this.startsExpression(first)) this.unexpected(first, 'an expression');
    const head = (this.lastElement = this.parseExpr());
    if (!this.isOp(this.peek(), ',')) {
      this.expectClose(open);
      return head;
    }
    const elts = [head];
    while (this.isOp(this.peek(), ',')) {
      this.next();
      if (this.isOp(this.peek(), ')')) break;
      elts.push((this.lastElement = this.parseElement()));
    }
    const close = this.expectClose(open);
    return { kind: 'Tuple', elts, parenthesized: true, start: open.start, end: close.end };
  }

  private parseList(): Expr {
    const open = this.next();
    const elts: Expr[] = [];
    while (!this.isOp(this.peek(), ']')) {
      elts.push((this.lastElement = this.parseElement()));
      if (!this.isOp(this.peek(), ',')) break;
      this.next();
    }
    const close = this.expectClose(open);
    return { kind: 'List', elts, start: open.start, end: close.end };
  }

  private parseElement(): Expr {
    const token = this.peek();
    if (this.isOp(token, '*')) this.fail(`starred expressions are only supported as call arguments ${this.where()}`, token.start, token.end);
    if (!this.startsExpression(token)) this.unexpected(token, 'an expression');
    return this.parseExpr();
  }
}
