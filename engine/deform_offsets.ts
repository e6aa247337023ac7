// Demo offset fields for deformable conv, in torchvision's layout (1, 2·G·kh·kw, H_out, W_out):
// channel 2t is Δy and 2t+1 is Δx of tap t (row-major taps) within each offset group. They make
// the classic pictures: a shifted grid, a rotated grid, a dilated/shrunk grid, and noise.

import { valueError } from './errors';
import { Rng } from './random';
import { perAxis } from './shapes';
import { makeTensor, type Tensor } from './tensor';

function positiveInts(value: number | readonly number[], name: string, allowZero = false): [number, number] {
  const pair = perAxis(value, 2);
  if (pair.length !== 2) throw valueError(`${name} must be an int or a pair of ints, got ${pair.length} values`, name);
  for (const v of pair) {
    if (!Number.isInteger(v) || v < (allowZero ? 0 : 1)) throw valueError(`${name} must be ${allowZero ? 'non-negative' : 'positive'} integers, got (${pair.join(', ')})`, name);
  }
  return [pair[0], pair[1]];
}

function finite(value: number, name: string): void {
  if (!Number.isFinite(value)) throw valueError(`${name} must be a finite number, got ${value}`, name);
}

/**
 * An offset tensor whose every output position gets the same per-tap (Δy, Δx), given by `tapOffset`
 * for tap (i, j), repeated for each offset group.
 */
function perTapOffsets(
  kernelSize: number | readonly number[],
  outputSize: number | readonly number[],
  offsetGroups: number,
  tapOffset: (i: number, j: number) => [number, number],
): Tensor {
  const [kh, kw] = positiveInts(kernelSize, 'kernel_size');
  const [outH, outW] = positiveInts(outputSize, 'output_size', true);
  if (!Number.isInteger(offsetGroups) || offsetGroups < 1) throw valueError(`offset_groups must be a positive integer, got ${offsetGroups}`, 'offset_groups');
  const taps = kh * kw;
  const plane = outH * outW;
  const t = makeTensor([1, 2 * offsetGroups * taps, outH, outW]);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const [rawDy, rawDx] = tapOffset(i, j);
      // (scale − 1)·0 is −0; store +0 so an untouched tap reads as exactly zero.
      const dy = rawDy + 0;
      const dx = rawDx + 0;
      const tap = i * kw + j;
      for (let g = 0; g < offsetGroups; g++) {
        const channel = 2 * (g * taps + tap);
        t.data.fill(dy, channel * plane, (channel + 1) * plane);
        t.data.fill(dx, (channel + 1) * plane, (channel + 2) * plane);
      }
    }
  }
  return t;
}

/** Every tap moved by the same (dy, dx): deformable conv then equals a conv on a shifted input. */
export function constantShiftOffsets(kernelSize: number | number[], outputSize: number | number[], dy: number, dx: number, offsetGroups = 1): Tensor {
  finite(dy, 'dy');
  finite(dx, 'dx');
  return perTapOffsets(kernelSize, outputSize, offsetGroups, () => [dy, dx]);
}

/** Tap (i, j)'s position relative to the kernel centre, in input cells (dilation included). */
function fromCentre(i: number, j: number, kh: number, kw: number, dh: number, dw: number): [number, number] {
  return [(i - (kh - 1) / 2) * dh, (j - (kw - 1) / 2) * dw];
}

/** sin and cos of an angle in degrees, exact at multiples of 90° so quarter turns land on the grid. */
function sinCos(degrees: number): [number, number] {
  const turn = ((degrees % 360) + 360) % 360;
  if (turn === 0) return [0, 1];
  if (turn === 90) return [1, 0];
  if (turn === 180) return [0, -1];
  if (turn === 270) return [-1, 0];
  const radians = (degrees * Math.PI) / 180;
  return [Math.sin(radians), Math.cos(radians)];
}

/**
 * The sampling grid rotated about the kernel centre by angleDegrees. Rows grow downwards, so a
 * positive angle turns the grid clockwise on screen: at 90° tap (0, 0) samples where tap (0, kw−1) sat.
 */
export function rotationOffsets(
  kernelSize: number | number[],
  dilation: number | number[],
  outputSize: number | number[],
  angleDegrees: number,
  offsetGroups = 1,
): Tensor {
  finite(angleDegrees, 'angle');
  const [kh, kw] = positiveInts(kernelSize, 'kernel_size');
  const [dh, dw] = positiveInts(dilation, 'dilation');
  const [sin, cos] = sinCos(angleDegrees);
  return perTapOffsets(kernelSize, outputSize, offsetGroups, (i, j) => {
    const [ry, rx] = fromCentre(i, j, kh, kw, dh, dw);
    const y = rx * sin + ry * cos;
    const x = rx * cos - ry * sin;
    return [y - ry, x - rx];
  });
}

/** The sampling grid scaled about the kernel centre: scale 2 samples twice as far apart (like dilation 2). */
export function scalingOffsets(kernelSize: number | number[], dilation: number | number[], outputSize: number | number[], scale: number, offsetGroups = 1): Tensor {
  finite(scale, 'scale');
  const [kh, kw] = positiveInts(kernelSize, 'kernel_size');
  const [dh, dw] = positiveInts(dilation, 'dilation');
  return perTapOffsets(kernelSize, outputSize, offsetGroups, (i, j) => {
    const [ry, rx] = fromCentre(i, j, kh, kw, dh, dw);
    return [(scale - 1) * ry, (scale - 1) * rx];
  });
}

/** Independent offsets, uniform in [−amplitude, amplitude), for every group, tap and output position. */
export function randomOffsets(kernelSize: number | number[], outputSize: number | number[], amplitude: number, seed: number, offsetGroups = 1): Tensor {
  finite(amplitude, 'amplitude');
  if (amplitude < 0) throw valueError(`amplitude must be non-negative, got ${amplitude}`, 'amplitude');
  const t = perTapOffsets(kernelSize, outputSize, offsetGroups, () => [0, 0]);
  const rng = new Rng(seed);
  for (let i = 0; i < t.data.length; i++) t.data[i] = amplitude * (2 * rng.uniform() - 1);
  return t;
}
