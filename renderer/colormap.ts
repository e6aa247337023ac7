// Colour scales for heatmaps: diverging (centred at 0) when values have both signs, sequential
// otherwise. Both are 256-entry lookup tables so painting a plane is one table read per pixel.

export type ColormapKind = 'diverging' | 'sequential';

export interface ColorScale {
  kind: ColormapKind;
  min: number;
  max: number;
  /** 256 × RGB. */
  lut: Uint8Array;
}

// Perceptually ordered stops, interpolated linearly in sRGB: a viridis-like ramp and a
// blue–white–red ramp (negative blue, positive red, as in most diverging conventions).
const SEQUENTIAL_STOPS: [number, number, number][] = [
  [68, 1, 84],
  [72, 40, 120],
  [62, 74, 137],
  [49, 104, 142],
  [38, 130, 142],
  [31, 158, 137],
  [53, 183, 121],
  [109, 205, 89],
  [180, 222, 44],
  [253, 231, 37],
];
const DIVERGING_STOPS: [number, number, number][] = [
  [5, 48, 97],
  [33, 102, 172],
  [67, 147, 195],
  [146, 197, 222],
  [209, 229, 240],
  [247, 247, 247],
  [253, 219, 199],
  [244, 165, 130],
  [214, 96, 77],
  [178, 24, 43],
  [103, 0, 31],
];

function buildLut(stops: [number, number, number][]): Uint8Array {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (stops.length - 1);
    const k = Math.min(Math.floor(t), stops.length - 2);
    const f = t - k;
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = Math.round(stops[k][c] + (stops[k + 1][c] - stops[k][c]) * f);
  }
  return lut;
}

const LUTS: Record<ColormapKind, Uint8Array> = {
  sequential: buildLut(SEQUENTIAL_STOPS),
  diverging: buildLut(DIVERGING_STOPS),
};

/** Picks the map for a value range: diverging iff the range straddles zero, symmetric around it. */
export function scaleFor(min: number, max: number): ColorScale {
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    min = 0;
    max = 1;
  }
  if (min < 0 && max > 0) {
    const m = Math.max(-min, max);
    return { kind: 'diverging', min: -m, max: m, lut: LUTS.diverging };
  }
  return { kind: 'sequential', min, max, lut: LUTS.sequential };
}

/** LUT index 0..255 of a value; a flat range maps to the middle. */
export function lutIndex(scale: ColorScale, v: number): number {
  const span = scale.max - scale.min;
  if (!(span > 0) || !Number.isFinite(v)) return v === Infinity ? 255 : v === -Infinity ? 0 : 128;
  const t = (v - scale.min) / span;
  return t <= 0 ? 0 : t >= 1 ? 255 : Math.round(t * 255);
}

export function colorOf(scale: ColorScale, v: number): [number, number, number] {
  const i = lutIndex(scale, v) * 3;
  return [scale.lut[i], scale.lut[i + 1], scale.lut[i + 2]];
}

export function cssColorOf(scale: ColorScale, v: number): string {
  const [r, g, b] = colorOf(scale, v);
  return `rgb(${r}, ${g}, ${b})`;
}

/** Writes a plane into RGBA pixels (one pixel per value). */
export function paintPlane(pixels: Uint8ClampedArray, values: ArrayLike<number>, scale: ColorScale): void {
  const { lut, min } = scale;
  const span = scale.max - scale.min;
  const k = span > 0 ? 255 / span : 0;
  for (let i = 0, p = 0; i < values.length; i++, p += 4) {
    const v = values[i];
    let idx: number;
    if (k === 0 || v !== v) idx = 128;
    else {
      idx = Math.round((v - min) * k);
      idx = idx < 0 ? 0 : idx > 255 ? 255 : idx;
    }
    const l = idx * 3;
    pixels[p] = lut[l];
    pixels[p + 1] = lut[l + 1];
    pixels[p + 2] = lut[l + 2];
    pixels[p + 3] = 255;
  }
}

/** A horizontal legend strip for the scale. */
export function legendCanvas(scale: ColorScale, width = 120, height = 10): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return canvas;
  const image = ctx.createImageData(width, height);
  for (let x = 0; x < width; x++) {
    const v = scale.min + ((scale.max - scale.min) * x) / Math.max(1, width - 1);
    const [r, g, b] = colorOf(scale, v);
    for (let y = 0; y < height; y++) {
      const p = (y * width + x) * 4;
      image.data[p] = r;
      image.data[p + 1] = g;
      image.data[p + 2] = b;
      image.data[p + 3] = 255;
    }
  }
  ctx.putImageData(image, 0, 0);
  canvas.setAttribute('aria-hidden', 'true');
  return canvas;
}
