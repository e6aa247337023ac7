// The headless CLI, run in-process on the shipped examples and on small notebooks made here.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../cli/main';
import { bundleWorker } from '../kernel/bundle';
import { MIME, type SummaryPayload, type TensorPayload } from '../../../contract';
import shapes from '../../fixtures/golden/shapes.json';

const examples = join(__dirname, '..', '..', '..', 'examples');

const workerPath = bundleWorker('kernel/worker.ts');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), workerPath: await workerPath });
  return { code, out, err };
}

interface JsonReport {
  cells: { index: number; kind: string; outputs: { mime: string; value: unknown }[]; error: null | { message: string; line: number | null; column: number | null } }[];
}

test('every example notebook runs to the end with exit status 0', async () => {
  const files = readdirSync(examples).filter((f) => f.endsWith('.convnb'));
  assert.deepEqual(files.sort(), ['models.convnb', 'real-image.convnb', 'seed.convnb']);
  for (const file of files) {
    const r = await cli('run', join(examples, file), '--json');
    assert.equal(r.code, 0, `${file}: ${r.err}`);
    const report = JSON.parse(r.out) as JsonReport;
    assert.ok(report.cells.length > 3);
    for (const cell of report.cells) assert.equal(cell.error, null, `${file} cell ${cell.index}`);
  }
});

test('seed notebook: the 5×5 example gives PyTorch’s output, with full data in --json', async () => {
  const report = JSON.parse((await cli('run', join(examples, 'seed.convnb'), '--json')).out) as JsonReport;
  const tensors = report.cells.flatMap((c) => c.outputs).filter((o) => o.mime === MIME.tensor).map((o) => o.value as TensorPayload & { data: number[] });
  const first = tensors[0];
  assert.deepEqual(first.shape, [1, 1, 3, 3]);
  assert.deepEqual(first.data, [12, 12, 17, 10, 17, 19, 9, 6, 14]);
  // Each small conv result is followed by its animation.
  const mimes = report.cells.flatMap((c) => c.outputs.map((o) => o.mime));
  assert.ok(mimes.includes(MIME.sweep) && mimes.includes(MIME.deform) && mimes.includes(MIME.comparison) && mimes.includes(MIME.receptiveField));
});

test('models notebook: the AlexNet class matches torchvision’s layers, and VGG-16 is summarised whole', async () => {
  const report = JSON.parse((await cli('run', join(examples, 'models.convnb'), '--json')).out) as JsonReport;
  const summaries = report.cells.flatMap((c) => c.outputs).filter((o) => o.mime === MIME.summary).map((o) => o.value as SummaryPayload);
  const alexnet = shapes.cases.find((c: { name: string }) => /alexnet/i.test(c.name))!;
  assert.equal(summaries[0].total_params, alexnet.total_params);
  // Module calls only: containers have no parentheses in their row, and the notebook's forward
  // flattens with torch.flatten, a function, where the fixture's stack has an nn.Flatten layer.
  const leaves = summaries[0].layers.filter((l) => l.layer.includes('('));
  type Row = { output_shape: number[]; params: number };
  const expected = (alexnet.layers as Row[]).filter((l, i, all) => !(i > 0 && l.output_shape.length === 2 && all[i - 1].output_shape.length === 4));
  assert.equal(expected.length, alexnet.layers.length - 1);
  assert.deepEqual(leaves.map((l) => l.output_shape), expected.map((l) => l.output_shape));
  assert.deepEqual(leaves.map((l) => l.params), expected.map((l) => l.params));
  assert.equal(summaries[1].total_params, 138_357_544);
  assert.equal(summaries[1].total_macs, 15_470_264_320);
});

test('a failing cell: exit status 1, positioned error in --json and on stderr, later cells still run', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'convbook-cli-'));
  const file = join(dir, 'bad.py');
  writeFileSync(file, '# %%\nimport torch\nimport torch.nn.functional as F\nx = torch.ones(1, 3, 8, 8)\n# %%\nF.conv2d(x, torch.ones(4, 2, 3, 3))\n# %%\nx.shape\n');
  const r = await cli('run', file, '--json');
  assert.equal(r.code, 1);
  const report = JSON.parse(r.out) as JsonReport;
  assert.equal(report.cells[1].error!.line, 1);
  assert.match(report.cells[1].error!.message, /expected input\[1, 3, 8, 8\] to have 2 channels, but got 3 channels instead/);
  assert.equal(report.cells[2].error, null);
  assert.match(r.err, /cell 2: RuntimeError: Given groups=1, weight of size \[4, 2, 3, 3\]/);
});

test('--md prints markdown cells, fenced code and each output’s markdown fallback', async () => {
  const r = await cli('run', join(examples, 'seed.convnb'), '--md');
  assert.equal(r.code, 0);
  assert.match(r.out, /^# Convolution arithmetic, cell by cell/);
  assert.match(r.out, /```python\nx = torch\.tensor\(\[\[\[\[3\., 3, 2, 1, 0\],/);
  assert.match(r.out, /12\., 12\., 17\./);
});

test('convert: .convnb → percent script → .convnb gives the same bytes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'convbook-cli-'));
  const script = join(dir, 'seed.py');
  const back = join(dir, 'seed.convnb');
  assert.equal((await cli('convert', join(examples, 'seed.convnb'), script)).code, 0);
  assert.match(readFileSync(script, 'utf8'), /^# %% \[markdown\]\n# # Convolution arithmetic/);
  assert.equal((await cli('convert', script, back)).code, 0);
  assert.equal(readFileSync(back, 'utf8'), readFileSync(join(examples, 'seed.convnb'), 'utf8'));
});

test('a corrupt notebook is reported with its position, and nothing runs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'convbook-cli-'));
  const file = join(dir, 'broken.convnb');
  writeFileSync(file, '{\n  "cells": [\n    {"kind": "code" "source": "1"}\n  ]\n}\n');
  const r = await cli('run', file);
  assert.equal(r.code, 1);
  assert.match(r.err, /not valid JSON: expected ',' or '\}', found '"' \(line 3, column 21\)/);
});

test('usage errors exit with status 2 and say what is wrong', async () => {
  assert.equal((await cli('frobnicate')).code, 2);
  assert.match((await cli('run')).err, /run takes exactly one FILE/);
  assert.match((await cli('run', 'x.convnb', '--json', '--md')).err, /choose one of --json, --md and --html/);
  assert.equal((await cli('run', join(tmpdir(), 'does-not-exist.convnb'))).code, 1);
});

test('--element-budget refuses a tensor over the budget before allocating it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'convbook-cli-'));
  const file = join(dir, 'big.py');
  writeFileSync(file, '# %%\nimport torch\ntorch.zeros(1, 64, 512, 512)\n');
  const r = await cli('run', file, '--json', '--element-budget', '1000000');
  assert.equal(r.code, 1);
  assert.match(r.err, /MemoryError: .*\[1, 64, 512, 512\].*16,777,216/);
});
