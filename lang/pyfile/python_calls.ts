// A call found in Python code, read into its arguments: by the cell language's expression parser
// when it accepts the whole call, otherwise argument by argument (real code uses syntax cells do
// not support, such as `stride=2 if down else 1`; such an argument is kept as unreadable text and
// the others are still read). Portable: no vscode, no node, no DOM.

import type { CallExpr, Expr } from '../syntax/ast';
import { parseExpression } from '../syntax/parser';
import { splitArguments } from './python_scan';

export interface ArgSite {
  /** The keyword as written, or null for a positional argument. */
  keyword: string | null;
  /** '*' for `*args`, '**' for `**kwargs`, '' otherwise. */
  star: '' | '*' | '**';
  /** The parsed value, or null when the parser could not read it. */
  expr: Expr | null;
  /** Source range of the whole argument (keyword included), as offsets. */
  start: number;
  end: number;
  /** Source range of the value alone. */
  valueStart: number;
  valueEnd: number;
}

export interface CallSite {
  /** Offsets of the callee's first character and just past the closing parenthesis. */
  start: number;
  end: number;
  open: number;
  /** The callee as written (spaces around dots removed). */
  callee: string;
  args: ArgSite[];
}

/** Children of an expression, in source order. */
export function childExpressions(expr: Expr): Expr[] {
  switch (expr.kind) {
    case 'Tuple':
    case 'List':
      return expr.elts;
    case 'Call':
      return [expr.func, ...expr.args, ...expr.keywords.map((k) => k.value)];
    case 'Attribute':
      return [expr.value];
    case 'Subscript':
      return [expr.value, expr.index];
    case 'Slice':
      return [expr.lower, expr.upper, expr.step].filter((e): e is Expr => e !== null);
    case 'Binary':
      return [expr.left, expr.right];
    case 'Unary':
      return [expr.operand];
    case 'Starred':
      return [expr.value];
    default:
      return [];
  }
}

/** The call expression whose callee starts at `start` and whose `(` is at `open`, inside expr. */
function findCall(expr: Expr, start: number, open: number): CallExpr | null {
  if (expr.start.offset > start || expr.end.offset <= open) return null;
  if (expr.kind === 'Call' && expr.start.offset === start && expr.open.offset === open) return expr;
  for (const child of childExpressions(expr)) {
    const found = findCall(child, start, open);
    if (found) return found;
  }
  return null;
}

/** The call site of a parsed call expression. */
export function callSiteOfExpr(call: CallExpr, callee: string): CallSite {
  const args: ArgSite[] = [];
  for (const arg of call.args) {
    const starred = arg.kind === 'Starred';
    const value = starred ? arg.value : arg;
    args.push({ keyword: null, star: starred ? '*' : '', expr: value, start: arg.start.offset, end: arg.end.offset, valueStart: value.start.offset, valueEnd: value.end.offset });
  }
  for (const kw of call.keywords) {
    args.push({
      keyword: kw.name,
      star: kw.name === null ? '**' : '',
      expr: kw.value,
      start: kw.start.offset,
      end: kw.end.offset,
      valueStart: kw.value.start.offset,
      valueEnd: kw.value.end.offset,
    });
  }
  // Python requires keywords after positionals, so source order is positional then keyword,
  // except that `*args` may follow keywords; sort by position so diagnostics walk in order.
  args.sort((a, b) => a.start - b.start);
  return { start: call.start.offset, end: call.end.offset, open: call.open.offset, callee, args };
}

const KEYWORD_PREFIX = /^([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)\s*/;

function tryParse(source: string, start: number, end: number): Expr | null {
  try {
    const { expr, end: parsedEnd } = parseExpression(source, start);
    return parsedEnd === end ? expr : null;
  } catch {
    return null;
  }
}

/**
 * Reads the call whose callee starts at `start` with `(` at `open`. Null when the call is not
 * closed (the user is still typing it).
 */
export function readCallAt(source: string, start: number, open: number, callee: string): CallSite | null {
  try {
    const { expr } = parseExpression(source, start);
    const call = findCall(expr, start, open);
    if (call) return callSiteOfExpr(call, callee);
  } catch {
    // Fall through to reading argument by argument.
  }
  const split = splitArguments(source, open);
  if (!split) return null;
  const args: ArgSite[] = split.args.map((range) => {
    const text = source.slice(range.start, range.end);
    let star: ArgSite['star'] = '';
    let keyword: string | null = null;
    let valueStart = range.start;
    if (text.startsWith('**')) {
      star = '**';
      valueStart += 2;
    } else if (text.startsWith('*')) {
      star = '*';
      valueStart += 1;
    } else {
      const m = KEYWORD_PREFIX.exec(text);
      if (m) {
        keyword = m[1];
        valueStart += m[0].length;
      }
    }
    while (valueStart < range.end && /\s/.test(source[valueStart])) valueStart++;
    return { keyword, star, expr: tryParse(source, valueStart, range.end), start: range.start, end: range.end, valueStart, valueEnd: range.end };
  });
  return { start, end: split.close + 1, open, callee, args };
}
