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
  row('CNTVOFF_EL2'),
  row('CNTKCTL_EL1', { w: bits([9, 0]) }),
  // Reset EL1PCTEN=EL1PCEN=1 as QEMU does when EL2 is the highest EL without firmware.
  row('CNTHCTL_EL2', { reset: 3n, w: CNTHCTL_W, e2h: { writable: CNTHCTL_E2H_W, res1: 0n } }),
  ...timerTriple('CNTP_*_EL0', true),
  ...timerTriple('CNTV_*_EL0', true),
  ...timerTriple('CNTHP_*_EL2', false),
  ...timerTriple('CNTHV_*_EL2', false, 'vhe'),
];

const G = { hook: 'gic' as const, feature: 'gicv3' as const, cls: 'gic' as const };

/** ICC_CTLR_EL1 reset (QEMU arm_gicv3_cpuif.c): A3V, IDbits=1 (24-bit), PRIbits=4 (5 bits). */
const ICC_CTLR_RESET = bits(15, 11) | (4n << 8n);
/** ICH_VTR_EL2: ListRegs=3, TDS, nV4, A3V, IDbits=1, PREbits=4, PRIbits=4. */
export const ICH_VTR_A57 = 3n | bits(19, 20, 21, 23) | (4n << 26n) | (4n << 29n);

export const GIC_ROWS: SysRegBehavior[] = [
  ...rows(['ICC_PMR_EL1', 'ICC_IAR0_EL1', 'ICC_EOIR0_EL1', 'ICC_HPPIR0_EL1', 'ICC_BPR0_EL1', 'ICC_AP0R0_EL1',
    'ICC_AP1R0_EL1', 'ICC_DIR_EL1', 'ICC_RPR_EL1', 'ICC_SGI1R_EL1', 'ICC_ASGI1R_EL1', 'ICC_SGI0R_EL1',
    'ICC_IAR1_EL1', 'ICC_EOIR1_EL1', 'ICC_HPPIR1_EL1', 'ICC_BPR1_EL1', 'ICC_IGRPEN0_EL1', 'ICC_IGRPEN1_EL1'], G),
  row('ICC_CTLR_EL1', { ...G, reset: ICC_CTLR_RESET, w: bits(0, 1, 6) }),
  // SRE, DFB, DIB are RAO/WI: only the system register interface exists (no GICv2 compatibility).
  row('ICC_SRE_EL1', { ...G, reset: 7n, w: 0n, res1: 7n }),
  row('ICC_SRE_EL2', { ...G, reset: 0xfn, w: bits(3), res1: 7n }),
  ...rows(['ICH_AP0R0_EL2', 'ICH_AP1R0_EL2', 'ICH_HCR_EL2', 'ICH_MISR_EL2', 'ICH_EISR_EL2', 'ICH_ELRSR_EL2', 'ICH_VMCR_EL2',
    'ICH_LR0_EL2', 'ICH_LR1_EL2', 'ICH_LR2_EL2', 'ICH_LR3_EL2'], G),
  row('ICH_VTR_EL2', { ...G, reset: ICH_VTR_A57 }),
];
