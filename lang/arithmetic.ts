// + − × ÷ in a cell: Python's rules for numbers, strings, lists and tuples, and PyTorch's
// broadcasting for tensors (through the engine), with the element budget checked first.

import { add, broadcastShapes, div, mul, sub } from '../engine/elementwise';
import type { Tensor } from '../engine/tensor';
import type { BinaryOperator } from './ast';
import { pyError, type Runtime } from './runtime';
import { isTensorValue, PyTuple, typeName, type PyValue } from './values';

function asNumber(value: PyValue): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

function pythonModulo(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
}

function unsupported(op: string, a: PyValue, b: PyValue): Error {
  return pyError('TypeError', `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function repeat<T>(runtime: Runtime, items: readonly T[], times: number): T[] {
  const count = Math.max(0, times);
  runtime.checkListSize(items.length * count);
  const out: T[] = [];
  for (let i = 0; i < count; i++) out.push(...items);
  return out;
}

export function binaryOperation(runtime: Runtime, op: BinaryOperator, a: PyValue, b: PyValue): PyValue {
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== null && y !== null) return numberOperation(op, x, y);

  if (isTensorValue(a) || isTensorValue(b)) {
    const left = isTensorValue(a) ? a : x;
    const right = isTensorValue(b) ? b : y;
    if (left === null || right === null) throw unsupported(op, a, b);
    const shape = broadcastShapes(isTensorValue(left) ? left.shape : [], isTensorValue(right) ? right.shape : []);
    runtime.checkBudget(shape);
    switch (op) {
      case '+':
        return add(left, right) as Tensor;
      case '-':
        return sub(left, right) as Tensor;
      case '*':
        return mul(left, right) as Tensor;
      case '/':
        return div(left, right) as Tensor;
      default:
        throw pyError('TypeError', `convbook tensors support +, -, * and /, not '${op}'`);
    }
  }

  if (op === '+') {
    if (typeof a === 'string' && typeof b === 'string') return a + b;
    if (a instanceof PyTuple && b instanceof PyTuple) {
      runtime.checkListSize(a.length + b.length);
      return PyTuple.from_([...a, ...b]);
    }
    if (Array.isArray(a) && Array.isArray(b) && !(a instanceof PyTuple) && !(b instanceof PyTuple)) {
      runtime.checkListSize(a.length + b.length);
      return [...a, ...b];
    }
  }
  if (op === '*') {
    const [seq, times] = x !== null && y === null ? [b, x] : [a, y];
    if (times !== null && Number.isInteger(times)) {
      if (typeof seq === 'string') {
        runtime.checkListSize(seq.length * Math.max(0, times));
        return seq.repeat(Math.max(0, times));
      }
      if (seq instanceof PyTuple) return PyTuple.from_(repeat(runtime, [...seq], times));
      if (Array.isArray(seq)) return repeat(runtime, seq, times);
    }
  }
  if (op === '%' && typeof a === 'string') throw pyError('TypeError', "string formatting with '%' is not supported in convbook cells");
  throw unsupported(op, a, b);
}

function numberOperation(op: BinaryOperator, x: number, y: number): number {
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      if (y === 0) throw pyError('ZeroDivisionError', 'division by zero');
      return x / y;
    case '//':
      if (y === 0) throw pyError('ZeroDivisionError', 'integer division or modulo by zero');
      return Math.floor(x / y);
    case '%':
      if (y === 0) throw pyError('ZeroDivisionError', 'integer division or modulo by zero');
      return pythonModulo(x, y);
    case '**':
      throw pyError('SyntaxError', "'**' is not supported in convbook cells");
  }
}

export function unaryOperation(runtime: Runtime, op: '-' | '+', value: PyValue): PyValue {
  const n = asNumber(value);
  if (n !== null) return op === '-' ? -n : n;
  if (isTensorValue(value)) {
    if (op === '+') return value;
    runtime.checkBudget(value.shape);
    return mul(value, -1);
  }
  throw pyError('TypeError', `bad operand type for unary ${op}: '${typeName(value)}'`);
}
