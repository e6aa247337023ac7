// `convbook run --html`: one self-contained HTML file that draws every output with the same
// renderer bundle VS Code uses (dist/renderer.js), with KaTeX's stylesheet and fonts inlined, so the
// report opens offline from anywhere and makes no network request (its CSP forbids any).

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { RENDERER_MIME_TYPES } from '../contract';
import { streamJson } from './json_stream';
import { formatError, type CellRecord } from './run_cells';

/** dist/ when running the bundled CLI; the repo's dist/ when running from source. */
export function distDirectory(): string {
  const candidates = [__dirname, join(__dirname, '..', 'dist')];
  const found = candidates.find((dir) => existsSync(join(dir, 'renderer.js')));
  if (!found) throw new Error('convbook: the renderer bundle (renderer.js) was not found next to the CLI; run `npm run build` first');
  return found;
}

export function inlineKatexCss(dist: string): string {
  const css = readFileSync(join(dist, 'katex', 'katex.min.css'), 'utf8');
  // Keep only the woff2 face of each font, as a data URL: every browser that runs the renderer reads woff2.
  return css.replace(/src:url\(fonts\/([^)]+\.woff2)\) format\("woff2"\)[^;}]*/g, (_m, file: string) => {
    const data = readFileSync(join(dist, 'katex', 'fonts', file)).toString('base64');
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A piece of JSON made safe inside a <script> element: no '<' can close it. Works piece by piece. */
function scriptSafe(json: string): string {
  return json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Markdown cells get headings and paragraphs; everything is escaped, nothing is interpreted as HTML. */
function markdownToHtml(source: string): string {
  const blocks = source.split(/\n\s*\n/);
  return blocks
    .map((block) => {
      const heading = /^(#{1,6})\s+(.*)$/.exec(block.trim());
      if (heading && !block.trim().includes('\n')) return `<h${heading[1].length}>${escapeHtml(heading[2])}</h${heading[1].length}>`;
      if (block.trim().startsWith('```')) return `<pre>${escapeHtml(block.trim().replace(/^```\w*\n?|```$/g, ''))}</pre>`;
      return `<p>${escapeHtml(block.trim())}</p>`;
    })
    .join('\n');
}

interface ReportOutput {
  id: string;
  mime: string;
  value: unknown;
}

/**
 * The page's only script. The CSP allows it by its hash, not by 'unsafe-inline', so markup that
 * ever slipped past the escaping could still not run a script.
 */
const BOOT_SCRIPT = `
const outputs = JSON.parse(document.getElementById('convbook-outputs').textContent);
const source = JSON.parse(document.getElementById('convbook-renderer').textContent);
const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
const { activate } = await import(url);
// Outputs draw inside shadow roots, which need KaTeX's stylesheet by URL: hand them the inlined copy.
const katexCss = document.querySelector('style[data-katex]').textContent;
const katexCssUrl = URL.createObjectURL(new Blob([katexCss], { type: 'text/css' }));
const renderer = await activate({ getState() {}, setState() {} }, { katexCssUrl });
for (const output of outputs) {
  const element = document.getElementById(output.id);
  const text = JSON.stringify(output.value);
  const item = { id: output.id, mime: output.mime, metadata: {}, json: () => output.value, text: () => text,
    data: () => new TextEncoder().encode(text), blob: () => new Blob([text]) };
  try {
    element.replaceChildren();
    await renderer.renderOutputItem(item, element, new AbortController().signal);
  } catch (error) {
    element.textContent = 'convbook could not draw this output: ' + error;
  }
}
document.body.dataset.rendered = 'true';
`;

export const BOOT_SCRIPT_HASH = `'sha256-${createHash('sha256').update(BOOT_SCRIPT).digest('base64')}'`;

/** The whole report as one string: for small reports and tests. The CLI streams with writeHtmlReport. */
export function buildHtmlReport(records: CellRecord[], title: string, dist: string = distDirectory()): string {
  const pieces: string[] = [];
  writeHtmlReport(records, title, (piece) => pieces.push(piece), dist);
  return pieces.join('');
}

/** Writes the report piece by piece: no piece holds more than one cell or one output's slice of data. */
export function writeHtmlReport(records: CellRecord[], title: string, write: (piece: string) => void, dist: string = distDirectory()): void {
  const rich = new Set<string>(RENDERER_MIME_TYPES);
  const outputs: ReportOutput[] = [];
  const body: string[] = [];
  for (const record of records) {
    if (record.kind === 'markdown') {
      body.push(`<section class="cell markdown">${markdownToHtml(record.source)}</section>`);
      continue;
    }
    const parts = [`<pre class="source" aria-label="cell ${record.index + 1} source">${escapeHtml(record.source)}</pre>`];
    for (const output of record.outputs) {
      const richItem = output.items.find((item) => rich.has(item.mime));
      const fallback = output.items.find((item) => item.mime === 'text/plain');
      if (richItem) {
        const id = `output-${outputs.length}`;
        outputs.push({ id, mime: richItem.mime, value: richItem.value });
        // The text fallback stays in the page for readers without JavaScript and for screen readers.
        parts.push(`<div class="output" id="${id}"><pre class="fallback">${escapeHtml(String(fallback?.value ?? ''))}</pre></div>`);
      } else if (fallback) {
        parts.push(`<pre class="output text">${escapeHtml(String(fallback.value))}</pre>`);
      }
    }
    if (record.error) parts.push(`<pre class="output error" role="alert">${escapeHtml(formatError(record.error))}</pre>`);
    body.push(`<section class="cell code"><div class="count">[${record.index + 1}]</div><div>${parts.join('\n')}</div></section>`);
  }

  const renderer = readFileSync(join(dist, 'renderer.js'), 'utf8');
  write(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data: blob:; font-src data:; style-src 'unsafe-inline' blob:; script-src ${BOOT_SCRIPT_HASH} blob:; connect-src 'none'">
<title>${escapeHtml(title)} — convbook report</title>
<style data-katex>${inlineKatexCss(dist)}</style>
<style>
:root { color-scheme: light dark; --vscode-font-family: system-ui, sans-serif; --vscode-editor-font-family: ui-monospace, monospace; }
body { font-family: var(--vscode-font-family); margin: 2rem auto; max-width: 1100px; padding: 0 1rem; line-height: 1.5;
  background: var(--vscode-editor-background, Canvas); color: var(--vscode-foreground, CanvasText); }
.cell { margin: 1.25rem 0; }
.cell.code { display: grid; grid-template-columns: 3.5rem 1fr; gap: .5rem; }
.count { color: GrayText; font-family: var(--vscode-editor-font-family); padding-top: .6rem; }
pre { font-family: var(--vscode-editor-font-family); white-space: pre-wrap; margin: 0; }
pre.source { background: color-mix(in srgb, CanvasText 6%, Canvas); padding: .6rem .8rem; border-radius: 4px; }
.output { margin-top: .5rem; }
.output.error { color: #d33; }
</style>
</head>
<body>
<h1 class="report-title">${escapeHtml(title)}</h1>
<main>
`);
  for (const section of body) write(section + '\n');
  write('</main>\n<script type="application/json" id="convbook-outputs">');
  streamJson(outputs, (piece) => write(scriptSafe(piece)));
  write(`</script>
<script type="application/json" id="convbook-renderer">${scriptSafe(JSON.stringify(renderer))}</script>
<script type="module">${BOOT_SCRIPT}</script>
</body>
</html>
`);
}

export function reportTitle(path: string): string {
  return basename(path);
}
