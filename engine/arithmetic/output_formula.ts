// The output-size formula of a sliding-window layer, axis by axis: the general form, the same form
// with the layer's numbers put in, the result (always the one engine/shapes.ts computes), the input
// cells no window reads, and warnings for results a reader would not expect.

import type { AxisFormula, Formula } from '../../contract';
import { ConvbookError } from '../errors';
import type { WindowSpec } from '../layer';
import { effectiveKernel, poolDroppedWindow, uncoveredInputIndices } from '../shapes';
import { latexFactor, latexNumber, textFactor, textNumber } from './format';
import { axisNames, resolveWindow, spatialOutputSize, windowAxisLength, type ResolvedWindow } from './spec_shape';

const CELL_WORDS: Record<string, [string, string]> = {
  L: ['position', 'positions'],
  H: ['row', 'rows'],
  W: ['column', 'columns'],
  D: ['depth slice', 'depth slices'],
};

function cells(axis: string, count: number): string {
  const [one, many] = CELL_WORDS[axis];
  return count === 1 ? one : many;
}

interface AxisValues {
  i: number;
  k: number;
  s: number;
  d: number;
  pb: number;
  pa: number;
  op: number;
}

/** The padding term: 2p when symmetric, p_before + p_after otherwise ('same' with an even kernel). */
function paddingTerm(v: AxisValues): { symbol: Formula; numbers: Formula } {
  if (v.pb === v.pa) {
    return {
      symbol: { latex: '2p', text: '2p' },
      numbers: { latex: `2 \\cdot ${latexNumber(v.pb)}`, text: `2·${textNumber(v.pb)}` },
    };
  }
  return {
    symbol: { latex: 'p_\\text{before} + p_\\text{after}', text: 'p_before + p_after' },
    numbers: { latex: `${latexNumber(v.pb)} + ${latexNumber(v.pa)}`, text: `${textNumber(v.pb)} + ${textNumber(v.pa)}` },
  };
}

/** Conv and pooling: ⌊(i + 2p − d(k−1) − 1) / s⌋ + 1, in its simplest faithful spelling. */
function windowFormulas(v: AxisValues, rounding: 'floor' | 'ceil', dropped: boolean, result: number): { general: Formula; substituted: Formula } {
  const pad = paddingTerm(v);
  const numerator = v.i + v.pb + v.pa - effectiveKernel(v.k, v.d);
  const kSym = v.d === 1 ? { latex: 'k', text: 'k' } : { latex: 'd(k-1) - 1', text: 'd(k − 1) − 1' };
  const kNum =
    v.d === 1
      ? { latex: latexNumber(v.k), text: textNumber(v.k) }
      : { latex: `${latexNumber(v.d)} \\cdot (${latexNumber(v.k)} - 1) - 1`, text: `${textNumber(v.d)}·(${textNumber(v.k)} − 1) − 1` };
  const drop = dropped ? { latex: ' - 1', text: ' − 1' } : { latex: '', text: '' };
  if (v.s === 1) {
    // ⌊x / 1⌋ = x, and the −1 of the effective kernel cancels the +1 when d > 1.
    const tail = v.d === 1 ? { latex: ` - k + 1`, text: ` − k + 1` } : { latex: ' - d(k-1)', text: ' − d(k − 1)' };
    const tailNum =
      v.d === 1
        ? { latex: ` - ${latexNumber(v.k)} + 1`, text: ` − ${textNumber(v.k)} + 1` }
        : { latex: ` - ${latexNumber(v.d)} \\cdot (${latexNumber(v.k)} - 1)`, text: ` − ${textNumber(v.d)}·(${textNumber(v.k)} − 1)` };
    return {
      general: { latex: `i + ${pad.symbol.latex}${tail.latex}`, text: `i + ${pad.symbol.text}${tail.text}` },
      substituted: {
        latex: `${latexNumber(v.i)} + ${pad.numbers.latex}${tailNum.latex}${drop.latex} = ${latexNumber(result)}`,
        text: `${textNumber(v.i)} + ${pad.numbers.text}${tailNum.text}${drop.text} = ${textNumber(result)}`,
      },
    };
  }
  const [lo, hi] = rounding === 'floor' ? ['\\left\\lfloor', '\\right\\rfloor'] : ['\\left\\lceil', '\\right\\rceil'];
  const [tlo, thi] = rounding === 'floor' ? ['⌊', '⌋'] : ['⌈', '⌉'];
  const rounded = rounding === 'floor' ? Math.floor(numerator / v.s) : Math.ceil(numerator / v.s);
  return {
    general: {
      latex: `${lo} \\frac{i + ${pad.symbol.latex} - ${kSym.latex}}{s} ${hi} + 1`,
      text: `${tlo}(i + ${pad.symbol.text} − ${kSym.text}) / s${thi} + 1`,
    },
    substituted: {
      latex:
        `${lo} \\frac{${latexNumber(v.i)} + ${pad.numbers.latex} - ${kNum.latex}}{${latexNumber(v.s)}} ${hi} + 1${drop.latex}` +
        ` = ${lo} \\frac{${latexNumber(numerator)}}{${latexNumber(v.s)}} ${hi} + 1${drop.latex} = ${latexFactor(rounded)} + 1${drop.latex} = ${latexNumber(result)}`,
      text:
        `${tlo}(${textNumber(v.i)} + ${pad.numbers.text} − ${kNum.text}) / ${textNumber(v.s)}${thi} + 1${drop.text}` +
        ` = ${tlo}${textNumber(numerator)} / ${textNumber(v.s)}${thi} + 1${drop.text} = ${textFactor(rounded)} + 1${drop.text} = ${textNumber(result)}`,
    },
  };
}

/** Transposed conv: (i − 1)·s − 2p + d(k − 1) + output_padding + 1. */
function transposeFormulas(v: AxisValues, result: number): { general: Formula; substituted: Formula } {
  const opSym = v.op !== 0 ? { latex: ' + \\text{output\\_padding}', text: ' + output_padding' } : { latex: '', text: '' };
  const opNum = v.op !== 0 ? { latex: ` + ${latexNumber(v.op)}`, text: ` + ${textNumber(v.op)}` } : { latex: '', text: '' };
  // With d = 1, d(k − 1) + 1 is just k.
  const kSym = v.d === 1 ? { latex: ' + k', text: ' + k' } : { latex: ' + d(k-1)', text: ' + d(k − 1)' };
  const kNum =
    v.d === 1
      ? { latex: ` + ${latexNumber(v.k)}`, text: ` + ${textNumber(v.k)}` }
      : { latex: ` + ${latexNumber(v.d)} \\cdot (${latexNumber(v.k)} - 1)`, text: ` + ${textNumber(v.d)}·(${textNumber(v.k)} − 1)` };
  const one = v.d === 1 ? { latex: '', text: '' } : { latex: ' + 1', text: ' + 1' };
  return {
    general: {
      latex: `(i - 1) \\cdot s - 2p${kSym.latex}${opSym.latex}${one.latex}`,
      text: `(i − 1)·s − 2p${kSym.text}${opSym.text}${one.text}`,
    },
    substituted: {
      latex: `(${latexNumber(v.i)} - 1) \\cdot ${latexNumber(v.s)} - 2 \\cdot ${latexNumber(v.pb)}${kNum.latex}${opNum.latex}${one.latex} = ${latexNumber(result)}`,
      text: `(${textNumber(v.i)} − 1)·${textNumber(v.s)} − 2·${textNumber(v.pb)}${kNum.text}${opNum.text}${one.text} = ${textNumber(result)}`,
    },
  };
}

function list(indices: number[]): string {
  return indices.join(', ');
}

function axisWarnings(w: ResolvedWindow, v: AxisValues, axis: string, result: number, uncovered: number[], dropped: boolean): string[] {
  const warnings: string[] = [];
  const ke = effectiveKernel(v.k, v.d);
  if (w.kind === 'conv_transpose') {
    if (v.s > ke) {
      warnings.push(
        `stride ${v.s} is larger than the kernel extent ${ke}: ${v.s - ke} of every ${v.s} output ${cells(axis, 2)} receive no input and hold only the bias`,
      );
    }
    return warnings;
  }
  if (dropped) {
    warnings.push(
      `ceil_mode rounds up to ${result + 1} windows, but the last one would start at padded index ${result * v.s}, inside the right padding (input ends at ${v.i + v.pb - 1}), so PyTorch drops it`,
    );
  }
  if (uncovered.length > 0) {
    const numerator = v.i + v.pb + v.pa - ke;
    const remainder = ((numerator % v.s) + v.s) % v.s;
    warnings.push(
      `input ${cells(axis, uncovered.length)} ${list(uncovered)} ${uncovered.length === 1 ? 'is' : 'are'} never read: ` +
        `i + ${v.pb === v.pa ? '2p' : 'p_before + p_after'} − d(k − 1) − 1 = ${textNumber(numerator)} leaves remainder ${remainder} when divided by s = ${v.s}`,
    );
  }
  if (v.s > ke && result >= 1) {
    warnings.push(`stride ${v.s} is larger than the window extent ${ke}: ${v.s - ke} input ${cells(axis, v.s - ke)} between neighbouring windows ${v.s - ke === 1 ? 'is' : 'are'} skipped`);
  }
  if (w.kind === 'deform_conv' && v.i + v.pb + v.pa < ke) {
    warnings.push('torchvision divides with truncation toward zero here, so its output size differs from the floor formula');
  }
  return warnings;
}

/**
 * Per-axis output-size formulas. inputShape may be the whole tensor shape or only the spatial sizes:
 * its trailing `dims` entries are used.
 */
export function outputSizeFormulas(spec: WindowSpec, inputShape: readonly number[]): AxisFormula[] {
  const w = resolveWindow(spec);
  if (inputShape.length < spec.dims) throw new ConvbookError('ValueError', `expected at least ${spec.dims} sizes in the input shape, got ${inputShape.length}`, 'input');
  const spatial = inputShape.slice(inputShape.length - spec.dims);
  const names = axisNames(spec.dims);
  let failure: string | null = null;
  try {
    spatialOutputSize(spec, spatial);
  } catch (e) {
    if (!(e instanceof ConvbookError)) throw e;
    failure = e.message;
  }
  return spatial.map((i, a) => {
    const v: AxisValues = { i, k: w.kernel[a], s: w.stride[a], d: w.dilation[a], pb: w.padBefore[a], pa: w.padAfter[a], op: w.outputPadding[a] };
    const result = windowAxisLength(w, a, i);
    const isPool = w.kind === 'max_pool' || w.kind === 'avg_pool';
    const dropped = isPool && w.ceilMode && poolDroppedWindow(i, v.k, v.s, v.pb, v.d);
    const forms =
      w.kind === 'conv_transpose' ? transposeFormulas(v, result) : windowFormulas(v, isPool && w.ceilMode ? 'ceil' : 'floor', dropped, result);
    const uncovered = w.kind === 'conv_transpose' || result < 1 ? [] : uncoveredInputIndices(i, v.k, v.s, v.pb, v.d, result);
    const warnings = axisWarnings(w, v, names[a], result, uncovered, dropped);
    if (result < 1) warnings.unshift(`output size ${textNumber(result)} is below 1${failure ? `; PyTorch raises: ${failure}` : ''}`);
    return { axis: names[a], general: forms.general, substituted: forms.substituted, result, uncovered, warnings };
  });
}
