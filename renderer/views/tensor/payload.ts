// The tensor payload as the renderer trusts it (each plane's data matching its size), and the
// little facts about planes the other parts share.

import type { TensorPayload, TensorPlane } from '../../../contract';
import { PayloadError, asStrings, isNumberArray, isRecord } from '../../view';

export function planeRange(p: TensorPlane): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of p.data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** A plane's leading indices, "(n, c)", or '' for a lone plane. */
export function planeLabel(p: TensorPlane): string {
  return p.index.length ? `(${p.index.join(', ')})` : '';
}

export function parseTensorPayload(payload: unknown): TensorPayload {
  if (!isRecord(payload)) throw new PayloadError('the tensor output is not an object');
  const planes: TensorPlane[] = [];
  if (!Array.isArray(payload.planes)) throw new PayloadError('the tensor output has no planes');
  for (const p of payload.planes) {
    if (!isRecord(p) || !isNumberArray(p.data) || typeof p.height !== 'number' || typeof p.width !== 'number') throw new PayloadError('a tensor plane is malformed');
    if (p.data.length !== p.height * p.width) throw new PayloadError(`a tensor plane holds ${p.data.length} values for ${p.height}×${p.width}`);
    planes.push({ index: isNumberArray(p.index) ? p.index : [], height: p.height, width: p.width, data: p.data });
  }
  return {
    name: typeof payload.name === 'string' ? payload.name : undefined,
    shape: isNumberArray(payload.shape) ? payload.shape : [],
    planes,
    downsample: typeof payload.downsample === 'number' && payload.downsample >= 1 ? payload.downsample : 1,
    planesTotal: typeof payload.planesTotal === 'number' ? payload.planesTotal : planes.length,
    min: typeof payload.min === 'number' ? payload.min : Math.min(...planes.map((p) => planeRange(p)[0])),
    max: typeof payload.max === 'number' ? payload.max : Math.max(...planes.map((p) => planeRange(p)[1])),
    notes: asStrings(payload.notes),
  };
}
