// Seeded random cells for the fuzz tests: the same seed gives the same cells, so a failure
// reproduces. Each fuzzer brings its own vocabulary of pieces.

export { rng } from './seeded';

/** 1 to 30 pieces drawn at random and joined. */
export function randomCell(next: () => number, pieces: readonly string[]): string {
  const length = 1 + Math.floor(next() * 30);
  let out = '';
  for (let i = 0; i < length; i++) out += pieces[Math.floor(next() * pieces.length)];
  return out;
}
