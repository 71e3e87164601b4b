// Performance monitors (PMUv3), statistical profiling (SPE), trace buffer (TRBE) and activity
// monitors (AMUv1). ARM ARM D19.5 (PMU), D19.6 (SPE), D19.8 (AMU), TRBE supplement.

import type { SysRegDef } from '../sysregs';
import { range, regs, vheAlias } from './util';

const p = regs('v8.0');
const s = regs('spe');
const tb = regs('trbe');
const a = regs('amu');

const PMU: SysRegDef[] = [
  p('PMCR_EL0', [3, 3, 9, 12, 0], 'Performance Monitors Control: E, P, C, D, LC, N (counter count)'),
  p('PMCNTENSET_EL0', [3, 3, 9, 12, 1], 'Performance Monitors Count Enable Set'),
  p('PMCNTENCLR_EL0', [3, 3, 9, 12, 2], 'Performance Monitors Count Enable Clear'),
  p('PMOVSCLR_EL0', [3, 3, 9, 12, 3], 'Performance Monitors Overflow Flag Status Clear'),
  p('PMSWINC_EL0', [3, 3, 9, 12, 4], 'Performance Monitors Software Increment', 'wo'),
  p('PMSELR_EL0', [3, 3, 9, 12, 5], 'Performance Monitors Event Counter Selection (for PMXEV*)'),
  p('PMCEID0_EL0', [3, 3, 9, 12, 6], 'Common Event Identification 0: events 0x00-0x1F, 0x4000-0x401F', 'ro'),
  p('PMCEID1_EL0', [3, 3, 9, 12, 7], 'Common Event Identification 1: events 0x20-0x3F, 0x4020-0x403F', 'ro'),
  p('PMCCNTR_EL0', [3, 3, 9, 13, 0], 'Performance Monitors Cycle Count'),
  p('PMXEVTYPER_EL0', [3, 3, 9, 13, 1], 'Event type of the counter selected by PMSELR_EL0'),
  p('PMXEVCNTR_EL0', [3, 3, 9, 13, 2], 'Value of the counter selected by PMSELR_EL0'),
  p('PMUSERENR_EL0', [3, 3, 9, 14, 0], 'Performance Monitors User Enable: EL0 access'),
  p('PMINTENSET_EL1', [3, 0, 9, 14, 1], 'Performance Monitors Interrupt Enable Set'),
  p('PMINTENCLR_EL1', [3, 0, 9, 14, 2], 'Performance Monitors Interrupt Enable Clear'),
  p('PMOVSSET_EL0', [3, 3, 9, 14, 3], 'Performance Monitors Overflow Flag Status Set'),
  p('PMMIR_EL1', [3, 0, 9, 14, 6], 'Performance Monitors Machine Identification', 'ro', 'v8.4'),
  // Event counters 0..30: CRm = 8 + n div 8 (types: 12 + n div 8), op2 = n mod 8 (D19.5).
  ...range(31).map((n) => p(`PMEVCNTR${n}_EL0`, [3, 3, 14, 8 + (n >> 3), n & 7], `Performance Monitors Event Count ${n}`)),
  ...range(31).map((n) => p(`PMEVTYPER${n}_EL0`, [3, 3, 14, 12 + (n >> 3), n & 7], `Performance Monitors Event Type ${n}`)),
  p('PMCCFILTR_EL0', [3, 3, 14, 15, 7], 'Performance Monitors Cycle Count Filter'),
];

const SPE: SysRegDef[] = [
  s('PMSCR_EL1', [3, 0, 9, 9, 0], 'Statistical Profiling Control (EL1)'),
  s('PMSNEVFR_EL1', [3, 0, 9, 9, 1], 'Sampling Inverted Event Filter', 'rw', 'v8.7'),
  s('PMSICR_EL1', [3, 0, 9, 9, 2], 'Sampling Interval Counter'),
  s('PMSIRR_EL1', [3, 0, 9, 9, 3], 'Sampling Interval Reload'),
  s('PMSFCR_EL1', [3, 0, 9, 9, 4], 'Sampling Filter Control'),
  s('PMSEVFR_EL1', [3, 0, 9, 9, 5], 'Sampling Event Filter'),
  s('PMSLATFR_EL1', [3, 0, 9, 9, 6], 'Sampling Latency Filter'),
  s('PMSIDR_EL1', [3, 0, 9, 9, 7], 'Sampling Profiling ID', 'ro'),
  s('PMBLIMITR_EL1', [3, 0, 9, 10, 0], 'Profiling Buffer Limit Address'),
  s('PMBPTR_EL1', [3, 0, 9, 10, 1], 'Profiling Buffer Write Pointer'),
  s('PMBSR_EL1', [3, 0, 9, 10, 3], 'Profiling Buffer Status/syndrome'),
  s('PMBIDR_EL1', [3, 0, 9, 10, 7], 'Profiling Buffer ID', 'ro'),
  s('PMSCR_EL2', [3, 4, 9, 9, 0], 'Statistical Profiling Control (EL2)'),
];

const TRBE: SysRegDef[] = [
  tb('TRBLIMITR_EL1', [3, 0, 9, 11, 0], 'Trace Buffer Limit Address: enable, fill mode, limit'),
  tb('TRBPTR_EL1', [3, 0, 9, 11, 1], 'Trace Buffer Write Pointer'),
  tb('TRBBASER_EL1', [3, 0, 9, 11, 2], 'Trace Buffer Base Address'),
  tb('TRBSR_EL1', [3, 0, 9, 11, 3], 'Trace Buffer Status/syndrome'),
  tb('TRBMAR_EL1', [3, 0, 9, 11, 4], 'Trace Buffer Memory Attribute'),
  tb('TRBTRG_EL1', [3, 0, 9, 11, 6], 'Trace Buffer Trigger Counter'),
  tb('TRBIDR_EL1', [3, 0, 9, 11, 7], 'Trace Buffer ID', 'ro'),
];

/**
 * Activity monitors. Group 0 has 4 architected counters, group 1 up to 16 auxiliary ones;
 * GNU names them AMEVCNTR0<n>/AMEVCNTR1<n> with n in decimal (AMEVCNTR115_EL0 is group 1, n=15).
 */
const AMU: SysRegDef[] = [
  a('AMCR_EL0', [3, 3, 13, 2, 0], 'Activity Monitors Control'),
  a('AMCFGR_EL0', [3, 3, 13, 2, 1], 'Activity Monitors Configuration: counter count, groups', 'ro'),
  a('AMCGCR_EL0', [3, 3, 13, 2, 2], 'Activity Monitors Counter Group Configuration', 'ro'),
  a('AMUSERENR_EL0', [3, 3, 13, 2, 3], 'Activity Monitors User Enable'),
  a('AMCNTENCLR0_EL0', [3, 3, 13, 2, 4], 'Activity Monitors Count Enable Clear, group 0'),
  a('AMCNTENSET0_EL0', [3, 3, 13, 2, 5], 'Activity Monitors Count Enable Set, group 0'),
  a('AMCG1IDR_EL0', [3, 3, 13, 2, 6], 'Activity Monitors Counter Group 1 Identification', 'ro', 'v8.6'),
  a('AMCNTENCLR1_EL0', [3, 3, 13, 3, 0], 'Activity Monitors Count Enable Clear, group 1'),
  a('AMCNTENSET1_EL0', [3, 3, 13, 3, 1], 'Activity Monitors Count Enable Set, group 1'),
  ...range(4).map((n) => a(`AMEVCNTR0${n}_EL0`, [3, 3, 13, 4, n], `Activity Monitors Event Counter, group 0, counter ${n}`)),
  ...range(4).map((n) => a(`AMEVTYPER0${n}_EL0`, [3, 3, 13, 6, n], `Activity Monitors Event Type, group 0, counter ${n}`, 'ro')),
  ...range(16).map((n) => a(`AMEVCNTR1${n}_EL0`, [3, 3, 13, 12 + (n >> 3), n & 7], `Activity Monitors Event Counter, group 1, counter ${n}`)),
  ...range(16).map((n) => a(`AMEVTYPER1${n}_EL0`, [3, 3, 13, 14 + (n >> 3), n & 7], `Activity Monitors Event Type, group 1, counter ${n}`)),
  // Virtual offsets (FEAT_AMUv1p1): group 0 at CRm 8-9, group 1 at CRm 10-11.
  ...range(16).map((n) => a(`AMEVCNTVOFF0${n}_EL2`, [3, 4, 13, 8 + (n >> 3), n & 7], `Activity Monitors Event Counter Virtual Offset, group 0, counter ${n}`, 'rw', 'v8.6')),
  ...range(16).map((n) => a(`AMEVCNTVOFF1${n}_EL2`, [3, 4, 13, 10 + (n >> 3), n & 7], `Activity Monitors Event Counter Virtual Offset, group 1, counter ${n}`, 'rw', 'v8.6')),
];

export const PMU_REGS: SysRegDef[] = [...PMU, ...SPE, ...TRBE, ...AMU, vheAlias(SPE[0], '_EL12')];
