// Bit-field and bit-manipulation semantics (ARM ARM C6.2: SBFM/BFM/UBFM, EXTR, RBIT, REV16,
// REV32, REV, CLZ, CLS, LSLV/LSRV/ASRV/RORV). The bitfield masks come from DecodeBitMasks at
// compile time; the rotate amounts are constants, so the executors are straight-line code.

import type { Cpu } from '../cpu';
import type { Compile, Exec, SemanticsTable } from './types';
import { decodeBitMasks, shift32, shift64 } from './dp-shared';

type Bits = 32 | 64;

// ---- SBFM/BFM/UBFM (C6.2.266/C6.2.34/C6.2.387), shared/aarch64/instrs/integer/bitfield ----
/**
 * bot = (dst AND NOT wmask) OR (ROR(src, R) AND wmask); top = extend ? Replicate(src<S>) : dst;
 * Rd = (top AND NOT tmask) OR (bot AND tmask), where dst is 0 unless the form is BFM.
 */
function bitfield(inzero: boolean, extend: boolean, bits: Bits): Compile {
  return (f): Exec => {
    const d = f('Rd'), n = f('Rn'), R = f('immr'), S = f('imms');
    // The row's decode condition already rejects N != sf and immr/imms >= 32 for sf=0.
    const mk = decodeBitMasks(f('N'), S, R, false, bits)!;
    const wl = mk.wlo, wh = mk.whi, tl = mk.tlo, th = mk.thi;
    if (bits === 32) {
      return (c) => {
        const src = c.x[2 * n];
        const dst = inzero ? 0 : c.x[2 * d];
        const bot = (dst & ~wl) | (((src >>> R) | ((src << (31 - R)) << 1)) & wl);
        const top = extend ? -((src >>> S) & 1) : dst;
        c.setW(d, ((top & ~tl) | (bot & tl)) >>> 0);
      };
    }
    const swap = R >= 32, r = R & 31, sHi = S >= 32, sBit = S & 31;
    return (c) => {
      const x = c.x;
      const slo = x[2 * n], shi = x[2 * n + 1];
      const a = swap ? shi : slo, b = swap ? slo : shi; // ROR by 32 first, then by r
      const rlo = (a >>> r) | ((b << (31 - r)) << 1), rhi = (b >>> r) | ((a << (31 - r)) << 1);
      const dlo = inzero ? 0 : x[2 * d], dhi = inzero ? 0 : x[2 * d + 1];
      const blo = (dlo & ~wl) | (rlo & wl), bhi = (dhi & ~wh) | (rhi & wh);
      const sign = extend ? -(((sHi ? shi : slo) >>> sBit) & 1) : 0;
      const tlo = extend ? sign : dlo, thi = extend ? sign : dhi;
      c.setX(d, ((tlo & ~tl) | (blo & tl)) >>> 0, ((thi & ~th) | (bhi & th)) >>> 0);
    };
  };
}

// ---- EXTR (C6.2.124): Rd = (Rn:Rm)<lsb+size-1:lsb> ----
function extract(bits: Bits): Compile {
  return (f): Exec => {
    const d = f('Rd'), n = f('Rn'), m = f('Rm'), lsb = f('imms');
    if (bits === 32) return (c) => c.setW(d, ((c.x[2 * m] >>> lsb) | ((c.x[2 * n] << (31 - lsb)) << 1)) >>> 0);
    const r = lsb & 31;
    if (lsb < 32) {
      // words (low to high): Rm.lo, Rm.hi, Rn.lo
      return (c) => {
        const x = c.x, w1 = x[2 * m + 1], w2 = x[2 * n];
        c.setX(d, ((x[2 * m] >>> r) | ((w1 << (31 - r)) << 1)) >>> 0, ((w1 >>> r) | ((w2 << (31 - r)) << 1)) >>> 0);
      };
    }
    // words: Rm.hi, Rn.lo, Rn.hi
    return (c) => {
      const x = c.x, w1 = x[2 * n], w2 = x[2 * n + 1];
      c.setX(d, ((x[2 * m + 1] >>> r) | ((w1 << (31 - r)) << 1)) >>> 0, ((w1 >>> r) | ((w2 << (31 - r)) << 1)) >>> 0);
    };
  };
}

// ---- 1 source (C6.2.246/250/251/249, C6.2.58/57) ----
function rbit32(v: number): number {
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return ((v >>> 16) | (v << 16)) >>> 0;
}
function bswap32(v: number): number {
  return ((v >>> 24) | ((v >>> 8) & 0xff00) | ((v & 0xff00) << 8) | (v << 24)) >>> 0;
}
function rev16(v: number): number {
  return (((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8)) >>> 0;
}
/** CLS: leading bits equal to the sign bit, not counting it = CLZ(x<N-1:1> EOR x<N-2:0>). */
function cls32(v: number): number {
  return Math.clz32((v >>> 1) ^ (v & 0x7fffffff)) - 1;
}
function cls64(lo: number, hi: number): number {
  const yhi = (hi >>> 1) ^ (hi & 0x7fffffff);
  if (yhi !== 0) return Math.clz32(yhi) - 1;
  return 31 + Math.clz32((((lo >>> 1) | (hi << 31)) ^ lo) >>> 0);
}

function oneSource(op: (c: Cpu, d: number, lo: number, hi: number) => void): Compile {
  return (f): Exec => {
    const d = f('Rd'), n = f('Rn');
    return (c) => op(c, d, c.x[2 * n], c.x[2 * n + 1]);
  };
}

const SRC1: Record<string, Compile> = {
  RBIT_32: oneSource((c, d, lo) => c.setW(d, rbit32(lo))),
  RBIT_64: oneSource((c, d, lo, hi) => c.setX(d, rbit32(hi), rbit32(lo))),
  REV16_32: oneSource((c, d, lo) => c.setW(d, rev16(lo))),
  REV16_64: oneSource((c, d, lo, hi) => c.setX(d, rev16(lo), rev16(hi))),
  REV_32: oneSource((c, d, lo) => c.setW(d, bswap32(lo))),
  REV32: oneSource((c, d, lo, hi) => c.setX(d, bswap32(lo), bswap32(hi))),
  REV_64: oneSource((c, d, lo, hi) => c.setX(d, bswap32(hi), bswap32(lo))),
  CLZ_32: oneSource((c, d, lo) => c.setW(d, Math.clz32(lo))),
  CLZ_64: oneSource((c, d, lo, hi) => c.setX(d, hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo), 0)),
  CLS_32: oneSource((c, d, lo) => c.setW(d, cls32(lo))),
  CLS_64: oneSource((c, d, lo, hi) => c.setX(d, cls64(lo, hi), 0)),
};

// ---- LSLV/LSRV/ASRV/RORV (C6.2.180/183/19/264): shift by Rm MOD size ----
function shiftVar(type: number, bits: Bits): Compile {
  return (f): Exec => {
    const d = f('Rd'), n = f('Rn'), m = f('Rm');
    if (bits === 32) return (c) => c.setW(d, shift32(c.x[2 * n], type, c.x[2 * m] & 31));
    return (c) => { shift64(c, c.x[2 * n], c.x[2 * n + 1], type, c.x[2 * m] & 63); c.setX(d, c.t[0], c.t[1]); };
  };
}

function sized(id: string, make: (bits: Bits) => Compile): Record<string, Compile> {
  return { [`${id}_32`]: make(32), [`${id}_64`]: make(64) };
}

export const DP_BITFIELD_SEMANTICS: SemanticsTable = {
  ...sized('SBFM', (b) => bitfield(true, true, b)),
  ...sized('BFM', (b) => bitfield(false, false, b)),
  ...sized('UBFM', (b) => bitfield(true, false, b)),
  ...sized('EXTR', extract),
  ...SRC1,
  ...sized('LSLV', (b) => shiftVar(0, b)),
  ...sized('LSRV', (b) => shiftVar(1, b)),
  ...sized('ASRV', (b) => shiftVar(2, b)),
  ...sized('RORV', (b) => shiftVar(3, b)),
};
