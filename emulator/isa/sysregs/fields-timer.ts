// Field layouts of the generic timer registers (ARM ARM D11, D19.10).

import type { SysRegField } from '../sysregs';
import { b, f, type FieldTable } from './util';

const CTL: SysRegField[] = [
  b('ENABLE', 0, 'Timer enable'),
  b('IMASK', 1, 'Interrupt mask: the timer condition does not assert the interrupt'),
  b('ISTATUS', 2, 'Timer condition met (read-only)'),
];
const CVAL: SysRegField[] = [f('CompareValue', 63, 0, 'Timer fires when the counter minus offset >= CompareValue')];
const TVAL: SysRegField[] = [f('TimerValue', 31, 0, 'Signed downcount: CVAL - count; writing sets CVAL = count + TVAL')];
const COUNT: SysRegField[] = [f('Count', 63, 0, 'Counter value')];

/** Event stream controls shared by CNTKCTL_EL1 and CNTHCTL_EL2 (bits 2-7). */
const EVNT: SysRegField[] = [
  b('EVNTEN', 2, 'Enable the event stream from the counter'),
  b('EVNTDIR', 3, 'Event on the 1-to-0 (1) or 0-to-1 (0) transition of the trigger bit'),
  f('EVNTI', 7, 4, 'Event stream trigger bit of the counter'),
];

const CNTKCTL_EL1: SysRegField[] = [
  b('EL0PCTEN', 0, 'EL0 may read CNTPCT_EL0 and CNTFRQ_EL0'),
  b('EL0VCTEN', 1, 'EL0 may read CNTVCT_EL0 and CNTFRQ_EL0'),
  ...EVNT,
  b('EL0VTEN', 8, 'EL0 may access the virtual timer registers'),
  b('EL0PTEN', 9, 'EL0 may access the physical timer registers'),
  b('EVNTIS', 17, 'Event stream uses the counter scaled by 2^8 (FEAT_ECV)'),
];

const CNTHCTL_EL2: SysRegField[] = [
  b('EL1PCTEN', 0, 'EL1/EL0 may read CNTPCT_EL0 (E2H=0 layout)'),
  b('EL1PCEN', 1, 'EL1/EL0 may access the EL1 physical timer (E2H=0 layout)'),
  ...EVNT,
  b('ECV', 12, 'Enhanced Counter Virtualization: CNTPOFF_EL2 applies'),
  b('EL1TVT', 13, 'Trap EL0/EL1 virtual timer accesses'),
  b('EL1TVCT', 14, 'Trap EL0/EL1 CNTVCT_EL0 reads'),
  b('EL1NVPCT', 15, 'Trap EL1 physical timer accesses with NV'),
  b('EL1NVVCT', 16, 'Trap EL1 virtual timer accesses with NV'),
  b('EVNTIS', 17, 'Event stream uses the counter scaled by 2^8'),
];

/** CNTHCTL_EL2 when HCR_EL2.E2H=1: the CNTKCTL_EL1 layout for EL0 plus EL1 controls at 10-11. */
const CNTHCTL_EL2_E2H: SysRegField[] = [
  b('EL0PCTEN', 0, 'EL0 may read CNTPCT_EL0'),
  b('EL0VCTEN', 1, 'EL0 may read CNTVCT_EL0'),
  ...EVNT,
  b('EL0VTEN', 8, 'EL0 may access the virtual timer'),
  b('EL0PTEN', 9, 'EL0 may access the physical timer'),
  b('EL1PCTEN', 10, 'EL1 may read CNTPCT_EL0'),
  b('EL1PTEN', 11, 'EL1 may access the EL1 physical timer'),
  b('ECV', 12, 'Enhanced Counter Virtualization'),
  b('EL1TVT', 13, 'Trap EL0/EL1 virtual timer accesses'),
  b('EL1TVCT', 14, 'Trap EL0/EL1 CNTVCT_EL0 reads'),
  b('EL1NVPCT', 15, 'Trap EL1 physical timer accesses with NV'),
  b('EL1NVVCT', 16, 'Trap EL1 virtual timer accesses with NV'),
  b('EVNTIS', 17, 'Event stream uses the counter scaled by 2^8'),
];

const timers = ['CNTP', 'CNTV', 'CNTHP', 'CNTHV', 'CNTHVS', 'CNTHPS', 'CNTPS'];
const el = (t: string): string => (t === 'CNTP' || t === 'CNTV' ? 'EL0' : t === 'CNTPS' ? 'EL1' : 'EL2');

export const TIMER_FIELDS: FieldTable = {
  CNTKCTL_EL1, CNTHCTL_EL2,
  CNTFRQ_EL0: [f('ClockFreq', 31, 0, 'System counter frequency in Hz')],
  CNTPCT_EL0: COUNT, CNTVCT_EL0: COUNT, CNTPCTSS_EL0: COUNT, CNTVCTSS_EL0: COUNT,
  CNTVOFF_EL2: [f('VOffset', 63, 0, 'Virtual offset: CNTVCT_EL0 = CNTPCT_EL0 - VOffset')],
  CNTPOFF_EL2: [f('PhysicalOffset', 63, 0, 'Physical offset seen by EL1/EL0 when CNTHCTL_EL2.ECV=1')],
  ...Object.fromEntries(timers.flatMap((t) => [
    [`${t}_CTL_${el(t)}`, CTL], [`${t}_CVAL_${el(t)}`, CVAL], [`${t}_TVAL_${el(t)}`, TVAL],
  ])),
};

export const TIMER_VIEWS: Record<string, { when: string; fields: readonly SysRegField[] }[]> = {
  CNTHCTL_EL2: [{ when: 'HCR_EL2.E2H=1', fields: CNTHCTL_EL2_E2H }],
};

export const TIMER_NOTES: Record<string, string> = {
  CNTHCTL_EL2: 'fields are the E2H=0 layout; with HCR_EL2.E2H=1 bits 0-1 control EL0 and EL1PCTEN/EL1PTEN move to bits 10-11',
};
