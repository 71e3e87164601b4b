// The trap rules as data: which control bit traps which accesses, from which EL, to where.
// Sources: the ARM ARM register descriptions of HCR_EL2, CPTR_EL2, MDCR_EL2, CPACR_EL1,
// SCTLR_EL1 (UMA/UCT/DZE/UCI/nTWI/nTWE), CNTKCTL_EL1 / CNTHCTL_EL2, PMUSERENR_EL0,
// MDSCR_EL1.TDCC, and each register's access pseudocode. The engine (engine.ts) applies them in order:
// UNDEFINED checks, then rules to EL1 (EL0 controls), then rules to EL2.

import type { El } from './types';

/** Which register of the context holds the control bit ('sctlr'/'cntkctl'/'cpacr' swap to their EL2 forms for a host EL0). */
export type CtlReg = 'hcr' | 'cptr' | 'mdcr' | 'cpacr' | 'cnthctl' | 'sctlr' | 'cntkctl' | 'pmuserenr' | 'mdscr' | 'ichhcr' | 'iccsre';

export interface Selector {
  /** isa register names, or SYS operations as 'dc cvau' / 'ic ivau'. */
  readonly names?: readonly string[];
  /** Encoding space: every listed field must match (absent = any). */
  readonly space?: { readonly op0: readonly number[]; readonly op1?: readonly number[]; readonly crn?: readonly number[]; readonly crm?: readonly number[] };
  /** Instructions that are not register accesses. */
  readonly insn?: 'wfi' | 'wfe' | 'smc';
}

export interface TrapRule {
  readonly id: string;
  readonly ctl: CtlReg;
  /** Control bit(s). 'set': trap if any is 1; 'clear': trap if all are 0. */
  readonly bits: readonly number[];
  /** The bit(s) when HCR_EL2.E2H=1 (CPTR_EL2 and CNTHCTL_EL2 change layout); null = no such control. */
  readonly e2hBits?: readonly number[] | null;
  readonly when: 'set' | 'clear';
  readonly sel: Selector;
  readonly dir: 'r' | 'w' | 'rw';
  readonly at: readonly El[];
  readonly target: 1 | 2;
  /** Also applies to a host EL0 (E2H=TGE=1), reading the EL2 form of the control. */
  readonly host?: boolean;
  /** A feature this CPU does not implement: the rule is listed for completeness but inactive. */
  readonly feature?: string;
}

/** EL1 virtual memory controls trapped by HCR_EL2.TVM (writes) / TRVM (reads). */
export const VM_REGS = ['SCTLR_EL1', 'TTBR0_EL1', 'TTBR1_EL1', 'TCR_EL1', 'ESR_EL1', 'FAR_EL1', 'AFSR0_EL1', 'AFSR1_EL1',
  'MAIR_EL1', 'AMAIR_EL1', 'CONTEXTIDR_EL1'] as const;

/** ID group 3 (HCR_EL2.TID3): op0=3, op1=0, CRn=0, CRm=1..7, named and reserved encodings alike. */
export const ID_GROUP3_SPACE = { op0: [3], op1: [0], crn: [0], crm: [1, 2, 3, 4, 5, 6, 7] } as const;

const PMU_EL0 = ['PMCR_EL0', 'PMCNTENSET_EL0', 'PMCNTENCLR_EL0', 'PMOVSCLR_EL0', 'PMOVSSET_EL0', 'PMCEID0_EL0',
  'PMCEID1_EL0', 'PMXEVTYPER_EL0', 'PMCCFILTR_EL0', ...[0, 1, 2, 3, 4, 5].map((n) => `PMEVTYPER${n}_EL0`)];
const PMU_COUNTERS = ['PMXEVCNTR_EL0', ...[0, 1, 2, 3, 4, 5].map((n) => `PMEVCNTR${n}_EL0`)];
const PMU_ALL = [...PMU_EL0, ...PMU_COUNTERS, 'PMCCNTR_EL0', 'PMSWINC_EL0', 'PMSELR_EL0', 'PMUSERENR_EL0', 'PMINTENSET_EL1', 'PMINTENCLR_EL1'];
const DCC = ['MDCCSR_EL0', 'DBGDTR_EL0', 'DBGDTRRX_EL0'];
const DEBUG_TDA = ['MDSCR_EL1', 'MDCCINT_EL1', 'OSDTRRX_EL1', 'OSDTRTX_EL1', 'OSECCR_EL1', 'DBGCLAIMSET_EL1', 'DBGCLAIMCLR_EL1',
  'DBGAUTHSTATUS_EL1', ...DCC,
  ...[0, 1, 2, 3, 4, 5].flatMap((n) => [`DBGBVR${n}_EL1`, `DBGBCR${n}_EL1`]),
  ...[0, 1, 2, 3].flatMap((n) => [`DBGWVR${n}_EL1`, `DBGWCR${n}_EL1`])];
const CNTP = ['CNTP_TVAL_EL0', 'CNTP_CTL_EL0', 'CNTP_CVAL_EL0'];
const CNTV = ['CNTV_TVAL_EL0', 'CNTV_CTL_EL0', 'CNTV_CVAL_EL0'];
/** Trace unit system registers (ETM): op0=2, op1=1, CRn 0-7. None exist on this CPU (TraceVer=0). */
const TRACE_SPACE = { op0: [2], op1: [1], crn: [0, 1, 2, 3, 4, 5, 6, 7] } as const;

const E01: readonly El[] = [0, 1];
const GIC_SGI = ['ICC_SGI0R_EL1', 'ICC_SGI1R_EL1', 'ICC_ASGI1R_EL1'];
/** The GICv3 registers of one interrupt group (ICH_HCR_EL2.TALL0 / TALL1). */
const GIC_GROUP = (g: 0 | 1): string[] => [`ICC_IAR${g}_EL1`, `ICC_EOIR${g}_EL1`, `ICC_HPPIR${g}_EL1`, `ICC_BPR${g}_EL1`, `ICC_AP${g}R0_EL1`, `ICC_IGRPEN${g}_EL1`];

/** Controls in EL1 registers that trap EL0 to EL1 (to EL2 when HCR_EL2.TGE=1). */
export const EL0_RULES: readonly TrapRule[] = [
  { id: 'SCTLR_EL1.UMA', ctl: 'sctlr', bits: [9], when: 'clear', sel: { names: ['DAIF'] }, dir: 'rw', at: [0], target: 1, host: true },
  { id: 'SCTLR_EL1.UCT', ctl: 'sctlr', bits: [15], when: 'clear', sel: { names: ['CTR_EL0'] }, dir: 'r', at: [0], target: 1, host: true },
  { id: 'SCTLR_EL1.DZE', ctl: 'sctlr', bits: [14], when: 'clear', sel: { names: ['dc zva'] }, dir: 'w', at: [0], target: 1, host: true },
  { id: 'SCTLR_EL1.UCI', ctl: 'sctlr', bits: [26], when: 'clear', sel: { names: ['dc cvau', 'dc cvac', 'dc civac', 'ic ivau'] }, dir: 'w', at: [0], target: 1, host: true },
  { id: 'SCTLR_EL1.nTWI', ctl: 'sctlr', bits: [16], when: 'clear', sel: { insn: 'wfi' }, dir: 'rw', at: [0], target: 1, host: true },
  { id: 'SCTLR_EL1.nTWE', ctl: 'sctlr', bits: [18], when: 'clear', sel: { insn: 'wfe' }, dir: 'rw', at: [0], target: 1, host: true },
  { id: 'CNTKCTL_EL1.EL0PCTEN', ctl: 'cntkctl', bits: [0], when: 'clear', sel: { names: ['CNTPCT_EL0'] }, dir: 'r', at: [0], target: 1, host: true },
  { id: 'CNTKCTL_EL1.EL0VCTEN', ctl: 'cntkctl', bits: [1], when: 'clear', sel: { names: ['CNTVCT_EL0'] }, dir: 'r', at: [0], target: 1, host: true },
  { id: 'CNTKCTL_EL1.EL0{P,V}CTEN', ctl: 'cntkctl', bits: [0, 1], when: 'clear', sel: { names: ['CNTFRQ_EL0'] }, dir: 'r', at: [0], target: 1, host: true },
  { id: 'CNTKCTL_EL1.EL0PTEN', ctl: 'cntkctl', bits: [9], when: 'clear', sel: { names: CNTP }, dir: 'rw', at: [0], target: 1, host: true },
  { id: 'CNTKCTL_EL1.EL0VTEN', ctl: 'cntkctl', bits: [8], when: 'clear', sel: { names: CNTV }, dir: 'rw', at: [0], target: 1, host: true },
  { id: 'PMUSERENR_EL0.EN', ctl: 'pmuserenr', bits: [0], when: 'clear', sel: { names: PMU_EL0 }, dir: 'rw', at: [0], target: 1, host: true },
  { id: 'PMUSERENR_EL0.EN', ctl: 'pmuserenr', bits: [0], when: 'clear', sel: { names: [...PMU_COUNTERS, 'PMCCNTR_EL0', 'PMSELR_EL0', 'PMSWINC_EL0'] }, dir: 'w', at: [0], target: 1, host: true },
  { id: 'PMUSERENR_EL0.{EN,CR}', ctl: 'pmuserenr', bits: [0, 2], when: 'clear', sel: { names: ['PMCCNTR_EL0'] }, dir: 'r', at: [0], target: 1, host: true },
  { id: 'PMUSERENR_EL0.{EN,ER}', ctl: 'pmuserenr', bits: [0, 3], when: 'clear', sel: { names: [...PMU_COUNTERS, 'PMSELR_EL0'] }, dir: 'r', at: [0], target: 1, host: true },
  { id: 'PMUSERENR_EL0.{EN,ER}', ctl: 'pmuserenr', bits: [0, 3], when: 'clear', sel: { names: ['PMSELR_EL0'] }, dir: 'w', at: [0], target: 1, host: true },
  { id: 'PMUSERENR_EL0.{EN,SW}', ctl: 'pmuserenr', bits: [0, 1], when: 'clear', sel: { names: ['PMSWINC_EL0'] }, dir: 'w', at: [0], target: 1, host: true },
  { id: 'MDSCR_EL1.TDCC', ctl: 'mdscr', bits: [12], when: 'set', sel: { names: DCC }, dir: 'rw', at: [0], target: 1 },
  { id: 'CPACR_EL1.TTA', ctl: 'cpacr', bits: [28], when: 'set', sel: { space: TRACE_SPACE }, dir: 'rw', at: E01, target: 1, host: true },
];

/** Controls in EL2 registers that trap EL1/EL0 (and some EL2) accesses to EL2. */
export const EL2_RULES: readonly TrapRule[] = [
  { id: 'HCR_EL2.TWI', ctl: 'hcr', bits: [13], when: 'set', sel: { insn: 'wfi' }, dir: 'rw', at: E01, target: 2 },
  { id: 'HCR_EL2.TWE', ctl: 'hcr', bits: [14], when: 'set', sel: { insn: 'wfe' }, dir: 'rw', at: E01, target: 2 },
  { id: 'HCR_EL2.TSC', ctl: 'hcr', bits: [19], when: 'set', sel: { insn: 'smc' }, dir: 'rw', at: [1], target: 2 },
  // TID0 traps only AArch32 FPSID/JIDR: no AArch64 register is in group 0.
  { id: 'HCR_EL2.TID0', ctl: 'hcr', bits: [15], when: 'set', sel: { names: [] }, dir: 'r', at: E01, target: 2 },
  { id: 'HCR_EL2.TID1', ctl: 'hcr', bits: [16], when: 'set', sel: { names: ['REVIDR_EL1', 'AIDR_EL1'] }, dir: 'r', at: [1], target: 2 },
  { id: 'HCR_EL2.TID2', ctl: 'hcr', bits: [17], when: 'set', sel: { names: ['CTR_EL0', 'CCSIDR_EL1', 'CCSIDR2_EL1', 'CLIDR_EL1'] }, dir: 'r', at: E01, target: 2 },
  { id: 'HCR_EL2.TID2', ctl: 'hcr', bits: [17], when: 'set', sel: { names: ['CSSELR_EL1'] }, dir: 'rw', at: [1], target: 2 },
  { id: 'HCR_EL2.TID3', ctl: 'hcr', bits: [18], when: 'set', sel: { space: ID_GROUP3_SPACE }, dir: 'r', at: [1], target: 2 },
  { id: 'HCR_EL2.TIDCP', ctl: 'hcr', bits: [20], when: 'set', sel: { space: { op0: [1, 3], crn: [11, 15] } }, dir: 'rw', at: [1], target: 2 },
  { id: 'HCR_EL2.TACR', ctl: 'hcr', bits: [21], when: 'set', sel: { names: ['ACTLR_EL1'] }, dir: 'rw', at: [1], target: 2 },
  { id: 'HCR_EL2.TSW', ctl: 'hcr', bits: [22], when: 'set', sel: { names: ['dc isw', 'dc csw', 'dc cisw'] }, dir: 'w', at: [1], target: 2 },
  { id: 'HCR_EL2.TPCP', ctl: 'hcr', bits: [23], when: 'set', sel: { names: ['dc ivac', 'dc cvac', 'dc civac'] }, dir: 'w', at: E01, target: 2 },
  { id: 'HCR_EL2.TPU', ctl: 'hcr', bits: [24], when: 'set', sel: { names: ['ic ivau', 'dc cvau'] }, dir: 'w', at: E01, target: 2 },
  { id: 'HCR_EL2.TPU', ctl: 'hcr', bits: [24], when: 'set', sel: { names: ['ic iallu', 'ic ialluis'] }, dir: 'w', at: [1], target: 2 },
  { id: 'HCR_EL2.TTLB', ctl: 'hcr', bits: [25], when: 'set', sel: { space: { op0: [1], op1: [0], crn: [8] } }, dir: 'w', at: [1], target: 2 },
  { id: 'HCR_EL2.TVM', ctl: 'hcr', bits: [26], when: 'set', sel: { names: VM_REGS }, dir: 'w', at: [1], target: 2 },
  { id: 'HCR_EL2.TDZ', ctl: 'hcr', bits: [28], when: 'set', sel: { names: ['dc zva'] }, dir: 'w', at: E01, target: 2 },
  { id: 'HCR_EL2.TRVM', ctl: 'hcr', bits: [30], when: 'set', sel: { names: VM_REGS }, dir: 'r', at: [1], target: 2 },
  // Later-architecture HCR_EL2 traps, listed so the table is complete; inactive on this v8.0 CPU.
  { id: 'HCR_EL2.TID4', ctl: 'hcr', bits: [49], when: 'set', sel: { names: ['CCSIDR_EL1', 'CCSIDR2_EL1', 'CLIDR_EL1', 'CSSELR_EL1'] }, dir: 'rw', at: E01, target: 2, feature: 'evt' },
  { id: 'HCR_EL2.TICAB', ctl: 'hcr', bits: [50], when: 'set', sel: { names: ['ic ialluis'] }, dir: 'w', at: [1], target: 2, feature: 'evt' },
  { id: 'HCR_EL2.TOCU', ctl: 'hcr', bits: [52], when: 'set', sel: { names: ['ic ivau', 'ic iallu', 'dc cvau'] }, dir: 'w', at: E01, target: 2, feature: 'evt' },
  { id: 'CPTR_EL2.TTA', ctl: 'cptr', bits: [20], e2hBits: [28], when: 'set', sel: { space: TRACE_SPACE }, dir: 'rw', at: [0, 1, 2], target: 2, host: true },
  { id: 'CPTR_EL2.TCPAC', ctl: 'cptr', bits: [31], when: 'set', sel: { names: ['CPACR_EL1'] }, dir: 'rw', at: [1], target: 2 },
  { id: 'CNTHCTL_EL2.EL1PCTEN', ctl: 'cnthctl', bits: [0], e2hBits: [10], when: 'clear', sel: { names: ['CNTPCT_EL0'] }, dir: 'r', at: E01, target: 2 },
  { id: 'CNTHCTL_EL2.EL1PCEN', ctl: 'cnthctl', bits: [1], e2hBits: [11], when: 'clear', sel: { names: CNTP }, dir: 'rw', at: E01, target: 2 },
  // MDCR_EL2.TDE (or HCR_EL2.TGE) makes TDA/TDOSA/TDRA behave as 1 (engine.ts effectiveCtl).
  { id: 'MDCR_EL2.TPMCR', ctl: 'mdcr', bits: [5], when: 'set', sel: { names: ['PMCR_EL0'] }, dir: 'rw', at: E01, target: 2 },
  { id: 'MDCR_EL2.TPM', ctl: 'mdcr', bits: [6], when: 'set', sel: { names: PMU_ALL }, dir: 'rw', at: E01, target: 2 },
  { id: 'MDCR_EL2.TDA', ctl: 'mdcr', bits: [9], when: 'set', sel: { names: DEBUG_TDA }, dir: 'rw', at: E01, target: 2 },
  { id: 'MDCR_EL2.TDOSA', ctl: 'mdcr', bits: [10], when: 'set', sel: { names: ['OSLAR_EL1', 'OSLSR_EL1', 'OSDLR_EL1', 'DBGPRCR_EL1'] }, dir: 'rw', at: [1], target: 2 },
  { id: 'MDCR_EL2.TDRA', ctl: 'mdcr', bits: [11], when: 'set', sel: { names: ['MDRAR_EL1'] }, dir: 'r', at: E01, target: 2 },
  // GICv3 (IHI 0069 12.2/12.4.3, the ICC_* access pseudocode; QEMU gicv3_*_access): SGI generation
  // traps under HCR_EL2.IMO/FMO (there is no ICV_SGI*), ICH_HCR_EL2 traps the common, Group 0 and
  // Group 1 registers and ICC_DIR_EL1, ICC_SRE_EL2.Enable = 0 traps ICC_SRE_EL1.
  { id: 'HCR_EL2.{IMO,FMO}', ctl: 'hcr', bits: [3, 4], when: 'set', sel: { names: GIC_SGI }, dir: 'w', at: [1], target: 2 },
  { id: 'ICH_HCR_EL2.TC', ctl: 'ichhcr', bits: [10], when: 'set', sel: { names: [...GIC_SGI, 'ICC_CTLR_EL1', 'ICC_DIR_EL1', 'ICC_PMR_EL1', 'ICC_RPR_EL1'] }, dir: 'rw', at: [1], target: 2 },
  { id: 'ICH_HCR_EL2.TALL0', ctl: 'ichhcr', bits: [11], when: 'set', sel: { names: GIC_GROUP(0) }, dir: 'rw', at: [1], target: 2 },
  { id: 'ICH_HCR_EL2.TALL1', ctl: 'ichhcr', bits: [12], when: 'set', sel: { names: GIC_GROUP(1) }, dir: 'rw', at: [1], target: 2 },
  { id: 'ICH_HCR_EL2.TDIR', ctl: 'ichhcr', bits: [14], when: 'set', sel: { names: ['ICC_DIR_EL1'] }, dir: 'w', at: [1], target: 2 },
  { id: 'ICC_SRE_EL2.Enable', ctl: 'iccsre', bits: [3], when: 'clear', sel: { names: ['ICC_SRE_EL1'] }, dir: 'rw', at: [1], target: 2 },
];

/**
 * FP/SIMD enables (EC 0x07), as the 2-bit FPEN fields or the TFP bit. `trapValues[el]` lists the
 * field values that trap at that EL; `tgeEl0` adds values that trap EL0 only when HCR_EL2.TGE=1.
 * ARM ARM CPACR_EL1.FPEN, CPTR_EL2.TFP / FPEN (E2H=1), pseudocode
 * AArch64.CheckFPAdvSIMDEnabled.
 */
export interface FpRule {
  readonly id: string;
  readonly ctl: 'cpacr' | 'cptr';
  readonly lsb: number;
  readonly width: 1 | 2;
  readonly e2h: boolean | 'any';
  readonly trapValues: Readonly<Partial<Record<El, readonly number[]>>>;
  readonly tgeEl0?: readonly number[];
  readonly target: 1 | 2;
  /** Applies only when the EL is not in the host regime (CPACR_EL1 is not used by a host EL0). */
  readonly notInHost?: boolean;
}

export const FP_RULES: readonly FpRule[] = [
  { id: 'CPACR_EL1.FPEN', ctl: 'cpacr', lsb: 20, width: 2, e2h: 'any', trapValues: { 0: [0, 1, 2], 1: [0, 2] }, target: 1, notInHost: true },
  { id: 'CPTR_EL2.TFP', ctl: 'cptr', lsb: 10, width: 1, e2h: false, trapValues: { 0: [1], 1: [1], 2: [1] }, target: 2 },
  { id: 'CPTR_EL2.FPEN', ctl: 'cptr', lsb: 20, width: 2, e2h: true, trapValues: { 0: [0, 2], 1: [0, 2], 2: [0, 2] }, tgeEl0: [1], target: 2 },
];
