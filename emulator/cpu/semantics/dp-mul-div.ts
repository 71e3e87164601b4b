// Multiply, divide and CRC semantics (ARM ARM C6.2: MADD/MSUB, SMADDL/SMSUBL/UMADDL/UMSUBL,
// SMULH/UMULH, UDIV/SDIV, CRC32{B,H,W,X}, CRC32C{B,H,W,X}). 64-bit products use 32×32 → 64
// partial products (int64.ts), never BigInt; only 64-bit divides of large operands use BigInt.

import type { Cpu } from '../cpu';
import { mul64, mulu32 } from '../int64';
import type { Compile, Exec, SemanticsTable } from './types';
import { add64, TWO32 } from './dp-shared';

type Bits = 32 | 64;
const p = new Uint32Array(2);

// ---- MADD/MSUB (C6.2.188/C6.2.201): Rd = Ra +/- Rn * Rm ----
function mulAdd(sub: boolean, bits: Bits): Compile {
  return (f): Exec => {
    const d = f('Rd'), n = f('Rn'), m = f('Rm'), a = f('Ra');
    if (bits === 32) {
      if (sub) return (c) => c.setW(d, (c.x[2 * a] - Math.imul(c.x[2 * n], c.x[2 * m])) >>> 0);
      return (c) => c.setW(d, (c.x[2 * a] + Math.imul(c.x[2 * n], c.x[2 * m])) >>> 0);
    }
    const inv = sub ? 0xffffffff : 0, cin = sub ? 1 : 0;
    return (c) => {
      const x = c.x;
      mul64(p, x[2 * n], x[2 * n + 1], x[2 * m], x[2 * m + 1]);
      add64(c, x[2 * a], x[2 * a + 1], (p[0] ^ inv) >>> 0, (p[1] ^ inv) >>> 0, cin);
      c.setX(d, c.t[0], c.t[1]);
    };
  };
}

// ---- SMADDL/SMSUBL/UMADDL/UMSUBL (C6.2.289/297, C6.2.391/395): Xd = Xa +/- Wn * Wm ----
function mulAddLong(signed: boolean, sub: boolean): Compile {
  return (f): Exec => {
    const d = f('Rd'), n = f('Rn'), m = f('Rm'), a = f('Ra');
    const inv = sub ? 0xffffffff : 0, cin = sub ? 1 : 0;
    return (c) => {
      const x = c.x, wn = x[2 * n], wm = x[2 * m];
      mulu32(p, wn, wm);
      // Signed product = unsigned product - 2^32 * (wn<0 ? wm : 0) - 2^32 * (wm<0 ? wn : 0), mod 2^64.
      const hi = signed ? (p[1] - (wn >>> 31 ? wm : 0) - (wm >>> 31 ? wn : 0)) >>> 0 : p[1];
      add64(c, x[2 * a], x[2 * a + 1], (p[0] ^ inv) >>> 0, (hi ^ inv) >>> 0, cin);
      c.setX(d, c.t[0], c.t[1]);
    };
  };
}

// ---- SMULH/UMULH (C6.2.299/C6.2.397): bits 127:64 of the 128-bit product ----
const q = new Uint32Array(2);
/** High 64 bits of the unsigned product (alo, ahi) * (blo, bhi), into c.t. */
function umulh(c: Cpu, alo: number, ahi: number, blo: number, bhi: number): void {
  mulu32(p, alo, blo);
  const p00hi = p[1];
  mulu32(p, alo, bhi);
  const p01lo = p[0], p01hi = p[1];
  mulu32(q, ahi, blo);
  const mid = p00hi + p01lo + q[0]; // < 3 * 2^32: exact
  const lo = p01hi + q[1] + Math.floor(mid / TWO32);
  mulu32(p, ahi, bhi);
  const sum = p[0] + lo;
  c.t[0] = sum >>> 0;
  c.t[1] = (p[1] + Math.floor(sum / TWO32)) >>> 0;
}

function mulHigh(signed: boolean): Compile {
  return (f): Exec => {
    const d = f('Rd'), n = f('Rn'), m = f('Rm');
    if (!signed) return (c) => { const x = c.x; umulh(c, x[2 * n], x[2 * n + 1], x[2 * m], x[2 * m + 1]); c.setX(d, c.t[0], c.t[1]); };
    return (c) => {
      const x = c.x, alo = x[2 * n], ahi = x[2 * n + 1], blo = x[2 * m], bhi = x[2 * m + 1];
      umulh(c, alo, ahi, blo, bhi);
      // Signed high half = unsigned high half - (a<0 ? b : 0) - (b<0 ? a : 0), mod 2^64.
      let rlo = c.t[0], rhi = c.t[1];
      if (ahi >>> 31) { const l = rlo - blo; rhi = rhi - bhi - (l < 0 ? 1 : 0); rlo = l >>> 0; }
      if (bhi >>> 31) { const l = rlo - alo; rhi = rhi - ahi - (l < 0 ? 1 : 0); rlo = l >>> 0; }
      c.setX(d, rlo, rhi >>> 0);
    };
  };
}

// ---- UDIV/SDIV (C6.2.388/C6.2.274): round toward zero; x / 0 = 0; INT_MIN / -1 = INT_MIN ----
function big(lo: number, hi: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo);
}

function divide(signed: boolean, bits: Bits): Compile {
  return (f): Exec => {
    const d = f('Rd'), n = f('Rn'), m = f('Rm');
    if (bits === 32) {
      if (signed) return (c) => { const b = c.x[2 * m] | 0; c.setW(d, b === 0 ? 0 : Math.trunc((c.x[2 * n] | 0) / b) >>> 0); };
      return (c) => { const b = c.x[2 * m]; c.setW(d, b === 0 ? 0 : Math.floor(c.x[2 * n] / b) >>> 0); };
    }
    if (!signed) {
      return (c) => {
        const x = c.x, alo = x[2 * n], ahi = x[2 * n + 1], blo = x[2 * m], bhi = x[2 * m + 1];
        if ((blo | bhi) === 0) { c.setX(d, 0, 0); return; }
        if ((ahi | bhi) === 0) { c.setX(d, Math.floor(alo / blo) >>> 0, 0); return; }
        const r = big(alo, ahi) / big(blo, bhi);
        c.setX(d, Number(r & 0xffffffffn), Number(r >> 32n));
      };
    }
    return (c) => {
      const x = c.x, alo = x[2 * n], ahi = x[2 * n + 1], blo = x[2 * m], bhi = x[2 * m + 1];
      if ((blo | bhi) === 0) { c.setX(d, 0, 0); return; }
      // Both operands sign-extended 32-bit values: a double divide is exact.
      if (ahi === ((alo | 0) >> 31 >>> 0) && bhi === ((blo | 0) >> 31 >>> 0)) {
        const r = Math.trunc((alo | 0) / (blo | 0));
        c.setX(d, r >>> 0, Math.floor(r / TWO32) >>> 0);
        return;
      }
      const r = BigInt.asUintN(64, BigInt.asIntN(64, big(alo, ahi)) / BigInt.asIntN(64, big(blo, bhi)));
      c.setX(d, Number(r & 0xffffffffn), Number(r >> 32n));
    };
  };
}

// ---- CRC32/CRC32C (C6.2.80/81): the reflected CRC update, no pre/post inversion ----
function crcTable(poly: number): Uint32Array {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let v = i;
    for (let k = 0; k < 8; k++) v = v & 1 ? (v >>> 1) ^ poly : v >>> 1;
    t[i] = v;
  }
  return t;
}
const CRC32 = crcTable(0xedb88320); // bit-reversed 0x04C11DB7
const CRC32C = crcTable(0x82f63b78); // bit-reversed 0x1EDC6F41

function crcBytes(t: Uint32Array, acc: number, v: number, nbytes: number): number {
  for (let i = 0; i < nbytes; i++) { acc = t[(acc ^ v) & 0xff] ^ (acc >>> 8); v >>>= 8; }
  return acc >>> 0;
}

function crc(castagnoli: boolean, bytes: 1 | 2 | 4 | 8): Compile {
  const t = castagnoli ? CRC32C : CRC32;
  return (f): Exec => {
    const d = f('Rd'), n = f('Rn'), m = f('Rm');
    if (bytes === 8) return (c) => c.setW(d, crcBytes(t, crcBytes(t, c.x[2 * n], c.x[2 * m], 4), c.x[2 * m + 1], 4));
    return (c) => c.setW(d, crcBytes(t, c.x[2 * n], c.x[2 * m], bytes));
  };
}

export const DP_MUL_DIV_SEMANTICS: SemanticsTable = {
  MADD_32: mulAdd(false, 32), MADD_64: mulAdd(false, 64),
  MSUB_32: mulAdd(true, 32), MSUB_64: mulAdd(true, 64),
  SMADDL: mulAddLong(true, false), SMSUBL: mulAddLong(true, true),
  UMADDL: mulAddLong(false, false), UMSUBL: mulAddLong(false, true),
  SMULH: mulHigh(true), UMULH: mulHigh(false),
  UDIV_32: divide(false, 32), UDIV_64: divide(false, 64),
  SDIV_32: divide(true, 32), SDIV_64: divide(true, 64),
  CRC32B: crc(false, 1), CRC32H: crc(false, 2), CRC32W: crc(false, 4), CRC32X: crc(false, 8),
  CRC32CB: crc(true, 1), CRC32CH: crc(true, 2), CRC32CW: crc(true, 4), CRC32CX: crc(true, 8),
};
