// Shared pieces of the load/store semantics (ARM ARM C6.2 LDR/STR and friends, shared pseudocode
// "Mem[]", "AArch64.CheckAlignment", "ExtendReg"): effective-address arithmetic on (lo, hi)
// pairs into one module scratch (no allocation per instruction), register extension of loaded
// values, and the alignment checks the core's read()/write() do not do on their own.
//
// QEMU (our lockstep reference) does not implement the SP alignment check (check_sp_alignment
// is a no-op in translate-a64.c), so neither do we.

import { signExtend } from '../../isa/pattern';
import { SLOTS, type Acc, type Cpu } from '../cpu';
import { FSC } from '../exceptions';

const TWO32 = 4294967296;

/** The effective address of the instruction being executed: EA[0] = lo, EA[1] = hi. */
export const EA = new Uint32Array(2);
/** The write-back value of the base register (pre/post-index forms). */
export const WB = new Uint32Array(2);

/** out = (lo, hi) + off, where off is a small signed number (|off| < 2^31). */
export function addOff(out: Uint32Array, lo: number, hi: number, off: number): void {
  const s = lo + off;
  out[0] = s >>> 0;
  out[1] = (s >= TWO32 ? hi + 1 : s < 0 ? hi - 1 : hi) >>> 0;
}

/** EA = Xn|SP + off. */
export function baseOff(c: Cpu, n: number, off: number): void {
  addOff(EA, n === 31 ? c.spLo() : c.x[2 * n], n === 31 ? c.spHi() : c.x[2 * n + 1], off);
}

/** EA = PC + off (literal loads: the PC of this instruction, read at execution time). */
export function pcOff(c: Cpu, off: number): void {
  addOff(EA, c.pcLo, c.pcHi, off);
}

/**
 * EA = Xn|SP + (ExtendReg(Rm, option) << shift) (ARM ARM "ExtendReg"; option 010 UXTW,
 * 011 LSL/UXTX, 110 SXTW, 111 SXTX; the decoder rejects option<1> = 0).
 */
export function baseReg(c: Cpu, n: number, m: number, option: number, shift: number): void {
  let lo = c.x[2 * m], hi: number;
  switch (option) {
    case 2: hi = 0; break;
    case 6: hi = (lo | 0) < 0 ? 0xffffffff : 0; break;
    default: hi = c.x[2 * m + 1];
  }
  if (shift !== 0) { hi = ((hi << shift) | (lo >>> (32 - shift))) >>> 0; lo = (lo << shift) >>> 0; }
  const blo = n === 31 ? c.spLo() : c.x[2 * n], bhi = n === 31 ? c.spHi() : c.x[2 * n + 1];
  const s = blo + lo;
  EA[0] = s >>> 0;
  EA[1] = (bhi + hi + (s >= TWO32 ? 1 : 0)) >>> 0;
}

/** Writes WB into Xn|SP. */
export function writeBack(c: Cpu, n: number): void {
  c.setXsp(n, WB[0], WB[1]);
}

/** How a loaded value of `bytes` reaches Rt (ARM ARM: ZeroExtend / SignExtend to regsize). */
export const enum Ext { Zero = 0, Sign32 = 1, Sign64 = 2 }

/** Writes the value in c.m (bytes wide) to Rt with the given extension; Rt = 31 discards it. */
export function setLoaded(c: Cpu, t: number, bytes: number, ext: Ext): void {
  if (t === 31) return;
  const lo = c.m[0];
  if (ext === Ext.Zero) { c.x[2 * t] = lo; c.x[2 * t + 1] = c.m[1]; return; }
  const sh = 32 - 8 * bytes;
  const v = sh === 0 ? lo | 0 : (lo << sh) >> sh;
  c.x[2 * t] = v >>> 0;
  c.x[2 * t + 1] = ext === Ext.Sign32 ? 0 : (v >> 31) >>> 0;
}

/**
 * Single-copy atomic, exclusive and ordered accesses must be aligned to `align` bytes
 * (AArch64.CheckAlignment with AccType_ATOMIC/ORDERED): an Alignment fault (DFSC 0x21)
 * otherwise. Returns false after raising it.
 */
export function checkAligned(c: Cpu, lo: number, hi: number, align: number, write: boolean): boolean {
  if ((lo & (align - 1)) === 0) return true;
  c.dataAbort(lo, hi, FSC.ALIGNMENT, write);
  return false;
}

/** Strict alignment (SCTLR_ELx.A) of an access wider than 8 bytes (LDR/STR Q: the whole 16 bytes). */
export function checkWide(c: Cpu, lo: number, hi: number, bytes: number, write: boolean): boolean {
  return !c.strictAlign() || checkAligned(c, lo, hi, bytes, write);
}

/** PA of the access (after any fault has been raised: -1). */
export function paOf(c: Cpu, lo: number, hi: number, write: boolean, size: number): number {
  return c.translate(lo, hi, (write ? 1 : 0) as Acc, size);
}

/** Signed immediate field value times scale (imm9, imm7, imm19). */
export const simm = (v: number, bits: number, scale = 1): number => signExtend(v, bits) * scale;

/**
 * LDTR/STTR and friends (ARM ARM C6.2 LDTR): at EL1, or at EL2 with HCR_EL2.{E2H,TGE} = {1,1},
 * the access is made as if from EL0 unless PSTATE.UAO = 1. With the MMU off that changes
 * nothing (no permissions, PAN does not apply); with it on, the translator reads c.unprivileged.
 */
export function unprivileged(c: Cpu): boolean {
  if (c.uao) return false;
  if (c.el === 1) return true;
  return c.el === 2 && (c.sys[SLOTS.HCR_EL2] & E2H_TGE) === E2H_TGE;
}
const E2H_TGE = (1n << 34n) | (1n << 27n);

/**
 * The instruction syndrome a data abort on this access reports (ESR_ELx ISS[24:14], ARM ARM
 * "ISS encoding for an exception from a Data Abort"): ISV, SAS = log2(bytes), SSE (sign-
 * extending load), SRT = Rt, SF (64-bit register), AR (acquire/release). As QEMU 7.2 (do_gpr_ld/
 * do_gpr_st with iss_valid), only single general-register accesses without writeback have one:
 * LDR/STR (unsigned offset, unscaled, unprivileged, register, literal) and LDAR/STLR/LDLAR/
 * STLLR. Executors set Cpu.ldstSyndrome around their access and put 0 back after it.
 */
export function syndrome(bytes: number, signExtend: boolean, rt: number, sf: boolean, ar: boolean): number {
  return (1 << 24) | (Math.log2(bytes) << 22) | (signExtend ? 1 << 21 : 0) | (rt << 16) | (sf ? 1 << 15 : 0) | (ar ? 1 << 14 : 0);
}
