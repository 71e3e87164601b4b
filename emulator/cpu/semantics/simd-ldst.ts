// Loads and stores of SIMD&FP registers (ARM ARM C4.1.88 with V = 1; C6.2/C7.2 LDR/STR
// (immediate, register, literal, SIMD&FP), LDUR/STUR, LDP/STP/LDNP/STNP (SIMD&FP)). A load
// of B/H/S/D zeroes the rest of the vector register; Q moves all 128 bits as two 8-byte
// accesses, and with SCTLR_ELx.A = 1 must be 16-byte aligned (Mem[] checks the whole access).
// Each executor first makes the FP/SIMD access check (EC 0x07 trap when disabled).
// LDP (SIMD&FP) with Rt == Rt2 is CONSTRAINED UNPREDICTABLE: Rt2's value stays, as in QEMU
// (trans_LDP_v loads Rt, then Rt2).

import { SIMD_LDST } from '../../isa/table/simd-ldst';
import type { Cpu } from '../cpu';
import * as L from './ldst-common';
import * as V from './simd-common';
import type { Compile, Exec, SemanticsTable } from './types';

// Module-level aliases: under tsx (tests, bench) each file is CommonJS and a named import
// is a getter call at every use; the executors read these locals instead.
const { addOff, baseOff, baseReg, checkWide, EA, pcOff, simm, WB, writeBack } = L;
const { fpDenied, setScalar } = V;

const EA2 = new Uint32Array(2);
/** Loaded words of up to two Q registers, before any register is written. */
const BUF = new Uint32Array(8);

/** Reads `bytes` (1..16) at EA into BUF[at..]; false after a fault. */
function readTo(c: Cpu, lo: number, hi: number, bytes: number, at: number): boolean {
  if (bytes < 16) {
    if (!c.read(lo, hi, bytes as 1 | 2 | 4 | 8)) return false;
    BUF[at] = c.m[0]; BUF[at + 1] = c.m[1]; BUF[at + 2] = 0; BUF[at + 3] = 0;
    return true;
  }
  if (!checkWide(c, lo, hi, 16, false) || !c.read(lo, hi, 8)) return false;
  BUF[at] = c.m[0]; BUF[at + 1] = c.m[1];
  addOff(EA2, lo, hi, 8);
  if (!c.read(EA2[0], EA2[1], 8)) return false;
  BUF[at + 2] = c.m[0]; BUF[at + 3] = c.m[1];
  return true;
}

/** V[t] = BUF[at..] (a load of `bytes`). */
function toReg(c: Cpu, t: number, bytes: number, at: number): void {
  if (bytes < 16) setScalar(c, t, bytes, BUF[at], BUF[at + 1]);
  else { const v = c.v, b = 4 * t; v[b] = BUF[at]; v[b + 1] = BUF[at + 1]; v[b + 2] = BUF[at + 2]; v[b + 3] = BUF[at + 3]; }
}

/** Stores the low `bytes` of V[t] at (lo, hi); false after a fault. */
function store(c: Cpu, t: number, lo: number, hi: number, bytes: number): boolean {
  const v = c.v, b = 4 * t;
  if (bytes < 16) return c.write(lo, hi, bytes as 1 | 2 | 4 | 8, v[b], v[b + 1]);
  if (!checkWide(c, lo, hi, 16, true)) return false;
  const w2 = v[b + 2], w3 = v[b + 3];
  addOff(EA2, lo, hi, 8);
  return c.write(lo, hi, 8, v[b], v[b + 1]) && c.write(EA2[0], EA2[1], 8, w2, w3);
}

/** size:opc<1> → bytes (opc<1> = 1 with size = 00 is Q). */
const bytesOf = (word: number): number => (((word >>> 23) & 1) ? 16 : 1 << (word >>> 30));
const isLoad = (word: number): boolean => ((word >>> 22) & 1) === 1;

type Addr = (c: Cpu) => void;

/** One register, any addressing: `address` sets EA (and WB when `wb`). */
function single(f: (n: string) => number, word: number, address: Addr, wb: boolean): Exec {
  const bytes = bytesOf(word), t = f('Rt'), n = f('Rn');
  if (isLoad(word)) {
    return (c) => {
      if (fpDenied(c)) return;
      address(c);
      if (!readTo(c, EA[0], EA[1], bytes, 0)) return;
      toReg(c, t, bytes, 0);
      if (wb) writeBack(c, n);
    };
  }
  return (c) => {
    if (fpDenied(c)) return;
    address(c);
    if (store(c, t, EA[0], EA[1], bytes) && wb) writeBack(c, n);
  };
}

const uoff: Compile = (f, word) => {
  const n = f('Rn'), off = f('imm12') * bytesOf(word);
  return single(f, word, (c) => baseOff(c, n, off), false);
};
const unscaled: Compile = (f, word) => {
  const n = f('Rn'), off = simm(f('imm9'), 9);
  return single(f, word, (c) => baseOff(c, n, off), false);
};
const pre: Compile = (f, word) => {
  const n = f('Rn'), off = simm(f('imm9'), 9);
  return single(f, word, (c) => { baseOff(c, n, off); WB[0] = EA[0]; WB[1] = EA[1]; }, true);
};
const post: Compile = (f, word) => {
  const n = f('Rn'), off = simm(f('imm9'), 9);
  return single(f, word, (c) => { baseOff(c, n, 0); addOff(WB, EA[0], EA[1], off); }, true);
};
const reg: Compile = (f, word) => {
  const n = f('Rn'), m = f('Rm'), option = f('option');
  const shift = f('S') ? Math.log2(bytesOf(word)) : 0;
  return single(f, word, (c) => baseReg(c, n, m, option, shift), false);
};

/** LDR (literal, SIMD&FP): opc 00 S, 01 D, 10 Q; EA = PC + imm19 * 4. */
const literal: Compile = (f, word): Exec => {
  const bytes = 4 << (word >>> 30), t = f('Rt'), off = simm(f('imm19'), 19, 4);
  return (c) => {
    if (fpDenied(c)) return;
    pcOff(c, off);
    if (readTo(c, EA[0], EA[1], bytes, 0)) toReg(c, t, bytes, 0);
  };
};

/** LDP/STP/LDNP/STNP (SIMD&FP): opc 00 S, 01 D, 10 Q; bits 24:23 = 00 no-allocate, 01 post, 10 offset, 11 pre. */
const pair: Compile = (f, word): Exec => {
  const bytes = 4 << (word >>> 30), t = f('Rt'), t2 = f('Rt2'), n = f('Rn');
  const off = simm(f('imm7'), 7, bytes);
  const mode = (word >>> 23) & 3;
  const wb = mode === 1 || mode === 3;
  const address: Addr = mode === 1
    ? (c) => { baseOff(c, n, 0); addOff(WB, EA[0], EA[1], off); }
    : mode === 3 ? (c) => { baseOff(c, n, off); WB[0] = EA[0]; WB[1] = EA[1]; }
      : (c) => baseOff(c, n, off);
  if (isLoad(word)) {
    return (c) => {
      if (fpDenied(c)) return;
      address(c);
      const lo = EA[0], hi = EA[1];
      if (!readTo(c, lo, hi, bytes, 0)) return;
      addOff(EA, lo, hi, bytes);
      if (!readTo(c, EA[0], EA[1], bytes, 4)) return;
      toReg(c, t, bytes, 0);
      toReg(c, t2, bytes, 4);
      if (wb) writeBack(c, n);
    };
  }
  return (c) => {
    if (fpDenied(c)) return;
    address(c);
    const lo = EA[0], hi = EA[1];
    if (!store(c, t, lo, hi, bytes)) return;
    addOff(EA, lo, hi, bytes);
    if (store(c, t2, EA[0], EA[1], bytes) && wb) writeBack(c, n);
  };
};

/** Row → compiler by the row's group and id (simd-ldst.ts builds one row per size/direction). */
function compilerOf(id: string, group: string): Compile | undefined {
  switch (group) {
    case 'simd-ldst/reg-uoff': return uoff;
    case 'simd-ldst/reg-off': return reg;
    case 'simd-ldst/literal': return literal;
    case 'simd-ldst/pair': return pair;
    case 'simd-ldst/reg-imm9': return id.includes('_pre_') ? pre : id.includes('_post_') ? post : unscaled;
  }
  return undefined;
}

function build(): SemanticsTable {
  const out: Record<string, Compile> = {};
  for (const r of SIMD_LDST) {
    if (r.aliasOf || r.asmOnly) continue;
    const c = compilerOf(r.id, r.group);
    if (c) out[r.id] = c;
  }
  return out;
}

export const SIMD_REG_SEMANTICS: SemanticsTable = build();
