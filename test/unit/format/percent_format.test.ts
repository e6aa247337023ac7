import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePercentScript, toPercentScript } from '../../../lang/formats/percent_format';
import type { NotebookData } from '../../../lang/formats/notebook_format';

const script = `# %% [markdown]
# # Stride
#
# The window jumps by \`stride\` cells.

# %%
x = randn(1, 1, 7, 7, seed=1)
y = F.conv2d(x, ones(1, 1, 3, 3), stride=2)

# %%
y.shape
`;

test('percent script → cells', () => {
  const nb = parsePercentScript(script);
  assert.deepEqual(nb.cells, [
    { kind: 'markdown', source: '# Stride\n\nThe window jumps by `stride` cells.' },
    { kind: 'code', language: 'convbook', source: 'x = randn(1, 1, 7, 7, seed=1)\ny = F.conv2d(x, ones(1, 1, 3, 3), stride=2)' },
    { kind: 'code', language: 'convbook', source: 'y.shape' },
  ]);
});

test('cells → percent script → the same cells', () => {
  const nb = parsePercentScript(script);
  assert.equal(toPercentScript(nb), script);
  assert.deepEqual(parsePercentScript(toPercentScript(nb)), nb);
});

test('code before the first marker is a cell; blank preamble is not', () => {
  assert.deepEqual(parsePercentScript('import torch.nn as nn\n# %%\nx = 1\n').cells.map((c) => c.source), ['import torch.nn as nn', 'x = 1']);
  assert.deepEqual(parsePercentScript('\n\n# %%\nx = 1\n').cells.map((c) => c.source), ['x = 1']);
});

test('[md] tags and titles after the marker are understood', () => {
  const nb = parsePercentScript('# %% [md] intro\n# hello\n# %% load data\nx = 1\n');
  assert.deepEqual(nb.cells.map((c) => c.kind), ['markdown', 'code']);
  assert.equal(nb.cells[0].source, 'hello');
});

test('round trip of arbitrary notebooks (seeded)', () => {
  let seed = 7;
  const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const words = ['x = 1', 'y = F.conv2d(x, k)', '# comment', 'summary(m)', 'a b c', 'print'];
  for (let trial = 0; trial < 200; trial++) {
    const cells: NotebookData['cells'] = [];
    const n = 1 + Math.floor(rand() * 5);
    for (let i = 0; i < n; i++) {
      const lines: string[] = [];
      const m = 1 + Math.floor(rand() * 4);
      for (let j = 0; j < m; j++) lines.push(words[Math.floor(rand() * words.length)]);
      cells.push(rand() < 0.3 ? { kind: 'markdown', source: lines.join('\n') } : { kind: 'code', language: 'convbook', source: lines.join('\n') });
    }
    const nb: NotebookData = { metadata: {}, cells };
    // A code line that itself looks like a marker would split the cell; our generator never writes one.
    assert.deepEqual(parsePercentScript(toPercentScript(nb)), nb);
  }
});
