// One output position of a deformable conv, tap by tap: where the regular grid would sample, the
// learned offset, the fractional point actually sampled, its four bilinear neighbours with their
// weights (bilinear.ts, the same rule deform.ts computes with), the mask, and the sampled value.

import type { DeformTapTrace, DeformTrace, WindowConfig } from '../../contract';
import { bilinearSample, bilinearTerms } from '../bilinear';
import { valueError } from '../errors';
import { checkIndex } from './grid';

/**
 * config: the underlying regular conv (2 spatial axes). offset: one offset group in torchvision's
 * layout, flattened [2·kh·kw][H_out·W_out] (channel 2t = Δy, 2t+1 = Δx of tap t); mask: the same
 * group's [kh·kw][H_out·W_out], or undefined for all ones; input: one channel plane, optional.
 */
export function traceDeform(config: WindowConfig, offset: number[], mask: number[] | undefined, output: number[], input?: number[]): DeformTrace {
  if (config.inputSize.length !== 2) throw valueError(`traceDeform: deformable conv has 2 spatial axes, got ${config.inputSize.length}`, 'config');
  checkIndex(output, config.outputSize, 'output');
  const [height, width] = config.inputSize;
  const [kh, kw] = config.kernelSize;
  const [outH, outW] = config.outputSize;
  const plane = outH * outW;
  const taps = kh * kw;
  if (offset.length !== 2 * taps * plane) throw valueError(`traceDeform: offset has ${offset.length} values, expected 2·${taps}·${plane} = ${2 * taps * plane}`, 'offset');
  if (mask && mask.length !== taps * plane) throw valueError(`traceDeform: mask has ${mask.length} values, expected ${taps}·${plane} = ${taps * plane}`, 'mask');
  if (input && input.length !== height * width) throw valueError(`traceDeform: input plane has ${input.length} values, expected ${height * width}`, 'input');
  const [oy, ox] = output;
  const p = oy * outW + ox;
  const traces: DeformTapTrace[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const t = i * kw + j;
      const regular = [oy * config.stride[0] - config.padBefore[0] + i * config.dilation[0], ox * config.stride[1] - config.padBefore[1] + j * config.dilation[1]];
      // The offsets as float32, exactly what deform_conv2d reads from its offset tensor.
      const delta = [Math.fround(offset[2 * t * plane + p]), Math.fround(offset[(2 * t + 1) * plane + p])];
      const sample = [regular[0] + delta[0], regular[1] + delta[1]];
      const neighbours = bilinearTerms(height, width, sample[0], sample[1]).map((term) => ({
        position: [...term.position],
        weight: term.weight,
        inside: term.inside,
        ...(input && term.inside ? { value: input[term.position[0] * width + term.position[1]] } : {}),
      }));
      const trace: DeformTapTrace = { tap: [i, j], regular, sample, offset: delta, mask: mask ? Math.fround(mask[t * plane + p]) : 1, neighbours };
      if (input) trace.value = bilinearSample(input, 0, height, width, sample[0], sample[1]);
      traces.push(trace);
    }
  }
  return { output: [...output], taps: traces };
}
