// One validator per MIME type, run by mountOutput before any view sees the payload: types, the
// lengths other fields fix, and the limits (./limits) that keep drawing and animating bounded.
// A payload that passes is one the views can draw; one that fails gets a message naming the field.

import { MIME } from '../../contract';
import { at, expectLength, fail, finite, int, ints, list, optional, product, record, text, texts, value, values } from './checks';
import {
  DEFORM_BOARD_MARGIN,
  MAX_AXIS,
  MAX_DEFORM_CELLS,
  MAX_DEFORM_SAMPLES,
  MAX_DEFORM_TAPS,
  MAX_DOWNSAMPLE,
  MAX_FULL_DATA,
  MAX_PLANE_VALUES,
  MAX_PLANES,
  MAX_RANK,
  MAX_TENSOR_VALUES,
} from './limits';
import { comparisonPayload, formulaPayload, receptiveFieldPayload, summaryPayload } from './tables';
import { checkSweepWork, windowConfig } from './window';

const SAFE = Number.MAX_SAFE_INTEGER;

export function tensorPayload(v: unknown): void {
  const p = record(v, '');
  optional(p, 'name', '', text);
  const shape = ints(p.shape, 'shape', MAX_RANK, 0, SAFE);
  const planes = list(p.planes, 'planes', MAX_PLANES);
  let total = 0;
  planes.forEach((raw, i) => {
    const path = at('planes', i);
    const plane = record(raw, path);
    ints(plane.index, at(path, 'index'), MAX_RANK, 0, SAFE);
    const height = int(plane.height, at(path, 'height'), 0, MAX_PLANE_VALUES);
    const width = int(plane.width, at(path, 'width'), 0, MAX_PLANE_VALUES);
    if (height * width > MAX_PLANE_VALUES) fail(path, `is ${height}×${width} = ${height * width} values, above the limit ${MAX_PLANE_VALUES}`);
    const data = values(plane.data, at(path, 'data'), MAX_PLANE_VALUES);
    expectLength(data, at(path, 'data'), height * width, `height × width = ${height}×${width}`);
    total += data.length;
    if (total > MAX_TENSOR_VALUES) fail('planes', `hold more than ${MAX_TENSOR_VALUES} values in all, the limit`);
  });
  int(p.downsample, 'downsample', 1, MAX_DOWNSAMPLE);
  int(p.planesTotal, 'planesTotal', planes.length, SAFE);
  finite(p.min, 'min');
  finite(p.max, 'max');
  const data = optional(p, 'data', '', (d, path) => values(d, path, MAX_FULL_DATA));
  if (data) expectLength(data, 'data', product(shape), `shape [${shape.join(', ')}]`);
  texts(p.notes, 'notes');
}

/** Input planes (one per channel) of `size`, as the sweep and deform views index them. */
function planesOf(v: unknown, path: string, size: number, because: string): number[][] {
  const planes = list(v, path, MAX_PLANES);
  if (planes.length * size > MAX_TENSOR_VALUES) fail(path, `hold ${planes.length}×${size} values, above the limit ${MAX_TENSOR_VALUES}`);
  planes.forEach((plane, i) => expectLength(values(plane, at(path, i), MAX_PLANE_VALUES), at(path, i), size, because));
  return planes as number[][];
}

export function sweepPayload(v: unknown): void {
  const p = record(v, '');
  text(p.title, 'title');
  const config = windowConfig(p.config, 'config');
  const sizes = (key: 'inputSize' | 'kernelSize' | 'outputSize') => `config.${key} ${config[key].join('×')}`;
  const inputPlanes = optional(p, 'inputPlanes', '', (x, path) => planesOf(x, path, product(config.inputSize), sizes('inputSize')));
  if (p.weightPlanes !== undefined && config.kind !== 'conv' && config.kind !== 'conv_transpose') fail('weightPlanes', `are given, but ${config.kind} has no weights`);
  const weightPlanes = optional(p, 'weightPlanes', '', (x, path) => planesOf(x, path, product(config.kernelSize), sizes('kernelSize')));
  if (weightPlanes) {
    if (weightPlanes.length !== (inputPlanes?.length ?? 0)) fail('weightPlanes', `holds ${weightPlanes.length} planes, but inputPlanes holds ${inputPlanes?.length ?? 0}; one kernel plane goes with each input plane`);
  }
  // A NaN bias is stored as null (JSON).
  if (p.bias !== null) optional(p, 'bias', '', value);
  optional(p, 'output', '', (x, path) => expectLength(values(x, path, MAX_PLANE_VALUES), path, product(config.outputSize), sizes('outputSize')));
  texts(p.notes, 'notes');
  optional(p, 'formula', '', formulaPayload);
  checkSweepWork(config, Math.max(1, inputPlanes?.length ?? 0), 'config');
}

export function deformPayload(v: unknown): void {
  const p = record(v, '');
  text(p.title, 'title');
  const config = windowConfig(p.config, 'config');
  if (config.kind !== 'conv') fail('config.kind', `is "${config.kind}", but deformable conv is a conv`);
  if (config.inputSize.length !== 2) fail('config.inputSize', `has ${config.inputSize.length} axes; the deform view draws 2-D convs`);
  const taps = product(config.kernelSize);
  if (taps > MAX_DEFORM_TAPS) fail('config.kernelSize', `has ${taps} taps, above the limit ${MAX_DEFORM_TAPS}`);
  const positions = product(config.outputSize);
  if (taps * positions > MAX_DEFORM_SAMPLES) fail('config', `has ${taps} taps at ${positions} output positions, above the limit ${MAX_DEFORM_SAMPLES} samples`);
  // The board: the padded input and a margin for samples that fly out; beside it the offset field.
  const spans = config.inputSize.map((size, a) => size + config.padBefore[a] + config.padAfter[a] + 2 * DEFORM_BOARD_MARGIN);
  spans.forEach((span, a) => {
    if (span > MAX_AXIS) fail(at('config.inputSize', a), `with its padding makes the board ${span} cells long, above the limit ${MAX_AXIS}`);
  });
  const cells = product(spans) + positions;
  if (cells > MAX_DEFORM_CELLS) fail('config', `makes the deform view draw ${cells} cells, above the limit ${MAX_DEFORM_CELLS}`);
  optional(p, 'input', '', (x, path) => expectLength(values(x, path, MAX_PLANE_VALUES), path, product(config.inputSize), `config.inputSize ${config.inputSize.join('×')}`));
  expectLength(values(p.offset, 'offset', 2 * MAX_DEFORM_SAMPLES), 'offset', 2 * taps * positions, `2 · kernel taps ${taps} · output positions ${positions}`);
  optional(p, 'mask', '', (x, path) => expectLength(values(x, path, MAX_DEFORM_SAMPLES), path, taps * positions, `kernel taps ${taps} · output positions ${positions}`));
  const selected = list(p.selected, 'selected', 2);
  expectLength(selected, 'selected', 2, 'a 2-D output position');
  selected.forEach((x, a) => int(x, at('selected', a), 0, config.outputSize[a] - 1));
  texts(p.notes, 'notes');
}

const VALIDATORS: Record<string, (payload: unknown) => void> = {
  [MIME.tensor]: tensorPayload,
  [MIME.sweep]: sweepPayload,
  [MIME.deform]: deformPayload,
  [MIME.formula]: (v) => formulaPayload(v, ''),
  [MIME.receptiveField]: (v) => receptiveFieldPayload(v, ''),
  [MIME.comparison]: (v) => comparisonPayload(v, ''),
  [MIME.summary]: summaryPayload,
};

/** Throws an InvalidPayload (a PayloadError) when `payload` is not one the view for `mime` can draw in bounded time. */
export function validatePayload(mime: string, payload: unknown): void {
  VALIDATORS[mime]?.(payload);
}
