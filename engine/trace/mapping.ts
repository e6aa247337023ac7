// Which cells connect to which, for hover highlighting: the outputs whose window reads an input
// cell, the real input cells an output reads (padding resolved through padding.sourceIndex), and
// the input cells no window ever reads. Sliding windows are separable, so everything is worked
// out per axis and combined as a Cartesian product.
//
// conv_transpose is answered in its own terms: the outputs an input cell stamps (scatter), and the
// input cells whose stamps reach an output.

import type { WindowConfig } from '../../contract';
import { sourceIndex } from '../padding';
import { uncoveredInputIndices } from '../shapes';
import { cartesian, checkIndex } from './grid';

/** Conv with reflect/replicate/circular padding reads real cells through its padding too. */
function padsCopyInput(config: WindowConfig): boolean {
  return config.kind === 'conv' && config.paddingMode !== 'zeros';
}

function sortedUnique(values: Iterable<number>): number[] {
  return [...new Set(values)].sort((x, y) => x - y);
}

/** Outputs along axis a that read input index i (for conv_transpose: that i stamps). */
export function axisOutputsReading(config: WindowConfig, a: number, i: number): number[] {
  const k = config.kernelSize[a];
  const s = config.stride[a];
  const d = config.dilation[a];
  const outSize = config.outputSize[a];
  const found: number[] = [];
  if (config.kind === 'conv_transpose') {
    for (let t = 0; t < k; t++) {
      const o = i * s - config.padBefore[a] + t * d;
      if (o >= 0 && o < outSize) found.push(o);
    }
    return sortedUnique(found);
  }
  const size = config.inputSize[a];
  // Padded positions that hold input i: i itself, plus the padding cells copying it.
  const positions = [i];
  if (padsCopyInput(config)) {
    for (let p = -config.padBefore[a]; p < size + config.padAfter[a]; p++) {
      if ((p < 0 || p >= size) && sourceIndex(p, size, config.paddingMode) === i) positions.push(p);
    }
  }
  for (const p of positions) {
    for (let t = 0; t < k; t++) {
      const q = p + config.padBefore[a] - t * d;
      if (q >= 0 && q % s === 0 && q / s < outSize) found.push(q / s);
    }
  }
  return sortedUnique(found);
}

/** Real input indices along axis a that output o reads (padding resolved to its source, zeros dropped). */
export function axisInputsReadBy(config: WindowConfig, a: number, o: number): number[] {
  const k = config.kernelSize[a];
  const s = config.stride[a];
  const d = config.dilation[a];
  const size = config.inputSize[a];
  const found: number[] = [];
  for (let t = 0; t < k; t++) {
    if (config.kind === 'conv_transpose') {
      const q = o + config.padBefore[a] - t * d;
      if (q >= 0 && q % s === 0 && q / s < size) found.push(q / s);
      continue;
    }
    const p = o * s - config.padBefore[a] + t * d;
    if (p >= 0 && p < size) found.push(p);
    else if (padsCopyInput(config)) {
      const src = sourceIndex(p, size, config.paddingMode);
      if (src !== null) found.push(src);
    }
  }
  return sortedUnique(found);
}

/** Every output cell whose window reads input cell `inputIndex` (conv_transpose: every cell it feeds). */
export function outputsReading(config: WindowConfig, inputIndex: number[]): number[][] {
  checkIndex(inputIndex, config.inputSize, 'input');
  return cartesian(inputIndex.map((i, a) => axisOutputsReading(config, a, i)));
}

/** Every real input cell that output cell `outputIndex` reads. */
export function inputsReadBy(config: WindowConfig, outputIndex: number[]): number[][] {
  checkIndex(outputIndex, config.outputSize, 'output');
  return cartesian(outputIndex.map((o, a) => axisInputsReadBy(config, a, o)));
}

/**
 * Per axis, the input indices no output reads. For conv and pooling: the tail past the last window
 * (shapes.uncoveredInputIndices; a reflect/replicate/circular pad may still copy some of it), plus
 * the gaps between windows when the stride outruns the (dilated) kernel. For conv_transpose: cells
 * whose every stamp falls in the cropped border.
 */
export function uncoveredCells(config: WindowConfig): number[][] {
  return config.inputSize.map((size, a) => {
    const unread = (i: number): boolean => axisOutputsReading(config, a, i).length === 0;
    if (config.kind === 'conv_transpose') return Array.from({ length: size }, (_, i) => i).filter(unread);
    const tail = uncoveredInputIndices(size, config.kernelSize[a], config.stride[a], config.padBefore[a], config.dilation[a], config.outputSize[a]);
    const tailStart = tail.length > 0 ? tail[0] : size;
    const gaps = Array.from({ length: tailStart }, (_, i) => i).filter(unread);
    return [...gaps, ...(padsCopyInput(config) ? tail.filter(unread) : tail)];
  });
}
