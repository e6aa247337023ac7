// What the hover, the inlay hints, the diagnostics and the hover's commands say for known layers.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findLayerCalls } from '../../../lang/pyfile/python_layers';
import { layerDiagnostics } from '../../../extension/editor/diagnostics_text';
import { COPY_FORMULA_COMMAND, formulaText, layerHoverMarkdown, shapeTuple, VISUALIZE_COMMAND, visualizeCellSource } from '../../../extension/editor/hover_text';
import { layerInlayHints } from '../../../extension/editor/inlay_text';
import { callAtOffset, callsInRange, LayerCallCache } from '../../../extension/editor/layer_cache';

const OPTIONS = { defaultInputSize: [1, 3, 224, 224], commandLinks: true };
const EXAMPLE = '# input: (1, 64, 56, 56)\nconv = nn.Conv2d(64, 128, 3, stride=2, padding=1)\n';

function commandArgument(markdown: string, command: string): Record<string, string> {
  const m = new RegExp(`\\(command:${command.replace('.', '\\.')}\\?([^)]+)\\)`).exec(markdown);
  assert.ok(m, `no ${command} link in\n${markdown}`);
  return JSON.parse(decodeURIComponent(m[1]))[0];
}

test('hover of nn.Conv2d(64, 128, 3, stride=2, padding=1) on (1, 64, 56, 56)', () => {
  const [call] = findLayerCalls(EXAMPLE);
  const md = layerHoverMarkdown(call, OPTIONS);
  assert.match(md, /^\*\*nn\.Conv2d\*\* `conv`/);
  assert.match(md, /`\(1, 64, 56, 56\)` → \*\*`\(1, 128, 28, 28\)`\*\* · input from the `# input:` hint/);
  assert.match(md, /\*\*73,856\*\* params \(73,728 weights \+ 128 bias\)/);
  // 128 output channels × 64·3·3 taps per position × 28·28 positions.
  assert.match(md, /57,802,752 MACs/);
  assert.match(md, /\| kernel_size \| `3` \|/);
  assert.match(md, /\| dilation \| `1` \*default\* \|/);
  assert.match(md, /\| padding_mode \| `'zeros'` \*default\* \|/);
  assert.match(md, /- H: `⌊\(i \+ 2p − k\) \/ s⌋ \+ 1` → `⌊\(56 \+ 2·1 − 3\) \/ 2⌋ \+ 1 = ⌊55 \/ 2⌋ \+ 1 = 27 \+ 1 = 28`/);
  assert.match(md, /- W: /);
  assert.match(md, /\*\*MACs per output position\*\* 73,728/);
  assert.doesNotMatch(md, /⚠️/);

  const visualize = commandArgument(md, VISUALIZE_COMMAND);
  assert.equal(visualize.layer, 'nn.Conv2d(64, 128, 3, stride=2, padding=1)');
  assert.match(visualize.source, /\nlayer = nn\.Conv2d\(64, 128, kernel_size=\(3, 3\), stride=\(2, 2\), padding=\(1, 1\)\)\nsweep\(layer, input_size=\(1, 64, 56, 56\)\)$/);
  const copy = commandArgument(md, COPY_FORMULA_COMMAND);
  assert.equal(copy.text, formulaText(call));
  assert.match(copy.text, /^H_out = ⌊\(i \+ 2p − k\) \/ s⌋ \+ 1 = .* = 28\nW_out = .* = 28\nparams = .* = 73,856$/);
});

test('hover of an aliased call names what it resolved to; torch.nn.* too', () => {
  const [a, b] = findLayerCalls('import torch.nn as tnn\nimport torch\nx = tnn.MaxPool2d(3, 2)\ny = torch.nn.AvgPool2d(2)\n');
  assert.match(layerHoverMarkdown(a, OPTIONS), /^\*\*nn\.MaxPool2d\*\* `x` — written `tnn\.MaxPool2d`/);
  const md = layerHoverMarkdown(b, OPTIONS);
  // No hint: no shape is guessed; the hover says so and how to give one, and keeps the symbols.
  assert.match(md, /Input shape unknown, so output shape and MACs are left out: write `# input: \(N, C, H, W\)`/);
  assert.doesNotMatch(md.split("[Visualize")[0], /224|→ \*\*/, "no shape outside the demonstration cell the link opens");
  assert.match(md, /- H: `⌊\(i \+ 2p − k\) \/ s⌋ \+ 1`\n/);
  assert.match(md, /\| stride \| `None` \*default\* \|/);
});

test('hover with warnings and a symbolic argument', () => {
  const source = '# input: (1, 1, 8, 8)\nc = nn.Conv2d(1, 4, 3, stride=2)\nd = nn.Conv2d(cfg.c, 8, 3, stride=2, padding=1)\n';
  const [c, d] = findLayerCalls(source);
  const mc = layerHoverMarkdown(c, OPTIONS);
  assert.match(mc, /⚠️ H: input row 7 is never read/);
  assert.match(mc, /⚠️ W: input column 7 is never read/);
  const md = layerHoverMarkdown(d, OPTIONS);
  assert.match(md, /\| in_channels \| `cfg\.c` \*\(not a literal\)\* \|/);
  assert.match(md, /\*`in_channels=cfg\.c` is not a literal, so convbook cannot know its value/);
  // The geometry is still known, as symbols: no input, no numbers.
  assert.match(md, /\*\*Output size\*\* per axis\n\n- H: `⌊\(i \+ 2p − k\) \/ s⌋ \+ 1`\n- W: /);
  assert.doesNotMatch(md, /224/);
  assert.doesNotMatch(md, /Visualize in notebook/, 'an incomplete layer cannot be run');
  assert.equal(visualizeCellSource(d, OPTIONS), null);
});

test('hover of a functional conv shows what the call knows', () => {
  const [call] = findLayerCalls('y = F.conv2d(x, w, b, stride=2, dilation=2)\n');
  const md = layerHoverMarkdown(call, OPTIONS);
  assert.match(md, /Kernel size and channels come from the weight `w`, whose shape is not in the call; a bias tensor is passed/);
  assert.match(md, /\| stride \| `2` \|/);
  assert.match(md, /\| padding \| `0` \*default\* \|/);
  assert.match(md, /- H: `⌊\(i \+ 2p − d\(k − 1\) − 1\) \/ s⌋ \+ 1`/);
});

test('hover of an error names PyTorch exception', () => {
  const [call] = findLayerCalls("c = nn.Conv2d(3, 8, 3, stride=2, padding='same')\n");
  assert.match(layerHoverMarkdown(call, OPTIONS), /⚠️ ValueError: padding='same' is not supported for strided convolutions/);
});

test('inlay hints: after each hinted layer of a Sequential, past the comma; not on __init__ layers forward() may reorder', () => {
  const source = `class Net(nn.Module):
    def __init__(self):
        # input: (1, 3, 224, 224)
        self.stem = nn.Sequential(
            nn.Conv2d(3, 64, 7, stride=2, padding=3),
            nn.ReLU(),
        )
        self.pool = nn.MaxPool2d(3, 2, 1)
free = nn.Conv2d(3, 3, 3)
`;
  const calls = findLayerCalls(source);
  const hints = layerInlayHints(source, calls);
  assert.deepEqual(
    hints.map((h) => [h.line, h.character, h.label]),
    [
      [4, 53, '→ (1, 64, 112, 112)'],
      [5, 22, '→ (1, 64, 112, 112)'],
    ],
    'the pool under the Sequential and the free-standing layer have no known input, so no hint',
  );
  const lines = source.split('\n');
  assert.equal(lines[4].slice(0, 53), '            nn.Conv2d(3, 64, 7, stride=2, padding=3),');
  assert.equal(hints[0].tooltip, 'nn.Conv2d: (1, 3, 224, 224) → (1, 64, 112, 112) · 9,472 params');
});

test('diagnostics carry PyTorch messages at the argument, 0-based', () => {
  const source = "# input: (1, 3, 32, 32)\nnet = nn.Sequential(nn.Conv2d(3, 16, 3), nn.Conv2d(8, 16, 3), nn.Conv2d(16, 16, 3, paddin=1))\n";
  const diagnostics = layerDiagnostics(findLayerCalls(source));
  const line = source.split('\n')[1];
  const eight = line.indexOf('nn.Conv2d(8') + 'nn.Conv2d('.length;
  const typo = line.indexOf('paddin=1');
  assert.deepEqual(
    diagnostics.map((d) => [d.line, d.character, d.endCharacter, d.severity, d.code]),
    [
      [1, eight, eight + 1, 'error', 'RuntimeError'],
      [1, typo, typo + 'paddin=1'.length, 'error', 'TypeError'],
    ],
  );
  assert.equal(diagnostics[0].message, 'RuntimeError: Given groups=1, weight of size [16, 8, 3, 3], expected input[1, 16, 30, 30] to have 8 channels, but got 16 channels instead');
  assert.equal(diagnostics[1].message, "TypeError: Conv2d.__init__() got an unexpected keyword argument 'paddin'. Did you mean 'padding'?");
});

test('the cache computes once per version; lookups by offset', () => {
  const cache = new LayerCallCache();
  let reads = 0;
  const text = () => {
    reads++;
    return EXAMPLE;
  };
  const first = cache.get('a', 1, text);
  assert.equal(cache.get('a', 1, text), first);
  assert.equal(reads, 1);
  cache.get('a', 2, text);
  cache.get('a', 2, text);
  assert.equal(reads, 2);
  const offset = EXAMPLE.indexOf('stride');
  assert.equal(callAtOffset(first, offset)?.canonical, 'nn.Conv2d');
  assert.equal(callAtOffset(first, 3), null);
  assert.equal(callsInRange(first, 0, EXAMPLE.length).length, 1);
});

test('shapes print as Python tuples', () => {
  assert.equal(shapeTuple([1, 64, 56, 56]), '(1, 64, 56, 56)');
  assert.equal(shapeTuple([10]), '(10,)');
});
