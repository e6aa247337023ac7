// Deformable im2col for torchvision.ops.deform_conv2d (engine/deform.ts has the TypeScript original;
// engine/bilinear.ts the sampling rule). In f32 like torchvision's kernel. The bilinear neighbours
// and weights of a sample depend on (offset group, tap, position) but not on the channel, so they
// are computed once per offset group into a table and reused by every channel of the group.

/** Parameters as the host writes them (i32s at `p`). */
const CHANNELS = 0, HEIGHT = 1, WIDTH = 2, OFFSET_GROUPS = 3, KH = 4, KW = 5, SH = 6, SW = 7;
const PH = 8, PW = 9, DH = 10, DW = 11, OUT_H = 12, OUT_W = 13, ROW_START = 14, ROWS = 15;
/** A table entry: four neighbour byte offsets in the plane (−1: not read), then their four weights. */
const ENTRY = 32;

@inline function param(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

@inline function neighbour(plane: usize, at: i32): f32 {
  return at >= 0 ? load<f32>(plane + <usize>at) : 0;
}

function buildTable(offset: usize, p: usize, group: i32, table: usize): void {
  const height = param(p, HEIGHT), width = param(p, WIDTH), kh = param(p, KH), kw = param(p, KW);
  const outH = param(p, OUT_H), outW = param(p, OUT_W), rowStart = param(p, ROW_START), rows = param(p, ROWS);
  const taps = kh * kw;
  const outPlane = outH * outW;
  const band = rows * outW;
  const fh = <f32>height, fw = <f32>width;
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const tap = i * kw + j;
      // Offsets of this group: channel 2·tap is Δy and 2·tap + 1 is Δx.
      const dy = offset + (<usize>((group * 2 * taps + 2 * tap) * outPlane) << 2);
      const dx = dy + (<usize>outPlane << 2);
      let e = table + <usize>(tap * band) * ENTRY;
      for (let oy = rowStart; oy < rowStart + rows; oy++) {
        for (let ox = 0; ox < outW; ox++, e += ENTRY) {
          const at = <usize>(oy * outW + ox) << 2;
          const y = <f32>(oy * param(p, SH) - param(p, PH) + i * param(p, DH)) + load<f32>(dy + at);
          const x = <f32>(ox * param(p, SW) - param(p, PW) + j * param(p, DW)) + load<f32>(dx + at);
          if (y <= -1 || y >= fh || x <= -1 || x >= fw) {
            store<i32>(e, -1); store<i32>(e, -1, 4); store<i32>(e, -1, 8); store<i32>(e, -1, 12);
            store<f32>(e, 0, 16); store<f32>(e, 0, 20); store<f32>(e, 0, 24); store<f32>(e, 0, 28);
            continue;
          }
          const yLow = <i32>Mathf.floor(y), xLow = <i32>Mathf.floor(x);
          const yHigh = yLow + 1, xHigh = xLow + 1;
          const ly = y - <f32>yLow, lx = x - <f32>xLow;
          const hy: f32 = 1 - ly, hx: f32 = 1 - lx;
          const rowLow = yLow >= 0, rowHigh = yHigh <= height - 1, colLow = xLow >= 0, colHigh = xHigh <= width - 1;
          store<i32>(e, rowLow && colLow ? (yLow * width + xLow) << 2 : -1);
          store<i32>(e, rowLow && colHigh ? (yLow * width + xHigh) << 2 : -1, 4);
          store<i32>(e, rowHigh && colLow ? (yHigh * width + xLow) << 2 : -1, 8);
          store<i32>(e, rowHigh && colHigh ? (yHigh * width + xHigh) << 2 : -1, 12);
          store<f32>(e, hy * hx, 16); store<f32>(e, hy * lx, 20); store<f32>(e, ly * hx, 24); store<f32>(e, ly * lx, 28);
        }
      }
    }
  }
}

/**
 * columns[(c·kh·kw + tap)·band + j] for the band of output rows [rowStart, rowStart + rows) of one
 * image: x, offset and mask point at that image's planes. The table needs kh·kw·band entries.
 */
export function deformIm2col(x: usize, offset: usize, mask: usize, hasMask: bool, p: usize, table: usize, columns: usize): void {
  const channels = param(p, CHANNELS), groups = param(p, OFFSET_GROUPS);
  const planeBytes = <usize>(param(p, HEIGHT) * param(p, WIDTH)) << 2;
  const taps = param(p, KH) * param(p, KW);
  const outPlane = param(p, OUT_H) * param(p, OUT_W);
  const band = param(p, ROWS) * param(p, OUT_W);
  const perGroup = channels / groups;
  for (let group = 0; group < groups; group++) {
    buildTable(offset, p, group, table);
    for (let c = group * perGroup; c < (group + 1) * perGroup; c++) {
      const plane = x + <usize>c * planeBytes;
      for (let tap = 0; tap < taps; tap++) {
        let col = columns + (<usize>((c * taps + tap) * band) << 2);
        let e = table + <usize>(tap * band) * ENTRY;
        let m = mask + (<usize>((group * taps + tap) * outPlane + param(p, ROW_START) * param(p, OUT_W)) << 2);
        for (let j = 0; j < band; j++, e += ENTRY, col += 4, m += 4) {
          const value =
            load<f32>(e, 16) * neighbour(plane, load<i32>(e)) +
            load<f32>(e, 20) * neighbour(plane, load<i32>(e, 4)) +
            load<f32>(e, 24) * neighbour(plane, load<i32>(e, 8)) +
            load<f32>(e, 28) * neighbour(plane, load<i32>(e, 12));
          store<f32>(col, hasMask ? load<f32>(m) * value : value);
        }
      }
    }
  }
}
