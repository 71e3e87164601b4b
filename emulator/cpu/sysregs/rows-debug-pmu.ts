// Self-hosted debug (ARM ARM D2, D19.3) and PMUv3 (D11/D19.5) registers of the A57:
// 6 breakpoints and 4 watchpoints (ID_AA64DFR0.BRPs=5, WRPs=3), 6 event counters (PMCR.N=6).
// No trace unit system registers (ID_AA64DFR0.TraceVer=0): TRC* are UNDEFINED.

import { row, rows } from './build';
import { A57 } from './rows-id';
import { ALL32, bits, type SysRegBehavior } from './types';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const D = { cls: 'debug' as const };

/** DBGBCR: BT, LBN, SSC, HMC, BAS, PMC, E; DBGWCR: MASK, WT, LBN, SSC, HMC, BAS, LSC, PAC, E. */
const BCR_W = bits([23, 16], [15, 13], [8, 5], [2, 0]);
const WCR_W = bits([28, 24], [20, 13], [12, 5], [4, 0]);
/** DBGBVR: VA[48:2] (or VMID/ContextID for linked kinds); DBGWVR: VA[48:2], RESS above. */
const VR_W = bits([63, 2]);

export const DEBUG_ROWS: SysRegBehavior[] = [
  row('MDCCINT_EL1', { ...D, w: bits(29, 30) }),
  // MDSCR_EL1: SS, ERR, TDCC, KDE, HDE, MDE, SC2, TDA, INTdis, TXU, RXO, TXfull, RXfull.
  row('MDSCR_EL1', { ...D, w: bits(0, 6, [15, 12], 19, [23, 21], 26, 27, 29, 30) }),
  ...rows(['OSDTRRX_EL1', 'OSDTRTX_EL1'], { ...D, w: ALL32 }),
  row('OSECCR_EL1', { ...D, w: ALL32 }),
  ...range(6).flatMap((n) => [row(`DBGBVR${n}_EL1`, { ...D, w: VR_W }), row(`DBGBCR${n}_EL1`, { ...D, w: BCR_W })]),
  ...range(4).flatMap((n) => [row(`DBGWVR${n}_EL1`, { ...D, w: VR_W }), row(`DBGWCR${n}_EL1`, { ...D, w: WCR_W })]),
  // No memory-mapped debug ROM: MDRAR_EL1.Valid = 0.
  row('MDRAR_EL1', D),
  row('OSLAR_EL1', { ...D, w: 1n, hook: 'oslock' }),
  // OSLSR_EL1: OSLM = 0b10 (OS lock implemented), OSLK = 1 at cold reset (D2.5).
  row('OSLSR_EL1', { ...D, reset: 0xan }),
  row('OSDLR_EL1', { ...D, w: 1n }),
  row('DBGPRCR_EL1', { ...D, w: 1n }),
  ...rows(['DBGCLAIMSET_EL1', 'DBGCLAIMCLR_EL1'], { ...D, w: bits([7, 0]), hook: 'dbgclaim' }),
  // NS invasive and non-invasive debug implemented and enabled (0b11 in 1:0 and 3:2).
  row('DBGAUTHSTATUS_EL1', { ...D, reset: 0xfn }),
  // DCC at EL0 is gated by MDSCR_EL1.TDCC (traps/rules.ts).
  row('MDCCSR_EL0', { ...D, hook: 'dcc', el0: 'ro' }),
  row('DBGDTR_EL0', { ...D, hook: 'dcc', el0: 'rw' }),
  row('DBGDTRRX_EL0', { ...D, w: ALL32, hook: 'dcc', el0: 'rw' }),
  row('DBGVCR32_EL2', { ...D, w: bits([7, 1], [31, 25]), feature: 'aarch32el1' }),
];

const P = { hook: 'pmu' as const, cls: 'pmu' as const, feature: 'pmu' as const, el0: 'rw' as const };
/** Counter enable/overflow/interrupt masks: C (bit 31) + P<n> for the 6 counters. */
const CNT_MASK = bits(31, [5, 0]);
const EVTYPER_W = bits([31, 24], [15, 0]);

export const PMU_ROWS: SysRegBehavior[] = [
  // PMCR_EL0: E P C D X DP LC writable; N, IDCODE, IMP read-only (reset from QEMU's A57).
  row('PMCR_EL0', { ...P, reset: A57.PMCR, w: bits([6, 0]), ro: bits([31, 11]) }),
  ...rows(['PMCNTENSET_EL0', 'PMCNTENCLR_EL0', 'PMOVSCLR_EL0', 'PMOVSSET_EL0'], { ...P, w: CNT_MASK }),
  row('PMSWINC_EL0', { ...P, w: bits([5, 0]) }),
  row('PMSELR_EL0', { ...P, w: bits([4, 0]) }),
  // Common events this PMU counts, as QEMU's model: SW_INCR (0x00), INST_RETIRED (0x08), CPU_CYCLES (0x11).
  row('PMCEID0_EL0', { ...P, reset: bits(0, 8, 17) }),
  row('PMCEID1_EL0', { ...P }),
  row('PMCCNTR_EL0', P),
  row('PMXEVTYPER_EL0', { ...P, w: EVTYPER_W }),
  row('PMXEVCNTR_EL0', { ...P, w: ALL32 }),
  // PMUSERENR_EL0 is read-only at EL0 (D19.5.19): EN, SW, CR, ER.
  row('PMUSERENR_EL0', { ...P, w: bits([3, 0]), el0: 'ro' }),
  ...rows(['PMINTENSET_EL1', 'PMINTENCLR_EL1'], { hook: 'pmu', cls: 'pmu', feature: 'pmu', w: CNT_MASK }),
  ...range(6).flatMap((n) => [row(`PMEVCNTR${n}_EL0`, { ...P, w: ALL32 }), row(`PMEVTYPER${n}_EL0`, { ...P, w: EVTYPER_W })]),
  row('PMCCFILTR_EL0', { ...P, w: bits([31, 27]) }),
];
