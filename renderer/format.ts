// How numbers and shapes are written in the views: integers exactly, other values short but
// distinguishable, with the full value available on hover.

export function formatShape(shape: readonly number[]): string {
  return shape.length === 0 ? 'scalar' : shape.join('×');
}

/** A compact spelling for a grid cell: integers as-is, otherwise up to `digits` significant digits. */
export function formatCell(v: number, digits = 3): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return minus(String(v));
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return minus(v.toExponential(Math.max(0, digits - 2)));
  return minus(trimZeros(v.toPrecision(digits)));
}

/** A longer spelling for readouts and tooltips: float32 values carry about 7 significant digits. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return formatCell(v);
  if (Number.isInteger(v)) return minus(String(v));
  const a = Math.abs(v);
  if (a < 1e-4 || a >= 1e9) return minus(v.toExponential(6));
  return minus(trimZeros(v.toPrecision(7)));
}

/** One formatter for every count: toLocaleString builds a new one per call (9 µs a call in V8, 0.4 µs through one formatter). */
let countFormat: Intl.NumberFormat | undefined;

/** Large counts with thin groupings: 23,232,512 and a short form 23.2M. */
export function formatCount(n: number): string {
  countFormat ??= new Intl.NumberFormat('en-US');
  return countFormat.format(Math.round(n));
}

export function formatShort(n: number): string {
  const a = Math.abs(n);
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, unit] of units) if (a >= size) return `${trimZeros((n / size).toFixed(2))}${unit}`;
  return String(n);
}

export function formatRatio(r: number): string {
  if (!Number.isFinite(r)) return String(r);
  return `${trimZeros(r.toPrecision(4))}×`;
}

function trimZeros(s: string): string {
  if (!s.includes('.') || s.includes('e')) return s;
  return s.replace(/0+$/, '').replace(/\.$/, '');
}

function minus(s: string): string {
  return s.replace(/^-/, '−');
}

/** For LaTeX: a number as KaTeX should typeset it (ASCII minus, exponent as ×10^{k}). */
export function latexNumber(v: number, digits = 4): string {
  if (Number.isNaN(v)) return '\\text{NaN}';
  if (v === Infinity) return '\\infty';
  if (v === -Infinity) return '-\\infty';
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e9)) {
    const [m, e] = v.toExponential(Math.max(0, digits - 1)).split('e');
    return `${trimZeros(m)}\\times 10^{${Number(e)}}`;
  }
  return trimZeros(v.toPrecision(digits));
}

/** A number inside a sum: negative values get parentheses so "3·(−2)" reads right. */
export function latexFactor(v: number, digits = 4): string {
  const s = latexNumber(v, digits);
  return v < 0 || s.includes('\\times') ? `(${s})` : s;
}

/**
 * Thousands separators for the integers inside a formula that arrived without them (older saved
 * outputs, sums built from plain numbers), so every formula groups the way the engine's do:
 * LaTeX gets `{,}` (a bare comma would add a space after it), text gets `,`. Digits that belong to
 * a name (conv1234), a decimal fraction, an index or exponent (x_{1024}, 10^{12}) or a colour are
 * left alone, as are runs of three digits or fewer.
 */
export function groupLatexNumbers(latex: string): string {
  return groupDigits(latex, '{,}');
}

export function groupTextNumbers(text: string): string {
  return groupDigits(text, ',');
}

function groupDigits(source: string, separator: string): string {
  return source.replace(/\d{4,}/g, (run, at: number) => {
    const before = source.slice(Math.max(0, at - 2), at);
    const last = before.slice(-1);
    if (/[A-Za-z.#_^\\]/.test(last) || /[_^]\{$/.test(before)) return run;
    let out = '';
    for (let i = 0; i < run.length; i++) {
      if (i > 0 && (run.length - i) % 3 === 0) out += separator;
      out += run[i];
    }
    return out;
  });
}
