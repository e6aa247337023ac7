// Installs the benchmark's peers (bench/package.json: TensorFlow.js and ONNX Runtime) on first use
// of `npm run bench`. They are not the product's dependencies, so nothing here can break `npm ci`.
// A failed install is reported and the benchmark goes on with the peers it has: it never exits
// non-zero. onnxruntime-node's own install script would download optional GPU binaries from
// outside npm; its CPU build ships in the npm package, so that download is skipped.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bench = fileURLToPath(new URL('../bench/', import.meta.url));
const peers = Object.keys(JSON.parse(readFileSync(join(bench, 'package.json'), 'utf8')).dependencies);
const benchRequire = createRequire(join(bench, 'package.json'));

function missing() {
  return peers.filter((name) => {
    try {
      benchRequire.resolve(name);
      return false;
    } catch {
      return true;
    }
  });
}

const before = missing();
if (before.length) {
  console.log(`bench: installing the peers it measures against (${before.join(', ')}) into bench/node_modules, once`);
  const started = Date.now();
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: bench,
    stdio: 'inherit',
    env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const after = missing();
  if (r.status === 0 && after.length === 0) console.log(`bench: peers installed in ${seconds} s`);
  else {
    console.log(`bench: could not install ${after.join(', ') || 'the peers'} (npm ci ${r.status === null ? 'was killed' : `exited ${r.status}`});`);
    console.log('bench: measuring without them. To retry: npm --prefix bench ci');
  }
}
