// The node KernelHost: PNG and JPEG decoding, gray conversion, resizing that matches PyTorch's
// F.interpolate, and the workspace sandbox (../ paths, absolute paths and escaping symlinks).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import * as jpeg from 'jpeg-js';
import { NodeKernelHost, axisWeights, createNodeHost, resizePlane } from '../../../kernel/node_host';

/** RGBA pixels → PNG bytes. */
function pngBytes(width: number, height: number, rgba: number[]): Buffer {
  const png = new PNG({ width, height });
  png.data.set(rgba);
  return PNG.sync.write(png);
}

function close(actual: ArrayLike<number>, expected: number[], tol = 1e-6): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `index ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

describe('NodeKernelHost.readImage', () => {
  let root: string;
  let outside: string;
  before(() => {
    const base = realpathSync(mkdtempSync(join(tmpdir(), 'convbook-host-')));
    root = join(base, 'workspace');
    outside = join(base, 'outside');
    mkdirSync(join(root, 'img'), { recursive: true });
    mkdirSync(outside);
    // 2×2: red, green / blue, white-with-transparent-alpha.
    writeFileSync(join(root, 'img', 'quad.png'), pngBytes(2, 2, [255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 0]));
    // 4×4 ramp: value 16·(y·4 + x) in every channel.
    const ramp: number[] = [];
    for (let i = 0; i < 16; i++) ramp.push(16 * i, 16 * i, 16 * i, 255);
    writeFileSync(join(root, 'ramp.png'), pngBytes(4, 4, ramp));
    const flat = new Uint8Array(8 * 8 * 4);
    for (let i = 0; i < 64; i++) flat.set([200, 100, 50, 255], i * 4);
    writeFileSync(join(root, 'flat.jpg'), jpeg.encode({ width: 8, height: 8, data: flat }, 100).data);
    const deep = new PNG({ width: 2, height: 1, bitDepth: 16 } as ConstructorParameters<typeof PNG>[0]);
    (deep as unknown as { data: Uint16Array }).data = new Uint16Array([65535, 0, 32768, 65535, 1, 2, 3, 65535]);
    writeFileSync(join(root, 'deep.png'), PNG.sync.write(deep, { bitDepth: 16 }));
    writeFileSync(join(root, 'notes.txt'), 'this is not an image, honest\n');
    writeFileSync(join(outside, 'secret.png'), pngBytes(1, 1, [1, 2, 3, 255]));
    symlinkSync(join(outside, 'secret.png'), join(root, 'link_out.png'));
    symlinkSync(outside, join(root, 'dir_out'));
    symlinkSync(join(root, 'ramp.png'), join(root, 'link_in.png'));
  });

  it('decodes a PNG to (1, 3, H, W) in [0, 1], dropping alpha', () => {
    const t = new NodeKernelHost({ workspaceRoot: root }).readImage('img/quad.png');
    assert.deepEqual(t.shape, [1, 3, 2, 2]);
    close(t.data, [1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1]);
  });

  it('keeps 16-bit PNG samples at full precision', () => {
    const t = new NodeKernelHost({ workspaceRoot: root }).readImage('deep.png');
    assert.deepEqual(t.shape, [1, 3, 1, 2]);
    close(t.data, [1, 1 / 65535, 0, 2 / 65535, 32768 / 65535, 3 / 65535]);
  });

  it('converts to one channel of BT.601 luma', () => {
    const t = new NodeKernelHost({ workspaceRoot: root }).readImage('img/quad.png', { gray: true });
    assert.deepEqual(t.shape, [1, 1, 2, 2]);
    close(t.data, [0.299, 0.587, 0.114, 1]);
  });

  it('decodes a JPEG (lossy, so within a few grey levels)', () => {
    const t = new NodeKernelHost({ workspaceRoot: root }).readImage('flat.jpg');
    assert.deepEqual(t.shape, [1, 3, 8, 8]);
    for (let c = 0; c < 3; c++) {
      const want = [200, 100, 50][c] / 255;
      for (let i = 0; i < 64; i++) assert.ok(Math.abs(t.data[c * 64 + i] - want) < 3 / 255, `channel ${c}: ${t.data[c * 64 + i] * 255}`);
    }
  });

  it('shrinks by area averaging, like F.interpolate(mode="area")', () => {
    const t = new NodeKernelHost({ workspaceRoot: root }).readImage('ramp.png', { size: 2, gray: true });
    assert.deepEqual(t.shape, [1, 1, 2, 2]);
    // Each output averages a 2×2 block of 16·i: blocks {0,1,4,5}, {2,3,6,7}, {8,9,12,13}, {10,11,14,15}.
    close(t.data, [40, 72, 168, 200].map((v) => v / 255), 1e-5);
  });

  it('accepts [height, width] and follows a symlink that stays inside', () => {
    const t = new NodeKernelHost({ workspaceRoot: root }).readImage('link_in.png', { size: [1, 4] });
    assert.deepEqual(t.shape, [1, 3, 1, 4]);
    close(t.data.subarray(0, 4), [96, 112, 128, 144].map((v) => v / 255), 1e-5);
  });

  it('reads the shape from the header alone, for the budget check before decoding', () => {
    const host = new NodeKernelHost({ workspaceRoot: root });
    assert.deepEqual(host.imageShape('flat.jpg'), [3, 8, 8]);
    assert.deepEqual(host.imageShape('img/quad.png', { gray: true }), [1, 2, 2]);
    assert.deepEqual(host.imageShape('ramp.png', { size: [3, 5] }), [3, 3, 5]);
    assert.throws(() => host.imageShape('../outside/secret.png'), /outside the workspace/);
  });

  it('resolves relative paths from the notebook folder, still inside the workspace', () => {
    const host = createNodeHost(root, { baseDir: join(root, 'img') });
    assert.deepEqual(host.readImage('quad.png').shape, [1, 3, 2, 2]);
    assert.deepEqual(host.readImage('../ramp.png').shape, [1, 3, 4, 4]);
    assert.throws(() => host.readImage('../../outside/secret.png'), /outside the workspace/);
  });

  it('refuses paths that leave the workspace', () => {
    const host = new NodeKernelHost({ workspaceRoot: root });
    assert.throws(() => host.readImage('../outside/secret.png'), /outside the workspace folder/);
    assert.throws(() => host.readImage(join(outside, 'secret.png')), /outside the workspace folder/);
    assert.throws(() => host.readImage('img/../../outside/secret.png'), /outside the workspace folder/);
  });

  it('refuses symlinks that lead out of the workspace', () => {
    const host = new NodeKernelHost({ workspaceRoot: root });
    assert.throws(() => host.readImage('link_out.png'), /symbolic link.*outside the workspace/);
    assert.throws(() => host.readImage('dir_out/secret.png'), /symbolic link.*outside the workspace/);
  });

  it('refuses non-images, missing files, folders and hosts without a root, clearly', () => {
    const host = new NodeKernelHost({ workspaceRoot: root });
    assert.throws(() => host.readImage('notes.txt'), /not a PNG or JPEG image/);
    assert.throws(() => host.readImage('missing.png'), /no such file/);
    assert.throws(() => host.readImage('img'), /not a file/);
    assert.throws(() => createNodeHost(undefined).readImage('ramp.png'), /needs a workspace folder/);
  });

  it('refuses images and sizes beyond the element budget before allocating', () => {
    const host = new NodeKernelHost({ workspaceRoot: root, elementBudget: 20 });
    assert.throws(() => host.readImage('flat.jpg'), /element budget 20/);
    const ok = new NodeKernelHost({ workspaceRoot: root, elementBudget: 48 });
    assert.throws(() => ok.readImage('ramp.png', { size: 5 }), /element budget 48/);
    assert.throws(() => ok.readImage('ramp.png', { size: 0 }), /positive integer/);
  });
});

describe('resize weights', () => {
  it('grows like F.interpolate(mode="bilinear", align_corners=False)', () => {
    // torch.nn.functional.interpolate(torch.tensor([[[0., 1.]]]), size=4, mode='linear') = [0, .25, .75, 1]
    close(resizePlane(new Float32Array([0, 1]), 1, 2, 1, 4), [0, 0.25, 0.75, 1]);
    // size 2 → 5: sources max(0, (o+.5)·.4 − .5) = 0, .1, .5, .9, 1.3 (clamped to the last cell).
    close(resizePlane(new Float32Array([0, 1]), 1, 2, 1, 5), [0, 0.1, 0.5, 0.9, 1], 1e-6);
  });

  it('shrinks with adaptive average pooling windows, overlapping when sizes do not divide', () => {
    // adaptive_avg_pool1d, 5 → 3: windows [0,2), [1,4), [3,5).
    assert.deepEqual(axisWeights(5, 3).map((w) => w.map(([i]) => i)), [[0, 1], [1, 2, 3], [3, 4]]);
    close(resizePlane(new Float32Array([1, 2, 3, 4, 5]), 1, 5, 1, 3), [1.5, 3, 4.5]);
  });
});
