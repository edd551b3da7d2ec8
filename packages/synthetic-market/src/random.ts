/**
 * Seeded randomness. Every stream is a small-state generator (sfc32) keyed by a hash of what it is
 * for, so any block of any symbol can be generated without generating anything before it.
 */

const INV_TWO_POW_32 = 1 / 4294967296;

/** 32-bit FNV-1a over a string's UTF-16 code units. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** murmur3 finaliser: a good avalanche on 32 bits. */
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of a list of 32-bit words (seed, symbol hash, block index, stream id, ...). */
export function hashWords(...words: number[]): number {
  let h = 0x9e3779b9;
  for (const word of words) {
    h = mix32(h ^ mix32((word | 0) + 0x7f4a7c15));
  }
  return h;
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128-bit state, passes PractRand to
 * large sizes, and is fast in V8 because it needs only 32-bit integer operations.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal = 0;
  private hasSpare = false;

  constructor(key: number) {
    // Stored as int32 (| 0) so V8 keeps the fields as small integers rather than doubles.
    this.a = mix32(key ^ 0xa511e9b3) | 0;
    this.b = mix32(key ^ 0x63d83595) | 0;
    this.c = mix32(key ^ 0x1b873593) | 0;
    this.d = 1;
    for (let i = 0; i < 12; i += 1) this.nextUint32();
  }

  nextUint32(): number {
    const a = this.a;
    const b = this.b;
    const c = this.c;
    const d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    const rotated = (c << 21) | (c >>> 11);
    this.c = (rotated + t) | 0;
    return t >>> 0;
  }

  /** Uniform on the open interval (0, 1): never 0, so its logarithm is always finite. */
  uniform(): number {
    const a = this.a;
    const b = this.b;
    const c = this.c;
    const d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = (((c << 21) | (c >>> 11)) + t) | 0;
    // t is int32; shifting it into [0, 2^32) and centring in the cell keeps the result off 0 and 1.
    return ((t >>> 0) + 0.5) * INV_TWO_POW_32;
  }

  /** Standard normal (Marsaglia's polar method; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spareNormal;
    }
    let x: number;
    let y: number;
    let s: number;
    do {
      x = 2 * this.uniform() - 1;
      y = 2 * this.uniform() - 1;
      s = x * x + y * y;
    } while (s >= 1);
    const scale = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = y * scale;
    this.hasSpare = true;
    return x * scale;
  }

  /**
   * Student-t with 5 degrees of freedom scaled to unit variance (multiplied by sqrt(3/5)), drawn
   * exactly with Bailey's polar method (Math. Comp. 62, 1994): for (U, V) uniform in the unit disc,
   * W = U² + V², T = U·sqrt(ν(W^(−2/ν) − 1)/W) is t(ν).
   */
  studentT5(): number {
    let u: number;
    let w: number;
    do {
      u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      w = u * u + v * v;
    } while (w >= 1);
    return u * Math.sqrt((3 * (Math.exp(-0.4 * Math.log(w)) - 1)) / w);
  }
}
