// Exclusive, ordered and atomic loads/stores (ARM ARM C4.1.88): the load/store exclusive
// register and pair forms, LDAR/STLR and the LORegion LDLAR/STLLR, compare and swap (CAS,
// CASP), the FEAT_LSE atomic memory operations with their ST* aliases, LDAPR (FEAT_LRCPC)
// and the 64-byte single-copy atomic LD64B/ST64B* (FEAT_LS64).

import { gpr } from '../operands/common';
import { filler, gprPair, memBase } from '../operands/ldst';
import type { InsnDef } from '../types';
import { row } from './builder';

type F = (name: string) => number;

/** Access sizes of the size field: mnemonic suffix, register of the transfer, bytes. */
const SIZES = [
  { size: '00', sfx: 'b', rt: 'w', bytes: 1, id: 'B' },
  { size: '01', sfx: 'h', rt: 'w', bytes: 2, id: 'H' },
  { size: '10', sfx: '', rt: 'w', bytes: 4, id: '32' },
  { size: '11', sfx: '', rt: 'x', bytes: 8, id: '64' },
] as const;
type Size = (typeof SIZES)[number];
const idOf = (mn: string, s: Size): string => `${mn.toUpperCase()}${s.sfx ? '' : `_${s.id}`}`;

// ---- Load/store exclusive register and pair, ordered, LORegion, C4.1.88.1 ----
// size 001000 o2 L o1 Rs o0 Rt2 Rn Rt. objdump ignores Rs and Rt2 where the instruction has
// none (GNU as writes them as 11111), except LDAR/LDARB (Rs = x1111) and LDARH (Rs = 11111),
// which also need Rt2 = 11111.
const EXCL = (s: Size, o2: string, L: string, o1: string, o0: string): string =>
  `size=${s.size} 001000 o2=${o2} L=${L} o1=${o1} Rs:5 o0=${o0} Rt2:5 Rn:5 Rt:5`;

interface Excl { mn: string; o2: string; L: string; o1: string; o0: string; pair?: boolean; status?: boolean; feature?: string; sem: string }
const EXCLUSIVES: readonly Excl[] = [
  { mn: 'stxr', o2: '0', L: '0', o1: '0', o0: '0', status: true, sem: 'if exclusive monitor holds: Mem[Xn|SP] = Rt, Ws = 0; else Ws = 1' },
  { mn: 'stlxr', o2: '0', L: '0', o1: '0', o0: '1', status: true, sem: 'store-release exclusive: Ws = 0 if stored, 1 if not' },
  { mn: 'ldxr', o2: '0', L: '1', o1: '0', o0: '0', sem: 'Rt = Mem[Xn|SP], marking it for exclusive access' },
  { mn: 'ldaxr', o2: '0', L: '1', o1: '0', o0: '1', sem: 'Rt = Mem[Xn|SP] (acquire), marking it for exclusive access' },
  { mn: 'stllr', o2: '1', L: '0', o1: '0', o0: '0', feature: 'lor', sem: 'Mem[Xn|SP] = Rt (release within the LORegion)' },
  { mn: 'stlr', o2: '1', L: '0', o1: '0', o0: '1', sem: 'Mem[Xn|SP] = Rt (store-release)' },
  { mn: 'ldlar', o2: '1', L: '1', o1: '0', o0: '0', feature: 'lor', sem: 'Rt = Mem[Xn|SP] (acquire within the LORegion)' },
  { mn: 'ldar', o2: '1', L: '1', o1: '0', o0: '1', sem: 'Rt = Mem[Xn|SP] (load-acquire)' },
];
const EXCL_PAIRS: readonly Excl[] = [
  { mn: 'stxp', o2: '0', L: '0', o1: '1', o0: '0', pair: true, status: true, sem: 'if exclusive monitor holds: Mem[Xn|SP] = Rt:Rt2, Ws = 0; else Ws = 1' },
  { mn: 'stlxp', o2: '0', L: '0', o1: '1', o0: '1', pair: true, status: true, sem: 'store-release exclusive pair: Ws = 0 if stored, 1 if not' },
  { mn: 'ldxp', o2: '0', L: '1', o1: '1', o0: '0', pair: true, sem: 'Rt, Rt2 = Mem[Xn|SP], marking it for exclusive access' },
  { mn: 'ldaxp', o2: '0', L: '1', o1: '1', o0: '1', pair: true, sem: 'Rt, Rt2 = Mem[Xn|SP] (acquire), marking it for exclusive access' },
];

const ldarWhen = (s: Size) => (f: F): boolean =>
  f('Rt2') === 31 && (s.size === '01' ? f('Rs') === 31 : (f('Rs') & 15) === 15);

function exclusives(): InsnDef[] {
  const out: InsnDef[] = [];
  for (const e of EXCLUSIVES) {
    for (const s of SIZES) {
      const mn = e.mn + s.sfx;
      out.push(row({ id: idOf(mn, s), mn, pat: EXCL(s, e.o2, e.L, e.o1, e.o0), group: 'ldst/exclusive', feature: e.feature ?? 'v8.0',
        when: e.mn === 'ldar' ? ldarWhen(s) : undefined, summary: `${e.sem}; ${s.bytes} bytes`,
        ops: [...(e.status ? [gpr('Rs', 'w')] : []), gpr('Rt', s.rt), memBase(),
          ...(e.status ? [] : [filler('Rs', 31)]), filler('Rt2', 31)] }));
    }
  }
  for (const e of EXCL_PAIRS) {
    for (const s of SIZES.slice(2)) {
      out.push(row({ id: idOf(e.mn, s), mn: e.mn, pat: EXCL(s, e.o2, e.L, e.o1, e.o0), group: 'ldst/exclusive',
        summary: `${e.sem}; 2 × ${s.bytes} bytes`,
        ops: [...(e.status ? [gpr('Rs', 'w')] : []), gpr('Rt', s.rt), gpr('Rt2', s.rt), memBase(), ...(e.status ? [] : [filler('Rs', 31)])] }));
    }
  }
  return out;
}

// ---- Compare and swap (CAS/CASP), C6.2.55-61 (FEAT_LSE): L = acquire, o0 = release ----
const ORDERS = [['', '0', '0', ''], ['a', '1', '0', ', acquire'], ['l', '0', '1', ', release'], ['al', '1', '1', ', acquire-release']] as const;

function compareAndSwap(): InsnDef[] {
  const out: InsnDef[] = [];
  for (const [ord, L, o0, what] of ORDERS) {
    for (const s of SIZES) {
      const mn = `cas${ord}${s.sfx}`;
      out.push(row({ id: idOf(mn, s), mn, pat: `size=${s.size} 001000 1 L=${L} 1 Rs:5 o0=${o0} 11111 Rn:5 Rt:5`,
        group: 'ldst/cas', feature: 'lse',
        summary: `Rs = Mem[Xn|SP, ${s.bytes}]; if it equalled Rs, Mem[Xn|SP] = Rt (atomic${what})`,
        ops: [gpr('Rs', s.rt), gpr('Rt', s.rt), memBase()] }));
    }
    for (const [sz, r] of [['0', 'w'], ['1', 'x']] as const) {
      const mn = `casp${ord}`;
      out.push(row({ id: `${mn.toUpperCase()}_${r === 'w' ? 32 : 64}`, mn, pat: `0 sz=${sz} 001000 0 L=${L} 1 Rs:5 o0=${o0} 11111 Rn:5 Rt:5`,
        group: 'ldst/cas', feature: 'lse',
        summary: `Rs:Rs+1 = Mem[Xn|SP] (pair); if it equalled them, Mem[Xn|SP] = Rt:Rt+1 (atomic${what})`,
        ops: [gprPair('Rs', r), gprPair('Rt', r), memBase()] }));
    }
  }
  return out;
}

// ---- Atomic memory operations, C4.1.88.14 (FEAT_LSE): size 111 0 00 A R 1 Rs o3 opc 00 Rn Rt ----
const AMO = [
  { op: 'add', o3: '0', opc: '000', sem: 'Mem + Rs' },
  { op: 'clr', o3: '0', opc: '001', sem: 'Mem AND NOT Rs' },
  { op: 'eor', o3: '0', opc: '010', sem: 'Mem EOR Rs' },
  { op: 'set', o3: '0', opc: '011', sem: 'Mem OR Rs' },
  { op: 'smax', o3: '0', opc: '100', sem: 'signed max(Mem, Rs)' },
  { op: 'smin', o3: '0', opc: '101', sem: 'signed min(Mem, Rs)' },
  { op: 'umax', o3: '0', opc: '110', sem: 'unsigned max(Mem, Rs)' },
  { op: 'umin', o3: '0', opc: '111', sem: 'unsigned min(Mem, Rs)' },
] as const;
const AMO_PAT = (s: Size, A: string, R: string, o3: string, opc: string, rs = 'Rs:5', rt = 'Rt:5'): string =>
  `size=${s.size} 111 V=0 00 A=${A} R=${R} 1 ${rs} o3=${o3} opc=${opc} 00 Rn:5 ${rt}`;

function atomics(): InsnDef[] {
  const out: InsnDef[] = [];
  for (const [ord, A, R, what] of ORDERS) {
    for (const s of SIZES) {
      for (const a of AMO) {
        const mn = `ld${a.op}${ord}${s.sfx}`;
        out.push(row({ id: idOf(mn, s), mn, pat: AMO_PAT(s, A, R, a.o3, a.opc), group: 'ldst/atomic', feature: 'lse',
          summary: `Rt = Mem[Xn|SP, ${s.bytes}]; Mem[Xn|SP] = ${a.sem} (atomic${what})`,
          ops: [gpr('Rs', s.rt), gpr('Rt', s.rt), memBase()] }));
        // ST<op>{L} (C6.2.336 etc.): the load form discarding the old value, no acquire form.
        if (A === '0') {
          const st = `st${a.op}${ord}${s.sfx}`;
          out.push(row({ id: idOf(st, s), mn: st, pat: AMO_PAT(s, A, R, a.o3, a.opc, 'Rs:5', '11111'), aliasOf: idOf(mn, s),
            group: 'ldst/atomic', feature: 'lse', summary: `Mem[Xn|SP, ${s.bytes}] = ${a.sem} (atomic${what})`,
            ops: [gpr('Rs', s.rt), memBase()] }));
        }
      }
      const swp = `swp${ord}${s.sfx}`;
      out.push(row({ id: idOf(swp, s), mn: swp, pat: AMO_PAT(s, A, R, '1', '000'), group: 'ldst/atomic', feature: 'lse',
        summary: `Rt = Mem[Xn|SP, ${s.bytes}]; Mem[Xn|SP] = Rs (atomic${what})`, ops: [gpr('Rs', s.rt), gpr('Rt', s.rt), memBase()] }));
    }
  }
  // LDAPR{B,H} (FEAT_LRCPC), C6.2.101: the acquire-only atomic slot o3 = 1, opc = 100, Rs = 11111.
  for (const s of SIZES) {
    const mn = `ldapr${s.sfx}`;
    out.push(row({ id: idOf(mn, s), mn, pat: AMO_PAT(s, '1', '0', '1', '100', '11111'), group: 'ldst/rcpc', feature: 'rcpc',
      summary: `Rt = Mem[Xn|SP, ${s.bytes}] (load-acquire RCpc)`, ops: [gpr('Rt', s.rt), memBase()] }));
  }
  return out;
}

// ---- LD64B/ST64B/ST64BV/ST64BV0, C6.2.136 etc. (FEAT_LS64): 64 bytes to/from Xt..Xt+7 ----
const X64 = SIZES[3];
const LS64: InsnDef[] = [
  row({ id: 'LD64B', mn: 'ld64b', pat: AMO_PAT(X64, '0', '0', '1', '101', '11111'), group: 'ldst/ls64', feature: 'ls64',
    summary: 'Xt..Xt+7 = Mem[Xn|SP, 64] (single-copy atomic)', ops: [gpr('Rt', 'x'), memBase()] }),
  row({ id: 'ST64B', mn: 'st64b', pat: AMO_PAT(X64, '0', '0', '1', '001', '11111'), group: 'ldst/ls64', feature: 'ls64',
    summary: 'Mem[Xn|SP, 64] = Xt..Xt+7 (single-copy atomic)', ops: [gpr('Rt', 'x'), memBase()] }),
  row({ id: 'ST64BV', mn: 'st64bv', pat: AMO_PAT(X64, '0', '0', '1', '011'), group: 'ldst/ls64', feature: 'ls64',
    summary: 'Mem[Xn|SP, 64] = Xt..Xt+7; Xs = status', ops: [gpr('Rs', 'x'), gpr('Rt', 'x'), memBase()] }),
  row({ id: 'ST64BV0', mn: 'st64bv0', pat: AMO_PAT(X64, '0', '0', '1', '010'), group: 'ldst/ls64', feature: 'ls64',
    summary: 'Mem[Xn|SP, 64] = Xt..Xt+7 with Xt<31:0> from ACCDATA_EL1; Xs = status', ops: [gpr('Rs', 'x'), gpr('Rt', 'x'), memBase()] }),
];

export const LDST_ATOMIC: InsnDef[] = [...exclusives(), ...compareAndSwap(), ...atomics(), ...LS64];
