// The code lens's notebook and a traced layer's sweep cell, on real PyTorch's traces of the
// fixtures: what they import, build and call.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moduleName, modelNotebookCells, namesRead, tracedLayerCell, workspacePathOf } from '../../../extension/editor/trace_notebook_text';
import { modelTruth } from '../support/model_truth';

test('the names a build expression reads from the file, not keywords, builtins, attributes or keyword names', () => {
  assert.deepEqual(namesRead('resnet18()'), ['resnet18']);
  assert.deepEqual(namesRead('Generator(ngpu, nz=nz, act=nn.ReLU(True), name="x y")'), ['Generator', 'ngpu', 'nz', 'nn']);
  assert.deepEqual(namesRead('model'), ['model']);
  assert.deepEqual(namesRead('Fire(96, 16, 64, 64) if flag == 1 else None'), ['Fire', 'flag']);
});

test('module names and workspace paths', () => {
  assert.equal(moduleName('models/resnet.py'), 'models.resnet');
  assert.equal(moduleName('unet/__init__.py'), 'unet');
  assert.equal(moduleName('my-models/resnet.py'), null);
  assert.equal(workspacePathOf('models', 'resnet.py'), 'models/resnet.py');
  assert.equal(workspacePathOf('models/unet', '../common/parts.py'), 'models/common/parts.py');
  assert.equal(workspacePathOf('', 'lenet.py'), 'lenet.py');
});

test('the code lens notebook imports the file, builds the model as traced, then its summary and receptive field', () => {
  const cells = modelNotebookCells(modelTruth('resnet18'), 'models/resnet.py');
  assert.deepEqual(cells, [
    '# resnet18() from models/resnet.py, built as convbook traced it\nfrom models.resnet import resnet18\nfrom convbook import summary, receptive_field\n\nmodel = resnet18()',
    'summary(model, input_size=(1, 3, 224, 224))',
    'receptive_field(model, input_size=(1, 3, 224, 224))',
  ]);
  const args = modelNotebookCells(modelTruth('dcgan_generator_args'), 'dcgan.py');
  assert.match(args[0], /^# Generator\(1\) from dcgan\.py.*\nimport sys\nsys\.argv = \["dcgan\.py",.*\]\nfrom dcgan import Generator\n/);
  assert.deepEqual(JSON.parse(/sys\.argv = (.*)/.exec(args[0])![1]), ['dcgan.py', ...modelTruth('dcgan_generator_args').args]);
  const byPath = modelNotebookCells(modelTruth('lenet'), 'my-models/lenet.py')[0];
  assert.match(byPath, /spec_from_file_location\("traced_model", "my-models\/lenet\.py"\)[\s\S]*\nNet = _module\.Net\n[\s\S]*model = Net\(\)$/);
  const hinted = { ...modelTruth('vgg16'), build: 'model' };
  assert.match(modelNotebookCells(hinted, 'vgg.py')[0], /from vgg import model\nfrom convbook import summary, receptive_field$/);
});

test('"Visualize in notebook" on a traced conv sweeps the same conv over the input it really had', () => {
  const trace = modelTruth('resnet18');
  const downsample = trace.modules.find((m) => m.path === 'layer2.0.downsample.0')!;
  assert.equal(
    tracedLayerCell(trace, downsample, [1, 64, 56, 56]),
    '# layer2.0.downsample.0 of resnet18(), on the input it had when traced\nimport torch.nn as nn\nfrom convbook import sweep\n\n'
      + 'layer = nn.Conv2d(64, 128, kernel_size=(1, 1), stride=(2, 2), padding=(0, 0), bias=False)\nsweep(layer, input_size=(1, 64, 56, 56))',
  );
  const pool = trace.modules.find((m) => m.class === 'MaxPool2d')!;
  assert.match(tracedLayerCell(trace, pool, [1, 64, 112, 112])!, /layer = nn\.MaxPool2d\(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=False\)/);
  const fc = trace.modules.find((m) => m.class === 'Linear')!;
  assert.equal(tracedLayerCell(trace, fc, [1, 512]), null, 'a Linear has no window to sweep');
  const gen = modelTruth('resnet_generator');
  const reflect = gen.modules.find((m) => m.config?.kind === 'conv_transpose')!;
  assert.match(tracedLayerCell(gen, reflect, [1, 256, 64, 64])!, /nn\.ConvTranspose2d\(256, 128, kernel_size=\(3, 3\), stride=\(2, 2\), padding=\(1, 1\), output_padding=\(1, 1\)\)/);
});
