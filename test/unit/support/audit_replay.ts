// Replays the audit cases of test/fixtures/golden-extra (see its README) two ways: through the
// engine's functions directly, from the case's structured params, and through a notebook cell that
// runs the very Python text PyTorch ran. Both outcomes are judged against PyTorch's: the same
// values, or the same exception type and message.

import { readFileSync } from 'node:fs';
import type { CellError } from '../../../contract';
import { conv } from '../../../engine/conv';
import type { SpatialDims } from '../../../engine/conv_args';
import { convTranspose } from '../../../engine/conv_transpose';
import type { OutputSizeKind } from '../../../engine/conv_transpose_args';
import { deformConv2d } from '../../../engine/deform';
import { add, div, mul, sub } from '../../../engine/elementwise';
import { ConvbookError } from '../../../engine/errors';
import { outputShape } from '../../../engine/arithmetic/spec_shape';
import { fPad } from '../../../engine/padding';
import { adaptiveAvgPool2d, avgPool2d, maxPool2d } from '../../../engine/pool';
import { makeTensor, type Tensor } from '../../../engine/tensor';
import type { PaddingMode } from '../../../contract';
import type { CallExpr, Expr } from '../../../lang/syntax/ast';
import { layerSpecFromCall } from '../../../lang/syntax/layer_from_call';
import { literalValue } from '../../../lang/syntax/literal';
import { parseExpression } from '../../../lang/syntax/parser';
import { closeTo, execute, literal, type GoldenTensor, type Param } from './cells';

export interface AuditTensor {
  shape: number[];
  /** Absent: zeros. */
  data?: number[];
}

export interface AuditError {
  exception: string;
  message: string;
}

export interface AuditCase {
  name: string;
  op: string;
  tensors: Record<string, AuditTensor>;
  setup?: string[];
  call: string;
  params: Record<string, Param>;
  output?: AuditTensor | AuditTensor[];
  error?: AuditError;
}

export interface AuditFile {
  generator: string;
  cases: AuditCase[];
}

/** What convbook did: its outputs, or its error. */
export interface Outcome {
  outputs?: Tensor[];
  error?: AuditError & { argument?: string };
}

export function loadAudit(file: string): AuditFile {
  return JSON.parse(readFileSync(new URL(`../../fixtures/golden-extra/${file}`, import.meta.url), 'utf8')) as AuditFile;
}

function tensorOf(t: AuditTensor): Tensor {
  return makeTensor(t.shape, t.data ? Float32Array.from(t.data) : undefined);
}

function expectedOutputs(c: AuditCase): AuditTensor[] {
  if (!c.output) return [];
  return Array.isArray(c.output) ? c.output : [c.output];
}

// ───────────── through the engine ─────────────

function param<T extends Param>(c: AuditCase, name: string, fallback: T): T {
  return (name in c.params ? c.params[name] : fallback) as T;
}

function optionalTensor(c: AuditCase, name: string): Tensor | null {
  return c.tensors[name] ? tensorOf(c.tensors[name]) : null;
}

function engineOutputs(c: AuditCase): Tensor[] {
  const x = () => tensorOf(c.tensors.x);
  const convDims = /^conv(\d)d$/.exec(c.op);
  if (convDims) {
    const options = {
      stride: param(c, 'stride', 1),
      padding: param(c, 'padding', 0) as number | number[] | 'same' | 'valid',
      dilation: param(c, 'dilation', 1),
      groups: param(c, 'groups', 1),
      paddingMode: param(c, 'padding_mode', 'zeros') as PaddingMode,
    };
    return [conv(x(), tensorOf(c.tensors.w), optionalTensor(c, 'b'), options, Number(convDims[1]) as SpatialDims)];
  }
  const transposeDims = /^conv_transpose(\d)d$/.exec(c.op);
  if (transposeDims) {
    const outputSize = param<number[] | null>(c, 'output_size', null);
    const outputSizeKind = param<string>(c, 'output_size_kind', 'tuple') as OutputSizeKind;
    const options = {
      stride: param(c, 'stride', 1),
      padding: param(c, 'padding', 0),
      outputPadding: param(c, 'output_padding', 0),
      dilation: param(c, 'dilation', 1),
      groups: param(c, 'groups', 1),
      ...(outputSize === null ? {} : { outputSize, outputSizeKind }),
    };
    return [convTranspose(x(), tensorOf(c.tensors.w), optionalTensor(c, 'b'), options, Number(transposeDims[1]) as SpatialDims)];
  }
  switch (c.op) {
    case 'deform_conv2d':
      return [
        deformConv2d(x(), tensorOf(c.tensors.offset), tensorOf(c.tensors.w), optionalTensor(c, 'b'), {
          stride: param(c, 'stride', 1),
          padding: param(c, 'padding', 0),
          dilation: param(c, 'dilation', 1),
          mask: optionalTensor(c, 'mask'),
        }),
      ];
    case 'max_pool2d': {
      const { output, indices } = maxPool2d(x(), {
        kernelSize: param(c, 'kernel_size', 0),
        stride: param<number | number[] | null>(c, 'stride', null),
        padding: param(c, 'padding', 0),
        dilation: param(c, 'dilation', 1),
        ceilMode: param(c, 'ceil_mode', false),
      });
      return param(c, 'return_indices', false) ? [output, makeTensor(output.shape, Float32Array.from(indices))] : [output];
    }
    case 'avg_pool2d':
      return [
        avgPool2d(x(), {
          kernelSize: param(c, 'kernel_size', 0),
          stride: param<number | number[] | null>(c, 'stride', null),
          padding: param(c, 'padding', 0),
          ceilMode: param(c, 'ceil_mode', false),
          countIncludePad: param(c, 'count_include_pad', true),
          divisorOverride: param<number | null>(c, 'divisor_override', null),
        }),
      ];
    case 'adaptive_avg_pool2d':
      return [adaptiveAvgPool2d(x(), param(c, 'output_size', 0) as number | (number | null)[])];
    case 'pad': {
      const value = param<number | null>(c, 'value', null);
      return [fPad(x(), param(c, 'pad', []), param(c, 'mode', 'constant'), value === null ? undefined : value)];
    }
    case 'add':
    case 'sub':
    case 'mul':
    case 'div': {
      const f = { add, sub, mul, div }[c.op];
      const scalar = param<number | null>(c, 'scalar', null);
      const side = param<string | null>(c, 'scalar_side', null);
      const left: Tensor | number = side === 'left' ? (scalar as number) : x();
      const right: Tensor | number = side === 'right' ? (scalar as number) : tensorOf(c.tensors.other);
      return [f(left as Tensor, right)];
    }
    case 'layer':
      return [makeTensor(layerOutputShape(c))];
    default:
      throw new Error(`audit: unknown op ${c.op}`);
  }
}

/** The constructor call of `layer = nn.X(...)` as its callee name, positional and keyword literals. */
export function readConstructor(statement: string): { callee: string; positional: unknown[]; keywords: Record<string, unknown> } {
  const text = statement.replace(/^\s*\w+\s*=\s*/, '');
  const { expr } = parseExpression(text, 0);
  if (expr.kind !== 'Call') throw new Error(`audit: not a call: ${text}`);
  const call = expr as CallExpr;
  const dotted = (e: Expr): string => (e.kind === 'Name' ? e.id : e.kind === 'Attribute' ? `${dotted(e.value)}.${e.attr}` : '?');
  const value = (e: Expr): unknown => {
    const v = literalValue(e);
    if (v === undefined) throw new Error(`audit: not a literal in ${text}`);
    return v;
  };
  return {
    callee: dotted(call.func),
    positional: call.args.map(value),
    keywords: Object.fromEntries(call.keywords.map((k) => [k.name ?? '', value(k.value)])),
  };
}

/** A 'layer' case through the weight-free specs: the constructor's checks, then the forward's shape. */
function layerOutputShape(c: AuditCase): number[] {
  const constructor = (c.setup ?? [])[0];
  const { callee, positional, keywords } = readConstructor(constructor);
  const spec = layerSpecFromCall(callee, positional, keywords);
  if (c.call === 'layer') return [];
  return outputShape(spec, c.tensors.x.shape);
}

function asAuditError(error: unknown): Outcome['error'] {
  if (error instanceof ConvbookError) return { exception: error.pythonName, message: error.message, argument: error.argument };
  throw error;
}

export function replayEngine(c: AuditCase): Outcome {
  try {
    // A layer is built first: its constructor's checks come before the op's.
    const constructor = (c.setup ?? [])[0];
    if (constructor && c.op !== 'layer' && /^\s*layer\s*=/.test(constructor)) {
      const { callee, positional, keywords } = readConstructor(constructor);
      layerSpecFromCall(callee, positional, keywords);
    }
    return { outputs: engineOutputs(c) };
  } catch (error) {
    return { error: asAuditError(error) };
  }
}

// ───────────── through a cell ─────────────

function definition(name: string, t: AuditTensor): string {
  const zeros = !t.data || t.shape.includes(0);
  return zeros ? `${name} = torch.zeros(${t.shape.join(', ')})` : `${name} = ${literal(t as GoldenTensor)}`;
}

/** The cell: the tensors as literals, the setup, then `y = <PyTorch's call>`. */
export function cellSource(c: AuditCase): string {
  const lines = Object.entries(c.tensors).map(([name, t]) => definition(name, t));
  return [...lines, ...(c.setup ?? []), `y = ${c.call}`].join('\n');
}

export async function replayCell(c: AuditCase): Promise<Outcome> {
  const { error, variable } = await execute(cellSource(c));
  if (error) return { error: cellErrorOf(error) };
  const y = await variable('y');
  if (y && 'tensor' in y) return { outputs: [y.tensor] };
  if (y && 'tensors' in y) return { outputs: y.tensors };
  if (c.op === 'layer' && y !== undefined) return { outputs: [makeTensor([])] };
  return { error: { exception: 'AuditError', message: `y is not a tensor: ${JSON.stringify(y)}` } };
}

function cellErrorOf(error: CellError): AuditError {
  return { exception: error.name, message: error.message };
}

// ───────────── judging ─────────────

/** Python prints sets in hash order; `{'a', 'b'}` compares as its sorted members. */
export function normalizeMessage(message: string): string {
  return message.replace(/\{('[^'{}]*'(?:, '[^'{}]*')*)\}/g, (_, inner: string) => `{${inner.split(', ').sort().join(', ')}}`);
}

/**
 * null when convbook agrees with PyTorch on this case, else what differs. `shapeOnly` compares
 * output shapes only (layers with their own random initial weights).
 */
export function disagreement(c: AuditCase, outcome: Outcome, shapeOnly = c.op === 'layer'): string | null {
  if (c.error) {
    if (!outcome.error) return `PyTorch raises ${c.error.exception}: ${c.error.message}\n  convbook returned shapes ${outcome.outputs?.map((o) => `[${o.shape.join(', ')}]`).join(', ')}`;
    if (outcome.error.exception !== c.error.exception || normalizeMessage(outcome.error.message) !== normalizeMessage(c.error.message)) {
      return `PyTorch raises ${c.error.exception}: ${c.error.message}\n  convbook raises ${outcome.error.exception}: ${outcome.error.message}`;
    }
    return null;
  }
  if (outcome.error) return `PyTorch succeeds; convbook raises ${outcome.error.exception}: ${outcome.error.message}`;
  const expected = expectedOutputs(c);
  const actual = outcome.outputs ?? [];
  if (actual.length !== expected.length) return `${actual.length} outputs, PyTorch gives ${expected.length}`;
  for (let k = 0; k < expected.length; k++) {
    const e = expected[k];
    const a = actual[k];
    if (a.shape.join(',') !== e.shape.join(',')) return `output ${k}: shape [${a.shape.join(', ')}], PyTorch gives [${e.shape.join(', ')}]`;
    if (shapeOnly || !e.data) continue;
    for (let i = 0; i < e.data.length; i++) {
      if (!closeTo(a.data[i], e.data[i])) return `output ${k}: element ${i} is ${a.data[i]}, PyTorch gives ${e.data[i]}`;
    }
  }
  return null;
}
