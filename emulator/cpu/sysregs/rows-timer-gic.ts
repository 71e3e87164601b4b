// Generic timer (ARM ARM D11, D19.10) and GICv3 CPU interface registers (GICv3 spec 12.2-12.5).
// Both are storage plus a hook: the timer model computes ISTATUS/TVAL and the interrupt line,
// the GIC model acknowledges, EOIs and redirects ICC_* to ICV_* under HCR_EL2.IMO/FMO.
// GIC sizes follow QEMU's A57: 5 priority bits (one APR register per group), 4 list registers.

import { row, rows } from './build';
import { ALL32, bits, type SysRegBehavior } from './types';

const CTL = { w: bits(0, 1), ro: bits(2), hook: 'timer' as const, cls: 'timer' as const };
const CVAL = { hook: 'timer' as const, cls: 'timer' as const };
const TVAL = { w: ALL32, hook: 'timer' as const, cls: 'timer' as const };

function timerTriple(prefix: string, el0: boolean, feature?: 'vhe'): SysRegBehavior[] {
  const extra = { ...(el0 ? { el0: 'rw' as const } : {}), ...(feature ? { feature } : {}) };
  return [
    row(prefix.replace('*', 'TVAL'), { ...TVAL, ...extra }),
    row(prefix.replace('*', 'CTL'), { ...CTL, ...extra }),
    row(prefix.replace('*', 'CVAL'), { ...CVAL, ...extra }),
  ];
}

/** CNTHCTL_EL2 (E2H=0): EL1PCTEN EL1PCEN EVNTEN EVNTDIR EVNTI; (E2H=1): + EL0VTEN EL0PTEN EL1PCTEN EL1PTEN at 11:8. */
export const CNTHCTL_W = bits([7, 0]);
export const CNTHCTL_E2H_W = bits([11, 0]);

export const TIMER_ROWS: SysRegBehavior[] = [
  // Writable only at the highest EL (EL2 here); EL0 reads when CNTKCTL_EL1.EL0PCTEN|EL0VCTEN.
  row('CNTFRQ_EL0', { reset: 62_500_000n, w: ALL32, el0: 'ro', writeMinEl: 2, cls: 'timer' }),
  row('CNTPCT_EL0', { hook: 'cntpct', el0: 'ro', cls: 'timer' }),
  row('CNTVCT_EL0', { hook: 'cntvct', el0: 'ro', cls: 'timer' }),
  // Hooked so the timer re-evaluates CNTV's condition when the offset moves (D11.2.2).
  row('CNTVOFF_EL2', { hook: 'timer' }),
  row('CNTKCTL_EL1', { w: bits([9, 0]) }),
  // Reset EL1PCTEN=EL1PCEN=1 as QEMU does when EL2 is the highest EL without firmware.
  row('CNTHCTL_EL2', { reset: 3n, w: CNTHCTL_W, e2h: { writable: CNTHCTL_E2H_W, res1: 0n } }),
  ...timerTriple('CNTP_*_EL0', true),
  ...timerTriple('CNTV_*_EL0', true),
  ...timerTriple('CNTHP_*_EL2', false),
  ...timerTriple('CNTHV_*_EL2', false, 'vhe'),
];

// The GICv3 ICC_*/ICH_* rows live in rows-gicv3.ts (with the GIC model's masks).
export { GICV3_ROWS as GIC_ROWS } from './rows-gicv3';
