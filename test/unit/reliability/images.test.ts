// Hostile images: declared sizes that the data does not back, pixel data that ends early or
// inflates far past the declared size. Each is an error naming the file, before the memory is
// spent, never uninitialised memory or silent zeros in a tensor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, createDeflate, deflateSync } from 'node:zlib';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { NodeKernelHost } from '../../../kernel/node_host';
import { scratchDir, snapshot } from './support';

const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

/** An 8-bit RGB PNG of the declared size whose IDAT holds `pixels` deflated (CRCs all valid). */
function png(width: number, height: number, pixels: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

/** Rows of a w×h RGB image: a filter byte (0) and 3·w samples each, all 200. */
function rows(width: number, height: number): Buffer {
  const out = Buffer.alloc(height * (1 + 3 * width), 200);
  for (let y = 0; y < height; y++) out[y * (1 + 3 * width)] = 0;
  return out;
}

function host(dir: string, budget = 50_000_000): NodeKernelHost {
  return new NodeKernelHost({ workspaceRoot: dir, elementBudget: budget });
}

test('a well-formed PNG still decodes exactly (the validation adds no false alarms)', () => {
  const dir = scratchDir();
  writeFileSync(join(dir, 'ok.png'), png(5, 4, rows(5, 4)));
  const t = host(dir).readImage('ok.png', {});
  assert.deepEqual(t.shape, [1, 3, 4, 5]);
  assert.ok(t.data.every((v) => Math.abs(v - 200 / 255) < 1e-7));
  const encoded = new PNG({ width: 7, height: 3 });
  encoded.data.fill(255);
  writeFileSync(join(dir, 'pngjs.png'), PNG.sync.write(encoded));
  assert.deepEqual(host(dir).readImage('pngjs.png', {}).shape, [1, 3, 3, 7]);
});

test('pixel data that ends early is an error naming the file, on every run', () => {
  const dir = scratchDir();
  const whole = rows(64, 64);
  writeFileSync(join(dir, 'short.png'), png(64, 64, whole.subarray(0, whole.length / 2)));
  for (let run = 0; run < 3; run++) {
    assert.throws(() => host(dir).readImage('short.png', {}), /image\("short\.png"\): the PNG is damaged: its pixel data ends early: 6176 of the 12352 bytes a 64×64 image needs/);
  }
});

test('a 4000×4000 PNG with 100 bytes of data is refused, not all zeros', () => {
  const dir = scratchDir();
  const file = png(4000, 4000, Buffer.alloc(1));
  writeFileSync(join(dir, 'hollow.png'), Buffer.concat([file.subarray(0, 33), chunk('IDAT', Buffer.alloc(100 - 12)), file.subarray(-12)]));
  assert.throws(() => host(dir).readImage('hollow.png', {}), /image\("hollow\.png"\): the PNG is damaged: its pixel data ends early or is corrupt/);
  // The file cut inside a chunk.
  writeFileSync(join(dir, 'cut.png'), png(64, 64, rows(64, 64)).subarray(0, 60));
  assert.throws(() => host(dir).readImage('cut.png', {}), /image\("cut\.png"\): the PNG is damaged: the IDAT chunk at byte 33 declares \d+ bytes but the file ends first/);
});

/** zlib data of `megabytes` MB of zeros, deflated piece by piece (about 1 MB per GB). */
async function deflatedZeros(megabytes: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const pieces: Buffer[] = [];
  deflate.on('data', (piece: Buffer) => pieces.push(piece));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const zeros = Buffer.alloc(2 ** 20);
  for (let i = 0; i < megabytes; i++) if (!deflate.write(zeros)) await new Promise((resolve) => deflate.once('drain', resolve));
  deflate.end();
  await done;
  return Buffer.concat(pieces);
}

test('decompression bombs: refused before inflating, or inflation stops at the declared size; peak RSS stays low', async (t) => {
  const dir = scratchDir();
  // The attack as filed: a 1 MB file that inflates to 1 GB, declared 4000×4000 (under the budget).
  const gigabyte = await deflatedZeros(1024);
  const header = png(4000, 4000, Buffer.alloc(1)).subarray(0, 33);
  writeFileSync(join(dir, 'gigabyte.png'), Buffer.concat([header, chunk('IDAT', gigabyte), chunk('IEND', Buffer.alloc(0))]));
  // 64 MB of zeros deflates to about 64 KB; declared 100×100, it may inflate to 30,100 bytes only.
  writeFileSync(join(dir, 'bomb.png'), png(100, 100, Buffer.alloc(64 * 2 ** 20)));
  // Declared 20000×20000 (1.2e9 values): over the element budget before anything is inflated.
  writeFileSync(join(dir, 'huge.png'), png(20000, 20000, Buffer.alloc(1)));
  const before = snapshot(dir);
  for (const [name, pattern] of [
    ['gigabyte.png', /image\("gigabyte\.png"\): the PNG is damaged: its pixel data inflates to more than the 48004000 bytes a 4000×4000 image holds/],
    ['bomb.png', /its pixel data inflates to more than the 30100 bytes a 100×100 image holds/],
    ['huge.png', /image\("huge\.png"\) is 20000×20000, which decodes to 1200000000 values, more than the element budget 50000000/],
  ] as const) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'probes', 'image_probe.ts'), dir, name, '50000000'], { encoding: 'utf8', timeout: 30_000 });
    const result = JSON.parse(r.stdout) as { outcome: string; ms: number; maxRssMb: number };
    assert.match(result.outcome, pattern);
    t.diagnostic(`${name}: refused in ${result.ms.toFixed(1)} ms, peak RSS ${result.maxRssMb.toFixed(0)} MB`);
    assert.ok(result.ms < 1000, `${name}: ${result.ms} ms`);
    assert.ok(result.maxRssMb < 250, `${name}: peak RSS ${result.maxRssMb} MB`);
    t.diagnostic(`${name}: ${(statSync(join(dir, name)).size / 2 ** 20).toFixed(2)} MB file`);
  }
  assert.deepEqual(snapshot(dir), before);
});

test('a truncated JPEG is an error naming the file', () => {
  const dir = scratchDir();
  const data = Buffer.alloc(32 * 32 * 4, 128);
  const encoded = jpeg.encode({ data, width: 32, height: 32 }, 90).data;
  writeFileSync(join(dir, 'cut.jpg'), encoded.subarray(0, Math.floor(encoded.length / 2)));
  assert.throws(() => host(dir).readImage('cut.jpg', {}), /image\("cut\.jpg"\): the JPEG could not be decoded/);
});

// In a cell, the same is positioned at the call: test/unit/python/attacks.test.ts.
test('a NUL byte in an image path is Python\'s ValueError, naming the path', () => {
  const dir = scratchDir();
  assert.throws(() => host(dir).readImage('a\0.png', {}), (e: unknown) => (e as Error).name === 'ValueError' && (e as Error).message === 'embedded null byte' && (e as { argument?: string }).argument === 'path');
});
