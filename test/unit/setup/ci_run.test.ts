// CI proves the README: .ci/run is the quick start's test command and nothing more (no exported
// variables, no apt step of its own), so a machine with only Node and npm gets exactly CI's path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const root = new URL('../../../', import.meta.url);

test('.ci/run runs the README quick start test command, after cd, and nothing else', () => {
  const commands = readFileSync(new URL('.ci/run', root), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  assert.deepEqual(commands, ['set -euo pipefail', 'cd "$(dirname "$0")/.."', 'npm ci && npm test']);
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('\n## ', readme.indexOf('## Quick start') + 1));
  assert.match(quickStart, /^npm ci && npm test\b/m);
  assert.match(quickStart, /^npm ci && npm start\b/m);
});
