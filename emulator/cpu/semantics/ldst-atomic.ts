// FEAT_LSE atomics (ARM ARM C4.1.88.14 "Atomic memory operations", C6.2 LDADD, LDCLR, LDEOR,
// LDSET, LDSMAX, LDSMIN, LDUMAX, LDUMIN, SWP; C4.1.88.1 CAS, CASP). The ST<op> forms are
// aliases (Rt = 31) and execute through these rows. A/L (acquire/release) need nothing in a
// sequentially consistent core; an instruction runs to completion before another core runs, so
// the read and the write together are single-copy atomic.
//
// A Cortex-A57 is Armv8.0 without LSE: the core makes these rows UNDEFINED unless 'lse' is in
// Cpu.isaFeatures (as QEMU -cpu cortex-a57 does; -cpu max executes them).
// Atomics must be aligned (AArch64.CheckAlignment, AccType_ATOMICRW): an Alignment fault whose
// WnR is 1, as QEMU reports a misaligned atomic (atomic_mmu_lookup: MMU_DATA_STORE).
// CASP with an odd Rs or Rt is UNDEFINED (C6.2 CASP; QEMU: unallocated_encoding).

import { LDST_ATOMIC } from '../../isa/table/ldst-atomic';
import * as L from './ldst-common';
import type { Compile, Exec, SemanticsTable } from './types';

// Module-level aliases: under tsx (tests, bench) each file is CommonJS and a named import
// is a getter call at every use; the executors read these locals instead.
const { addOff, baseOff, checkAligned, EA } = L;

type Bytes = 1 | 2 | 4 | 8;

/** The new memory value from the old one (o) and Rs (s), as (lo, hi) into R. */
type Op = (olo: number, ohi: number, slo: number, shi: number, bytes: Bytes) => void;
const R = new Uint32Array(2);
const EA2 = new Uint32Array(2);

/** Signed value of a narrow (≤ 4 bytes) unsigned operand. */
const sx = (v: number, bytes: Bytes): number => (bytes === 4 ? v | 0 : (v << (32 - 8 * bytes)) >> (32 - 8 * bytes));

/** a < b for 64-bit (lo, hi) pairs, signed or unsigned; narrow values compare as numbers. */
function less(alo: number, ahi: number, blo: number, bhi: number, bytes: Bytes, signed: boolean): boolean {
  if (bytes < 8) return signed ? sx(alo, bytes) < sx(blo, bytes) : alo < blo;
  if (ahi !== bhi) return signed ? (ahi | 0) < (bhi | 0) : ahi < bhi;
  return alo < blo;
}

const pick = (first: boolean, alo: number, ahi: number, blo: number, bhi: number): void => {
  if (first) { R[0] = alo; R[1] = ahi; } else { R[0] = blo; R[1] = bhi; }
};

/** opc (bits 14:12) with o3 = 0, then SWP (o3 = 1, opc = 000) as entry 8. */
const OPS: readonly Op[] = [
  (ol, oh, sl, sh) => { const s = ol + sl; R[0] = s >>> 0; R[1] = (oh + sh + (s > 0xffffffff ? 1 : 0)) >>> 0; }, // ADD
  (ol, oh, sl, sh) => { R[0] = (ol & ~sl) >>> 0; R[1] = (oh & ~sh) >>> 0; }, // CLR: AND NOT
  (ol, oh, sl, sh) => { R[0] = (ol ^ sl) >>> 0; R[1] = (oh ^ sh) >>> 0; }, // EOR
  (ol, oh, sl, sh) => { R[0] = (ol | sl) >>> 0; R[1] = (oh | sh) >>> 0; }, // SET: OR
  (ol, oh, sl, sh, b) => pick(!less(ol, oh, sl, sh, b, true), ol, oh, sl, sh), // SMAX
  (ol, oh, sl, sh, b) => pick(less(ol, oh, sl, sh, b, true), ol, oh, sl, sh), // SMIN
  (ol, oh, sl, sh, b) => pick(!less(ol, oh, sl, sh, b, false), ol, oh, sl, sh), // UMAX
  (ol, oh, sl, sh, b) => pick(less(ol, oh, sl, sh, b, false), ol, oh, sl, sh), // UMIN
  (_ol, _oh, sl, sh) => { R[0] = sl; R[1] = sh; }, // SWP
];

const MASK = [0xff, 0xffff, 0xffffffff, 0xffffffff];

/** LD<op>{A}{L}{B,H} and SWP{A}{L}{B,H}: Rt = old Mem[Xn|SP]; Mem = op(old, Rs). */
const atomicOp: Compile = (f, word): Exec => {
  const size = word >>> 30, bytes = (1 << size) as Bytes;
  const op = OPS[(word >>> 15) & 1 ? 8 : (word >>> 12) & 7];
  const s = f('Rs'), t = f('Rt'), n = f('Rn');
  const mask = MASK[size];
  return (c) => {
    baseOff(c, n, 0);
    if (!checkAligned(c, EA[0], EA[1], bytes, true)) return;
    const slo = (c.x[2 * s] & mask) >>> 0, shi = bytes === 8 ? c.x[2 * s + 1] : 0;
    if (!c.read(EA[0], EA[1], bytes)) return;
    const olo = c.m[0], ohi = c.m[1];
    op(olo, ohi, slo, shi, bytes);
    if (!c.write(EA[0], EA[1], bytes, R[0] & mask, R[1])) return;
    c.setX(t, olo, ohi);
  };
};

/** CAS{A}{L}{B,H}: if Mem == Rs then Mem = Rt; Rs = old Mem (C6.2 CAS). */
const cas: Compile = (f, word): Exec => {
  const size = word >>> 30, bytes = (1 << size) as Bytes;
  const s = f('Rs'), t = f('Rt'), n = f('Rn');
  const mask = MASK[size];
  return (c) => {
    baseOff(c, n, 0);
    if (!checkAligned(c, EA[0], EA[1], bytes, true)) return;
    const clo = (c.x[2 * s] & mask) >>> 0, chi = bytes === 8 ? c.x[2 * s + 1] : 0;
    const nlo = c.x[2 * t], nhi = c.x[2 * t + 1];
    if (!c.read(EA[0], EA[1], bytes)) return;
    const olo = c.m[0], ohi = c.m[1];
    if (olo === clo && ohi === chi && !c.write(EA[0], EA[1], bytes, nlo, nhi)) return;
    c.setX(s, olo, ohi);
  };
};

/** CASP{A}{L} (C6.2 CASP): Rs:Rs+1 compared with the pair at Xn|SP, Rt:Rt+1 stored if equal. */
const casp: Compile = (f, word): Exec => {
  const s = f('Rs'), t = f('Rt'), n = f('Rn');
  if ((s | t) & 1) return (c) => c.undefinedInstruction('ldst/cas');
  const wide = ((word >>> 30) & 1) === 1;
  if (!wide) {
    return (c) => {
      baseOff(c, n, 0);
      if (!checkAligned(c, EA[0], EA[1], 8, true)) return;
      const c0 = c.x[2 * s], c1 = c.x[2 * s + 2], n0 = c.x[2 * t], n1 = c.x[2 * t + 2];
      if (!c.read(EA[0], EA[1], 8)) return;
      const o0 = c.m[0], o1 = c.m[1];
      if (o0 === c0 && o1 === c1 && !c.write(EA[0], EA[1], 8, n0, n1)) return;
      c.setW(s, o0); c.setW(s + 1, o1);
    };
  }
  return (c) => {
    baseOff(c, n, 0);
    if (!checkAligned(c, EA[0], EA[1], 16, true)) return;
    addOff(EA2, EA[0], EA[1], 8);
    const x = c.x;
    const c0l = x[2 * s], c0h = x[2 * s + 1], c1l = x[2 * s + 2], c1h = x[2 * s + 3];
    const n0l = x[2 * t], n0h = x[2 * t + 1], n1l = x[2 * t + 2], n1h = x[2 * t + 3];
    if (!c.read(EA[0], EA[1], 8)) return;
    const o0l = c.m[0], o0h = c.m[1];
    if (!c.read(EA2[0], EA2[1], 8)) return;
    const o1l = c.m[0], o1h = c.m[1];
    if (o0l === c0l && o0h === c0h && o1l === c1l && o1h === c1h) {
      if (!c.write(EA[0], EA[1], 8, n0l, n0h) || !c.write(EA2[0], EA2[1], 8, n1l, n1h)) return;
    }
    c.setX(s, o0l, o0h); c.setX(s + 1, o1l, o1h);
  };
};

function build(): SemanticsTable {
  const out: Record<string, Compile> = {};
  for (const r of LDST_ATOMIC) {
    if (r.aliasOf || r.asmOnly) continue;
    if (r.group === 'ldst/atomic') out[r.id] = atomicOp;
    else if (r.group === 'ldst/cas') out[r.id] = r.id.startsWith('CASP') ? casp : cas;
  }
  return out;
}

export const LDST_ATOMIC_SEMANTICS: SemanticsTable = build();
