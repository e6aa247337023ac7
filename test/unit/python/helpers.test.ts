// convbook's display helpers in Python cells: sweep, compare, image and offsets give the renderer's
// payloads, built by the same TypeScript as every other view, with PyTorch's numbers.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { DEFAULT_KERNEL_SETTINGS, MIME, type CellOutput } from '../../../contract';
import { NodeKernelHost } from '../../../kernel/node_host';
import { torchPackageInstaller } from '../../../python/install_package';
import type { PythonSession } from '../../../python/runtime/python_session';
import { fails, ok, pythonSession } from './python_cells';
import { REPO } from './support';

const EXAMPLES = path.join(REPO, 'examples');
let session: PythonSession;

before(async () => {
  const settings = { ...DEFAULT_KERNEL_SETTINGS, workspaceRoot: EXAMPLES, notebookDir: EXAMPLES };
  const host = new NodeKernelHost({ workspaceRoot: EXAMPLES, baseDir: EXAMPLES, elementBudget: settings.elementBudget });
  session = pythonSession(settings, { installer: torchPackageInstaller({ packageDir: path.join(REPO, 'python/pkg'), settings, host }) });
  await ok(session, 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nfrom torchvision.ops import deform_conv2d\nfrom convbook import sweep, compare, image, offsets');
});

function payload<T = Record<string, unknown>>(outputs: CellOutput[], mime: string): T {
  const item = outputs.flatMap((o) => o.items).find((i) => i.mime === mime);
  assert.ok(item, `no ${mime} in ${JSON.stringify(outputs.map((o) => o.items.map((i) => i.mime)))}`);
  return item.value as T;
}

test('sweep(y) animates the conv that computed y, with its output values', async () => {
  const { outputs } = await ok(session, 'x = torch.tensor([[[[3., 3, 2, 1, 0], [0, 0, 1, 3, 1], [3, 1, 2, 2, 3], [2, 0, 0, 2, 2], [2, 0, 0, 0, 1]]]])\nsweep(F.conv2d(x, torch.ones(1, 1, 3, 3), padding=1))');
  const sweep = payload<{ output: number[]; config: { padBefore: number[]; outputSize: number[] } }>(outputs, MIME.sweep);
  assert.deepEqual(sweep.config.outputSize, [5, 5]);
  assert.deepEqual(sweep.config.padBefore, [1, 1]);
  assert.deepEqual(sweep.output.slice(0, 5), [6, 9, 10, 8, 5]);
});

test("sweep(layer, input_size) shows geometry only: padding='same' with an even kernel puts the extra cell after", async () => {
  const { outputs } = await ok(session, "sweep(nn.Conv2d(1, 1, 4, padding='same'), input_size=(1, 1, 6, 6))");
  const sweep = payload<{ config: { padBefore: number[]; padAfter: number[]; outputSize: number[] }; output?: number[] }>(outputs, MIME.sweep);
  assert.deepEqual([sweep.config.padBefore, sweep.config.padAfter, sweep.config.outputSize], [[1, 1], [2, 2], [6, 6]]);
  assert.equal(sweep.output, undefined);
});

test('sweep refuses what has no window, with positioned errors', async () => {
  assert.match((await fails(session, 'sweep(nn.ReLU(), input_size=(1, 1, 4, 4))')).message, /ReLU\(\) has no sliding window/);
  assert.match((await fails(session, 'sweep(torch.ones(2, 2))')).message, /not computed by a conv/);
  const error = await fails(session, 'sweep(nn.Conv2d(1, 1, 3))');
  assert.match(error.message, /needs input_size/);
  assert.equal(error.line, 1);
  assert.match((await fails(session, 'sweep(F.max_pool2d(torch.ones(1, 1, 4, 4), 2), channel=3)')).message, /channel 3 is out of range/);
});

test('compare gives params and multiplications of both sides and their ratio', async () => {
  const { outputs } = await ok(session, 'compare(nn.Conv2d(64, 128, 3, padding=1), nn.Sequential(nn.Conv2d(64, 64, 3, padding=1, groups=64), nn.Conv2d(64, 128, 1)), input_size=(1, 64, 56, 56))');
  const c = payload<{ a: { name: string; params: { total: number }; flops: { multiplications: number } }; b: { params: { total: number }; flops: { multiplications: number }; parts: unknown[] }; paramRatio: number }>(outputs, MIME.comparison);
  assert.equal(c.a.name, 'Conv2d(64, 128, kernel_size=3, padding=1)');
  assert.equal(c.a.params.total, 64 * 128 * 9 + 128);
  assert.equal(c.a.flops.multiplications, 128 * 56 * 56 * 64 * 9);
  assert.equal(c.b.params.total, 64 * 9 + 64 + 64 * 128 + 128);
  assert.equal(c.b.flops.multiplications, 64 * 56 * 56 * 9 + 128 * 56 * 56 * 64);
  assert.equal(c.b.parts.length, 2);
  assert.equal(c.paramRatio, c.b.params.total / c.a.params.total);
});

test('image reads a workspace image through the host, and refuses NUL bytes and paths outside', async () => {
  const { outputs } = await ok(session, "g = image('images/house.png', gray=True)\n(g.shape, float(g.min()) >= 0, float(g.max()) <= 1, image('images/house.png', size=(32, 48)).shape)");
  assert.equal(outputs[0].items[0].value, '(torch.Size([1, 1, 96, 96]), True, True, torch.Size([1, 3, 32, 48]))');
  const nul = await fails(session, "x = 1\nimage('images/\\0house.png')");
  assert.deepEqual([nul.name, nul.message, nul.line], ['ValueError', 'embedded null byte', 2]);
  assert.match((await fails(session, "image('../package.json')")).message, /outside the workspace folder/);
  assert.match((await fails(session, "image('images/house.png', size=0)")).message, /size must be a positive int/);
});

test('offsets make deform_conv2d fields; zero offsets give the plain conv', async () => {
  const { outputs } = await ok(
    session,
    'img = torch.arange(64.).view(1, 1, 8, 8)\nw = torch.ones(1, 1, 3, 3) / 9\noff = offsets.rotation(kernel_size=3, output_size=(8, 8), angle=30)\n(off.shape, float((deform_conv2d(img, offsets.shift(3, 8, 0, 0), w, padding=1) - F.conv2d(img, w, padding=1)).abs().max()))',
  );
  assert.equal(outputs[0].items[0].value, '(torch.Size([1, 18, 8, 8]), 0.0)');
  const { outputs: deform } = await ok(session, 'deform_conv2d(img, off, w, padding=1)');
  assert.ok(payload(deform, MIME.deform));
  assert.match((await fails(session, 'offsets.random(3, 8, amplitude=-1)')).message, /amplitude must be non-negative/);
});
