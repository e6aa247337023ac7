// One notebook's kernel state: variables persist from cell to cell. execute() parses and runs a
// cell synchronously and returns its outputs and, if it failed, a Python-style error pointing at
// the line and column responsible, with the source line and a caret under it.

import type { CellError, CellOutput, KernelSettings } from '../contract';
import { ConvbookError } from '../engine/errors';
import type { Expr, Position } from './ast';
import { caretFor } from './caret';
import { displayValue } from './display';
import { LangSyntaxError } from './errors';
import type { KernelHost } from './host';
import { Interpreter } from './interpreter';
import { takeCensus } from './live_data';
import { installNamespaces } from './namespaces';
import { parseCell } from './parser';
import { CellRuntimeError, Runtime } from './runtime';
import type { PyValue } from './values';

export interface SessionOptions {
  settings: KernelSettings;
  host?: KernelHost;
}

export interface ExecuteResult {
  outputs: CellOutput[];
  error: CellError | null;
}

function positioned(name: string, message: string, source: string, start?: Position, end?: Position): CellError {
  const error: CellError = { name, message };
  if (start) {
    error.line = start.line;
    error.column = start.column;
    error.caret = caretFor(source, start.line, start.column, end?.line, end?.column);
  }
  return error;
}

/** Turns anything thrown while a cell ran into the CellError the notebook shows. */
export function toCellError(error: unknown, source: string): CellError {
  if (error instanceof LangSyntaxError) {
    return positioned('SyntaxError', error.message, source, { line: error.line, column: error.column, offset: error.offset }, { line: error.endLine, column: error.endColumn, offset: error.endOffset });
  }
  if (error instanceof CellRuntimeError) return positioned(error.pythonName, error.message, source, error.start, error.end);
  if (error instanceof ConvbookError) return { name: error.pythonName, message: error.message };
  if (error instanceof RangeError && /allocation|array length|buffer/i.test(error.message)) {
    return { name: 'MemoryError', message: `the JavaScript engine could not allocate memory (${error.message}); lower the sizes or convbook.kernel.elementBudget` };
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return { name: 'RecursionError', message: 'the cell is nested too deeply for convbook to evaluate' };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { name: 'RuntimeError', message: `convbook internal error: ${message}` };
}

function displayName(runtime: Runtime, expr: Expr | null): string | undefined {
  if (!expr) return undefined;
  if (expr.kind === 'Name') return expr.id;
  const text = runtime.sourceOf(expr);
  return text.length <= 80 ? text : `${text.slice(0, 77)}...`;
}

export class Session {
  private readonly runtime: Runtime;
  private readonly interpreter: Interpreter;

  constructor(options: SessionOptions) {
    this.runtime = new Runtime(options.settings, options.host);
    const globals = installNamespaces(this.runtime);
    this.interpreter = new Interpreter(this.runtime, globals);
    this.runtime.setCensus(() => takeCensus(globals, this.runtime));
  }

  /** Runs one cell. Never throws: every failure becomes the returned error, with the outputs made before it. */
  execute(source: string): ExecuteResult {
    const runtime = this.runtime;
    runtime.beginCell(source);
    try {
      const module = parseCell(source);
      const { lastValue, lastExpr } = this.interpreter.execute(module);
      for (const output of displayValue(runtime, lastValue as PyValue, displayName(runtime, lastExpr))) runtime.emit(output);
      return { outputs: runtime.outputs, error: null };
    } catch (error) {
      return { outputs: runtime.outputs, error: toCellError(error, source) };
    }
  }

  /** A variable's value (tests and tools); undefined when not defined. */
  variable(name: string): PyValue | undefined {
    return this.interpreter.globals.get(name);
  }
}
