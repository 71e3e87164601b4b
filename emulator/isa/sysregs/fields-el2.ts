// Field layouts of the EL2 (hypervisor) control registers and SCR_EL3.
// ARM ARM D19.2 (DDI 0487 I.a): HCR_EL2 D19.2.48, SCTLR_EL2 D19.2.119, TCR_EL2 D19.2.140,
// VTCR_EL2 D19.2.170, VTTBR_EL2 D19.2.171, CPTR_EL2 D19.2.30, MDCR_EL2 D19.3.17, HPFAR_EL2.

import { b, f, TRAP, type FieldTable } from './util';
import type { SysRegField } from '../sysregs';

/** Output/physical address size encodings (TCR.IPS, TCR_EL2.PS, VTCR_EL2.PS, ID_AA64MMFR0.PARange). */
export const PA_SIZE: Record<number, string> = {
  0: '32 bits, 4GB', 1: '36 bits, 64GB', 2: '40 bits, 1TB', 3: '42 bits, 4TB', 4: '44 bits, 16TB', 5: '48 bits, 256TB', 6: '52 bits, 4PB',
};
export const CACHEABILITY: Record<number, string> = {
  0: 'Non-cacheable', 1: 'Write-Back Read-Allocate Write-Allocate', 2: 'Write-Through Read-Allocate No Write-Allocate', 3: 'Write-Back Read-Allocate No Write-Allocate',
};
export const SHAREABILITY: Record<number, string> = { 0: 'Non-shareable', 2: 'Outer Shareable', 3: 'Inner Shareable' };
export const TG0: Record<number, string> = { 0: '4KB', 1: '64KB', 2: '16KB' };
export const TG1: Record<number, string> = { 1: '16KB', 2: '4KB', 3: '64KB' };

/** Table base registers: CnP, BADDR (with FEAT_LPA, bits 5:2 hold PA[51:48]), ASID or VMID. */
export function ttbr(tag: 'ASID' | 'VMID'): SysRegField[] {
  return [
    b('CnP', 0, 'Common not Private: tables shared with other PEs in the Inner Shareable domain'),
    f('BADDR', 47, 1, 'Translation table base address (bits 47:1; with 52-bit PA, bits 5:2 hold PA[51:48])'),
    f(tag, 63, 48, tag === 'ASID' ? 'ASID for the translation table base (upper 8 bits RES0 with 8-bit ASIDs)' : 'VMID tagging Stage-2 TLB entries (bits 63:56 used only when VTCR_EL2.VS=1)'),
  ];
}

const HCR_EL2: SysRegField[] = [
  b('VM', 0, 'Enable Stage-2 translation for the EL1&0 regime'),
  b('SWIO', 1, 'Set/Way Invalidation Override: DC ISW at EL1 performs DC CISW'),
  b('PTW', 2, 'Protected Table Walk: Stage-1 walks to Device memory at Stage 2 give a Stage-2 permission fault'),
  b('FMO', 3, 'Physical FIQ routing to EL2; enables virtual FIQ (HCR_EL2.VF / vGIC)'),
  b('IMO', 4, 'Physical IRQ routing to EL2; enables virtual IRQ (HCR_EL2.VI / vGIC)'),
  b('AMO', 5, 'Physical SError routing to EL2; enables virtual SError (HCR_EL2.VSE)'),
  b('VF', 6, 'Virtual FIQ pending (when FMO=1)'),
  b('VI', 7, 'Virtual IRQ pending (when IMO=1)'),
  b('VSE', 8, 'Virtual SError pending (when AMO=1)'),
  b('FB', 9, 'Force Broadcast of TLB and I-cache maintenance within the Inner Shareable domain'),
  f('BSU', 11, 10, 'Barrier Shareability Upgrade for EL1/EL0 barriers', { 0: 'No effect', 1: 'Inner Shareable', 2: 'Outer Shareable', 3: 'Full system' }),
  b('DC', 12, 'Default Cacheability: EL1&0 Stage-1 disabled memory is Normal WB, Stage 2 forced on'),
  b('TWI', 13, 'Trap WFI at EL1/EL0 to EL2', TRAP),
  b('TWE', 14, 'Trap WFE at EL1/EL0 to EL2', TRAP),
  b('TID0', 15, 'Trap ID group 0 (AArch32 FPSID, JIDR)', TRAP),
  b('TID1', 16, 'Trap ID group 1 (REVIDR_EL1, AIDR_EL1, ...)', TRAP),
  b('TID2', 17, 'Trap ID group 2 (CTR_EL0, CCSIDR_EL1, CLIDR_EL1, CSSELR_EL1)', TRAP),
  b('TID3', 18, 'Trap ID group 3 (ID_AA64*, ID_*, MVFR*)', TRAP),
  b('TSC', 19, 'Trap SMC at EL1 to EL2', TRAP),
  b('TIDCP', 20, 'Trap implementation-defined system register accesses at EL1 (and EL0)', TRAP),
  b('TACR', 21, 'Trap Auxiliary Control Register (ACTLR_EL1) accesses', TRAP),
  b('TSW', 22, 'Trap data cache maintenance by set/way (DC ISW/CSW/CISW)', TRAP),
  b('TPCP', 23, 'Trap cache maintenance to Point of Coherency/Persistence (TPC when DPB is absent)', TRAP),
  b('TPU', 24, 'Trap cache maintenance to Point of Unification', TRAP),
  b('TTLB', 25, 'Trap TLB maintenance instructions at EL1', TRAP),
  b('TVM', 26, 'Trap Virtual Memory controls: writes to SCTLR/TTBRx/TCR/ESR/FAR/AFSRx/MAIR/AMAIR/CONTEXTIDR_EL1', TRAP),
  b('TGE', 27, 'Trap General Exceptions: EL0 exceptions go to EL2 (host EL0 under VHE)'),
  b('TDZ', 28, 'Trap DC ZVA (and DCZID_EL0.DZP reads as 1)', TRAP),
  b('HCD', 29, 'HVC instruction disable (when EL3 is not implemented)'),
  b('TRVM', 30, 'Trap reads of the Virtual Memory controls', TRAP),
  b('RW', 31, 'Execution state for EL1', { 0: 'EL1 is AArch32', 1: 'EL1 is AArch64' }),
  b('CD', 32, 'Stage-2 data access cacheability disable'),
  b('ID', 33, 'Stage-2 instruction access cacheability disable'),
  b('E2H', 34, 'EL2 Host: enables VHE (EL2&0 regime, register redirection)'),
  b('TLOR', 35, 'Trap LOR registers', TRAP),
  b('TERR', 36, 'Trap error record accesses (ERR*, ERX*)', TRAP),
  b('TEA', 37, 'Route synchronous External aborts to EL2'),
  b('MIOCNCE', 38, 'Mismatched Inner/Outer Cacheable Non-Coherency Enable'),
  b('TME', 39, 'Enable TME instructions at EL0/EL1 (0 = UNDEFINED)'),
  b('APK', 40, 'Do not trap pointer authentication key registers to EL2'),
  b('API', 41, 'Do not trap pointer authentication instructions to EL2'),
  b('NV', 42, 'Nested Virtualization: EL1 runs a guest hypervisor; EL2 register accesses and ERET trap'),
  b('NV1', 43, 'Nested Virtualization: traps EL1 registers of a non-VHE guest hypervisor'),
  b('AT', 44, 'Trap AT S1E0*/S1E1* address translation instructions', TRAP),
  b('NV2', 45, 'Enhanced nested virtualization: EL2 register accesses from EL1 go to memory at VNCR_EL2'),
  b('FWB', 46, 'Stage-2 Forced Write-Back: Stage 2 can force the combined cacheability'),
  b('FIEN', 47, 'Fault Injection Enable: EL1 may access ERXPFG* registers'),
  b('GPF', 48, 'Route Granule Protection Faults to EL2'),
  b('TID4', 49, 'Trap ID group 4 (CCSIDR*, CLIDR, CSSELR)', TRAP),
  b('TICAB', 50, 'Trap IC IALLUIS/ICIALLUIS', TRAP),
  b('AMVOFFEN', 51, 'Activity Monitors virtual offsets enable'),
  b('TOCU', 52, 'Trap cache maintenance to Point of Unification (IC IVAU, IC IALLU, DC CVAU)', TRAP),
  b('EnSCXT', 53, 'Enable access to SCXTNUM_EL1/EL0'),
  b('TTLBIS', 54, 'Trap TLB maintenance, Inner Shareable', TRAP),
  b('TTLBOS', 55, 'Trap TLB maintenance, Outer Shareable', TRAP),
  b('ATA', 56, 'Allocation Tag Access enable at EL1/EL0'),
  b('DCT', 57, 'Default Cacheability Tagging (with DC=1)'),
  b('TID5', 58, 'Trap ID group 5 (GMID_EL1)', TRAP),
  b('TWEDEn', 59, 'TWE Delay enable'),
  f('TWEDEL', 63, 60, 'TWE Delay: 2^(TWEDEL+8) cycles'),
];

const SCTLR_EL2: SysRegField[] = [
  b('M', 0, 'MMU enable for the EL2 regime'),
  b('A', 1, 'Alignment check enable'),
  b('C', 2, 'Data cacheability control (0 = Non-cacheable)'),
  b('SA', 3, 'SP alignment check enable'),
  b('nAA', 6, 'Non-aligned access: LDAPR/STLR family may be unaligned'),
  b('EOS', 11, 'Exception exit is context synchronizing'),
  b('I', 12, 'Instruction cacheability control'),
  b('EnDB', 13, 'Pointer authentication (DB key) enable'),
  b('WXN', 19, 'Write permission implies XN'),
  b('IESB', 21, 'Implicit Error Synchronization event enable'),
  b('EIS', 22, 'Exception entry is context synchronizing'),
  b('EE', 25, 'Endianness of data accesses at EL2 and of EL2 table walks', { 0: 'little-endian', 1: 'big-endian' }),
  b('EnDA', 27, 'Pointer authentication (DA key) enable'),
  b('EnIB', 30, 'Pointer authentication (IB key) enable'),
  b('EnIA', 31, 'Pointer authentication (IA key) enable'),
  b('BT', 36, 'PAC branch type compatibility'),
  b('ITFSB', 37, 'Auto-synchronize tag check faults on exception entry'),
  f('TCF', 41, 40, 'Tag check fault handling at EL2', { 0: 'no effect', 1: 'synchronous exception', 2: 'asynchronous', 3: 'sync reads, async writes' }),
  b('ATA', 43, 'Allocation Tag Access at EL2'),
  b('DSSBS', 44, 'Default PSTATE.SSBS on exception entry'),
];

const TCR_EL2: SysRegField[] = [
  f('T0SZ', 5, 0, 'Size offset: the region is 2^(64-T0SZ) bytes'),
  f('IRGN0', 9, 8, 'Inner cacheability of table walks', CACHEABILITY),
  f('ORGN0', 11, 10, 'Outer cacheability of table walks', CACHEABILITY),
  f('SH0', 13, 12, 'Shareability of table walks', SHAREABILITY),
  f('TG0', 15, 14, 'Translation granule', TG0),
  f('PS', 18, 16, 'Physical address size', PA_SIZE),
  b('TBI', 20, 'Top Byte Ignore for address computation'),
  b('HA', 21, 'Hardware Access flag update'),
  b('HD', 22, 'Hardware dirty state management'),
  b('HPD', 24, 'Hierarchical permission disable'),
  ...[59, 60, 61, 62].map((n, i) => b(`HWU${n}`, 25 + i, `Hardware use of descriptor bit ${n}`)),
  b('TBID', 29, 'TBI applies to data accesses only'),
  b('TCMA', 30, 'Unchecked accesses for tag 0xF addresses'),
  b('DS', 32, '52-bit output addresses with 4KB/16KB granules (FEAT_LPA2)'),
];

const VTCR_EL2: SysRegField[] = [
  f('T0SZ', 5, 0, 'IPA size offset: the IPA space is 2^(64-T0SZ) bytes'),
  f('SL0', 7, 6, 'Starting level of the Stage-2 walk; 4KB: 0=L2, 1=L1, 2=L0; 16KB/64KB: 0=L3, 1=L2, 2=L1'),
  f('IRGN0', 9, 8, 'Inner cacheability of Stage-2 table walks', CACHEABILITY),
  f('ORGN0', 11, 10, 'Outer cacheability of Stage-2 table walks', CACHEABILITY),
  f('SH0', 13, 12, 'Shareability of Stage-2 table walks', SHAREABILITY),
  f('TG0', 15, 14, 'Stage-2 translation granule', TG0),
  f('PS', 18, 16, 'Physical address size of Stage-2 output', PA_SIZE),
  b('VS', 19, 'VMID size', { 0: '8-bit VMID', 1: '16-bit VMID' }),
  b('HA', 21, 'Hardware Access flag update in Stage 2'),
  b('HD', 22, 'Hardware dirty state management in Stage 2'),
  ...[59, 60, 61, 62].map((n, i) => b(`HWU${n}`, 25 + i, `Hardware use of Stage-2 descriptor bit ${n}`)),
  b('NSW', 29, 'Non-secure Stage-2 table walks (Secure EL2)'),
  b('NSA', 30, 'Non-secure Stage-2 output address space (Secure EL2)'),
  b('DS', 32, '52-bit output addresses with 4KB/16KB granules (FEAT_LPA2)'),
  b('SL2', 33, 'Start at level -1 (with DS=1, 4KB granule)'),
];

const CPTR_EL2: SysRegField[] = [
  b('TZ', 8, 'Trap SVE accesses to EL2 (E2H=0 layout)', TRAP),
  b('TFP', 10, 'Trap FP/SIMD accesses to EL2 (E2H=0 layout)', TRAP),
  b('TSM', 12, 'Trap SME accesses to EL2 (E2H=0 layout)', TRAP),
  b('TTA', 20, 'Trap trace register accesses (E2H=0 layout; bit 28 when E2H=1)', TRAP),
  b('TAM', 30, 'Trap Activity Monitor accesses', TRAP),
  b('TCPAC', 31, 'Trap CPACR_EL1 accesses from EL1', TRAP),
];

/** CPTR_EL2 when HCR_EL2.E2H=1: the CPACR_EL1 layout (enables rather than traps). */
const CPTR_EL2_E2H: SysRegField[] = [
  f('ZEN', 17, 16, 'SVE enable (trap unless 0b11; 0b01 traps EL0 only when TGE=1)'),
  f('FPEN', 21, 20, 'FP/SIMD enable (trap unless 0b11; 0b01 traps EL0 only when TGE=1)'),
  f('SMEN', 25, 24, 'SME enable'),
  b('TTA', 28, 'Trap trace register accesses', TRAP),
  b('TAM', 30, 'Trap Activity Monitor accesses', TRAP),
  b('TCPAC', 31, 'Trap CPACR_EL1 accesses from EL1', TRAP),
];

const MDCR_EL2: SysRegField[] = [
  f('HPMN', 4, 0, 'Number of event counters accessible from EL1/EL0 (the rest belong to EL2)'),
  b('TPMCR', 5, 'Trap PMCR_EL0 accesses', TRAP),
  b('TPM', 6, 'Trap Performance Monitors accesses', TRAP),
  b('HPME', 7, 'Enable the EL2-reserved event counters'),
  b('TDE', 8, 'Route debug exceptions to EL2 (and trap debug registers)'),
  b('TDA', 9, 'Trap debug register accesses', TRAP),
  b('TDOSA', 10, 'Trap OS-related debug register accesses', TRAP),
  b('TDRA', 11, 'Trap debug ROM address register accesses', TRAP),
  f('E2PB', 13, 12, 'Profiling buffer owning regime and EL1 access'),
  b('TPMS', 14, 'Trap Statistical Profiling control register accesses', TRAP),
  b('HPMD', 17, 'Prohibit event counting at EL2'),
  b('TTRF', 19, 'Trap TRFCR_EL1 accesses', TRAP),
  b('HCCD', 23, 'Prohibit cycle counting at EL2'),
  f('E2TB', 25, 24, 'Trace buffer owning regime and EL1 access'),
  b('HLP', 26, 'Long event counters for the EL2-reserved counters'),
  b('TDCC', 27, 'Trap Debug Comms Channel accesses', TRAP),
  b('MTPME', 28, 'Multi-threaded PMU enable'),
  b('HPMFZO', 29, 'Freeze EL2 counters on overflow'),
];

const SCR_EL3: SysRegField[] = [
  b('NS', 0, 'Non-secure: EL0/EL1 (and EL2) are in Non-secure state'),
  b('IRQ', 1, 'Route physical IRQ to EL3'),
  b('FIQ', 2, 'Route physical FIQ to EL3'),
  b('EA', 3, 'Route External aborts and SError to EL3'),
  b('SMD', 7, 'SMC instruction disable'),
  b('HCE', 8, 'HVC instruction enable'),
  b('SIF', 9, 'Secure instruction fetch from Non-secure memory prohibited'),
  b('RW', 10, 'Execution state of the next lower EL', { 0: 'AArch32', 1: 'AArch64' }),
  b('ST', 11, 'Do not trap Secure EL1 accesses to CNTPS_*'),
  b('TWI', 12, 'Trap WFI to EL3', TRAP),
  b('TWE', 13, 'Trap WFE to EL3', TRAP),
  b('TLOR', 14, 'Trap LOR registers to EL3', TRAP),
  b('TERR', 15, 'Trap error record accesses to EL3', TRAP),
  b('APK', 16, 'Do not trap pointer authentication key registers to EL3'),
  b('API', 17, 'Do not trap pointer authentication instructions to EL3'),
  b('EEL2', 18, 'Secure EL2 enable'),
  b('EASE', 19, 'External aborts to SError vector'),
  b('NMEA', 20, 'Non-maskable External aborts'),
  b('FIEN', 21, 'Fault injection enable'),
];

export const MIDR_FIELDS: SysRegField[] = [
  f('Revision', 3, 0, 'Revision (minor)'),
  f('PartNum', 15, 4, 'Primary part number'),
  f('Architecture', 19, 16, 'Architecture (0xF: defined by the ID registers)'),
  f('Variant', 23, 20, 'Variant (major revision)'),
  f('Implementer', 31, 24, 'Implementer code', { 0x41: 'Arm', 0x42: 'Broadcom', 0x43: 'Cavium', 0x46: 'Fujitsu', 0x48: 'HiSilicon', 0x4e: 'NVIDIA', 0x51: 'Qualcomm', 0x61: 'Apple', 0xc0: 'Ampere' }),
];

export const MPIDR_FIELDS: SysRegField[] = [
  f('Aff0', 7, 0, 'Affinity level 0 (usually the core or thread)'),
  f('Aff1', 15, 8, 'Affinity level 1'),
  f('Aff2', 23, 16, 'Affinity level 2'),
  b('MT', 24, 'Lowest affinity level is multithreaded'),
  b('U', 30, 'Uniprocessor system'),
  b('RES1', 31, 'Reserved, reads as one'),
  f('Aff3', 39, 32, 'Affinity level 3'),
];

export const EL2_FIELDS: FieldTable = {
  HCR_EL2, SCTLR_EL2, TCR_EL2, VTCR_EL2, CPTR_EL2, MDCR_EL2, SCR_EL3,
  VTTBR_EL2: ttbr('VMID'),
  TTBR0_EL2: ttbr('ASID'),
  TTBR1_EL2: ttbr('ASID'),
  VSTTBR_EL2: [f('BADDR', 47, 1, 'Secure Stage-2 translation table base address')],
  VPIDR_EL2: MIDR_FIELDS,
  VMPIDR_EL2: MPIDR_FIELDS,
  HPFAR_EL2: [
    f('FIPA', 43, 4, 'Faulting IPA bits [51:12] (valid for Stage-2 faults and Stage-1 walk faults)'),
    b('NS', 63, 'Faulting IPA is in the Non-secure space (Secure EL2)'),
  ],
};

export const EL2_VIEWS: Record<string, { when: string; fields: readonly SysRegField[] }[]> = {
  CPTR_EL2: [{ when: 'HCR_EL2.E2H=1', fields: CPTR_EL2_E2H }],
};

export const EL2_NOTES: Record<string, string> = {
  CPTR_EL2: 'fields are the E2H=0 layout; with HCR_EL2.E2H=1 it has the CPACR_EL1 layout (ZEN, FPEN, SMEN, TTA at 28)',
  SCTLR_EL2: 'fields are the E2H=0 layout; with HCR_EL2.{E2H,TGE}={1,1} it has the SCTLR_EL1 layout',
  TCR_EL2: 'fields are the E2H=0 layout; with HCR_EL2.E2H=1 it has the TCR_EL1 layout (two VA ranges)',
  TTBR0_EL2: 'ASID is used only when HCR_EL2.E2H=1',
};
