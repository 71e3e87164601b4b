// Identification registers of a Cortex-A57 as QEMU's `-cpu cortex-a57` reports them
// (target/arm/cpu64.c aarch64_a57_initfn), adjusted for what this CPU is: no EL3 (QEMU clears
// ID_AA64PFR0.EL3 and ID_PFR1.Security when has_el3 is off), VHE implemented
// (ID_AA64MMFR1.VH=1, FEAT_VHE), GICv3 system registers only with --gic 3 (PFR0.GIC / PFR1.GIC).
// Values that depend on the configuration are computed by CONFIG_RESET below.
// ARM ARM: the ID register descriptions, and HCR_EL2.TID1-3 for the trap groups.

import { row } from './build';
import { ALL32, bits, type SysRegBehavior, type SysRegConfig } from './types';

export const A57 = {
  MIDR: 0x411fd070n, REVIDR: 0n, CTR: 0x8444c004n, CLIDR: 0x0a200023n, AIDR: 0n,
  /** DC ZVA block: 2^4 words = 64 bytes. */
  DCZID: 4n,
  ID_PFR0: 0x00000131n, ID_PFR1: 0x00011011n, ID_DFR0: 0x03010066n, ID_AFR0: 0n,
  ID_MMFR0: 0x10101105n, ID_MMFR1: 0x40000000n, ID_MMFR2: 0x01260000n, ID_MMFR3: 0x02102211n,
  ID_ISAR0: 0x02101110n, ID_ISAR1: 0x13112111n, ID_ISAR2: 0x21232042n, ID_ISAR3: 0x01112131n,
  ID_ISAR4: 0x00011142n, ID_ISAR5: 0x00011121n, ID_ISAR6: 0n,
  MVFR0: 0x10110222n, MVFR1: 0x12111111n, MVFR2: 0x00000043n,
  ID_AA64PFR0: 0x00002222n, ID_AA64DFR0: 0x10305106n, ID_AA64ISAR0: 0x00011120n,
  ID_AA64MMFR0: 0x00001124n,
  /** FEAT_VHE: VH (bits 11:8) = 1 — the one thing we add to the A57. */
  ID_AA64MMFR1: 0x00000100n,
  PMCR: 0x41013000n,
  SCTLR: 0x00c50838n,
} as const;

/** CCSIDR_EL1 by CSSELR_EL1 (Level<<1 | InD): 32KB L1D, 48KB L1I, 2MB L2 (QEMU ccsidr[0..2]). */
export const CCSIDR_A57: ReadonlyMap<number, bigint> = new Map([[0, 0x701fe00an], [1, 0x201fe012n], [2, 0x70ffe07an]]);

const id = (name: string, reset: bigint): SysRegBehavior => row(name, { reset, cls: 'id' });

export const ID_ROWS: SysRegBehavior[] = [
  id('MIDR_EL1', A57.MIDR),
  id('MPIDR_EL1', 0x80000000n),
  id('REVIDR_EL1', A57.REVIDR),
  id('ID_PFR0_EL1', A57.ID_PFR0),
  id('ID_PFR1_EL1', A57.ID_PFR1 & ~0xf0n),
  id('ID_DFR0_EL1', A57.ID_DFR0),
  id('ID_AFR0_EL1', A57.ID_AFR0),
  id('ID_MMFR0_EL1', A57.ID_MMFR0), id('ID_MMFR1_EL1', A57.ID_MMFR1),
  id('ID_MMFR2_EL1', A57.ID_MMFR2), id('ID_MMFR3_EL1', A57.ID_MMFR3),
  id('ID_ISAR0_EL1', A57.ID_ISAR0), id('ID_ISAR1_EL1', A57.ID_ISAR1), id('ID_ISAR2_EL1', A57.ID_ISAR2),
  id('ID_ISAR3_EL1', A57.ID_ISAR3), id('ID_ISAR4_EL1', A57.ID_ISAR4), id('ID_ISAR5_EL1', A57.ID_ISAR5),
  id('ID_MMFR4_EL1', 0n), id('ID_ISAR6_EL1', A57.ID_ISAR6),
  id('MVFR0_EL1', A57.MVFR0), id('MVFR1_EL1', A57.MVFR1), id('MVFR2_EL1', A57.MVFR2),
  id('ID_PFR2_EL1', 0n), id('ID_DFR1_EL1', 0n), id('ID_MMFR5_EL1', 0n),
  id('ID_AA64PFR0_EL1', A57.ID_AA64PFR0 & ~0xf000n),
  id('ID_AA64PFR1_EL1', 0n),
  id('ID_AA64ZFR0_EL1', 0n), id('ID_AA64SMFR0_EL1', 0n),
  id('ID_AA64DFR0_EL1', A57.ID_AA64DFR0), id('ID_AA64DFR1_EL1', 0n),
  id('ID_AA64AFR0_EL1', 0n), id('ID_AA64AFR1_EL1', 0n),
  id('ID_AA64ISAR0_EL1', A57.ID_AA64ISAR0), id('ID_AA64ISAR1_EL1', 0n), id('ID_AA64ISAR2_EL1', 0n),
  id('ID_AA64MMFR0_EL1', A57.ID_AA64MMFR0), id('ID_AA64MMFR1_EL1', A57.ID_AA64MMFR1), id('ID_AA64MMFR2_EL1', 0n),
  row('CCSIDR_EL1', { reset: CCSIDR_A57.get(0)!, hook: 'ccsidr', cls: 'id' }),
  id('CLIDR_EL1', A57.CLIDR),
  id('AIDR_EL1', A57.AIDR),
  row('CSSELR_EL1', { w: bits([3, 0]) }),
  row('CTR_EL0', { reset: A57.CTR, el0: 'ro', cls: 'id' }),
  row('DCZID_EL0', { reset: A57.DCZID, el0: 'ro', hook: 'dczid', cls: 'id' }),
  // EL1 reads of MIDR/MPIDR return these (ARM ARM D19.2.116/119); reset from the real values.
  row('VPIDR_EL2', { reset: A57.MIDR, w: ALL32 }),
  row('VMPIDR_EL2', { reset: 0x80000000n, w: bits([39, 32], 30, 24, [23, 0]) }),
];

/** MPIDR_EL1 of QEMU virt: bit 31 set (RES1, multiprocessor extensions), Aff1.Aff0 = index in clusters of 8. */
export function mpidrFor(cpuIndex: number): bigint {
  return 0x80000000n | (BigInt(cpuIndex >> 3) << 8n) | BigInt(cpuIndex & 7);
}

/** Reset values that depend on the configuration (core index, GIC version). */
export const CONFIG_RESET: Readonly<Record<string, (cfg: SysRegConfig, base: bigint) => bigint>> = {
  MPIDR_EL1: (cfg) => mpidrFor(cfg.cpuIndex),
  VMPIDR_EL2: (cfg) => mpidrFor(cfg.cpuIndex),
  // GIC (bits 27:24) = 1: GICv3 system register interface (QEMU id_aa64pfr0_read).
  ID_AA64PFR0_EL1: (cfg, base) => (cfg.gic === 3 ? base | (1n << 24n) : base),
  ID_PFR1_EL1: (cfg, base) => (cfg.gic === 3 ? base | (1n << 28n) : base),
};
