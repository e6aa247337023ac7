// Deformable im2col for torchvision.ops.deform_conv2d (engine/deform.ts has the TypeScript original;
// engine/bilinear.ts the sampling rule). In f32 like torchvision's kernel. The bilinear neighbours
// and weights of a sample depend on (offset group, tap, position) but not on the channel, so they
// are computed once per offset group into a table and reused by every channel of the group.
// The planes are first copied with a one-pixel zero border: every neighbour of a point torchvision
// samples then lies inside the bordered plane, and one outside the image reads the 0 torchvision
// gives it, so a sample is four loads from one base address with no test per neighbour.
// The table is laid out by field (offsets, then each weight, per tap), so four positions' weights
// are one vector load each and the weighting is vector arithmetic; only the neighbours' loads stay
// one at a time. A point that reads nothing gets lane 0 (selected, never multiplied: a 0 weight
// times an infinite pixel would be NaN where torchvision gives 0).

/** Parameters as the host writes them (i32s at `p`). */
const CHANNELS = 0, HEIGHT = 1, WIDTH = 2, OFFSET_GROUPS = 3, KH = 4, KW = 5, SH = 6, SW = 7;
const PH = 8, PW = 9, DH = 10, DW = 11, OUT_H = 12, OUT_W = 13, ROW_START = 14, ROWS = 15;
/**
 * Bytes of table per sample: the top-left neighbour's byte offset in the bordered plane (−1: the
 * point reads nothing) and the four neighbours' weights. Per tap, the band's offsets come first,
 * then its top-left weights, top-right, bottom-left, bottom-right: five arrays of `band` words.
 */
const ENTRY = 20;

@inline function param(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
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
      const offsets = table + <usize>(tap * band) * ENTRY;
      const field = <usize>band << 2;
      let e = offsets;
      for (let oy = rowStart; oy < rowStart + rows; oy++) {
        for (let ox = 0; ox < outW; ox++, e += 4) {
          const at = <usize>(oy * outW + ox) << 2;
          const y = <f32>(oy * param(p, SH) - param(p, PH) + i * param(p, DH)) + load<f32>(dy + at);
          const x = <f32>(ox * param(p, SW) - param(p, PW) + j * param(p, DW)) + load<f32>(dx + at);
          if (y <= -1 || y >= fh || x <= -1 || x >= fw) {
            store<i32>(e, -1);
            store<f32>(e + field, 0); store<f32>(e + 2 * field, 0); store<f32>(e + 3 * field, 0); store<f32>(e + 4 * field, 0);
            continue;
          }
          const yLow = <i32>Mathf.floor(y), xLow = <i32>Mathf.floor(x);
          const ly = y - <f32>yLow, lx = x - <f32>xLow;
          const hy: f32 = 1 - ly, hx: f32 = 1 - lx;
          // yLow ≥ −1 and xLow ≥ −1 here: the border row and column hold them.
          store<i32>(e, ((yLow + 1) * (width + 2) + xLow + 1) << 2);
          store<f32>(e + field, hy * hx); store<f32>(e + 2 * field, hy * lx); store<f32>(e + 3 * field, ly * hx); store<f32>(e + 4 * field, ly * lx);
        }
      }
    }
  }
}

/** The four neighbours of four samples at byte offsets `at` (lanes) from `plane`, one vector per neighbour, weighted and summed in torchvision's order. */
@inline function gather4(plane: usize, at: v128, rowBytes: usize, w0: v128, w1: v128, w2: v128, w3: v128): v128 {
  const q0 = plane + <usize>i32x4.extract_lane(at, 0), q1 = plane + <usize>i32x4.extract_lane(at, 1);
  const q2 = plane + <usize>i32x4.extract_lane(at, 2), q3 = plane + <usize>i32x4.extract_lane(at, 3);
  let tl = f32x4.splat(load<f32>(q0));
  tl = f32x4.replace_lane(tl, 1, load<f32>(q1)); tl = f32x4.replace_lane(tl, 2, load<f32>(q2)); tl = f32x4.replace_lane(tl, 3, load<f32>(q3));
  let tr = f32x4.splat(load<f32>(q0, 4));
  tr = f32x4.replace_lane(tr, 1, load<f32>(q1, 4)); tr = f32x4.replace_lane(tr, 2, load<f32>(q2, 4)); tr = f32x4.replace_lane(tr, 3, load<f32>(q3, 4));
  let bl = f32x4.splat(load<f32>(q0 + rowBytes));
  bl = f32x4.replace_lane(bl, 1, load<f32>(q1 + rowBytes)); bl = f32x4.replace_lane(bl, 2, load<f32>(q2 + rowBytes)); bl = f32x4.replace_lane(bl, 3, load<f32>(q3 + rowBytes));
  let br = f32x4.splat(load<f32>(q0 + rowBytes, 4));
  br = f32x4.replace_lane(br, 1, load<f32>(q1 + rowBytes, 4)); br = f32x4.replace_lane(br, 2, load<f32>(q2 + rowBytes, 4)); br = f32x4.replace_lane(br, 3, load<f32>(q3 + rowBytes, 4));
  // (w0·tl + w1·tr) + w2·bl + w3·br, left to right, as the scalar sum below and torchvision.
  return f32x4.add(f32x4.add(f32x4.add(f32x4.mul(w0, tl), f32x4.mul(w1, tr)), f32x4.mul(w2, bl)), f32x4.mul(w3, br));
}

/** Copies `channels` height×width planes from x to dst with a one-pixel zero border around each. */
function border(x: usize, channels: i32, height: i32, width: i32, dst: usize): void {
  const rowBytes = <usize>(width + 2) << 2;
  memory.fill(dst, 0, <usize>channels * <usize>(height + 2) * rowBytes);
  for (let c = 0; c < channels; c++) {
    const plane = dst + <usize>c * <usize>(height + 2) * rowBytes;
    for (let y = 0; y < height; y++) {
      memory.copy(plane + <usize>(y + 1) * rowBytes + 4, x + (<usize>((c * height + y) * width) << 2), <usize>width << 2);
    }
  }
}

/**
 * columns[(c·kh·kw + tap)·band + j] for the band of output rows [rowStart, rowStart + rows) of one
 * image: x, offset and mask point at that image's planes. The table needs kh·kw·band entries of
 * 20 bytes, `bordered` room for the planes with their borders, (height + 2)·(width + 2) each.
 */
export function deformIm2col(x: usize, offset: usize, mask: usize, hasMask: bool, p: usize, table: usize, columns: usize, bordered: usize): void {
  const channels = param(p, CHANNELS), groups = param(p, OFFSET_GROUPS);
  const height = param(p, HEIGHT), width = param(p, WIDTH);
  border(x, channels, height, width, bordered);
  const rowBytes = <usize>(width + 2) << 2;
  const planeBytes = <usize>(height + 2) * rowBytes;
  const taps = param(p, KH) * param(p, KW);
  const outPlane = param(p, OUT_H) * param(p, OUT_W);
  const band = param(p, ROWS) * param(p, OUT_W);
  const perGroup = channels / groups;
  for (let group = 0; group < groups; group++) {
    buildTable(offset, p, group, table);
    for (let c = group * perGroup; c < (group + 1) * perGroup; c++) {
      const plane = bordered + <usize>c * planeBytes;
      for (let tap = 0; tap < taps; tap++) {
        const col = columns + (<usize>((c * taps + tap) * band) << 2);
        const offsets = table + <usize>(tap * band) * ENTRY;
        const field = <usize>band << 2;
        const m = mask + (<usize>((group * taps + tap) * outPlane + param(p, ROW_START) * param(p, OUT_W)) << 2);
        let j = 0;
        for (; j + 4 <= band; j += 4) {
          const k = <usize>j << 2;
          const at = v128.load(offsets + k);
          const reads = i32x4.ge_s(at, i32x4.splat(0));
          const e = offsets + k;
          let value = gather4(plane, i32x4.max_s(at, i32x4.splat(0)), rowBytes,
            v128.load(e + field), v128.load(e + 2 * field), v128.load(e + 3 * field), v128.load(e + 4 * field));
          value = v128.and(value, reads);
          v128.store(col + k, hasMask ? f32x4.mul(v128.load(m + k), value) : value);
        }
        for (; j < band; j++) {
          const e = offsets + (<usize>j << 2);
          const at = load<i32>(e);
          let value: f32 = 0;
          if (at >= 0) {
            const q = plane + <usize>at;
            value =
              load<f32>(e + field) * load<f32>(q) +
              load<f32>(e + 2 * field) * load<f32>(q, 4) +
              load<f32>(e + 3 * field) * load<f32>(q + rowBytes) +
              load<f32>(e + 4 * field) * load<f32>(q + rowBytes, 4);
          }
          store<f32>(col + (<usize>j << 2), hasMask ? load<f32>(m + (<usize>j << 2)) * value : value);
        }
      }
    }
  }
}
