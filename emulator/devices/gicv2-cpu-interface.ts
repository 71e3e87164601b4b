// GICv2 physical CPU interface (GICC), ARM IHI 0048B section 4.4, without the Security
// Extensions (the GICC_CTLR layout of table 4-31: EnableGrp0/1, AckCtl, FIQEn, CBPR, EOImode
// at bit 9), 8 priority bits, so 128 preemption levels in GICC_APR0-3 (4.4.13) for Group 0
// and GICC_NSAPR0-3 (4.4.14) for Group 1, as QEMU keeps them.
//
// Priority handling (IHI 0048B 3.3): an interrupt is signalled when its priority is below
// (numerically) both GICC_PMR and the running priority; the running priority is the group
// priority of the highest active preemption level (the lowest set APR bit); the group priority
// keeps priority bits [7:BPR+1] (BPR for Group 0, ABPR-1 for Group 1 unless CBPR, 3.3.3/4.4.3).
// EOIR drops the running priority and, unless EOImode=1, deactivates; with EOImode=1 GICC_DIR
// deactivates (3.2.1 "Priority drop and interrupt deactivation").

import type { GicV2Distributor, PendingCandidate } from './gicv2-distributor';
import { INTID_GROUP1_HIDDEN, INTID_SPURIOUS } from './irq-types';

/** GICC register offsets (IHI 0048B table 4-2). */
export const GICC = {
  CTLR: 0x00, PMR: 0x04, BPR: 0x08, IAR: 0x0c, EOIR: 0x10, RPR: 0x14, HPPIR: 0x18, ABPR: 0x1c,
  AIAR: 0x20, AEOIR: 0x24, AHPPIR: 0x28, APR0: 0xd0, NSAPR0: 0xe0, IIDR: 0xfc, DIR: 0x1000,
} as const;

/** GICC_CTLR bits (table 4-31, GIC without Security Extensions). */
export const GICC_CTLR = { EnableGrp0: 0x1, EnableGrp1: 0x2, AckCtl: 0x4, FIQEn: 0x8, CBPR: 0x10, EOImode: 0x200 } as const;
/** Writable GICC_CTLR bits (QEMU GICC_CTLR_V2_MASK); the bypass-disable bits are RAZ/WI. */
export const GICC_CTLR_MASK = 0x21f;
/** GICC_IIDR of QEMU's GICv2: ArchitectureVersion 2, Implementer 0x43B (4.4.15). */
export const GICC_IIDR_VALUE = 0x0002043b;
/** Implemented CPU interface frame (QEMU: 0x2000, GICC_DIR at 0x1000). */
export const GICC_FRAME_SIZE = 0x2000;
/** Running priority when nothing is active (reads as 0xFF in GICC_RPR). */
export const IDLE_PRIORITY = 0x100;

export interface AckInfo {
  core: number;
  intid: number;
  source: number;
}
export interface EoiInfo {
  core: number;
  intid: number;
  op: 'eoi' | 'dir';
  deactivated: boolean;
}

/** One core's CPU interface registers. */
export class GiccState {
  ctlr = 0;
  pmr = 0;
  bpr = 0;
  abpr = 1;
  readonly apr = new Uint32Array(4);
  readonly nsapr = new Uint32Array(4);
}

const lowestBit = (v: number): number => 31 - Math.clz32(v & -v);

export class GicV2CpuInterface {
  readonly state: GiccState[] = [];
  onAck: ((a: AckInfo) => void) | null = null;
  onEoi: ((e: EoiInfo) => void) | null = null;

  constructor(readonly dist: GicV2Distributor) {
    for (let c = 0; c < dist.cores; c++) this.state.push(new GiccState());
  }

  reset(): void {
    for (let c = 0; c < this.state.length; c++) this.state[c] = new GiccState();
  }

  /** Group priority of `prio` for an interrupt of `group` (3.3.3, 4.4.3, 4.4.8). */
  groupPriority(core: number, prio: number, group: number): number {
    const s = this.state[core];
    const bpr = group === 1 && !(s.ctlr & GICC_CTLR.CBPR) ? s.abpr - 1 : s.bpr;
    return prio & (0xff << (bpr + 1)) & 0xff;
  }

  /** The running priority: the lowest set APR/NSAPR bit, or IDLE_PRIORITY (4.4.6, 4.4.13). */
  runningPriority(core: number): number {
    const s = this.state[core];
    for (let i = 0; i < 4; i++) {
      const a = s.apr[i] | s.nsapr[i];
      if (a) return (i * 32 + lowestBit(a)) << 1;
    }
    return IDLE_PRIORITY;
  }

  /** The highest-priority pending interrupt above the priority mask, if any (4.4.7). */
  candidate(core: number): PendingCandidate | null {
    const best = this.dist.bestPending(core);
    return best !== null && best.priority < this.state[core].pmr ? best : null;
  }

  /** GICC_HPPIR value: 1023 if none or the group is disabled here, 1022 for Group 1 without AckCtl. */
  hppir(core: number): number {
    const c = this.candidate(core);
    const ctlr = this.state[core].ctlr;
    if (c === null || !(ctlr & (1 << c.group))) return INTID_SPURIOUS;
    if (c.group === 1 && !(ctlr & GICC_CTLR.AckCtl)) return INTID_GROUP1_HIDDEN;
    if (c.intid < 16) return c.intid | (this.sgiSource(core, c.intid) << 10);
    return c.intid;
  }

  private sgiSource(core: number, sgi: number): number {
    return lowestBit(this.dist.sgiSources[core * 16 + sgi]);
  }

  /** The IRQ/FIQ outputs to the core (3.3: priority above PMR and running priority, group enabled). */
  outputs(core: number): { irq: boolean; fiq: boolean } {
    const c = this.candidate(core);
    const s = this.state[core];
    if (c === null || c.priority >= this.runningPriority(core) || !(s.ctlr & (1 << c.group))) return { irq: false, fiq: false };
    const fiq = c.group === 0 && (s.ctlr & GICC_CTLR.FIQEn) !== 0;
    return { irq: !fiq, fiq };
  }

  /** GICC_IAR read (4.4.4): activates the highest-priority pending interrupt. */
  acknowledge(core: number): number {
    const c = this.candidate(core);
    const id = this.hppir(core);
    if (c === null || (id & 0x3ff) >= 1020) return id;
    if (c.priority >= this.runningPriority(core)) return INTID_SPURIOUS; // cannot preempt
    const level = this.groupPriority(core, c.priority, c.group) >> 1;
    const aprs = c.group ? this.state[core].nsapr : this.state[core].apr;
    aprs[level >> 5] |= 1 << (level & 31);
    const v = this.dist.acknowledge(c.intid, core);
    this.onAck?.({ core, intid: c.intid, source: c.intid < 16 ? v >>> 10 : -1 });
    return v;
  }

  /** GICC_EOIR write (4.4.5): priority drop, and deactivation unless EOImode. */
  endOfInterrupt(core: number, value: number): void {
    const intid = value & 0x3ff;
    // Spurious or non-existent IDs, and EOI with nothing active, are ignored (UNPREDICTABLE, as QEMU).
    if (intid >= this.dist.numIrqs || this.runningPriority(core) === IDLE_PRIORITY) return;
    const s = this.state[core];
    const aprs = this.dist.groupOf(intid, core) ? s.nsapr : s.apr;
    for (let i = 0; i < 4; i++) {
      if (aprs[i]) { aprs[i] &= aprs[i] - 1; break; } // the highest active priority (lowest bit)
    }
    const deactivate = !(s.ctlr & GICC_CTLR.EOImode);
    if (deactivate) this.dist.deactivate(intid, core);
    this.onEoi?.({ core, intid, op: 'eoi', deactivated: deactivate });
  }

  /** GICC_DIR write (4.4.16): deactivation, only meaningful with EOImode=1 (else ignored). */
  deactivate(core: number, value: number): void {
    const intid = value & 0x3ff;
    if (intid >= this.dist.numIrqs || !(this.state[core].ctlr & GICC_CTLR.EOImode)) return;
    this.dist.deactivate(intid, core);
    this.onEoi?.({ core, intid, op: 'dir', deactivated: true });
  }

  read(core: number, off: number): number {
    const s = this.state[core];
    switch (off) {
      case GICC.CTLR: return s.ctlr;
      case GICC.PMR: return s.pmr;
      case GICC.BPR: return s.bpr;
      case GICC.IAR: return this.acknowledge(core);
      case GICC.RPR: return Math.min(this.runningPriority(core), 0xff);
      case GICC.HPPIR: return this.hppir(core);
      case GICC.ABPR: return s.abpr;
      case GICC.IIDR: return GICC_IIDR_VALUE;
      default:
        if (off >= GICC.APR0 && off < GICC.APR0 + 16) return s.apr[(off - GICC.APR0) >> 2];
        if (off >= GICC.NSAPR0 && off < GICC.NSAPR0 + 16) return s.nsapr[(off - GICC.NSAPR0) >> 2];
        return 0; // EOIR/DIR write-only; AIAR/AEOIR/AHPPIR and reserved: RAZ (as QEMU)
    }
  }

  write(core: number, off: number, v: number): void {
    const s = this.state[core];
    switch (off) {
      case GICC.CTLR: s.ctlr = v & GICC_CTLR_MASK; return;
      case GICC.PMR: s.pmr = v & 0xff; return;
      case GICC.BPR: s.bpr = v & 7; return; // minimum BPR is 0 with 8 priority bits
      case GICC.EOIR: this.endOfInterrupt(core, v); return;
      case GICC.ABPR: s.abpr = Math.max(v & 7, 1); return;
      case GICC.DIR: this.deactivate(core, v); return;
      default:
        if (off >= GICC.APR0 && off < GICC.APR0 + 16) s.apr[(off - GICC.APR0) >> 2] = v >>> 0;
        else if (off >= GICC.NSAPR0 && off < GICC.NSAPR0 + 16) s.nsapr[(off - GICC.NSAPR0) >> 2] = v >>> 0;
        // read-only and reserved registers: WI
    }
  }
}
