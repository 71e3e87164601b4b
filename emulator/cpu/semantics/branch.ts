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
};
