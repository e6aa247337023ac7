// The desktop host for the VS Code suite, for machines that can download VS Code:
//   npx vscode-test            (or: CONVBOOK_VSCODE_HOST=desktop npm test -- vscode)
// It runs the same suite as the code-server driver (test/vscode/vscode.test.ts), under mocha; the
// checks that need the browser's DOM (rendered outputs, notifications, screenshots) are skipped
// here because no driver is listening. Build first: `npm run build`.
import { defineConfig } from '@vscode/test-cli';
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = import.meta.dirname;
const bundle = join(root, 'out', 'vscode-suite', 'index.js');

await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['test/vscode/suite/index.ts'],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  sourcemap: 'inline',
  logLevel: 'warning',
});

// A throwaway copy of the fixtures and examples: the suite edits and saves files.
const workspace = join(mkdtempSync(join(tmpdir(), 'convbook-vscode-ws-')), 'workspace');
cpSync(join(root, 'test', 'vscode', 'workspace'), workspace, { recursive: true });
if (existsSync(join(root, 'examples'))) cpSync(join(root, 'examples'), join(workspace, 'examples'), { recursive: true });

export default defineConfig({
  label: 'convbook',
  files: bundle,
  version: '1.100.3',
  extensionDevelopmentPath: root,
  workspaceFolder: workspace,
  launchArgs: ['--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  env: { CONVBOOK_SUITE_GROUP: 'dev' },
  mocha: { ui: 'tdd', timeout: 120_000 },
});
