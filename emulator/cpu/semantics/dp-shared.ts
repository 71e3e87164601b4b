// Helpers shared by the data-processing semantics: AddWithCarry on 32-bit numbers and on
// (lo, hi) pairs, NZ flags of logical results, the shifted- and extended-register operands,
// and DecodeBitMasks (ARM ARM shared/functions/integer/AddWithCarry, aarch64/instrs/integer/
// shiftreg/ShiftReg, ExtendReg, bitmasks/DecodeBitMasks). No BigInt, no allocation.

import type { Cpu } from '../cpu';
import type { Exec } from './types';

/** AddWithCarry(a, b, cin) for 32 bits, setting NZCV; returns the result (unsigned). */
export function adds32(c: Cpu, a: number, b: number, cin: number): number {
  const sum = a + b + cin;
  const r = sum >>> 0;
  c.nf = r >>> 31;
  c.zf = r === 0 ? 1 : 0;
  c.cf = sum > 0xffffffff ? 1 : 0;
  // Signed overflow: both operands have the same sign and the result's differs.
  c.vf = ((a ^ r) & (b ^ r)) >>> 31;
  return r;
}

/** AddWithCarry on (alo, ahi) + (blo, bhi) + cin, setting NZCV; the result goes to c.t. */
export function adds64(c: Cpu, alo: number, ahi: number, blo: number, bhi: number, cin: number): void {
  const lo = alo + blo + cin;
  const rlo = lo >>> 0;
  const hi = ahi + bhi + (lo > 0xffffffff ? 1 : 0);
  const rhi = hi >>> 0;
  c.t[0] = rlo; c.t[1] = rhi;
  c.nf = rhi >>> 31;
  c.zf = (rlo | rhi) === 0 ? 1 : 0;
  c.cf = hi > 0xffffffff ? 1 : 0;
  c.vf = ((ahi ^ rhi) & (bhi ^ rhi)) >>> 31;
}

/** (alo, ahi) + (blo, bhi) + cin without flags; the result goes to c.t. */
export function add64(c: Cpu, alo: number, ahi: number, blo: number, bhi: number, cin: number): void {
  const lo = alo + blo + cin;
  c.t[0] = lo >>> 0;
  c.t[1] = (ahi + bhi + (lo > 0xffffffff ? 1 : 0)) >>> 0;
}

/** Logical flag-setting (ANDS/BICS): N and Z from the result, C = V = 0. */
export function nz32(c: Cpu, r: number): void {
  c.nf = r >>> 31; c.zf = r === 0 ? 1 : 0; c.cf = 0; c.vf = 0;
}
export function nz64(c: Cpu, lo: number, hi: number): void {
  c.nf = hi >>> 31; c.zf = (lo | hi) === 0 ? 1 : 0; c.cf = 0; c.vf = 0;
}

/** ShiftReg for 32 bits: type 0 LSL, 1 LSR, 2 ASR, 3 ROR; amount 0..31. */
export function shift32(v: number, type: number, amt: number): number {
  switch (type) {
    case 0: return (v << amt) >>> 0;
    case 1: return v >>> amt;
    case 2: return (v >> amt) >>> 0;
    default: return ((v >>> amt) | ((v << (31 - amt)) << 1)) >>> 0;
  }
}

/** ShiftReg for 64 bits into c.t; amount 0..63. `x << (31 - s) << 1` is x << (32 - s) but 0 for s = 0. */
export function shift64(c: Cpu, lo: number, hi: number, type: number, amt: number): void {
  const t = c.t;
  if (amt >= 32) {
    const s = amt - 32;
    switch (type) {
      case 0: t[1] = lo << s; t[0] = 0; return;
      case 1: t[0] = hi >>> s; t[1] = 0; return;
      case 2: t[0] = hi >> s; t[1] = hi >> 31; return;
      default: t[0] = (hi >>> s) | ((lo << (31 - s)) << 1); t[1] = (lo >>> s) | ((hi << (31 - s)) << 1); return;
    }
  }
  switch (type) {
    case 0: t[1] = (hi << amt) | ((lo >>> (31 - amt)) >>> 1); t[0] = lo << amt; return;
    case 1: t[0] = (lo >>> amt) | ((hi << (31 - amt)) << 1); t[1] = hi >>> amt; return;
    case 2: t[0] = (lo >>> amt) | ((hi << (31 - amt)) << 1); t[1] = hi >> amt; return;
    default: t[0] = (lo >>> amt) | ((hi << (31 - amt)) << 1); t[1] = (hi >>> amt) | ((lo << (31 - amt)) << 1); return;
  }
}

/**
 * ExtendReg(m, option, shift) into c.t (shift 0..4): option<2> signed, option<1:0> the size
 * (byte, halfword, word, doubleword) taken from Rm before the left shift.
 */
export function extend64(c: Cpu, m: number, option: number, sh: number): void {
  let lo = c.x[2 * m], hi = c.x[2 * m + 1];
  switch (option) {
    case 0: lo &= 0xff; hi = 0; break;
    case 1: lo &= 0xffff; hi = 0; break;
    case 2: hi = 0; break;
    case 3: break;
    case 4: lo = (lo << 24) >> 24; hi = lo >> 31; break;
    case 5: lo = (lo << 16) >> 16; hi = lo >> 31; break;
    case 6: hi = lo >> 31; break;
    default: break;
  }
  c.t[0] = lo << sh;
  c.t[1] = sh === 0 ? hi : (hi << sh) | (lo >>> (32 - sh));
}

/** ExtendReg for a 32-bit operation: the low word only. */
export function extend32(v: number, option: number, sh: number): number {
  switch (option & 3) {
    case 0: v = option & 4 ? (v << 24) >> 24 : v & 0xff; break;
    case 1: v = option & 4 ? (v << 16) >> 16 : v & 0xffff; break;
    default: break;
  }
  return (v << sh) >>> 0;
}

export interface BitMasks { wlo: number; whi: number; tlo: number; thi: number }

/**
 * DecodeBitMasks(N, imms, immr, immediate, M) (ARM ARM J1.1.3 aarch64/instrs/integer/bitmasks):
 * the write mask (the rotated element of S+1 ones) and the top mask, as (lo, hi) pairs; null
 * for the reserved encodings (UNDEFINED). Compile time only, so BigInt is fine.
 */
export function decodeBitMasks(n: number, imms: number, immr: number, immediate: boolean, bits: 32 | 64): BitMasks | null {
  const x = (n << 6) | (~imms & 0x3f);
  if (x === 0) return null;
  const len = 31 - Math.clz32(x);
  if (len < 1 || (1 << len) > bits) return null;
  const levels = (1 << len) - 1;
  if (immediate && (imms & levels) === levels) return null;
  const s = imms & levels, r = immr & levels;
  const d = (s - r) & levels;
  const esize = 1 << len;
  const emask = (1n << BigInt(esize)) - 1n;
  const welem = (1n << BigInt(s + 1)) - 1n;
  const telem = (1n << BigInt(d + 1)) - 1n;
  const rot = r === 0 ? welem : ((welem >> BigInt(r)) | (welem << BigInt(esize - r))) & emask;
  let w = 0n, t = 0n;
  for (let i = 0; i < bits; i += esize) { w |= rot << BigInt(i); t |= telem << BigInt(i); }
  return { wlo: Number(w & 0xffffffffn), whi: Number(w >> 32n), tlo: Number(t & 0xffffffffn), thi: Number(t >> 32n) };
}

/** Executor for an encoding the ARM ARM makes UNDEFINED (QEMU's unallocated_encoding()). */
export function undef(): Exec {
  return (c) => c.undefinedInstruction('unallocated');
}

/** Sign-extends a two's complement field of `bits` bits. */
export function sext(v: number, bits: number): number {
  const s = 32 - bits;
  return bits >= 32 ? v | 0 : (v << s) >> s;
}

export const TWO32 = 4294967296;
