// Field layouts of the identification and cache-geometry registers (ARM ARM D19.2:
// ID_AA64PFR0_EL1, ID_AA64ISAR0/1_EL1, ID_AA64MMFR0/1_EL1, ID_AA64DFR0_EL1, CTR_EL0, CLIDR_EL1, ...).
// ID fields are 4-bit, unsigned unless noted; 0 means "not implemented" unless the value names say otherwise.

import type { SysRegField } from '../sysregs';
import { MIDR_FIELDS, MPIDR_FIELDS, PA_SIZE } from './fields-el2';
import { b, f, type FieldTable } from './util';

/** Consecutive 4-bit ID fields from bit 0; '' skips a nibble. */
function nibbles(names: readonly (string | readonly [string, string, Record<number, string>?])[]): SysRegField[] {
  return names.flatMap((n, i) => {
    if (n === '') return [];
    const [name, desc, values] = typeof n === 'string' ? [n, `${n} support level`, undefined] : n;
    return [f(name, 4 * i + 3, 4 * i, desc, values)];
  });
}

const ELX = { 0: 'not implemented', 1: 'AArch64 only', 2: 'AArch64 and AArch32' };

const ID_AA64PFR0_EL1 = nibbles([
  ['EL0', 'EL0 execution states', ELX], ['EL1', 'EL1 execution states', ELX], ['EL2', 'EL2 execution states', ELX], ['EL3', 'EL3 execution states', ELX],
  ['FP', 'Floating-point (signed)', { 0: 'implemented', 1: 'implemented with FP16', 0xf: 'not implemented' }],
  ['AdvSIMD', 'Advanced SIMD (signed)', { 0: 'implemented', 1: 'implemented with FP16', 0xf: 'not implemented' }],
  ['GIC', 'GIC system register interface', { 0: 'none', 1: 'GICv3/v4', 3: 'GICv4.1' }],
  ['RAS', 'RAS extension', { 0: 'none', 1: 'RAS', 2: 'RASv1p1', 3: 'RASv2' }],
  ['SVE', 'Scalable Vector Extension'], ['SEL2', 'Secure EL2'], ['MPAM', 'MPAM major version'], ['AMU', 'Activity Monitors', { 0: 'none', 1: 'AMUv1', 2: 'AMUv1p1' }],
  ['DIT', 'Data Independent Timing'], ['RME', 'Realm Management Extension'], ['CSV2', 'Speculative use of out-of-context branch targets'], ['CSV3', 'Speculative use of faulting data'],
]);

const ID_AA64PFR1_EL1 = nibbles([
  ['BT', 'Branch Target Identification'], ['SSBS', 'Speculative Store Bypass Safe', { 0: 'none', 1: 'PSTATE.SSBS', 2: 'with MSR/MRS SSBS' }],
  ['MTE', 'Memory Tagging', { 0: 'none', 1: 'EL0 instructions only', 2: 'MTE2 (full)', 3: 'MTE3 (asymmetric)' }],
  ['RAS_frac', 'RAS fractional version'], ['MPAM_frac', 'MPAM minor version'], '',
  ['SME', 'Scalable Matrix Extension'], ['RNDR_trap', 'RNDR trapping to EL3'], ['CSV2_frac', 'CSV2 fractional version'], ['NMI', 'Non-maskable interrupts'],
]);

const ID_AA64ISAR0_EL1 = nibbles([
  '', ['AES', 'AES instructions', { 0: 'none', 1: 'AES', 2: 'AES + PMULL' }], ['SHA1', 'SHA1 instructions'], ['SHA2', 'SHA2 instructions', { 0: 'none', 1: 'SHA256', 2: 'SHA256 + SHA512' }],
  ['CRC32', 'CRC32 instructions'], ['Atomic', 'LSE atomics', { 0: 'none', 2: 'LSE' }], ['TME', 'Transactional Memory'], ['RDM', 'SQRDMLAH/SQRDMLSH'],
  ['SHA3', 'SHA3 instructions'], ['SM3', 'SM3 instructions'], ['SM4', 'SM4 instructions'], ['DP', 'Dot product (UDOT/SDOT)'],
  ['FHM', 'FMLAL/FMLSL'], ['TS', 'Flag manipulation', { 0: 'none', 1: 'CFINV/RMIF/SETF', 2: '+ AXFLAG/XAFLAG' }], ['TLB', 'TLB maintenance', { 0: 'none', 1: 'Outer Shareable', 2: 'OS + range' }], ['RNDR', 'RNDR/RNDRRS'],
]);

const ID_AA64ISAR1_EL1 = nibbles([
  ['DPB', 'DC CVAP/CVADP', { 0: 'none', 1: 'DC CVAP', 2: 'DC CVAP + CVADP' }], ['APA', 'Address authentication, QARMA5'], ['API', 'Address authentication, IMPLEMENTATION DEFINED algorithm'], ['JSCVT', 'FJCVTZS'],
  ['FCMA', 'FCMLA/FCADD'], ['LRCPC', 'RCpc load-acquire', { 0: 'none', 1: 'LDAPR', 2: 'LDAPR + LDAPUR/STLUR' }], ['GPA', 'Generic authentication, QARMA5'], ['GPI', 'Generic authentication, IMPLEMENTATION DEFINED'],
  ['FRINTTS', 'FRINT32/FRINT64'], ['SB', 'SB barrier'], ['SPECRES', 'CFP/DVP/CPP RCTX'], ['BF16', 'BFloat16'],
  ['DGH', 'DGH hint'], ['I8MM', 'Int8 matrix multiply'], ['XS', 'XS attribute'], ['LS64', 'LD64B/ST64B'],
]);

const ID_AA64MMFR0_EL1 = nibbles([
  ['PARange', 'Physical address range', PA_SIZE], ['ASIDBits', 'ASID size', { 0: '8 bits', 2: '16 bits' }], ['BigEnd', 'Mixed-endian support'], ['SNSMem', 'Secure/Non-secure memory distinction'],
  ['BigEndEL0', 'Mixed-endian at EL0 only'], ['TGran16', '16KB granule at stage 1', { 0: 'not supported', 1: 'supported', 2: 'supported with 52-bit' }],
  ['TGran64', '64KB granule at stage 1', { 0: 'supported', 0xf: 'not supported' }], ['TGran4', '4KB granule at stage 1', { 0: 'supported', 1: 'supported with 52-bit', 0xf: 'not supported' }],
  ['TGran16_2', '16KB granule at stage 2', { 0: 'as stage 1', 1: 'not supported', 2: 'supported', 3: 'supported with 52-bit' }],
  ['TGran64_2', '64KB granule at stage 2', { 0: 'as stage 1', 1: 'not supported', 2: 'supported' }],
  ['TGran4_2', '4KB granule at stage 2', { 0: 'as stage 1', 1: 'not supported', 2: 'supported', 3: 'supported with 52-bit' }],
  ['ExS', 'Non-context-synchronizing exception entry/exit'], '', '', ['FGT', 'Fine-grained traps'], ['ECV', 'Enhanced Counter Virtualization'],
]);

const ID_AA64MMFR1_EL1 = nibbles([
  ['HAFDBS', 'Hardware Access flag and dirty state', { 0: 'none', 1: 'Access flag', 2: 'Access flag and dirty state' }],
  ['VMIDBits', 'VMID size', { 0: '8 bits', 2: '16 bits' }], ['VH', 'Virtualization Host Extensions (E2H)'], ['HPDS', 'Hierarchical permission disables'],
  ['LO', 'Limited ordering regions'], ['PAN', 'Privileged Access Never', { 0: 'none', 1: 'PAN', 2: 'PAN + AT S1E1RP/WP', 3: 'PAN + EPAN' }],
  ['SpecSEI', 'SError on speculative reads'], ['XNX', 'Stage-2 XN distinguishes EL0/EL1'], ['TWED', 'Configurable delayed WFE trapping'], ['ETS', 'Enhanced translation synchronization'],
  ['HCX', 'HCRX_EL2'], ['AFP', 'Alternate floating-point behaviour'], ['nTLBPA', 'No intermediate caching by PA'], ['TIDCP1', 'SCTLR_ELx.TIDCP'], ['CMOW', 'Cache maintenance needs write permission'],
]);

const ID_AA64DFR0_EL1 = nibbles([
  ['DebugVer', 'Debug architecture version', { 6: 'Armv8.0', 7: 'Armv8.0 + VHE', 8: 'Armv8.2', 9: 'Armv8.4', 0xa: 'Armv8.8' }],
  ['TraceVer', 'System-register trace unit'], ['PMUVer', 'PMU version', { 0: 'none', 1: 'PMUv3', 4: 'PMUv3 v8.1', 5: 'PMUv3 v8.4', 6: 'PMUv3 v8.5', 7: 'PMUv3 v8.7', 0xf: 'IMPLEMENTATION DEFINED' }],
  ['BRPs', 'Number of breakpoints minus one'], '', ['WRPs', 'Number of watchpoints minus one'], '',
  ['CTX_CMPs', 'Number of context-aware breakpoints minus one'], ['PMSVer', 'Statistical Profiling version'], ['DoubleLock', 'OS Double Lock (0 = implemented)'],
  ['TraceFilt', 'Self-hosted trace filtering'], ['TraceBuffer', 'Trace Buffer Extension'], ['MTPMU', 'Multi-threaded PMU'], ['BRBE', 'Branch Record Buffer'], '', ['HPMN0', 'MDCR_EL2.HPMN may be 0'],
]);

const CTYPE = { 0: 'no cache', 1: 'instruction only', 2: 'data only', 3: 'separate I and D', 4: 'unified' };

export const ID_FIELDS: FieldTable = {
  MIDR_EL1: MIDR_FIELDS,
  MPIDR_EL1: MPIDR_FIELDS,
  ID_AA64PFR0_EL1, ID_AA64PFR1_EL1, ID_AA64ISAR0_EL1, ID_AA64ISAR1_EL1, ID_AA64MMFR0_EL1, ID_AA64MMFR1_EL1, ID_AA64DFR0_EL1,
  CSSELR_EL1: [b('InD', 0, 'Instruction not Data cache'), f('Level', 3, 1, 'Cache level minus one'), b('TnD', 4, 'Allocation Tag not Data cache')],
  CCSIDR_EL1: [
    f('LineSize', 2, 0, 'log2(line bytes) - 4'),
    f('Associativity', 12, 3, 'Associativity minus one (layout without FEAT_CCIDX)'),
    f('NumSets', 27, 13, 'Number of sets minus one (layout without FEAT_CCIDX)'),
  ],
  CLIDR_EL1: [
    ...[1, 2, 3, 4, 5, 6, 7].map((n) => f(`Ctype${n}`, 3 * n - 1, 3 * n - 3, `Cache type at level ${n}`, CTYPE)),
    f('LoUIS', 23, 21, 'Level of Unification Inner Shareable'),
    f('LoC', 26, 24, 'Level of Coherence'),
    f('LoUU', 29, 27, 'Level of Unification Uniprocessor'),
    f('ICB', 32, 30, 'Inner cache boundary'),
  ],
  CTR_EL0: [
    f('IminLine', 3, 0, 'log2(words) of the smallest I-cache line'),
    f('L1Ip', 15, 14, 'L1 instruction cache policy', { 0: 'VPIPT', 1: 'AIVIVT', 2: 'VIPT', 3: 'PIPT' }),
    f('DminLine', 19, 16, 'log2(words) of the smallest D-cache line'),
    f('ERG', 23, 20, 'Exclusives reservation granule, log2(words)'),
    f('CWG', 27, 24, 'Cache writeback granule, log2(words)'),
    b('IDC', 28, 'D-cache clean to PoU not required for I/D coherence'),
    b('DIC', 29, 'I-cache invalidation to PoU not required for I/D coherence'),
    b('RES1', 31, 'Reserved, reads as one'),
    f('TminLine', 37, 32, 'log2(words) of the smallest tag granule line'),
  ],
  DCZID_EL0: [f('BS', 3, 0, 'log2(words) of the DC ZVA block'), b('DZP', 4, 'DC ZVA/GVA/GZVA prohibited')],
};

export const ID_NOTES: Record<string, string> = {
  CCSIDR_EL1: 'fields are the layout without FEAT_CCIDX (Associativity 23:3 and NumSets 55:32 with it)',
};
