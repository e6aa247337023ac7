// The few Python built-ins a cell may need around the torch calls: print, len, range, list,
// tuple, int, float, abs, round, min, max.

import { mul } from '../engine/elementwise';
import { BoundCall } from './call_args';
import { iterate } from './interpreter';
import { pyStr } from './repr';
import { pyError, type Runtime } from './runtime';
import { SIGNATURES } from './signatures';
import { BuiltinFunction, isTensorValue, PyTuple, SequentialModule, typeName, type CallArgs, type PyValue } from './values';

function define(name: string, impl: (bound: BoundCall, args: CallArgs) => PyValue): BuiltinFunction {
  const sig = SIGNATURES[name];
  return new BuiltinFunction(name, (args) => impl(BoundCall.bind(sig, args), args), sig);
}

function toNumber(value: PyValue, fn: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (isTensorValue(value) && value.data.length === 1) return value.data[0];
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value.trim()))) return Number(value.trim());
  throw pyError(typeof value === 'string' ? 'ValueError' : 'TypeError', `${fn}() argument must be a string or a number, not '${typeName(value)}'`);
}

/** Python's round: half to even. */
function roundHalfEven(x: number, digits: number): number {
  const scale = 10 ** digits;
  const y = x * scale;
  const floor = Math.floor(y);
  const diff = y - floor;
  let r = diff > 0.5 ? floor + 1 : diff < 0.5 ? floor : floor % 2 === 0 ? floor : floor + 1;
  r /= scale;
  return r;
}

export function pythonBuiltins(runtime: Runtime): Record<string, BuiltinFunction> {
  const extremum = (name: 'min' | 'max'): BuiltinFunction =>
    define(name, (b) => {
      const items = b.rest.length === 1 ? iterate(b.rest[0]) : b.rest;
      if (!items.length) throw pyError('ValueError', `${name}() arg is an empty sequence`);
      const numbers = items.map((v) => toNumber(v, name));
      return name === 'min' ? Math.min(...numbers) : Math.max(...numbers);
    });
  return {
    print: define('print', (b) => {
      runtime.print(b.rest.map(pyStr).join(' ') + '\n');
      return null;
    }),
    len: define('len', (b) => {
      const obj = b.value('obj');
      if (typeof obj === 'string' || Array.isArray(obj)) return obj.length;
      if (obj instanceof SequentialModule) return obj.layers.length;
      if (isTensorValue(obj)) {
        if (obj.shape.length === 0) throw pyError('TypeError', 'len() of a 0-d tensor');
        return obj.shape[0];
      }
      throw pyError('TypeError', `object of type '${typeName(obj)}' has no len()`);
    }),
    range: define('range', (b) => {
      const first = b.int('start');
      const stop = b.value('stop') === null ? null : b.int('stop');
      const step = b.int('step');
      if (step === 0) throw pyError('ValueError', 'range() arg 3 must not be zero');
      const [from, to] = stop === null ? [0, first] : [first, stop];
      const count = Math.max(0, Math.ceil((to - from) / step));
      runtime.checkListSize(count);
      return Array.from({ length: count }, (_, i) => from + i * step);
    }),
    list: define('list', (b) => iterate(b.value('iterable'))),
    tuple: define('tuple', (b) => PyTuple.from_(iterate(b.value('iterable')))),
    int: define('int', (b) => Math.trunc(toNumber(b.value('x'), 'int'))),
    float: define('float', (b) => toNumber(b.value('x'), 'float')),
    abs: define('abs', (b) => {
      const x = b.value('x');
      if (isTensorValue(x)) {
        runtime.checkBudget(x.shape);
        const out = mul(x, 1);
        for (let i = 0; i < out.data.length; i++) out.data[i] = Math.abs(out.data[i]);
        return out;
      }
      return Math.abs(toNumber(x, 'abs'));
    }),
    round: define('round', (b) => {
      const x = toNumber(b.value('number'), 'round');
      const digits = b.value('ndigits') === null ? 0 : b.int('ndigits');
      return roundHalfEven(x, digits);
    }),
    min: extremum('min'),
    max: extremum('max'),
    'nn.Parameter': define('nn.Parameter', (b) => b.tensor('data')),
  };
}
