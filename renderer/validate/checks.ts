// Small typed checkers for payload validation. Each takes the value and its path in the payload
// ("config.stride[0]") and returns the value typed, or throws an InvalidPayload that names the
// field, what it holds and the rule it breaks. They never recurse into what they do not expect, so
// a deeply nested or cyclic value costs no more than a flat one.

import { PayloadError } from '../view';
import { MAX_LATEX, MAX_NOTES, MAX_TEXT } from './limits';

/** Why a well-formed notebook can still hold a payload this renderer refuses. */
export const ORIGIN_HINT = 'the output may come from a notebook file edited by hand or from a newer convbook';

export class InvalidPayload extends PayloadError {
  constructor(
    readonly path: string,
    readonly rule: string,
  ) {
    super(`${path} ${rule} (${ORIGIN_HINT})`);
  }
}

export function fail(path: string, rule: string): never {
  throw new InvalidPayload(path || 'the output', rule);
}

/** A short description of a value for a message: numbers as written, strings quoted and cut. */
export function show(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 24 ? `${v.slice(0, 24)}…` : v);
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

export function at(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

export function record(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, `is ${show(v)}, not an object`);
  return v as Record<string, unknown>;
}

/** A value drawn as a number: any number, NaN and ±Infinity included (a tensor may hold them). */
export function value(v: unknown, path: string): number {
  if (typeof v !== 'number') fail(path, `is ${show(v)}, not a number`);
  return v;
}

/** A count or a ratio: a finite number. */
export function finite(v: unknown, path: string, min = -Infinity): number {
  value(v, path);
  if (!Number.isFinite(v)) fail(path, `is ${show(v)}, not a finite number`);
  if ((v as number) < min) fail(path, `is ${show(v)}, below the minimum ${min}`);
  return v as number;
}

/** A size, index or step: a whole number within [min, max]. */
export function int(v: unknown, path: string, min: number, max: number): number {
  value(v, path);
  const n = v as number;
  if (!Number.isInteger(n)) fail(path, `is ${show(n)}, not a whole number`);
  if (n > max) fail(path, `is ${show(n)}, above the limit ${max}`);
  if (n < min) fail(path, `is ${show(n)}, below the minimum ${min}`);
  return n;
}

export function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, `is ${show(v)}, not true or false`);
  return v;
}

export function text(v: unknown, path: string, max = MAX_TEXT): string {
  if (typeof v !== 'string') fail(path, `is ${show(v)}, not a string`);
  if (v.length > max) fail(path, `is ${v.length} characters long, above the limit ${max}`);
  return v;
}

export function oneOf<T extends string>(v: unknown, path: string, options: readonly T[]): T {
  if (typeof v !== 'string' || !(options as readonly string[]).includes(v)) fail(path, `is ${show(v)}, not one of ${options.join(', ')}`);
  return v as T;
}

export function list(v: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(v)) fail(path, `is ${show(v)}, not a list`);
  if (v.length > max) fail(path, `holds ${v.length} items, above the limit ${max}`);
  return v;
}

/**
 * A list of values (numbers, NaN and ±Infinity included). JSON writes NaN and ±Infinity as null, so
 * a tensor holding them comes back from the kernel or a notebook file with nulls: those become NaN
 * in place, which the views draw as "not a number".
 */
export function values(v: unknown, path: string, max: number): number[] {
  const xs = list(v, path, max);
  for (let i = 0; i < xs.length; i++) {
    if (typeof xs[i] === 'number') continue;
    if (xs[i] === null) xs[i] = NaN;
    else value(xs[i], at(path, i));
  }
  return xs as number[];
}

export function finites(v: unknown, path: string, max: number, min = -Infinity): number[] {
  const xs = list(v, path, max);
  xs.forEach((x, i) => finite(x, at(path, i), min));
  return xs as number[];
}

export function ints(v: unknown, path: string, maxLength: number, min: number, max: number): number[] {
  const xs = list(v, path, maxLength);
  xs.forEach((x, i) => int(x, at(path, i), min, max));
  return xs as number[];
}

export function texts(v: unknown, path: string, maxItems = MAX_NOTES, maxChars = MAX_TEXT): string[] {
  const xs = list(v, path, maxItems);
  xs.forEach((x, i) => text(x, at(path, i), maxChars));
  return xs as string[];
}

/** A Formula: LaTeX (bounded for KaTeX) and its plain-text spelling. */
export function formula(v: unknown, path: string): void {
  const f = record(v, path);
  text(f.latex, at(path, 'latex'), MAX_LATEX);
  text(f.text, at(path, 'text'), MAX_LATEX);
}

/** Runs `check` on obj[key] when the key holds anything but undefined. */
export function optional<T>(obj: Record<string, unknown>, key: string, path: string, check: (v: unknown, path: string) => T): T | undefined {
  return obj[key] === undefined ? undefined : check(obj[key], at(path, key));
}

/** A list length that another field fixes: "inputPlanes[0] holds 24 values, but config.inputSize 5×5 needs 25". */
export function expectLength(xs: readonly unknown[], path: string, expected: number, because: string): void {
  if (xs.length !== expected) fail(path, `holds ${xs.length} values, but ${because} needs ${expected}`);
}

export function product(xs: readonly number[]): number {
  return xs.reduce((a, b) => a * b, 1);
}
