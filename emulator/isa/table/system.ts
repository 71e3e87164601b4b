// System instructions (ARM ARM C4.1.87): hints, barriers, PSTATE writes, WFET/WFIT, TME,
// SYS/SYSL with the AT/DC/IC/TLBI/CFP/DVP/CPP aliases, and MRS/MSR (register).
// Layout: 1101010100 L op0:2 op1:3 CRn:4 CRm:4 op2:3 Rt:5.

import { gpr, imm, literal } from '../operands/common';
import {
  barrierOption, btiTargets, creg, hintImm, isbOption, nxsOption, optImm, optXt, pstateField, pstateImm, pstateName, smOption,
  sysOp, sysreg,
} from '../operands/branch-sys';
import { sysOpAt, sysOpFeatures, type SysAliasMnemonic } from '../operands/sys-ops';
import type { InsnDef } from '../types';
import { row } from './builder';

const SYS = '1101010100';

/**
 * Hint instructions by CRm:op2 (C6.2.132 "HINT" lists them); objdump prints the rest as
 * "hint #imm". They are instructions of their own, not aliases: fixing all 32 bits, they are
 * simply more specific than HINT.
 */
type HintSpec = [id: string, mn: string, imm: number, feature: string, summary: string, opts?: 'asm' | 'csync'];
const HINTS: HintSpec[] = [
  ['NOP', 'nop', 0, 'v8.0', 'No operation'],
  ['YIELD', 'yield', 1, 'v8.0', 'Hint that this thread is spinning and another may run'],
  ['WFE', 'wfe', 2, 'v8.0', 'Wait for event'],
  ['WFI', 'wfi', 3, 'v8.0', 'Wait for interrupt'],
  ['SEV', 'sev', 4, 'v8.0', 'Send event to all PEs'],
  ['SEVL', 'sevl', 5, 'v8.0', 'Send event locally'],
  // objdump 2.40 prints hint #6 as "hint #0x6"; GNU as accepts "dgh".
  ['DGH', 'dgh', 6, 'dgh', 'Data gathering hint: do not merge memory accesses across this point', 'asm'],
  ['XPACLRI', 'xpaclri', 7, 'pauth', 'Strip the pointer authentication code from X30'],
  ['PACIA1716', 'pacia1716', 8, 'pauth', 'X17 = PAC of X17 with key IA and modifier X16'],
  ['PACIB1716', 'pacib1716', 10, 'pauth', 'X17 = PAC of X17 with key IB and modifier X16'],
  ['AUTIA1716', 'autia1716', 12, 'pauth', 'Authenticate X17 with key IA and modifier X16'],
  ['AUTIB1716', 'autib1716', 14, 'pauth', 'Authenticate X17 with key IB and modifier X16'],
  ['ESB', 'esb', 16, 'ras', 'Error synchronization barrier'],
  ['PSB', 'psb', 17, 'spe', 'Profiling synchronization barrier', 'csync'],
  ['TSB', 'tsb', 18, 'trf', 'Trace synchronization barrier', 'csync'],
  ['CSDB', 'csdb', 20, 'v8.0', 'Consumption of speculative data barrier'],
  ['CLRBHB', 'clearbhb', 22, 'clrbhb', 'Clear the branch history'],
  ['PACIAZ', 'paciaz', 24, 'pauth', 'X30 = PAC of X30 with key IA and modifier zero'],
  ['PACIASP', 'paciasp', 25, 'pauth', 'X30 = PAC of X30 with key IA and modifier SP'],
  ['PACIBZ', 'pacibz', 26, 'pauth', 'X30 = PAC of X30 with key IB and modifier zero'],
  ['PACIBSP', 'pacibsp', 27, 'pauth', 'X30 = PAC of X30 with key IB and modifier SP'],
  ['AUTIAZ', 'autiaz', 28, 'pauth', 'Authenticate X30 with key IA and modifier zero'],
  ['AUTIASP', 'autiasp', 29, 'pauth', 'Authenticate X30 with key IA and modifier SP'],
  ['AUTIBZ', 'autibz', 30, 'pauth', 'Authenticate X30 with key IB and modifier zero'],
  ['AUTIBSP', 'autibsp', 31, 'pauth', 'Authenticate X30 with key IB and modifier SP'],
];

function hintBits(n: number): string {
  return n.toString(2).padStart(7, '0');
}

const HINT_ROWS: InsnDef[] = [
  row({ id: 'HINT', mn: 'hint', pat: `${SYS} 0 00 011 0010 CRm:4 op2:3 11111`, group: 'sys/hint',
    summary: 'Hint CRm:op2; unallocated hints execute as NOP',
    ops: [hintImm] }),
  ...HINTS.map(([id, mn, n, feature, summary, opt]) => row({
    id, mn, pat: `${SYS} 0 00 011 0010 ${hintBits(n)} 11111`, group: 'sys/hint', feature, summary,
    asmOnly: opt === 'asm', ops: opt === 'csync' ? [literal('csync')] : [],
  })),
  // BTI {c|j|jc} (C6.2.39): CRm=0100, op2 = targets:0.
  row({ id: 'BTI', mn: 'bti', pat: `${SYS} 0 00 011 0010 0100 targets:2 0 11111`, group: 'sys/hint',
    feature: 'bti', summary: 'Branch target identification: valid target of indirect branches of the given kinds',
    ops: [btiTargets] }),
];

/** Barriers (C4.1.87.6): CRn=0011, op2 selects, CRm is the option. */
const BARRIER = `${SYS} 0 00 011 0011`;
const BARRIER_ROWS: InsnDef[] = [
  row({ id: 'CLREX', mn: 'clrex', pat: `${BARRIER} CRm:4 010 11111`, group: 'sys/barrier',
    summary: 'Clear the local exclusive monitor', ops: [optImm('CRm', 15)] }),
  row({ id: 'DSB', mn: 'dsb', pat: `${BARRIER} CRm:4 100 11111`, group: 'sys/barrier',
    summary: 'Data synchronization barrier over the given domain and access types', ops: [barrierOption] }),
  row({ id: 'SSBB', mn: 'ssbb', pat: `${BARRIER} 0000 100 11111`, aliasOf: 'DSB', group: 'sys/barrier',
    summary: 'Speculative store bypass barrier (virtual addresses)' }),
  row({ id: 'PSSBB', mn: 'pssbb', pat: `${BARRIER} 0100 100 11111`, aliasOf: 'DSB', group: 'sys/barrier',
    summary: 'Speculative store bypass barrier (physical addresses)' }),
  row({ id: 'DSB_nXS', mn: 'dsb', pat: `${BARRIER} imm2:2 10 001 11111`, group: 'sys/barrier', feature: 'xs',
    summary: 'Data synchronization barrier that waits only for nXS memory accesses', ops: [nxsOption] }),
  row({ id: 'DMB', mn: 'dmb', pat: `${BARRIER} CRm:4 101 11111`, group: 'sys/barrier',
    summary: 'Data memory barrier over the given domain and access types', ops: [barrierOption] }),
  row({ id: 'ISB', mn: 'isb', pat: `${BARRIER} CRm:4 110 11111`, group: 'sys/barrier',
    summary: 'Instruction synchronization barrier: flush the pipeline', ops: [isbOption] }),
  row({ id: 'SB', mn: 'sb', pat: `${BARRIER} 0000 111 11111`, group: 'sys/barrier', feature: 'sb',
    summary: 'Speculation barrier' }),
  row({ id: 'TCOMMIT', mn: 'tcommit', pat: `${BARRIER} 0000 011 11111`, group: 'sys/tme', feature: 'tme',
    summary: 'Commit the current transaction' }),
];

/** PSTATE (C4.1.87.7): MSR (immediate), CFINV/XAFLAG/AXFLAG, SMSTART/SMSTOP. */
const PSTATE = `${SYS} 0 00`;
const PSTATE_ROWS: InsnDef[] = [
  row({ id: 'MSR_imm', mn: 'msr', pat: `${PSTATE} op1:3 0100 CRm:4 op2:3 11111`, group: 'sys/pstate',
    when: (f) => pstateField(f('op1'), f('op2'), f('CRm')) !== undefined,
    summary: 'Write an immediate to a PSTATE field', ops: [pstateName, pstateImm] }),
  row({ id: 'CFINV', mn: 'cfinv', pat: `${PSTATE} 000 0100 0000 000 11111`, group: 'sys/pstate', feature: 'flagm',
    summary: 'Invert PSTATE.C' }),
  row({ id: 'XAFLAG', mn: 'xaflag', pat: `${PSTATE} 000 0100 0000 001 11111`, group: 'sys/pstate', feature: 'flagm2',
    summary: 'Convert the floating-point condition flags from an external format to Arm format' }),
  row({ id: 'AXFLAG', mn: 'axflag', pat: `${PSTATE} 000 0100 0000 010 11111`, group: 'sys/pstate', feature: 'flagm2',
    summary: 'Convert the floating-point condition flags from Arm format to an external format' }),
  // SMSTART/SMSTOP (C6.2.316/317) alias MSR SVCRSM/SVCRZA/SVCRSMZA, #imm: CRm = 0:opt:imm.
  ...([['SMSTART', '1', 'Set PSTATE.SM and/or PSTATE.ZA'], ['SMSTOP', '0', 'Clear PSTATE.SM and/or PSTATE.ZA']] as const).map(
    ([id, v, summary]) => row({ id, mn: id.toLowerCase(), pat: `${PSTATE} 011 0100 0 opt:2 ${v} 011 11111`, aliasOf: 'MSR_imm',
      when: (f) => f('opt') !== 0, group: 'sys/pstate', feature: 'sme', summary, ops: [smOption] })),
  // WFET/WFIT (C6.2.392/394), FEAT_WFxT: wait with a timeout of Rd (CNTVCT_EL0 value).
  row({ id: 'WFET', mn: 'wfet', pat: `${SYS} 0 00 011 0001 0000 000 Rd:5`, group: 'sys/hint', feature: 'wfxt',
    summary: 'Wait for event until CNTVCT_EL0 reaches Rd', ops: [gpr('Rd', 'x')] }),
  row({ id: 'WFIT', mn: 'wfit', pat: `${SYS} 0 00 011 0001 0000 001 Rd:5`, group: 'sys/hint', feature: 'wfxt',
    summary: 'Wait for interrupt until CNTVCT_EL0 reaches Rd', ops: [gpr('Rd', 'x')] }),
  // TSTART/TTEST (C6.2.370/372), FEAT_TME: in the MRS space with op0=0.
  row({ id: 'TSTART', mn: 'tstart', pat: `${SYS} 1 00 011 0011 0000 011 Rt:5`, group: 'sys/tme', feature: 'tme',
    summary: 'Start a transaction; Rt = 0 on start, the failure cause on abort', ops: [gpr('Rt', 'x')] }),
  row({ id: 'TTEST', mn: 'ttest', pat: `${SYS} 1 00 011 0011 0001 011 Rt:5`, group: 'sys/tme', feature: 'tme',
    summary: 'Rt = transactional nesting depth (0 outside a transaction)', ops: [gpr('Rt', 'x')] }),
];

const SUMMARY: Record<SysAliasMnemonic, string> = {
  at: 'Address translation of Xt as the named stage and EL; the result goes to PAR_EL1',
  dc: 'Data cache maintenance by VA, set/way or PA in Xt',
  ic: 'Instruction cache invalidate (by VA in Xt, or all)',
  tlbi: 'TLB invalidate by the named scope (VA/ASID/IPA in Xt where taken)',
  cfp: 'Restrict control flow prediction by the context in Xt',
  dvp: 'Restrict data value prediction by the context in Xt',
  cpp: 'Restrict cache prefetch prediction by the context in Xt',
};

/** SYS aliases: one row per mnemonic and feature, accepting the operations of that feature. */
function sysAliasRows(mn: SysAliasMnemonic, crn: string): InsnDef[] {
  return sysOpFeatures(mn).map((feature, i) => row({
    id: mn.toUpperCase() + (i === 0 ? '' : `_${feature}`), mn, pat: `${SYS} 0 01 op1:3 CRn=${crn} CRm:4 op2:3 Rt:5`,
    aliasOf: 'SYS', group: 'sys/sys', feature, summary: SUMMARY[mn],
    when: (f) => {
      const o = sysOpAt(f('op1'), f('CRn'), f('CRm'), f('op2'));
      return o !== undefined && o.mn === mn && o.feature === feature;
    },
    ops: [sysOp(mn, feature)],
  }));
}

const SYS_ROWS: InsnDef[] = [
  row({ id: 'SYS', mn: 'sys', pat: `${SYS} 0 01 op1:3 CRn:4 CRm:4 op2:3 Rt:5`, group: 'sys/sys',
    summary: 'System instruction op1, Cn, Cm, op2 with optional argument Xt',
    ops: [imm('op1'), creg('CRn'), creg('CRm'), imm('op2'), optXt()] }),
  row({ id: 'SYSL', mn: 'sysl', pat: `${SYS} 1 01 op1:3 CRn:4 CRm:4 op2:3 Rt:5`, group: 'sys/sys',
    summary: 'Xt = result of system instruction op1, Cn, Cm, op2',
    ops: [gpr('Rt', 'x'), imm('op1'), creg('CRn'), creg('CRm'), imm('op2')] }),
  ...sysAliasRows('at', '0111'),
  ...sysAliasRows('dc', '0111'),
  ...sysAliasRows('ic', '0111'),
  ...sysAliasRows('tlbi', '1000'),
  ...sysAliasRows('cfp', '0111'),
  ...sysAliasRows('dvp', '0111'),
  ...sysAliasRows('cpp', '0111'),
];

/** MRS/MSR (register), C6.2.227/230; op0 = 2 + o0. */
const SYSREG_ROWS: InsnDef[] = [
  row({ id: 'MRS', mn: 'mrs', pat: `${SYS} 1 1 o0:1 op1:3 CRn:4 CRm:4 op2:3 Rt:5`, group: 'sys/sysreg',
    summary: 'Xt = system register', ops: [gpr('Rt', 'x'), sysreg(false)] }),
  row({ id: 'MSR_reg', mn: 'msr', pat: `${SYS} 0 1 o0:1 op1:3 CRn:4 CRm:4 op2:3 Rt:5`, group: 'sys/sysreg',
    summary: 'System register = Xt', ops: [sysreg(true), gpr('Rt', 'x')] }),
  // The op0=0 space outside hints, barriers and PSTATE is unallocated (UNDEFINED when executed);
  // objdump prints it as MRS/MSR of a generic "s0_…" register, and so do we.
  row({ id: 'MRS_op0', mn: 'mrs', pat: `${SYS} 1 op0=00 op1:3 CRn:4 CRm:4 op2:3 Rt:5`, group: 'sys/sysreg',
    summary: 'Unallocated (op0=0); shown as MRS of the generic register name', ops: [gpr('Rt', 'x'), sysreg(false)] }),
  row({ id: 'MSR_op0', mn: 'msr', pat: `${SYS} 0 op0=00 op1:3 CRn:4 CRm:4 op2:3 Rt:5`, group: 'sys/sysreg',
    summary: 'Unallocated (op0=0); shown as MSR of the generic register name', ops: [sysreg(true), gpr('Rt', 'x')] }),
];

export const SYSTEM: InsnDef[] = [...HINT_ROWS, ...BARRIER_ROWS, ...PSTATE_ROWS, ...SYS_ROWS, ...SYSREG_ROWS];
