// `convbook inspect --static`: the static reading's table and --json shape on the torchvision-style
// fixture (what inspect falls back to when a file cannot be traced; the traced mode is tested with
// the model fixtures in test/unit/cli/inspect_traced.test.ts).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolve } from 'node:path';
import { runInspect } from '../../../cli/inspect';
import { inspectPython } from '../../../lang/pyfile/inspect';

const fixture = join(import.meta.dirname, '..', '..', 'fixtures', 'python', 'torchvision_style.py');

async function run(argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await runInspect(argv, {
    readFile: (p) => readFileSync(p, 'utf8'),
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    resolve: (p) => resolve(p),
    trace: () => Promise.reject(new Error('these tests read statically: nothing is traced')),
  });
  return { status, stdout, stderr };
}

test('--json: one entry per layer with config, params, output shape and warnings', async () => {
  const { status, stdout, stderr } = await run([fixture, '--static', '--json']);
  assert.equal(status, 0, stderr);
  const result = JSON.parse(stdout);
  assert.deepEqual(Object.keys(result), ['status', 'reason', 'model', 'input', 'input_source', 'total_params', 'total_macs', 'error', 'layers', 'skipped']);
  assert.deepEqual([result.status, result.reason, result.model, result.total_macs], ['static', 'asked for with --static', null, null]);
  const conv1 = result.layers[0];
  assert.deepEqual(Object.keys(conv1), ['line', 'column', 'call', 'layer', 'name', 'config', 'symbolic', 'params', 'input_shape', 'input_source', 'output_shape', 'macs', 'warnings', 'notes', 'file', 'calls']);
  assert.deepEqual([conv1.file, conv1.calls], ['torchvision_style.py', []]);
  assert.equal(conv1.line, 21);
  assert.equal(conv1.column, 13);
  assert.equal(conv1.call, 'nn.Conv2d(3, 64, kernel_size=11, stride=4, padding=2)');
  assert.equal(conv1.layer, 'nn.Conv2d');
  assert.equal(conv1.name, 'features.0');
  assert.deepEqual(conv1.config, { in_channels: 3, out_channels: 64, kernel_size: 11, stride: 4, padding: 2, dilation: 1, groups: 1, bias: true, padding_mode: 'zeros' });
  assert.deepEqual(conv1.params, { weights: 23_232, bias: 64, total: 23_296 });
  assert.deepEqual(conv1.output_shape, [1, 64, 55, 55]);
  assert.equal(conv1.input_source, 'hint');
  // 64·55·55 outputs × 3·11·11 taps.
  assert.equal(conv1.macs, 64 * 55 * 55 * 363);
  assert.deepEqual(conv1.warnings, []);
  const classifier6 = result.layers.find((l: { name: string }) => l.name === 'classifier.6');
  assert.equal(classifier6.output_shape, null);
  assert.equal(classifier6.params, null);
  assert.deepEqual(classifier6.symbolic, ['out_features']);
  assert.equal(classifier6.config.out_features, 'num_classes');
});

test('the default table lists every layer, then what is symbolic', async () => {
  const { status, stdout } = await run(['inspect', fixture, '--static']);
  assert.equal(status, 0);
  const lines = stdout.split('\n');
  assert.equal(lines[0], 'not traced, read without running: asked for with --static');
  assert.match(lines[2], /^line\s+name\s+layer\s+input\s+output\s+params\s+MACs$/);
  assert.ok(lines.some((l) => /^\s+21\s+features\.0\s+nn\.Conv2d\s+\(1, 3, 224, 224\)\s+\(1, 64, 55, 55\)\s+23,296\s+70,276,800$/.test(l)), stdout);
  assert.match(stdout, /not literal \(kept symbolic\):\n(.*\n)*  line 44: out_features=num_classes/);
});

test('a layer no hint reaches shows ? and says how to size it; bad options exit 2', async () => {
  const [pool] = inspectPython('pool = nn.MaxPool2d(2)\n').layers;
  assert.deepEqual([pool.input_shape, pool.input_source, pool.output_shape, pool.macs], [null, null, null, null]);
  const table = (await run([fixture, '--static'])).stdout;
  assert.match(table, /^\s+128\s+bn\s+nn\.BatchNorm2d\s+\?\s+\?\s+256\s*$/m);
  assert.match(table, /\? unknown: no `# input: \(N, C, H, W\)` hint reaches this layer/);
  assert.equal((await run([fixture, '--static', '--input', '1,3,64,64'])).status, 2, 'a static reading assumes no input, so there is none to give');
  assert.equal((await run([fixture, '--input', '1,3,0,64'])).status, 2);
  assert.equal((await run([fixture, '--bogus'])).status, 2);
  assert.equal((await run([])).status, 2);
  const missing = await run(['/nonexistent/model.py']);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /cannot read \/nonexistent\/model\.py/);
});
