// `npm test`: type-check, build the bundles, then run every test file with Node's test runner:
// unit tests (test/unit), renderer tests in headless Chromium (test/browser) and the suite that
// drives the extension inside a real VS Code (test/vscode). Pass folder names to run a subset,
// e.g. `npm test -- unit`. Missing system packages are installed first (scripts/system_packages.mjs).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemPackages, packagesFor } from './system_packages.mjs';
import { typecheck } from './typecheck.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const suites = ['unit', 'browser', 'vscode'];
const wanted = process.argv.slice(2).filter((a) => suites.includes(a));
const selected = wanted.length ? wanted : suites;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function testFiles(dir) {
  let out = [];
  let entries = [];
  try { entries = readdirSync(dir); } catch { return out; }
  for (const name of entries.sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(testFiles(p));
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out;
}

// The browser and VS Code suites need Debian packages (chromium, and what code-server builds with).
const setup = ensureSystemPackages(packagesFor('test', { suites: selected }), { label: 'npm test' });
if (!setup.ok) {
  console.error(setup.message);
  process.exit(1);
}

if (!process.argv.includes('--no-build')) {
  const status = typecheck();
  if (status !== 0) process.exit(status);
  run('node', ['scripts/build.mjs']);
}
const files = selected.flatMap((s) => testFiles(join(root, 'test', s)));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
run('node', ['--import', 'tsx', '--test', '--test-reporter=spec', ...files]);

// The engine's golden, audit and property tests again through each WebAssembly GEMM variant (the
// run above used the TypeScript kernel): test/unit/support/kernel_variant.ts installs the one named.
const kernelDependent = files.filter((f) => /^test[\\/]unit[\\/](engine|audit)[\\/]/.test(f));
const variants = [['wasm-simd', '1'], ['wasm-simd', '2'], ['wasm-relaxed-simd', '1'], ['wasm-relaxed-simd', '2']];
for (const [variant, threads] of kernelDependent.length ? variants : []) {
  console.log(`\nengine and audit tests with the ${variant} GEMM kernel, ${threads} thread(s)`);
  const r = spawnSync('node', ['--import', 'tsx', '--import', './test/unit/support/kernel_variant.ts', '--test', '--test-reporter=dot', ...kernelDependent], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CONVBOOK_KERNEL: variant, CONVBOOK_THREADS: threads },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
