// GICv3 CPU interface (ICC_*) and virtualization control (ICH_*) registers, and the generic
// timer (CNT*). ARM GICv3 spec 12.2-12.5; ARM ARM D11 (generic timer), D19.10.

import type { SysRegDef } from '../sysregs';
import { range, regs, vheAlias } from './util';

const g = regs('gicv3');
const c = regs('v8.0');

const ICC: SysRegDef[] = [
  g('ICC_PMR_EL1', [3, 0, 4, 6, 0], 'Interrupt Priority Mask: only higher priorities are signalled'),
  g('ICC_IAR0_EL1', [3, 0, 12, 8, 0], 'Interrupt Acknowledge, Group 0: returns the INTID', 'ro'),
  g('ICC_EOIR0_EL1', [3, 0, 12, 8, 1], 'End Of Interrupt, Group 0', 'wo'),
  g('ICC_HPPIR0_EL1', [3, 0, 12, 8, 2], 'Highest Priority Pending Interrupt, Group 0', 'ro'),
  g('ICC_BPR0_EL1', [3, 0, 12, 8, 3], 'Binary Point, Group 0: priority grouping for preemption'),
  ...range(4).map((n) => g(`ICC_AP0R${n}_EL1`, [3, 0, 12, 8, 4 + n], `Active Priorities Group 0 Register ${n}`)),
  ...range(4).map((n) => g(`ICC_AP1R${n}_EL1`, [3, 0, 12, 9, n], `Active Priorities Group 1 Register ${n}`)),
  g('ICC_NMIAR1_EL1', [3, 0, 12, 9, 5], 'Non-maskable Interrupt Acknowledge, Group 1', 'ro', 'nmi'),
  g('ICC_DIR_EL1', [3, 0, 12, 11, 1], 'Deactivate Interrupt (when EOImode=1)', 'wo'),
  g('ICC_RPR_EL1', [3, 0, 12, 11, 3], 'Running Priority', 'ro'),
  g('ICC_SGI1R_EL1', [3, 0, 12, 11, 5], 'SGI Generation, Group 1 for the current Security state', 'wo'),
  g('ICC_ASGI1R_EL1', [3, 0, 12, 11, 6], 'Alias SGI Generation, Group 1 for the other Security state', 'wo'),
  g('ICC_SGI0R_EL1', [3, 0, 12, 11, 7], 'SGI Generation, Group 0', 'wo'),
  g('ICC_IAR1_EL1', [3, 0, 12, 12, 0], 'Interrupt Acknowledge, Group 1: returns the INTID', 'ro'),
  g('ICC_EOIR1_EL1', [3, 0, 12, 12, 1], 'End Of Interrupt, Group 1', 'wo'),
  g('ICC_HPPIR1_EL1', [3, 0, 12, 12, 2], 'Highest Priority Pending Interrupt, Group 1', 'ro'),
  g('ICC_BPR1_EL1', [3, 0, 12, 12, 3], 'Binary Point, Group 1'),
  g('ICC_CTLR_EL1', [3, 0, 12, 12, 4], 'Interrupt Controller Control (EL1): EOImode, CBPR, PMHE, ID bits'),
  g('ICC_SRE_EL1', [3, 0, 12, 12, 5], 'System Register Enable (EL1): SRE, DFB, DIB'),
  g('ICC_IGRPEN0_EL1', [3, 0, 12, 12, 6], 'Interrupt Group 0 Enable'),
  g('ICC_IGRPEN1_EL1', [3, 0, 12, 12, 7], 'Interrupt Group 1 Enable'),
  g('ICC_SRE_EL2', [3, 4, 12, 9, 5], 'System Register Enable (EL2): SRE, DFB, DIB, Enable (lower-EL access)'),
  g('ICC_CTLR_EL3', [3, 6, 12, 12, 4], 'Interrupt Controller Control (EL3)'),
  g('ICC_SRE_EL3', [3, 6, 12, 12, 5], 'System Register Enable (EL3)'),
  g('ICC_IGRPEN1_EL3', [3, 6, 12, 12, 7], 'Interrupt Group 1 Enable for both Security states'),
];

const ICH: SysRegDef[] = [
  ...range(4).map((n) => g(`ICH_AP0R${n}_EL2`, [3, 4, 12, 8, n], `Virtual Active Priorities Group 0 Register ${n}`)),
  ...range(4).map((n) => g(`ICH_AP1R${n}_EL2`, [3, 4, 12, 9, n], `Virtual Active Priorities Group 1 Register ${n}`)),
  g('ICH_HCR_EL2', [3, 4, 12, 11, 0], 'Interrupt Controller Hyp Control: En, maintenance interrupt enables, traps, EOIcount'),
  g('ICH_VTR_EL2', [3, 4, 12, 11, 1], 'VGIC Type: ListRegs, PRIbits, PREbits, IDbits', 'ro'),
  g('ICH_MISR_EL2', [3, 4, 12, 11, 2], 'Maintenance Interrupt Status', 'ro'),
  g('ICH_EISR_EL2', [3, 4, 12, 11, 3], 'End of Interrupt Status: list registers with EOI maintenance pending', 'ro'),
  g('ICH_ELRSR_EL2', [3, 4, 12, 11, 5], 'Empty List Register Status: list registers with no pending/active interrupt', 'ro'),
  g('ICH_VMCR_EL2', [3, 4, 12, 11, 7], 'Virtual Machine Control: the vCPU interface state (VPMR, VBPR0/1, VENG0/1, ...)'),
  // List registers 0..15: CRm = 12 + n div 8, op2 = n mod 8 (GICv3 12.4.6).
  ...range(16).map((n) => g(`ICH_LR${n}_EL2`, [3, 4, 12, 12 + (n >> 3), n & 7], `List Register ${n}: one virtual interrupt (vINTID, state, priority, group, HW)`)),
];

/** Timer register triples: TVAL (op2=0), CTL (op2=1), CVAL (op2=2) at one CRm. */
function timer(prefix: string, op1: number, crm: number, what: string, feature = 'v8.0'): SysRegDef[] {
  return [
    c(`${prefix.replace('*', 'TVAL')}`, [3, op1, 14, crm, 0], `${what} TimerValue: signed 32-bit downcount to the compare value`, 'rw', feature),
    c(`${prefix.replace('*', 'CTL')}`, [3, op1, 14, crm, 1], `${what} Control: ENABLE, IMASK, ISTATUS`, 'rw', feature),
    c(`${prefix.replace('*', 'CVAL')}`, [3, op1, 14, crm, 2], `${what} CompareValue: fires when the count >= CVAL`, 'rw', feature),
  ];
}

const TIMER: SysRegDef[] = [
  c('CNTFRQ_EL0', [3, 3, 14, 0, 0], 'Counter-timer Frequency (Hz), written by firmware'),
  c('CNTPCT_EL0', [3, 3, 14, 0, 1], 'Counter-timer Physical Count', 'ro'),
  c('CNTVCT_EL0', [3, 3, 14, 0, 2], 'Counter-timer Virtual Count: physical count - CNTVOFF_EL2', 'ro'),
  c('CNTVOFF_EL2', [3, 4, 14, 0, 3], 'Counter-timer Virtual Offset: subtracted from the physical count for EL1/EL0'),
  c('CNTPCTSS_EL0', [3, 3, 14, 0, 5], 'Counter-timer Self-Synchronized Physical Count', 'ro', 'ecv'),
  c('CNTVCTSS_EL0', [3, 3, 14, 0, 6], 'Counter-timer Self-Synchronized Virtual Count', 'ro', 'ecv'),
  c('CNTPOFF_EL2', [3, 4, 14, 0, 6], 'Counter-timer Physical Offset (FEAT_ECV)', 'rw', 'ecv'),
  c('CNTKCTL_EL1', [3, 0, 14, 1, 0], 'Counter-timer Kernel Control: EL0 access to counters/timers, event stream'),
  c('CNTHCTL_EL2', [3, 4, 14, 1, 0], 'Counter-timer Hypervisor Control: EL1 access to the physical counter/timer, event stream'),
  ...timer('CNTP_*_EL0', 3, 2, 'EL1 physical timer'),
  ...timer('CNTV_*_EL0', 3, 3, 'Virtual timer'),
  ...timer('CNTHP_*_EL2', 4, 2, 'EL2 physical timer'),
  ...timer('CNTHV_*_EL2', 4, 3, 'EL2 virtual timer (VHE)', 'vhe'),
  ...timer('CNTHVS_*_EL2', 4, 4, 'Secure EL2 virtual timer', 'sel2'),
  ...timer('CNTHPS_*_EL2', 4, 5, 'Secure EL2 physical timer', 'sel2'),
  ...timer('CNTPS_*_EL1', 7, 2, 'Secure physical timer'),
];

const t = (n: string): SysRegDef => TIMER.find((d) => d.name === n)!;

export const GIC_TIMER_REGS: SysRegDef[] = [
  ...ICC, ...ICH, ...TIMER,
  vheAlias(t('CNTKCTL_EL1'), '_EL12'),
  ...['CNTP_TVAL_EL0', 'CNTP_CTL_EL0', 'CNTP_CVAL_EL0', 'CNTV_TVAL_EL0', 'CNTV_CTL_EL0', 'CNTV_CVAL_EL0'].map((n) => vheAlias(t(n), '_EL02')),
];
