// Operation counts of one layer, in the reference post's convention: every kernel tap of every output
// value is one multiplication (padded taps included), summing K products takes K − 1 additions, and
// the bias adds one more addition per output value, counted apart. MACs are the multiplications.
// Counts cover the whole input tensor, batch included.

import type { FlopCount, Formula } from '../../contract';
import type { ConvTransposeSpec, LayerSpec } from '../layer';
import { numel } from '../tensor';
import { latexNumber, product, textNumber } from './format';
import { axisNames, outputShape, resolveWindow } from './spec_shape';

interface Line {
  label: string;
  symbolic: Formula;
  numbers: Formula;
  value: number;
}

function lines(items: Line[]): Formula {
  const latex = items.map((l) => `\\text{${l.label}} &= ${l.symbolic.latex} = ${l.numbers.latex} = ${latexNumber(l.value)}`);
  const text = items.map((l) => `${l.label} = ${l.symbolic.text} = ${l.numbers.text} = ${textNumber(l.value)}`);
  return { latex: items.length === 1 ? latex[0].replace('&=', '=') : `\\begin{aligned}${latex.join(' \\\\ ')}\\end{aligned}`, text: text.join('\n') };
}

/** "N·C_out·H_out·W_out" and its numbers; N is left out when it is 1. */
function outputTerm(batch: number, channelSymbol: string, channels: number, dims: number, out: number[]): { symbolic: Formula; numbers: Formula } {
  const names = axisNames(dims).map((n) => `${n}_out`);
  const symLatex = [...(batch !== 1 ? ['N'] : []), channelSymbol ? `C_\\text{${channelSymbol}}` : 'C', ...axisNames(dims).map((n) => `${n}_\\text{out}`)];
  const symText = [...(batch !== 1 ? ['N'] : []), channelSymbol ? `C_${channelSymbol}` : 'C', ...names];
  const nums = [...(batch !== 1 ? [batch] : []), channels, ...out];
  return {
    symbolic: { latex: symLatex.join(' \\cdot '), text: symText.join('·') },
    numbers: { latex: nums.map(latexNumber).join(' \\cdot '), text: nums.map(textNumber).join('·') },
  };
}

function kernelTerm(dims: number, kernel: number[]): { symbolic: Formula; numbers: Formula } {
  const names = axisNames(dims);
  return {
    symbolic: { latex: names.map((n) => `k_${n}`).join(' \\cdot '), text: names.map((n) => `k_${n}`).join('·') },
    numbers: { latex: kernel.map(latexNumber).join(' \\cdot '), text: kernel.map(textNumber).join('·') },
  };
}

function zero(formula: Formula, extra: Partial<FlopCount> = {}): FlopCount {
  return { multiplications: 0, additions: 0, biasAdditions: 0, macs: 0, formula, ...extra };
}

/** MACs to compute one spatial output position across all output channels, without an input size. */
export function macsPerOutputPosition(spec: LayerSpec): number | undefined {
  switch (spec.kind) {
    case 'conv':
    case 'deform_conv':
      return spec.outChannels * (spec.inChannels / spec.groups) * product(resolveWindow(spec).kernel);
    case 'linear':
      return spec.inFeatures * spec.outFeatures;
    default:
      return undefined;
  }
}

/**
 * Transposed conv seen as a scatter, per spatial axis: how many (input cell, kernel tap) products
 * land inside the output (the rest fall in the cropped padding), and how many output cells receive
 * at least one product.
 */
export function transposeScatterCounts(input: number, kernel: number, stride: number, padding: number, dilation: number, output: number): { landing: number; reached: number } {
  let landing = 0;
  const hit = new Uint8Array(Math.max(output, 0));
  for (let x = 0; x < input; x++) {
    for (let t = 0; t < kernel; t++) {
      const o = x * stride - padding + t * dilation;
      if (o >= 0 && o < output) {
        landing++;
        hit[o] = 1;
      }
    }
  }
  let reached = 0;
  for (const h of hit) reached += h;
  return { landing, reached };
}

/**
 * Whole-tensor totals for a transposed conv: products that land inside the output, and output
 * values that receive at least one product.
 */
export function transposeLanding(spec: ConvTransposeSpec, inputShape: readonly number[]): { landing: number; reached: number } {
  const w = resolveWindow(spec);
  const out = outputShape(spec, inputShape);
  const batch = batchOf(spec.dims, inputShape);
  const inSpatial = inputShape.slice(-spec.dims);
  const outSpatial = out.slice(-spec.dims);
  const scatter = inSpatial.map((i, a) => transposeScatterCounts(i, w.kernel[a], w.stride[a], w.padBefore[a], w.dilation[a], outSpatial[a]));
  return {
    landing: batch * spec.outChannels * (spec.inChannels / spec.groups) * product(scatter.map((c) => c.landing)),
    reached: batch * spec.outChannels * product(scatter.map((c) => c.reached)),
  };
}

/** Batch size and spatial sizes of a window layer's input, for batched or unbatched input. */
function batchOf(dims: number, inputShape: readonly number[]): number {
  return inputShape.length === dims + 2 ? inputShape[0] : 1;
}

export function flopCount(spec: LayerSpec, inputShape: readonly number[]): FlopCount {
  const out = outputShape(spec, inputShape);
  switch (spec.kind) {
    case 'conv':
    case 'deform_conv': {
      const w = resolveWindow(spec);
      const batch = batchOf(spec.dims, inputShape);
      const outSpatial = out.slice(-spec.dims);
      const perGroup = spec.inChannels / spec.groups;
      const perValue = perGroup * product(w.kernel);
      const outputs = batch * spec.outChannels * product(outSpatial);
      const o = outputTerm(batch, 'out', spec.outChannels, spec.dims, outSpatial);
      const k = kernelTerm(spec.dims, w.kernel);
      const cin = spec.groups === 1 ? { latex: 'C_\\text{in}', text: 'C_in' } : { latex: '\\frac{C_\\text{in}}{G}', text: '(C_in/G)' };
      const cinN = { latex: latexNumber(perGroup), text: textNumber(perGroup) };
      const items: Line[] = [
        {
          label: 'mult',
          symbolic: { latex: `${o.symbolic.latex} \\cdot ${cin.latex} \\cdot ${k.symbolic.latex}`, text: `${o.symbolic.text} · ${cin.text}·${k.symbolic.text}` },
          numbers: { latex: `${o.numbers.latex} \\cdot ${cinN.latex} \\cdot ${k.numbers.latex}`, text: `${o.numbers.text} · ${cinN.text}·${k.numbers.text}` },
          value: outputs * perValue,
        },
        {
          label: 'add',
          symbolic: { latex: `${o.symbolic.latex} \\cdot (${cin.latex} \\cdot ${k.symbolic.latex} - 1)`, text: `${o.symbolic.text} · (${cin.text}·${k.symbolic.text} − 1)` },
          numbers: { latex: `${o.numbers.latex} \\cdot (${latexNumber(perValue)} - 1)`, text: `${o.numbers.text} · (${textNumber(perValue)} − 1)` },
          value: outputs * (perValue - 1),
        },
      ];
      if (spec.bias) items.push({ label: 'bias add', symbolic: o.symbolic, numbers: o.numbers, value: outputs });
      return {
        multiplications: outputs * perValue,
        additions: outputs * (perValue - 1),
        biasAdditions: spec.bias ? outputs : 0,
        macs: outputs * perValue,
        formula: lines(items),
        macsPerOutputPosition: spec.outChannels * perValue,
      };
    }
    case 'conv_transpose': {
      // Counted as PyTorch's col2im path computes it: every input cell times every kernel tap of its
      // group, for each output channel of the group (C_in·C_out/G·∏k·∏in products), including the
      // products that land in the cropped padding. Additions are exact: each output value sums the
      // products that land on it.
      const w = resolveWindow(spec);
      const batch = batchOf(spec.dims, inputShape);
      const inSpatial = inputShape.slice(-spec.dims);
      const outSpatial = out.slice(-spec.dims);
      const perInput = spec.inChannels * (spec.outChannels / spec.groups) * product(w.kernel);
      const multiplications = batch * perInput * product(inSpatial);
      const { landing, reached } = transposeLanding(spec, inputShape);
      const outputs = batch * spec.outChannels * product(outSpatial);
      const names = axisNames(spec.dims);
      const inSym = names.map((n) => `${n}_in`);
      const nPrefix = batch !== 1 ? { latex: 'N \\cdot ', text: 'N·', num: `${batch}·`, numLatex: `${latexNumber(batch)} \\cdot ` } : { latex: '', text: '', num: '', numLatex: '' };
      const k = kernelTerm(spec.dims, w.kernel);
      const cout = spec.groups === 1 ? 'C_out' : '(C_out/G)';
      const coutLatex = spec.groups === 1 ? 'C_\\text{out}' : '\\frac{C_\\text{out}}{G}';
      const o = outputTerm(batch, 'out', spec.outChannels, spec.dims, outSpatial);
      const items: Line[] = [
        {
          label: 'mult',
          symbolic: {
            latex: `${nPrefix.latex}C_\\text{in} \\cdot ${coutLatex} \\cdot ${k.symbolic.latex} \\cdot ${names.map((n) => `${n}_\\text{in}`).join(' \\cdot ')}`,
            text: `${nPrefix.text}C_in · ${cout} · ${k.symbolic.text} · ${inSym.join('·')}`,
          },
          numbers: {
            latex: `${nPrefix.numLatex}${latexNumber(spec.inChannels)} \\cdot ${latexNumber(spec.outChannels / spec.groups)} \\cdot ${k.numbers.latex} \\cdot ${inSpatial.map(latexNumber).join(' \\cdot ')}`,
            text: `${nPrefix.num}${textNumber(spec.inChannels)} · ${textNumber(spec.outChannels / spec.groups)} · ${k.numbers.text} · ${inSpatial.map(textNumber).join('·')}`,
          },
          value: multiplications,
        },
        {
          label: 'add',
          symbolic: { latex: '\\text{products landing in the output} - \\text{output values reached}', text: 'products landing in the output − output values reached' },
          numbers: { latex: `${latexNumber(landing)} - ${latexNumber(reached)}`, text: `${textNumber(landing)} − ${textNumber(reached)}` },
          value: landing - reached,
        },
      ];
      if (spec.bias) items.push({ label: 'bias add', symbolic: o.symbolic, numbers: o.numbers, value: outputs });
      return {
        multiplications,
        additions: landing - reached,
        biasAdditions: spec.bias ? outputs : 0,
        macs: multiplications,
        formula: lines(items),
      };
    }
    case 'max_pool':
    case 'avg_pool': {
      const w = resolveWindow(spec);
      const batch = batchOf(spec.dims, inputShape);
      const channels = inputShape[inputShape.length - spec.dims - 1];
      const outSpatial = out.slice(-spec.dims);
      const outputs = batch * channels * product(outSpatial);
      const taps = product(w.kernel);
      const o = outputTerm(batch, '', channels, spec.dims, outSpatial);
      const k = kernelTerm(spec.dims, w.kernel);
      // Counted per full window (∏k taps), the way conv counts padded taps.
      const line: Line = {
        label: spec.kind === 'max_pool' ? 'comparisons' : 'add',
        symbolic: { latex: `${o.symbolic.latex} \\cdot (${k.symbolic.latex} - 1)`, text: `${o.symbolic.text} · (${k.symbolic.text} − 1)` },
        numbers: { latex: `${o.numbers.latex} \\cdot (${latexNumber(taps)} - 1)`, text: `${o.numbers.text} · (${textNumber(taps)} − 1)` },
        value: outputs * (taps - 1),
      };
      if (spec.kind === 'max_pool') return zero(lines([line]), { comparisons: outputs * (taps - 1) });
      const div: Line = { label: 'div', symbolic: o.symbolic, numbers: o.numbers, value: outputs };
      return { ...zero(lines([line, div])), additions: outputs * (taps - 1), divisions: outputs };
    }
    case 'adaptive_avg_pool': {
      const dims = spec.dims;
      const inSpatial = inputShape.slice(-dims);
      const outSpatial = out.slice(-dims);
      const planes = numel(inputShape.slice(0, inputShape.length - dims));
      // PyTorch's window for output o of O over I: [⌊o·I/O⌋, ⌈(o+1)·I/O⌉).
      const covered = inSpatial.map((i, a) => {
        let sum = 0;
        for (let o = 0; o < outSpatial[a]; o++) sum += Math.ceil(((o + 1) * i) / outSpatial[a]) - Math.floor((o * i) / outSpatial[a]);
        return sum;
      });
      const additions = planes * (product(covered) - product(outSpatial));
      const outputs = planes * product(outSpatial);
      return {
        ...zero(
          lines([
            {
              label: 'add',
              symbolic: { latex: '\\sum_\\text{windows} (\\text{window size} - 1)', text: 'Σ over windows (window size − 1)' },
              numbers: { latex: `${latexNumber(planes)} \\cdot (${covered.map(latexNumber).join(' \\cdot ')} - ${outSpatial.map(latexNumber).join(' \\cdot ')})`, text: `${textNumber(planes)} · (${covered.map(textNumber).join('·')} − ${outSpatial.map(textNumber).join('·')})` },
              value: additions,
            },
            { label: 'div', symbolic: { latex: '\\text{numel(output)}', text: 'numel(output)' }, numbers: { latex: latexNumber(outputs), text: textNumber(outputs) }, value: outputs },
          ]),
        ),
        additions,
        divisions: outputs,
      };
    }
    case 'batch_norm': {
      // Inference: the statistics fold into one scale and one shift per channel, so each value costs
      // one multiplication and one addition (with or without affine).
      const values = numel(inputShape);
      const shape = { latex: inputShape.map(latexNumber).join(' \\cdot '), text: inputShape.map(textNumber).join('·') };
      return {
        multiplications: values,
        additions: values,
        biasAdditions: 0,
        macs: values,
        formula: lines([
          { label: 'mult', symbolic: { latex: '\\text{numel}(x)', text: 'numel(x)' }, numbers: shape, value: values },
          { label: 'add', symbolic: { latex: '\\text{numel}(x)', text: 'numel(x)' }, numbers: shape, value: values },
        ]),
      };
    }
    case 'linear': {
      const rows = numel(inputShape) / spec.inFeatures;
      const rowSym = rows === 1 ? { latex: '', text: '' } : { latex: `${latexNumber(rows)} \\cdot `, text: `${textNumber(rows)}·` };
      const items: Line[] = [
        {
          label: 'mult',
          symbolic: { latex: `${rows === 1 ? '' : '\\text{rows} \\cdot '}\\text{in} \\cdot \\text{out}`, text: `${rows === 1 ? '' : 'rows·'}in·out` },
          numbers: { latex: `${rowSym.latex}${latexNumber(spec.inFeatures)} \\cdot ${latexNumber(spec.outFeatures)}`, text: `${rowSym.text}${textNumber(spec.inFeatures)}·${textNumber(spec.outFeatures)}` },
          value: rows * spec.inFeatures * spec.outFeatures,
        },
        {
          label: 'add',
          symbolic: { latex: `${rows === 1 ? '' : '\\text{rows} \\cdot '}(\\text{in} - 1) \\cdot \\text{out}`, text: `${rows === 1 ? '' : 'rows·'}(in − 1)·out` },
          numbers: { latex: `${rowSym.latex}(${latexNumber(spec.inFeatures)} - 1) \\cdot ${latexNumber(spec.outFeatures)}`, text: `${rowSym.text}(${textNumber(spec.inFeatures)} − 1)·${textNumber(spec.outFeatures)}` },
          value: rows * (spec.inFeatures - 1) * spec.outFeatures,
        },
      ];
      if (spec.bias) {
        items.push({
          label: 'bias add',
          symbolic: { latex: `${rows === 1 ? '' : '\\text{rows} \\cdot '}\\text{out}`, text: `${rows === 1 ? '' : 'rows·'}out` },
          numbers: { latex: `${rowSym.latex}${latexNumber(spec.outFeatures)}`, text: `${rowSym.text}${textNumber(spec.outFeatures)}` },
          value: rows * spec.outFeatures,
        });
      }
      return {
        multiplications: rows * spec.inFeatures * spec.outFeatures,
        additions: rows * (spec.inFeatures - 1) * spec.outFeatures,
        biasAdditions: spec.bias ? rows * spec.outFeatures : 0,
        macs: rows * spec.inFeatures * spec.outFeatures,
        formula: lines(items),
        macsPerOutputPosition: spec.inFeatures * spec.outFeatures,
      };
    }
    case 'relu': {
      const values = numel(inputShape);
      return zero({ latex: `\\text{comparisons} = \\text{numel}(x) = ${latexNumber(values)}`, text: `comparisons = numel(x) = ${textNumber(values)}` }, { comparisons: values });
    }
    case 'sigmoid':
      return zero({ latex: '\\text{one exp and one division per value, not counted as FLOPs}', text: 'one exp and one division per value, not counted as FLOPs' });
    case 'dropout':
      return zero({ latex: '0 \\text{ (identity at inference)}', text: '0 (identity at inference)' });
    case 'flatten':
    case 'identity':
      return zero({ latex: '0', text: '0 (no arithmetic)' });
  }
}
