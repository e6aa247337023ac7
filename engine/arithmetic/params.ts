// Learnable parameter counts of a layer, weights and bias apart, with the formula that gives them.
// These are numel() of the module's parameters: buffers such as BatchNorm's running statistics are
// not parameters and are not counted (torchinfo and PyTorch's parameters() agree).

import type { Formula, ParamCount } from '../../contract';
import type { LayerSpec } from '../layer';
import { latexNumber, product, textNumber } from './format';
import { axisNames, resolveWindow } from './spec_shape';

function kernelSymbols(dims: number): Formula {
  const names = axisNames(dims);
  return { latex: names.map((n) => `k_${n}`).join(' '), text: names.map((n) => `k_${n}`).join('·') };
}

function kernelNumbers(kernel: number[]): Formula {
  return { latex: kernel.map(latexNumber).join(' \\cdot '), text: kernel.map(textNumber).join('·') };
}

function count(weights: number, bias: number, symbolic: Formula, numbers: Formula): ParamCount {
  const total = weights + bias;
  return {
    weights,
    bias,
    total,
    formula: { latex: `${symbolic.latex} = ${numbers.latex} = ${latexNumber(total)}`, text: `${symbolic.text} = ${numbers.text} = ${textNumber(total)}` },
  };
}

/** Parameter count of one layer. Window layers are validated first (groups must divide the channels). */
export function paramCount(spec: LayerSpec): ParamCount {
  switch (spec.kind) {
    case 'conv':
    case 'deform_conv':
    case 'conv_transpose': {
      const kernel = resolveWindow(spec).kernel;
      const g = spec.groups;
      const transposed = spec.kind === 'conv_transpose';
      // Conv weight: (C_out, C_in/G, k...); transposed weight: (C_in, C_out/G, k...).
      const [lead, split] = transposed ? ([spec.inChannels, spec.outChannels] as const) : ([spec.outChannels, spec.inChannels] as const);
      const weights = lead * (split / g) * product(kernel);
      const bias = spec.bias ? spec.outChannels : 0;
      const [leadSym, splitSym] = transposed ? ['in', 'out'] : ['out', 'in'];
      const ks = kernelSymbols(spec.dims);
      const kn = kernelNumbers(kernel);
      const splitLatex = g === 1 ? `C_\\text{${splitSym}}` : `\\frac{C_\\text{${splitSym}}}{G}`;
      const splitText = g === 1 ? `C_${splitSym}` : `C_${splitSym}/G`;
      const splitNumLatex = g === 1 ? latexNumber(split) : `\\frac{${latexNumber(split)}}{${latexNumber(g)}}`;
      const splitNumText = g === 1 ? textNumber(split) : `${textNumber(split)}/${textNumber(g)}`;
      const biasSym = spec.bias ? { latex: ' + C_\\text{out}', text: ' + C_out' } : { latex: '', text: '' };
      const biasNum = spec.bias ? { latex: ` + ${latexNumber(bias)}`, text: ` + ${textNumber(bias)}` } : { latex: '', text: '' };
      return count(
        weights,
        bias,
        {
          latex: `C_\\text{${leadSym}} \\cdot ${splitLatex} \\cdot ${ks.latex}${biasSym.latex}`,
          text: `C_${leadSym} · ${splitText} · ${ks.text}${biasSym.text}`,
        },
        {
          latex: `${latexNumber(lead)} \\cdot ${splitNumLatex} \\cdot ${kn.latex}${biasNum.latex}`,
          text: `${textNumber(lead)} · ${splitNumText} · ${kn.text}${biasNum.text}`,
        },
      );
    }
    case 'batch_norm': {
      if (!spec.affine) return { weights: 0, bias: 0, total: 0, formula: { latex: '\\text{affine=False: } 0', text: 'affine=False: 0' } };
      const c = spec.numFeatures;
      // γ (weight) and β (bias), one each per channel.
      return count(c, c, { latex: '2 \\cdot C', text: '2·C' }, { latex: `2 \\cdot ${latexNumber(c)}`, text: `2·${textNumber(c)}` });
    }
    case 'linear': {
      const weights = spec.inFeatures * spec.outFeatures;
      const bias = spec.bias ? spec.outFeatures : 0;
      const biasSym = spec.bias ? { latex: ' + \\text{out}', text: ' + out' } : { latex: '', text: '' };
      const biasNum = spec.bias ? { latex: ` + ${latexNumber(bias)}`, text: ` + ${textNumber(bias)}` } : { latex: '', text: '' };
      return count(
        weights,
        bias,
        { latex: `\\text{in} \\cdot \\text{out}${biasSym.latex}`, text: `in · out${biasSym.text}` },
        {
          latex: `${latexNumber(spec.inFeatures)} \\cdot ${latexNumber(spec.outFeatures)}${biasNum.latex}`,
          text: `${textNumber(spec.inFeatures)} · ${textNumber(spec.outFeatures)}${biasNum.text}`,
        },
      );
    }
    case 'max_pool':
    case 'avg_pool':
      resolveWindow(spec);
      return { weights: 0, bias: 0, total: 0, formula: { latex: '0', text: '0 (no parameters)' } };
    default:
      return { weights: 0, bias: 0, total: 0, formula: { latex: '0', text: '0 (no parameters)' } };
  }
}
