// Exception generation and return (ARM ARM C6.2: SVC, HVC, SMC, BRK, HLT, DCPS<n>, DRPS, ERET,
// TCANCEL) and the reserved UDF. Routing follows the ARM ARM pseudocode of each instruction
// (AArch64.CallSupervisor, AArch64.CallHypervisor, AArch64.CallSecureMonitor,
// AArch64.SoftwareBreakpoint); the HVC/SMC trap decisions come from traps/engine.ts.
// This CPU has EL0-EL2 and no EL3, like QEMU's virt board with virtualization=on.

import { EC, IL } from '../exceptions';
import { checkHvc, checkSmc } from '../traps/index';
import type { Cpu } from '../cpu';
import { applyVerdict, CTL, HCR, nextPc, trapCtx } from './system-ctx';
import type { Exec, SemanticsTable } from './types';

const MDCR_TDE = 1n << 8n;

/** Takes a synchronous exception whose preferred return address is the next instruction. */
function callException(c: Cpu, target: 1 | 2, ec: number, imm16: number): void {
  const r = nextPc(c);
  c.takeException(target, 'sync', (ec << 26) | IL | imm16, r[0], r[1], null);
}

const undef = (cls: string): Exec => (c) => c.undefinedInstruction(cls);

/**
 * AArch64.SoftwareBreakpoint: from EL0/EL1 to EL2 when HCR_EL2.TGE or MDCR_EL2.TDE is set,
 * else EL1; from EL2 to EL2. EC 0x3C whatever the EL; ELR is the BRK itself.
 */
function brkTarget(c: Cpu): 1 | 2 {
  if (c.el === 2) return 2;
  const routed = (c.sys[CTL.HCR_EL2] & HCR.TGE) !== 0n || (c.sys[CTL.MDCR_EL2] & MDCR_TDE) !== 0n;
  return routed ? 2 : 1;
}

export const EXC_SEMANTICS: SemanticsTable = {
  // C6.2.360 SVC: allowed at every EL. EL0 goes to EL1 (EL2 when HCR_EL2.TGE=1); EL1/EL2 stay.
  SVC: (f): Exec => {
    const imm = f('imm16');
    return (c) => callException(c, c.syncTargetEl(), EC.SVC64, imm);
  },

  // C6.2.140 HVC: UNDEFINED at EL0 and with HCR_EL2.HCD=1, else to EL2 (EC 0x16). On a board
  // whose PSCI conduit is HVC (c.hvcConduit, QEMU virt without virtualization=on) the firmware
  // sees the call first, whatever HCD says, as QEMU's pre_hvc helper lets PSCI calls through.
  // QEMU virt with virtualization=on uses the SMC conduit, so there HVC always reaches EL2.
  HVC: (f): Exec => {
    const imm = f('imm16');
    return (c) => {
      if (c.el !== 0 && c.hvcConduit && c.firmwareCall !== null && c.firmwareCall(c, 'hvc', imm)) return;
      const r = checkHvc(trapCtx(c), imm);
      if (r.kind === 'trap') callException(c, 2, EC.HVC64, imm);
      else applyVerdict(c, r, 'exc/gen');
    };
  },

  // C6.2.298 SMC: UNDEFINED at EL0; HCR_EL2.TSC traps EL1 to EL2 (EC 0x17, ELR = the SMC itself,
  // AArch64.CheckForSMCUndefOrTrap). Otherwise, with no EL3, the board's firmware (PSCI over
  // SMC) may handle it; if nothing does, SMC is UNDEFINED as on a CPU without EL3.
  SMC: (f): Exec => {
    const imm = f('imm16');
    return (c) => {
      const r = checkSmc(trapCtx(c), imm);
      if (r.kind === 'firmware') {
        if (c.firmwareCall === null || !c.firmwareCall(c, 'smc', imm)) c.undefinedInstruction('exc/gen');
        return;
      }
      applyVerdict(c, r, 'exc/gen');
    };
  },

  // C6.2.41 BRK: a Breakpoint Instruction exception, ISS = imm16, ELR = the BRK.
  BRK: (f): Exec => {
    const imm = f('imm16');
    return (c) => c.raiseSync(brkTarget(c), (EC.BRK64 << 26) | IL | imm, 0, 0, false);
  },

  // C6.2.138 HLT: halting debug is disabled (EDSCR.HDE=0), so HLT is UNDEFINED, as in QEMU,
  // except HLT #0xF000, the A64 semihosting trap, when the machine enables semihosting.
  HLT: (f): Exec => {
    const imm = f('imm16');
    return (c) => {
      if (imm === 0xf000 && c.semihostingCall !== null && c.semihostingCall(c, imm)) return;
      c.undefinedInstruction('exc/gen');
    };
  },

  // C6.2.77-79 DCPS1-3 and C6.2.99 DRPS: UNDEFINED outside Debug state, which this model never enters.
  DCPS1: () => undef('exc/debug'),
  DCPS2: () => undef('exc/debug'),
  DCPS3: () => undef('exc/debug'),
  DRPS: () => undef('exc/debug'),

  // C6.2.368 TCANCEL: FEAT_TME, absent on the A57.
  TCANCEL: () => undef('feature:tme'),

  // C6.2.96 ERET: UNDEFINED at EL0. At EL1 only HCR_EL2.NV (FEAT_NV, absent here) would trap it.
  // Cpu.eret does the return, including the illegal-return case (PSTATE.IL set, EL kept).
  ERET: (): Exec => (c) => {
    if (c.el === 0) c.undefinedInstruction('exc/eret');
    else c.eret();
  },

  // C6.2.386 UDF: permanently UNDEFINED.
  UDF: () => undef('reserved/udf'),
};
