// Diagnostics for a Python cell without running it, from what the editor knows for certain: syntax
// errors, arguments PyTorch would refuse to bind (unknown keywords, repeated or missing arguments),
// and layer configurations PyTorch's constructors reject. Cells are real Python: a construct the
// editor's parser does not read (classes, loops, comprehensions...) leaves the cell to CPython,
// and names it cannot resolve are not judged. Used for live squiggles: fast, never throws.

import { SAME_WITH_STRIDE } from '../../engine/conv_args';
import { ConvbookError } from '../../engine/errors';
import type { CallExpr, Expr, Module, Position, Stmt } from './ast';
import { LangSyntaxError } from './errors';
import { LAYER_CONSTRUCTORS, layerSpecFromCall } from './layer_from_call';
import { literalValue } from './literal';
import { parseCell } from './parser';
import { ArgumentError, bindArguments, lookupSignature, type FunctionSignature } from './signatures';

export interface CellDiagnostic {
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning';
}

/** A value the checker cannot know (a variable from another cell, a computed tensor...). */
const UNKNOWN = Symbol('unknown');
/** What a name is bound to: a dotted path into torch, torchvision or convbook, or unknown. */
type StaticValue = string | typeof UNKNOWN;

/**
 * Names a cell may use without importing them itself, bound the way every PyTorch notebook binds
 * them (an earlier cell imported them); a cell that rebinds one makes it unknown.
 */
const CONVENTIONAL: Record<string, string> = {
  torch: 'torch',
  nn: 'torch.nn',
  F: 'torch.nn.functional',
  torchvision: 'torchvision',
  deform_conv2d: 'torchvision.ops.deform_conv2d',
  DeformConv2d: 'torchvision.ops.DeformConv2d',
};

/** Messages of the editor's parser for constructs it does not read, which are valid Python. */
const UNREAD = /not supported|can only `del` names/;

function diagnostic(message: string, start: Position, end: Position, severity: CellDiagnostic['severity'] = 'error'): CellDiagnostic {
  const after = end.offset > start.offset ? end : { ...start, column: start.column + 1 };
  return { message, line: start.line, column: start.column, endLine: after.line, endColumn: after.column, severity };
}

export function checkCell(source: string): CellDiagnostic[] {
  let module: Module;
  try {
    module = parseCell(source);
  } catch (error) {
    if (error instanceof LangSyntaxError) {
      if (UNREAD.test(error.message)) return [];
      return [{ message: `SyntaxError: ${error.message}`, line: error.line, column: error.column, endLine: error.endLine, endColumn: Math.max(error.endColumn, error.endLine === error.line ? error.column + 1 : error.endColumn), severity: 'error' }];
    }
    throw error;
  }
  const checker = new Checker();
  try {
    for (const stmt of module.body) checker.statement(stmt);
  } catch {
    // A checker bug must never take the editor down; the run reports what the checker missed.
  }
  return checker.diagnostics;
}

/** The signature of a dotted path as cells write it, including convbook's helpers ('convbook.sweep'). */
function signatureOf(path: string): FunctionSignature | null {
  return lookupSignature(path) ?? (path.startsWith('convbook.') ? lookupSignature(path.slice('convbook.'.length)) : null);
}

class Checker {
  readonly diagnostics: CellDiagnostic[] = [];
  private readonly env = new Map<string, StaticValue>(Object.entries(CONVENTIONAL));

  statement(stmt: Stmt): void {
    switch (stmt.kind) {
      case 'Import':
        for (const alias of stmt.names) {
          if (alias.asname) this.env.set(alias.asname, alias.name);
          else this.env.set(alias.name.split('.')[0], alias.name.split('.')[0]);
        }
        return;
      case 'ImportFrom':
        for (const alias of stmt.names) this.env.set(alias.asname ?? alias.name, `${stmt.module}.${alias.name}`);
        return;
      case 'Assign':
        this.expression(stmt.value);
        for (const target of stmt.targets) this.bindTarget(target);
        return;
      case 'AugAssign':
        this.expression(stmt.value);
        this.bindTarget(stmt.target);
        return;
      case 'Expr':
        this.expression(stmt.expr);
        return;
      case 'Delete':
        for (const target of stmt.targets) this.env.delete(target.id);
        return;
    }
  }

  private bindTarget(target: Expr): void {
    if (target.kind === 'Name') this.env.set(target.id, UNKNOWN);
    else if (target.kind === 'Tuple' || target.kind === 'List') target.elts.forEach((e) => this.bindTarget(e));
    else this.expression(target);
  }

  /** Walks an expression, reporting problems; returns its value when statically known. */
  private expression(expr: Expr): StaticValue {
    switch (expr.kind) {
      case 'Name':
        return this.env.has(expr.id) ? this.env.get(expr.id)! : UNKNOWN;
      case 'Attribute': {
        const owner = this.expression(expr.value);
        return owner === UNKNOWN ? UNKNOWN : `${owner}.${expr.attr}`;
      }
      case 'Call':
        return this.call(expr);
      case 'Tuple':
      case 'List':
        expr.elts.forEach((e) => this.expression(e));
        return UNKNOWN;
      case 'Subscript':
        this.expression(expr.value);
        this.expression(expr.index);
        return UNKNOWN;
      case 'Slice':
        for (const part of [expr.lower, expr.upper, expr.step]) if (part) this.expression(part);
        return UNKNOWN;
      case 'Binary':
        this.expression(expr.left);
        this.expression(expr.right);
        return UNKNOWN;
      case 'Unary':
        this.expression(expr.operand);
        return UNKNOWN;
      case 'Starred':
        this.expression(expr.value);
        return UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  private call(call: CallExpr): StaticValue {
    const callee = this.expression(call.func);
    call.args.forEach((a) => this.expression(a));
    call.keywords.forEach((k) => this.expression(k.value));
    const sig = callee === UNKNOWN ? null : signatureOf(callee);
    // convbook's analyses pass extra keywords on to the model's forward: not judged here.
    if (!sig || sig.kind === 'analysis') return UNKNOWN;
    if (call.args.some((a) => a.kind === 'Starred') || call.keywords.some((k) => k.name === null)) return UNKNOWN;
    if (!this.bind(sig, call)) return UNKNOWN;
    if (sig.kind === 'module' && LAYER_CONSTRUCTORS.includes(sig.name)) this.layer(sig, call);
    if (/^F\.conv[123]d$/.test(sig.name)) this.functionalPadding(sig, call);
    return UNKNOWN;
  }

  /** Python's argument binding; false (with a diagnostic) when it fails. */
  private bind(sig: FunctionSignature, call: CallExpr): boolean {
    try {
      bindArguments(sig, call.args, call.keywords.map((k) => [k.name!, k.value] as const));
      return true;
    } catch (error) {
      if (!(error instanceof ArgumentError)) throw error;
      let start = call.open;
      let end = call.end;
      if (error.keyword !== undefined) {
        const keyword = call.keywords.find((k) => k.name === error.keyword);
        if (keyword) ({ start, end } = keyword);
      } else if (error.positionalIndex !== undefined) {
        ({ start, end } = call.args[error.positionalIndex]);
      }
      this.diagnostics.push(diagnostic(`TypeError: ${error.message}`, start, end));
      return false;
    }
  }

  /** A layer built from literals: PyTorch's constructor checks, at the argument they are about. */
  private layer(sig: FunctionSignature, call: CallExpr): void {
    const positional = call.args.map(literalValue);
    const keywordValues = call.keywords.map((k) => [k.name!, literalValue(k.value)] as const);
    // seed, device and dtype do not change the configuration; anything else must be a literal.
    const ignorable = new Set(['seed', 'device', 'dtype']);
    if (positional.some((v) => v === undefined) || keywordValues.some(([name, v]) => v === undefined && !ignorable.has(name))) return;
    const keywords = Object.fromEntries(keywordValues.filter(([name]) => !ignorable.has(name)));
    try {
      layerSpecFromCall(sig.name, positional, keywords);
    } catch (error) {
      if (!(error instanceof ConvbookError)) throw error;
      const node = this.argumentNode(sig, call, error.argument);
      const span = node ?? { start: call.start, end: call.end };
      this.diagnostics.push(diagnostic(`${error.pythonName}: ${error.message}`, span.start, span.end));
    }
  }

  /** F.conv*d's padding string, checked like the layers' (the tensors are not needed for it). */
  private functionalPadding(sig: FunctionSignature, call: CallExpr): void {
    const padding = this.argumentValue(sig, call, 'padding');
    if (!padding || padding.kind !== 'String') return;
    if (padding.value !== 'same' && padding.value !== 'valid') {
      this.diagnostics.push(diagnostic(`RuntimeError: Invalid padding string: '${padding.value}' (use 'same' or 'valid')`, padding.start, padding.end));
      return;
    }
    const stride = this.argumentValue(sig, call, 'stride');
    const value = stride ? literalValue(stride) : 1;
    const strided = typeof value === 'number' ? value !== 1 : Array.isArray(value) && value.some((v) => v !== 1);
    if (padding.value === 'same' && strided) {
      this.diagnostics.push(diagnostic(`RuntimeError: ${SAME_WITH_STRIDE}`, padding.start, padding.end));
    }
  }

  /** The expression given for a parameter, by keyword or by position. */
  private argumentValue(sig: FunctionSignature, call: CallExpr, name: string): Expr | null {
    const keyword = call.keywords.find((k) => k.name === name);
    if (keyword) return keyword.value;
    const index = sig.params.filter((p) => (p.kind ?? 'positional') === 'positional').findIndex((p) => p.name === name);
    return index >= 0 && index < call.args.length ? call.args[index] : null;
  }

  private argumentNode(sig: FunctionSignature, call: CallExpr, argument: string | undefined): { start: Position; end: Position } | null {
    if (!argument) return null;
    const keyword = call.keywords.find((k) => k.name === argument);
    if (keyword) return keyword;
    const positional = sig.params.filter((p) => (p.kind ?? 'positional') === 'positional');
    const index = positional.findIndex((p) => p.name === argument);
    return index >= 0 && index < call.args.length ? call.args[index] : null;
  }
}
