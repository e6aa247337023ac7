// The packaged .vsix holds everything the extension loads at run time and nothing it should not
// ship. Installing it into a real VS Code and running a cell is tested in test/vscode.

import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { checkVsix, packageVsix } from '../../../scripts/package-check.mjs';

test('vsce packages the extension with its bundles, KaTeX assets and manifest files, and without sources', { timeout: 180_000 }, () => {
  const vsix = packageVsix();
  try {
    const { problems, entries } = checkVsix(vsix);
    assert.deepEqual(problems, [], `problems in ${vsix}; it holds:\n${entries.map((e) => `${e.name} ${e.size}`).join('\n')}`);
    // The checker itself must look at real content: these are always there.
    const names = entries.map((e) => e.name);
    assert.ok(names.includes('extension/dist/extension.js'));
    assert.ok(names.some((n) => /^extension\/dist\/katex\/fonts\/.+\.woff2$/.test(n)));
  } finally {
    rmSync(dirname(vsix), { recursive: true, force: true });
  }
});

/** A stored (uncompressed) zip of the given files; CRCs are left 0 since the checker ignores them. */
function storedZip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const nameBytes = Buffer.from(name);
    const data = Buffer.from(text);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

test('the package check reports missing run-time files and shipped sources', () => {
  const dir = mkdtempSync(join(tmpdir(), 'convbook-vsix-check-'));
  try {
    const manifest = {
      main: './dist/extension.js',
      contributes: { grammars: [{ path: './syntaxes/convbook.tmLanguage.json' }], notebookRenderer: [{ entrypoint: './dist/renderer.js' }] },
    };
    const file = join(dir, 'bad.vsix');
    writeFileSync(file, storedZip({
      'extension/package.json': JSON.stringify(manifest),
      'extension/dist/extension.js': '',
      'extension/dist/katex/katex.min.css': '@font-face{src:url(fonts/KaTeX_Main-Regular.woff2)}',
      'extension/node_modules/left-pad/index.js': '',
      'extension/engine/tensor.ts': '',
      'extension/dist/extension.js.map': '',
    }));
    const { problems } = checkVsix(file, dir);
    for (const expected of [
      'missing dist/worker.js',
      'missing dist/renderer.js',
      'missing dist/calculator.js',
      'missing syntaxes/convbook.tmLanguage.json',
      'missing KaTeX font dist/katex/fonts/KaTeX_Main-Regular.woff2',
      'ships node_modules: extension/node_modules/left-pad/index.js',
      'ships TypeScript source: extension/engine/tensor.ts',
      'ships a source map: extension/dist/extension.js.map',
    ]) {
      assert.ok(problems.includes(expected), `expected "${expected}" among:\n${problems.join('\n')}`);
    }
    assert.ok(!problems.includes('missing dist/extension.js'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
