// AdvSIMD structure loads/stores (ARM ARM C4.1.88.2-5; C7.2 LD1-LD4, ST1-ST4, LD1R-LD4R;
// shared pseudocode "AdvSIMD load/store multiple structures" and "... single structure"):
//  - multiple: for each element e, for each of selem registers, one element at consecutive
//    addresses (de-interleaving); LD1/ST1 with 2-4 registers repeat a 1-register transfer;
//  - single: lane `index` of selem consecutive registers (other lanes kept);
//  - replicate: one element per register, copied to every lane.
// Registers wrap from V31 to V0. A 64-bit (Q = 0) load zeroes bits 127:64 (V[] of datasize 64);
// a single-lane load keeps them (it writes back the whole 128-bit register).
// Post-index: Xn|SP += (Rm == 31 ? bytes transferred : Xm), after the transfer.

import { SIMD_STRUCT } from '../../isa/table/simd-struct';
import type { Cpu } from '../cpu';
import * as L from './ldst-common';
import * as V from './simd-common';
import type { ESize } from './simd-common';
import type { Compile, Exec, SemanticsTable } from './types';

// Module-level aliases: under tsx (tests, bench) each file is CommonJS and a named import
// is a getter call at every use; the executors read these locals instead.
const { addOff, baseOff, baseReg, EA } = L;
const { clearHigh, E, fpDenied, getElem, setElem } = V;

/** opcode (bits 15:12) of the multiple forms → [rpt, selem]. */
const MULTI: Readonly<Record<number, readonly [number, number]>> = {
  0b0000: [1, 4], 0b0010: [4, 1], 0b0100: [1, 3], 0b0110: [3, 1], 0b0111: [1, 1], 0b1000: [1, 2], 0b1010: [2, 1],
};

/** A post-index writeback: Xn|SP += imm, or += Xm. */
function postIndex(c: Cpu, n: number, m: number, imm: number): void {
  if (m === 31) {
    const lo = n === 31 ? c.spLo() : c.x[2 * n], hi = n === 31 ? c.spHi() : c.x[2 * n + 1];
    addOff(EA, lo, hi, imm);
  } else {
    baseReg(c, n, m, 3, 0);
  }
  c.setXsp(n, EA[0], EA[1]);
}

const A = new Uint32Array(2);

/** Moves one element between memory at A + offs and V[r][e]; false after a fault. */
function elem(c: Cpu, load: boolean, r: number, e: number, esize: ESize, offs: number): boolean {
  const lo = A[0] + offs;
  const alo = lo >>> 0, ahi = (lo > 0xffffffff ? A[1] + 1 : A[1]) >>> 0;
  if (load) {
    if (!c.read(alo, ahi, esize)) return false;
    setElem(c, r, e, esize, c.m[0], c.m[1]);
    return true;
  }
  getElem(c, r, e, esize);
  return c.write(alo, ahi, esize, E[0], E[1]);
}

const multiple: Compile = (f, word): Exec => {
  const q = (word >>> 30) & 1, load = ((word >>> 22) & 1) === 1, post = ((word >>> 23) & 1) === 1;
  const [rpt, selem] = MULTI[(word >>> 12) & 15];
  const esize = (1 << ((word >>> 10) & 3)) as ESize;
  const elements = (q ? 16 : 8) / esize;
  const t = f('Rt'), n = f('Rn'), m = post ? f('Rm') : 31;
  const total = rpt * selem * (q ? 16 : 8);
  return (c) => {
    if (fpDenied(c)) return;
    baseOff(c, n, 0);
    A[0] = EA[0]; A[1] = EA[1];
    let offs = 0;
    for (let r = 0; r < rpt; r++) {
      for (let e = 0; e < elements; e++) {
        let tt = (t + r) & 31;
        for (let s = 0; s < selem; s++) {
          if (!elem(c, load, tt, e, esize, offs)) return;
          offs += esize;
          tt = (tt + 1) & 31;
        }
      }
    }
    if (load && !q) for (let r = 0; r < rpt * selem; r++) clearHigh(c, (t + r) & 31);
    if (post) postIndex(c, n, m, total);
  };
};

/** The lane size and index of a single-structure word (C4.1.88.4 "scale" and Q:S:size). */
function laneOf(word: number): { esize: ESize; index: number } {
  const q = (word >>> 30) & 1, s = (word >>> 12) & 1, size = (word >>> 10) & 3;
  switch ((word >>> 14) & 3) {
    case 0: return { esize: 1, index: (q << 3) | (s << 2) | size };
    case 1: return { esize: 2, index: (q << 2) | (s << 1) | (size >> 1) };
    default: return size & 1 ? { esize: 8, index: q } : { esize: 4, index: (q << 1) | s };
  }
}

const selemOf = (word: number): number => ((((word >>> 13) & 1) << 1) | ((word >>> 21) & 1)) + 1;

const single: Compile = (f, word): Exec => {
  const load = ((word >>> 22) & 1) === 1, post = ((word >>> 23) & 1) === 1;
  const { esize, index } = laneOf(word);
  const selem = selemOf(word);
  const t = f('Rt'), n = f('Rn'), m = post ? f('Rm') : 31;
  return (c) => {
    if (fpDenied(c)) return;
    baseOff(c, n, 0);
    A[0] = EA[0]; A[1] = EA[1];
    for (let s = 0; s < selem; s++) if (!elem(c, load, (t + s) & 31, index, esize, s * esize)) return;
    if (post) postIndex(c, n, m, selem * esize);
  };
};

const replicate: Compile = (f, word): Exec => {
  const q = (word >>> 30) & 1, post = ((word >>> 23) & 1) === 1;
  const esize = (1 << ((word >>> 10) & 3)) as ESize;
  const selem = selemOf(word);
  const t = f('Rt'), n = f('Rn'), m = post ? f('Rm') : 31;
  const lanes = (q ? 16 : 8) / esize;
  return (c) => {
    if (fpDenied(c)) return;
    baseOff(c, n, 0);
    A[0] = EA[0]; A[1] = EA[1];
    for (let s = 0; s < selem; s++) {
      const r = (t + s) & 31;
      if (!elem(c, true, r, 0, esize, s * esize)) return;
      getElem(c, r, 0, esize);
      for (let e = 1; e < lanes; e++) setElem(c, r, e, esize, E[0], E[1]);
      if (!q) clearHigh(c, r);
    }
    if (post) postIndex(c, n, m, selem * esize);
  };
};

const BY_GROUP: Readonly<Record<string, Compile>> = {
  'simd-ldst/multiple': multiple,
  'simd-ldst/single': single,
  'simd-ldst/replicate': replicate,
};

function build(): SemanticsTable {
  const out: Record<string, Compile> = {};
  for (const r of SIMD_STRUCT) {
    if (r.aliasOf || r.asmOnly) continue;
    const c = BY_GROUP[r.group];
    if (!c) throw new Error(`simd-struct: no semantics for ${r.id} (${r.group})`);
    out[r.id] = c;
  }
  return out;
}

export const SIMD_STRUCT_SEMANTICS: SemanticsTable = build();
