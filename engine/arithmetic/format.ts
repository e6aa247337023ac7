// Spelling numbers and small expressions twice, as LaTeX for KaTeX and as plain text for hovers,
// so every formula in the arithmetic reads the same way.

/** Plain-text integer with thousands separators and a real minus sign: 73,856 or −1. */
export function textNumber(n: number): string {
  const body = grouped(Math.abs(n), ',');
  return n < 0 ? `−${body}` : body;
}

function grouped(n: number, separator: string): string {
  if (!Number.isInteger(n)) return String(Number(n.toPrecision(6)));
  const digits = String(n);
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += separator;
    out += digits[i];
  }
  return out;
}

/** LaTeX integer with thousands separators braced so KaTeX adds no space after them: 73{,}856. */
export function latexNumber(n: number): string {
  const body = grouped(Math.abs(n), '{,}');
  return n < 0 ? `-${body}` : body;
}

/** A plain-text number in parentheses when negative, so "2·(−1)" stays readable. */
export function textFactor(n: number): string {
  return n < 0 ? `(${textNumber(n)})` : textNumber(n);
}

export function latexFactor(n: number): string {
  return n < 0 ? `(${latexNumber(n)})` : latexNumber(n);
}

/** A shape as Python prints a tuple: (1, 64, 56, 56), or (10,) for one axis. */
export function shapeTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** Product of the entries of a list (1 for an empty list). */
export function product(values: readonly number[]): number {
  let p = 1;
  for (const v of values) p *= v;
  return p;
}
