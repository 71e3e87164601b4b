// Stage 1 (ARM ARM D8.2-D8.4; pseudocode AArch64.S1Translate, AArch64.S1ComputePermissions,
// as QEMU's get_S1prot reads them for Armv8.0): VA range selection (TTBR0/TTBR1 by VA[55],
// TBI, EPD), the walk parameters, and the permissions of a leaf as a small bit set so a TLB
// hit checks them with one AND.

import { type Fault, FaultKind } from './faults';
import { mairAttr, PA_BITS, type Stage1Regime, type VaRange } from './regime';
import { s1StartLevel, type WalkParams, type WalkResult } from './walk';

/** Permission bits: privileged R/W/X, EL0 R/W/X (bit = 1 << (acc + (el0 ? 3 : 0)), acc 0 R, 1 W, 2 X), EL0-accessible data (PAN). */
export const PERM = { PR: 1, PW: 2, PX: 4, UR: 8, UW: 16, UX: 32, USER: 64, ALL: 63 } as const;

const P32 = 2 ** 32;

/**
 * Selects the VA range and checks the address is inside it (AArch64.S1IsValidVA... the gap between
 * the ranges, or a range with EPDn=1, is a Translation fault at level 0). Fills `p` and returns
 * the input address (VA[inputBits-1:0]), or -1 with the fault set.
 */
export function s1Params(s1: Stage1Regime, lo: number, hi: number, p: WalkParams, fault: Fault): number {
  const upper = s1.twoRanges && ((hi >>> 23) & 1) !== 0;
  const r: VaRange = upper ? s1.r1 : s1.r0;
  const inputBits = 64 - r.tsz;
  // Bits [top:inputBits] must all equal the range's select bit; with TBI the top byte is ignored.
  const hiTop = r.tbi ? 0x00ffffff : 0xffffffff;
  const lowHi = inputBits - 32;
  const ones = upper ? 0xffffffff : 0;
  let ok: boolean;
  let input: number;
  if (lowHi >= 0) {
    const m = ((hiTop >>> lowHi) << lowHi) >>> 0;
    ok = ((hi & m) >>> 0) === ((ones & m) >>> 0);
    input = (hi & ((1 << lowHi) - 1)) * P32 + (lo >>> 0);
  } else {
    const m = ((0xffffffff >>> inputBits) << inputBits) >>> 0;
    ok = ((lo & m) >>> 0) === ((ones & m) >>> 0) && ((hi & hiTop) >>> 0) === ((ones & hiTop) >>> 0);
    input = (lo & ~m) >>> 0;
  }
  if (!ok || r.epd) { fault.set(FaultKind.Translation, 0, 1); return -1; }
  p.stage = 1;
  p.granule = r.granule;
  p.inputBits = inputBits;
  p.startLevel = s1StartLevel(r.granule, inputBits);
  p.outBits = s1.outBits;
  // The start table is aligned to its size; lower TTBR bits are RES0 (treated as zero, as QEMU).
  const tableBytes = 8 * 2 ** (inputBits - (r.granule + (3 - p.startLevel) * (r.granule - 3)));
  p.base = Math.floor(r.base / Math.max(tableBytes, 64)) * Math.max(tableBytes, 64);
  if (p.base >= 2 ** s1.outBits) { fault.set(FaultKind.AddrSize, 0, 1); return -1; }
  return input;
}

/**
 * Permissions of a stage 1 leaf (with the tables' APTable/XNTable/PXNTable folded in, as QEMU
 * does: APTable[0] clears AP[1], APTable[1] sets AP[2]). Two-range regimes (EL1&0, EL2&0):
 * privileged execute needs PXN=0 and no EL0 write permission; EL0 execute needs UXN=0; WXN
 * removes execute from writable pages. EL2 (one range): AP[1] is RES1 (ignored), XN is bit 54.
 */
export function s1Perms(s1: Stage1Regime, r: WalkResult): number {
  const lo = r.descLo, hi = r.descHi;
  const ro = ((lo >>> 7) & 1) | ((r.apTable >>> 1) & 1);
  if (!s1.twoRanges) {
    const pw = ro ? 0 : PERM.PW;
    const xn = ((hi >>> 22) & 1) | r.xnTable;
    return PERM.PR | pw | (xn || (s1.wxn && pw) ? 0 : PERM.PX);
  }
  const el0 = ((lo >>> 6) & 1) & ~r.apTable & 1;
  const pw = ro ? 0 : PERM.PW;
  const uw = el0 && !ro ? PERM.UW : 0;
  const uxn = ((hi >>> 22) & 1) | r.xnTable, pxn = ((hi >>> 21) & 1) | r.pxnTable;
  const px = pxn || uw || (s1.wxn && pw) ? 0 : PERM.PX;
  const ux = uxn || (s1.wxn && uw) ? 0 : PERM.UX;
  return PERM.PR | pw | px | (el0 ? PERM.UR | PERM.USER : 0) | uw | ux;
}

/** MAIR attribute and shareability of a stage 1 leaf (AttrIndx [4:2], SH [9:8]). */
export function s1Attr(s1: Stage1Regime, r: WalkResult): number {
  return mairAttr(s1, (r.descLo >>> 2) & 7);
}

/** Stage 1 disabled (AArch64.S1DisabledOutput): flat, but a VA beyond the PA size is an Address size fault, level 0. */
export function s1DisabledOk(hi: number): boolean {
  return hi >>> (PA_BITS - 32) === 0;
}
