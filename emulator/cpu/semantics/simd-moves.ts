// The SIMD&FP moves a world switch and ordinary code use (ARM ARM C7.2 FMOV (general), FMOV
// (register), FMOV (scalar, immediate), UMOV, INS (general), DUP (general), ORR (vector,
// register) — whose alias is MOV (vector)). Bits move unchanged: no FP arithmetic, so FPCR
// and FPSR play no part. Scalar writes zero the rest of the vector register (ARM ARM V[]);
// FMOV Vd.D[1], Xn keeps the low half. The FP16 forms are FEAT_FP16 (the core gates them).

import { SIMD_MOVES } from '../../isa/table/simd-moves';
import type { Cpu } from '../cpu';
import * as V from './simd-common';
import type { ESize } from './simd-common';
import type { Compile, Exec, SemanticsTable } from './types';

// Module-level aliases: under tsx (tests, bench) each file is CommonJS and a named import
// is a getter call at every use; the executors read these locals instead.
const { E, fpDenied, getElem, setElem, setScalar, clearHigh } = V;

const BYTES: Readonly<Record<string, ESize>> = { B: 1, H: 2, S: 4, D: 8, W: 4, X: 8 };

/** FMOV <Wd|Xd>, <Hn|Sn|Dn>: the low bits of Vn to a general register, zero-extended. */
function toGeneral(bytes: ESize): Compile {
  return (f): Exec => {
    const d = f('Rd'), n = f('Rn');
    const mask = bytes === 2 ? 0xffff : 0xffffffff;
    return (c) => {
      if (fpDenied(c)) return;
      c.setX(d, (c.v[4 * n] & mask) >>> 0, bytes === 8 ? c.v[4 * n + 1] : 0);
    };
  };
}

/** FMOV <Hd|Sd|Dd>, <Wn|Xn>: the low bits of a general register to Vd, the rest cleared. */
function fromGeneral(bytes: ESize): Compile {
  return (f): Exec => {
    const d = f('Rd'), n = f('Rn');
    return (c) => { if (!fpDenied(c)) setScalar(c, d, bytes, c.x[2 * n], c.x[2 * n + 1]); };
  };
}

/** FMOV Xd, Vn.D[1] and FMOV Vd.D[1], Xn: the upper 64 bits. */
const upperToGeneral: Compile = (f): Exec => {
  const d = f('Rd'), n = f('Rn');
  return (c) => { if (!fpDenied(c)) c.setX(d, c.v[4 * n + 2], c.v[4 * n + 3]); };
};
const upperFromGeneral: Compile = (f): Exec => {
  const d = f('Rd'), n = f('Rn');
  return (c) => {
    if (fpDenied(c)) return;
    c.v[4 * d + 2] = c.x[2 * n]; c.v[4 * d + 3] = c.x[2 * n + 1];
  };
};

/** FMOV (register): Vd = ZeroExtend(Vn<size>). */
function fmovReg(bytes: ESize): Compile {
  return (f): Exec => {
    const d = f('Rd'), n = f('Rn');
    return (c) => { if (!fpDenied(c)) setScalar(c, d, bytes, c.v[4 * n], c.v[4 * n + 1]); };
  };
}

/**
 * VFPExpandImm (ARM ARM shared/functions/float): imm8 = a:b:cdefgh becomes
 * sign a, exponent NOT(b):Replicate(b, E-3):c:d, fraction efgh:Zeros.
 * Returns the value's bits as (lo, hi) for H (16), S (32) or D (64).
 */
export function vfpExpandImm(imm8: number, bytes: 2 | 4 | 8): [number, number] {
  const a = imm8 >>> 7, b = (imm8 >>> 6) & 1, cdefgh = imm8 & 0x3f;
  const ebits = bytes === 2 ? 5 : bytes === 4 ? 8 : 11;
  const top = bytes === 8 ? 32 : 8 * bytes; // the word that holds sign and exponent
  const rep = b ? (1 << (ebits - 3)) - 1 : 0;
  // sign(1) NOT(b)(1) rep(ebits-3) cdefgh(6), left-aligned in `top` bits.
  const w = (a << (top - 1)) | ((b ^ 1) << (top - 2)) | (rep << (top - ebits + 1)) | (cdefgh << (top - ebits - 5));
  return bytes === 8 ? [0, w >>> 0] : [w >>> 0, 0];
}

function fmovImm(bytes: 2 | 4 | 8): Compile {
  return (f): Exec => {
    const d = f('Rd');
    const [lo, hi] = vfpExpandImm(f('imm8'), bytes);
    return (c) => { if (!fpDenied(c)) setScalar(c, d, bytes, lo, hi); };
  };
}

/** UMOV Rd, Vn.<T>[index]: zero-extended element to a general register. */
function umov(esize: ESize): Compile {
  return (f): Exec => {
    const d = f('Rd'), n = f('Rn'), index = f('index');
    return (c) => {
      if (fpDenied(c)) return;
      getElem(c, n, index, esize);
      c.setX(d, E[0], E[1]);
    };
  };
}

/** INS Vd.<T>[index], Rn: one element from a general register; the other lanes are kept. */
function ins(esize: ESize): Compile {
  return (f): Exec => {
    const d = f('Rd'), n = f('Rn'), index = f('index');
    return (c) => { if (!fpDenied(c)) setElem(c, d, index, esize, c.x[2 * n], c.x[2 * n + 1]); };
  };
}

/** DUP Vd.<T>, Rn: every lane = Rn<esize>; a 64-bit (Q = 0) result clears bits 127:64. */
function dup(esize: ESize): Compile {
  return (f, word): Exec => {
    const d = f('Rd'), n = f('Rn'), q = (word >>> 30) & 1;
    const lanes = (q ? 16 : 8) / esize;
    return (c) => {
      if (fpDenied(c)) return;
      const lo = c.x[2 * n], hi = c.x[2 * n + 1];
      for (let e = 0; e < lanes; e++) setElem(c, d, e, esize, lo, hi);
      if (!q) clearHigh(c, d);
    };
  };
}

/** ORR (vector, register): Vd = Vn OR Vm over 64 or 128 bits. */
const orrVec: Compile = (f, word): Exec => {
  const d = 4 * f('Rd'), n = 4 * f('Rn'), m = 4 * f('Rm'), q = (word >>> 30) & 1;
  return (c: Cpu) => {
    if (fpDenied(c)) return;
    const v = c.v;
    v[d] = v[n] | v[m]; v[d + 1] = v[n + 1] | v[m + 1];
    if (q) { v[d + 2] = v[n + 2] | v[m + 2]; v[d + 3] = v[n + 3] | v[m + 3]; } else { v[d + 2] = 0; v[d + 3] = 0; }
  };
};

/** Row id → compiler (ids as simd-moves.ts in the table builds them). */
function compilerOf(id: string): Compile | undefined {
  let m: RegExpExecArray | null;
  if (id === 'FMOV_X_V1D') return upperToGeneral;
  if (id === 'FMOV_V1D_X') return upperFromGeneral;
  if (id === 'ORR_advsimd_reg') return orrVec;
  if ((m = /^FMOV_([WX])_([HSD])$/.exec(id))) return toGeneral(BYTES[m[2]]);
  if ((m = /^FMOV_([HSD])_([WX])$/.exec(id))) return fromGeneral(BYTES[m[1]]);
  if ((m = /^FMOV_reg_([HSD])$/.exec(id))) return fmovReg(BYTES[m[1]]);
  if ((m = /^FMOV_imm_([HSD])$/.exec(id))) return fmovImm(BYTES[m[1]] as 2 | 4 | 8);
  if ((m = /^UMOV_([BHSD])$/.exec(id))) return umov(BYTES[m[1]]);
  if ((m = /^INS_gen_([BHSD])$/.exec(id))) return ins(BYTES[m[1]]);
  if ((m = /^DUP_gen_([BHSD])$/.exec(id))) return dup(BYTES[m[1]]);
  return undefined;
}

function build(): SemanticsTable {
  const out: Record<string, Compile> = {};
  for (const r of SIMD_MOVES) {
    if (r.aliasOf || r.asmOnly) continue;
    const c = compilerOf(r.id);
    if (!c) throw new Error(`simd-moves: no semantics for ${r.id}`);
    out[r.id] = c;
  }
  return out;
}

export const SIMD_MOVES_SEMANTICS: SemanticsTable = build();
