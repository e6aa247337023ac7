// The sweep's exports: the current frame as PNG or SVG, and the whole sweep as an animated GIF
// (at most MAX_GIF_FRAMES frames, evenly spread), each frame with its equation under the boards.

import { encodeGif } from '../../export/gif';
import { sceneToPixels, sceneToPng, sceneToSvgBlob } from '../../export/image';
import type { Exporter } from '../../view';
import type { SweepCanvas } from './canvas';
import type { SweepPlayer } from './player';
import type { SweepState } from './state';

const MAX_GIF_FRAMES = 400;

export function sweepExporters(s: SweepState, board: SweepCanvas, player: SweepPlayer): Exporter[] {
  return [
    { format: 'png', label: 'PNG', make: () => sceneToPng(board.frameScene(s.frame, true)) },
    { format: 'svg', label: 'SVG', make: async () => sceneToSvgBlob(board.frameScene(s.frame, true), `${s.payload.title}: ${player.describeFrame()}`) },
    {
      format: 'gif',
      label: 'GIF',
      make: async (signal) => {
        const frames = s.model.frames;
        const count = Math.min(frames, MAX_GIF_FRAMES);
        const stride = frames / count;
        const scratch = document.createElement('canvas');
        const first = board.frameScene(0, true);
        const bytes = await encodeGif(
          {
            width: Math.ceil(first.width),
            height: Math.ceil(first.height),
            count,
            frame: (i) => sceneToPixels(board.frameScene(Math.min(frames - 1, Math.round(i * stride)), true), scratch),
          },
          { delayMs: Math.max(60, Math.min(1000, Math.round(1000 / Math.min(s.speed, 15)))), signal },
        );
        return new Blob([bytes as BlobPart], { type: 'image/gif' });
      },
    },
  ];
}
