// The editor's reading of a model trace, checked on what real PyTorch recorded for the model
// fixtures (test/fixtures/models/truth.json is a ModelTrace per model): which calls a line built,
// what each forward statement produced, where a forward failed, the code lens's totals.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TraceIndex } from '../../../reader/trace_index';
import { modelLensTitle, statementLabel, traceDiagnostic, traceHoverMarkdown } from '../../../extension/editor/trace_text';
import { fixtureSource, modelTruth } from '../support/model_truth';

/** 1-based line of the first line of `file` containing `text` (after line `after`). */
function lineOf(file: string, text: string, after = 0): number {
  const lines = fixtureSource(file).split('\n');
  const i = lines.findIndex((l, n) => n >= after && l.includes(text));
  assert.ok(i >= 0, `${file}: no line with ${text}`);
  return i + 1;
}

test('a helper line that builds 16 convs: the hover lists them grouped by shape, with params and MACs', () => {
  const index = new TraceIndex(modelTruth('resnet18'));
  const line = lineOf('resnet.py', 'return nn.Conv2d(');
  const calls = index.callsBuiltAt('resnet.py', line);
  assert.equal(calls.length, 16);
  assert.ok(calls.every((c) => c.class === 'Conv2d'));
  const groups = index.groups(calls);
  assert.deepEqual(groups.map((g) => g.paths.length), [4, 1, 3, 1, 3, 1, 3]);
  const [first, down] = groups;
  assert.deepEqual([first.inputShapes, first.outputShape], [[[1, 64, 56, 56]], [1, 64, 56, 56]]);
  assert.deepEqual(first.paths, ['layer1.0.conv1', 'layer1.0.conv2', 'layer1.1.conv1', 'layer1.1.conv2']);
  assert.equal(first.params, 4 * 64 * 64 * 9);
  assert.equal(first.macsEach, 64 * 56 * 56 * 64 * 9);
  assert.deepEqual([down.inputShapes[0], down.outputShape, down.paths], [[1, 64, 56, 56], [1, 128, 28, 28], ['layer2.0.conv1']]);

  const md = traceHoverMarkdown(index, 'resnet.py', line, { input: 'hint' })!;
  assert.match(md, /^\*\*Conv2d\*\* built at `conv3x3` \(resnet\.py:\d+\) — called 16 times/);
  assert.match(md, /\| 4 \| `\(1, 64, 56, 56\)` → `\(1, 64, 56, 56\)` \| 147,456 \| 115,605,504 \| `layer1\.0\.conv1`, `layer1\.0\.conv2`, `layer1\.1\.conv1`, `layer1\.1\.conv2` \|/);
  assert.match(md, /traced `resnet18\(\)` on \(1, 3, 224, 224\) from the `# input:` hint/);
});

test('a line that calls a helper lists what that helper built there, and a block line lists the blocks, not their layers', () => {
  const index = new TraceIndex(modelTruth('resnet18'));
  const conv1 = index.callsBuiltAt('resnet.py', lineOf('resnet.py', 'self.conv1 = conv3x3(inplanes, planes, stride)'));
  assert.deepEqual(conv1.map((c) => c.path), ['layer1.0.conv1', 'layer1.1.conv1', 'layer2.0.conv1', 'layer2.1.conv1', 'layer3.0.conv1', 'layer3.1.conv1', 'layer4.0.conv1', 'layer4.1.conv1']);
  const blocks = index.callsBuiltAt('resnet.py', lineOf('resnet.py', 'stage = [block('));
  assert.deepEqual(blocks.map((c) => c.path), ['layer1.0', 'layer2.0', 'layer3.0', 'layer4.0'], 'the first block of each stage, not its layers');
  assert.ok(blocks.every((c) => c.class === 'BasicBlock'));
  assert.equal(index.callsBuiltAt('resnet.py', lineOf('resnet.py', 'features = torch.flatten(')).length, 0, 'a forward line builds nothing');
});

test('forward statements: each shows the shape of its outermost traced call, in the order forward runs them', () => {
  const index = new TraceIndex(modelTruth('lenet'));
  const results = index.statementResults('lenet.py');
  const at = (text: string) => results.get(lineOf('lenet.py', text, lineOf('lenet.py', 'def forward')));
  assert.equal(statementLabel(at('F.max_pool2d(F.relu(self.conv1(x))')!), '→ (1, 6, 14, 14)', 'the pool, not the conv inside it');
  assert.equal(statementLabel(at('F.max_pool2d(F.relu(self.conv2(x))')!), '→ (1, 16, 5, 5)');
  assert.equal(statementLabel(at('x.view(-1, 16 * 5 * 5)')!), '→ (1, 400)');
  assert.equal(statementLabel(at('self.fc1(x)')!), '→ (1, 120)');
  assert.equal(statementLabel(at('return self.fc3(x)')!), '→ (1, 10)');
  assert.equal(results.get(lineOf('lenet.py', 'def forward')), undefined);
});

test('a statement run by every block shows how many shapes it had; a Sequential call shows its own output, not its children\'s', () => {
  const resnet = new TraceIndex(modelTruth('resnet18')).statementResults('resnet.py');
  const blockConv = resnet.get(lineOf('resnet.py', 'y = self.relu(self.bn1(self.conv1(x)))'))!;
  assert.deepEqual([blockConv.runs, blockConv.shapes.length, statementLabel(blockConv)], [8, 4, '→ 4 shapes'], 'every BasicBlock runs it');
  const stage = resnet.get(lineOf('resnet.py', 'x = stage(x)'))!;
  assert.deepEqual(stage.shapes, [[1, 64, 56, 56], [1, 128, 28, 28], [1, 256, 14, 14], [1, 512, 7, 7]], 'the stages, not the blocks inside them, which share the call site');
  assert.equal(statementLabel(resnet.get(lineOf('resnet.py', 'x = self.maxpool(self.relu(self.bn1(self.conv1(x))))'))!), '→ (1, 64, 56, 56)');
  assert.equal(statementLabel(resnet.get(lineOf('resnet.py', 'features = torch.flatten(self.avgpool(x), 1)'))!), '→ (1, 512)');

  const vgg = new TraceIndex(modelTruth('vgg16')).statementResults('vgg.py');
  assert.equal(statementLabel(vgg.get(lineOf('vgg.py', 'pooled = self.avgpool(self.features(x))'))!), '→ (1, 512, 7, 7)');
  assert.equal(statementLabel(vgg.get(lineOf('vgg.py', 'return self.classifier(torch.flatten(pooled, start_dim=1))'))!), '→ (1, 1000)');
});

test('two files: the U-Net parts are traced where they are written', () => {
  const index = new TraceIndex(modelTruth('unet'));
  const line = lineOf('unet/parts.py', 'nn.Conv2d(a, b, 3, padding=1');
  const onLine = index.callsBuiltAt('unet/parts.py', line);
  assert.deepEqual([...new Set(onLine.map((c) => c.class))], ['Conv2d', 'BatchNorm2d', 'ReLU'], 'the line builds three layers');
  const column = fixtureSource('unet/parts.py').split('\n')[line - 1].indexOf('nn.Conv2d(') + 3;
  const convs = index.callsBuiltAt('unet/parts.py', line, column);
  assert.equal(convs.length, 18, 'at the conv: the nine conv pairs\' convs');
  assert.ok(convs.every((c) => c.class === 'Conv2d'));
  const pads = index.statementResults('unet/parts.py').get(lineOf('unet/parts.py', 'low = F.pad('))!;
  assert.deepEqual(pads.shapes, [[1, 512, 71, 71], [1, 256, 143, 143]], 'only the two pads that change the shape are traced');
  assert.equal(index.statementResults('unet/model.py').get(lineOf('unet/model.py', 'return self.head(x)'))?.shapes[0].join('x'), '1x2x572x572');
});

test('the planted bug: one diagnostic at the forward expression that raised, with PyTorch\'s message', () => {
  const trace = modelTruth('lenet_bug');
  const d = traceDiagnostic(trace)!;
  assert.equal(d.message, 'RuntimeError: mat1 and mat2 shapes cannot be multiplied (1x400 and 576x120)');
  const line = fixtureSource('lenet_bug.py').split('\n')[d.line];
  assert.equal(line.slice(d.character, d.endCharacter), 'self.fc1(x)');
  assert.equal(d.file, 'lenet_bug.py');
  assert.equal(traceDiagnostic(modelTruth('vgg16')), null, 'a model that runs has none');
});

test('the code lens: input → output, params and true MACs; an assumed input says so', () => {
  assert.equal(modelLensTitle(modelTruth('resnet18'), { input: 'hint' }), 'convbook: (1, 3, 224, 224) → (1, 1000) · 11.7M params · 1.81 GMACs');
  assert.equal(modelLensTitle(modelTruth('vgg16'), { input: 'setting' }), 'convbook: (1, 3, 224, 224) (assumed input) → (1, 1000) · 138M params · 15.5 GMACs');
  assert.equal(modelLensTitle(modelTruth('lenet_bug'), { input: 'hint' }), 'convbook: (1, 1, 32, 32) → RuntimeError · 82.8K params · 358 KMACs');
});
