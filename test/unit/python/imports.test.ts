// Workspace imports through the import hook, and placeholders for modules convbook doesn't have.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { PythonSession } from '../../../python/runtime/python_session';
import { fails, ok, pythonSession, text } from './python_cells';

function workspace(files: Record<string, string | Buffer>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'convbook-ws-')));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('workspace imports', () => {
  let py: PythonSession;
  let root: string;
  before(async () => {
    root = workspace({
      'notebooks/mymodel.py': 'WIDTH = 3\nclass Net:\n    def __init__(self):\n        self.width = WIDTH * 2\n',
      'notebooks/parts.py': 'class DoubleConv:\n    kind = "double"\n',
      'notebooks/net2.py': 'from .parts import DoubleConv\nKIND = DoubleConv.kind\n',
      'notebooks/broken.py': 'def explode(x):\n    return x["missing"]\n',
      'notebooks/bad_syntax.py': 'def f(:\n    pass\n',
      'notebooks/bad_bytes.py': Buffer.from('ok = 1\nname = "\xff"\n', 'latin1'),
      'unet_parts.py': '__all__ = ["Up", "Down"]\nclass Up: pass\nclass Down: pass\nclass Hidden: pass\n',
      'unet/__init__.py': '',
      'unet/parts.py': 'class Block:\n    depth = 2\n',
      'unet/model.py': 'from .parts import *\nclass UNet:\n    depth = Block.depth\n',
      'plain_folder/helpers.py': 'def helper():\n    return "found"\n',
    });
    writeFileSync(join(tmpdir(), 'convbook-outside.py'), 'SECRET = 42\n');
    symlinkSync(join(tmpdir(), 'convbook-outside.py'), join(root, 'notebooks', 'outside.py'));
    py = pythonSession({ workspaceRoot: root, notebookDir: join(root, 'notebooks') });
    await py.ready();
  });

  it('imports a .py file beside the notebook', async () => {
    assert.equal(await text(py, 'import mymodel\nmymodel.Net().width, mymodel.__file__'), "(6, 'notebooks/mymodel.py')");
  });

  it('imports from the workspace root with *, honouring __all__', async () => {
    await ok(py, 'from unet_parts import *');
    assert.equal(await text(py, 'Up.__name__, Down.__name__'), "('Up', 'Down')");
    assert.equal((await fails(py, 'Hidden')).name, 'NameError');
  });

  it('resolves `from .parts import X` in a cell and in a top-level workspace file beside it', async () => {
    assert.equal(await text(py, 'from .parts import DoubleConv\nDoubleConv.kind'), "'double'");
    assert.equal(await text(py, 'import net2\nnet2.KIND'), "'double'");
    assert.equal((await fails(py, 'from ..parts import DoubleConv')).message, 'attempted relative import beyond top-level package');
  });

  it('imports packages, with __init__.py and as plain folders, and their relative imports', async () => {
    assert.equal(await text(py, 'from unet.model import UNet\nUNet.depth'), '2');
    assert.equal(await text(py, 'from plain_folder.helpers import helper\nhelper()'), "'found'");
  });

  it('says which workspace file an error came from, positioned at the cell line that called it', async () => {
    const error = await fails(py, 'import broken\n\nbroken.explode({})');
    assert.equal(error.name, 'KeyError');
    assert.deepEqual([error.line, error.column], [3, 1]);
    assert.match(error.message, /^'missing'\n/);
    assert.match(error.message, /File "notebooks\/broken\.py", line 2, in explode\n {4}return x\["missing"\]/);
  });

  it('reports syntax and encoding errors in workspace files with their file and line', async () => {
    const syntax = await fails(py, 'import bad_syntax');
    assert.equal(syntax.name, 'SyntaxError');
    assert.match(syntax.message, /\(notebooks\/bad_syntax\.py, line 1\)$/);
    assert.equal(syntax.line, 1);
    const bytes = await fails(py, 'import bad_bytes');
    assert.equal(bytes.name, 'SyntaxError');
    assert.match(bytes.message, /Non-UTF-8 code starting with '\\xff'.*\(notebooks\/bad_bytes\.py, line 2\)$/);
  });

  it('never reads a file outside the workspace, even through a link', async () => {
    const result = await text(py, 'import outside\noutside');
    assert.match(result, /^<placeholder outside from `import outside`>$/);
    assert.equal((await fails(py, 'int(outside.SECRET)')).name, 'PlaceholderError');
  });

  it('does not shadow the standard library with workspace files', async () => {
    assert.equal(await text(py, 'import json\njson.dumps([1])'), "'[1]'");
  });
});

describe('placeholders for modules convbook does not have', () => {
  let py: PythonSession;
  before(async () => {
    py = pythonSession();
    await py.ready();
  });

  it('lets torchvision-style lines run: decorators, calls, attributes, subclassing', async () => {
    const source = [
      'from torchvision_extras import register_model, handle_legacy_interface, _log_api_usage_once, WeightsEnum',
      'import numpy as np',
      'class Weights(WeightsEnum):',
      '    DEFAULT = 1',
      '@register_model()',
      '@handle_legacy_interface(weights=("pretrained", None))',
      'def build(width=8):',
      '    return width * 2',
      '@np.vectorize',
      'def plain(x):',
      '    return x + 1',
      'class Model:',
      '    def __init__(self):',
      '        _log_api_usage_once(self)',
      '        self.config = np.load("cfg").item()',
      'm = Model()',
      'with np.errstate(all="ignore") as state:',
      '    inside = 1',
      'build(4), plain(1), Weights.DEFAULT, issubclass(Weights, object)',
    ].join('\n');
    assert.equal(await text(py, source), '(8, 2, 1, True)');
    assert.match(await text(py, 'm.config'), /^<placeholder numpy\.load\(\.\.\.\)\.item\(\.\.\.\) from `import numpy`>$/);
  });

  it('fails only where a number, shape or tensor is needed, naming the import', async () => {
    for (const source of ['np.zeros(3) + 1', 'int(np.pi)', 'list(np.arange(3))', 'range(np.size)', 'len(np.ones(2))']) {
      const error = await fails(py, source);
      assert.equal(error.name, 'PlaceholderError', source);
      assert.match(error.message, /is a placeholder for `import numpy`, a module convbook doesn't have/, source);
      assert.ok(error instanceof Object && error.line === 1, source);
    }
    const from = await fails(py, 'from scipy.signal import convolve2d\nconvolve2d(1, 2) * 3');
    assert.match(from.message, /^scipy\.signal\.convolve2d\(\.\.\.\) is a placeholder for `from scipy\.signal import convolve2d`/);
  });

  it('keeps real import errors for the standard library and for torch', async () => {
    const tk = await fails(py, 'import tkinter');
    assert.equal(tk.name, 'ModuleNotFoundError');
    const torch = await fails(py, 'import torch');
    assert.deepEqual([torch.name, torch.message], ['ModuleNotFoundError', "No module named 'torch'"]);
  });
});
