// The seeded generator: the published xoshiro128** outputs, values computed once by an independent
// Python implementation of splitmix32 + xoshiro128** + Box–Muller, determinism, and moment sanity.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rand, randn, Rng, uniformTensor } from '../../../engine/random';

test('xoshiro128** from state {1, 2, 3, 4} gives the reference outputs', () => {
  const rng = Rng.fromState(1, 2, 3, 4);
  assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => rng.nextUint32()), [11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
});

test('splitmix32 seeding gives the known streams', () => {
  const zero = new Rng(0);
  assert.deepEqual([1, 2, 3, 4].map(() => zero.nextUint32()), [3809008728, 1133695204, 53579671, 2891528803]);
  const rng = new Rng(42);
  assert.deepEqual([1, 2, 3].map(() => rng.uniform()), [0.6606156826019287, 0.12688004970550537, 0.11170190572738647]);
});

test('randn values are the known Box–Muller pairs', () => {
  assert.deepEqual([...randn([4], 7).data], [-1.6177301406860352, 0.537857174873352, -1.0637933015823364, -0.08850883692502975]);
});

test('same seed, same numbers; different seeds (including high bits), different numbers', () => {
  const a = new Rng(123);
  const b = new Rng(123);
  for (let i = 0; i < 1000; i++) assert.equal(a.normal(), b.normal());
  assert.deepEqual([...rand([3, 5], 9).data], [...rand([3, 5], 9).data]);
  assert.notDeepEqual([...rand([8], 9).data], [...rand([8], 10).data]);
  assert.notDeepEqual([...rand([8], 5).data], [...rand([8], 2 ** 40 + 5).data]);
});

test('uniform stays in [0, 1) even after float32 rounding; uniformTensor in [low, high)', () => {
  const u = rand([100000], 3).data;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of u) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  assert.ok(min >= 0 && max < 1, `range [${min}, ${max}]`);
  assert.ok(Math.abs(sum / u.length - 0.5) < 0.01);
  const bounded = uniformTensor([5000], -0.25, 0.25, 4).data;
  assert.ok(bounded.every((v) => v >= -0.25 && v < 0.25));
  assert.ok(bounded.some((v) => v < -0.2) && bounded.some((v) => v > 0.2));
});

test('randn has mean ≈ 0 and variance ≈ 1', () => {
  const n = 200000;
  const x = randn([n], 11).data;
  let sum = 0;
  let sq = 0;
  for (const v of x) {
    sum += v;
    sq += v * v;
  }
  const mean = sum / n;
  const variance = sq / n - mean * mean;
  assert.ok(Math.abs(mean) < 0.01, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 0.02, `variance ${variance}`);
});

test('a non-finite seed is a TypeError naming seed', () => {
  assert.throws(() => new Rng(Number.NaN), (e: Error & { argument?: string }) => e.name === 'TypeError' && e.argument === 'seed');
});
