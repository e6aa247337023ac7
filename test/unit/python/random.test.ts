// torch.manual_seed, torch.rand and torch.randn give PyTorch's values: checked bit for bit against
// Debian's PyTorch (scripts/python_package/random_cases.py), through the engine's generator and
// through the Python package.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { TorchGenerator, torchRand, torchRandn } from '../../../engine/torch_random';
import { loadPython, REPO, type Python } from './support';

interface Draw {
  fn: 'rand' | 'randn';
  size: number[];
  bits: number[];
}
interface Fixture {
  capability: string;
  cases: { seed: number; draws: Draw[] }[];
}

const fixture = (name: string): Fixture => JSON.parse(readFileSync(path.join(REPO, 'test/fixtures/python', name), 'utf8')) as Fixture;
const portable = fixture('random_cases.json');
const avx2 = fixture('random_cases_avx2.json');

function asFloat(bits: number): number {
  return new Float32Array(Uint32Array.of(bits).buffer)[0];
}

/** Our values for every draw of a fixture, case by case, as float32 bit patterns. */
function ours(f: Fixture): number[][] {
  return f.cases.flatMap((c) => {
    const g = new TorchGenerator(c.seed);
    return c.draws.map((d) => {
      const n = d.size.reduce((a, b) => a * b, 1);
      return Array.from(new Uint32Array((d.fn === 'rand' ? torchRand(g, n) : torchRandn(g, n)).buffer));
    });
  });
}

test('rand, and randn of fewer than 16 values, are PyTorch’s bit for bit', () => {
  const mine = ours(portable);
  const draws = portable.cases.flatMap((c) => c.draws);
  let checked = 0;
  draws.forEach((d, i) => {
    const n = d.bits.length;
    if (d.fn === 'rand' || n < 16) {
      assert.deepEqual(mine[i], d.bits, `${d.fn}${JSON.stringify(d.size)}`);
      checked += n;
    }
  });
  assert.ok(checked >= 40);
});

test('randn of 16 values or more matches PyTorch’s portable kernel within one unit in the last place, nearly always exactly', () => {
  const mine = ours(portable);
  let exact = 0;
  let total = 0;
  portable.cases.flatMap((c) => c.draws).forEach((d, i) => {
    if (d.fn !== 'randn' || d.bits.length < 16) return;
    d.bits.forEach((b, j) => {
      total++;
      if (mine[i][j] === b) exact++;
      else assert.equal(Math.abs(mine[i][j] - b), 1, `${d.fn}${JSON.stringify(d.size)}[${j}]`);
    });
  });
  assert.equal(portable.capability, 'default');
  assert.ok(total > 300);
  assert.ok(exact / total > 0.98, `${exact} of ${total} exact`);
});

test('PyTorch’s AVX2 kernel differs from its portable one by more than convbook differs from either', () => {
  const mine = ours(avx2);
  const portableDraws = portable.cases.flatMap((c) => c.draws);
  avx2.cases.flatMap((c) => c.draws).forEach((d, i) => {
    d.bits.forEach((b, j) => {
      const theirs = Math.abs(asFloat(b) - asFloat(portableDraws[i].bits[j]));
      const ourGap = Math.abs(asFloat(b) - asFloat(mine[i][j]));
      assert.ok(ourGap <= Math.max(theirs, 1e-6 * Math.abs(asFloat(b))) * 4 + 1e-7, `${d.fn}${JSON.stringify(d.size)}[${j}]: ${ourGap} vs ${theirs}`);
    });
  });
});

let py: Python;
before(async () => {
  py = await loadPython();
});

test('torch.manual_seed then torch.randn and torch.rand in a cell draw the same sequence', () => {
  const c = portable.cases[2];
  const got = py.json<number[][]>(
    `torch.manual_seed(${c.seed})\n_draws = [${c.draws.map((d) => `torch.${d.fn}(${d.size.join(', ')}).flatten().tolist()`).join(', ')}]`,
    '_draws',
  );
  c.draws.forEach((d, i) => {
    if (d.fn === 'rand' || d.bits.length < 16) assert.deepEqual(got[i], d.bits.map(asFloat));
    else got[i].forEach((v, j) => assert.ok(Math.abs(v - asFloat(d.bits[j])) <= 2e-7 * Math.max(1, Math.abs(v))));
  });
});

test('the printed values of a seeded randn are PyTorch’s', () => {
  assert.equal(py.run('torch.manual_seed(0)\nrepr(torch.randn(5))'), 'tensor([ 1.5410, -0.2934, -2.1788,  0.5684, -1.0845])');
  assert.equal(py.error('torch.randn(2, seed=1)'), "TypeError: randn() got an unexpected keyword argument 'seed'");
});
