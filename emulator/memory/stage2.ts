// Stage 2 (ARM ARM D8.2.x "Stage 2 translation", pseudocode AArch64.S2Translate / AArch64.S2Walk):
// VTCR_EL2.{T0SZ, SL0, TG0, PS}, concatenated start tables, S2AP and XN. Stage 2 faults are
// always taken to EL2 with HPFAR_EL2 holding the faulting IPA.

import { type Fault, FaultKind } from './faults';
import { PA_BITS, type Stage2Regime } from './regime';
import { levelShift, type WalkParams, type WalkResult } from './walk';
import { PERM } from './stage1';

/**
 * Walk parameters from VTCR_EL2, or false with a stage 2 Translation fault when the IPA is
 * outside the input range (level 0) or SL0/T0SZ are inconsistent (AArch64.S2InconsistentSL:
 * the start level must resolve 1..stride+4 bits, at most 16 concatenated tables, and the IPA
 * size must not exceed the PA size; reported at the start level as QEMU does).
 */
export function s2Params(s2: Stage2Regime, ipa: number, p: WalkParams, fault: Fault): boolean {
  const tsz = Math.min(39, Math.max(16, s2.tsz));
  const inputBits = 64 - tsz;
  if (ipa >= 2 ** inputBits) return fault.set(FaultKind.Translation, 0, 2, ipa);
  const g = s2.granule;
  const start = s2.sl0 === 3 ? -1 : g === 12 ? 2 - s2.sl0 : 3 - s2.sl0;
  const stride = g - 3;
  const bits = start < 0 ? 0 : inputBits - levelShift(g, start);
  // A 4K level 0 start needs PAMax >= 44 bits (AArch64.S2InconsistentSL; QEMU's check_s2_mmu_setup).
  const l0Bad = g === 12 && start === 0 && PA_BITS < 44;
  if (start < 0 || l0Bad || bits < 1 || bits > stride + 4 || inputBits > s2.outBits) return fault.set(FaultKind.Translation, Math.max(start, 0), 2, ipa);
  p.stage = 2; p.granule = g; p.inputBits = inputBits; p.startLevel = start; p.outBits = s2.outBits;
  const tableBytes = 8 * 2 ** bits;
  p.base = Math.floor(s2.base / tableBytes) * tableBytes;
  if (p.base >= 2 ** s2.outBits) return fault.set(FaultKind.AddrSize, start, 2, ipa);
  return true;
}

/** Stage 2 permissions of a leaf: S2AP [7:6] (bit 6 read, bit 7 write) and XN [54], for every EL. */
export function s2Perms(r: WalkResult): number {
  const rd = (r.descLo >>> 6) & 1, wr = (r.descLo >>> 7) & 1, xn = (r.descHi >>> 22) & 1;
  return (rd ? PERM.PR | PERM.UR : 0) | (wr ? PERM.PW | PERM.UW : 0) | (xn ? 0 : PERM.PX | PERM.UX);
}

/** Stage 2 MemAttr [5:2]: Device when MemAttr[3:2] = 0b00. */
export function s2IsDevice(r: WalkResult): boolean {
  return ((r.descLo >>> 4) & 3) === 0;
}

/** Stage 2 MemAttr as a MAIR-format byte (for PAR_EL1 of AT S12E*): Device types or Normal with its cacheability. */
export function s2MairAttr(r: WalkResult): number {
  const m = (r.descLo >>> 2) & 0xf;
  if ((m >>> 2) === 0) return (m & 3) << 2;
  const cache = (c: number): number => (c === 1 ? 0x4 : c === 2 ? 0xa : c === 3 ? 0xf : 0x4);
  return (cache(m >>> 2) << 4) | cache(m & 3);
}
