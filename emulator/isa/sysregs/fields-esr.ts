// ESR_ELx: exception classes and the ISS layouts a hypervisor decodes (ARM ARM D19.2.37,
// "ISS encoding for an exception from ..."). Value names read "TOKEN: meaning" so a view can
// show either part; the tokens follow the usual ESR_ELx_EC_* spelling.

import type { SysRegField } from '../sysregs';
import { b, f, type FieldTable } from './util';

export const ESR_EC: Record<number, string> = {
  0x00: 'UNKNOWN: unknown reason (e.g. UNDEFINED instruction)',
  0x01: 'WFx: trapped WFI/WFE/WFIT/WFET',
  0x03: 'CP15_32: trapped AArch32 MCR/MRC (coproc 0b1111)',
  0x04: 'CP15_64: trapped AArch32 MCRR/MRRC (coproc 0b1111)',
  0x05: 'CP14_MR: trapped AArch32 MCR/MRC (coproc 0b1110)',
  0x06: 'CP14_LS: trapped AArch32 LDC/STC',
  0x07: 'FP_ASIMD: trapped SVE, Advanced SIMD or FP access (CPACR/CPTR)',
  0x08: 'CP10_ID: trapped AArch32 VMRS of an ID register',
  0x09: 'PAC: trapped pointer authentication instruction (HCR_EL2.API/SCR_EL3.API)',
  0x0a: 'LS64: trapped LD64B/ST64B*',
  0x0c: 'CP14_64: trapped AArch32 MRRC (coproc 0b1110)',
  0x0d: 'BTI: Branch Target exception',
  0x0e: 'ILL: Illegal Execution state',
  0x11: 'SVC32: SVC in AArch32',
  0x12: 'HVC32: HVC in AArch32',
  0x13: 'SMC32: SMC in AArch32',
  0x15: 'SVC64: SVC in AArch64',
  0x16: 'HVC64: HVC in AArch64',
  0x17: 'SMC64: SMC in AArch64',
  0x18: 'SYS64: trapped MSR, MRS or System instruction in AArch64',
  0x19: 'SVE: trapped SVE access',
  0x1a: 'ERET: trapped ERET/ERETAA/ERETAB (nested virtualization)',
  0x1b: 'TSTART: trapped TSTART (TME)',
  0x1c: 'FPAC: pointer authentication failure',
  0x1d: 'SME: trapped SME access',
  0x1e: 'GPC: Granule Protection Check exception',
  0x1f: 'IMP_DEF: implementation defined exception to EL3',
  0x20: 'IABT_LOW: Instruction Abort from a lower EL',
  0x21: 'IABT_CUR: Instruction Abort from the same EL',
  0x22: 'PC_ALIGN: PC alignment fault',
  0x24: 'DABT_LOW: Data Abort from a lower EL',
  0x25: 'DABT_CUR: Data Abort from the same EL',
  0x26: 'SP_ALIGN: SP alignment fault',
  0x27: 'MOPS: memory copy/set exception',
  0x28: 'FP_EXC32: trapped floating-point exception, AArch32',
  0x2c: 'FP_EXC64: trapped floating-point exception, AArch64',
  0x2f: 'SERROR: SError interrupt',
  0x30: 'BREAKPT_LOW: Breakpoint from a lower EL',
  0x31: 'BREAKPT_CUR: Breakpoint from the same EL',
  0x32: 'SOFTSTP_LOW: Software Step from a lower EL',
  0x33: 'SOFTSTP_CUR: Software Step from the same EL',
  0x34: 'WATCHPT_LOW: Watchpoint from a lower EL',
  0x35: 'WATCHPT_CUR: Watchpoint from the same EL',
  0x38: 'BKPT32: BKPT in AArch32',
  0x3a: 'VECTOR32: Vector Catch in AArch32',
  0x3c: 'BRK64: BRK in AArch64',
};

const ESR: SysRegField[] = [
  f('ISS', 24, 0, 'Instruction Specific Syndrome (layout depends on EC; see ESR_ISS_FIELDS)'),
  b('IL', 25, 'Instruction Length of the trapped instruction', { 0: '16-bit', 1: '32-bit' }),
  f('EC', 31, 26, 'Exception Class', ESR_EC),
  f('ISS2', 36, 32, 'ISS2: extra syndrome (LS64 data register, MTE/GCS)'),
];

/** Data/Instruction Fault Status Codes (DFSC/IFSC). */
export const FSC: Record<number, string> = {
  0x00: 'Address size fault, level 0', 0x01: 'Address size fault, level 1', 0x02: 'Address size fault, level 2', 0x03: 'Address size fault, level 3',
  0x04: 'Translation fault, level 0', 0x05: 'Translation fault, level 1', 0x06: 'Translation fault, level 2', 0x07: 'Translation fault, level 3',
  0x08: 'Access flag fault, level 0', 0x09: 'Access flag fault, level 1', 0x0a: 'Access flag fault, level 2', 0x0b: 'Access flag fault, level 3',
  0x0c: 'Permission fault, level 0', 0x0d: 'Permission fault, level 1', 0x0e: 'Permission fault, level 2', 0x0f: 'Permission fault, level 3',
  0x10: 'Synchronous External abort, not on a table walk', 0x11: 'Synchronous Tag Check Fault',
  0x13: 'Synchronous External abort on a table walk, level -1',
  0x14: 'Synchronous External abort on a table walk, level 0', 0x15: 'Synchronous External abort on a table walk, level 1',
  0x16: 'Synchronous External abort on a table walk, level 2', 0x17: 'Synchronous External abort on a table walk, level 3',
  0x18: 'Synchronous parity/ECC error, not on a table walk',
  0x21: 'Alignment fault', 0x23: 'Granule Protection Fault on a table walk, level -1',
  0x24: 'Granule Protection Fault on a table walk, level 0', 0x25: 'Granule Protection Fault on a table walk, level 1',
  0x26: 'Granule Protection Fault on a table walk, level 2', 0x27: 'Granule Protection Fault on a table walk, level 3',
  0x28: 'Granule Protection Fault, not on a table walk',
  0x29: 'Address size fault, level -1', 0x2b: 'Translation fault, level -1',
  0x30: 'TLB conflict abort', 0x31: 'Unsupported atomic hardware update fault',
  0x34: 'IMPLEMENTATION DEFINED (Lockdown)', 0x35: 'IMPLEMENTATION DEFINED (Unsupported Exclusive or Atomic access)',
};

const DABT_ISS: SysRegField[] = [
  f('DFSC', 5, 0, 'Data Fault Status Code', FSC),
  b('WnR', 6, 'Write not Read', { 0: 'read', 1: 'write' }),
  b('S1PTW', 7, 'Stage-2 fault on a Stage-1 translation table walk'),
  b('CM', 8, 'Fault from a cache maintenance or address translation instruction'),
  b('EA', 9, 'External abort type (implementation defined)'),
  b('FnV', 10, 'FAR not Valid'),
  f('SET', 12, 11, 'Synchronous Error Type (RAS)'),
  b('VNCR', 13, 'Fault from an access through VNCR_EL2 (NV2)'),
  b('AR', 14, 'Acquire/Release semantics (ISV=1)'),
  b('SF', 15, '64-bit register transfer (ISV=1)'),
  f('SRT', 20, 16, 'Syndrome Register Transfer: the Rt of the load/store (ISV=1)'),
  b('SSE', 21, 'Syndrome Sign Extend (ISV=1)'),
  f('SAS', 23, 22, 'Syndrome Access Size (ISV=1)', { 0: 'byte', 1: 'halfword', 2: 'word', 3: 'doubleword' }),
  b('ISV', 24, 'Instruction Syndrome Valid: bits 23:14 hold a valid syndrome (MMIO emulation)'),
];

const IABT_ISS: SysRegField[] = [
  f('IFSC', 5, 0, 'Instruction Fault Status Code', FSC),
  b('S1PTW', 7, 'Stage-2 fault on a Stage-1 translation table walk'),
  b('EA', 9, 'External abort type'),
  b('FnV', 10, 'FAR not Valid'),
  f('SET', 12, 11, 'Synchronous Error Type (RAS)'),
];

const SYS64_ISS: SysRegField[] = [
  b('Direction', 0, 'Direction', { 0: 'write (MSR)', 1: 'read (MRS)' }),
  f('CRm', 4, 1, 'CRm of the access'),
  f('Rt', 9, 5, 'Rt of the access'),
  f('CRn', 13, 10, 'CRn of the access'),
  f('Op1', 16, 14, 'op1 of the access'),
  f('Op2', 19, 17, 'op2 of the access'),
  f('Op0', 21, 20, 'op0 of the access'),
];

const WFX_ISS: SysRegField[] = [
  f('TI', 1, 0, 'Trapped instruction', { 0: 'WFI', 1: 'WFE', 2: 'WFIT', 3: 'WFET' }),
  b('RV', 2, 'Register field Rn valid (WFIT/WFET)'),
  f('RN', 9, 5, 'Register holding the timeout (WFIT/WFET)'),
  f('COND', 23, 20, 'Condition code (AArch32)'),
  b('CV', 24, 'Condition code valid'),
];

const IMM16_ISS: SysRegField[] = [f('imm16', 15, 0, 'Immediate of the SVC/HVC/SMC/BRK instruction')];

const SERROR_ISS: SysRegField[] = [
  f('DFSC', 5, 0, 'Fault status (0x00 uncategorized, 0x11 asynchronous SError)'),
  b('EA', 9, 'External abort type'),
  f('AET', 12, 10, 'Asynchronous Error Type', { 0: 'Uncontainable', 1: 'Unrecoverable', 2: 'Restartable', 3: 'Recoverable', 6: 'Corrected' }),
  b('IESB', 13, 'Synchronized by an implicit error synchronization event'),
  b('IDS', 24, 'Implementation defined syndrome'),
];

const FP_ISS: SysRegField[] = [f('COND', 23, 20, 'Condition code (AArch32)'), b('CV', 24, 'Condition code valid')];

/** ISS layouts by exception class (ARM ARM D19.2.37 "ISS encoding for ..."). */
export const ESR_ISS_FIELDS: Readonly<Record<number, readonly SysRegField[]>> = {
  0x01: WFX_ISS,
  0x07: FP_ISS,
  0x15: IMM16_ISS, 0x16: IMM16_ISS, 0x17: IMM16_ISS,
  0x11: IMM16_ISS, 0x12: IMM16_ISS,
  0x18: SYS64_ISS,
  0x20: IABT_ISS, 0x21: IABT_ISS,
  0x24: DABT_ISS, 0x25: DABT_ISS,
  0x2f: SERROR_ISS,
  0x3c: IMM16_ISS,
};

export const ESR_FIELDS: FieldTable = {
  ESR_EL1: ESR, ESR_EL2: ESR, ESR_EL3: ESR,
  VSESR_EL2: [f('ISS', 23, 0, 'ISS reported in ESR_EL1 for the virtual SError'), b('IDS', 24, 'Implementation defined syndrome')],
};
