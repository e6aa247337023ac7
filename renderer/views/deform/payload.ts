// The deformable-conv payload as the renderer trusts it: a 2-D config, offsets (and a mask) of
// the sizes the config implies, and the selected output location.

import type { DeformPayload, WindowConfig } from '../../../contract';
import { PayloadError, asString, asStrings, isNumberArray, isRecord } from '../../view';

export function parseDeform(raw: unknown): DeformPayload {
  if (!isRecord(raw) || !isRecord(raw.config)) throw new PayloadError('the deformable-conv output has no config');
  const config = raw.config as unknown as WindowConfig;
  for (const k of ['inputSize', 'kernelSize', 'stride', 'dilation', 'padBefore', 'padAfter', 'outputSize'] as const) {
    if (!isNumberArray(config[k]) || config[k].length !== 2) throw new PayloadError(`the deformable-conv config needs 2-D ${k}`);
  }
  if (!isNumberArray(raw.offset)) throw new PayloadError('the deformable-conv output has no offsets');
  const [kh, kw] = config.kernelSize;
  const plane = config.outputSize[0] * config.outputSize[1];
  if (raw.offset.length !== 2 * kh * kw * plane) throw new PayloadError(`offsets hold ${raw.offset.length} values, expected 2·${kh}·${kw}·${plane}`);
  const mask = isNumberArray(raw.mask) ? raw.mask : undefined;
  if (mask && mask.length !== kh * kw * plane) throw new PayloadError(`the mask holds ${mask.length} values, expected ${kh}·${kw}·${plane}`);
  const input = isNumberArray(raw.input) && raw.input.length === config.inputSize[0] * config.inputSize[1] ? raw.input : undefined;
  const selected = isNumberArray(raw.selected) && raw.selected.length === 2 ? raw.selected : [0, 0];
  return { title: asString(raw.title, 'deformable conv'), config, input, offset: raw.offset, mask, selected, notes: asStrings(raw.notes) };
}
