// The armvirt side of the lockstep comparison: the virt board driven one instruction at a time,
// with the same image QEMU runs (its loadable segments) and the same entry state.

import { baseDecoder } from '../../emulator/cpu/cpu';
import { createVirtMachine } from '../../emulator/machine/virt';

/** Rows that write PSTATE.NZCV (flag-setting data processing, MSR NZCV is checked by Rt use below). */
const FLAG_WRITERS = /^(ADDS|SUBS|ANDS|BICS|ADCS|SBCS|CCMN|CCMP|RMIF|SETF|CFINV|AXFLAG|XAFLAG)/;
/** MSR NZCV, Xt (op0=3 op1=3 CRn=4 CRm=2 op2=0). */
const MSR_NZCV = 0xd51b4200;

function writesFlags(word: number): boolean {
  if (((word & ~0x1f) >>> 0) === MSR_NZCV) return true;
  const def = baseDecoder().decode(word);
  return def !== null && FLAG_WRITERS.test(def.id);
}
import type { ArchRegs, LockstepProgram, LockstepTarget } from './target';

export async function makeArmvirtTarget(prog: LockstepProgram): Promise<LockstepTarget> {
  let uart = '';
  // Lockstep programs ask for -cpu max where they need later features (LSE); the core follows.
  const m = createVirtMachine({ cpu: prog.cpu === 'max' ? 'max' : 'cortex-a57', uartOutput: (b) => { uart += String.fromCharCode(b); } });
  for (const s of prog.segments) m.bus.load(Number(s.addr), s.data);
  m.cpu.pc = prog.entry;
  const cpu = m.cpu;
  // QEMU 7.2 clears PSTATE.NZCV on exception entry (it writes PSTATE = DAIF | mode), where the
  // ARM ARM's AArch64.TakeException leaves them unchanged, as our core does. While a handler has
  // not yet changed the flags, compare them as QEMU shows them (0); see README.md "QEMU gaps".
  let shadowNzcv: number | null = null;
  let tookException = false;
  cpu.trace = (e) => {
    if (e.kind === 'exception') tookException = true;
    if (e.kind === 'eret') shadowNzcv = null;
  };
  return {
    async step() {
      if (m.stopped) return;
      tookException = false;
      const pc = cpu.pc;
      const word = pc < 1n << 32n ? m.bus.read32(Number(pc)) : -1;
      cpu.step();
      if (tookException) shadowNzcv = cpu.nzcv();
      else if (shadowNzcv !== null && word !== -1 && writesFlags(word)) shadowNzcv = null;
    },
    async regs(): Promise<ArchRegs> {
      const x: bigint[] = [];
      for (let i = 0; i < 31; i++) x.push(cpu.xBig(i));
      const i = cpu.spIndex() * 2;
      const sp = (BigInt(cpu.spRegs[i + 1]) << 32n) | BigInt(cpu.spRegs[i]);
      return { pc: cpu.pc, x, sp, nzcv: shadowNzcv !== null ? 0 : cpu.nzcv(), el: cpu.el };
    },
    exited: () => m.stopped !== null && (m.stopped.kind === 'poweroff' || m.stopped.kind === 'exit'),
    uart: async () => uart,
    close: async () => undefined,
  };
}
