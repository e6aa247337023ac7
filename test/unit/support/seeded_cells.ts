// Seeded random cells for the fuzz tests: the same seed gives the same cells, so a failure
// reproduces. Each fuzzer brings its own vocabulary of pieces.

/** mulberry32: a tiny seeded generator for the tests' own choices. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 1 to 30 pieces drawn at random and joined. */
export function randomCell(next: () => number, pieces: readonly string[]): string {
  const length = 1 + Math.floor(next() * 30);
  let out = '';
  for (let i = 0; i < length; i++) out += pieces[Math.floor(next() * pieces.length)];
  return out;
}
