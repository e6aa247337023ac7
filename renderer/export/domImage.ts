// A PNG for the table-and-formula views: their DOM is laid out again on a canvas (headings and
// paragraphs as wrapped text, tables as grids, formulas by their plain-text spelling). Drawing
// HTML straight into a canvas would need an SVG foreignObject, which taints the canvas in some
// browsers and loses KaTeX's fonts.

import type { Palette } from '../theme';
import { newScene, type Scene } from '../scene/scene';

interface Block {
  kind: 'text' | 'table';
  text?: string;
  bold?: boolean;
  muted?: boolean;
  rows?: { cells: string[]; header: boolean }[];
}

const SKIP = new Set(['BUTTON', 'SELECT', 'INPUT', 'TEXTAREA', 'STYLE', 'LINK', 'SCRIPT', 'CANVAS']);

function plainText(node: Element): string {
  const parts: string[] = [];
  const walk = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE) {
      parts.push(n.textContent ?? '');
      return;
    }
    if (!(n instanceof Element)) return;
    if (SKIP.has(n.tagName) || n.getAttribute('aria-hidden') === 'true' || n.classList.contains('cb-sr-only')) return;
    if (n instanceof HTMLElement && n.dataset.plain !== undefined) {
      parts.push(n.dataset.plain);
      return;
    }
    if (n.classList.contains('katex-mathml')) return;
    for (const c of n.childNodes) walk(c);
  };
  walk(node);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

function collect(node: Element, out: Block[]): void {
  for (const child of node.children) {
    if (SKIP.has(child.tagName) || child.classList.contains('cb-toolbar') || child.classList.contains('cb-sr-only')) continue;
    if (child.getAttribute('aria-hidden') === 'true') continue;
    if (child.tagName === 'TABLE') {
      const rows: { cells: string[]; header: boolean }[] = [];
      for (const tr of child.querySelectorAll('tr')) {
        const cells = [...tr.children].map((c) => plainText(c));
        rows.push({ cells, header: tr.parentElement?.tagName === 'THEAD' || [...tr.children].every((c) => c.tagName === 'TH') });
      }
      out.push({ kind: 'table', rows });
      continue;
    }
    const blockish = [...child.children].some((c) => ['TABLE', 'DIV', 'P', 'H3', 'H4', 'UL', 'OL', 'LI', 'SECTION'].includes(c.tagName));
    if (blockish && !(child instanceof HTMLElement && child.dataset.plain !== undefined)) {
      collect(child, out);
      continue;
    }
    const text = plainText(child);
    if (!text) continue;
    const bold = /^H\d$/.test(child.tagName) || child.classList.contains('cb-title');
    const muted = child.classList.contains('cb-subtitle') || child.classList.contains('cb-notes') || child.tagName === 'LI';
    out.push({ kind: 'text', text: child.tagName === 'LI' ? `• ${text}` : text, bold, muted });
  }
}

export function domToScene(root: Element, palette: Palette, maxWidth = 900): Scene {
  const blocks: Block[] = [];
  collect(root, blocks);
  const measure = document.createElement('canvas').getContext('2d');
  const fontSize = 13;
  const lineHeight = 19;
  const pad = 12;
  const font = (bold: boolean) => `${bold ? '600 ' : ''}${fontSize}px ${palette.fontFamily}`;
  const width = (s: string, bold = false) => {
    if (!measure) return s.length * 7;
    measure.font = font(bold);
    return measure.measureText(s).width;
  };

  // First pass: lay out to find the height and the widest table.
  type Placed = { y: number; block: Block; lines?: string[]; colWidths?: number[] };
  const placed: Placed[] = [];
  let y = pad;
  let contentWidth = 200;
  for (const block of blocks) {
    if (block.kind === 'text') {
      const lines = wrap(block.text ?? '', maxWidth - 2 * pad, (s) => width(s, block.bold));
      placed.push({ y, block, lines });
      y += lines.length * lineHeight + 4;
      for (const l of lines) contentWidth = Math.max(contentWidth, width(l, block.bold));
    } else {
      const rows = block.rows ?? [];
      const cols = Math.max(0, ...rows.map((r) => r.cells.length));
      const colWidths = new Array<number>(cols).fill(24);
      for (const r of rows) r.cells.forEach((c, i) => (colWidths[i] = Math.max(colWidths[i], width(c, r.header) + 14)));
      placed.push({ y, block, colWidths });
      y += rows.length * (lineHeight + 4) + 10;
      contentWidth = Math.max(contentWidth, colWidths.reduce((a, b) => a + b, 0));
    }
  }
  const scene = newScene(Math.ceil(contentWidth + 2 * pad), Math.ceil(y + pad), palette.background, palette.fontFamily, palette.monoFamily);
  for (const p of placed) {
    if (p.block.kind === 'text') {
      p.lines?.forEach((line, i) =>
        scene.prims.push({ t: 'text', x: pad, y: p.y + i * lineHeight, text: line, color: p.block.muted ? palette.muted : palette.foreground, size: fontSize, baseline: 'top', bold: p.block.bold }),
      );
    } else {
      const rows = p.block.rows ?? [];
      const colWidths = p.colWidths ?? [];
      rows.forEach((row, r) => {
        let x = pad;
        const rowY = p.y + r * (lineHeight + 4);
        row.cells.forEach((cell, c) => {
          const w = colWidths[c];
          scene.prims.push({ t: 'rect', x, y: rowY, w, h: lineHeight + 4, fill: row.header ? palette.widget : undefined, stroke: palette.border });
          scene.prims.push({ t: 'text', x: c === 0 ? x + 7 : x + w - 7, y: rowY + (lineHeight + 4) / 2, text: cell, color: palette.foreground, size: fontSize, align: c === 0 ? 'left' : 'right', bold: row.header });
          x += w;
        });
      });
    }
  }
  return scene;
}

function wrap(text: string, maxWidth: number, width: (s: string) => number): string[] {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && width(candidate) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}
