// The PyTorch ground truth of the model fixtures (test/fixtures/models/truth.json) holds together:
// it was made from the fixture files as they are now, its per-call MACs follow the contract's rule
// from the recorded settings and shapes, its sums are its totals, and the architectures it claims
// to be have the published parameter and MAC counts.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import {
  callsBuiltAt,
  fixtureSource,
  loadModelTruth,
  macsByRule,
  MODEL_FIXTURES_DIR,
  modelTruth,
  type MacConfig,
  type Shape,
  type SourceSpan,
  type TruthModel,
} from '../support/model_truth';

const truth = loadModelTruth();

/** Text of a recorded span in its fixture file. */
function spanText(span: SourceSpan): string {
  const lines = fixtureSource(span.file).split('\n').slice(span.line - 1, span.end_line);
  if (lines.length === 1) return lines[0].slice(span.column, span.end_column);
  lines[lines.length - 1] = lines[lines.length - 1].slice(0, span.end_column);
  lines[0] = lines[0].slice(span.column);
  return lines.join('\n');
}

/** Parameter count of a conv or linear layer from its settings alone. */
function paramsByConfig(c: MacConfig): number {
  if (c.kind === 'linear') return c.in_features * c.out_features + (c.bias ? c.out_features : 0);
  const taps = c.kernel_size.reduce((a, b) => a * b, 1);
  return (c.in_channels * c.out_channels * taps) / c.groups + (c.bias ? c.out_channels : 0);
}

/** Output shape of a conv or linear layer by the textbook formulas (PyTorch's docs). */
function outputByConfig(c: MacConfig, input: Shape): Shape {
  if (c.kind === 'linear') return [...input.slice(0, -1), c.out_features];
  const spatial = input.slice(2).map((size, i) => {
    const reach = c.dilation[i] * (c.kernel_size[i] - 1);
    if (c.kind === 'conv_transpose') return (size - 1) * c.stride[i] - 2 * (c.padding as number[])[i] + reach + c.output_padding[i] + 1;
    const pad = c.padding === 'same' ? reach / 2 : c.padding === 'valid' ? 0 : (c.padding as number[])[i];
    return Math.floor((size + 2 * pad - reach - 1) / c.stride[i]) + 1;
  });
  return [input[0], c.out_channels, ...spatial];
}

function pyFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === '__pycache__' ? [] : pyFiles(p);
    return name.endsWith('.py') ? [p] : [];
  });
}

test('truth.json was generated from the fixture files as they are now', () => {
  const root = fileURLToPath(MODEL_FIXTURES_DIR);
  const now = Object.fromEntries(
    pyFiles(root)
      .map((p) => [relative(root, p).split('\\').join('/'), createHash('sha256').update(fixtureSource(relative(root, p))).digest('hex')])
      .sort(),
  );
  assert.deepEqual(now, Object.fromEntries(Object.entries(truth.sources).sort()), 'a fixture changed: rerun /usr/bin/python3 scripts/models/ground_truth.py');
  assert.match(truth.generator.torch, /^\d+\.\d+/);
});

test('the contract table: params and true MACs at (1, 3, 224, 224)', () => {
  const table: [string, number, number | null][] = [
    ['vgg16', 138_357_544, 15_470_264_320],
    ['resnet18', 11_689_512, 1_814_073_344],
    ['mobilenet_v2', 3_504_872, 300_774_272],
    ['alexnet', 61_100_840, 714_188_480],
    ['resnet50', 25_557_032, null],
  ];
  for (const [id, params, macs] of table) {
    const m = modelTruth(id);
    assert.deepEqual(m.input, [1, 3, 224, 224], id);
    assert.equal(m.total_params, params, `${id} params`);
    if (macs !== null) assert.equal(m.total_macs, macs, `${id} MACs`);
  }
});

function checkModules(m: TruthModel): void {
  const paths = m.modules.map((r) => r.path);
  assert.equal(new Set(paths).size, paths.length, `${m.id}: module paths are unique`);
  assert.equal(paths[0], '', `${m.id}: the model comes first`);
  assert.equal(m.modules.reduce((s, r) => s + r.params, 0), m.total_params, `${m.id}: own params sum to the total`);
  assert.ok(m.trainable_params <= m.total_params);
  for (const r of m.modules) {
    const isConv = /^Conv(Transpose)?[123]d$/.test(r.class);
    const where = `${m.id} ${r.path}`;
    assert.equal(r.config !== null, isConv || r.class === 'Linear', `${where}: settings exactly for conv/linear`);
    if (r.config) {
      assert.equal(r.config.kind, r.class === 'Linear' ? 'linear' : r.class.includes('Transpose') ? 'conv_transpose' : 'conv', where);
      assert.equal(r.params, paramsByConfig(r.config), `${where}: params from its settings`);
    }
    if (r.built_at) {
      assert.deepEqual(r.built_at, r.built_stack[0], where);
      for (const frame of r.built_stack) assert.match(spanText(frame), /^[\w.]+\([\s\S]*\)$/, `${where}: built by a call at ${frame.file}:${frame.line}`);
    }
  }
}

function checkCalls(m: TruthModel): void {
  const byPath = new Map(m.modules.map((r) => [r.path, r]));
  const root = m.calls[0];
  assert.equal(root.path, '', `${m.id}: the first call is the model's`);
  assert.deepEqual(root.input_shapes, [m.input]);
  assert.deepEqual(root.output_shape, m.output);
  let previousDepth = -1;
  let macs = 0;
  for (const call of m.calls) {
    const where = `${m.id} ${call.path}`;
    const mod = byPath.get(call.path ?? '');
    assert.ok(mod && call.path !== null, `${where}: a registered module`);
    assert.equal(call.class, mod.class, where);
    assert.equal(call.params, mod.params, where);
    assert.deepEqual(call.built_at, mod.built_at, where);
    assert.equal(call.depth, call.path === '' ? 0 : call.path.split('.').length, `${where}: depth is the path's`);
    if (call.path === '') assert.equal(call.called_at, null, `${where}: the model is called by the generator`);
    else assert.match(spanText(call.called_at!), /^[\w.\[\]]+\([\s\S]*\)$/, `${where}: called from a call expression in user code`);
    assert.ok(call.depth <= previousDepth + 1, `${where}: calls nest in order`);
    previousDepth = call.depth;
    if (call.output_shape === null) {
      assert.ok(m.error, `${where}: only an error leaves a call without output`);
      continue;
    }
    assert.equal(call.macs, macsByRule(mod.config, call.input_shapes[0], call.output_shape), `${where}: MACs by the rule`);
    if (mod.config) assert.deepEqual(call.output_shape, outputByConfig(mod.config, call.input_shapes[0]), `${where}: output shape`);
    macs += call.macs ?? 0;
  }
  assert.equal(macs, m.total_macs, `${m.id}: call MACs sum to the total`);
  if (!m.error) {
    const called = new Set(m.calls.map((c) => c.path));
    for (const r of m.modules) assert.ok(r.params === 0 || called.has(r.path), `${m.id} ${r.path}: weights that are used`);
  }
}

function checkFunctional(m: TruthModel): void {
  const paths = new Set(m.modules.map((r) => r.path));
  for (const f of m.functional) {
    const where = `${m.id} ${f.call} at ${f.file}:${f.line}`;
    assert.ok(f.within !== null && paths.has(f.within), `${where}: inside a module's forward`);
    assert.notDeepEqual(f.output_shapes, f.input_shapes.slice(0, 1), `${where}: changes the shape`);
    assert.ok(spanText(f).startsWith(`${f.call}(`), `${where}: the span is the call`);
    assert.ok(f.call.endsWith(f.op), where);
  }
}

for (const m of truth.models) {
  test(`${m.id}: modules, calls and functional ops agree with each other`, () => {
    checkModules(m);
    checkCalls(m);
    checkFunctional(m);
  });
}

test('every input hint in the fixtures is the input the truth used for that model', () => {
  let seen = 0;
  for (const file of Object.keys(truth.sources)) {
    for (const line of fixtureSource(file).split('\n')) {
      const hint = line.match(/# input: \(([\d, ]+)\)/);
      if (!hint) continue;
      // `class Net(nn.Module):  # input: ...` names a class; `netG = Generator(ngpu)...` a constructor
      const named = line.match(/^class (\w+)\(/)?.[1];
      const callee = line.match(/^\s*\w+ = ([\w.]+)\(/)?.[1];
      const matches = (m: TruthModel) => (named ? m.class === named : m.build.startsWith(`${callee}(`));
      // a hint describes the file run without script arguments
      const models = truth.models.filter((m) => m.file === file && m.args.length === 0 && matches(m));
      assert.ok(models.length > 0, `${file}: a hint no model answers: ${line.trim()}`);
      for (const m of models) assert.deepEqual(m.input, hint[1].split(',').map(Number), `${m.id}: ${line.trim()}`);
      seen += 1;
    }
  }
  assert.ok(seen >= 10, `hints checked: ${seen}`);
});

test('what the editor issue names: LeNet forward order, VGG pools, Fire expands, U-Net pad', () => {
  const lenet = modelTruth('lenet');
  const conv2 = lenet.calls.find((c) => c.path === 'conv2');
  assert.deepEqual([conv2?.input_shapes[0], conv2?.output_shape], [[1, 6, 14, 14], [1, 16, 10, 10]]);
  assert.deepEqual(lenet.functional.map((f) => f.call), ['F.max_pool2d', 'F.max_pool2d', 'x.view']);

  const pools = modelTruth('vgg16').calls.filter((c) => c.class === 'MaxPool2d').map((c) => c.output_shape);
  assert.deepEqual(pools, [[1, 64, 112, 112], [1, 128, 56, 56], [1, 256, 28, 28], [1, 512, 14, 14], [1, 512, 7, 7]]);

  const fire = modelTruth('squeezenet1_0').calls.filter((c) => c.path === 'features.3.expand3x3');
  assert.deepEqual(fire.map((c) => c.input_shapes[0]), [[1, 16, 54, 54]]);

  const pads = modelTruth('unet').functional.filter((f) => f.op === 'pad');
  assert.deepEqual(pads.map((f) => [f.input_shapes[0], f.output_shapes[0]]), [
    [[1, 512, 70, 70], [1, 512, 71, 71]],
    [[1, 256, 142, 142], [1, 256, 143, 143]],
  ]);

  const resnet = modelTruth('resnet18');
  const lineOf = (text: string) => fixtureSource('resnet.py').split('\n').findIndex((l) => l.includes(text)) + 1;
  const conv3x3 = callsBuiltAt(resnet, 'resnet.py', lineOf('return nn.Conv2d('));
  assert.equal(conv3x3.length, 16, "ResNet-18 calls 16 convs built at conv3x3's one line");
  assert.ok(conv3x3.every((c) => c.class === 'Conv2d' && c.built_at?.line === lineOf('return nn.Conv2d(')));
  const blockConv1 = callsBuiltAt(resnet, 'resnet.py', lineOf('self.conv1 = conv3x3(inplanes, planes, stride)'));
  assert.deepEqual(blockConv1.map((c) => c.path), ['layer1.0.conv1', 'layer1.1.conv1', 'layer2.0.conv1', 'layer2.1.conv1', 'layer3.0.conv1', 'layer3.1.conv1', 'layer4.0.conv1', 'layer4.1.conv1']);
  assert.deepEqual(new Set(blockConv1.map((c) => c.output_shape?.join('x'))), new Set(['1x64x56x56', '1x128x28x28', '1x256x14x14', '1x512x7x7']));
});

test('script arguments reach the module-level names argparse sets (DCGAN nz, ngf)', () => {
  const first = (id: string) => modelTruth(id).modules.find((r) => r.path === 'main.0')?.config;
  assert.deepEqual(modelTruth('dcgan_generator').args, []);
  assert.deepEqual(modelTruth('dcgan_generator_args').args, ['--nz', '64', '--ngf', '32']);
  assert.deepEqual([first('dcgan_generator')], [{ ...first('dcgan_generator'), in_channels: 100, out_channels: 512 }]);
  assert.deepEqual([first('dcgan_generator_args')], [{ ...first('dcgan_generator_args'), in_channels: 64, out_channels: 256 }]);
  assert.deepEqual(modelTruth('dcgan_generator_args').output, [2, 3, 64, 64]);
});

test('the planted bug: PyTorch\'s message, at the forward line that calls the wrong Linear', () => {
  const m = modelTruth('lenet_bug');
  assert.ok(m.error?.at);
  assert.equal(m.error.type, 'RuntimeError');
  const fc1 = m.modules.find((r) => r.path === 'fc1');
  const view = m.functional.find((f) => f.op === 'view');
  assert.ok(fc1?.config?.kind === 'linear' && view);
  const [rows, cols] = view.output_shapes[0];
  assert.equal(m.error.message, `mat1 and mat2 shapes cannot be multiplied (${rows}x${cols} and ${fc1.config.in_features}x${fc1.config.out_features})`);
  assert.equal(spanText(m.error.at), 'self.fc1(x)');
  assert.equal(m.error.at.function, 'forward');
  assert.equal(m.output, null);
  assert.deepEqual(m.calls.filter((c) => c.output_shape === null).map((c) => c.path), ['', 'fc1']);
});
