// convbook.summary through the Python package: the VGG and AlexNet model fixtures
// (test/fixtures/models), traced with shape-only tensors; totals are the reference figures
// (params from PyTorch's parameters(), MACs by the contract's rule: bias apart). ResNet-18 and
// MobileNetV2, whose files import torchvision's weight helpers, run through the full runtime in
// model_fixtures.test.ts, where every call is compared with PyTorch's record.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { loadPython, REPO, type Python } from './support';

interface Totals {
  total_params: number;
  trainable_params: number;
  total_macs: number;
  rows: { name: string; macs: number; params: number; output_shape: number[]; depth: number }[];
}

let py: Python;
before(async () => {
  py = await loadPython();
  for (const file of ['vgg', 'alexnet']) py.run(fs.readFileSync(path.join(REPO, 'test/fixtures/models', `${file}.py`), 'utf8'));
  py.run('import convbook');
});

function summarize(model: string, input = '(1, 3, 224, 224)'): Totals {
  return py.json<Totals>(`_s = convbook.summary(${model}, input_size=${input})`, '{"total_params": _s.total_params, "trainable_params": _s.trainable_params, "total_macs": _s.total_macs, "rows": _s.rows}');
}

const REFERENCE: [string, string, number, number][] = [
  ['VGG-16', 'vgg16()', 138_357_544, 15_470_264_320],
  ['AlexNet', 'AlexNet()', 61_100_840, 714_188_480],
];

for (const [name, model, params, macs] of REFERENCE) {
  test(`${name}: params and true MACs at (1, 3, 224, 224), with default settings`, () => {
    const s = summarize(model);
    assert.equal(s.total_params, params);
    assert.equal(s.trainable_params, params);
    assert.equal(s.total_macs, macs);
  });
}

test('summary traces shape-only: no weight is allocated, even over the element budget', () => {
  const allocated = py.json<boolean[]>('_m = vgg16(); convbook.summary(_m, input_size=(1, 3, 224, 224))', '[p._has_data() for p in _m.parameters()]');
  assert.equal(allocated.length, 32);
  assert.ok(allocated.every((has) => !has));
});

test('transposed conv counts every input cell × every tap × C_out/G, and linear counts rows × in × out', () => {
  const s = summarize('nn.Sequential(nn.ConvTranspose2d(100, 64, 4, 1, 0, bias=False), nn.ConvTranspose2d(64, 3, 4, 2, 1, groups=1), nn.Flatten(), nn.Linear(3 * 8 * 8, 10))', '(2, 100, 1, 1)');
  assert.deepEqual(s.rows.map((r) => r.macs), [0, 2 * 100 * 16 * 64, 2 * 64 * 4 * 4 * 16 * 3, 0, 2 * 192 * 10]);
  assert.equal(s.total_macs, 2 * 100 * 16 * 64 + 2 * 64 * 16 * 16 * 3 + 2 * 192 * 10);
});

test('summary displays through the renderer payload, with the libraries’ totals in its notes', () => {
  const outputs = py.json<{ items: { mime: string; value: unknown }[] }[]>(
    '_out = convbook.summary(AlexNet(), input_size=(1, 3, 224, 224))._convbook_display_()',
    '[{"items": [{"mime": i.mime, "value": i.value if isinstance(i.value, str) else i.value.to_py() if hasattr(i.value, "to_py") else i.value} for i in o.items]} for o in _out]',
  );
  const [summaryItem] = outputs[0].items;
  assert.equal(summaryItem.mime, 'application/vnd.convbook.summary+json');
  const payload = summaryItem.value as { total_macs: number; total_params: number; notes: string[]; layers: { name: string }[] };
  assert.equal(payload.total_macs, 714_188_480);
  assert.equal(payload.layers[1].name, 'features');
  assert.ok(payload.notes.some((n) => /torchinfo .*ptflops .*fvcore .*thop/.test(n)));
});

test('receptive field follows the chain of windows through a traced forward', () => {
  const text = py.json<string>('_rf = convbook.receptive_field(nn.Sequential(nn.Conv2d(1, 1, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(1, 1, 3)), input_size=(1, 1, 32, 32))', 'repr(_rf)');
  assert.match(text, /RF 8×8, stride 2×2/);
});

test('a layer displays its formula breakdown; a container its PyTorch repr', () => {
  const mimes = py.json(
    '_a = nn.Conv2d(3, 64, 3, stride=2, padding=1)._convbook_display_(); _b = nn.Sequential(nn.ReLU())._convbook_display_()',
    '[[i.mime for i in _a[0].items], _a[0].items[0].value.layer, _b[0]["items"][0]["value"]]',
  );
  assert.deepEqual(mimes, [
    ['application/vnd.convbook.formula+json', 'text/markdown', 'text/plain'],
    'Conv2d(3, 64, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))',
    'Sequential(\n  (0): ReLU()\n)',
  ]);
});

test('cost() of a layer runs it shape-only first, then describes it with the libraries’ counts', () => {
  const libraries = py.json<{ library: string; value: number }[]>(
    '_c = convbook.cost(nn.Conv2d(3, 64, 3, padding=1), input_size=(1, 3, 32, 32))',
    '[{"library": e.library, "value": e.value} for e in _c._convbook_display_()[0].items[0].value.libraries]',
  );
  assert.deepEqual(libraries.map((l) => l.library), ['reference', 'torchinfo', 'ptflops', 'fvcore', 'thop']);
  assert.equal(libraries[0].value, 64 * 32 * 32 * 27);
  assert.equal(py.error('convbook.cost(nn.Conv2d(3, 64, 3), input_size=(1, 4, 32, 32))'), 'RuntimeError: Given groups=1, weight of size [64, 3, 3, 3], expected input[1, 4, 32, 32] to have 3 channels, but got 4 channels instead');
  assert.equal(py.error('convbook.cost(nn.Sequential(nn.ReLU()))'), 'TypeError: cost() describes one layer; use summary(model, input_size=...) for a model');
});
