// Entry of the VS Code test suite, bundled to out/vscode-suite/index.js. The extension host calls
// run() (code-server driver), or mocha loads it (@vscode/test-cli) and the test files register
// with mocha instead; see harness.ts. Tests run in the order of these imports.

import { runRegistered, type Group } from './harness';
import './activation';
import './notebook';
import './kernel';
import './corrupt';
import './python';
import './trace';
import './calculators';
import './latency';

export async function run(): Promise<void> {
  const group = (process.env.CONVBOOK_SUITE_GROUP ?? 'dev') as Group;
  const only = process.env.CONVBOOK_SUITE_ONLY ? new RegExp(process.env.CONVBOOK_SUITE_ONLY) : undefined;
  const summary = await runRegistered(group, only);
  console.log(`[convbook-suite] ${summary.passed} passed, ${summary.failed} failed`);
  if (summary.failed > 0) throw new Error(`${summary.failed} VS Code test(s) failed`);
}
