// Python literals as plain values: numbers, strings, booleans, None (null), and tuples/lists as
// arrays. Used for signature defaults, for layer configs read statically out of cells and .py
// files, and for the constructor calls in the golden shape fixtures.

import type { Expr } from './ast';
import { parseExpression } from './parser';
import type { FunctionSignature, ParameterSpec } from './signatures';

export type PyLiteral = number | string | boolean | null | PyLiteral[];

/** The value of a literal expression (unary minus and +/−/× of numbers allowed), or undefined when it is not one. */
export function literalValue(expr: Expr): PyLiteral | undefined {
  switch (expr.kind) {
    case 'Number':
      return expr.value;
    case 'String':
      return expr.value;
    case 'Bool':
      return expr.value;
    case 'None':
      return null;
    case 'Tuple':
    case 'List': {
      const out: PyLiteral[] = [];
      for (const elt of expr.elts) {
        const value = literalValue(elt);
        if (value === undefined) return undefined;
        out.push(value);
      }
      return out;
    }
    case 'Unary': {
      const value = literalValue(expr.operand);
      if (typeof value !== 'number') return undefined;
      return expr.op === '-' ? -value : value;
    }
    case 'Binary': {
      const left = literalValue(expr.left);
      const right = literalValue(expr.right);
      if (typeof left !== 'number' || typeof right !== 'number') return undefined;
      switch (expr.op) {
        case '+':
          return left + right;
        case '-':
          return left - right;
        case '*':
          return left * right;
        case '//':
          return right === 0 ? undefined : Math.floor(left / right);
        default:
          return undefined;
      }
    }
    default:
      return undefined;
  }
}

/** True when the literal expression is an int in Python (so `3.0` is not). */
export function isIntLiteral(expr: Expr): boolean {
  if (expr.kind === 'Number') return expr.isInt;
  if (expr.kind === 'Unary') return isIntLiteral(expr.operand);
  if (expr.kind === 'Binary') return expr.op !== '/' && isIntLiteral(expr.left) && isIntLiteral(expr.right);
  return false;
}

const defaultCache = new Map<string, PyLiteral>();

/** The value of a parameter's default (its Python source text). Throws for a required parameter. */
export function defaultValue(param: ParameterSpec): PyLiteral {
  if (param.default === undefined) throw new Error(`parameter '${param.name}' has no default`);
  const cached = defaultCache.get(param.default);
  if (cached !== undefined) return cached;
  const value = literalValue(parseExpression(param.default, 0).expr);
  if (value === undefined) throw new Error(`default '${param.default}' of '${param.name}' is not a literal`);
  defaultCache.set(param.default, value);
  return value;
}

/** Every parameter's value: the given literal, else the default. Var-positional and required-but-missing parameters are skipped. */
export function withDefaults(sig: FunctionSignature, given: ReadonlyMap<string, PyLiteral>): Record<string, PyLiteral> {
  const out: Record<string, PyLiteral> = {};
  for (const param of sig.params) {
    if (given.has(param.name)) out[param.name] = given.get(param.name)!;
    else if (param.default !== undefined) out[param.name] = defaultValue(param);
  }
  return out;
}

/** Python's repr of a literal: tuples as (a, b), strings quoted with '. */
export function formatLiteral(value: PyLiteral, asTuple = true): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'number') return formatNumber(value);
  const inner = value.map((v) => formatLiteral(v, asTuple));
  if (!asTuple) return `[${inner.join(', ')}]`;
  return inner.length === 1 ? `(${inner[0]},)` : `(${inner.join(', ')})`;
}

/** Python's repr of a float/int: 3, 0.5, 1e-05. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return String(value);
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e16)) {
    const [mantissa, exponent] = value.toExponential().split('e');
    const exp = Number(exponent);
    return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(value);
}
