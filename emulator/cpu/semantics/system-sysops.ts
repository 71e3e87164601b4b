// SYS / SYSL (ARM ARM C6.2.365/366) and the operations they carry: DC, IC, TLBI and AT
// (C5.3). The trap engine decides UNDEFINED/trap/go for every encoding (Armv8.0 operations only;
// TIDCP, TPCP, TPU, TSW, TTLB, TDZ, SCTLR_EL1.UCI/DZE). SYSL has no Armv8.0 operation: the
// engine makes it UNDEFINED, or traps it by HCR_EL2.TIDCP in the IMPLEMENTATION DEFINED space.

import { sysOpAt, type SysOp } from '../../isa/operands/sys-ops';
import { checkSysregAccess } from '../traps/index';
import { decodeTlbi } from '../../memory/tlb';
import type { AtOp, Cpu } from '../cpu';
import { applyVerdict, CTL, HCR, setXFromBig, trapCtx } from './system-ctx';
import type { Exec, SemanticsTable } from './types';

const ZVA_BYTES = 64; // DCZID_EL0.BS = 4 on the A57
const PA_BITS = 40;

/** DC ZVA (C5.3.19): zeroes the 64-byte aligned block holding Xt, as stores (faults included). */
function dcZva(c: Cpu, rt: number): void {
  const lo = c.x[2 * rt] & ~(ZVA_BYTES - 1), hi = c.x[2 * rt + 1];
  for (let off = 0; off < ZVA_BYTES; off += 8) {
    // A fault on the first store reports the aligned address, as QEMU's helper_dc_zva does.
    if (!c.write((lo + off) >>> 0, hi, 8, 0, 0)) return;
  }
}

/** AT operations by name (C5.3.1-11): the stage 1 regime's EL, EL0 permissions, stage 2, write. */
const AT_OPS: Readonly<Record<string, Omit<AtOp, 'name'>>> = {
  s1e1r: { el: 1, stage2: false, write: false }, s1e1w: { el: 1, stage2: false, write: true },
  s1e0r: { el: 0, stage2: false, write: false }, s1e0w: { el: 0, stage2: false, write: true },
  s1e2r: { el: 2, stage2: false, write: false }, s1e2w: { el: 2, stage2: false, write: true },
  s12e1r: { el: 1, stage2: true, write: false }, s12e1w: { el: 1, stage2: true, write: true },
  s12e0r: { el: 0, stage2: true, write: false }, s12e0w: { el: 0, stage2: true, write: true },
};

/**
 * AT (C5.3.1): PAR_EL1 = the translation of Xt. With the regime's MMU off (and no stage 2)
 * the mapping is flat (AArch64.S1DisabledOutput): PA = VA, memory Device-nGnRnE reported
 * outer shareable, or Normal WB non-shareable when HCR_EL2.DC=1 in the EL1&0 regime; a VA
 * beyond the 40-bit PA space gives F=1 with an Address size fault, level 0. PAR bit 11 is
 * RES1; NS (bit 9) is set, the PE being Non-secure (QEMU do_ats_write). With the MMU on, the
 * memory model's Translator.at answers, or the core halts with the reason.
 */
function at(c: Cpu, op: SysOp, rt: number): void {
  const o = AT_OPS[op.name];
  const hcr = c.sys[CTL.HCR_EL2];
  const host = (hcr & (HCR.E2H | HCR.TGE)) === (HCR.E2H | HCR.TGE);
  const regimeEl = o.el === 2 || (host && c.el === 2) ? 2 : 1;
  const s1on = (c.sys[regimeEl === 2 ? CTL.SCTLR_EL2 : CTL.SCTLR_EL1] & 1n) !== 0n;
  const s2on = o.stage2 && regimeEl === 1 && (hcr & HCR.VM) !== 0n;
  const va = c.xBig(rt);
  let par: bigint;
  if (s1on || s2on) {
    if (c.translator?.at === undefined) {
      c.halt(`AT ${op.name.toUpperCase()} with the MMU enabled needs a translator with at() installed on this core`);
      return;
    }
    par = c.translator.at(c, Number(va & 0xffffffffn), Number(va >> 32n), { name: op.name, ...o });
  } else if (va >> BigInt(PA_BITS) !== 0n) {
    par = (1n << 11n) | 1n; // F=1, FST=0b000000 (Address size fault, level 0)
  } else {
    const dc = regimeEl === 1 && (hcr & HCR.DC) !== 0n;
    par = ((dc ? 0xffn : 0x00n) << 56n) | (va & ~0xfffn) | (1n << 11n) | (1n << 9n) | ((dc ? 0n : 2n) << 7n);
  }
  c.sys[CTL.PAR_EL1] = par;
}

/** The operation once the engine has let it through. */
function perform(c: Cpu, op: SysOp, rt: number): void {
  switch (op.mn) {
    case 'dc':
      if (op.name === 'zva') dcZva(c, rt);
      // Other DC operations: caches are not modelled, memory is always coherent. (A translation
      // fault of DC by VA with the MMU on is not raised yet.)
      return;
    case 'ic':
      // The decoded-instruction cache is invalidated by every write to a code page already
      // (code-cache.ts), so IC IALLU/IALLUIS/IVAU have nothing left to do.
      return;
    case 'tlbi': {
      // The memory model's TLB drops the entries the operation covers; the core drops its page pointer.
      const t = decodeTlbi(op.name);
      if (t !== undefined) c.translator?.tlbi?.(c, t, c.x[2 * rt], c.x[2 * rt + 1]);
      c.flushTranslation();
      return;
    }
    case 'at':
      at(c, op, rt);
      return;
    default:
      // CFP/DVP/CPP RCTX are FEAT_SPECRES: the engine has already made them UNDEFINED.
      c.undefinedInstruction('sys/sys');
  }
}

function sysEnc(f: (n: string) => number): number {
  return (1 << 14) | (f('op1') << 11) | (f('CRn') << 7) | (f('CRm') << 3) | f('op2');
}

export const SYSOP_SEMANTICS: SemanticsTable = {
  SYS: (f): Exec => {
    const enc = sysEnc(f), rt = f('Rt');
    const op = sysOpAt(f('op1'), f('CRn'), f('CRm'), f('op2'));
    return (c) => {
      if (applyVerdict(c, checkSysregAccess(trapCtx(c), enc, false), 'sys/sys', rt)) return;
      if (op === undefined) c.undefinedInstruction('sys/sys'); // not reached: the engine knows only named ops
      else perform(c, op, rt);
    };
  },
  SYSL: (f): Exec => {
    const enc = sysEnc(f), rt = f('Rt');
    return (c) => {
      if (applyVerdict(c, checkSysregAccess(trapCtx(c), enc, true), 'sys/sys', rt)) return;
      setXFromBig(c, rt, 0n); // not reached on this CPU (no SYSL operation exists in Armv8.0)
    };
  },
};
