// The sweep draws every op on a 2-D board. A 1-D op (conv1d, pooling over L) becomes one row:
// its axis is the column axis and a unit row axis is put in front. Traces are still asked for in
// the op's own dimensionality; these helpers convert indices both ways.

import type { WindowConfig } from '../../../contract';

export interface Board {
  /** 1 or 2: the op's spatial rank. */
  dims: number;
  /** The config with a unit leading axis for 1-D ops. */
  config2: WindowConfig;
}

export function boardOf(config: WindowConfig): Board {
  const dims = config.inputSize.length;
  if (dims === 2) return { dims, config2: config };
  const one = (v: number[], fill: number) => [fill, ...v];
  return {
    dims,
    config2: {
      ...config,
      inputSize: one(config.inputSize, 1),
      kernelSize: one(config.kernelSize, 1),
      stride: one(config.stride, 1),
      dilation: one(config.dilation, 1),
      padBefore: one(config.padBefore, 0),
      padAfter: one(config.padAfter, 0),
      outputPadding: one(config.outputPadding, 0),
      outputSize: one(config.outputSize, 1),
    },
  };
}

/** An op index (1 or 2 axes) as [row, col]. */
export function to2(board: Board, index: readonly number[]): [number, number] {
  return board.dims === 1 ? [0, index[0]] : [index[0], index[1]];
}

/** [row, col] back to the op's own index. */
export function from2(board: Board, rc: readonly number[]): number[] {
  return board.dims === 1 ? [rc[1]] : [rc[0], rc[1]];
}

/** Row-major frame number ↔ [row, col] over a rows × cols box. */
export function frameToCell(frame: number, cols: number): [number, number] {
  return [Math.floor(frame / cols), frame % cols];
}
