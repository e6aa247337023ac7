// What convbook.trace_file does with files that are more than a model: which model it picks and on
// what input (the command line, a hint, the default size for the one model buildable without
// arguments, else why not), training scripts (argparse, `# convbook: args`, statements skipped
// because they touch a placeholder, a name left undefined and why), and multi-file models read
// afresh when a file changes. Real runtime, files in a scratch workspace.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { PythonSession } from '../../../python/runtime/python_session';
import { fixtureSource, modelTruth } from '../support/model_truth';
import { traced, traceOutcome, traceSession, untraced } from './trace_cells';

const NET = `import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):{HINT}
    def __init__(self, width=8):
        super().__init__()
        self.conv = nn.Conv2d(3, width, 3)

    def forward(self, x):
        return F.max_pool2d(self.conv(x), 2)
`;

function net(hint = ''): string {
  return NET.replace('{HINT}', hint);
}

describe('trace_file: picking the model, scripts, several files', () => {
  let py: PythonSession;
  let root: string;
  const write = (file: string, text: string) => {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'convbook-trace-'));
    py = traceSession(root);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('picks --model/--input first, then a hint on a class or assignment line, then the default input for the one buildable model', async () => {
    write('hinted.py', `${net('  # input: (2, 3, 10, 10)')}\nwide = Net(16)  # input: (1, 3, 6, 6)\n`);
    let o = traced(await traceOutcome(py, { file: 'hinted.py' }));
    assert.deepEqual([o.input_source, o.trace.build, o.trace.input, o.trace.output], ['hint', 'Net()', [2, 3, 10, 10], [2, 8, 4, 4]]);
    // --model names the assignment: its hint gives the input; the object the top level built is traced.
    o = traced(await traceOutcome(py, { file: 'hinted.py', model: 'wide' }));
    assert.deepEqual([o.input_source, o.trace.build, o.trace.input, o.trace.output], ['hint', 'wide', [1, 3, 6, 6], [1, 16, 2, 2]]);
    // --model and --input: the command line's, any expression of the file's namespace.
    o = traced(await traceOutcome(py, { file: 'hinted.py', model: 'Net(4)', input: [1, 3, 12, 12] }));
    assert.deepEqual([o.input_source, o.trace.build, o.trace.output], ['cli', 'Net(4)', [1, 4, 5, 5]]);
    // No hint: the default input, only because exactly one model builds without arguments.
    write('plain.py', `${net()}\n\nclass Head(nn.Module):\n    def __init__(self, classes):\n        super().__init__()\n`);
    o = traced(await traceOutcome(py, { file: 'plain.py', defaultInput: [1, 3, 32, 32] }));
    assert.deepEqual([o.input_source, o.trace.build, o.trace.input], ['setting', 'Net()', [1, 3, 32, 32]]);
    // A factory function that returns a model counts as buildable; a class too: two, so none is guessed.
    write('two.py', `${net()}\n\ndef small() -> Net:\n    return Net(4)\n`);
    const several = untraced(await traceOutcome(py, { file: 'two.py' }));
    assert.match(several.reason, /several models could be traced \(Net\(\), small\(\)\)/);
    write('none.py', 'import torch.nn as nn\n\n\ndef helper(x):\n    return x\n');
    assert.match(untraced(await traceOutcome(py, { file: 'none.py' })).reason, /^no model to trace/);
    assert.match(untraced(await traceOutcome(py, { file: 'none.py', model: 'helper(1)', input: [1] })).reason, /`helper\(1\)` gives int, not an nn.Module/);
  });

  it('the DCGAN training script: argparse\'s defaults, its hinted top-level generator, and arguments from --args or a comment', async () => {
    const defaults = modelTruth('dcgan_generator');
    const o = traced(await traceOutcome(py, { file: 'dcgan.py', source: fixtureSource('dcgan.py') }));
    // The first hint is netG's line: the generator the script built at top level.
    assert.deepEqual([o.input_source, o.trace.build, o.trace.args], ['hint', 'netG', []]);
    assert.deepEqual([o.trace.total_params, o.trace.total_macs], [defaults.total_params, defaults.total_macs]);
    assert.deepEqual(o.trace.calls.map((c) => [c.path, c.output_shape, c.macs]), defaults.calls.map((c) => [c.path, c.output_shape, c.macs]));
    const withArgs = modelTruth('dcgan_generator_args');
    const commented = `# convbook: args --nz 64 --ngf 32\n${fixtureSource('dcgan.py')}`;
    const fromComment = traced(await traceOutcome(py, { file: 'dcgan.py', source: commented, model: 'Generator(1)', input: withArgs.input }));
    assert.deepEqual(fromComment.trace.args, ['--nz', '64', '--ngf', '32']);
    assert.deepEqual([fromComment.trace.total_params, fromComment.trace.total_macs], [withArgs.total_params, withArgs.total_macs]);
    // --args wins over the comment.
    const fromCli = traced(await traceOutcome(py, { file: 'dcgan.py', source: commented, model: 'Generator(1)', input: [1, 100, 1, 1], args: [] }));
    assert.deepEqual([fromCli.trace.args, fromCli.trace.total_params], [[], defaults.total_params]);
  });

  it('skips top-level statements that fail only on a placeholder or file I/O, with a note each, and traces', async () => {
    write('train.py', [
      'import torch.nn as nn', //                                        1
      'from torch.utils.data import DataLoader', //                      2
      'import torchvision.datasets as datasets', //                      3
      "data = datasets.MNIST('data', download=True)", //                 4
      'loader = DataLoader(data, batch_size=64)', //                     5
      'steps = len(loader)', //                                          6: placeholder as a number
      'total = steps * 10', //                                           7: uses what 6 would set
      "with open('labels.txt') as f:", //                                8: file I/O
      '    labels = f.read().split()', //                                9
      'model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU())  # input: (1, 1, 28, 28)',
      'for images, targets in loader:', //                              11: a training loop
      '    model(images)',
      '',
    ].join('\n'));
    const o = traced(await traceOutcome(py, { file: 'train.py' }));
    assert.deepEqual(o.trace.output, [1, 4, 26, 26]);
    assert.deepEqual(o.skipped.map((s) => [s.line, s.end_line]), [[6, 6], [7, 7], [8, 9], [11, 12]]);
    assert.match(o.skipped[0].message, /placeholder for `from torch.utils.data import DataLoader`/);
    assert.match(o.skipped[1].message, /uses `steps`, which the skipped statement at line 6 sets/);
    assert.match(o.skipped[2].message, /^file I\/O: FileNotFoundError/);
  });

  it('a name left undefined says why: a skipped statement, or branches none of which ran; a required argument missing is the script\'s own error', async () => {
    write('skipped_name.py', [
      'import torch.nn as nn',
      'from torch.utils.data import DataLoader',
      "classes = len(DataLoader('data').dataset.classes)",
      'model = nn.Linear(8, classes)  # input: (1, 8)',
      '',
    ].join('\n'));
    const skipped = untraced(await traceOutcome(py, { file: 'skipped_name.py' }));
    assert.match(skipped.reason, /name 'model' is not defined because the statement at line 4 that sets it was skipped \(it uses `classes`, which the skipped statement at line 3 sets\)/);
    assert.deepEqual([skipped.at?.line, skipped.skipped.map((s) => s.line)], [4, [3, 4]]);

    const script = (extra: string) => [
      extra + 'import argparse',
      'import torch.nn as nn',
      'cli = argparse.ArgumentParser()',
      "cli.add_argument('--arch', choices=['small', 'big'])",
      'args = cli.parse_args()',
      "if args.arch == 'small':",
      '    width = 16',
      "elif args.arch == 'big':",
      '    width = 64',
      '',
      'class Net(nn.Module):  # input: (1, 3, 8, 8)',
      '    def __init__(self):',
      '        super().__init__()',
      '        self.conv = nn.Conv2d(3, width, 3)',
      '',
      '    def forward(self, x):',
      '        return self.conv(x)',
      '',
    ].join('\n');
    write('branches.py', script(''));
    const none = untraced(await traceOutcome(py, { file: 'branches.py' }));
    assert.match(none.reason, /name 'width' is not defined: it is set only inside the `if` at line 6, and no part that sets it ran \(a script argument decides it/);
    assert.deepEqual([none.at?.line, none.at?.function], [14, '__init__']);
    assert.deepEqual(traced(await traceOutcome(py, { file: 'branches.py', args: ['--arch', 'small'] })).trace.output, [1, 16, 6, 6]);
    write('branches_commented.py', script('# convbook: args --arch big\n'));
    assert.deepEqual(traced(await traceOutcome(py, { file: 'branches_commented.py' })).trace.output, [1, 64, 6, 6]);

    write('required.py', "import argparse\ncli = argparse.ArgumentParser()\ncli.add_argument('--data', required=True)\nargs = cli.parse_args()\n");
    const required = untraced(await traceOutcome(py, { file: 'required.py' }));
    assert.match(required.reason, /^the script exits at line 4: .*error: the following arguments are required: --data$/);
    assert.equal(required.at?.line, 4);
  });

  it('any other top-level error stops the trace with its position; a forward\'s error is the trace\'s', async () => {
    write('broken.py', 'import torch.nn as nn\nlayer = nn.Conv2d(3, 8, 3, groups=2)\n');
    const broken = untraced(await traceOutcome(py, { file: 'broken.py' }));
    assert.equal(broken.reason, 'ValueError: in_channels must be divisible by groups');
    assert.deepEqual([broken.at?.file, broken.at?.line, broken.at?.column], ['broken.py', 2, 8]);
    write('typo.py', `${net('  # input: (1, 3, 8, 8)').replace('return F.max_pool2d(self.conv(x), 2)', 'return self.cnov(x)')}`);
    const typo = traced(await traceOutcome(py, { file: 'typo.py' }));
    assert.deepEqual([typo.trace.error?.type, typo.trace.error?.message, typo.trace.error?.at?.line], ['AttributeError', "'Net' object has no attribute 'cnov'", 11]);
  });

  it('a forward that takes other inputs than one tensor is not traced; a block returning a tuple has no one output shape', async () => {
    write('pair.py', [
      'import torch.nn as nn',
      '',
      'class Pair(nn.Module):  # input: (1, 3, 8, 8)',
      '    def forward(self, x, y):',
      '        return x + y',
      '',
    ].join('\n'));
    assert.equal(untraced(await traceOutcome(py, { file: 'pair.py' })).reason, "Pair.forward does not take one input tensor: Pair.forward() missing 1 required positional argument: 'y'");
    write('split.py', [
      'import torch.nn as nn',
      '',
      'class Split(nn.Module):',
      '    def forward(self, x):',
      '        return x[:, :1], x[:, 1:]',
      '',
      'class Net(nn.Module):  # input: (1, 3, 8, 8)',
      '    def __init__(self):',
      '        super().__init__()',
      '        self.split = Split()',
      '        self.conv = nn.Conv2d(2, 4, 3)',
      '',
      '    def forward(self, x):',
      '        a, b = self.split(x)',
      '        return self.conv(b)',
      '',
    ].join('\n'));
    const { trace } = traced(await traceOutcome(py, { file: 'split.py' }));
    assert.deepEqual(trace.calls.map((c) => [c.path, c.output_shape, c.macs]), [['', [1, 4, 6, 6], 0], ['split', null, 0], ['conv', [1, 4, 6, 6], 4 * 36 * 2 * 9]]);
    assert.equal(trace.error, null);
  });

  it('torch functions imported by name (`from torch import flatten`) are recorded as PyTorch records them', async () => {
    write('imported.py', [
      'import torch.nn as nn',
      'from torch import flatten',
      'from torch.nn.functional import max_pool2d',
      '',
      'class Net(nn.Module):  # input: (1, 3, 8, 8)',
      '    def __init__(self):',
      '        super().__init__()',
      '        self.conv = nn.Conv2d(3, 4, 3, padding=1)',
      '',
      '    def forward(self, x):',
      '        return flatten(max_pool2d(self.conv(x), 2), 1)',
      '',
    ].join('\n'));
    const { trace } = traced(await traceOutcome(py, { file: 'imported.py' }));
    assert.deepEqual(trace.functional.map((f) => [f.op, f.call, f.line, f.column, f.input_shapes, f.output_shapes]), [
      ['max_pool2d', 'max_pool2d', 11, 23, [[1, 4, 8, 8]], [[1, 4, 4, 4]]],
      ['flatten', 'flatten', 11, 15, [[1, 4, 4, 4]], [[1, 64]]],
    ]);
  });

  it('a model in two files: `from .parts import *` beside it, the editor\'s unsaved text, and an edited part read afresh', async () => {
    const unet = ['unet/__init__.py', 'unet/parts.py', 'unet/model.py'];
    for (const f of unet) write(`nets/${f}`, fixtureSource(f));
    const truth = modelTruth('unet');
    const first = traced(await traceOutcome(py, { file: 'nets/unet/model.py' }));
    assert.deepEqual([first.trace.total_params, first.trace.total_macs], [truth.total_params, truth.total_macs]);
    assert.deepEqual(Object.keys(first.files ?? {}).sort(), ['model.py', 'parts.py']);
    assert.equal(first.files?.['parts.py'], fixtureSource('unet/parts.py'));
    // Unsaved text of the traced file is traced, not the disk's.
    const unsaved = fixtureSource('unet/model.py').replace('# input: (1, 3, 572, 572)', '# input: (1, 3, 188, 188)');
    assert.deepEqual(traced(await traceOutcome(py, { file: 'nets/unet/model.py', source: unsaved })).trace.input, [1, 3, 188, 188]);
    // An edited part is read again on the next trace.
    const parts = readFileSync(join(root, 'nets/unet/parts.py'), 'utf8');
    const edited = parts.replace('nn.BatchNorm2d(b)', 'nn.Identity()');
    assert.notEqual(edited, parts, 'the edit applies');
    write('nets/unet/parts.py', edited);
    const second = traced(await traceOutcome(py, { file: 'nets/unet/model.py' }));
    assert.ok(second.trace.total_params < first.trace.total_params);
    assert.deepEqual(second.trace.modules.filter((m) => m.class === 'BatchNorm2d'), [], 'the norms are gone');
    assert.ok(first.trace.modules.some((m) => m.class === 'BatchNorm2d'));
  });
});
