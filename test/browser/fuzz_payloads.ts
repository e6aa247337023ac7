// Seeded malformed payloads for the renderer fuzz test: real payloads of each MIME type (from
// PyTorch's golden cases, the engine and the kernel), each mutated one to three times as a hand
// edit or a hostile file would: fields deleted, types swapped, numbers made huge, negative,
// fractional or not finite, lists cut or stretched, values nested thousands deep. Payloads travel
// to the page as JSON, with the numbers JSON cannot hold written as tagged objects (see `encode`).

import { MIME, type SweepPayload, type WindowConfig } from '../../contract';
import { convOutputLength, convTransposeOutputLength, poolOutputLength } from '../../engine/shapes';
import { BLOG, convSweep, deformPayload, everyView, geometryOnly, golden, poolSweep, transposeSweep } from './fixtures';
import { loadGolden, type GoldenCase } from '../unit/support/golden';
import { rng } from '../unit/support/seeded';

type Json = unknown;
type Random = () => number;

const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** Numbers a hand edit or an attacker writes in place of a size, a step or a value. */
const NUMBERS = [1e9, -1e9, 1e308, -1, 0, 0.5, 2.5, -0, NaN, Infinity, -Infinity, 2 ** 31, 2 ** 53 + 2, 4097, 65536, 3, 1];
const OTHERS: Json[] = ['x', '', '1e9', true, false, null, {}, [], [1e9], { kind: 'conv' }];

function nested(r: Random): Json {
  const depth = 100 + Math.floor(r() * 1900);
  let v: Json = pick(r, [1, 'x', null]);
  const asList = r() < 0.5;
  for (let i = 0; i < depth; i++) v = asList ? [v] : { a: v };
  return v;
}

/** A random node of `root`: descend from the top, stopping at each level with some probability, so structure and data are both hit. */
function walk(r: Random, root: Json): { parent: Record<string, Json> | Json[]; key: string | number } | null {
  let parent: Record<string, Json> | Json[] | null = null;
  let key: string | number = '';
  let node = root;
  for (let depth = 0; depth < 12; depth++) {
    const keys: (string | number)[] = Array.isArray(node) ? node.map((_, i) => i) : typeof node === 'object' && node !== null ? Object.keys(node) : [];
    if (keys.length === 0) break;
    parent = node as Record<string, Json> | Json[];
    key = pick(r, keys);
    node = (parent as Record<string, Json>)[key];
    if (r() < 0.3) break;
  }
  return parent === null ? null : { parent, key };
}

function numbersIn(root: Json, out: { parent: Record<string, Json>; key: string }[] = [], depth = 0): typeof out {
  if (depth > 12 || typeof root !== 'object' || root === null) return out;
  const entries = Object.entries(root as Record<string, Json>);
  // A long data list counts once: its first element stands for it.
  for (const [k, v] of Array.isArray(root) && entries.length > 8 ? entries.slice(0, 1) : entries) {
    if (typeof v === 'number') out.push({ parent: root as Record<string, Json>, key: k });
    else numbersIn(v, out, depth + 1);
  }
  return out;
}

function mutate(r: Random, payload: Json): Json {
  const kind = Math.floor(r() * 7);
  if (kind === 0) {
    // A number becomes huge, negative, fractional or not finite.
    const nums = numbersIn(payload);
    if (nums.length) {
      const n = pick(r, nums);
      n.parent[n.key] = pick(r, NUMBERS);
      return payload;
    }
  }
  const at = walk(r, payload);
  if (!at) return pick(r, [...OTHERS, nested(r)]);
  const { parent, key } = at;
  const target = (parent as Record<string, Json>)[key];
  switch (kind) {
    case 1: // delete a field, or an element
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      break;
    case 2: // swap the type
      (parent as Record<string, Json>)[key] = pick(r, [...OTHERS, ...NUMBERS]);
      break;
    case 3: // cut or stretch a list
      if (Array.isArray(target)) {
        if (r() < 0.5) target.length = Math.floor(r() * target.length);
        else {
          const extra = 1 + Math.floor(r() * (r() < 0.2 ? 5000 : 4));
          for (let i = 0; i < extra; i++) target.push(target.length ? target[i % target.length] : pick(r, NUMBERS));
        }
      } else (parent as Record<string, Json>)[key] = [target, target];
      break;
    case 4: // nest deep
      (parent as Record<string, Json>)[key] = nested(r);
      break;
    case 5: // a sibling's value in its place
      (parent as Record<string, Json>)[key] = pick(r, Object.values(parent as Record<string, Json>));
      break;
    default: // a size scaled up: the geometry attacks, and consistent-looking oversize payloads
      (parent as Record<string, Json>)[key] = typeof target === 'number' ? target * pick(r, [10, 100, 1000, 1e6]) : pick(r, NUMBERS);
  }
  return payload;
}

/** The real payloads each MIME type's mutations start from. */
export async function basePayloads(): Promise<Record<string, Json[]>> {
  const byMime: Record<string, Json[]> = {};
  for (const [, mime, payload] of await everyView()) (byMime[mime] ??= []).push(payload);
  const spatial = (c: GoldenCase) => c.input.shape.length - 2;
  byMime[MIME.sweep].push(
    geometryOnly(convSweep(BLOG)),
    ...loadGolden('conv.json').filter((c) => spatial(c) === 1).slice(0, 2).map((c) => convSweep(c)),
    poolSweep(golden('pool', 'max k2 s2 p1 ceil_mode (last window dropped rule)')),
    transposeSweep(golden('transpose', 'k3 s2 p1 output_padding 1 bias')),
  );
  byMime[MIME.deform].push(deformPayload(golden('deform', 'modulated (DCNv2 mask) stride 2 bias'), [0, 0]));
  return byMime;
}

/** `count` mutated payloads of `mime`, from `seed`. */
export async function fuzzPayloads(mime: string, count: number, seed: number): Promise<Json[]> {
  const bases = (await basePayloads())[mime];
  const r = rng(seed);
  return Array.from({ length: count }, () => {
    let p = structuredClone(pick(r, bases));
    const rounds = 1 + Math.floor(r() * 3);
    for (let i = 0; i < rounds; i++) p = mutate(r, p);
    return p;
  });
}

/** JSON with NaN, ±Infinity and -0 kept (as {"$n": "..."}), for the page to revive. */
export function encode(payloads: Json[]): string {
  return JSON.stringify(payloads, (_, v) => (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? { $n: String(Object.is(v, -0) ? '-0' : v) } : v));
}

/**
 * `count` sweeps whose geometry is consistent (outputSize from PyTorch's formulas), at sizes drawn
 * log-uniformly from 1 to thousands: the payloads a careful hand edit writes, many of them just
 * inside or just over the limits. Small ones carry data for a few channels.
 */
export function consistentSweeps(count: number, seed: number): SweepPayload[] {
  const r = rng(seed);
  const logInt = (lo: number, hi: number) => Math.floor(Math.exp(Math.log(lo) + r() * (Math.log(hi + 1) - Math.log(lo))));
  const out: SweepPayload[] = [];
  while (out.length < count) {
    const kind = pick(r, ['conv', 'conv_transpose', 'max_pool', 'avg_pool'] as const);
    const rank = r() < 0.3 ? 1 : 2;
    const ceilMode = kind.endsWith('pool') && r() < 0.5;
    const axes = Array.from({ length: rank }, () => {
      const [i, k, s, d] = [logInt(1, 3000), logInt(1, 48), logInt(1, 12), kind === 'avg_pool' ? 1 : logInt(1, 6)];
      // PyTorch: pooling pads at most half the kernel; output_padding is below max(stride, dilation).
      const p = kind.endsWith('pool') ? Math.floor(r() * (Math.floor(k / 2) + 1)) : logInt(1, 48) - 1;
      const op = kind === 'conv_transpose' ? Math.floor(r() * Math.max(s, d)) : 0;
      const o =
        kind === 'conv' ? convOutputLength(i, k, s, p, p, d) : kind === 'conv_transpose' ? convTransposeOutputLength(i, k, s, p, d, op) : poolOutputLength(i, k, s, p, d, ceilMode);
      return { i, k, s, d, p, op, o };
    });
    if (axes.some((a) => a.o < 1)) continue;
    const config: WindowConfig = {
      kind,
      inputSize: axes.map((a) => a.i),
      kernelSize: axes.map((a) => a.k),
      stride: axes.map((a) => a.s),
      dilation: axes.map((a) => a.d),
      padBefore: axes.map((a) => a.p),
      padAfter: axes.map((a) => a.p),
      outputPadding: axes.map((a) => a.op),
      paddingMode: 'zeros',
      ceilMode,
      countIncludePad: true,
      outputSize: axes.map((a) => a.o),
    };
    const payload: SweepPayload = { title: `${kind} ${config.inputSize.join('×')}`, config, notes: [] };
    const size = (xs: number[]) => xs.reduce((a, b) => a * b, 1);
    if (size(config.inputSize) <= 4096 && size(config.outputSize) <= 4096 && size(config.kernelSize) <= 1024) {
      const channels = kind.endsWith('pool') ? 1 : 1 + Math.floor(r() * 4);
      const plane = (n: number) => Array.from({ length: n }, () => Math.round((r() - 0.5) * 20));
      payload.inputPlanes = Array.from({ length: channels }, () => plane(size(config.inputSize)));
      if (!kind.endsWith('pool')) payload.weightPlanes = Array.from({ length: channels }, () => plane(size(config.kernelSize)));
      payload.output = plane(size(config.outputSize));
    }
    out.push(payload);
  }
  return out;
}
