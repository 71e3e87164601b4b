// 64-bit integer helpers on (lo, hi) pairs of unsigned 32-bit numbers, so that hot paths never
// touch BigInt (DESIGN.md "Performance shape"). Results that are pairs go to a caller-owned
// Uint32Array(2) to avoid allocating.

/** out = a + b + carryIn; returns the carry out (0/1). */
export function add64(out: Uint32Array, alo: number, ahi: number, blo: number, bhi: number, carryIn = 0): number {
  const lo = alo + blo + carryIn;
  const loOut = lo >>> 0;
  const c0 = lo > 0xffffffff ? 1 : 0;
  const hi = ahi + bhi + c0;
  out[0] = loOut;
  out[1] = hi >>> 0;
  return hi > 0xffffffff ? 1 : 0;
}

/** Unsigned 32x32 → 64 multiply into out. */
export function mulu32(out: Uint32Array, a: number, b: number): void {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const mid = p01 + p10; // < 2^33
  const lo = p00 + (mid % 65536) * 65536;
  out[0] = lo >>> 0;
  out[1] = (p11 + Math.floor(mid / 65536) + Math.floor(lo / 4294967296)) >>> 0;
}

const scratch = new Uint32Array(2);

/** Low 64 bits of a 64x64 multiply. */
export function mul64(out: Uint32Array, alo: number, ahi: number, blo: number, bhi: number): void {
  mulu32(scratch, alo, blo);
  const hi = (scratch[1] + Math.imul(alo, bhi) + Math.imul(ahi, blo)) >>> 0;
  out[0] = scratch[0];
  out[1] = hi;
}

export function toBig(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

export function fromBig(out: Uint32Array, v: bigint): void {
  out[0] = Number(v & 0xffffffffn);
  out[1] = Number((v >> 32n) & 0xffffffffn);
}

/** Logical shift left by 0..63. */
export function lsl64(out: Uint32Array, lo: number, hi: number, s: number): void {
  s &= 63;
  if (s === 0) { out[0] = lo; out[1] = hi; }
  else if (s < 32) { out[1] = ((hi << s) | (lo >>> (32 - s))) >>> 0; out[0] = (lo << s) >>> 0; }
  else { out[1] = (lo << (s - 32)) >>> 0; out[0] = 0; }
}

/** Logical shift right by 0..63. */
export function lsr64(out: Uint32Array, lo: number, hi: number, s: number): void {
  s &= 63;
  if (s === 0) { out[0] = lo; out[1] = hi; }
  else if (s < 32) { out[0] = ((lo >>> s) | (hi << (32 - s))) >>> 0; out[1] = hi >>> s; }
  else { out[0] = hi >>> (s - 32); out[1] = 0; }
}

/** Arithmetic shift right by 0..63. */
export function asr64(out: Uint32Array, lo: number, hi: number, s: number): void {
  s &= 63;
  if (s === 0) { out[0] = lo; out[1] = hi; }
  else if (s < 32) { out[0] = ((lo >>> s) | (hi << (32 - s))) >>> 0; out[1] = (hi >> s) >>> 0; }
  else { out[0] = (hi >> (s - 32)) >>> 0; out[1] = (hi >> 31) >>> 0; }
}

/** Rotate right by 0..63. */
export function ror64(out: Uint32Array, lo: number, hi: number, s: number): void {
  s &= 63;
  if (s === 0) { out[0] = lo; out[1] = hi; return; }
  if (s >= 32) { const t = lo; lo = hi; hi = t; s -= 32; }
  if (s === 0) { out[0] = lo; out[1] = hi; return; }
  out[0] = ((lo >>> s) | (hi << (32 - s))) >>> 0;
  out[1] = ((hi >>> s) | (lo << (32 - s))) >>> 0;
}
