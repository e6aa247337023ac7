// KaTeX typesetting. Formulas come from the engine (never from notebook strings), and KaTeX runs
// with trust off so even a stray \href or \url could not produce a link. Fonts: a @font-face
// declared inside a shadow root is ignored by browsers, so, as VS Code's markdown-math renderer
// does, the stylesheet is also linked from document.head; the copy inside the shadow root styles
// the KaTeX classes there.

import katex from 'katex';

const LINK_MARK = 'data-convbook-katex';

/** Formulas write \textcolor{#8a8a8a}{...} for de-emphasised terms; they render in the theme's muted colour. */
export const MUTED_TEX = '#8a8a8a';
const MUTED_TEX_RGB = 'rgb(138, 138, 138)';

/** Links KaTeX's stylesheet from the document once (idempotent). */
export function ensureDocumentKatexStylesheet(href: string): void {
  if (typeof document === 'undefined' || !href) return;
  const existing = document.head.querySelector(`link[${LINK_MARK}]`);
  if (existing) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  link.setAttribute(LINK_MARK, '');
  document.head.appendChild(link);
}

export function katexLink(href: string): HTMLLinkElement {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  return link;
}

/**
 * Typeset formulas by display mode and source, most recently used last. KaTeX takes milliseconds
 * per formula, so a re-run cell, whose outputs repeat the same formulas, would spend tens of them
 * before its first frame (a 5×5 sweep: 10 to 50 ms); a deep clone of the cached nodes takes a
 * fraction of one.
 */
const typeset = new Map<string, Node[]>();
const TYPESET_CACHE_SIZE = 256;

function typesetNodes(latex: string, display: boolean): Node[] | null {
  const key = `${display ? 'D' : 'I'}${latex}`;
  const cached = typeset.get(key);
  if (cached) {
    typeset.delete(key);
    typeset.set(key, cached);
    return cached;
  }
  const scratch = document.createElement('span');
  try {
    katex.render(latex, scratch, {
      displayMode: display,
      throwOnError: false,
      trust: false,
      strict: 'ignore',
      output: 'htmlAndMathml',
      maxExpand: 200,
    });
  } catch {
    return null;
  }
  // KaTeX only takes literal colours; the one grey formulas use for "not really there" terms
  // (padding zeros, tags) follows the theme's muted colour instead, so it stays readable in each.
  for (const span of scratch.querySelectorAll<HTMLElement>('[style*="color"]')) {
    if (span.style.color === MUTED_TEX_RGB) span.style.color = 'var(--cb-muted)';
  }
  const nodes = [...scratch.childNodes];
  typeset.set(key, nodes);
  if (typeset.size > TYPESET_CACHE_SIZE) typeset.delete(typeset.keys().next().value as string);
  return nodes;
}

/**
 * Typesets `latex` into `target`. A parse error shows KaTeX's own marked-up source (throwOnError
 * off); anything else going wrong falls back to the plain-text spelling.
 */
export function renderMath(target: HTMLElement, latex: string, options: { display?: boolean; plain?: string; label?: string } = {}): void {
  target.classList.add('cb-math');
  const nodes = typesetNodes(latex, options.display ?? false);
  if (nodes) {
    target.replaceChildren(...nodes.map((n) => n.cloneNode(true)));
  } else {
    const fallback = document.createElement('span');
    fallback.className = 'cb-math-plain';
    fallback.textContent = options.plain ?? latex;
    target.replaceChildren(fallback);
  }
  if (options.label) target.setAttribute('aria-label', options.label);
}

/** Like renderMath but returns a fresh element. */
export function mathElement(latex: string, options: { display?: boolean; plain?: string; label?: string; tag?: 'span' | 'div' } = {}): HTMLElement {
  const node = document.createElement(options.tag ?? 'span');
  renderMath(node, latex, options);
  // The plain spelling travels with the element for text exports and copy.
  if (options.plain !== undefined) node.dataset.plain = options.plain;
  return node;
}

const ALIGNED = /^\s*\\begin\{aligned\}([\s\S]*)\\end\{aligned\}\s*$/;

/**
 * The rows of a formula that is one top-level `aligned` block, without their alignment marks, or
 * null for any other formula. An aligned block is typeset as one unbreakable box; its rows as
 * inline formulas wrap after their relations and operators, so they fit a narrow card.
 */
export function alignedRows(latex: string): string[] | null {
  const m = ALIGNED.exec(latex);
  if (!m || /\\begin\{/.test(m[1])) return null;
  return m[1].split('\\\\').map((row) => row.replace(/&/g, '').trim()).filter((row) => row.length > 0);
}
