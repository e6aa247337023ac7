// The model fixtures (test/fixtures/models: files in the styles of torchvision, pytorch/examples,
// a two-file U-Net, a DCGAN training script) run as cells run them: real CPython with convbook's
// torch, the workspace import hook and placeholders for what convbook does not have (datasets,
// optimisers, weight registries). Each model is built as PyTorch's ground truth built it and
// summarised on a shape-only input; every module call is compared with what PyTorch recorded.

import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { DEFAULT_KERNEL_SETTINGS } from '../../../contract';
import { torchPackageInstaller } from '../../../python/install_package';
import type { PythonSession } from '../../../python/runtime/python_session';
import { loadModelTruth, type TruthModel } from '../support/model_truth';
import { pythonSession, text } from './python_cells';
import { REPO } from './support';

const FIXTURES = fileURLToPath(new URL('../../fixtures/models/', import.meta.url));

interface Row {
  name: string;
  depth: number;
  output_shape: number[];
  params: number;
  macs: number;
}

interface Summary {
  total_params: number;
  trainable_params: number;
  total_macs: number;
  rows: Row[];
}

/** Builds the model in a fresh import of its file, as the ground truth did, and summarises it. */
function summaryCell(m: TruthModel): string {
  return [
    'import importlib, json, sys',
    'import convbook',
    `sys.argv = ${JSON.stringify([m.file, ...m.args])}`,
    `for _name in [n for n in sys.modules if n == ${JSON.stringify(m.module)} or n.startswith(${JSON.stringify(`${m.module.split('.')[0]}.`)})]:`,
    '    del sys.modules[_name]',
    `_module = importlib.import_module(${JSON.stringify(m.module)})`,
    `_model = eval(${JSON.stringify(m.build)}, vars(_module))`,
    `_s = convbook.summary(_model, input_size=${JSON.stringify(m.input)})`,
    'print(json.dumps({"total_params": _s.total_params, "trainable_params": _s.trainable_params, "total_macs": _s.total_macs, "rows": _s.rows}))',
  ].join('\n');
}

describe('model fixtures through cells and summary, against PyTorch', () => {
  let py: PythonSession;
  before(() => {
    const settings = { ...DEFAULT_KERNEL_SETTINGS, workspaceRoot: FIXTURES, notebookDir: FIXTURES };
    py = pythonSession(settings, { installer: torchPackageInstaller({ packageDir: `${REPO}/python/pkg`, settings }) });
  });

  for (const m of loadModelTruth().models) {
    if (m.error) continue;
    it(`${m.id}: ${m.build} on ${m.input.join('×')}: totals and every call`, async () => {
      const s = JSON.parse(await text(py, summaryCell(m))) as Summary;
      assert.deepEqual([s.total_params, s.trainable_params, s.total_macs], [m.total_params, m.trainable_params, m.total_macs]);
      // The summary's first row is the model's own call, named after its class.
      const calls = m.calls.filter((c) => c.path !== '');
      const rows = s.rows.slice(1);
      assert.equal(rows.length, calls.length, `${m.id}: one row per module call`);
      rows.forEach((row, i) => {
        const call = calls[i];
        assert.deepEqual([row.name, row.depth, row.output_shape, row.params, row.macs], [call.path, call.depth, call.output_shape, call.params, call.macs], `${m.id} call ${i}`);
      });
    });
  }

  it('summary rows are module calls in order, with module paths and tree depth; a module called twice appears twice', async () => {
    const m = loadModelTruth().models.find((x) => x.id === 'resnet18')!;
    const rows = (JSON.parse(await text(py, summaryCell(m))) as Summary).rows;
    assert.deepEqual(rows.slice(0, 8).map((r) => [r.name, r.depth]), [
      ['ResNet', 0], ['conv1', 1], ['bn1', 1], ['relu', 1], ['maxpool', 1], ['layer1', 1], ['layer1.0', 2], ['layer1.0.conv1', 3],
    ]);
    // BasicBlock calls self.relu twice: both calls are rows.
    assert.equal(rows.filter((r) => r.name === 'layer1.0.relu').length, 2);
    const conv1 = rows.find((r) => r.name === 'conv1');
    assert.deepEqual(conv1?.output_shape, [1, 64, 112, 112]);
    assert.equal(conv1?.params, 3 * 64 * 49);
    assert.equal(conv1?.macs, 64 * 112 * 112 * 3 * 49);
    const downsample = rows.find((r) => r.name === 'layer2.0.downsample.0');
    assert.equal(downsample?.macs, 128 * 28 * 28 * 64);
  });

  it('parts of torch and torchvision convbook lacks import as placeholders; its own names never do', async () => {
    const out = await text(py, [
      'import torch.optim as optim',
      'import torch.utils.data',
      'from torchvision import datasets, transforms as T',
      'print(type(optim).__name__, type(torch.utils.data.DataLoader).__name__, type(datasets.CIFAR10).__name__, type(T.Compose).__name__)',
    ].join('\n'));
    assert.equal(out.trim(), 'Placeholder Placeholder Placeholder Placeholder');
    const misspelt = await py.execute('from torch.nn import Conv2D');
    assert.deepEqual([misspelt.error?.name, misspelt.error?.message.split('\n')[0]], ['ImportError', "cannot import name 'Conv2D' from 'torch.nn' (/convbook/pkg/torch/nn/__init__.py)"]);
    assert.equal((await py.execute('import convbook.nothing')).error?.name, 'ModuleNotFoundError');
    const used = await py.execute('import torch.optim as optim\nn = int(optim.lr)');
    assert.equal(used.error?.name, 'PlaceholderError');
    assert.match(used.error!.message, /import torch\.optim/, 'the error names the import it came from');
  });

  it('the planted bug raises PyTorch\'s error from the line that calls the wrong Linear', async () => {
    const m = loadModelTruth().models.find((x) => x.id === 'lenet_bug')!;
    const { error } = await py.execute(summaryCell(m));
    assert.equal(error?.name, m.error!.type);
    assert.match(error!.message, new RegExp(m.error!.message.replace(/[()]/g, '\\$&')));
    assert.match(error!.message, /lenet_bug\.py/, 'the traceback names the workspace file');
  });
});
