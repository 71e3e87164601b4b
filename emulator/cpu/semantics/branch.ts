// Semantics of the branch rows (ARM ARM C6.2: B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ, BR/BLR/RET).
// The PC-relative target is computed from the PC at execution time, so a decoded page can be
// mapped at any VA.

import { signExtend } from '../../isa/pattern';
import type { Cpu } from '../cpu';
import type { Exec, SemanticsTable } from './types';

/** PC + off (off a signed byte offset that fits in 32 bits) as a branch. */
export function branchRel(c: Cpu, off: number): void {
  const lo = c.pcLo + off;
  let hi = c.pcHi;
  if (lo >= 4294967296) hi = (hi + 1) >>> 0;
  else if (lo < 0) hi = (hi - 1) >>> 0;
  c.branchTo(lo >>> 0, hi);
}

/** X30 = PC + 4 (the return address of BL/BLR). */
export function link(c: Cpu): void {
  const lo = (c.pcLo + 4) >>> 0;
  c.setX(30, lo, lo < 4 ? (c.pcHi + 1) >>> 0 : c.pcHi);
}

/** ConditionHolds (ARM ARM J1.2.3, shared/functions/system/ConditionHolds). */
export function conditionHolds(c: Cpu, cond: number): boolean {
  let r: boolean;
  switch (cond >> 1) {
    case 0: r = c.zf === 1; break;
    case 1: r = c.cf === 1; break;
    case 2: r = c.nf === 1; break;
    case 3: r = c.vf === 1; break;
    case 4: r = c.cf === 1 && c.zf === 0; break;
    case 5: r = c.nf === c.vf; break;
    case 6: r = c.nf === c.vf && c.zf === 0; break;
    default: r = true;
  }
  return (cond & 1) === 1 && cond !== 15 ? !r : r;
}

export const BRANCH_SEMANTICS: SemanticsTable = {
  B: (f): Exec => {
    const off = signExtend(f('imm26'), 26) * 4;
    return (c) => branchRel(c, off);
  },
  BL: (f): Exec => {
    const off = signExtend(f('imm26'), 26) * 4;
    return (c) => { link(c); branchRel(c, off); };
  },

  // C6.2.25 B.cond: the condition is read at execution time; not taken falls through.
  B_cond: (f): Exec => {
    const off = signExtend(f('imm19'), 19) * 4, cond = f('cond');
    return (c) => { if (conditionHolds(c, cond)) branchRel(c, off); };
  },
  // BC.cond is FEAT_HBC (v8.8): unallocated on a Cortex-A57, UNDEFINED as in QEMU (trans_B_cond).
  BC_cond: (): Exec => (c) => c.undefinedInstruction('feature:hbc'),

  // C6.2.47/48 CBZ/CBNZ: the W forms test only the low word.
  CBZ_32: (f): Exec => {
    const off = signExtend(f('imm19'), 19) * 4, t = 2 * f('Rt');
    return (c) => { if (c.x[t] === 0) branchRel(c, off); };
  },
  CBZ_64: (f): Exec => {
    const off = signExtend(f('imm19'), 19) * 4, t = 2 * f('Rt');
    return (c) => { if ((c.x[t] | c.x[t + 1]) === 0) branchRel(c, off); };
  },
  CBNZ_32: (f): Exec => {
    const off = signExtend(f('imm19'), 19) * 4, t = 2 * f('Rt');
    return (c) => { if (c.x[t] !== 0) branchRel(c, off); };
  },
  CBNZ_64: (f): Exec => {
    const off = signExtend(f('imm19'), 19) * 4, t = 2 * f('Rt');
    return (c) => { if ((c.x[t] | c.x[t + 1]) !== 0) branchRel(c, off); };
  },

  // C6.2.363/364 TBZ/TBNZ: bit b5:b40 of Rt; bits 32..63 live in the high word.
  TBZ_32: (f): Exec => testBranch(f, 0, false),
  TBZ_64: (f): Exec => testBranch(f, f('b5'), false),
  TBNZ_32: (f): Exec => testBranch(f, 0, true),
  TBNZ_64: (f): Exec => testBranch(f, f('b5'), true),

  // C6.2.37/35/254 BR/BLR/RET: the target is read before X30 is written (BLR X30 uses the old X30).
  // No address tagging in this model (TCR.TBI is not applied): the full 64-bit value is the PC.
  BR: (f): Exec => {
    const n = 2 * f('Rn');
    return (c) => c.branchTo(c.x[n], c.x[n + 1]);
  },
  BLR: (f): Exec => {
    const n = 2 * f('Rn');
    return (c) => { const lo = c.x[n], hi = c.x[n + 1]; link(c); c.branchTo(lo, hi); };
  },
  RET: (f): Exec => {
    const n = 2 * f('Rn');
    return (c) => c.branchTo(c.x[n], c.x[n + 1]);
  },
  // The PAuth rows (BRAA…, RETAA, ERETAA) have no entry: the A57 has no FEAT_PAuth, so they
  // execute as UNDEFINED ("unimplemented:branch/reg"), as QEMU's trans_BRAZ etc. do.
};

function testBranch(f: (n: string) => number, b5: number, nonZero: boolean): Exec {
  const off = signExtend(f('imm14'), 14) * 4, t = 2 * f('Rt');
  const bit = b5 * 32 + f('b40');
  const word = t + (bit >> 5), mask = (1 << (bit & 31)) >>> 0;
  return nonZero
    ? (c) => { if ((c.x[word] & mask) !== 0) branchRel(c, off); }
    : (c) => { if ((c.x[word] & mask) === 0) branchRel(c, off); };
}
