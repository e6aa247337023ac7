// What the editor shows from a trace, on real PyTorch's traces of the fixtures (truth.json): the
// hover on a building line with its visualize links and on a forward line, the inlay hints of a
// file, and the code lenses over its classes and factories.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TraceIndex } from '../../../reader/trace_index';
import { tracedHoverMarkdown } from '../../../extension/editor/trace_hover_text';
import { tracedInlayHints } from '../../../extension/editor/trace_inlay_text';
import { allDefaulted, lensText, modelDefinitions } from '../../../extension/editor/trace_lens_text';
import { fixtureSource, modelTruth } from '../support/model_truth';

function lineOf(file: string, text: string, after = 0): number {
  const i = fixtureSource(file).split('\n').findIndex((l, n) => n >= after && l.includes(text));
  assert.ok(i >= 0, `${file}: no line with ${text}`);
  return i + 1;
}

function decodedLinks(markdown: string): { label: string; args: { source: string } }[] {
  return [...markdown.matchAll(/\[([^\]]+)\]\(command:convbook\.visualizeLayer\?([^)]+)\)/g)].map((m) => ({
    label: m[1],
    args: JSON.parse(decodeURIComponent(m[2]))[0],
  }));
}

test('the hover on conv3x3\'s return line lists its 16 calls, with a sweep link per distinct input', () => {
  const index = new TraceIndex(modelTruth('resnet18'));
  const line = lineOf('resnet.py', 'return nn.Conv2d(');
  const md = tracedHoverMarkdown(index, 'resnet.py', line, 4, { input: 'setting' }, true)!;
  assert.match(md, /called 16 times/);
  assert.match(md, /assumed input \(1, 3, 224, 224\)/);
  const links = decodedLinks(md);
  assert.equal(links.length, 4, 'four links shown of the seven distinct inputs');
  assert.match(md, /· …$/);
  assert.equal(links[0].label, 'Visualize `layer1.0.conv1` on (1, 64, 56, 56)');
  assert.match(links[0].args.source, /layer = nn\.Conv2d\(64, 64, kernel_size=\(3, 3\), stride=\(1, 1\), padding=\(1, 1\), bias=False\)\nsweep\(layer, input_size=\(1, 64, 56, 56\)\)$/);
  assert.match(links[1].args.source, /stride=\(2, 2\)[\s\S]*input_size=\(1, 64, 56, 56\)/, 'layer2.0.conv1 strides from 56 to 28');
  assert.equal(tracedHoverMarkdown(index, 'resnet.py', line, 4, { input: 'hint' }, false)!.includes('command:'), false);
});

test('the hover on a forward line says what the statement produced; a line the trace never saw has none', () => {
  const index = new TraceIndex(modelTruth('lenet'));
  const forward = lineOf('lenet.py', 'def forward');
  const md = tracedHoverMarkdown(index, 'lenet.py', lineOf('lenet.py', 'x.view(-1, 16 * 5 * 5)', forward), 8, { input: 'hint' }, true)!;
  assert.match(md, /^\*\*→ \(1, 400\)\*\*\n\nran once: \(1, 400\)/);
  assert.equal(tracedHoverMarkdown(index, 'lenet.py', forward, 4, { input: 'hint' }, true), null);
});

test('inlay hints: every forward statement of LeNet, and the layers __init__ built, at the end of their lines', () => {
  const index = new TraceIndex(modelTruth('lenet'));
  const source = fixtureSource('lenet.py').split('\n');
  const hints = tracedInlayHints(index, 'lenet.py', { input: 'hint' }, (l) => source[l].length);
  const at = (text: string) => hints.filter((h) => source[h.line].includes(text)).map((h) => h.label);
  assert.deepEqual(at('self.conv1(x)'), ['→ (1, 6, 14, 14)']);
  assert.deepEqual(at('x.view('), ['→ (1, 400)']);
  assert.deepEqual(at('return self.fc3(x)'), ['→ (1, 10)']);
  assert.deepEqual(at('self.conv2 = nn.Conv2d'), ['→ (1, 16, 10, 10)'], 'the conv itself, before the pool');
  assert.deepEqual(at('self.fc1 = nn.Linear'), ['→ (1, 120)']);
  for (const h of hints) assert.equal(h.character, source[h.line].length);
  assert.equal(new Set(hints.map((h) => h.line)).size, hints.length, 'one hint per line');

  const resnet = new TraceIndex(modelTruth('resnet18'));
  const rs = fixtureSource('resnet.py').split('\n');
  const rhints = tracedInlayHints(resnet, 'resnet.py', { input: 'hint' }, (l) => rs[l].length);
  const helper = rhints.find((h) => h.line === lineOf('resnet.py', 'return nn.Conv2d(') + 1);
  assert.equal(helper?.label, '→ 4 shapes', 'after the closing line of conv3x3\'s call: convs of four output shapes');
  assert.match(helper!.tooltip, /^Conv2d called 16 times: /);
});

test('code lenses: the traced model\'s totals over its factory and class, a traced block\'s calls, an offer to trace the others', () => {
  const defs = modelDefinitions(fixtureSource('resnet.py'));
  const byName = new Map(defs.map((d) => [d.name, d]));
  const trace = modelTruth('resnet18');
  assert.equal(lensText(byName.get('resnet18')!, trace, { input: 'setting' })?.title, 'convbook: (1, 3, 224, 224) (assumed input) → (1, 1000) · 11.7M params · 1.81 GMACs');
  assert.equal(lensText(byName.get('ResNet')!, trace, { input: 'setting' })?.action, 'notebook');
  assert.equal(lensText(byName.get('BasicBlock')!, trace, { input: 'hint' })?.title, 'convbook: called 8× in resnet18(): 7 distinct input → output');
  assert.deepEqual(lensText(byName.get('resnet50')!, trace, { input: 'hint' }), {
    title: 'convbook: trace resnet50()', action: 'trace', expr: 'resnet50()', tooltip: 'Trace resnet50() for this file: hovers, inlay hints and diagnostics then come from it',
  });
  assert.equal(lensText(byName.get('conv3x3')!, trace, { input: 'hint' }), null, 'a layer helper that needs arguments gets no lens');
  assert.equal(lensText(byName.get('_ResidualBlock')!, trace, { input: 'hint' }), null, 'a private base class is not offered');
  assert.equal(lensText(byName.get('resnet18')!, null, null)?.title, 'convbook: trace resnet18()', 'untraced: every buildable model is offered');
  assert.deepEqual(defs.map((d) => d.name), ['conv3x3', 'conv1x1', '_ResidualBlock', 'BasicBlock', 'Bottleneck', 'ResNet', '_build', 'resnet18', 'resnet34', 'resnet50']);
  assert.deepEqual(modelDefinitions(fixtureSource('dcgan.py')).map((d) => [d.name, d.buildsWithoutArguments]), [['Generator', false], ['Discriminator', false]]);
});

test('which signatures build without arguments', () => {
  assert.equal(allDefaulted('def resnet18(*, weights: Optional[X] = None, progress: bool = True, **kwargs: Any) -> ResNet:'), true);
  assert.equal(allDefaulted('def conv3x3(in_planes: int, out_planes: int, stride: int = 1) -> nn.Conv2d:'), false);
  assert.equal(allDefaulted('    def __init__(self, classes=10, sizes: Tuple[int, int] = (3, 4)):'), true);
  assert.equal(allDefaulted('    def __init__(self, ngpu):'), false);
  assert.equal(allDefaulted('def f():'), true);
});
