// Every way out of convbook's Python that the sandbox closes (python/README.md), tried from a
// cell: JavaScript through js, pyodide_js, pyodide.code/ffi/http, _pyodide, the import hook's
// callback, gc and function globals; writing files; processes; the network; host files.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { PythonSession } from '../../../python/runtime/python_session';
import { fails, ok, pythonSession, text } from './python_cells';

describe('the Python sandbox', () => {
  let py: PythonSession;
  before(async () => {
    py = pythonSession();
    await py.ready();
  });

  async function refused(source: string, name: string, message: RegExp): Promise<void> {
    const error = await fails(py, source);
    assert.equal(error.name, name, `${source} → ${error.name}: ${error.message}`);
    assert.match(error.message, message, source);
  }

  it('gives `import js` an empty namespace', async () => {
    assert.equal(await text(py, 'import js\n[n for n in dir(js) if not n.startswith("__")]'), '[]');
    await refused('import js\njs.process', 'AttributeError', /has no attribute 'process'/);
    await refused('from js import fetch', 'ImportError', /cannot import name 'fetch'/);
  });

  it("refuses every module that reaches JavaScript: pyodide_js, pyodide's code/ffi/http, _pyodide, micropip, ctypes", async () => {
    for (const source of [
      'import pyodide_js',
      'import pyodide',
      'from pyodide.code import run_js',
      'from pyodide.ffi import to_js, create_proxy',
      'from pyodide.http import pyfetch, open_url',
      'import _pyodide._base',
      'import _pyodide_core',
      'import micropip',
      'import ctypes',
      'import importlib\nimportlib.import_module("pyodide.code")',
      '__import__("pyodide_js")',
    ]) {
      await refused(source, 'ImportError', /cells cannot reach JavaScript or the host/);
    }
    assert.equal(await text(py, 'import sys\nsorted(m for m in sys.modules if "pyodide" in m or m == "_pyodide_core")'), '[]');
  });

  it("leaves no JavaScript object in the importer's registry", async () => {
    assert.equal(await text(py, 'import sys\n[sorted(f.jsproxies) for f in sys.meta_path if hasattr(f, "jsproxies")]'), '[[]]');
  });

  it("refuses the introspection that would find the runtime's internals", async () => {
    await refused('import gc\ngc.get_objects()', 'PermissionError', /walking every live object/);
    await refused('import gc\ngc.get_referrers(object)', 'PermissionError', /walking object references/);
    // The internals stay loaded but hollow: whatever a cell digs out of their globals refuses.
    const internals = [
      'found = [c for c in object.__subclasses__() if (c.__module__ or "").startswith(("_pyodide", "pyodide"))]',
      'assert found, "the internals define classes"',
      'spaces = [v.__globals__ for c in found for v in vars(c).values() if hasattr(v, "__globals__")]',
      'assert spaces',
      'JsProxy = next(c for c in found if c.__name__ == "JsProxy")',
      '# Any JavaScript object left in reach (JS null aside, which leads nowhere) would be a way out.',
      'leaks = [k for g in spaces for k, v in g.items() if isinstance(v, JsProxy) and type(v).__name__ != "JsNull"]',
      'makers = [g[k] for g in spaces for k in ("to_js", "run_js", "create_proxy") if k in g]',
      'leaks, len(makers) > 0',
    ].join('\n');
    assert.equal(await text(py, internals), '([], True)');
    await refused('makers[0]([1, 2])', 'PermissionError', /reaching JavaScript/);
    // Ordinary code reading its own functions' globals is unaffected.
    await ok(py, 'def mine(): pass\nassert mine.__globals__["mine"] is mine');
  });

  it("makes the import hook's callback a dead end: no constructor, no new, identifiers only", async () => {
    await ok(py, 'import convbook_imports\nlookup = convbook_imports._lookup');
    await refused('lookup.constructor', 'AttributeError', /constructor/);
    assert.notEqual((await fails(py, 'lookup.new()')).name, undefined);
    assert.equal(await text(py, 'lookup("../../etc/passwd"), lookup("os")'), "('', '')");
  });

  it('refuses writing files, even in the in-memory file system', async () => {
    for (const source of [
      'open("/tmp/out.txt", "w")',
      'open("/tmp/out.txt", "a")',
      'open("/tmp/out.txt", "x")',
      'open("/home/pyodide/x", "r+")',
      'import pathlib\npathlib.Path("/tmp/p.txt").write_text("x")',
      'import os\nos.open("/tmp/o", os.O_WRONLY | os.O_CREAT)',
      'import os\nos.mkdir("/tmp/d")',
      'import os\nos.remove("/lib/python3.14/site-packages")',
      'import shutil\nshutil.copyfile("/dev/null", "/tmp/c")',
    ]) {
      await refused(source, 'PermissionError', /sandbox: (writing a file|creating a folder|deleting a file|writing files) is not allowed/);
    }
  });

  it('refuses starting processes', async () => {
    // Emscripten has no processes either; whichever refuses first, nothing starts.
    await refused('import subprocess\nsubprocess.run(["ls"])', 'OSError', /does not support processes/);
    await refused('import subprocess\nsubprocess.Popen.__init__(object.__new__(subprocess.Popen), ["ls"])', 'OSError', /does not support processes/);
    await refused('import os\nos.system("ls")', 'PermissionError', /starting a process/);
  });

  it('refuses the network', async () => {
    await refused('import urllib.request\nurllib.request.urlopen("http://example.com")', 'PermissionError', /fetching a URL/);
    await refused('import socket\nsocket.socket()', 'PermissionError', /networking/);
  });

  it("sees no host file: Python's file system is Pyodide's own, in memory", async () => {
    assert.equal(await text(py, 'import os\nsorted(os.listdir("/"))'), "['convbook', 'dev', 'home', 'lib', 'proc', 'tmp']");
    await refused(`open(${JSON.stringify(__filename)})`, 'FileNotFoundError', /No such file or directory/);
    await refused('open("/etc/passwd")', 'FileNotFoundError', /No such file or directory/);
  });
});
