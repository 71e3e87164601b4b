// MRS / MSR (register) (ARM ARM C6.2.227/230): the trap engine decides (UNDEFINED, trap with
// an EC 0x18 syndrome, or go), traps/vhe.ts picks the storage (VHE redirection, *_EL12 aliases,
// virtual MIDR/MPIDR), sysregs/index.ts masks writes. Registers with a hook (sysregs/types.ts)
// are views of core state or computed values; the rest are plain storage in c.sys.

import { CCSIDR_A57, maskedWrite, slotOf, type SysRegBehavior } from '../sysregs/index';
import { checkSysregAccess, resolveSysreg, selectorEncoding, type ResolvedSysreg, type TrapCtx } from '../traps/index';
import type { Cpu } from '../cpu';
import { sysregAccessCost } from '../../cost/sysreg-class';
import { INSN_COST, SYSREG_COST } from '../../cost/table';
import { applyVerdict, CTL, HCR, setXFromBig, trapCtx } from './system-ctx';
import type { Exec, SemanticsTable } from './types';

const M64 = (1n << 64n) - 1n;
const RAZ_READ_COST = SYSREG_COST.id.read - INSN_COST.sysreg;
const DCZID_BS = 4n; // 2^4 words = 64-byte DC ZVA block (A57)
const DC_ZVA = selectorEncoding('dc zva');

/** Writes to these change the translation regime: the core drops its cached page pointer. */
const TRANSLATION_SLOTS = new Set(['SCTLR_EL1', 'SCTLR_EL2', 'HCR_EL2', 'TTBR0_EL1', 'TTBR1_EL1', 'TTBR0_EL2', 'TTBR1_EL2',
  'TCR_EL1', 'TCR_EL2', 'VTTBR_EL2', 'VTCR_EL2'].map(slotOf));

/**
 * The system counter: CNTPCT = instructions retired by this core (c.icount, counting the MRS
 * itself). Deterministic, as DESIGN.md requires; the timer model may later scale it to CNTFRQ.
 * CNTVCT = CNTPCT - CNTVOFF_EL2, the offset being 0 in the EL2&0 regime (E2H=1 at EL2, or
 * E2H=TGE=1 at EL0), as QEMU's gt_virt_cnt_offset.
 */
function counter(c: Cpu, virtual: boolean): bigint {
  const pct = BigInt(c.icount);
  if (!virtual) return pct;
  const hcr = c.sys[CTL.HCR_EL2];
  const host = (c.el === 2 && (hcr & HCR.E2H) !== 0n) || (c.el === 0 && (hcr & (HCR.E2H | HCR.TGE)) === (HCR.E2H | HCR.TGE));
  return host ? pct : (pct - c.sys[CTL.CNTVOFF_EL2]) & M64;
}

/** Reads a register; null when the access is UNDEFINED after all (SP_EL0 with SPSel=0). */
function readReg(c: Cpu, r: ResolvedSysreg, ctx: TrapCtx): bigint | null {
  const row = r.row;
  if (!row) return c.sys[r.slot]; // RAZ (reserved ID space)
  const h = row.hook === undefined ? undefined : c.sysregHandlers[row.hook];
  if (h) return h.read(c, row.name, r.slot);
  switch (row.name) {
    case 'NZCV': return BigInt(c.nzcv()) << 28n;
    case 'DAIF': return BigInt(c.daif) << 6n;
    case 'SPSel': return BigInt(c.spsel);
    case 'CurrentEL': return BigInt(c.el) << 2n;
    case 'FPCR': return BigInt(c.fpcr >>> 0);
    case 'FPSR': return BigInt(c.fpsr >>> 0);
    case 'SP_EL0': return c.spsel === 0 ? null : pair(c.spRegs[0], c.spRegs[1]);
    case 'SP_EL1': return pair(c.spRegs[2], c.spRegs[3]);
    // CCSIDR_EL1: the cache CSSELR_EL1 selects; unimplemented caches read 0 (as QEMU's table).
    case 'CCSIDR_EL1': return CCSIDR_A57.get(Number(c.sys[CTL.CSSELR_EL1] & 0xfn)) ?? 0n;
    // DCZID_EL0.DZP: DC ZVA would be UNDEFINED or trapped from here (QEMU aa64_dczid_read).
    case 'DCZID_EL0': return DCZID_BS | (checkSysregAccess(ctx, DC_ZVA, false).kind === 'ok' ? 0n : 0x10n);
    case 'CNTPCT_EL0': return counter(c, false);
    case 'CNTVCT_EL0': return counter(c, true);
    // DBGCLAIMSET reads the implemented claim bits (all 8); DBGCLAIMCLR reads the claim tag.
    case 'DBGCLAIMSET_EL1': return 0xffn;
    default:
      // Hooks 'timer', 'gic', 'isr', 'pmu', 'dcc': plain storage until the GIC/timer/PMU models
      // bind them (ISTATUS, acknowledge/EOI, set/clear pairs...). Never a throw.
      return c.sys[r.slot];
  }
}

/** Writes a register; false when the access is UNDEFINED after all. */
function writeReg(c: Cpu, r: ResolvedSysreg, value: bigint): boolean {
  const row = r.row as SysRegBehavior;
  const masked = (old: bigint): bigint => maskedWrite(row, old, value, r.e2hLayout);
  const h = row.hook === undefined ? undefined : c.sysregHandlers[row.hook];
  if (h) { h.write(c, row.name, r.slot, value, masked(c.sys[r.slot])); return true; }
  switch (row.name) {
    case 'NZCV': c.setNzcv(Number(masked(0n) >> 28n)); return true;
    case 'DAIF': c.daif = Number(masked(0n) >> 6n) & 0xf; return true;
    case 'SPSel': c.spsel = Number(masked(0n) & 1n); return true;
    case 'FPCR': c.fpcr = Number(masked(BigInt(c.fpcr >>> 0))); return true;
    case 'FPSR': c.fpsr = Number(masked(BigInt(c.fpsr >>> 0))); return true;
    case 'SP_EL0': if (c.spsel === 0) return false; setPair(c, 0, value); return true;
    case 'SP_EL1': setPair(c, 2, value); return true;
    // OSLAR_EL1.OSLK → OSLSR_EL1.OSLK (bit 1), as QEMU's oslar_write.
    case 'OSLAR_EL1': {
      const s = CTL.OSLSR_EL1;
      c.sys[s] = (c.sys[s] & ~2n) | ((value & 1n) << 1n);
      return true;
    }
    // The claim tag lives in DBGCLAIMCLR_EL1's slot: SET ORs bits in, CLR clears them.
    case 'DBGCLAIMSET_EL1': c.sys[CTL.DBGCLAIMCLR_EL1] |= value & 0xffn; return true;
    case 'DBGCLAIMCLR_EL1': c.sys[CTL.DBGCLAIMCLR_EL1] &= ~(value & 0xffn); return true;
    default:
      c.sys[r.slot] = masked(c.sys[r.slot]);
      if (TRANSLATION_SLOTS.has(r.slot)) c.flushTranslation();
      return true;
  }
}

const pair = (lo: number, hi: number): bigint => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
function setPair(c: Cpu, at: number, v: bigint): void {
  c.spRegs[at] = Number(v & 0xffffffffn);
  c.spRegs[at + 1] = Number((v >> 32n) & 0xffffffffn);
}

/** op0 (2 + o0), op1, CRn, CRm, op2 of an MRS/MSR row, as the engine's 16-bit encoding. */
function encOf(f: (n: string) => number): number {
  return ((2 + f('o0')) << 14) | (f('op1') << 11) | (f('CRn') << 7) | (f('CRm') << 3) | f('op2');
}

export const SYSREG_SEMANTICS: SemanticsTable = {
  MRS: (f): Exec => {
    const enc = encOf(f), rt = f('Rt');
    return (c) => {
      const ctx = trapCtx(c);
      if (applyVerdict(c, checkSysregAccess(ctx, enc, true), 'sys/sysreg', rt)) return;
      const r = resolveSysreg(ctx, enc);
      const v = r === undefined ? null : readReg(c, r, ctx);
      if (v === null) { c.undefinedInstruction('sys/sysreg'); return; }
      setXFromBig(c, rt, v);
      // The access's cost (emulator/cost), after the value was sampled: a PMCCNTR_EL0 read sees
      // the cycles up to its own issue. A RAZ encoding of the ID space costs as an ID register.
      c.cycles += r!.row ? sysregAccessCost(r!.row, false) : RAZ_READ_COST;
    };
  },
  MSR_reg: (f): Exec => {
    const enc = encOf(f), rt = f('Rt');
    return (c) => {
      const ctx = trapCtx(c);
      if (applyVerdict(c, checkSysregAccess(ctx, enc, false), 'sys/sysreg', rt)) return;
      const r = resolveSysreg(ctx, enc);
      if (r === undefined || r.row === undefined || !writeReg(c, r, c.xBig(rt))) { c.undefinedInstruction('sys/sysreg'); return; }
      c.cycles += sysregAccessCost(r.row, true);
    };
  },
  // The op0=0 space outside hints, barriers and PSTATE is unallocated: UNDEFINED.
  MRS_op0: (): Exec => (c) => c.undefinedInstruction('sys/sysreg'),
  MSR_op0: (): Exec => (c) => c.undefinedInstruction('sys/sysreg'),
};
