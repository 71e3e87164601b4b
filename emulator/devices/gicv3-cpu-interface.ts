// GICv3 physical CPU interface: the ICC_*_EL1 system registers, ARM IHI 0069 chapter 12.2, for
// one Security state (GICD_CTLR.DS = 1, no EL3) and QEMU's Cortex-A57 GIC CPU interface:
// 5 priority bits and 5 preemption bits (ICC_CTLR_EL1.PRIbits = 4), so priorities are
// 8-bit values with the low 3 bits ignored by the interface, 32 preemption levels and one
// active-priorities register per group (ICC_AP0R0_EL1, ICC_AP1R0_EL1; 12.2.1-12.2.4).
//
// Priority handling (IHI 0069 4.8): an interrupt is signalled when its group is enabled
// (ICC_IGRPEN<n>_EL1), its priority is below ICC_PMR_EL1 and its group priority is below the
// running priority. The running priority is the priority of the highest active preemption level
// (the lowest set bit of AP0R|AP1R, shifted back to a priority); the group priority keeps the
// bits above ICC_BPR<n>_EL1 (Group 1 uses BPR1 - 1, or BPR0 when ICC_CTLR_EL1.CBPR). Group 0
// is signalled as FIQ and Group 1 as IRQ (4.6.1, no EL3). EOIR drops the running priority and,
// unless ICC_CTLR_EL1.EOImode = 1, deactivates; then ICC_DIR_EL1 deactivates (4.1.1).
// SGIs (12.2.20-22, ICC_SGI1R/SGI0R/ASGI1R_EL1): a target list of Aff0 values 0-15 in the
// cluster Aff3.Aff2.Aff1, or IRM = 1 for every core but self. ICC_CTLR_EL1.RSS = 0 (only Aff0
// 0-15 targetable), so RS is treated as 0, as QEMU 7.2 does (measured: RS = 1, TargetList bit 0
// reaches Aff0 = 0).

import type { GicV3Distributor, PendingCandidate } from './gicv3-distributor';
import { coreAffinity } from './gicv3-distributor';
import { INTID_SPECIAL_BASE, INTID_SPURIOUS } from './irq-types';

export const PRIO_BITS = 5;
/** Bits of a priority the interface implements (ICC_PMR_EL1 keeps only these). */
export const PRIO_MASK = (0xff << (8 - PRIO_BITS)) & 0xff;
/** Minimum ICC_BPR0_EL1 (7 - PREbits, QEMU icc_min_bpr); Group 1's minimum is one more. */
export const MIN_BPR = 7 - PRIO_BITS;
/** Running priority when nothing is active. */
export const IDLE_PRIORITY = 0xff;

/** ICC_CTLR_EL1 (12.2.6): CBPR [0], EOImode [1]; read-only PRIbits [10:8] = 4, IDbits [13:11] = 1 (24-bit), A3V [15]. */
export const ICC_CTLR = { CBPR: 0x1, EOImode: 0x2, RO: (1 << 15) | (1 << 11) | ((PRIO_BITS - 1) << 8) } as const;

export type SgiRegister = 'ICC_SGI1R_EL1' | 'ICC_SGI0R_EL1' | 'ICC_ASGI1R_EL1';

export interface AckInfo { core: number; intid: number }
export interface EoiInfo { core: number; intid: number; op: 'eoi' | 'dir'; deactivated: boolean }

/** One core's ICC registers. */
export class IccState {
  pmr = 0;
  bpr0 = MIN_BPR;
  bpr1 = MIN_BPR + 1;
  ctlr = 0;
  igrpen0 = 0;
  igrpen1 = 0;
  /** ICC_AP0R0_EL1 / ICC_AP1R0_EL1: one bit per preemption level (32 levels). */
  readonly apr = new Uint32Array(2);
}

const lowestBit = (v: number): number => 31 - Math.clz32(v & -v);

export class GicV3CpuInterface {
  readonly state: IccState[] = [];
  onAck: ((a: AckInfo) => void) | null = null;
  onEoi: ((e: EoiInfo) => void) | null = null;

  constructor(readonly dist: GicV3Distributor) {
    for (let c = 0; c < dist.cores; c++) this.state.push(new IccState());
  }

  reset(): void {
    for (let c = 0; c < this.state.length; c++) this.state[c] = new IccState();
  }

  /** The BPR that applies to `group` and its group-priority mask (QEMU icc_gprio_mask). */
  gprioMask(core: number, group: number): number {
    const s = this.state[core];
    const bpr = group === 1 && !(s.ctlr & ICC_CTLR.CBPR) ? s.bpr1 - 1 : s.bpr0;
    return (0xff << (bpr + 1)) & 0xff;
  }

  /** Running priority (ICC_RPR_EL1, 12.2.17): the highest active preemption level, or 0xFF. */
  runningPriority(core: number): number {
    const a = this.state[core].apr[0] | this.state[core].apr[1];
    return a ? lowestBit(a) << (MIN_BPR + 1) : IDLE_PRIORITY;
  }

  private enabled(core: number, group: number): boolean {
    const s = this.state[core];
    return (group === 0 ? s.igrpen0 : s.igrpen1) !== 0;
  }

  /** The Distributor/Redistributor's highest-priority pending interrupt for this core, if its group is enabled here. */
  hppi(core: number): PendingCandidate | null {
    const c = this.dist.bestPending(core);
    return c !== null && this.enabled(core, c.group) ? c : null;
  }

  /** Whether the HPPI may be signalled / acknowledged: below PMR and preempting the running priority (4.8.5). */
  canPreempt(core: number, c: PendingCandidate): boolean {
    if (c.priority >= this.state[core].pmr) return false;
    const rprio = this.runningPriority(core);
    if (rprio === IDLE_PRIORITY) return true;
    const mask = this.gprioMask(core, c.group);
    return (c.priority & mask) < (rprio & mask);
  }

  /** ICC_HPPIR<group>_EL1 (12.2.11/12): the HPPI's INTID if it is of that group, else 1023. */
  hppir(core: number, group: number): number {
    const c = this.hppi(core);
    return c !== null && c.group === group ? c.intid : INTID_SPURIOUS;
  }

  /** The IRQ/FIQ outputs: Group 0 → FIQ, Group 1 → IRQ (no EL3, 4.6.1). */
  outputs(core: number): { irq: boolean; fiq: boolean } {
    const c = this.hppi(core);
    if (c === null || !this.canPreempt(core, c)) return { irq: false, fiq: false };
    return { irq: c.group === 1, fiq: c.group === 0 };
  }

  /** ICC_IAR<group>_EL1 (12.2.13/14): acknowledges the HPPI if it is of that group and can preempt. */
  acknowledge(core: number, group: number): number {
    const c = this.hppi(core);
    if (c === null || c.group !== group || !this.canPreempt(core, c)) return INTID_SPURIOUS;
    const level = (c.priority & this.gprioMask(core, group)) >> (8 - PRIO_BITS);
    this.state[core].apr[group] |= 1 << level;
    this.dist.activate(c.intid, core);
    this.onAck?.({ core, intid: c.intid });
    return c.intid;
  }

  /**
   * ICC_EOIR<group>_EL1 (12.2.9/10): drops the running priority if the highest active level
   * belongs to this group, then deactivates unless EOImode. EOIs of special or non-existent
   * INTIDs, with nothing active, or of the other group are ignored (UNPREDICTABLE; as QEMU).
   */
  endOfInterrupt(core: number, group: number, value: number): void {
    const intid = value & 0xffffff;
    if (intid >= this.dist.numIrqs) return;
    const s = this.state[core];
    const a0 = s.apr[0], a1 = s.apr[1];
    if ((a0 | a1) === 0) return;
    // The group of the highest active priority; Group 0 wins a tie (QEMU icc_highest_active_group).
    const top = a0 && (!a1 || lowestBit(a0) <= lowestBit(a1)) ? 0 : 1;
    if (top !== group) return;
    s.apr[group] &= s.apr[group] - 1;
    const deactivate = !(s.ctlr & ICC_CTLR.EOImode);
    if (deactivate) this.dist.deactivate(intid, core);
    this.onEoi?.({ core, intid, op: 'eoi', deactivated: deactivate });
  }

  /**
   * ICC_DIR_EL1 (12.2.8): deactivation, only with EOImode = 1. At EL1 an interrupt whose group
   * HCR_EL2 routes to EL2 (FMO for Group 0, IMO for Group 1) is not deactivated (pseudocode
   * ICC_DIR_EL1; QEMU icc_dir_write).
   */
  deactivate(core: number, value: number, el: number, imo: boolean, fmo: boolean): void {
    const intid = value & 0xffffff;
    if (intid >= this.dist.numIrqs || !(this.state[core].ctlr & ICC_CTLR.EOImode)) return;
    if (el < 2 && (this.dist.groupOf(intid, core) === 0 ? fmo : imo)) return;
    this.dist.deactivate(intid, core);
    this.onEoi?.({ core, intid, op: 'dir', deactivated: true });
  }

  /**
   * ICC_SGI1R/SGI0R/ASGI1R_EL1 write (12.2.20-22): INTID [27:24], TargetList [15:0], Aff1 [23:16],
   * Aff2 [39:32], IRM [40], RS [47:44], Aff3 [55:48]. An SGI to a core that does not exist is
   * dropped. The target accepts it only if the SGI's configured group matches: SGI1R generates
   * Group 1, SGI0R Group 0; ASGI1R (the "other Security state" Group 1) with DS = 1 reaches only
   * a Group 0 SGI (QEMU gicv3_redist_send_sgi).
   */
  generateSgi(core: number, reg: SgiRegister, value: bigint): void {
    const sgi = Number((value >> 24n) & 0xfn);
    const irm = ((value >> 40n) & 1n) === 1n;
    const targets = Number(value & 0xffffn);
    const cluster = (Number((value >> 16n) & 0xffn) << 8) | (Number((value >> 32n) & 0xffn) << 16) | (Number((value >> 48n) & 0xffn) << 24);
    const group = reg === 'ICC_SGI1R_EL1' ? 1 : 0;
    for (let t = 0; t < this.dist.cores; t++) {
      if (irm) {
        if (t === core) continue;
      } else {
        const aff = coreAffinity(t);
        const aff0 = aff & 0xff;
        if ((aff & ~0xff) !== cluster || aff0 > 15 || !((targets >> aff0) & 1)) continue;
      }
      if (this.dist.groupOf(sgi, t) !== group) continue;
      this.dist.latch[this.dist.slot(sgi, t)] = 1;
    }
  }

  // ---- register views (name → value); the CPU's trap engine has already checked access ----

  readCtlr(core: number): number {
    return this.state[core].ctlr | ICC_CTLR.RO;
  }

  /** ICC_BPR1_EL1 with CBPR reads BPR0 + 1, saturated to 7 (12.2.5). */
  readBpr(core: number, group: number): number {
    const s = this.state[core];
    if (group === 0) return s.bpr0;
    return s.ctlr & ICC_CTLR.CBPR ? Math.min(s.bpr0 + 1, 7) : s.bpr1;
  }

  /** Values below the minimum set the minimum; BPR1 writes are ignored while CBPR = 1 (QEMU icc_bpr_write). */
  writeBpr(core: number, group: number, v: number): void {
    const s = this.state[core];
    if (group === 0) s.bpr0 = Math.max(v & 7, MIN_BPR);
    else if (!(s.ctlr & ICC_CTLR.CBPR)) s.bpr1 = Math.max(v & 7, MIN_BPR + 1);
  }
}

/** True for the special INTIDs 1020-1023, which are never activated or completed. */
export const isSpecial = (intid: number): boolean => intid >= INTID_SPECIAL_BASE && intid <= INTID_SPURIOUS;
