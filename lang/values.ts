// The values a cell computes with: Python scalars as JS numbers/booleans/strings/null, lists as
// arrays, tuples as PyTuple, the engine's tensors, modules (layers with weights), namespaces
// (torch, nn, F) and built-in functions.

import type { OutputItem } from '../contract';
import type { LayerSpec } from '../engine/layer';
import type { Tensor } from '../engine/tensor';
import type { Expr } from './ast';
import type { FunctionSignature } from './signatures';

export function isTensorValue(value: unknown): value is Tensor {
  return typeof value === 'object' && value !== null && (value as Tensor).data instanceof Float32Array && Array.isArray((value as Tensor).shape);
}

/** A Python tuple: an immutable array (Array.isArray is true, so the engine accepts it as a list of ints). */
export class PyTuple extends Array<PyValue> {
  static from_(items: Iterable<PyValue>): PyTuple {
    const t = new PyTuple();
    for (const item of items) t.push(item);
    return t;
  }
}

/** torch.Size: a tuple of ints that prints as torch.Size([...]). */
export class TorchSize extends PyTuple {
  static ofShape(shape: readonly number[]): TorchSize {
    const t = new TorchSize();
    for (const d of shape) t.push(d);
    return t;
  }
}

/** torch.float32 and friends. convbook computes in float32 only. */
export class DType {
  constructor(readonly name: string) {}
}

/** A module namespace bound by import: torch, torch.nn, torch.nn.functional, torchvision.ops. */
export class Namespace {
  constructor(
    /** Full dotted path, e.g. 'torch.nn.functional'. */
    readonly path: string,
    readonly members: Map<string, PyValue>,
  ) {}
}

/** What a built-in receives: evaluated arguments plus the nodes they came from (for error carets). */
export interface CallArgs {
  positional: PyValue[];
  keywords: [string, PyValue][];
  positionalNodes: (Expr | null)[];
  keywordNodes: Map<string, Expr>;
  /** The call expression, or null when invoked internally. */
  node: Expr | null;
}

export type BuiltinImpl = (args: CallArgs) => PyValue;

/** A function implemented by convbook. `name` is its canonical signature key (or a display name). */
export class BuiltinFunction {
  constructor(
    readonly name: string,
    readonly impl: BuiltinImpl,
    readonly signature: FunctionSignature | null,
  ) {}
}

/** A method bound to its receiver (x.size, layer.forward...). */
export class BoundMethod {
  constructor(
    readonly receiver: PyValue,
    readonly fn: BuiltinFunction,
  ) {}
}

/** A layer with its configuration, its weights, and how it was written. */
export class LayerModule {
  private weightValue: Tensor | null = null;
  private biasValue: Tensor | null = null;
  /** PyTorch's initial weights, drawn on first use: summary() of a large model never allocates them. */
  private pending: (() => { weight: Tensor | null; bias: Tensor | null }) | null;

  constructor(
    /** Canonical constructor, e.g. 'nn.Conv2d'. */
    readonly constructorName: string,
    public spec: LayerSpec,
    initialize: () => { weight: Tensor | null; bias: Tensor | null },
    /** Extra constructor arguments the spec does not carry. */
    readonly extra: { eps?: number; returnIndices?: boolean; divisorOverride?: number | null; p?: number; seed?: number },
  ) {
    this.pending = initialize;
  }

  private materialize(): void {
    if (!this.pending) return;
    const { weight, bias } = this.pending();
    this.pending = null;
    this.weightValue = weight;
    this.biasValue = bias;
  }

  /** The weights already drawn, without drawing them: what the layer holds in memory now. */
  get heldTensors(): Tensor[] {
    return [this.weightValue, this.biasValue].filter((t): t is Tensor => t !== null);
  }

  get weight(): Tensor | null {
    this.materialize();
    return this.weightValue;
  }

  set weight(value: Tensor | null) {
    this.materialize();
    this.weightValue = value;
  }

  get bias(): Tensor | null {
    this.materialize();
    return this.biasValue;
  }

  set bias(value: Tensor | null) {
    this.materialize();
    this.biasValue = value;
  }

  /** The constructor call as the cell wrote it, e.g. "nn.Conv2d(3, 16, 3, padding=1)". */
  written = '';

  /** 'Conv2d', 'ReLU'... */
  get className(): string {
    const parts = this.constructorName.split('.');
    return parts[parts.length - 1];
  }
}

export class SequentialModule {
  constructor(readonly layers: ModuleValue[]) {}
}

export type ModuleValue = LayerModule | SequentialModule;

/** The result of summary(), cost(), sweep()...: ready-made output items, richest first, and its text form. */
export class RichValue {
  constructor(
    readonly kind: string,
    readonly items: OutputItem[],
    readonly text: string,
    /** The payload behind the first item, for code that wants to read it (tests, the CLI's --json). */
    readonly payload: unknown,
  ) {}
}

export type PyValue =
  | number
  | boolean
  | string
  | null
  | Tensor
  | PyValue[]
  | PyTuple
  | Namespace
  | BuiltinFunction
  | BoundMethod
  | LayerModule
  | SequentialModule
  | DType
  | RichValue;

export function isModule(value: unknown): value is ModuleValue {
  return value instanceof LayerModule || value instanceof SequentialModule;
}

/** Python's type name of a value, as error messages show it. */
export function typeName(value: PyValue | undefined): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (isTensorValue(value)) return 'Tensor';
  if (value instanceof TorchSize) return 'torch.Size';
  if (value instanceof PyTuple) return 'tuple';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Namespace) return 'module';
  if (value instanceof BuiltinFunction) return 'builtin_function_or_method';
  if (value instanceof BoundMethod) return 'method';
  if (value instanceof LayerModule) return value.className;
  if (value instanceof SequentialModule) return 'Sequential';
  if (value instanceof DType) return 'torch.dtype';
  if (value instanceof RichValue) return value.kind;
  return 'object';
}
