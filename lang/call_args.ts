// Binding a built-in call's arguments to its signature and reading them with PyTorch's type
// rules: "conv2d(): argument 'stride' (position 4) must be tuple of ints, not str".

import { ConvbookError, typeError } from '../engine/errors';
import type { Tensor } from '../engine/tensor';
import type { Expr } from './ast';
import { defaultValue, type PyLiteral } from './literal';
import { bindArguments, type FunctionSignature } from './signatures';
import { DType, isTensorValue, PyTuple, typeName, type CallArgs, type PyValue } from './values';

export function literalToValue(value: PyLiteral): PyValue {
  if (Array.isArray(value)) return PyTuple.from_(value.map(literalToValue));
  return value;
}

/** A plain-JS view of a value for layerSpecFromCall and the like: tuples become arrays, dtypes their name. */
export function valueToLiteral(value: PyValue): unknown {
  if (Array.isArray(value)) return value.map(valueToLiteral);
  if (value instanceof DType) return value.name;
  return value;
}

export class BoundCall {
  private constructor(
    readonly sig: FunctionSignature,
    readonly fn: string,
    private readonly given: Map<string, { value: PyValue; node: Expr | null }>,
    readonly rest: PyValue[],
    readonly restNodes: (Expr | null)[],
  ) {}

  static bind(sig: FunctionSignature, args: CallArgs): BoundCall {
    const positional = args.positional.map((value, i) => ({ value, node: args.positionalNodes[i] ?? null }));
    const keywords = args.keywords.map(([name, value]) => [name, { value, node: args.keywordNodes.get(name) ?? null }] as const);
    const { given, rest } = bindArguments(sig, positional, keywords);
    const parts = sig.name.split('.');
    return new BoundCall(sig, parts[parts.length - 1], given, rest.map((r) => r.value), rest.map((r) => r.node));
  }

  has(name: string): boolean {
    return this.given.has(name);
  }

  nodeOf(name: string): Expr | null {
    return this.given.get(name)?.node ?? null;
  }

  value(name: string): PyValue {
    const entry = this.given.get(name);
    if (entry) return entry.value;
    const param = this.sig.params.find((p) => p.name === name);
    if (!param || param.default === undefined) throw new Error(`internal: ${this.sig.name} has no default for '${name}'`);
    return literalToValue(defaultValue(param));
  }

  private where(name: string): string {
    const positionals = this.sig.params.filter((p) => (p.kind ?? 'positional') === 'positional');
    const index = positionals.findIndex((p) => p.name === name);
    return index >= 0 ? ` (position ${index + 1})` : '';
  }

  private wrong(name: string, expected: string, value: PyValue): ConvbookError {
    return typeError(`${this.fn}(): argument '${name}'${this.where(name)} must be ${expected}, not ${typeName(value)}`, name);
  }

  tensor(name: string): Tensor {
    const value = this.value(name);
    if (!isTensorValue(value)) throw this.wrong(name, 'Tensor', value);
    return value;
  }

  optionalTensor(name: string): Tensor | null {
    const value = this.value(name);
    if (value === null) return null;
    if (!isTensorValue(value)) throw this.wrong(name, 'Tensor', value);
    return value;
  }

  number(name: string): number {
    const value = this.value(name);
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (typeof value === 'number') return value;
    if (isTensorValue(value) && value.data.length === 1) return value.data[0];
    throw this.wrong(name, 'a number', value);
  }

  optionalNumber(name: string): number | null {
    return this.value(name) === null ? null : this.number(name);
  }

  int(name: string): number {
    const value = this.value(name);
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    throw this.wrong(name, 'int', value);
  }

  bool(name: string): boolean {
    const value = this.value(name);
    if (typeof value === 'boolean') return value;
    if (typeof value === 'number') return value !== 0;
    throw this.wrong(name, 'bool', value);
  }

  str(name: string): string {
    const value = this.value(name);
    if (typeof value !== 'string') throw this.wrong(name, 'str', value);
    return value;
  }

  /** An int or a tuple/list of ints (PyTorch's IntArrayRef). */
  ints(name: string): number | number[] {
    const value = this.value(name);
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    if (Array.isArray(value)) {
      const index = value.findIndex((v) => !(typeof v === 'number' && Number.isInteger(v)));
      if (index >= 0) {
        throw typeError(`${this.fn}(): argument '${name}'${this.where(name)} must be tuple of ints, but found element of type ${typeName(value[index])} at pos ${index}`, name);
      }
      return value as number[];
    }
    throw this.wrong(name, 'tuple of ints', value);
  }

  /** ints(), or a padding string for the ops that accept one. */
  intsOrString(name: string): number | number[] | string {
    const value = this.value(name);
    return typeof value === 'string' ? value : this.ints(name);
  }
}

/** The shape given as var-positional ints or one tuple/list: torch.zeros(2, 3) or torch.zeros((2, 3)). */
export function shapeArgument(bound: BoundCall, what = 'size'): number[] {
  const rest = bound.rest;
  const list = rest.length === 1 && Array.isArray(rest[0]) ? (rest[0] as PyValue[]) : rest;
  return list.map((v, i) => {
    if (typeof v === 'number' && Number.isInteger(v)) {
      if (v < 0) throw new ConvbookError('RuntimeError', `Trying to create tensor with negative dimension ${v}: [${list.join(', ')}]`, what);
      return v;
    }
    throw typeError(`${bound.fn}(): argument '${what}' must be tuple of ints, but found element of type ${typeName(v)} at pos ${i}`, what);
  });
}
