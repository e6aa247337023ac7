// The extension loads and activates in a real VS Code, from the repo or from the packaged .vsix.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './harness';
import { activateConvbook, convbookExtension, workspaceRoot } from './workbench';

test('the workbench opened the test workspace', async () => {
  const root = workspaceRoot();
  const entries = await vscode.workspace.fs.readDirectory(root);
  const names = entries.map(([name]) => name);
  assert.ok(names.includes('examples'), `workspace ${root.fsPath} holds ${names.join(', ')}`);
}, { timeout: 10_000, groups: ['dev', 'installed'] });

test('the extension activates', async () => {
  const ext = await activateConvbook();
  assert.equal(ext.isActive, true);
  const declared: string[] = (ext.packageJSON.contributes?.commands ?? []).map((c: { command: string }) => c.command);
  const registered = new Set(await vscode.commands.getCommands(true));
  const missing = declared.filter((id) => !registered.has(id));
  assert.deepEqual(missing, [], 'commands declared in package.json but not registered on activation');
}, { timeout: 30_000, groups: ['dev', 'installed'] });

test('the extension is the copy under test', async () => {
  const ext = convbookExtension();
  const where = process.env.CONVBOOK_EXPECT_EXTENSION_PATH;
  if (where) assert.equal(ext.extensionUri.fsPath, where);
}, { timeout: 10_000, groups: ['dev', 'installed'] });
