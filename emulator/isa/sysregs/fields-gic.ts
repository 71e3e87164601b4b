// Field layouts of the GICv3 CPU interface and virtualization control registers
// (ARM IHI 0069, 12.2 ICC_*, 12.4 ICH_*).

import type { SysRegField } from '../sysregs';
import { b, f, range, type FieldTable } from './util';

const INTID: SysRegField[] = [f('INTID', 23, 0, 'Interrupt ID (1020-1023 are special: 1023 = no pending interrupt)')];

/** ICC_SGI0R/SGI1R/ASGI1R_EL1 (12.2.19-21). */
const SGIR: SysRegField[] = [
  f('TargetList', 15, 0, 'Target PEs: bit n is the PE with Aff0 = RS*16 + n'),
  f('Aff1', 23, 16, 'Affinity 1 of the targets'),
  f('INTID', 27, 24, 'SGI number (0-15)'),
  f('Aff2', 39, 32, 'Affinity 2 of the targets'),
  b('IRM', 40, 'Interrupt Routing Mode', { 0: 'to the PEs in TargetList', 1: 'to all PEs except this one' }),
  f('RS', 47, 44, 'Range Selector: Aff0 = RS*16 + n'),
  f('Aff3', 55, 48, 'Affinity 3 of the targets'),
];

const SRE_EL1: SysRegField[] = [
  b('SRE', 0, 'System Register Enable: use ICC_* instead of the memory-mapped GICC'),
  b('DFB', 1, 'Disable FIQ bypass'),
  b('DIB', 2, 'Disable IRQ bypass'),
];
const SRE_EL2: SysRegField[] = [...SRE_EL1, b('Enable', 3, 'EL1 accesses to ICC_SRE_EL1 do not trap to EL2')];

const ICC_CTLR_EL1: SysRegField[] = [
  b('CBPR', 0, 'Common Binary Point: ICC_BPR0_EL1 also controls Group 1 preemption'),
  b('EOImode', 1, 'EOI mode', { 0: 'EOI also deactivates', 1: 'EOI drops priority only; ICC_DIR_EL1 deactivates' }),
  b('PMHE', 6, 'Priority Mask Hint Enable'),
  f('PRIbits', 10, 8, 'Number of priority bits minus one'),
  f('IDbits', 13, 11, 'INTID width', { 0: '16 bits', 1: '24 bits' }),
  b('SEIS', 14, 'Local SEI generation supported'),
  b('A3V', 15, 'Affinity 3 valid (non-zero Aff3 in SGI registers)'),
  b('RSS', 18, 'Range Selector Support (SGI targets with Aff0 > 15)'),
  b('ExtRange', 19, 'Extended INTID range supported'),
];

const ICH_HCR_EL2: SysRegField[] = [
  b('En', 0, 'Enable the virtual CPU interface'),
  b('UIE', 1, 'Underflow maintenance interrupt enable (at most one valid list register)'),
  b('LRENPIE', 2, 'List Register Entry Not Present maintenance interrupt enable (EOIcount != 0)'),
  b('NPIE', 3, 'No Pending maintenance interrupt enable'),
  b('VGrp0EIE', 4, 'Maintenance interrupt when virtual Group 0 becomes enabled'),
  b('VGrp0DIE', 5, 'Maintenance interrupt when virtual Group 0 becomes disabled'),
  b('VGrp1EIE', 6, 'Maintenance interrupt when virtual Group 1 becomes enabled'),
  b('VGrp1DIE', 7, 'Maintenance interrupt when virtual Group 1 becomes disabled'),
  b('vSGIEOICount', 8, 'vSGIs without active state do not increment EOIcount (GICv4.1)'),
  b('TC', 10, 'Trap common EL1 accesses (SGI, DIR, CTLR, PMR, RPR) to EL2'),
  b('TALL0', 11, 'Trap EL1 Group 0 accesses to EL2'),
  b('TALL1', 12, 'Trap EL1 Group 1 accesses to EL2'),
  b('TSEI', 13, 'Trap locally generated SEIs'),
  b('TDIR', 14, 'Trap EL1 writes to ICC_DIR_EL1'),
  f('EOIcount', 31, 27, 'Count of EOIs that found no matching list register'),
];

const ICH_VTR_EL2: SysRegField[] = [
  f('ListRegs', 4, 0, 'Number of list registers minus one'),
  b('TDS', 19, 'Separate trapping of ICC_DIR_EL1 writes supported'),
  b('nV4', 20, 'Direct injection of virtual interrupts not supported (GICv4)'),
  b('A3V', 21, 'Affinity 3 valid'),
  b('SEIS', 22, 'Local SEI generation supported'),
  f('IDbits', 25, 23, 'Virtual INTID width', { 0: '16 bits', 1: '24 bits' }),
  f('PREbits', 28, 26, 'Number of virtual preemption bits minus one'),
  f('PRIbits', 31, 29, 'Number of virtual priority bits minus one'),
];

const ICH_VMCR_EL2: SysRegField[] = [
  b('VENG0', 0, 'Virtual Group 0 enable (ICV_IGRPEN0_EL1)'),
  b('VENG1', 1, 'Virtual Group 1 enable (ICV_IGRPEN1_EL1)'),
  b('VAckCtl', 2, 'Virtual AckCtl (legacy, RES0 with SRE=1)'),
  b('VFIQEn', 3, 'Virtual FIQ enable (RES1 with SRE=1)'),
  b('VCBPR', 4, 'Virtual common binary point (ICV_CTLR_EL1.CBPR)'),
  b('VEOIM', 9, 'Virtual EOI mode (ICV_CTLR_EL1.EOImode)'),
  f('VBPR1', 20, 18, 'Virtual binary point, Group 1'),
  f('VBPR0', 23, 21, 'Virtual binary point, Group 0'),
  f('VPMR', 31, 24, 'Virtual priority mask (ICV_PMR_EL1)'),
];

const ICH_MISR_EL2: SysRegField[] = [
  b('EOI', 0, 'End Of Interrupt maintenance interrupt (some ICH_EISR_EL2 bit set)'),
  b('U', 1, 'Underflow maintenance interrupt'),
  b('LRENP', 2, 'List Register Entry Not Present maintenance interrupt'),
  b('NP', 3, 'No Pending maintenance interrupt'),
  b('VGrp0E', 4, 'Virtual Group 0 enabled maintenance interrupt'),
  b('VGrp0D', 5, 'Virtual Group 0 disabled maintenance interrupt'),
  b('VGrp1E', 6, 'Virtual Group 1 enabled maintenance interrupt'),
  b('VGrp1D', 7, 'Virtual Group 1 disabled maintenance interrupt'),
];

/** ICH_LR<n>_EL2 (12.4.6). With HW=0, bit 41 is EOI: request a maintenance interrupt on deactivation. */
const ICH_LR: SysRegField[] = [
  f('vINTID', 31, 0, 'Virtual INTID presented to the guest'),
  f('pINTID', 44, 32, 'Physical INTID deactivated with the virtual one (HW=1); with HW=0 bit 41 is EOI'),
  f('Priority', 55, 48, 'Priority of the virtual interrupt'),
  b('Group', 60, 'Group of the virtual interrupt', { 0: 'Group 0 (vFIQ)', 1: 'Group 1 (vIRQ)' }),
  b('HW', 61, 'Hardware interrupt: deactivating the virtual interrupt deactivates pINTID'),
  f('State', 63, 62, 'State of the virtual interrupt', { 0: 'Invalid', 1: 'Pending', 2: 'Active', 3: 'Pending and active' }),
];

const PRIORITY: SysRegField[] = [f('Priority', 7, 0, 'Priority value')];
const ENABLE: SysRegField[] = [b('Enable', 0, 'Group enable')];
const BPR: SysRegField[] = [f('BinaryPoint', 2, 0, 'Priority group/subpriority split for preemption')];
const LR_STATUS = (what: string): SysRegField[] => [f('Status', 15, 0, `Bit n: list register n ${what}`)];

export const GIC_FIELDS: FieldTable = {
  ICC_PMR_EL1: PRIORITY, ICC_RPR_EL1: PRIORITY,
  ICC_IAR0_EL1: INTID, ICC_IAR1_EL1: INTID, ICC_EOIR0_EL1: INTID, ICC_EOIR1_EL1: INTID,
  ICC_HPPIR0_EL1: INTID, ICC_HPPIR1_EL1: INTID, ICC_DIR_EL1: INTID, ICC_NMIAR1_EL1: INTID,
  ICC_SGI0R_EL1: SGIR, ICC_SGI1R_EL1: SGIR, ICC_ASGI1R_EL1: SGIR,
  ICC_BPR0_EL1: BPR, ICC_BPR1_EL1: BPR,
  ICC_IGRPEN0_EL1: ENABLE, ICC_IGRPEN1_EL1: ENABLE,
  ICC_SRE_EL1: SRE_EL1, ICC_SRE_EL2: SRE_EL2, ICC_SRE_EL3: SRE_EL2,
  ICC_CTLR_EL1,
  ICH_HCR_EL2, ICH_VTR_EL2, ICH_VMCR_EL2, ICH_MISR_EL2,
  ICH_EISR_EL2: LR_STATUS('has an EOI maintenance interrupt pending (State=0, HW=0, EOI=1)'),
  ICH_ELRSR_EL2: LR_STATUS('is empty (State=0 and no EOI maintenance pending)'),
  ...Object.fromEntries(range(16).map((n) => [`ICH_LR${n}_EL2`, ICH_LR])),
};
