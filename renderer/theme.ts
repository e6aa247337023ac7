// Colours follow VS Code's theme through its CSS variables; the fallbacks (light, and dark when the
// system prefers it) serve the CLI's standalone report and any page without VS Code's variables.
// Canvas drawing cannot use CSS variables directly, so views read the resolved colours here and
// repaint when the theme changes.

export interface Palette {
  background: string;
  foreground: string;
  muted: string;
  border: string;
  widget: string;
  focus: string;
  accent: string;
  window: string;
  current: string;
  filled: string;
  hover: string;
  warning: string;
  error: string;
  padding: string;
  /** True in a high-contrast theme: thicker lines, no translucent fills. */
  highContrast: boolean;
  dark: boolean;
  fontFamily: string;
  monoFamily: string;
}

/** Custom properties resolved on the view's root; each wraps VS Code's variable with a fallback. */
const TOKENS: Record<Exclude<keyof Palette, 'highContrast' | 'dark' | 'fontFamily' | 'monoFamily'>, string> = {
  background: '--cb-bg',
  foreground: '--cb-fg',
  muted: '--cb-muted',
  border: '--cb-border',
  widget: '--cb-widget',
  focus: '--cb-focus',
  accent: '--cb-accent',
  window: '--cb-window',
  current: '--cb-current',
  filled: '--cb-filled',
  hover: '--cb-hover',
  warning: '--cb-warning',
  error: '--cb-error',
  padding: '--cb-padding',
};

function resolve(style: CSSStyleDeclaration, name: string): string {
  return style.getPropertyValue(name).trim();
}

export function readPalette(root: Element): Palette {
  const style = getComputedStyle(root);
  const palette = {} as Palette;
  for (const [key, token] of Object.entries(TOKENS)) (palette as unknown as Record<string, string>)[key] = resolve(style, token) || '#888';
  const hc = resolve(style, '--cb-hc');
  palette.highContrast = (hc !== '' && hc !== 'none') || document.body?.classList.contains('vscode-high-contrast') === true;
  palette.dark = isDark(palette.background);
  palette.fontFamily = style.fontFamily || 'sans-serif';
  palette.monoFamily = resolve(style, '--vscode-editor-font-family') || 'ui-monospace, Menlo, Consolas, monospace';
  return palette;
}

/** Relative luminance below one half: light text on a dark background. */
export function isDark(color: string): boolean {
  const rgb = parseColor(color);
  if (!rgb) return false;
  const [r, g, b] = rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128;
}

/** Parses #rgb, #rrggbb(aa) and rgb()/rgba(); null for anything else. */
export function parseColor(color: string): [number, number, number, number] | null {
  const c = color.trim();
  let m = /^#([0-9a-f]{3,8})$/i.exec(c);
  if (m) {
    const h = m[1];
    if (h.length === 3 || h.length === 4) {
      const v = [...h].map((x) => parseInt(x + x, 16));
      return [v[0], v[1], v[2], h.length === 4 ? v[3] / 255 : 1];
    }
    if (h.length === 6 || h.length === 8) {
      const v = [0, 2, 4, 6].map((i) => parseInt(h.slice(i, i + 2) || 'ff', 16));
      return [v[0], v[1], v[2], h.length === 8 ? v[3] / 255 : 1];
    }
    return null;
  }
  m = /^rgba?\(([^)]+)\)$/i.exec(c);
  if (m) {
    const parts = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    if (parts.length < 3 || parts.slice(0, 3).some((x) => Number.isNaN(x))) return null;
    return [parts[0], parts[1], parts[2], parts.length > 3 && !Number.isNaN(parts[3]) ? parts[3] : 1];
  }
  return null;
}

/** The colour at `alpha` opacity, as an rgba() string (canvas and SVG both accept it). */
export function withAlpha(color: string, alpha: number): string {
  const rgb = parseColor(color);
  if (!rgb) return color;
  return `rgba(${rgb[0]}, ${rgb[1]}, ${rgb[2]}, ${alpha * rgb[3]})`;
}

/** WCAG contrast ratio of two opaque colours (1 to 21); 1 when either cannot be parsed. */
export function contrastRatio(a: string, b: string): number {
  const ca = parseColor(a);
  const cb = parseColor(b);
  if (!ca || !cb) return 1;
  const lum = (c: [number, number, number, number]) => {
    const [r, g, bl] = c.slice(0, 3).map((v) => {
      const x = v / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [la, lb] = [lum(ca), lum(cb)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** `preferred` when it reads well on `background` (WCAG AA, 4.5:1), else black or white. */
export function readableOn(background: string, preferred: string): string {
  if (contrastRatio(background, preferred) >= 4.5) return preferred;
  return contrastRatio(background, '#000000') >= contrastRatio(background, '#ffffff') ? '#000000' : '#ffffff';
}

/**
 * Calls `onChange` when VS Code switches theme: it rewrites the <html> style (the variables) and the
 * body's vscode-light/dark/high-contrast classes. Also follows the system scheme for the fallbacks.
 */
export function watchTheme(onChange: () => void): () => void {
  let pending = 0;
  const schedule = () => {
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      onChange();
    });
  };
  const observer = new MutationObserver(schedule);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  if (document.body) observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'style', 'data-vscode-theme-kind'] });
  const media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  media?.addEventListener('change', schedule);
  return () => {
    observer.disconnect();
    media?.removeEventListener('change', schedule);
    if (pending) cancelAnimationFrame(pending);
  };
}

/** `color` laid over `background` at `alpha`, as an opaque rgb() (no see-through when cells repaint). */
export function mix(background: string, color: string, alpha: number): string {
  const b = parseColor(background) ?? [255, 255, 255, 1];
  const c = parseColor(color) ?? [128, 128, 128, 1];
  const a = Math.max(0, Math.min(1, alpha * c[3]));
  const ch = (i: number) => Math.round(b[i] * (1 - a) + c[i] * a);
  return `rgb(${ch(0)}, ${ch(1)}, ${ch(2)})`;
}
