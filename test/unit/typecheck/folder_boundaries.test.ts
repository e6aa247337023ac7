// Each folder's type check keeps its code on its own platform: renderer/ (and calculator/) get the
// DOM but neither Node nor vscode, extension/ gets Node and vscode but no DOM. A small probe file
// is compiled with each folder's tsconfig.json; a control probe must compile, so a broken setup
// cannot pass for a boundary that holds.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** The diagnostics of `source` compiled alone with the options of `<folder>/tsconfig.json`. */
function diagnostics(folder: string, source: string): string[] {
  const configPath = join(ROOT, folder, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  assert.equal(config.error, undefined, `${configPath} reads`);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, join(ROOT, folder), undefined, configPath);
  // Inside the repository, so that packages resolve from its node_modules as the folder's own files do.
  const dir = mkdtempSync(join(ROOT, '.probe-'));
  try {
    const file = join(dir, 'probe.ts');
    writeFileSync(file, source);
    const program = ts.createProgram([file], parsed.options);
    return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('renderer/: DOM code compiles, an import of vscode or of a Node module does not', () => {
  assert.deepEqual(diagnostics('renderer', 'export const body: HTMLElement = document.body;\n'), []);
  const vscode = diagnostics('renderer', "import * as vscode from 'vscode';\nexport const v: string = vscode.version;\n");
  assert.ok(vscode.some((m) => /version/.test(m)), vscode.join('\n'));
  const named = diagnostics('renderer', "import { window } from 'vscode';\nexport const w = window;\n");
  assert.ok(named.some((m) => /no exported member 'window'/.test(m)), named.join('\n'));
  const node = diagnostics('renderer', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n");
  assert.ok(node.some((m) => /node:fs/.test(m)), node.join('\n'));
});

test('renderer/: the notebook renderer API types come from @types/vscode-notebook-renderer', () => {
  const source = "import type { ActivationFunction } from 'vscode-notebook-renderer';\nexport const a: ActivationFunction = () => ({ renderOutputItem: () => undefined });\n";
  assert.deepEqual(diagnostics('renderer', source), []);
});

test('extension/: the vscode API and Node compile, the DOM does not', () => {
  assert.deepEqual(diagnostics('extension', "import * as vscode from 'vscode';\nimport { readFileSync } from 'node:fs';\nexport const v: string = vscode.version;\nexport const r = readFileSync;\n"), []);
  const dom = diagnostics('extension', 'export const body = document.body;\n');
  assert.ok(dom.some((m) => /document/.test(m)), dom.join('\n'));
});
