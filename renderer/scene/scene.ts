// A frame described as drawing primitives, so one description paints the live canvas, the PNG and
// GIF exports (canvas) and the SVG export without two drawing codes drifting apart.

export interface RectPrim {
  t: 'rect';
  x: number;
  y: number;
  w: number;
  h: number;
  fill?: string;
  stroke?: string;
  lineWidth?: number;
  dash?: number[];
  /** Hatching for cells that exist only conceptually (inserted zeros, cropped cells). */
  hatch?: string;
}

export interface TextPrim {
  t: 'text';
  x: number;
  y: number;
  text: string;
  color: string;
  size: number;
  align?: 'left' | 'center' | 'right';
  baseline?: 'top' | 'middle' | 'bottom';
  bold?: boolean;
  mono?: boolean;
}

export interface LinePrim {
  t: 'line';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  stroke: string;
  lineWidth?: number;
  dash?: number[];
  /** Arrow head size at (x2, y2), 0 for a plain line. */
  head?: number;
}

export interface CirclePrim {
  t: 'circle';
  cx: number;
  cy: number;
  r: number;
  fill?: string;
  stroke?: string;
  lineWidth?: number;
  dash?: number[];
}

/** A heatmap bitmap scaled into a rectangle (nearest-neighbour). */
export interface ImagePrim {
  t: 'image';
  x: number;
  y: number;
  w: number;
  h: number;
  width: number;
  height: number;
  /** RGBA, width × height pixels. */
  pixels: Uint8ClampedArray;
  alpha?: number;
}

export type Prim = RectPrim | TextPrim | LinePrim | CirclePrim | ImagePrim;

export interface Scene {
  width: number;
  height: number;
  background: string;
  prims: Prim[];
  fontFamily: string;
  monoFamily: string;
}

export function newScene(width: number, height: number, background: string, fontFamily: string, monoFamily: string): Scene {
  return { width, height, background, prims: [], fontFamily, monoFamily };
}
