// Tensors convbook makes for Python cells that PyTorch has no call for: image() reads a PNG or JPEG
// through the kernel's host (inside the workspace folder only, kernel/node_host.ts), and the demo
// offset fields for deformable convolution (engine/deform_offsets.ts).

import type { KernelSettings } from '../../contract';
import { constantShiftOffsets, randomOffsets, rotationOffsets, scalingOffsets } from '../../engine/deform_offsets';
import { runtimeError } from '../../engine/errors';
import type { Tensor } from '../../engine/tensor';
import type { ImageOptions, KernelHost } from '../runtime/host';
import { allocateData, parseOptions, type TensorRef } from './ref';

type Ints = number | number[];

interface OffsetOptions {
  kernel_size: Ints;
  output_size: Ints;
  dilation: Ints;
  offset_groups: number;
  dy: number;
  dx: number;
  angle: number;
  scale: number;
  amplitude: number;
  seed: number;
}

const OFFSETS: Record<string, (o: OffsetOptions) => Tensor> = {
  shift: (o) => constantShiftOffsets(o.kernel_size, o.output_size, o.dy, o.dx, o.offset_groups),
  rotation: (o) => rotationOffsets(o.kernel_size, o.dilation, o.output_size, o.angle, o.offset_groups),
  scaling: (o) => scalingOffsets(o.kernel_size, o.dilation, o.output_size, o.scale, o.offset_groups),
  random: (o) => randomOffsets(o.kernel_size, o.output_size, o.amplitude, o.seed, o.offset_groups),
};

export function sourceOps(settings: KernelSettings, host: KernelHost | undefined) {
  return {
    /** image(path, size=None, gray=False): (1, C, H, W) in [0, 1], budget-checked before decoding. */
    image: (path: string, optionsJson: string): TensorRef => {
      if (!host) throw runtimeError('image() needs file access, which this kernel was started without', 'path');
      const options = parseOptions<ImageOptions>(optionsJson);
      let shape: number[] = [];
      const data = allocateData(settings, host.imageShape ? [1, ...host.imageShape(path, options)] : [], () => {
        const t = host.readImage(path, options);
        shape = [...t.shape];
        return t.data;
      });
      return { shape, data };
    },
    /** offsets.shift / rotation / scaling / random (convbook's own demo fields). */
    offsets: (kind: string, optionsJson: string): TensorRef => {
      const options = parseOptions<OffsetOptions>(optionsJson);
      const pair = (v: Ints): number[] => (Array.isArray(v) ? v : [v, v]);
      const [kh, kw] = pair(options.kernel_size);
      // Refused before the field is built (an absurd size is the engine's own error afterwards).
      if (![kh, kw, ...pair(options.output_size), options.offset_groups].every((n) => Number.isInteger(n) && n > 0)) {
        const t = OFFSETS[kind](options);
        return { shape: [...t.shape], data: t.data };
      }
      let shape: number[] = [];
      const data = allocateData(settings, [1, 2 * options.offset_groups * kh * kw, ...pair(options.output_size)], () => {
        const t = OFFSETS[kind](options);
        shape = [...t.shape];
        return t.data;
      });
      return { shape, data };
    },
  };
}
