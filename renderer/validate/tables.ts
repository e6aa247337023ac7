// Validators of the table-and-formula payloads (formula breakdown, receptive field, comparison,
// summary). Their views lay out one DOM row per list item and typeset every Formula with KaTeX, so
// the limits here are on rows and on the length of each formula.

import { at, fail, finite, finites, formula, int, ints, list, oneOf, optional, record, text, texts } from './checks';
import { MAX_FORMULAS, MAX_INDEX_LIST, MAX_LATEX_TOTAL, MAX_RANK, MAX_SHORT_LIST, MAX_TABLE_ROWS } from './limits';

const SAFE = Number.MAX_SAFE_INTEGER;

/** The KaTeX work of one payload: every Formula is typeset at mount (about 2 ms each, more when long). */
export class Typesetting {
  private formulas = 0;
  private chars = 0;

  add(v: unknown, path: string): void {
    formula(v, path);
    const f = v as { latex: string };
    this.formulas++;
    this.chars += f.latex.length;
    if (this.formulas > MAX_FORMULAS) fail(path, `is formula number ${this.formulas} of this output, above the limit ${MAX_FORMULAS}`);
    if (this.chars > MAX_LATEX_TOTAL) fail(path, `brings this output's LaTeX to ${this.chars} characters, above the limit ${MAX_LATEX_TOTAL}`);
  }
}
const LIBRARIES = ['reference', 'torchinfo', 'ptflops', 'fvcore', 'thop'] as const;

/** A per-axis or shape list of finite numbers (receptive fields may be fractional or negative). */
function axes(v: unknown, path: string): number[] {
  return finites(v, path, MAX_RANK);
}

function paramCount(v: unknown, path: string, t: Typesetting): void {
  const p = record(v, path);
  for (const key of ['weights', 'bias', 'total']) finite(p[key], at(path, key), 0);
  t.add(p.formula, at(path, 'formula'));
}

function flopCount(v: unknown, path: string, t: Typesetting): void {
  const f = record(v, path);
  for (const key of ['multiplications', 'additions', 'biasAdditions', 'macs']) finite(f[key], at(path, key), 0);
  t.add(f.formula, at(path, 'formula'));
  for (const key of ['comparisons', 'divisions', 'macsPerOutputPosition']) optional(f, key, path, (x, p) => finite(x, p, 0));
}

function axisFormula(v: unknown, path: string, t: Typesetting): void {
  const a = record(v, path);
  text(a.axis, at(path, 'axis'), 16);
  t.add(a.general, at(path, 'general'));
  t.add(a.substituted, at(path, 'substituted'));
  finite(a.result, at(path, 'result'));
  ints(a.uncovered, at(path, 'uncovered'), MAX_INDEX_LIST, 0, SAFE);
  texts(a.warnings, at(path, 'warnings'), MAX_SHORT_LIST);
}

function libraryCount(v: unknown, path: string): void {
  const l = record(v, path);
  oneOf(l.library, at(path, 'library'), LIBRARIES);
  finite(l.value, at(path, 'value'));
  text(l.label, at(path, 'label'));
  text(l.note, at(path, 'note'));
}

function rows(v: unknown, path: string, row: (v: unknown, path: string) => void): void {
  list(v, path, MAX_TABLE_ROWS).forEach((x, i) => row(x, at(path, i)));
}

export function formulaPayload(v: unknown, path: string, t = new Typesetting()): void {
  const p = record(v, path);
  text(p.title, at(path, 'title'));
  text(p.layer, at(path, 'layer'));
  optional(p, 'inputShape', path, (x, q) => ints(x, q, MAX_RANK, 0, SAFE));
  optional(p, 'outputShape', path, (x, q) => ints(x, q, MAX_RANK, 0, SAFE));
  optional(p, 'outputSize', path, (x, q) => list(x, q, MAX_SHORT_LIST).forEach((a, i) => axisFormula(a, at(q, i), t)));
  optional(p, 'params', path, (x, q) => paramCount(x, q, t));
  optional(p, 'flops', path, (x, q) => flopCount(x, q, t));
  optional(p, 'libraries', path, (x, q) => list(x, q, MAX_SHORT_LIST).forEach((l, i) => libraryCount(l, at(q, i))));
  optional(p, 'receptiveField', path, (x, q) => receptiveFieldPayload(x, q, t));
  optional(p, 'comparison', path, (x, q) => comparisonPayload(x, q, t));
  texts(p.notes, at(path, 'notes'));
}

function receptiveFieldRow(v: unknown, path: string): void {
  const r = record(v, path);
  text(r.name, at(path, 'name'));
  for (const key of ['kernel', 'stride', 'padding', 'receptiveField', 'effectiveStride', 'effectivePadding']) axes(r[key], at(path, key));
}

function recursionRow(v: unknown, path: string, t: Typesetting): void {
  const r = record(v, path);
  int(r.layer, at(path, 'layer'), 0, SAFE);
  text(r.name, at(path, 'name'));
  axes(r.rf, at(path, 'rf'));
  t.add(r.formula, at(path, 'formula'));
}

export function receptiveFieldPayload(v: unknown, path: string, t = new Typesetting()): void {
  const p = record(v, path);
  text(p.title, at(path, 'title'));
  rows(p.rows, at(path, 'rows'), receptiveFieldRow);
  for (const key of ['receptive_field', 'effective_stride', 'effective_padding']) axes(p[key], at(path, key));
  rows(p.recursion, at(path, 'recursion'), (x, q) => recursionRow(x, q, t));
  optional(p, 'span', path, (x, q) => {
    const span = record(x, q);
    for (const key of ['outputIndex', 'start', 'end', 'center']) axes(span[key], at(q, key));
  });
  texts(p.notes, at(path, 'notes'));
}

function layerCost(v: unknown, path: string, t: Typesetting, withParts: boolean): void {
  const c = record(v, path);
  text(c.name, at(path, 'name'));
  paramCount(c.params, at(path, 'params'), t);
  flopCount(c.flops, at(path, 'flops'), t);
  ints(c.outputShape, at(path, 'outputShape'), MAX_RANK, 0, SAFE);
  if (withParts) optional(c, 'parts', path, (x, q) => rows(x, q, (part, r) => layerCost(part, r, t, false)));
}

export function comparisonPayload(v: unknown, path: string, t = new Typesetting()): void {
  const p = record(v, path);
  text(p.title, at(path, 'title'));
  layerCost(p.a, at(path, 'a'), t, true);
  layerCost(p.b, at(path, 'b'), t, true);
  finite(p.paramRatio, at(path, 'paramRatio'));
  finite(p.flopRatio, at(path, 'flopRatio'));
  optional(p, 'ratioFormula', path, (x, q) => t.add(x, q));
  texts(p.notes, at(path, 'notes'));
}

function summaryRow(v: unknown, path: string): void {
  const r = record(v, path);
  text(r.name, at(path, 'name'));
  text(r.layer, at(path, 'layer'));
  int(r.depth, at(path, 'depth'), 0, 1_000);
  ints(r.output_shape, at(path, 'output_shape'), MAX_RANK, 0, SAFE);
  finite(r.params, at(path, 'params'), 0);
  finite(r.macs, at(path, 'macs'), 0);
  for (const key of ['receptive_field', 'effective_stride']) if (r[key] !== null) axes(r[key], at(path, key));
}

export function summaryPayload(v: unknown): void {
  const p = record(v, '');
  text(p.title, 'title');
  ints(p.input_shape, 'input_shape', MAX_RANK, 0, SAFE);
  rows(p.layers, 'layers', summaryRow);
  finite(p.total_params, 'total_params', 0);
  finite(p.total_macs, 'total_macs', 0);
  texts(p.notes, 'notes');
}
