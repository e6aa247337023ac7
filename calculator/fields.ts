// Reading the calculator's fields: integers per axis as typed, and engine errors turned into
// messages on the field they concern.

import { ConvbookError } from '../engine/errors';
import type { LayerForm, SolverForm, StackForm } from './state';

/** A problem with the form, attached to the field it concerns ('form' when no single field). */
export interface FieldError {
  field: keyof LayerForm | keyof SolverForm | keyof StackForm | 'form';
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export const ok = <T,>(value: T): Result<T> => ({ ok: true, value });
export const fail = (field: FieldError['field'], message: string): { ok: false; errors: FieldError[] } => ({ ok: false, errors: [{ field, message }] });

/** "3", "3, 5", "(3, 5)", "[3,5]" → integers; one value stands for every axis. */
export function parseInts(text: string, dims: number, field: FieldError['field'], label: string, min = 0): Result<number[]> {
  const body = text.trim().replace(/^[([]\s*|\s*[)\]]$/g, '');
  if (body === '') return fail(field, `${label}: enter a whole number`);
  const parts = body.split(/\s*[,\s]\s*/).filter((p) => p !== '');
  const values: number[] = [];
  for (const p of parts) {
    if (!/^[+-]?\d+$/.test(p)) return fail(field, `${label}: '${p}' is not a whole number`);
    const v = Number(p);
    if (v < min) return fail(field, `${label} must be at least ${min}, got ${v}`);
    values.push(v);
  }
  if (values.length === 1) return ok(new Array<number>(dims).fill(values[0]));
  if (values.length !== dims) return fail(field, `${label}: give one value or ${dims} (one per axis), got ${values.length}`);
  return ok(values);
}

export function parseInt1(text: string, field: FieldError['field'], label: string, min = 0): Result<number> {
  const r = parseInts(text, 1, field, label, min);
  if (!r.ok) return r;
  return ok(r.value[0]);
}

/** A per-axis value as a Python literal: an int when every axis agrees, else a tuple. */
export function literalOf(values: number[]): number | number[] {
  return values.every((v) => v === values[0]) ? values[0] : values;
}

/** The constructor keyword an engine error names → the form field. */
const FIELD_OF_ARGUMENT: Record<string, keyof LayerForm> = {
  in_channels: 'inChannels',
  out_channels: 'outChannels',
  kernel_size: 'kernel',
  stride: 'stride',
  padding: 'padding',
  dilation: 'dilation',
  groups: 'groups',
  output_padding: 'outputPadding',
  padding_mode: 'paddingMode',
  bias: 'bias',
  ceil_mode: 'ceilMode',
  count_include_pad: 'countIncludePad',
  input: 'inputSize',
};

export function engineError(error: unknown, fallback: FieldError['field'] = 'form'): { ok: false; errors: FieldError[] } {
  if (error instanceof ConvbookError) {
    const field = (error.argument && FIELD_OF_ARGUMENT[error.argument]) || fallback;
    return fail(field, `${error.pythonName}: ${error.message}`);
  }
  throw error;
}

