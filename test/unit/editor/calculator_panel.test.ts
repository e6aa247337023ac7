// The calculator panel's HTML (strict CSP, local resources only) and the receptive-field prefill
// read from selected layers.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calculatorHtml, contentSecurityPolicy, makeNonce } from '../../../extension/calculators/html';
import { receptiveFieldPrefill } from '../../../extension/calculators/prefill';
import { findLayerCalls } from '../../../lang/pyfile/python_layers';
import { receptiveField } from '../../../engine/arithmetic/receptive_field';
import type { WindowSpec } from '../../../engine/layer';

test('the panel HTML loads only the nonce script and local styles', () => {
  const nonce = makeNonce();
  assert.match(nonce, /^[A-Za-z0-9]{32}$/);
  assert.notEqual(makeNonce(), nonce);
  const html = calculatorHtml({
    cspSource: 'https://x.vscode-cdn.net',
    nonce,
    scriptUri: 'https://x.vscode-cdn.net/ext/dist/calculator.js',
    katexCssUri: 'https://x.vscode-cdn.net/ext/dist/katex/katex.min.css',
    calculator: 'solve',
  });
  const csp = contentSecurityPolicy('https://x.vscode-cdn.net', nonce);
  assert.match(csp, /^default-src 'none'; script-src 'nonce-[A-Za-z0-9]{32}';/);
  assert.doesNotMatch(csp, /script-src[^;]*unsafe/);
  assert.ok(html.includes(`content="${csp}"`));
  const scripts = html.match(/<script[^>]*>/g) ?? [];
  assert.equal(scripts.length, 1);
  assert.ok(scripts[0].includes(`nonce="${nonce}"`) && scripts[0].includes('dist/calculator.js'));
  assert.match(html, /<link rel="stylesheet" href="[^"]*dist\/katex\/katex\.min\.css">/);
  assert.match(html, /<body data-calculator="solve">/);
  assert.match(html, /<title>convbook: Solve for Output Size<\/title>/);
});

test('receptive-field prefill from a selected AlexNet features block matches the engine', () => {
  const source = `# input: (1, 3, 224, 224)
features = nn.Sequential(
    nn.Conv2d(3, 64, kernel_size=11, stride=4, padding=2),
    nn.ReLU(inplace=True),
    nn.MaxPool2d(kernel_size=3, stride=2),
    nn.Conv2d(64, 192, kernel_size=5, padding=2),
    nn.BatchNorm2d(192),
    nn.MaxPool2d(kernel_size=3, stride=2),
    nn.Flatten(),
    nn.Linear(192 * 6 * 6, 10),
)
`;
  const prefill = receptiveFieldPrefill(findLayerCalls(source));
  assert.ok(prefill);
  assert.deepEqual(prefill.layers.map((l) => [l.name, l.kind, l.kernel_size, l.stride, l.padding, l.dilation]), [
    ['features.0', 'conv', [11, 11], [4, 4], [2, 2], [1, 1]],
    ['features.2', 'max_pool', [3, 3], [2, 2], [0, 0], [1, 1]],
    ['features.3', 'conv', [5, 5], [1, 1], [2, 2], [1, 1]],
    ['features.5', 'max_pool', [3, 3], [2, 2], [0, 0], [1, 1]],
  ]);
  assert.deepEqual(prefill.input_size, [1, 3, 224, 224]);
  assert.match(prefill.notes.join('\n'), /features\.6: nn\.Flatten mixes all positions; the stack stops before it/);
  assert.equal(prefill.source.split('\n')[0], 'nn.Conv2d(3, 64, kernel_size=(11, 11), stride=(4, 4), padding=(2, 2))');
  // The rows describe the stack the engine sizes: RF = 11, + (3−1)·4, + (5−1)·8, + (3−1)·8 = 67.
  const specs = findLayerCalls(source).map((c) => c.spec!).filter((s) => s.kind === 'conv' || s.kind === 'max_pool') as WindowSpec[];
  const rf = receptiveField(specs);
  let size = 1;
  let jump = 1;
  for (const row of prefill.layers) {
    size += (row.kernel_size[0] - 1) * row.dilation[0] * jump;
    jump *= row.stride[0];
  }
  assert.equal(size, 67);
  assert.deepEqual(rf.receptive_field, [67, 67]);
});

test('no sliding-window layer selected: no prefill', () => {
  assert.equal(receptiveFieldPrefill(findLayerCalls('x = nn.Linear(3, 4)\n')), null);
  assert.equal(receptiveFieldPrefill([]), null);
});
