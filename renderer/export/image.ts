// Scene → PNG / SVG blobs for the export buttons.

import { paintScene } from '../scene/paint';
import type { Scene } from '../scene/scene';
import { sceneToSvg } from '../scene/svg';
import { canvasToPng, svgBlob } from './save';

/** Renders at 2× so a saved figure stays sharp in slides and papers. */
export function sceneToPng(scene: Scene, scale = 2): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.ceil(scene.width * scale));
  canvas.height = Math.max(1, Math.ceil(scene.height * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) return Promise.reject(new Error('no 2-D canvas context'));
  paintScene(ctx, scene, scale);
  return canvasToPng(canvas);
}

export function sceneToSvgBlob(scene: Scene, title: string): Blob {
  return svgBlob(sceneToSvg(scene, title));
}

/** The RGBA pixels of a scene at 1×, for GIF frames. */
export function sceneToPixels(scene: Scene, canvas: HTMLCanvasElement): Uint8ClampedArray {
  const w = Math.max(1, Math.ceil(scene.width));
  const h = Math.max(1, Math.ceil(scene.height));
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2-D canvas context');
  paintScene(ctx, scene, 1);
  return ctx.getImageData(0, 0, w, h).data;
}
