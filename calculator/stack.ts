// The receptive-field tab's logic: the layers found in pasted PyTorch code (up to the first one
// after which no single receptive field exists), the engine's receptive field of that chain, and
// the equivalent convbook cell.

import type { ReceptiveFieldPayload } from '../contract';
import { receptiveField } from '../engine/arithmetic/receptive_field';
import type { LayerSpec, WindowSpec } from '../engine/layer';
import { findLayerCalls } from '../lang/pyfile/python_layers';
import { engineError, fail, ok, parseInts, type Result } from './fields';
import { cellImports } from './layer';
import type { StackForm } from './state';

export interface StackResult {
  payload: ReceptiveFieldPayload;
  /** Calls found but left out (pass-through layers are fine; these could not be read). */
  skipped: string[];
  layers: { name: string; source: string }[];
}

/** Layers after which no single receptive field exists (they mix every position, or upsample). */
const CHAIN_ENDS: Partial<Record<LayerSpec['kind'], string>> = {
  conv_transpose: 'a strided transposed conv reads a varying number of inputs per output',
  adaptive_avg_pool: 'it averages over the whole input',
  flatten: 'it mixes every position',
  linear: 'it mixes every position',
};

export function stackReceptiveField(form: StackForm): Result<StackResult> {
  if (form.source.trim() === '') return fail('source', 'paste layers: nn.Sequential(...) or one nn.Conv2d(...) per line');
  let calls;
  try {
    calls = findLayerCalls(form.source);
  } catch (error) {
    return engineError(error, 'source');
  }
  const specs: LayerSpec[] = [];
  const names: string[] = [];
  const skipped: string[] = [];
  const layers: { name: string; source: string }[] = [];
  let ended = false;
  calls.forEach((c, i) => {
    if (ended) return;
    if (c.functional) {
      skipped.push(`${c.text}: a functional call; its kernel size is in a tensor`);
      return;
    }
    if (!c.spec) {
      skipped.push(`${c.text}: ${c.problems[0]?.message ?? 'not every argument is a number'}`);
      return;
    }
    const end = CHAIN_ENDS[c.spec.kind];
    if (end) {
      skipped.push(`${c.text} and everything after it: the receptive field ends here (${end})`);
      ended = true;
      return;
    }
    const name = c.name ?? `${c.canonical.replace(/^nn\./, '')}#${i + 1}`;
    specs.push(c.spec);
    names.push(name);
    layers.push({ name, source: c.text });
  });
  if (specs.length === 0) return fail('source', skipped.length ? `no layer could be read: ${skipped.join('; ')}` : 'no PyTorch layer found in the text');
  let inputSize: number[] | undefined;
  if (form.inputSize.trim() !== '') {
    const dims = (specs.find((s) => 'dims' in s && typeof (s as WindowSpec).dims === 'number') as WindowSpec | undefined)?.dims ?? 2;
    const r = parseInts(form.inputSize, dims, 'inputSize', 'input size', 1);
    if (!r.ok) return r;
    inputSize = r.value;
  }
  try {
    const payload = receptiveField(specs, { names, inputSize });
    return ok({ payload, skipped, layers });
  } catch (error) {
    return engineError(error, 'source');
  }
}

export function stackCellSource(form: StackForm): Result<string> {
  const r = stackReceptiveField(form);
  if (!r.ok) return r;
  const body = r.value.layers.map((l) => `    ${l.source},`).join('\n');
  return ok(`${cellImports(body, 'receptive_field').join('\n')}\nmodel = nn.Sequential(\n${body}\n)\nreceptive_field(model)\n`);
}

export function stackSummary(r: Result<StackResult>): unknown {
  return r.ok ? { receptive_field: r.value.payload.receptive_field, effective_stride: r.value.payload.effective_stride, effective_padding: r.value.payload.effective_padding, layers: r.value.layers.map((l) => l.name), skipped: r.value.skipped } : { errors: r.errors };
}
