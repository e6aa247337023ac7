// Paints a Scene on a 2-D canvas context.

import type { ImagePrim, Prim, Scene } from './scene';

const bitmapCache = new WeakMap<Uint8ClampedArray, HTMLCanvasElement>();

function bitmapOf(p: ImagePrim): HTMLCanvasElement {
  let canvas = bitmapCache.get(p.pixels);
  if (!canvas) {
    canvas = document.createElement('canvas');
    canvas.width = p.width;
    canvas.height = p.height;
    const ctx = canvas.getContext('2d');
    if (ctx) ctx.putImageData(new ImageData(new Uint8ClampedArray(p.pixels), p.width, p.height), 0, 0);
    bitmapCache.set(p.pixels, canvas);
  }
  return canvas;
}

const hatchCache = new Map<string, CanvasPattern | null>();

function hatchPattern(ctx: CanvasRenderingContext2D, color: string): CanvasPattern | null {
  const key = color;
  if (hatchCache.has(key)) return hatchCache.get(key) ?? null;
  const tile = document.createElement('canvas');
  tile.width = 6;
  tile.height = 6;
  const t = tile.getContext('2d');
  if (!t) return null;
  t.strokeStyle = color;
  t.lineWidth = 1;
  t.beginPath();
  t.moveTo(0, 6);
  t.lineTo(6, 0);
  t.stroke();
  const pattern = ctx.createPattern(tile, 'repeat');
  hatchCache.set(key, pattern);
  return pattern;
}

export function paintScene(ctx: CanvasRenderingContext2D, scene: Scene, scale = 1): void {
  ctx.save();
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.fillStyle = scene.background;
  ctx.fillRect(0, 0, scene.width, scene.height);
  for (const p of scene.prims) paintPrim(ctx, p, scene);
  ctx.restore();
}

export function paintPrim(ctx: CanvasRenderingContext2D, p: Prim, scene: Scene): void {
  switch (p.t) {
    case 'rect': {
      if (p.fill) {
        ctx.fillStyle = p.fill;
        ctx.fillRect(p.x, p.y, p.w, p.h);
      }
      if (p.hatch) {
        const pattern = hatchPattern(ctx, p.hatch);
        if (pattern) {
          ctx.fillStyle = pattern;
          ctx.fillRect(p.x, p.y, p.w, p.h);
        }
      }
      if (p.stroke) {
        const lw = p.lineWidth ?? 1;
        ctx.strokeStyle = p.stroke;
        ctx.lineWidth = lw;
        ctx.setLineDash(p.dash ?? []);
        ctx.strokeRect(p.x + lw / 2, p.y + lw / 2, p.w - lw, p.h - lw);
        ctx.setLineDash([]);
      }
      break;
    }
    case 'text': {
      ctx.fillStyle = p.color;
      ctx.font = `${p.bold ? '600 ' : ''}${p.size}px ${p.mono ? scene.monoFamily : scene.fontFamily}`;
      ctx.textAlign = p.align ?? 'left';
      ctx.textBaseline = p.baseline === 'top' ? 'top' : p.baseline === 'bottom' ? 'alphabetic' : 'middle';
      ctx.fillText(p.text, p.x, p.y);
      break;
    }
    case 'line': {
      ctx.strokeStyle = p.stroke;
      ctx.lineWidth = p.lineWidth ?? 1;
      ctx.setLineDash(p.dash ?? []);
      ctx.beginPath();
      ctx.moveTo(p.x1, p.y1);
      ctx.lineTo(p.x2, p.y2);
      ctx.stroke();
      ctx.setLineDash([]);
      if (p.head) {
        const [a, b] = arrowHead(p.x1, p.y1, p.x2, p.y2, p.head);
        ctx.fillStyle = p.stroke;
        ctx.beginPath();
        ctx.moveTo(p.x2, p.y2);
        ctx.lineTo(a[0], a[1]);
        ctx.lineTo(b[0], b[1]);
        ctx.closePath();
        ctx.fill();
      }
      break;
    }
    case 'circle': {
      ctx.beginPath();
      ctx.arc(p.cx, p.cy, p.r, 0, Math.PI * 2);
      if (p.fill) {
        ctx.fillStyle = p.fill;
        ctx.fill();
      }
      if (p.stroke) {
        ctx.strokeStyle = p.stroke;
        ctx.lineWidth = p.lineWidth ?? 1;
        ctx.setLineDash(p.dash ?? []);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      break;
    }
    case 'image': {
      const prev = ctx.imageSmoothingEnabled;
      const prevAlpha = ctx.globalAlpha;
      ctx.imageSmoothingEnabled = false;
      ctx.globalAlpha = p.alpha ?? 1;
      ctx.drawImage(bitmapOf(p), p.x, p.y, p.w, p.h);
      ctx.imageSmoothingEnabled = prev;
      ctx.globalAlpha = prevAlpha;
      break;
    }
  }
}

/** The two back corners of an arrow head pointing at (x2, y2). */
export function arrowHead(x1: number, y1: number, x2: number, y2: number, size: number): [[number, number], [number, number]] {
  const angle = Math.atan2(y2 - y1, x2 - x1);
  const spread = Math.PI / 7;
  return [
    [x2 - size * Math.cos(angle - spread), y2 - size * Math.sin(angle - spread)],
    [x2 - size * Math.cos(angle + spread), y2 - size * Math.sin(angle + spread)],
  ];
}

/** Sizes a canvas for the device pixel ratio and paints the scene. */
export function paintToCanvas(canvas: HTMLCanvasElement, scene: Scene, dpr = typeof devicePixelRatio === 'number' ? devicePixelRatio : 1): void {
  const w = Math.max(1, Math.ceil(scene.width * dpr));
  const h = Math.max(1, Math.ceil(scene.height * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  canvas.style.width = `${scene.width}px`;
  canvas.style.height = `${scene.height}px`;
  const ctx = canvas.getContext('2d');
  if (ctx) paintScene(ctx, scene, dpr);
}
