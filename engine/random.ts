// Seeded random numbers that are identical on every machine and in every JS engine: xoshiro128**
// (Blackman & Vigna) seeded through splitmix32, using only 32-bit integer arithmetic.
// Math.random is never used, so a notebook re-run gives the same tensors.

import { typeError } from './errors';
import { makeTensor, numel, type Tensor } from './tensor';

const TWO_POW_24 = 16777216;
const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Box–Muller yields normals in pairs; the second one waits here. */
  private spareNormal: number | null = null;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw typeError(`seed must be a finite number, got ${seed}`, 'seed');
    const whole = Math.trunc(seed);
    // Seeds up to 2^53 keep their high bits: both halves feed the splitmix stream.
    let state = whole >>> 0;
    const high = Math.floor(whole / TWO_POW_32) >>> 0;
    const next = (): number => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next() ^ high;
    this.s2 = next();
    this.s3 = next();
    // xoshiro's all-zero state is a fixed point; splitmix cannot produce it in practice, but be sure.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A generator in a given xoshiro128** state, to check against the published reference outputs. */
  static fromState(s0: number, s1: number, s2: number, s3: number): Rng {
    const rng = new Rng(0);
    rng.s0 = s0 | 0;
    rng.s1 = s1 | 0;
    rng.s2 = s2 | 0;
    rng.s3 = s3 | 0;
    return rng;
  }

  /** The next raw 32-bit output, as an unsigned integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const times5 = Math.imul(s1, 5);
    const result = Math.imul((times5 << 7) | (times5 >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /**
   * Uniform in [0, 1) with 24 random bits: every value is exactly representable in float32, so
   * storing it in a tensor can never round up to 1.
   */
  uniform(): number {
    return (this.nextUint32() >>> 8) / TWO_POW_24;
  }

  /** Uniform in (0, 1] with 53 random bits, for Box–Muller's logarithm. */
  private uniformOpen(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low + 1) / TWO_POW_53;
  }

  /** Standard normal N(0, 1) by the Box–Muller transform. */
  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    const radius = Math.sqrt(-2 * Math.log(this.uniformOpen()));
    const angle = 2 * Math.PI * this.uniformOpen();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }
}

function filled(shape: readonly number[], draw: () => number): Tensor {
  const t = makeTensor(shape);
  const n = numel(shape);
  for (let i = 0; i < n; i++) t.data[i] = draw();
  return t;
}

/** torch.rand-like: uniform [0, 1). */
export function rand(shape: readonly number[], seed: number): Tensor {
  const rng = new Rng(seed);
  return filled(shape, () => rng.uniform());
}

/** torch.randn-like: standard normal. */
export function randn(shape: readonly number[], seed: number): Tensor {
  const rng = new Rng(seed);
  return filled(shape, () => rng.normal());
}

/** Uniform in [low, high): what PyTorch's default (kaiming_uniform) init draws from. */
export function uniformTensor(shape: readonly number[], low: number, high: number, seed: number): Tensor {
  const rng = new Rng(seed);
  const span = high - low;
  return filled(shape, () => low + span * rng.uniform());
}
