// The memory snapshot cache and the package installer seam: the first kernel boots CPython and
// saves a snapshot, the next one starts from it with the same behaviour (imports, sandbox,
// installed package); a different package makes a different snapshot. The installer here is a
// tiny fake of installTorchPackage: a pure-Python package prepared into the snapshot, and a JS
// module registered after it.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MIME } from '../../../contract';
import { inertModule } from '../../../python/runtime/inert';
import type { PackageInstaller } from '../../../python/runtime/interpreter';
import type { PyodideAPI } from '../../../python/runtime/load_pyodide';
import { fails, pythonSession, text } from './python_cells';

function fakeInstaller(value: number): PackageInstaller {
  const copyPackage = (pyodide: PyodideAPI) => {
    pyodide.FS.mkdirTree('/convbook/pkg/fakepkg');
    pyodide.FS.writeFile('/convbook/pkg/fakepkg/__init__.py', `VALUE = ${value}\n`);
  };
  return {
    key: `fakepkg ${value}`,
    prepare(pyodide) {
      copyPackage(pyodide);
      pyodide.runPython('import sys\nsys.path.insert(0, "/convbook/pkg")\nimport fakepkg');
    },
    install(pyodide) {
      copyPackage(pyodide);
      pyodide.registerJsModule('_fake_bridge', inertModule({ double: (x: number) => x * 2 }));
      // An engine-like bridge: plain functions returning typed arrays and throwing Errors.
      pyodide.registerJsModule('_fake_engine', {
        zeros: (n: number) => new Float32Array(n),
        fail: () => {
          throw Object.assign(new Error('bad shape'), { pythonName: 'ValueError' });
        },
      });
      // What the engine bridge's display does: CellOutputs built in TypeScript, handed over as a JS array.
      pyodide.registerJsModule('_fake_display', { outputs: (label: string) => [{ items: [{ mime: MIME.markdown, value: `**${label}**` }, { mime: MIME.plain, value: label }] }] });
    },
    jsModules: ['_fake_bridge', '_fake_display', '_fake_engine'],
  };
}

describe('memory snapshot cache', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'convbook-snapshots-'));

  it('boots cold once, saves a snapshot, and starts the next kernel from it with the same behaviour', async () => {
    const first = pythonSession({ cacheDir }, { installer: fakeInstaller(7) });
    assert.equal(await first.ready(), 'cold, snapshot saved');
    const files = readdirSync(cacheDir).filter((f) => f.endsWith('.snapshot'));
    assert.equal(files.length, 1);
    assert.ok(statSync(join(cacheDir, files[0])).size > 10_000_000, 'the snapshot holds the wasm memory');

    const second = pythonSession({ cacheDir }, { installer: fakeInstaller(7) });
    assert.equal(await second.ready(), 'snapshot');
    for (const py of [first, second]) {
      assert.equal(await text(py, 'import fakepkg, _fake_bridge\nfakepkg.VALUE, _fake_bridge.double(21)'), '(7, 42)');
      assert.equal((await fails(py, '_fake_bridge.double.constructor')).name, 'AttributeError');
      // JavaScript objects the bridge hands over lead nowhere: no path of reads reaches Function.
      const escapes = [
        'import _fake_engine',
        'a = _fake_engine.zeros(3)',
        'try:\n    _fake_engine.fail()\nexcept Exception as e:\n    err = e',
        '[a.constructor.constructor, err.constructor.constructor, _fake_engine.zeros.constructor, err.toString.constructor, err.js_error.constructor.constructor]',
      ].join('\n');
      assert.equal(await text(py, escapes), '[None, None, None, None, None]');
      assert.match((await fails(py, 'err.constructor.prepareStackTrace = print')).message, /Cannot assign to read only property 'prepareStackTrace'/);
      assert.equal((await fails(py, 'import pyodide_js')).name, 'ImportError');
      assert.equal((await fails(py, 'def f():\n    return 1 / 0\nf()')).line, 2);
      assert.equal(await text(py, 'import argparse, dataclasses\nargparse.ArgumentParser().parse_args([]) is not None'), 'True');
      const shown = await py.execute('import _fake_display\nclass T:\n    def _convbook_display_(self):\n        return _fake_display.outputs("t")\nprint("before")\nT()');
      assert.deepEqual(shown, {
        outputs: [{ items: [{ mime: MIME.plain, value: 'before\n' }] }, { items: [{ mime: MIME.markdown, value: '**t**' }, { mime: MIME.plain, value: 't' }] }],
        error: null,
      });
    }
  });

  it('keys the snapshot by what it holds: another package makes another snapshot', async () => {
    const other = pythonSession({ cacheDir }, { installer: fakeInstaller(8) });
    assert.equal(await other.ready(), 'cold, snapshot saved');
    assert.equal(readdirSync(cacheDir).filter((f) => f.endsWith('.snapshot')).length, 2);
    assert.equal(await text(other, 'import fakepkg\nfakepkg.VALUE'), '8');
  });
});
