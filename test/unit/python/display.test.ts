// How tensors display in a cell through the package: planes and text, plus the sweep animation of
// a small conv or pooling result (as cells always showed), and PyTorch's meta repr when shape-only.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadPython, type Python } from './support';

let py: Python;
before(async () => {
  py = await loadPython();
  py.run('def _mimes(value):\n    return [[i.mime for i in o.items] for o in value._convbook_display_()]');
});

test('a small F.conv2d result shows its planes, then its sweep with the exact output values', () => {
  const [mimes, output] = py.json<[string[][], number[]]>(
    `
x = torch.tensor([[[[3., 3, 2, 1, 0], [0, 0, 1, 3, 1], [3, 1, 2, 2, 3], [2, 0, 0, 2, 2], [2, 0, 0, 0, 1]]]])
k = torch.tensor([[[[0., 1, 2], [2, 2, 0], [0, 1, 2]]]])
y = F.conv2d(x, k)
_sweep = y._convbook_display_()[1].items[0].value`,
    '[_mimes(y), list(_sweep.output)]',
  );
  assert.deepEqual(mimes, [
    ['application/vnd.convbook.tensor+json', 'text/markdown', 'text/plain'],
    ['application/vnd.convbook.sweep+json', 'text/markdown', 'text/plain'],
  ]);
  assert.deepEqual(output, [12, 12, 17, 10, 17, 19, 9, 6, 14]);
});

test('pooling and transposed conv results animate too; big results and reshaped ones show only their planes', () => {
  const mimes = py.json<string[][][]>(
    'p = nn.MaxPool2d(2)(torch.arange(16.).view(1, 1, 4, 4)); t = F.conv_transpose2d(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 3, 3), stride=2); big = F.conv2d(torch.ones(1, 1, 64, 64), torch.ones(1, 1, 3, 3))',
    '[_mimes(p), _mimes(t), _mimes(big), _mimes(p.view(4))]',
  );
  assert.equal(mimes[0][1][0], 'application/vnd.convbook.sweep+json');
  assert.equal(mimes[1][1][0], 'application/vnd.convbook.sweep+json');
  assert.equal(mimes[2].length, 1);
  assert.equal(mimes[3].length, 1);
});

test('a shape-only tensor displays as PyTorch prints a meta tensor', () => {
  assert.deepEqual(py.json('m = torch.empty(1, 3, device="meta")', '[[i.value for i in o["items"]] if isinstance(o, dict) else [i.value for i in o.items] for o in m._convbook_display_()]'), [["tensor(..., device='meta', size=(1, 3))"]]);
});
