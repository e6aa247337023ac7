// Every view in the light, dark and high-contrast themes: a screenshot of each for review
// (test-artifacts/browser/theme-<view>-<theme>.png), and a contrast check of every piece of text
// the views write in the DOM against the background it sits on (WCAG AA: 4.5:1, 3:1 for large
// text). Canvas drawings take their colours from the same theme variables.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { everyView } from './fixtures';
import { closeSession, openSession, render, screenshot, setTheme, type Harness, type TestPage, type ThemeKind } from './support';

interface LowContrast {
  output: string;
  text: string;
  ratio: number;
  color: string;
  background: string;
}

// A string: tsx would wrap named arrow functions in a helper the page does not have.
const CONTRAST_SCRIPT = `(() => {
  // Computed colours come as rgb()/rgba(), or as color(srgb r g b / a) from color-mix().
  const parse = (s) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(s);
    if (m) {
      const p = m[1].split(/[\\s,/]+/).filter(Boolean).map(Number);
      return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    }
    const c = /color\\(srgb ([^)]+)\\)/.exec(s);
    if (!c) throw new Error('unexpected colour ' + s);
    const p = c[1].split(/[\\s/]+/).filter(Boolean).map(Number);
    return [p[0] * 255, p[1] * 255, p[2] * 255, p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3]));
  const background = (node) => {
    const layers = [];
    for (let n = node; n; n = n.parentNode || n.host) {
      if (n.nodeType !== 1) continue;
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c[3] > 0) {
        layers.push(c);
        if (c[3] >= 1) break;
      }
    }
    let out = [255, 255, 255];
    for (const c of layers.reverse()) out = over(c, out);
    return out;
  };
  const lum = (c) => {
    const [r, g, b] = c.map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const low = [];
  let checked = 0;
  for (const out of document.querySelectorAll('.output[id]')) {
    const root = out.querySelector('.cb-host').shadowRoot;
    for (const node of root.querySelectorAll('*')) {
      const own = [...node.childNodes].filter((c) => c.nodeType === 3 && c.textContent.trim()).map((c) => c.textContent.trim()).join(' ');
      if (!own || node.closest('.cb-sr-only, .katex-mathml, button:disabled') || node.getClientRects().length === 0) continue;
      const style = getComputedStyle(node);
      if (style.visibility === 'hidden') continue;
      const bg = background(node);
      const fg = parse(style.color);
      const color = over(fg, bg);
      const [a, b] = [lum(color), lum(bg)];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      checked++;
      if (ratio < (large ? 3 : 4.5)) low.push({ output: out.id, text: own.slice(0, 40), ratio: Math.round(ratio * 100) / 100, color: style.color, background: 'rgb(' + bg.map(Math.round).join(', ') + ')' });
    }
  }
  return { checked, low };
})()`;

describe('every view in every theme', () => {
  let h: Harness;
  let t: TestPage;
  let views: [string, string, unknown][] = [];
  before(async () => {
    views = await everyView();
    ({ h, t } = await openSession({ height: 900 }));
    for (const [id, mime, payload] of views) await render(t.page, mime, payload, id);
  });
  after(() => closeSession(h, t));

  for (const theme of ['light', 'dark', 'high-contrast'] as ThemeKind[]) {
    it(`keeps text readable (${theme})`, async () => {
      await setTheme(t.page, theme);
      const { checked, low } = (await t.page.evaluate(CONTRAST_SCRIPT)) as { checked: number; low: LowContrast[] };
      assert.ok(checked > 200, `${checked} pieces of text checked`);
      assert.deepEqual(low, [], 'no text below WCAG AA contrast');
      for (const [id] of views) await screenshot(t.page, id, `theme-${id}-${theme}`);
    });
  }
});
