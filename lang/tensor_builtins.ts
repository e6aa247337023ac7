// Making tensors in a cell (torch.tensor, zeros, ones, full, arange, rand, randn, image) and the
// small set of tensor methods and properties cells can use.

import { arange, full, nestedShape, normalizeDim, ones, reshape, tensorFromNested, unsqueeze, zeros } from '../engine/creation';
import { runtimeError } from '../engine/errors';
import { rand, randn } from '../engine/random';
import { makeTensor, numel, type Tensor } from '../engine/tensor';
import { BoundCall, shapeArgument } from './call_args';
import { pyError, type Runtime } from './runtime';
import { SIGNATURES } from './signatures';
import { BuiltinFunction, DType, isTensorValue, TorchSize, type CallArgs, type PyValue } from './values';

export const FLOAT_DTYPES = ['torch.float32', 'torch.float'];
const WIDER_FLOATS = ['torch.float64', 'torch.double', 'torch.float16', 'torch.half', 'torch.bfloat16'];

export const DTYPES: Record<string, DType> = Object.fromEntries(
  ['float32', 'float', 'float64', 'double', 'float16', 'half', 'bfloat16', 'int64', 'long', 'int32', 'int', 'uint8', 'bool'].map((n) => [n, new DType(`torch.${n}`)]),
);

/** dtype= accepts the float types (computed as float32, with a note for the others). */
function checkDtype(bound: BoundCall, notes: string[]): void {
  if (!bound.has('dtype')) return;
  const value = bound.value('dtype');
  if (value === null) return;
  if (!(value instanceof DType)) throw pyError('TypeError', `${bound.fn}(): argument 'dtype' must be torch.dtype, not ${typeof value}`);
  if (FLOAT_DTYPES.includes(value.name)) return;
  if (WIDER_FLOATS.includes(value.name)) {
    notes.push(`dtype=${value.name} was requested; convbook computes in float32`);
    return;
  }
  throw pyError('TypeError', `convbook computes in float32 only; dtype=${value.name} is not supported`);
}

function builtin(runtime: Runtime, name: string, impl: (bound: BoundCall, args: CallArgs, notes: string[]) => Tensor): BuiltinFunction {
  const sig = SIGNATURES[name];
  return new BuiltinFunction(
    name,
    (args) => {
      const bound = BoundCall.bind(sig, args);
      const notes: string[] = [];
      checkDtype(bound, notes);
      const t = impl(bound, args, notes);
      return notes.length ? runtime.annotate(t, notes) : t;
    },
    sig,
  );
}

function allIntegers(value: PyValue): boolean {
  if (typeof value === 'number') return Number.isInteger(value);
  if (typeof value === 'boolean') return false;
  return Array.isArray(value) && value.every(allIntegers);
}

export function creationFunctions(runtime: Runtime): Record<string, BuiltinFunction> {
  const sized = (name: string, make: (shape: number[], bound: BoundCall) => Tensor): BuiltinFunction =>
    builtin(runtime, name, (bound) => {
      const shape = shapeArgument(bound);
      runtime.checkBudget(shape, 'size');
      return make(shape, bound);
    });
  return {
    'torch.tensor': builtin(runtime, 'torch.tensor', (bound, _args, notes) => {
      const data = bound.value('data');
      runtime.checkBudget(nestedShape(data), 'data');
      if (isTensorValue(data)) return makeTensor(data.shape, data.data.slice());
      if (typeof data !== 'number' && typeof data !== 'boolean' && !Array.isArray(data)) {
        throw pyError('TypeError', `Could not infer dtype of ${data === null ? 'NoneType' : typeof data}`);
      }
      const t = tensorFromNested(data);
      if (!bound.has('dtype') && t.data.length > 0 && allIntegers(data)) {
        notes.push('built from ints: PyTorch would make an int64 tensor (which conv2d refuses); convbook tensors are float32, as with dtype=torch.float32');
      }
      return t;
    }),
    'torch.zeros': sized('torch.zeros', (shape) => zeros(shape)),
    'torch.ones': sized('torch.ones', (shape) => ones(shape)),
    'torch.rand': sized('torch.rand', (shape, bound) => rand(shape, bound.number('seed'))),
    'torch.randn': sized('torch.randn', (shape, bound) => randn(shape, bound.number('seed'))),
    'torch.full': builtin(runtime, 'torch.full', (bound) => {
      const size = bound.value('size');
      const shape = Array.isArray(size) ? size : [size];
      if (!shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0)) {
        throw pyError('TypeError', "full(): argument 'size' must be tuple of non-negative ints");
      }
      runtime.checkBudget(shape as number[], 'size');
      return full(shape as number[], bound.number('fill_value'));
    }),
    'torch.arange': builtin(runtime, 'torch.arange', (bound) => {
      const first = bound.number('start');
      const end = bound.optionalNumber('end');
      const step = bound.number('step');
      const [from, to] = end === null ? [0, first] : [first, end];
      if (step === 0) throw runtimeError('step must be nonzero', 'step');
      const count = Math.ceil((to - from) / step);
      if (Number.isFinite(count) && count > 0) runtime.checkBudget([count]);
      return end === null ? arange(first, undefined, step) : arange(first, end, step);
    }),
    image: builtin(runtime, 'image', (bound) => {
      const host = runtime.host;
      if (!host) throw pyError('RuntimeError', 'image() needs file access, which this kernel was started without');
      const path = bound.str('path');
      const sizeValue = bound.value('size');
      let size: number | [number, number] | undefined;
      if (sizeValue !== null) {
        if (typeof sizeValue === 'number' && Number.isInteger(sizeValue) && sizeValue > 0) size = sizeValue;
        else if (Array.isArray(sizeValue) && sizeValue.length === 2 && sizeValue.every((v) => typeof v === 'number' && Number.isInteger(v) && v > 0)) size = [sizeValue[0] as number, sizeValue[1] as number];
        else throw pyError('ValueError', 'image(): size must be a positive int or (height, width)');
      }
      const gray = bound.bool('gray');
      const options = { ...(size !== undefined ? { size } : {}), gray };
      if (host.imageShape) {
        const [c, h, w] = host.imageShape(path, options);
        runtime.checkBudget([1, c, h, w], 'path');
      } else if (size !== undefined) {
        const [h, w] = typeof size === 'number' ? [size, size] : size;
        runtime.checkBudget([1, gray ? 1 : 3, h, w], 'size');
      }
      return host.readImage(path, options);
    }),
  };
}

// ───────────── tensor methods and properties ─────────────

function scalar(value: number): Tensor {
  return makeTensor([], Float32Array.of(value));
}

function reduce(t: Tensor, name: string, fold: (data: Float32Array) => number): Tensor {
  if (name !== 'sum' && name !== 'mean' && t.data.length === 0) {
    throw runtimeError(`${name}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
  }
  return scalar(fold(t.data));
}

export function tolist(runtime: Runtime, t: Tensor): PyValue {
  if (t.shape.length === 0) return t.data[0];
  runtime.checkListSize(t.data.length);
  const build = (dim: number, offset: number): PyValue[] => {
    const size = t.shape[dim];
    const inner = numel(t.shape.slice(dim + 1));
    const out: PyValue[] = [];
    for (let i = 0; i < size; i++) out.push(dim === t.shape.length - 1 ? t.data[offset + i] : build(dim + 1, offset + i * inner));
    return out;
  };
  return build(0, 0);
}

function shapeFromRest(bound: BoundCall): number[] {
  const rest = bound.rest;
  const list = rest.length === 1 && Array.isArray(rest[0]) ? (rest[0] as PyValue[]) : rest;
  return list.map((v, i) => {
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    throw pyError('TypeError', `${bound.fn}(): argument 'shape' must be tuple of ints, but found element of type ${typeof v} at pos ${i}`);
  });
}

export function tensorAttribute(runtime: Runtime, t: Tensor, attr: string): PyValue {
  const method = (name: string, impl: (bound: BoundCall) => PyValue): BuiltinFunction => {
    const sig = SIGNATURES[`Tensor.${name}`];
    return new BuiltinFunction(`Tensor.${name}`, (args) => impl(BoundCall.bind(sig, args)), sig);
  };
  switch (attr) {
    case 'shape':
      return TorchSize.ofShape(t.shape);
    case 'ndim':
      return t.shape.length;
    case 'dtype':
      return DTYPES.float32;
    case 'size':
      return method('size', (b) => {
        const dim = b.value('dim');
        if (dim === null) return TorchSize.ofShape(t.shape);
        return t.shape[normalizeDim(b.int('dim'), t.shape.length)];
      });
    case 'dim':
      return method('dim', () => t.shape.length);
    case 'numel':
      return method('numel', () => t.data.length);
    case 'sum':
      return method('sum', () => reduce(t, 'sum', (d) => d.reduce((a, v) => a + v, 0)));
    case 'mean':
      return method('mean', () => reduce(t, 'mean', (d) => (d.length ? d.reduce((a, v) => a + v, 0) / d.length : NaN)));
    case 'max':
      return method('max', () => reduce(t, 'max', (d) => d.reduce((a, v) => (v > a || Number.isNaN(v) ? v : a), -Infinity)));
    case 'min':
      return method('min', () => reduce(t, 'min', (d) => d.reduce((a, v) => (v < a || Number.isNaN(v) ? v : a), Infinity)));
    case 'item':
      return method('item', () => {
        if (t.data.length !== 1) throw runtimeError(`a Tensor with ${t.data.length} elements cannot be converted to Scalar`);
        return t.data[0];
      });
    case 'tolist':
      return method('tolist', () => tolist(runtime, t));
    case 'flatten':
      return method('flatten', (b) => {
        const rank = t.shape.length;
        if (rank === 0) return reshape(t, [1]);
        const start = normalizeDim(b.int('start_dim'), rank, 'start_dim');
        const end = normalizeDim(b.int('end_dim'), rank, 'end_dim');
        if (start > end) throw runtimeError('flatten() has invalid args: start_dim cannot come after end_dim', 'start_dim');
        return reshape(t, [...t.shape.slice(0, start), numel(t.shape.slice(start, end + 1)), ...t.shape.slice(end + 1)]);
      });
    case 'reshape':
    case 'view':
      return method(attr, (b) => reshape(t, shapeFromRest(b)));
    case 'unsqueeze':
      return method('unsqueeze', (b) => unsqueeze(t, b.int('dim')));
    case 'squeeze':
      return method('squeeze', (b) => {
        if (b.value('dim') === null) return reshape(t, t.shape.filter((d) => d !== 1));
        const rank = t.shape.length;
        const dim = normalizeDim(b.int('dim'), rank);
        if (rank === 0 || t.shape[dim] !== 1) return t;
        return reshape(t, t.shape.filter((_, i) => i !== dim));
      });
    default:
      throw pyError('AttributeError', `'Tensor' object has no attribute '${attr}' (convbook tensors offer shape, ndim, dtype, size, dim, numel, sum, mean, max, min, item, tolist, flatten, reshape, view, unsqueeze, squeeze)`);
  }
}
