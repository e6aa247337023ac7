// Evaluates a parsed cell: names, literals, arithmetic, indexing, attribute access and calls into
// convbook's built-ins. Nothing here can reach the file system, the network or JS eval; the only
// effects are bindings in the session's globals and the outputs the built-ins emit.

import { ConvbookError } from '../engine/errors';
import type { AssignStmt, AugAssignStmt, CallExpr, Expr, ImportFromStmt, ImportStmt, Module, Position, Stmt } from './ast';
import { binaryOperation, unaryOperation } from './arithmetic';
import { getAttribute, setAttribute } from './attributes';
import { getItem, setItem, type IndexValue } from './indexing';
import { resolveImport, resolveImportFrom } from './namespaces';
import { callModule, moduleForwardSignature } from './modules';
import { CellRuntimeError, pyError, type Runtime } from './runtime';
import { ArgumentError, bindArguments, closestName } from './signatures';
import { BuiltinFunction, isModule, isTensorValue, PyTuple, typeName, type CallArgs, type PyValue } from './values';

/** Deeper expression nesting than this is refused instead of exhausting the JS stack. */
const MAX_EVAL_DEPTH = 400;

export interface ExecutionResult {
  /** The value of the last statement when it is an expression statement (Jupyter's rule). */
  lastValue: PyValue | undefined;
  lastExpr: Expr | null;
}

export class Interpreter {
  private depth = 0;

  constructor(
    readonly runtime: Runtime,
    readonly globals: Map<string, PyValue>,
  ) {}

  execute(module: Module): ExecutionResult {
    let lastValue: PyValue | undefined;
    let lastExpr: Expr | null = null;
    module.body.forEach((stmt, index) => {
      const value = this.executeStatement(stmt);
      const isLast = index === module.body.length - 1;
      if (isLast && stmt.kind === 'Expr') {
        lastValue = value;
        lastExpr = stmt.expr;
      }
    });
    return { lastValue, lastExpr };
  }

  private executeStatement(stmt: Stmt): PyValue | undefined {
    this.runtime.beginStatement();
    switch (stmt.kind) {
      case 'Expr':
        return this.evaluate(stmt.expr);
      case 'Assign':
        this.executeAssign(stmt);
        return undefined;
      case 'AugAssign':
        this.executeAugAssign(stmt);
        return undefined;
      case 'Import':
        this.executeImport(stmt);
        return undefined;
      case 'ImportFrom':
        this.executeImportFrom(stmt);
        return undefined;
      case 'Delete':
        for (const target of stmt.targets) {
          if (!this.globals.delete(target.id)) throw new CellRuntimeError('NameError', `name '${target.id}' is not defined`, target.start, target.end);
        }
        return undefined;
    }
  }

  private executeImport(stmt: ImportStmt): void {
    for (const alias of stmt.names) {
      const binding = this.guard(() => resolveImport(this.runtime, alias.name, alias.asname), alias.start, alias.end);
      this.globals.set(binding.name, binding.value);
    }
  }

  private executeImportFrom(stmt: ImportFromStmt): void {
    for (const alias of stmt.names) {
      // A missing module is the module's fault; a missing name points at the name.
      const value = this.guard(() => resolveImportFrom(this.runtime, stmt.module, alias.name), alias.start, alias.end, stmt.moduleStart, stmt.moduleEnd);
      this.globals.set(alias.asname ?? alias.name, value);
    }
  }

  private executeAssign(stmt: AssignStmt): void {
    const value = this.evaluate(stmt.value);
    for (const target of stmt.targets) this.assign(target, value);
  }

  private executeAugAssign(stmt: AugAssignStmt): void {
    const current = this.evaluate(stmt.target);
    const value = this.evaluate(stmt.value);
    const result = this.guard(() => binaryOperation(this.runtime, stmt.op, current, value), stmt.start, stmt.end);
    this.assign(stmt.target, result);
  }

  private assign(target: Expr, value: PyValue): void {
    switch (target.kind) {
      case 'Name':
        this.globals.set(target.id, value);
        return;
      case 'Attribute': {
        const owner = this.evaluate(target.value);
        this.guard(() => setAttribute(owner, target.attr, value), target.start, target.end);
        return;
      }
      case 'Subscript': {
        const owner = this.evaluate(target.value);
        const index = this.evaluateIndex(target.index);
        this.guard(() => setItem(owner, index, value), target.start, target.end);
        return;
      }
      case 'Tuple':
      case 'List': {
        const items = this.guard(() => unpack(value, target.elts.length), target.start, target.end);
        target.elts.forEach((elt, i) => this.assign(elt, items[i]));
        return;
      }
      default:
        throw new CellRuntimeError('SyntaxError', 'cannot assign to this expression', target.start, target.end);
    }
  }

  evaluate(expr: Expr): PyValue {
    if (++this.depth > MAX_EVAL_DEPTH) {
      this.depth--;
      throw new CellRuntimeError('RecursionError', 'expression nested too deeply for convbook', expr.start, expr.end);
    }
    try {
      return this.evaluateInner(expr);
    } finally {
      this.depth = Math.max(0, this.depth - 1);
    }
  }

  private evaluateInner(expr: Expr): PyValue {
    switch (expr.kind) {
      case 'Number':
        return expr.value;
      case 'String':
        return expr.value;
      case 'Bool':
        return expr.value;
      case 'None':
        return null;
      case 'Name': {
        if (this.globals.has(expr.id)) return this.globals.get(expr.id)!;
        const suggestion = closestName(expr.id, [...this.globals.keys()]);
        throw new CellRuntimeError('NameError', `name '${expr.id}' is not defined${suggestion ? `. Did you mean: '${suggestion}'?` : ''}`, expr.start, expr.end);
      }
      case 'Tuple':
        return PyTuple.from_(expr.elts.map((e) => this.evaluate(e)));
      case 'List':
        return expr.elts.map((e) => this.evaluate(e));
      case 'Attribute': {
        const owner = this.evaluate(expr.value);
        return this.guard(() => getAttribute(this.runtime, owner, expr.attr), expr.attrStart, expr.end);
      }
      case 'Subscript': {
        const owner = this.evaluate(expr.value);
        const index = this.evaluateIndex(expr.index);
        return this.guard(() => getItem(this.runtime, owner, index), expr.start, expr.end);
      }
      case 'Binary': {
        const left = this.evaluate(expr.left);
        const right = this.evaluate(expr.right);
        const op = expr.op;
        if (op === '**') throw new CellRuntimeError('SyntaxError', "'**' is not supported in convbook cells", expr.opStart, expr.end);
        return this.guard(() => binaryOperation(this.runtime, op, left, right), expr.start, expr.end);
      }
      case 'Unary': {
        const operand = this.evaluate(expr.operand);
        return this.guard(() => unaryOperation(this.runtime, expr.op, operand), expr.start, expr.end);
      }
      case 'Call':
        return this.evaluateCall(expr);
      case 'Starred':
        throw new CellRuntimeError('SyntaxError', 'starred expressions are only supported as call arguments', expr.start, expr.end);
      case 'Slice':
        throw new CellRuntimeError('SyntaxError', 'slices are only supported inside [...]', expr.start, expr.end);
    }
  }

  private evaluateIndex(index: Expr): IndexValue {
    const one = (e: Expr): IndexValue[number] => {
      if (e.kind === 'Slice') {
        const bound = (b: Expr | null): number | null => {
          if (!b) return null;
          const v = this.evaluate(b);
          if (v === null) return null;
          if (typeof v === 'number' && Number.isInteger(v)) return v;
          if (typeof v === 'boolean') return v ? 1 : 0;
          throw new CellRuntimeError('TypeError', `slice indices must be integers or None, not ${typeName(v)}`, b.start, b.end);
        };
        return { slice: true, start: bound(e.lower), stop: bound(e.upper), step: bound(e.step) };
      }
      return this.evaluate(e);
    };
    if (index.kind === 'Tuple' && !index.parenthesized) return index.elts.map(one);
    const single = one(index);
    if (single instanceof PyTuple && index.kind === 'Tuple') return [...single];
    return [single];
  }

  private evaluateCall(call: CallExpr): PyValue {
    const callee = this.evaluate(call.func);
    const positional: PyValue[] = [];
    const positionalNodes: (Expr | null)[] = [];
    for (const arg of call.args) {
      if (arg.kind === 'Starred') {
        const spread = this.evaluate(arg.value);
        const items = this.guard(() => iterate(spread), arg.start, arg.end);
        for (const item of items) {
          positional.push(item);
          positionalNodes.push(arg);
        }
      } else {
        positional.push(this.evaluate(arg));
        positionalNodes.push(arg);
      }
    }
    const keywords: [string, PyValue][] = [];
    const keywordNodes = new Map<string, Expr>();
    for (const keyword of call.keywords) {
      if (keyword.name === null) throw new CellRuntimeError('SyntaxError', "'**' unpacking is not supported in convbook cells", keyword.start, keyword.end);
      keywords.push([keyword.name, this.evaluate(keyword.value)]);
      keywordNodes.set(keyword.name, keyword.value);
    }
    const args: CallArgs = { positional, keywords, positionalNodes, keywordNodes, node: call };
    try {
      return this.invoke(callee, args, call);
    } catch (error) {
      throw this.positionCallError(error, callee, args, call);
    }
  }

  private invoke(callee: PyValue, args: CallArgs, call: CallExpr): PyValue {
    if (callee instanceof BuiltinFunction) return callee.impl(args);
    if (isModule(callee)) return callModule(this.runtime, callee, args);
    const what = call.func.kind === 'Name' ? ` (${call.func.id})` : '';
    throw pyError('TypeError', `'${typeName(callee)}' object is not callable${what}`);
  }

  /** Turns an error raised inside a call into a positioned one, pointing at the argument at fault. */
  private positionCallError(error: unknown, callee: PyValue, args: CallArgs, call: CallExpr): unknown {
    if (error instanceof CellRuntimeError) {
      if (!error.start) {
        error.start = call.start;
        error.end = call.end;
      }
      return error;
    }
    if (!(error instanceof ConvbookError)) return error;
    let span: { start: Position; end: Position } = { start: call.start, end: call.end };
    if (error instanceof ArgumentError) {
      if (error.keyword !== undefined) {
        const keyword = call.keywords.find((k) => k.name === error.keyword);
        if (keyword) span = { start: keyword.start, end: keyword.end };
      } else if (error.positionalIndex !== undefined) {
        const node = args.positionalNodes[error.positionalIndex];
        if (node) span = { start: node.start, end: node.end };
      } else {
        span = { start: call.open, end: call.end };
      }
    } else if (error.argument) {
      const located = this.locateArgument(error.argument, callee, args, call);
      if (located) span = located;
    }
    return new CellRuntimeError(error.pythonName, error.message, span.start, span.end);
  }

  private locateArgument(argument: string, callee: PyValue, args: CallArgs, call: CallExpr): { start: Position; end: Position } | null {
    const keyword = call.keywords.find((k) => k.name === argument);
    if (keyword) return { start: keyword.start, end: keyword.end };
    const signature = callee instanceof BuiltinFunction ? callee.signature : isModule(callee) ? moduleForwardSignature(callee) : null;
    if (!signature) return null;
    try {
      const nodes = args.positionalNodes.map((node, i) => ({ node, i }));
      const { given } = bindArguments(signature, nodes, args.keywords.map(([name]) => [name, { node: args.keywordNodes.get(name) ?? null, i: -1 }] as const));
      const node = given.get(argument)?.node;
      return node ? { start: node.start, end: node.end } : null;
    } catch {
      return null;
    }
  }

  /** Runs fn, positioning any convbook error at the given span. */
  private guard<T>(fn: () => T, start: Position, end: Position, moduleStart?: Position, moduleEnd?: Position): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof CellRuntimeError) {
        if (!error.start) {
          const atModule = moduleStart && error.pythonName === 'ModuleNotFoundError';
          error.start = atModule ? moduleStart : start;
          error.end = atModule ? moduleEnd : end;
        }
        throw error;
      }
      if (error instanceof ConvbookError) throw new CellRuntimeError(error.pythonName, error.message, start, end);
      throw error;
    }
  }
}

/** The items of an iterable value, for *args and unpacking. */
export function iterate(value: PyValue): PyValue[] {
  if (Array.isArray(value)) return [...value];
  if (typeof value === 'string') return [...value];
  if (isTensorValue(value)) {
    if (value.shape.length === 0) throw pyError('TypeError', 'iteration over a 0-d tensor');
    const rows = value.shape[0];
    const out: PyValue[] = [];
    const inner = value.shape.slice(1);
    const size = value.data.length / Math.max(rows, 1);
    for (let i = 0; i < rows; i++) out.push({ shape: inner, data: value.data.slice(i * size, (i + 1) * size) });
    return out;
  }
  if (value !== null && typeof value === 'object' && 'layers' in value) return [...value.layers];
  throw pyError('TypeError', `'${typeName(value)}' object is not iterable`);
}

function unpack(value: PyValue, count: number): PyValue[] {
  const items = iterate(value);
  if (items.length > count) throw pyError('ValueError', `too many values to unpack (expected ${count})`);
  if (items.length < count) throw pyError('ValueError', `not enough values to unpack (expected ${count}, got ${items.length})`);
  return items;
}
