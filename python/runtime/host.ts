// What a cell may ask of the machine it runs on. Python never touches host files itself: the
// kernel injects a host (kernel/node_host.ts reads images inside the workspace), and tests inject
// fakes. Without a host, image(...) raises.

import type { Tensor } from '../../engine/tensor';

export interface ImageOptions {
  /** Resize to size×size, or to (height, width). */
  size?: number | [number, number];
  /** Convert to a single gray channel. */
  gray?: boolean;
}

export interface KernelHost {
  /**
   * Reads an image as a (1, C, H, W) float tensor with values in [0, 1] (C = 1 for gray, else 3).
   * Throws ConvbookError (e.g. a 'RuntimeError' or 'ValueError' naming 'path') for a file it
   * cannot or may not read.
   */
  readImage(path: string, options: ImageOptions): Tensor;
  /**
   * Optional: the image's (channels, height, width) without decoding it, so the bridge can
   * apply the element budget before any pixel buffer is allocated.
   */
  imageShape?(path: string, options: ImageOptions): [number, number, number];
}
