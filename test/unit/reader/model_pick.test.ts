// Which model a file's trace builds and on what input: the command line, then hints on a class or
// an assignment line, then the default size for the one model buildable without arguments.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hintedModels, pickModel } from '../../../reader/model_pick';
import { fixtureSource } from '../support/model_truth';

const DEFAULT = [1, 3, 224, 224];

test('hints on class lines and on assignment lines, at top level, in the fixtures', () => {
  assert.deepEqual(hintedModels(fixtureSource('lenet.py')).map((h) => [h.expr, h.input, h.kind]), [['Net()', [1, 1, 32, 32], 'class']]);
  assert.deepEqual(hintedModels(fixtureSource('dcgan.py')).map((h) => [h.expr, h.input, h.kind]), [
    ['netG', [1, 100, 1, 1], 'assignment'],
    ['netD', [1, 3, 64, 64], 'assignment'],
  ]);
  assert.deepEqual(hintedModels(fixtureSource('unet/model.py')).map((h) => h.expr), ['UNet()']);
  // Under the main guard (not run by a trace), an assignment's hint names its call.
  assert.deepEqual(hintedModels(fixtureSource('resnet.py')).map((h) => [h.expr, h.input, h.line]), [['resnet18()', [1, 3, 224, 224], 248]]);
  assert.deepEqual(hintedModels('def f():\n    conv = nn.Conv2d(3, 8, 3)  # input: (1, 3, 8, 8)\nif __name__ == "__main__":\n    net = Net(\n        3)  # input: (1, 3, 8, 8)\n').map((h) => h.expr), [], 'only under the guard, only a whole call');
  // A hint inside a string is not a hint; an ordinary comment is not one either.
  assert.deepEqual(hintedModels('s = "# input: (1, 3, 8, 8)"\nx = f()  # the input\n'), []);
});

test('the order: --model/--input, then hints, then the default for the one buildable model, else a reason', () => {
  const hinted = hintedModels('class A(nn.Module):  # input: (1, 3, 32, 32)\n    pass\nb = B()  # input: (2, 3, 64, 64)\n');
  // 1. the command line wins, its input over a hint's.
  assert.deepEqual(pickModel({ cliModel: 'b', cliInput: [4, 3, 8, 8], hinted, buildable: [], defaultInput: DEFAULT }), {
    ok: true, choice: { expr: 'b', input: [4, 3, 8, 8], origin: 'cli' }, others: [],
  });
  // --model alone takes that model's hint.
  assert.deepEqual(pickModel({ cliModel: 'b', hinted, buildable: [], defaultInput: DEFAULT }), {
    ok: true, choice: { expr: 'b', input: [2, 3, 64, 64], origin: 'hint', line: 3 }, others: [],
  });
  const noInput = pickModel({ cliModel: 'C()', hinted, buildable: [], defaultInput: DEFAULT });
  assert.equal(noInput.ok, false);
  // 2. hints: the first, the others named.
  assert.deepEqual(pickModel({ hinted, buildable: ['A()', 'B()'], defaultInput: DEFAULT }), {
    ok: true, choice: { expr: 'A()', input: [1, 3, 32, 32], origin: 'hint', line: 1 }, others: ['b'],
  });
  // 3. no hint: the default size, only for the one model that builds without arguments; it is assumed.
  assert.deepEqual(pickModel({ hinted: [], buildable: ['resnet18()'], defaultInput: DEFAULT }), {
    ok: true, choice: { expr: 'resnet18()', input: DEFAULT, origin: 'setting' }, others: [],
  });
  // 4. none, or several: nothing is guessed.
  const several = pickModel({ hinted: [], buildable: ['A()', 'B()'], defaultInput: DEFAULT });
  assert.ok(!several.ok && /several models could be traced \(A\(\), B\(\)\)/.test(several.reason));
  const none = pickModel({ hinted: [], buildable: [], defaultInput: DEFAULT });
  assert.ok(!none.ok && /no model to trace/.test(none.reason));
});
