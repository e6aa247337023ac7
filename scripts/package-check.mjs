// Packages the extension with vsce and checks the .vsix holds what the extension needs at run time
// (the bundles, KaTeX's stylesheet and fonts, everything package.json points at) and nothing that
// does not belong in it (node_modules, TypeScript sources, tests, huge files).
//
//   node scripts/package-check.mjs [file.vsix]   check a .vsix (default: package into a temp dir)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs vsce (without dependencies: everything is bundled) and returns the .vsix path. */
export function packageVsix(outFile = join(mkdtempSync(join(tmpdir(), 'convbook-vsix-')), 'convbook.vsix')) {
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '-o', outFile], {
    cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000,
  });
  if (r.status !== 0 || !existsSync(outFile)) {
    throw new Error(`vsce package failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  }
  return outFile;
}

/** The entries of a zip file from its central directory: name, uncompressed size, and a reader. */
export function zipEntries(file) {
  const buf = readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${n}`);
    const method = buf.readUInt16LE(at + 10);
    const compressedSize = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const localHeader = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({
      name,
      size,
      read() {
        const start = localHeader + 30 + buf.readUInt16LE(localHeader + 26) + buf.readUInt16LE(localHeader + 28);
        const raw = buf.subarray(start, start + compressedSize);
        return method === 0 ? Buffer.from(raw) : inflateRawSync(raw);
      },
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const MAX_FILE_BYTES = 5 * 1024 * 1024;
// CPython in WebAssembly (Pyodide: a 9.6 MB wasm, a 2.5 MB standard library) ships whole, since
// nothing may be downloaded at run time; its wasm alone has a limit of its own.
const MAX_PYODIDE_WASM_BYTES = 11 * 1024 * 1024;
const MAX_TOTAL_BYTES = 28 * 1024 * 1024;

/** Paths (relative to the extension root) that package.json makes VS Code load. */
function referencedFiles(manifest) {
  const c = manifest.contributes ?? {};
  const out = [];
  if (manifest.main) out.push(manifest.main);
  if (manifest.browser) out.push(manifest.browser);
  if (manifest.icon) out.push(manifest.icon);
  for (const g of c.grammars ?? []) out.push(g.path);
  for (const l of c.languages ?? []) {
    if (l.configuration) out.push(l.configuration);
    if (typeof l.icon === 'string') out.push(l.icon);
  }
  for (const r of c.notebookRenderer ?? []) out.push(typeof r.entrypoint === 'string' ? r.entrypoint : r.entrypoint?.path);
  for (const s of c.snippets ?? []) out.push(s.path);
  for (const w of c.walkthroughs ?? []) {
    for (const step of w.steps ?? []) {
      const media = step.media ?? {};
      for (const key of ['image', 'markdown', 'svg']) {
        const v = media[key];
        if (typeof v === 'string') out.push(v);
        else if (v && typeof v === 'object') out.push(...Object.values(v).filter((x) => typeof x === 'string'));
      }
    }
  }
  return out.filter(Boolean).map((p) => p.replace(/^\.\//, ''));
}

/**
 * Checks the entries of a .vsix. Returns a list of problems (empty when fine) and a summary.
 * `repo` is where the sources live, to know which optional things (examples, grammar) exist.
 */
export function checkVsix(vsixFile, repo = repoRoot) {
  const entries = zipEntries(vsixFile);
  const names = new Set(entries.map((e) => e.name));
  const problems = [];
  const has = (p) => names.has(`extension/${p}`);

  const manifestEntry = entries.find((e) => e.name === 'extension/package.json');
  if (!manifestEntry) return { problems: ['extension/package.json is missing'], entries };
  const manifest = JSON.parse(manifestEntry.read().toString('utf8'));

  const required = [
    'package.json',
    'dist/extension.js',
    'dist/worker.js',
    'dist/renderer.js',
    'dist/calculator.js',
    'dist/katex/katex.min.css',
    'dist/pyodide/pyodide.mjs',
    'dist/pyodide/pyodide.asm.mjs',
    'dist/pyodide/pyodide.asm.wasm',
    'dist/pyodide/python_stdlib.zip',
    'dist/python/runtime/convbook_cells.py',
    'dist/kernels-simd.wasm',
    'dist/kernels-relaxed-simd.wasm',
    ...referencedFiles(manifest),
  ];
  if (existsSync(join(repo, 'language-configuration.json'))) required.push('language-configuration.json');
  for (const p of new Set(required)) if (!has(p)) problems.push(`missing ${p}`);

  // KaTeX's stylesheet names its fonts by relative URL; every woff2 it names must be shipped.
  const css = entries.find((e) => e.name === 'extension/dist/katex/katex.min.css');
  if (css) {
    const fonts = [...css.read().toString('utf8').matchAll(/url\((fonts\/[^)]+\.woff2)\)/g)].map((m) => m[1]);
    if (fonts.length === 0) problems.push('katex.min.css names no woff2 fonts');
    for (const f of new Set(fonts)) if (!has(`dist/katex/${f}`)) problems.push(`missing KaTeX font dist/katex/${f}`);
  }

  // Grammar files must parse, and the notebook examples shipped must be the repo's.
  for (const e of entries) {
    if (/^extension\/syntaxes\/.*\.json$/.test(e.name)) {
      try { JSON.parse(e.read().toString('utf8')); } catch (err) { problems.push(`${e.name} is not valid JSON: ${err.message}`); }
    }
  }
  const examples = join(repo, 'examples');
  if (existsSync(examples) && existsSync(join(examples, 'seed.convnb')) && !has('examples/seed.convnb')) {
    problems.push('missing examples/seed.convnb');
  }

  let total = 0;
  for (const e of entries) {
    total += e.size;
    const rel = e.name.replace(/^extension\//, '');
    if (/(^|\/)node_modules\//.test(e.name)) problems.push(`ships node_modules: ${e.name}`);
    else if (/\.tsx?$/.test(rel) && !rel.endsWith('.d.ts')) problems.push(`ships TypeScript source: ${e.name}`);
    else if (/^(engine|lang|kernel|extension|renderer|cli|contract|test|bench|scripts|out|\.vscode-test|test-artifacts)\//.test(rel)) {
      problems.push(`ships a source or build folder: ${e.name}`);
    } else if (/\.map$/.test(rel)) problems.push(`ships a source map: ${e.name}`);
    else if (/\.vsix$/.test(rel)) problems.push(`ships a .vsix: ${e.name}`);
    const limit = rel === 'dist/pyodide/pyodide.asm.wasm' ? MAX_PYODIDE_WASM_BYTES : MAX_FILE_BYTES;
    if (e.size > limit) problems.push(`${e.name} is ${(e.size / 1048576).toFixed(1)} MB (limit ${limit / 1048576} MB)`);
  }
  if (total > MAX_TOTAL_BYTES) problems.push(`the package unpacks to ${(total / 1048576).toFixed(1)} MB (limit ${MAX_TOTAL_BYTES / 1048576} MB)`);

  return { problems, entries, manifest, totalBytes: total, vsixBytes: statSync(vsixFile).size };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2] ?? packageVsix();
  const { problems, entries, totalBytes } = checkVsix(file);
  console.log(`${file}: ${entries.length} files, ${(totalBytes / 1024).toFixed(0)} KiB unpacked`);
  for (const p of problems) console.error(`  problem: ${p}`);
  process.exit(problems.length ? 1 : 0);
}
