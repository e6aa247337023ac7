// PyTorch's CPU random generator, draw for draw: mt19937 seeded as torch.manual_seed seeds it, and
// the transformations ATen's CPU kernels apply (uniform_real_distribution, normal_fill's Box–Muller
// over blocks of 16, normal_distribution<double> with its cached second sample below 16 values).
// torch.rand and torch.randn after torch.manual_seed therefore give PyTorch's float32 values.

const N = 624;
const M = 397;
const TWO_POW_M24 = 2 ** -24;
const TWO_POW_M53 = 2 ** -53;
const TWO_POW_32 = 2 ** 32;

export class TorchGenerator {
  private readonly state = new Uint32Array(N);
  private next = 0;
  private left = 1;
  /** normal_distribution<double>'s second Box–Muller sample, kept for the next scalar draw. */
  private nextDoubleNormal: number | null = null;

  constructor(seed: number) {
    this.manualSeed(seed);
  }

  /** torch.manual_seed: the low 32 bits of the (unsigned 64-bit) seed start mt19937. */
  manualSeed(seed: number): void {
    const s = this.state;
    s[0] = seed >>> 0;
    for (let j = 1; j < N; j++) {
      const prev = s[j - 1] ^ (s[j - 1] >>> 30);
      // 1812433253 * prev + j, modulo 2^32, without losing bits to floating point.
      s[j] = (Math.imul(1812433253, prev) + j) >>> 0;
    }
    this.left = 1;
    this.next = 0;
    this.nextDoubleNormal = null;
  }

  private twist(): void {
    const s = this.state;
    const mix = (u: number, v: number): number => ((u & 0x80000000) | (v & 0x7fffffff)) >>> 0;
    const twiddle = (u: number, v: number): number => (mix(u, v) >>> 1) ^ (v & 1 ? 0x9908b0df : 0);
    for (let j = 0; j < N - M; j++) s[j] = s[j + M] ^ twiddle(s[j], s[j + 1]);
    for (let j = N - M; j < N - 1; j++) s[j] = s[j + M - N] ^ twiddle(s[j], s[j + 1]);
    s[N - 1] = s[M - 1] ^ twiddle(s[N - 1], s[0]);
    this.left = N;
    this.next = 0;
  }

  /** One 32-bit output (CPUGeneratorImpl::random). */
  random(): number {
    if (--this.left === 0) this.twist();
    let y = this.state[this.next++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** uniform_real_distribution<float>(0, 1): the low 24 bits of one output. */
  uniformFloat(): number {
    return (this.random() & 0xffffff) * TWO_POW_M24;
  }

  /** uniform_real_distribution<double>(0, 1): the low 53 bits of random64 = (first << 32) | second. */
  uniformDouble(): number {
    const hi = this.random() & 0x1fffff;
    const lo = this.random();
    return (hi * TWO_POW_32 + lo) * TWO_POW_M53;
  }

  /** normal_distribution<double>(0, 1), as at::normal_distribution draws it. */
  normalDouble(): number {
    if (this.nextDoubleNormal !== null) {
      const cached = this.nextDoubleNormal;
      this.nextDoubleNormal = null;
      return cached;
    }
    const u1 = this.uniformDouble();
    const u2 = this.uniformDouble();
    const r = Math.sqrt(-2 * Math.log(1 - u2));
    const theta = 2 * Math.PI * u1;
    this.nextDoubleNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }
}

const f32 = Math.fround;

/**
 * normal_fill_16 as ATen's portable CPU kernel writes it: Box–Muller in float32 over 8 pairs
 * (data[j], data[j + 8]), with theta = 2π (a double) × u2 rounded to float. Its logf, cosf and sinf
 * are glibc's, which are not always correctly rounded; computing them in double and rounding
 * leaves about 1 value in 70 one unit in the last place away. PyTorch's own AVX2 kernel (Sleef's
 * functions) differs from its portable one by a few units in the last place as well.
 */
function normalFill16(data: Float32Array, at: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = f32(1 - data[at + j]);
    const u2 = data[at + j + 8];
    const radius = f32(Math.sqrt(f32(-2 * f32(Math.log(u1)))));
    const theta = f32(2 * Math.PI * u2);
    data[at + j] = f32(radius * f32(Math.cos(theta)));
    data[at + j + 8] = f32(radius * f32(Math.sin(theta)));
  }
}

/** torch.rand(n values): uniform [0, 1) floats. */
export function torchRand(generator: TorchGenerator, count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = generator.uniformFloat();
  return out;
}

/** torch.randn(n values): normal_fill from 16 values on, one double normal per value below. */
export function torchRandn(generator: TorchGenerator, count: number): Float32Array {
  const out = new Float32Array(count);
  if (count < 16) {
    for (let i = 0; i < count; i++) out[i] = generator.normalDouble();
    return out;
  }
  for (let i = 0; i < count; i++) out[i] = generator.uniformFloat();
  for (let i = 0; i + 16 <= count; i += 16) normalFill16(out, i);
  if (count % 16 !== 0) {
    // PyTorch redraws the last 16 values and transforms them again.
    const at = count - 16;
    for (let i = 0; i < 16; i++) out[at + i] = generator.uniformFloat();
    normalFill16(out, at);
  }
  return out;
}
