// GICv2 virtual CPU interface (GICV), ARM IHI 0048B section 5.4: what a guest at EL1 sees in
// place of the GICC. Same register layout as the GICC (5.4, table 5-10); its state is the list
// registers and GICH_VMCR/GICH_APR of the core (gicv2-hyp-interface.ts). Acknowledge and
// completion of a virtual interrupt never trap to the hypervisor (5.2 "Managing the GIC virtual
// CPU interface"; Dall et al., ISCA 2016, "Virtual IRQ Completion"):
// - GICV_IAR takes the highest-priority LR in the pending state → active; returns its vINTID
//   (with the CPUID field for an SGI in an HW=0 LR);
// - GICV_EOIR drops the virtual running priority (GICH_APR) and, unless GICV_CTLR.EOImode,
//   deactivates the LR: for HW=1 it also deactivates the physical interrupt pINTID in the
//   Distributor; for HW=0 with EOI=1 the now-invalid LR raises the EOI maintenance interrupt;
// - a completion that matches no active LR increments GICH_HCR.EOICount (5.3.1) for LRENP.
// The virq/vfiq outputs follow the highest-priority pending LR vs GICV_PMR and the running
// priority, gated by GICH_HCR.En and the GICV_CTLR group enables; Group 0 with FIQEn is vFIQ.

import type { GicV2Distributor } from './gicv2-distributor';
import { GICC, GICC_CTLR, GICC_IIDR_VALUE, IDLE_PRIORITY } from './gicv2-cpu-interface';
import { GICH_HCR, LR_STATE, VIRT_MIN_ABPR, VIRT_MIN_BPR, lr, type GicV2HypInterface, type VgicState } from './gicv2-hyp-interface';
import { INTID_GROUP1_HIDDEN, INTID_SPECIAL_BASE, INTID_SPURIOUS, NUM_SGIS } from './irq-types';

/** Implemented GICV frame (QEMU: 0x2000, GICV_DIR at 0x1000). */
export const GICV_FRAME_SIZE = 0x2000;

export interface VirtualAckInfo {
  core: number;
  intid: number;
  source: number;
}
export interface VirtualEoiInfo {
  core: number;
  intid: number;
  op: 'eoi' | 'dir';
  deactivated: boolean;
  /** Physical INTID deactivated through an HW=1 LR, or -1. */
  pintid: number;
}

interface LrCandidate {
  index: number;
  priority: number;
  group: number;
}

export class GicV2VirtualCpuInterface {
  onAck: ((a: VirtualAckInfo) => void) | null = null;
  onEoi: ((e: VirtualEoiInfo) => void) | null = null;

  constructor(readonly hyp: GicV2HypInterface, readonly dist: GicV2Distributor) {}

  private st(core: number): VgicState { return this.hyp.state[core]; }

  /** Virtual running priority: lowest set GICH_APR bit, 8-bit scale (5.3.7). */
  runningPriority(core: number): number {
    const a = this.st(core).apr;
    return a ? (31 - Math.clz32(a & -a)) << (VIRT_MIN_BPR + 1) : IDLE_PRIORITY;
  }

  /** The pending LR the interface would present: enabled, above GICV_PMR; lowest LR on ties. */
  candidate(core: number): LrCandidate | null {
    const s = this.st(core);
    if (!(s.hcr & GICH_HCR.En) || !(s.ctlr & 3)) return null;
    let best: LrCandidate | null = null;
    s.lrs.forEach((v, index) => {
      if (lr.state(v) !== LR_STATE.PENDING) return; // pending+active cannot be acknowledged again
      const priority = lr.priority(v);
      if (best === null || priority < best.priority) best = { index, priority, group: lr.group(v) };
    });
    const b = best as LrCandidate | null;
    return b !== null && b.priority < s.pmr ? b : null;
  }

  /** The value GICV_IAR/HPPIR report for an LR (vINTID, plus CPUID for an SGI in an HW=0 LR). */
  private idOf(v: number): number {
    const id = lr.vintid(v);
    return id < NUM_SGIS && !lr.hw(v) ? id | (lr.cpuid(v) << 10) : id;
  }

  hppir(core: number): number {
    const c = this.candidate(core);
    const s = this.st(core);
    if (c === null || !(s.ctlr & (1 << c.group))) return INTID_SPURIOUS;
    if (c.group === 1 && !(s.ctlr & GICC_CTLR.AckCtl)) return INTID_GROUP1_HIDDEN;
    return this.idOf(s.lrs[c.index]);
  }

  outputs(core: number): { virq: boolean; vfiq: boolean } {
    const c = this.candidate(core);
    const s = this.st(core);
    if (c === null || c.priority >= this.runningPriority(core) || !(s.ctlr & (1 << c.group))) return { virq: false, vfiq: false };
    const vfiq = c.group === 0 && (s.ctlr & GICC_CTLR.FIQEn) !== 0;
    return { virq: !vfiq, vfiq };
  }

  /** GICV_IAR read. */
  acknowledge(core: number): number {
    const c = this.candidate(core);
    const id = this.hppir(core);
    if (c === null || (id & 0x3ff) >= INTID_SPECIAL_BASE) return id;
    if (c.priority >= this.runningPriority(core)) return INTID_SPURIOUS;
    const s = this.st(core);
    const bpr = c.group === 1 && !(s.ctlr & GICC_CTLR.CBPR) ? s.abpr - 1 : s.bpr;
    const gprio = c.priority & (0xff << (bpr + 1)) & 0xff;
    s.apr = (s.apr | (1 << (gprio >> (VIRT_MIN_BPR + 1)))) >>> 0;
    const v = (s.lrs[c.index] = lr.withState(s.lrs[c.index], LR_STATE.ACTIVE));
    this.onAck?.({ core, intid: lr.vintid(v), source: lr.vintid(v) < NUM_SGIS && !lr.hw(v) ? lr.cpuid(v) : -1 });
    return id;
  }

  /** The lowest-numbered LR holding `vintid` in the active or pending+active state, or -1. */
  private activeLr(core: number, vintid: number): number {
    return this.st(core).lrs.findIndex((v) => lr.vintid(v) === vintid && (lr.state(v) & LR_STATE.ACTIVE) !== 0);
  }

  private bumpEoiCount(core: number): void {
    const s = this.st(core);
    s.hcr = (s.hcr + (1 << GICH_HCR.EOICountShift)) >>> 0; // EOICount[31:27] wraps modulo 32
  }

  /** Deactivates LR `i`; an HW=1 LR forwards the deactivation to the physical interrupt. Returns its pINTID or -1. */
  private deactivateLr(core: number, i: number): number {
    const s = this.st(core);
    const v = s.lrs[i];
    let pintid = -1;
    if (lr.hw(v)) {
      pintid = lr.pintid(v);
      // pINTID of an SGI or a special ID: UNPREDICTABLE; ignored, the LR stays active (as QEMU).
      if (pintid < NUM_SGIS || pintid >= INTID_SPECIAL_BASE) return -1;
      this.dist.deactivate(pintid, core); // PPI: this core's bank; an ID beyond the GIC's: ignored
    }
    s.lrs[i] = lr.withState(v, lr.state(v) & LR_STATE.PENDING);
    return pintid;
  }

  /** GICV_EOIR write. */
  endOfInterrupt(core: number, value: number): void {
    const intid = value & 0x3ff;
    if (intid >= INTID_SPECIAL_BASE) return; // spurious IDs are ignored
    const s = this.st(core);
    const dropped = s.apr !== 0;
    s.apr = (s.apr & (s.apr - 1)) >>> 0; // priority drop: clear the highest active priority
    if (s.ctlr & GICC_CTLR.EOImode) {
      this.onEoi?.({ core, intid, op: 'eoi', deactivated: false, pintid: -1 });
      return;
    }
    const i = this.activeLr(core, intid);
    if (i < 0) {
      if (dropped) this.bumpEoiCount(core);
      this.onEoi?.({ core, intid, op: 'eoi', deactivated: false, pintid: -1 });
      return;
    }
    const pintid = this.deactivateLr(core, i);
    this.onEoi?.({ core, intid, op: 'eoi', deactivated: true, pintid });
  }

  /** GICV_DIR write: deactivation when GICV_CTLR.EOImode is 1 (ignored otherwise). */
  deactivate(core: number, value: number): void {
    const intid = value & 0x3ff;
    const s = this.st(core);
    if (intid >= INTID_SPECIAL_BASE || !(s.ctlr & GICC_CTLR.EOImode)) return;
    const i = this.activeLr(core, intid);
    if (i < 0) { this.bumpEoiCount(core); return; }
    const pintid = this.deactivateLr(core, i);
    this.onEoi?.({ core, intid, op: 'dir', deactivated: true, pintid });
  }

  read(core: number, off: number): number {
    const s = this.st(core);
    switch (off) {
      case GICC.CTLR: return s.ctlr;
      case GICC.PMR: return s.pmr;
      case GICC.BPR: return s.bpr;
      case GICC.IAR: return this.acknowledge(core);
      case GICC.RPR: return Math.min(this.runningPriority(core), 0xff);
      case GICC.HPPIR: return this.hppir(core);
      case GICC.ABPR: return s.abpr;
      case GICC.APR0: return s.apr >>> 0;
      case GICC.IIDR: return GICC_IIDR_VALUE;
      default: return 0; // GICV_APR1-3, NSAPRs, aliased registers, write-only and reserved: RAZ
    }
  }

  write(core: number, off: number, v: number): void {
    const s = this.st(core);
    switch (off) {
      case GICC.CTLR: s.ctlr = v & 0x21f; return;
      case GICC.PMR: s.pmr = v & 0xf8; return; // 5 implemented priority bits
      case GICC.BPR: s.bpr = Math.max(v & 7, VIRT_MIN_BPR); return;
      case GICC.EOIR: this.endOfInterrupt(core, v); return;
      case GICC.ABPR: s.abpr = Math.max(v & 7, VIRT_MIN_ABPR); return;
      case GICC.APR0: s.apr = v >>> 0; return;
      case GICC.DIR: this.deactivate(core, v); return;
      default: // read-only and reserved registers: WI
    }
  }
}
