// A stand-in for the PMU's cycle counter while no PMU model binds the 'pmu' system-register hook
// (the cost-model work provides one; this is used only when a core has none): PMCCNTR_EL0 counts
// the core's emulated cycles (Cpu.cycles) while PMCR_EL0.E and PMCNTENSET_EL0.C are set
// (ARM ARM D7.4, D13.4.5). PMCR_EL0.C resets it. Every other PMU register keeps what is written.

import type { Cpu, SysregHandler } from '../cpu/cpu';

const PMCR_E = 1n, PMCR_C = 4n, CNT_C = 1n << 31n;

export function bindCycleCounterIfMissing(c: Cpu): void {
  if (c.sysregHandlers.pmu) return;
  let offset = 0; // PMCCNTR_EL0 = cycles - offset while counting
  let frozen = 0n; // the value while not counting
  let pmcr = 0n;
  let enabled = 0n; // PMCNTENSET/CLR share one state
  const counting = (): boolean => (pmcr & PMCR_E) !== 0n && (enabled & CNT_C) !== 0n;
  const now = (cpu: Cpu): bigint => (counting() ? BigInt.asUintN(64, BigInt(cpu.cycles - offset)) : frozen);
  const handler: SysregHandler = {
    read(cpu, name, slot) {
      switch (name) {
        case 'PMCCNTR_EL0': return now(cpu);
        case 'PMCR_EL0': return (cpu.sys[slot] & ~0x7fn) | pmcr;
        case 'PMCNTENSET_EL0': case 'PMCNTENCLR_EL0': return enabled;
        default: return cpu.sys[slot];
      }
    },
    write(cpu, name, slot, _value, masked) {
      const before = now(cpu);
      switch (name) {
        case 'PMCCNTR_EL0': frozen = masked; offset = cpu.cycles - Number(masked); return;
        case 'PMCR_EL0': pmcr = masked & 0x7fn; break;
        case 'PMCNTENSET_EL0': enabled |= masked; break;
        case 'PMCNTENCLR_EL0': enabled &= ~masked; break;
        default: cpu.sys[slot] = masked; return;
      }
      const value = name === 'PMCR_EL0' && (masked & PMCR_C) !== 0n ? 0n : before;
      frozen = value;
      offset = cpu.cycles - Number(value);
    },
  };
  c.sysregHandlers.pmu = handler;
}
