// Field layouts of the EL1 (guest kernel) registers and the PSTATE-access registers.
// ARM ARM D19.2: SCTLR_EL1 D19.2.118, TCR_EL1 D19.2.139, MAIR_EL1, CPACR_EL1, PAR_EL1,
// SPSR_ELx (C5.2.18-20), FPCR/FPSR (C5.2.8-9).

import type { SysRegField } from '../sysregs';
import { CACHEABILITY, PA_SIZE, SHAREABILITY, TG0, TG1, ttbr } from './fields-el2';
import { b, f, TRAP, type FieldTable } from './util';

const SCTLR_EL1: SysRegField[] = [
  b('M', 0, 'MMU enable for Stage-1 of the EL1&0 regime'),
  b('A', 1, 'Alignment check enable'),
  b('C', 2, 'Data cacheability control (0 = Non-cacheable)'),
  b('SA', 3, 'SP alignment check at EL1'),
  b('SA0', 4, 'SP alignment check at EL0'),
  b('CP15BEN', 5, 'AArch32 EL0 CP15 barrier enable'),
  b('nAA', 6, 'Non-aligned access allowed for LDAPR/STLR family'),
  b('ITD', 7, 'AArch32 EL0 IT disable'),
  b('SED', 8, 'AArch32 EL0 SETEND disable'),
  b('UMA', 9, 'User Mask Access: EL0 may access DAIF'),
  b('EnRCTX', 10, 'EL0 access to CFP/DVP/CPP RCTX instructions'),
  b('EOS', 11, 'Exception exit is context synchronizing'),
  b('I', 12, 'Instruction cacheability control'),
  b('EnDB', 13, 'Pointer authentication (DB key) enable'),
  b('DZE', 14, 'EL0 may execute DC ZVA'),
  b('UCT', 15, 'EL0 may read CTR_EL0'),
  b('nTWI', 16, 'Do not trap WFI at EL0', TRAP),
  b('nTWE', 18, 'Do not trap WFE at EL0', TRAP),
  b('WXN', 19, 'Write permission implies XN'),
  b('TSCXT', 20, 'Trap EL0 SCXTNUM_EL0 accesses', TRAP),
  b('IESB', 21, 'Implicit Error Synchronization event enable'),
  b('EIS', 22, 'Exception entry is context synchronizing'),
  b('SPAN', 23, 'Set Privileged Access Never on exception entry (0 = set PSTATE.PAN)'),
  b('E0E', 24, 'Endianness of EL0 data accesses', { 0: 'little-endian', 1: 'big-endian' }),
  b('EE', 25, 'Endianness of EL1 data accesses and EL1&0 table walks', { 0: 'little-endian', 1: 'big-endian' }),
  b('UCI', 26, 'EL0 may execute cache maintenance by VA'),
  b('EnDA', 27, 'Pointer authentication (DA key) enable'),
  b('nTLSMD', 28, 'No trap of load/store multiple to Device memory (AArch32)'),
  b('LSMAOE', 29, 'Load/store multiple atomicity and ordering (AArch32)'),
  b('EnIB', 30, 'Pointer authentication (IB key) enable'),
  b('EnIA', 31, 'Pointer authentication (IA key) enable'),
  b('CMOW', 32, 'Cache maintenance needs write permission'),
  b('MSCEn', 33, 'Memory copy/set instructions enable at EL0'),
  b('BT0', 35, 'PAC branch type compatibility at EL0'),
  b('BT1', 36, 'PAC branch type compatibility at EL1'),
  b('ITFSB', 37, 'Auto-synchronize tag check faults on exception entry'),
  f('TCF0', 39, 38, 'Tag check fault handling at EL0', { 0: 'no effect', 1: 'synchronous exception', 2: 'asynchronous', 3: 'sync reads, async writes' }),
  f('TCF', 41, 40, 'Tag check fault handling at EL1', { 0: 'no effect', 1: 'synchronous exception', 2: 'asynchronous', 3: 'sync reads, async writes' }),
  b('ATA0', 42, 'Allocation Tag Access at EL0'),
  b('ATA', 43, 'Allocation Tag Access at EL1'),
  b('DSSBS', 44, 'Default PSTATE.SSBS on exception entry'),
  b('TWEDEn', 45, 'TWE Delay enable'),
  f('TWEDEL', 49, 46, 'TWE Delay: 2^(TWEDEL+8) cycles'),
  b('EnASR', 54, 'EL0 ST64BV enable'),
  b('EnAS0', 55, 'EL0 ST64BV0 enable'),
  b('EnALS', 56, 'EL0 LD64B/ST64B enable'),
  b('EPAN', 57, 'Enhanced PAN: PAN also applies to execute-only user memory'),
  b('NMI', 61, 'Non-maskable interrupt enable'),
  b('SPINTMASK', 62, 'SP interrupt mask'),
  b('TIDCP', 63, 'Trap implementation-defined system register accesses at EL0', TRAP),
];

const TCR_EL1: SysRegField[] = [
  f('T0SZ', 5, 0, 'Size offset of the TTBR0 region: 2^(64-T0SZ) bytes'),
  b('EPD0', 7, 'Disable table walks on TLB miss for TTBR0'),
  f('IRGN0', 9, 8, 'Inner cacheability of TTBR0 walks', CACHEABILITY),
  f('ORGN0', 11, 10, 'Outer cacheability of TTBR0 walks', CACHEABILITY),
  f('SH0', 13, 12, 'Shareability of TTBR0 walks', SHAREABILITY),
  f('TG0', 15, 14, 'TTBR0 granule size', TG0),
  f('T1SZ', 21, 16, 'Size offset of the TTBR1 region: 2^(64-T1SZ) bytes'),
  b('A1', 22, 'ASID select', { 0: 'TTBR0_EL1.ASID', 1: 'TTBR1_EL1.ASID' }),
  b('EPD1', 23, 'Disable table walks on TLB miss for TTBR1'),
  f('IRGN1', 25, 24, 'Inner cacheability of TTBR1 walks', CACHEABILITY),
  f('ORGN1', 27, 26, 'Outer cacheability of TTBR1 walks', CACHEABILITY),
  f('SH1', 29, 28, 'Shareability of TTBR1 walks', SHAREABILITY),
  f('TG1', 31, 30, 'TTBR1 granule size (different encoding from TG0)', TG1),
  f('IPS', 34, 32, 'Intermediate physical address size', PA_SIZE),
  b('AS', 36, 'ASID size', { 0: '8 bits', 1: '16 bits' }),
  b('TBI0', 37, 'Top Byte Ignore, TTBR0 region'),
  b('TBI1', 38, 'Top Byte Ignore, TTBR1 region'),
  b('HA', 39, 'Hardware Access flag update'),
  b('HD', 40, 'Hardware dirty state management'),
  b('HPD0', 41, 'Hierarchical permission disable, TTBR0'),
  b('HPD1', 42, 'Hierarchical permission disable, TTBR1'),
  ...[59, 60, 61, 62].map((n, i) => b(`HWU0${n}`, 43 + i, `Hardware use of bit ${n} of TTBR0 descriptors`)),
  ...[59, 60, 61, 62].map((n, i) => b(`HWU1${n}`, 47 + i, `Hardware use of bit ${n} of TTBR1 descriptors`)),
  b('TBID0', 51, 'TBI0 applies to data accesses only'),
  b('TBID1', 52, 'TBI1 applies to data accesses only'),
  b('NFD0', 53, 'Non-fault translation disable for TTBR0 (SVE)'),
  b('NFD1', 54, 'Non-fault translation disable for TTBR1 (SVE)'),
  b('E0PD0', 55, 'EL0 accesses to the TTBR0 region fault'),
  b('E0PD1', 56, 'EL0 accesses to the TTBR1 region fault'),
  b('TCMA0', 57, 'Unchecked accesses for tag 0x0 addresses (TTBR0)'),
  b('TCMA1', 58, 'Unchecked accesses for tag 0xF addresses (TTBR1)'),
  b('DS', 59, '52-bit output addresses with 4KB/16KB granules (FEAT_LPA2)'),
];

/** MAIR Attr<n> values in common use (Outer[7:4], Inner[3:0]; D8.5.5). */
const MAIR_ATTR: Record<number, string> = {
  0x00: 'Device-nGnRnE', 0x04: 'Device-nGnRE', 0x08: 'Device-nGRE', 0x0c: 'Device-GRE',
  0x44: 'Normal Non-cacheable', 0xaa: 'Normal Write-Through Read-Allocate', 0xbb: 'Normal Write-Through Read/Write-Allocate',
  0xee: 'Normal Write-Back Read-Allocate', 0xff: 'Normal Write-Back Read/Write-Allocate', 0xf0: 'Tagged Normal Write-Back (MTE)',
};
const MAIR: SysRegField[] = [0, 1, 2, 3, 4, 5, 6, 7].map((n) =>
  f(`Attr${n}`, 8 * n + 7, 8 * n, `Memory attributes for AttrIndx=${n}`, MAIR_ATTR));

const CPACR_EL1: SysRegField[] = [
  f('ZEN', 17, 16, 'SVE access', { 0: 'trap EL0 and EL1', 1: 'trap EL0 only', 2: 'trap EL0 and EL1', 3: 'no trap' }),
  f('FPEN', 21, 20, 'FP/SIMD access', { 0: 'trap EL0 and EL1', 1: 'trap EL0 only', 2: 'trap EL0 and EL1', 3: 'no trap' }),
  f('SMEN', 25, 24, 'SME access', { 0: 'trap EL0 and EL1', 1: 'trap EL0 only', 2: 'trap EL0 and EL1', 3: 'no trap' }),
  b('TTA', 28, 'Trap trace register accesses at EL0/EL1', TRAP),
];

const PAR_OK: SysRegField[] = [
  b('F', 0, 'Translation aborted', { 0: 'successful (PA valid)', 1: 'aborted (fault view)' }),
  f('SH', 8, 7, 'Shareability of the result', SHAREABILITY),
  b('NS', 9, 'Output address is Non-secure'),
  b('NSE', 11, 'Output address space extension (RME)'),
  f('PA', 51, 12, 'Output physical address bits [51:12]'),
  f('ATTR', 63, 56, 'Memory attributes of the result (MAIR encoding)', MAIR_ATTR),
];
const PAR_FAULT: SysRegField[] = [
  b('F', 0, 'Translation aborted'),
  f('FST', 6, 1, 'Fault status code (DFSC encoding)'),
  b('PTW', 8, 'Stage-2 fault on a Stage-1 table walk'),
  b('S', 9, 'Fault stage', { 0: 'Stage 1', 1: 'Stage 2' }),
];

/** SPSR_ELx for an exception taken from AArch64 (C5.2.18). */
export const SPSR: SysRegField[] = [
  f('M', 3, 0, 'Exception level and SP selected when the exception was taken',
    { 0: 'EL0t', 4: 'EL1t', 5: 'EL1h', 8: 'EL2t', 9: 'EL2h', 12: 'EL3t', 13: 'EL3h' }),
  b('nRW', 4, 'Execution state taken from (M[4])', { 0: 'AArch64', 1: 'AArch32' }),
  b('F', 6, 'FIQ mask'),
  b('I', 7, 'IRQ mask'),
  b('A', 8, 'SError mask'),
  b('D', 9, 'Debug exception mask'),
  f('BTYPE', 11, 10, 'Branch type (BTI)'),
  b('SSBS', 12, 'Speculative Store Bypass Safe'),
  b('ALLINT', 13, 'All interrupt mask (NMI)'),
  b('IL', 20, 'Illegal Execution state'),
  b('SS', 21, 'Software step'),
  b('PAN', 22, 'Privileged Access Never'),
  b('UAO', 23, 'User Access Override'),
  b('DIT', 24, 'Data Independent Timing'),
  b('TCO', 25, 'Tag Check Override'),
  b('V', 28, 'Overflow flag'),
  b('C', 29, 'Carry flag'),
  b('Z', 30, 'Zero flag'),
  b('N', 31, 'Negative flag'),
];

const FPCR: SysRegField[] = [
  b('FIZ', 0, 'Flush inputs to zero (FEAT_AFP)'),
  b('AH', 1, 'Alternate handling of denormals/NaNs (FEAT_AFP)'),
  b('NEP', 2, 'Scalar ops keep upper vector elements (FEAT_AFP)'),
  b('IOE', 8, 'Invalid Operation exception trap enable'),
  b('DZE', 9, 'Divide by Zero exception trap enable'),
  b('OFE', 10, 'Overflow exception trap enable'),
  b('UFE', 11, 'Underflow exception trap enable'),
  b('IXE', 12, 'Inexact exception trap enable'),
  b('EBF', 13, 'Extended BFloat16 behaviour'),
  b('IDE', 15, 'Input Denormal exception trap enable'),
  f('Len', 18, 16, 'AArch32 vector length (RES0 in AArch64)'),
  b('FZ16', 19, 'Flush-to-zero for half precision'),
  f('Stride', 21, 20, 'AArch32 vector stride (RES0 in AArch64)'),
  f('RMode', 23, 22, 'Rounding mode', { 0: 'RN (nearest)', 1: 'RP (towards +inf)', 2: 'RM (towards -inf)', 3: 'RZ (towards zero)' }),
  b('FZ', 24, 'Flush-to-zero'),
  b('DN', 25, 'Default NaN'),
  b('AHP', 26, 'Alternative half-precision format'),
];

const FPSR: SysRegField[] = [
  b('IOC', 0, 'Invalid Operation cumulative'),
  b('DZC', 1, 'Divide by Zero cumulative'),
  b('OFC', 2, 'Overflow cumulative'),
  b('UFC', 3, 'Underflow cumulative'),
  b('IXC', 4, 'Inexact cumulative'),
  b('IDC', 7, 'Input Denormal cumulative'),
  b('QC', 27, 'Cumulative saturation (AdvSIMD)'),
  b('V', 28, 'AArch32 V flag'),
  b('C', 29, 'AArch32 C flag'),
  b('Z', 30, 'AArch32 Z flag'),
  b('N', 31, 'AArch32 N flag'),
];

const MDSCR_EL1: SysRegField[] = [
  b('SS', 0, 'Software step enable'),
  b('TDCC', 12, 'Trap EL0 Debug Comms Channel accesses', TRAP),
  b('KDE', 13, 'Local (kernel) debug enable at the debug target EL'),
  b('HDE', 14, 'Halting debug enable'),
  b('MDE', 15, 'Monitor debug events (breakpoints, watchpoints) enable'),
  b('TXU', 26, 'DCC transmit underrun'),
  b('RXO', 27, 'DCC receive overrun'),
  b('TXfull', 29, 'DBGDTRTX_EL0 full'),
  b('RXfull', 30, 'DBGDTRRX_EL0 full'),
];

const PMCR_EL0: SysRegField[] = [
  b('E', 0, 'Enable the event counters and PMCCNTR_EL0'),
  b('P', 1, 'Reset event counters (write 1)'),
  b('C', 2, 'Reset PMCCNTR_EL0 (write 1)'),
  b('D', 3, 'Clock divider: PMCCNTR_EL0 counts every 64 cycles'),
  b('X', 4, 'Export events to an external monitor'),
  b('DP', 5, 'Disable PMCCNTR_EL0 when event counting is prohibited'),
  b('LC', 6, 'Long cycle counter: overflow at 64 bits'),
  b('LP', 7, 'Long event counters'),
  f('N', 15, 11, 'Number of event counters implemented'),
  f('IDCODE', 23, 16, 'Identification code'),
  f('IMP', 31, 24, 'Implementer code'),
];

const whole = (name: string, desc: string): SysRegField[] => [f(name, 63, 0, desc)];
const IMPDEF = whole('IMPDEF', 'Implementation defined');

export const EL1_FIELDS: FieldTable = {
  SCTLR_EL1, TCR_EL1, CPACR_EL1, FPCR, FPSR, MDSCR_EL1, PMCR_EL0,
  TTBR0_EL1: ttbr('ASID'),
  TTBR1_EL1: ttbr('ASID'),
  MAIR_EL1: MAIR, MAIR_EL2: MAIR, MAIR_EL3: MAIR,
  PAR_EL1: PAR_OK,
  SPSR_EL1: SPSR, SPSR_EL2: SPSR, SPSR_EL3: SPSR, DSPSR_EL0: SPSR,
  CurrentEL: [f('EL', 3, 2, 'Current exception level', { 0: 'EL0', 1: 'EL1', 2: 'EL2', 3: 'EL3' })],
  DAIF: [b('F', 6, 'FIQ mask'), b('I', 7, 'IRQ mask'), b('A', 8, 'SError mask'), b('D', 9, 'Debug exception mask')],
  NZCV: [b('V', 28, 'Overflow'), b('C', 29, 'Carry'), b('Z', 30, 'Zero'), b('N', 31, 'Negative')],
  SPSel: [b('SP', 0, 'Stack pointer in use', { 0: 'SP_EL0', 1: 'SP_ELx' })],
  PAN: [b('PAN', 22, 'Privileged Access Never')],
  UAO: [b('UAO', 23, 'User Access Override')],
  DIT: [b('DIT', 24, 'Data Independent Timing')],
  SSBS: [b('SSBS', 12, 'Speculative Store Bypass Safe')],
  TCO: [b('TCO', 25, 'Tag Check Override')],
  ALLINT: [b('ALLINT', 13, 'All interrupt mask')],
  FAR_EL1: whole('VA', 'Faulting virtual address'), FAR_EL2: whole('VA', 'Faulting virtual address'), FAR_EL3: whole('VA', 'Faulting virtual address'),
  ELR_EL1: whole('ReturnAddress', 'Return address for ERET'), ELR_EL2: whole('ReturnAddress', 'Return address for ERET'), ELR_EL3: whole('ReturnAddress', 'Return address for ERET'),
  VBAR_EL1: [f('VBA', 63, 11, 'Vector base address (2KB aligned)')],
  VBAR_EL2: [f('VBA', 63, 11, 'Vector base address (2KB aligned)')],
  VBAR_EL3: [f('VBA', 63, 11, 'Vector base address (2KB aligned)')],
  TPIDR_EL0: whole('ThreadID', 'Thread identifying information (software use)'),
  TPIDRRO_EL0: whole('ThreadID', 'Thread identifying information (software use)'),
  TPIDR_EL1: whole('ThreadID', 'Thread identifying information (software use)'),
  TPIDR_EL2: whole('ThreadID', 'Thread identifying information (software use)'),
  TPIDR_EL3: whole('ThreadID', 'Thread identifying information (software use)'),
  CONTEXTIDR_EL1: [f('PROCID', 31, 0, 'Process identifier')],
  CONTEXTIDR_EL2: [f('PROCID', 31, 0, 'Process identifier')],
  AFSR0_EL1: IMPDEF, AFSR1_EL1: IMPDEF, AFSR0_EL2: IMPDEF, AFSR1_EL2: IMPDEF,
  AMAIR_EL1: IMPDEF, AMAIR_EL2: IMPDEF, ACTLR_EL1: IMPDEF, ACTLR_EL2: IMPDEF, REVIDR_EL1: IMPDEF,
  PMUSERENR_EL0: [b('EN', 0, 'EL0 access to the PMU'), b('SW', 1, 'EL0 writes to PMSWINC_EL0'), b('CR', 2, 'EL0 reads of PMCCNTR_EL0'), b('ER', 3, 'EL0 reads of event counters')],
};

export const EL1_VIEWS: Record<string, { when: string; fields: readonly SysRegField[] }[]> = {
  PAR_EL1: [{ when: 'PAR_EL1.F=1', fields: PAR_FAULT }],
};

export const EL1_NOTES: Record<string, string> = {
  PAR_EL1: 'fields are the F=0 (success) view; with F=1: FST[6:1] fault status, PTW[8], S[9] stage',
  SPSR_EL1: 'fields are the view for exceptions taken from AArch64',
  SPSR_EL2: 'fields are the view for exceptions taken from AArch64',
};
