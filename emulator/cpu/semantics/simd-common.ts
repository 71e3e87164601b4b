// Shared pieces of the SIMD&FP semantics: the FP/SIMD access check every such instruction makes
// first (ARM ARM CheckFPAdvSIMDEnabled64: CPACR_EL1.FPEN, CPTR_EL2.TFP / .FPEN, EC 0x07), and
// element/register access on Cpu.v (V0–V31, four little-endian 32-bit words each). A scalar
// write (V[n] = bits of 8/16/32/64) zeroes the rest of the 128-bit register (ARM ARM "V[]").

import { SLOTS, type Cpu } from '../cpu';
import { IL } from '../exceptions';
import { slotOf } from '../sysregs';
import { checkFpAccess } from '../traps';

const CPACR = slotOf('CPACR_EL1');
const CPTR = slotOf('CPTR_EL2');
const MDCR = slotOf('MDCR_EL2');
const CNTHCTL = slotOf('CNTHCTL_EL2');
const HCR = SLOTS.HCR_EL2;

/**
 * 32-bit view of a core's system register store (slot n = words 2n, 2n+1 on a little-endian
 * host), so the check below reads numbers, not BigInts. One entry: rebuilt when another core runs.
 */
let viewOf: BigUint64Array | null = null;
let words: Uint32Array = new Uint32Array(0);
function sysWords(c: Cpu): Uint32Array {
  if (viewOf !== c.sys) { viewOf = c.sys; words = new Uint32Array(c.sys.buffer, c.sys.byteOffset, c.sys.length * 2); }
  return words;
}

/**
 * True if this FP/SIMD instruction may not run: the trap (or UNDEFINED) has been taken and the
 * executor must stop. The usual cases are decided here without the engine: CPACR_EL1.FPEN = 11
 * (or running at EL2), and CPTR_EL2 not trapping — TFP = 0 when HCR_EL2.E2H = 0, FPEN = 11 in
 * its E2H layout otherwise. Anything else goes to the trap engine (emulator/cpu/traps).
 */
export function fpDenied(c: Cpu): boolean {
  const w = sysWords(c);
  const cptr = w[2 * CPTR];
  const el2ok = (w[2 * HCR + 1] & 4) === 0 ? (cptr & 0x400) === 0 : ((cptr >>> 20) & 3) === 3;
  if (el2ok && (c.el === 2 || ((w[2 * CPACR] >>> 20) & 3) === 3)) return false;
  return fpSlow(c, c.sys[HCR]);
}

function fpSlow(c: Cpu, hcr: bigint): boolean {
  const sys = c.sys;
  const r = checkFpAccess({
    el: c.el as 0 | 1 | 2, hcr, cptr: sys[CPTR], mdcr: sys[MDCR], cpacr: sys[CPACR], cnthctl: sys[CNTHCTL],
    sctlr: sys[SLOTS.SCTLR_EL1], sctlrEl2: sys[SLOTS.SCTLR_EL2], cfg: c.cfg,
  });
  if (r.kind === 'ok') return false;
  if (r.kind === 'undefined') { c.undefinedInstruction('fp'); return true; }
  c.raiseSync(r.targetEl, (r.ec << 26) | IL | r.iss, 0, 0, false);
  return true;
}

/** Element sizes in bytes, by log2. */
export type ESize = 1 | 2 | 4 | 8;

/** Scratch for element values: E[0] = lo, E[1] = hi. */
export const E = new Uint32Array(2);

/** E = element `idx` of `esize` bytes of V[r]. */
export function getElem(c: Cpu, r: number, idx: number, esize: ESize): void {
  const v = c.v, b = 4 * r;
  switch (esize) {
    case 1: E[0] = (v[b + (idx >> 2)] >>> (8 * (idx & 3))) & 0xff; E[1] = 0; break;
    case 2: E[0] = (v[b + (idx >> 1)] >>> (16 * (idx & 1))) & 0xffff; E[1] = 0; break;
    case 4: E[0] = v[b + idx]; E[1] = 0; break;
    case 8: E[0] = v[b + 2 * idx]; E[1] = v[b + 2 * idx + 1]; break;
  }
}

/** Element `idx` of `esize` bytes of V[r] = (lo, hi); the other bits are kept. */
export function setElem(c: Cpu, r: number, idx: number, esize: ESize, lo: number, hi: number): void {
  const v = c.v, b = 4 * r;
  switch (esize) {
    case 1: { const w = b + (idx >> 2), sh = 8 * (idx & 3); v[w] = (v[w] & ~(0xff << sh)) | ((lo & 0xff) << sh); break; }
    case 2: { const w = b + (idx >> 1), sh = 16 * (idx & 1); v[w] = (v[w] & ~(0xffff << sh)) | ((lo & 0xffff) << sh); break; }
    case 4: v[b + idx] = lo; break;
    case 8: v[b + 2 * idx] = lo; v[b + 2 * idx + 1] = hi; break;
  }
}

/** V[r] = ZeroExtend(lo:hi of `bytes` ≤ 8): a scalar write. */
export function setScalar(c: Cpu, r: number, bytes: number, lo: number, hi: number): void {
  const v = c.v, b = 4 * r;
  v[b] = bytes >= 4 ? lo : lo & (bytes === 2 ? 0xffff : 0xff);
  v[b + 1] = bytes === 8 ? hi : 0;
  v[b + 2] = 0; v[b + 3] = 0;
}

/** Zeroes bits 127:64 of V[r] (a 64-bit vector write, Q = 0). */
export function clearHigh(c: Cpu, r: number): void {
  c.v[4 * r + 2] = 0; c.v[4 * r + 3] = 0;
}
