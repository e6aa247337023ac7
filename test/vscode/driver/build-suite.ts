// Bundles the suite (test/vscode/suite) into one CommonJS file the extension host can require,
// with `vscode` left to the host.

import * as esbuild from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const suiteBundle = join(repoRoot, 'out', 'vscode-suite', 'index.js');

export async function buildSuite(): Promise<string> {
  await esbuild.build({
    absWorkingDir: repoRoot,
    entryPoints: ['test/vscode/suite/index.ts'],
    outfile: suiteBundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return suiteBundle;
}
