// GICv3 CPU interface (ICC_*) and virtual interface control (ICH_*) registers, ARM IHI 0069
// 12.2-12.4. All are hooked to the GIC model ('gic', emulator/devices/gicv3.ts), which keeps the
// state per core, answers ICC_* from EL1 with the ICV_* view under HCR_EL2.IMO/FMO, and mirrors
// ICH_HCR_EL2 and ICC_SRE_EL2 into their slots for the trap engine (TC/TALL0/TALL1/TDIR, Enable).
// Sizes follow QEMU's Cortex-A57 GIC CPU interface: 5 priority and preemption bits (so only
// ICC_AP<n>R0 / ICH_AP<n>R0 exist; AP<n>R1-3 are UNDEFINED) and 4 list registers (LR4-15 UNDEFINED).
// The masks below document each register's writable bits; the device applies them.

import { row, rows } from './build';
import { bits, type SysRegBehavior } from './types';

const G = { hook: 'gic' as const, feature: 'gicv3' as const, cls: 'gic' as const };

/** ICC_CTLR_EL1 reset (QEMU arm_gicv3_cpuif.c): A3V, IDbits=1 (24-bit), PRIbits=4 (5 bits). */
const ICC_CTLR_RESET = bits(15, 11) | (4n << 8n);
/** ICH_VTR_EL2: ListRegs=3, TDS, nV4, A3V, IDbits=1, PREbits=4, PRIbits=4. */
export const ICH_VTR_A57 = 3n | bits(19, 20, 21, 23) | (4n << 26n) | (4n << 29n);
/** ICH_HCR_EL2 writable: En UIE LRENPIE NPIE VGrp{0,1}{E,D}IE, TC TALL0 TALL1 TSEI TDIR, EOIcount. */
const ICH_HCR_W = bits([7, 0], [14, 10], [31, 27]);
/** ICH_LR<n>_EL2: every field but Priority[50:48] (RES0 with 5 priority bits). */
const ICH_LR_W = ~bits([50, 48]) & ((1n << 64n) - 1n);

export const GICV3_ROWS: SysRegBehavior[] = [
  ...rows(['ICC_PMR_EL1'], { ...G, w: bits([7, 3]) }),
  ...rows(['ICC_BPR0_EL1', 'ICC_BPR1_EL1'], { ...G, w: bits([2, 0]) }),
  ...rows(['ICC_IGRPEN0_EL1', 'ICC_IGRPEN1_EL1'], { ...G, w: bits(0) }),
  ...rows(['ICC_AP0R0_EL1', 'ICC_AP1R0_EL1'], { ...G, w: bits([31, 0]) }),
  ...rows(['ICC_IAR0_EL1', 'ICC_IAR1_EL1', 'ICC_HPPIR0_EL1', 'ICC_HPPIR1_EL1', 'ICC_RPR_EL1'], G),
  ...rows(['ICC_EOIR0_EL1', 'ICC_EOIR1_EL1', 'ICC_DIR_EL1', 'ICC_SGI1R_EL1', 'ICC_ASGI1R_EL1', 'ICC_SGI0R_EL1'], G),
  row('ICC_CTLR_EL1', { ...G, reset: ICC_CTLR_RESET, w: bits(0, 1) }),
  // SRE, DFB, DIB are RAO/WI: only the system register interface exists (no GICv2 compatibility).
  row('ICC_SRE_EL1', { ...G, reset: 7n, w: 0n, res1: 7n }),
  row('ICC_SRE_EL2', { ...G, reset: 0xfn, w: bits(3), res1: 7n }),
  ...rows(['ICH_AP0R0_EL2', 'ICH_AP1R0_EL2'], { ...G, w: bits([31, 0]) }),
  row('ICH_HCR_EL2', { ...G, w: ICH_HCR_W }),
  row('ICH_VMCR_EL2', { ...G, reset: bits(3) | (2n << 21n) | (3n << 18n), w: bits(0, 1, 4, 9, [31, 18]), res1: bits(3) }),
  ...rows(['ICH_MISR_EL2', 'ICH_EISR_EL2', 'ICH_ELRSR_EL2'], G),
  ...rows(['ICH_LR0_EL2', 'ICH_LR1_EL2', 'ICH_LR2_EL2', 'ICH_LR3_EL2'], { ...G, w: ICH_LR_W }),
  row('ICH_VTR_EL2', { ...G, reset: ICH_VTR_A57 }),
];
