// The current frame's arithmetic written out, as LaTeX for KaTeX and as plain text for screen
// readers and exports: the dot product with its numbers (conv, transposed conv as direct conv),
// the max with the winner boxed, the mean with its divisor, or a scatter's stamps. Without data
// the same sums are written symbolically.

import { formatCell, formatValue, latexFactor, latexNumber } from '../../format';
import type { FrameInfo, SweepModel, TapMark } from './model';
import { MUTED_TEX } from '../../math';

export interface Equation {
  latex: string;
  text: string;
}

const MAX_TERMS = 36;
const MUTED = MUTED_TEX;

function sub(idx: readonly number[]): string {
  return idx.join(',');
}

function textNum(v: number | undefined): string {
  return v === undefined ? '?' : formatCell(v, 4);
}

/** The op's own output index (1 or 2 axes) of a board cell. */
function opIndex(model: SweepModel, rc: readonly number[]): number[] {
  return model.board.dims === 1 ? [rc[1]] : [rc[0], rc[1]];
}

function elide<T>(items: T[], keepHead: number, keepTail: number): (T | null)[] {
  if (items.length <= keepHead + keepTail + 1) return items;
  return [...items.slice(0, keepHead), null, ...items.slice(items.length - keepTail)];
}

function joinTerms(terms: (Equation | null)[], op = ' + ', textOp = op): Equation {
  return {
    latex: terms.map((t) => (t ? t.latex : '\\cdots')).join(op),
    text: terms.map((t) => (t ? t.text : '…')).join(textOp),
  };
}

/** How an input tap reads: x with its real index (padding copies resolved), or a muted 0 / −∞. */
function inputSymbol(model: SweepModel, tap: TapMark): Equation {
  const cell = model.input.cell(tap.at[0], tap.at[1]);
  if (cell.kind === 'real') {
    const real = cell.source ?? tap.at;
    return { latex: `x_{${sub(opIndex(model, real))}}`, text: `x[${sub(opIndex(model, real))}]` };
  }
  if (cell.kind === 'padding' && cell.source) return { latex: `x_{${sub(opIndex(model, cell.source))}}`, text: `x[${sub(opIndex(model, cell.source))}]` };
  if (model.config.kind === 'max_pool') return { latex: `\\textcolor{${MUTED}}{-\\infty}`, text: '−∞' };
  return { latex: `\\textcolor{${MUTED}}{0}`, text: '0' };
}

/** A tap's value; padding and inserted zeros muted. In a product, negatives get parentheses. */
function valueTerm(model: SweepModel, tap: TapMark, inProduct = true): Equation {
  const cell = model.input.cell(tap.at[0], tap.at[1]);
  const muted = cell.kind !== 'real' && !(cell.kind === 'padding' && cell.source);
  const v = tap.value ?? 0;
  const latex = inProduct ? latexFactor(v) : latexNumber(v);
  return { latex: muted ? `\\textcolor{${MUTED}}{${latex}}` : latex, text: textNum(v) };
}

/**
 * A long sum as aligned lines: `lhs = t + t + …` continued on `+ …` lines, a tag after each
 * group's first line (the channel), and `= result` last. One short line stays a plain equation.
 */
function sumLines(lhs: Equation, groups: { terms: Equation[]; tag?: string }[], perLine: number, tail: Equation[], result?: Equation): Equation {
  const lines: { terms: Equation[]; tag?: string }[] = [];
  for (const g of groups) {
    for (let i = 0; i < g.terms.length; i += perLine) lines.push({ terms: g.terms.slice(i, i + perLine), tag: i === 0 ? g.tag : undefined });
    if (g.terms.length === 0) lines.push({ terms: [], tag: g.tag });
  }
  if (tail.length) {
    const last = lines[lines.length - 1];
    if (last && last.terms.length + tail.length <= perLine + 1) last.terms.push(...tail);
    else lines.push({ terms: [...tail] });
  }
  const allTerms = groups.flatMap((g) => g.terms).concat(tail);
  const text = `${lhs.text} = ${allTerms.map((t) => t.text).join(' + ')}${result ? ` = ${result.text}` : ''}`;
  if (lines.length <= 1) {
    const body = allTerms.map((t) => t.latex).join(' + ');
    return { latex: `${lhs.latex} = ${body}${result ? ` = ${result.latex}` : ''}`, text };
  }
  const shown = lines.length > 8 ? [...lines.slice(0, 5), null, ...lines.slice(-2)] : lines;
  const rows = shown.map((line, i) => {
    const lead = i === 0 ? `${lhs.latex} &= ` : '&\\quad + ';
    if (!line) return `${lead}\\cdots`;
    const tag = line.tag ? `\\qquad\\textcolor{${MUTED}}{\\scriptstyle ${line.tag}}` : '';
    return `${lead}${line.terms.map((t) => t.latex).join(' + ')}${tag}`;
  });
  if (result) rows.push(`&= ${result.latex}`);
  return { latex: `\\begin{aligned}${rows.join(' \\\\ ')}\\end{aligned}`, text };
}

function convEquation(model: SweepModel, info: FrameInfo): Equation {
  const trace = info.windowTrace!;
  const out = opIndex(model, info.focus);
  const lhs = { latex: `y_{${sub(out)}}`, text: `y[${sub(out)}]` };
  const numeric = trace.result !== undefined;
  const term = (i: number): Equation => {
    const t = trace.taps[i];
    const tap: TapMark = { at: model.board.dims === 1 ? [0, t.position[0]] : [t.position[0], t.position[1]], kernelAt: [0, 0], value: t.value, weight: t.weight, product: t.product, inPadding: t.inPadding };
    const kernelTap = sub(model.board.dims === 1 ? [t.tap[0]] : t.tap);
    if (!numeric) {
      const x = inputSymbol(model, tap);
      const w = model.mode === 'gather' ? { latex: `w'_{${kernelTap}}`, text: `w'[${kernelTap}]` } : { latex: `w_{${kernelTap}}`, text: `w[${kernelTap}]` };
      return { latex: `${x.latex}\\,${w.latex}`, text: `${x.text}·${w.text}` };
    }
    const x = valueTerm(model, tap);
    return { latex: `${x.latex}\\cdot ${latexFactor(t.weight ?? 0)}`, text: `${x.text}·${textNum(t.weight)}` };
  };
  const channels = Math.max(...trace.taps.map((t) => t.channel)) + 1;
  const groups: { terms: Equation[]; tag?: string }[] = [];
  if (channels === 1 || trace.taps.length <= MAX_TERMS) {
    for (let c = 0; c < channels; c++) {
      const terms = trace.taps.map((t, i) => (t.channel === c ? term(i) : null)).filter((x): x is Equation => x !== null);
      groups.push({ terms: channels === 1 ? (elide(terms, 24, 6) as (Equation | null)[]).map((x) => x ?? { latex: '\\cdots', text: '…' }) : terms, tag: channels > 1 ? `c=${c}` : undefined });
    }
  } else {
    // Many channels: one partial sum per channel.
    const sums: Equation[] = [];
    for (let c = 0; c < channels; c++) {
      if (numeric) {
        const s = trace.taps.reduce((acc, t) => acc + (t.channel === c ? (t.product ?? 0) : 0), 0);
        sums.push({ latex: `\\underbrace{${latexNumber(s)}}_{c=${c}}`, text: textNum(s) });
      } else sums.push({ latex: `\\Sigma_{c=${c}}`, text: `Σ(c=${c})` });
    }
    groups.push({ terms: (elide(sums, 10, 3) as (Equation | null)[]).map((x) => x ?? { latex: '\\cdots', text: '…' }) });
  }
  const tail: Equation[] = [];
  if (model.payload.bias !== undefined && model.payload.bias !== null) tail.push({ latex: `\\underbrace{${latexFactor(model.payload.bias)}}_{\\text{bias}}`, text: `${textNum(model.payload.bias)} (bias)` });
  else if (!numeric && model.config.kind === 'conv') tail.push({ latex: 'b', text: 'b' });
  const integers = trace.taps.every((t) => Number.isInteger(t.value ?? 0) && Number.isInteger(t.weight ?? 0));
  const result = numeric ? { latex: latexNumber(trace.result!, 7), text: formatValue(trace.result!) } : undefined;
  return sumLines(lhs, groups, numeric ? (integers ? 9 : 5) : 9, tail, result);
}

function maxEquation(model: SweepModel, info: FrameInfo): Equation {
  const trace = info.windowTrace!;
  const out = opIndex(model, info.focus);
  const numeric = trace.result !== undefined;
  const terms = info.taps.map((tap) => {
    if (!numeric) return inputSymbol(model, tap);
    const v = valueTerm(model, tap, false);
    return tap.winner ? { latex: `\\boxed{${v.latex}}`, text: `[${v.text}]` } : v;
  });
  const body = joinTerms(elide(terms, 10, 4), ', ');
  let latex = `y_{${sub(out)}} = \\max(${body.latex})`;
  let text = `y[${sub(out)}] = max(${body.text})`;
  if (numeric) {
    latex += ` = ${latexNumber(trace.result!, 7)}`;
    text += ` = ${formatValue(trace.result!)}`;
  }
  return { latex, text };
}

function avgEquation(model: SweepModel, info: FrameInfo): Equation {
  const trace = info.windowTrace!;
  const out = opIndex(model, info.focus);
  const numeric = trace.result !== undefined;
  // Cells past the padding (a ceil_mode overhang) never count; padding zeros are written only when
  // count_include_pad puts them in the divisor.
  const counted = info.taps.filter((tap) => {
    const kind = model.input.cell(tap.at[0], tap.at[1]).kind;
    return kind !== 'outside' && (kind !== 'padding' || model.config.countIncludePad);
  });
  const terms = counted.map((tap) => (numeric ? valueTerm(model, tap) : inputSymbol(model, tap)));
  const body = joinTerms(elide(terms, 10, 4));
  const divisor = trace.divisor ?? counted.length;
  let latex = `y_{${sub(out)}} = \\frac{${body.latex}}{${divisor}}`;
  let text = `y[${sub(out)}] = (${body.text}) / ${divisor}`;
  if (numeric) {
    latex += ` = ${latexNumber(trace.result!, 7)}`;
    text += ` = ${formatValue(trace.result!)}`;
  }
  return { latex, text };
}

function scatterEquation(model: SweepModel, info: FrameInfo): Equation {
  const inIdx = opIndex(model, info.focus);
  const tap = info.taps[0];
  const numeric = tap.value !== undefined && info.outputs.every((o) => o.product !== undefined);
  const x = numeric ? { latex: latexNumber(tap.value!), text: textNum(tap.value) } : { latex: `x_{${sub(inIdx)}}`, text: `x[${sub(inIdx)}]` };
  const stamps = info.outputs.map((o) => {
    const outIdx = sub(opIndex(model, o.at));
    const c2 = model.board.config2;
    const t = o.tap ? [o.tap[0] / c2.dilation[0], o.tap[1] / c2.dilation[1]] : [0, 0];
    const tapIdx = sub(model.board.dims === 1 ? [t[1]] : t);
    if (numeric) return { latex: `y_{${outIdx}} \\mathrel{+}= ${latexFactor(tap.value!)}\\cdot ${latexFactor(o.weight ?? 0)}`, text: `y[${outIdx}] += ${textNum(tap.value)}·${textNum(o.weight)}` };
    return { latex: `y_{${outIdx}} \\mathrel{+}= x_{${sub(inIdx)}}\\,w_{${tapIdx}}`, text: `y[${outIdx}] += x[${sub(inIdx)}]·w[${tapIdx}]` };
  });
  const channelNote = model.channels > 1 ? { latex: `\\qquad\\textcolor{${MUTED}}{\\text{(channel ${model.channel}; the others stamp too)}}`, text: ` (channel ${model.channel}; the others stamp too)` } : { latex: '', text: '' };
  const head = { latex: `x_{${sub(inIdx)}} = ${x.latex}`, text: `x[${sub(inIdx)}] = ${x.text}` };
  if (!stamps.length) return { latex: `${head.latex}\\text{: every stamp falls in the cropped border}`, text: `${head.text}: every stamp falls in the cropped border` };
  const shown = elide(stamps, 9, 3).map((t) => t ?? { latex: '\\cdots', text: '…' });
  const perLine = numeric ? 3 : 4;
  const rows: string[] = [];
  for (let i = 0; i < shown.length; i += perLine) {
    const lead = i === 0 ? `${head.latex}:\\quad & ` : '& ';
    rows.push(`${lead}${shown.slice(i, i + perLine).map((t) => t.latex).join(',\\; ')}${i === 0 ? channelNote.latex : ''}`);
  }
  return {
    latex: rows.length === 1 ? rows[0].replace(' & ', ' ') : `\\begin{aligned}${rows.join(' \\\\ ')}\\end{aligned}`,
    text: `${head.text}: ${shown.map((t) => t.text).join(', ')}${channelNote.text}`,
  };
}

export function frameEquation(model: SweepModel, info: FrameInfo): Equation {
  if (model.mode === 'scatter') return scatterEquation(model, info);
  switch (model.config.kind) {
    case 'max_pool':
      return maxEquation(model, info);
    case 'avg_pool':
      return avgEquation(model, info);
    default:
      return convEquation(model, info);
  }
}
