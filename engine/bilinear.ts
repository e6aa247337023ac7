// Bilinear sampling exactly as torchvision's deform_conv2d does it (bilinear_interpolate in
// deform_conv2d_kernel.cpp): a point with y ≤ −1, y ≥ H, x ≤ −1 or x ≥ W reads 0; otherwise the
// four integer neighbours around it are weighted by their distance, and each neighbour outside the
// image counts as 0 on its own. Deformable conv's column builder and the renderer's deform trace
// both come here, so they cannot disagree.

/** True when torchvision reads nothing at all for this sample point. */
export function bilinearOutside(height: number, width: number, y: number, x: number): boolean {
  return y <= -1 || y >= height || x <= -1 || x >= width;
}

/**
 * The bilinear value at (y, x) of one row-major height×width plane stored in `data` from `base`.
 * The hot path of deformable conv: no allocation.
 */
export function bilinearSample(data: ArrayLike<number>, base: number, height: number, width: number, y: number, x: number): number {
  if (bilinearOutside(height, width, y, x)) return 0;
  const yLow = Math.floor(y);
  const xLow = Math.floor(x);
  const yHigh = yLow + 1;
  const xHigh = xLow + 1;
  const ly = y - yLow;
  const lx = x - xLow;
  const hy = 1 - ly;
  const hx = 1 - lx;
  const rowLowOk = yLow >= 0;
  const rowHighOk = yHigh <= height - 1;
  const colLowOk = xLow >= 0;
  const colHighOk = xHigh <= width - 1;
  const v1 = rowLowOk && colLowOk ? data[base + yLow * width + xLow] : 0;
  const v2 = rowLowOk && colHighOk ? data[base + yLow * width + xHigh] : 0;
  const v3 = rowHighOk && colLowOk ? data[base + yHigh * width + xLow] : 0;
  const v4 = rowHighOk && colHighOk ? data[base + yHigh * width + xHigh] : 0;
  return hy * hx * v1 + hy * lx * v2 + ly * hx * v3 + ly * lx * v4;
}

export interface BilinearTerm {
  /** Integer neighbour, [y, x]. */
  position: [number, number];
  weight: number;
  /** False when torchvision does not read this neighbour (outside the image, or the whole point is). */
  inside: boolean;
}

/**
 * The four neighbours of (y, x) in torchvision's order (top-left, top-right, bottom-left,
 * bottom-right) with their weights; Σ weight·value over the inside ones is bilinearSample.
 */
export function bilinearTerms(height: number, width: number, y: number, x: number): BilinearTerm[] {
  const outside = bilinearOutside(height, width, y, x);
  const yLow = Math.floor(y);
  const xLow = Math.floor(x);
  const ly = y - yLow;
  const lx = x - xLow;
  const corners: [number, number, number][] = [
    [yLow, xLow, (1 - ly) * (1 - lx)],
    [yLow, xLow + 1, (1 - ly) * lx],
    [yLow + 1, xLow, ly * (1 - lx)],
    [yLow + 1, xLow + 1, ly * lx],
  ];
  return corners.map(([cy, cx, weight]) => ({
    position: [cy, cx],
    weight,
    inside: !outside && cy >= 0 && cy <= height - 1 && cx >= 0 && cx <= width - 1,
  }));
}
