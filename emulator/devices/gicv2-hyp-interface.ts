// GICv2 virtual interface control registers (GICH), ARM IHI 0048B section 5.3, one bank per
// core: the hypervisor's view of the virtual CPU interface. QEMU's GICv2 has 4 list registers,
// 5 bits of virtual priority (32 levels, one GICH_APR) and a minimum virtual BPR of 2.
//
// List register layout (5.3.8 GICH_LRn): VirtualID [9:0]; PhysicalID [19:10] when HW=1, else
// bit 19 = EOI (maintenance on deactivation) and [12:10] = CPUID (the SGI source); Priority
// [27:23] (priority[7:3]); State [29:28] (0 invalid, 1 pending, 2 active, 3 pending+active);
// Grp1 [30]; HW [31]. Bits [22:20] are reserved (RAZ/WI).
//
// The maintenance interrupt (5.3.4 GICH_MISR, 5.3.1 GICH_HCR) is asserted while GICH_HCR.En is
// 1 and any GICH_MISR bit is set; the board wires it to PPI 25.

import type { MmioDevice } from '../memory/bus';
import { wordFrame } from './gicv2-mmio';

/** GICH register offsets (IHI 0048B table 5-1). */
export const GICH = {
  HCR: 0x00, VTR: 0x04, VMCR: 0x08, MISR: 0x10, EISR0: 0x20, EISR1: 0x24, ELRSR0: 0x30, ELRSR1: 0x34,
  APR: 0xf0, LR0: 0x100,
} as const;

/** GICH_HCR bits (5.3.1); EOICount is [31:27]. */
export const GICH_HCR = {
  En: 0x1, UIE: 0x2, LRENPIE: 0x4, NPIE: 0x8, VGrp0EIE: 0x10, VGrp0DIE: 0x20, VGrp1EIE: 0x40, VGrp1DIE: 0x80,
  EOICountShift: 27,
} as const;
export const GICH_HCR_MASK = 0xf80000ff;

/** GICH_MISR bits (5.3.4). */
export const GICH_MISR = { EOI: 0x1, U: 0x2, LRENP: 0x4, NP: 0x8, VGrp0E: 0x10, VGrp0D: 0x20, VGrp1E: 0x40, VGrp1D: 0x80 } as const;

export const NUM_LRS = 4;
/** Virtual priority bits (GICH_VTR.PRIbits+1) and preemption bits (PREbits+1), as QEMU. */
export const VIRT_PRIO_BITS = 5;
export const VIRT_MIN_BPR = 2;
export const VIRT_MIN_ABPR = 3;
/** GICH_VTR (5.3.2): ListRegs = NUM_LRS-1, PREbits = 5-1, PRIbits = 5-1. */
export const GICH_VTR_VALUE = ((NUM_LRS - 1) | ((VIRT_PRIO_BITS - 1) << 26) | ((VIRT_PRIO_BITS - 1) << 29)) >>> 0;
export const GICH_LR_MASK = 0xff8fffff;
/** The banked GICH frame (this core) is 0x1000 bytes in QEMU; per-core frames are 0x200 each. */
export const GICH_FRAME_SIZE = 0x1000;
export const GICH_CORE_FRAME_SIZE = 0x200;

export const LR_STATE = { INVALID: 0, PENDING: 1, ACTIVE: 2, PENDING_ACTIVE: 3 } as const;

/** List register fields (5.3.8). */
export const lr = {
  vintid: (v: number): number => v & 0x3ff,
  pintid: (v: number): number => (v >>> 10) & 0x3ff,
  cpuid: (v: number): number => (v >>> 10) & 7,
  eoi: (v: number): boolean => ((v >>> 19) & 1) !== 0,
  priority: (v: number): number => ((v >>> 23) & 0x1f) << 3,
  state: (v: number): number => (v >>> 28) & 3,
  group: (v: number): number => (v >>> 30) & 1,
  hw: (v: number): boolean => v >>> 31 !== 0,
  withState: (v: number, st: number): number => ((v & ~(3 << 28)) | (st << 28)) >>> 0,
  /** Builds an LR value (tests, and hypervisor helpers). */
  make(f: { vintid: number; state: number; priority?: number; group?: number; hw?: boolean; pintid?: number; eoi?: boolean; cpuid?: number }): number {
    const phys = f.hw ? (f.pintid ?? 0) & 0x3ff : ((f.eoi ? 0x200 : 0) | ((f.cpuid ?? 0) & 7));
    return ((f.vintid & 0x3ff) | (phys << 10) | (((f.priority ?? 0) >> 3) << 23) | ((f.state & 3) << 28) |
      ((f.group ?? 0) << 30) | (f.hw ? 1 << 31 : 0)) >>> 0;
  },
};

/** ELRSR (5.3.6): invalid and not waiting for an EOI maintenance interrupt. */
const lrFree = (v: number): boolean => lr.state(v) === LR_STATE.INVALID && (lr.hw(v) || !lr.eoi(v));
/** EISR (5.3.5): invalid, HW=0, EOI=1: the virtual interrupt was deactivated and asked for maintenance. */
const lrEoi = (v: number): boolean => lr.state(v) === LR_STATE.INVALID && !lr.hw(v) && lr.eoi(v);

/** One core's virtual interface: GICH registers plus the virtual CPU interface state GICH_VMCR shows. */
export class VgicState {
  hcr = 0;
  readonly lrs = new Uint32Array(NUM_LRS);
  /** GICH_APR / GICV_APR0: one bit per virtual preemption level (32 levels). */
  apr = 0;
  /** The virtual CPU interface's GICV_CTLR, GICV_PMR, GICV_BPR, GICV_ABPR (GICH_VMCR fields). */
  ctlr = 0;
  pmr = 0;
  bpr = VIRT_MIN_BPR;
  abpr = VIRT_MIN_ABPR;
}

export interface InjectInfo {
  core: number;
  lr: number;
  value: number;
}

/** MISR conditions: GICH_HCR enable bit → condition on the core's virtual state (5.3.4). */
const MISR_TABLE: readonly (readonly [number, number, (s: VgicState, counts: LrCounts) => boolean])[] = [
  [GICH_HCR.UIE, GICH_MISR.U, (_s, n) => n.valid < 2],
  [GICH_HCR.LRENPIE, GICH_MISR.LRENP, (s) => s.hcr >>> GICH_HCR.EOICountShift !== 0],
  [GICH_HCR.NPIE, GICH_MISR.NP, (_s, n) => n.pending === 0],
  [GICH_HCR.VGrp0EIE, GICH_MISR.VGrp0E, (s) => (s.ctlr & 1) !== 0],
  [GICH_HCR.VGrp0DIE, GICH_MISR.VGrp0D, (s) => (s.ctlr & 1) === 0],
  [GICH_HCR.VGrp1EIE, GICH_MISR.VGrp1E, (s) => (s.ctlr & 2) !== 0],
  [GICH_HCR.VGrp1DIE, GICH_MISR.VGrp1D, (s) => (s.ctlr & 2) === 0],
];

interface LrCounts {
  eoi: number;
  valid: number;
  pending: number;
}

export class GicV2HypInterface {
  readonly state: VgicState[] = [];
  onInject: ((i: InjectInfo) => void) | null = null;

  constructor(readonly cores: number) {
    for (let c = 0; c < cores; c++) this.state.push(new VgicState());
  }

  reset(): void {
    for (let c = 0; c < this.cores; c++) this.state[c] = new VgicState();
  }

  private counts(s: VgicState): LrCounts {
    const n = { eoi: 0, valid: 0, pending: 0 };
    for (const v of s.lrs) {
      if (lrEoi(v)) n.eoi++;
      if (lr.state(v) !== LR_STATE.INVALID) n.valid++;
      if (lr.state(v) === LR_STATE.PENDING) n.pending++; // pending+active does not count (QEMU)
    }
    return n;
  }

  /** GICH_MISR (5.3.4): EOI, U (0 or 1 valid LRs), LRENP (EOICount != 0), NP, VGrp{0,1}{E,D}. */
  misr(core: number): number {
    const s = this.state[core];
    const n = this.counts(s);
    let v = n.eoi ? GICH_MISR.EOI : 0;
    for (const [enable, bit, cond] of MISR_TABLE) if (s.hcr & enable && cond(s, n)) v |= bit;
    return v;
  }

  /** The maintenance interrupt output of one core (5.3.1 En gates it). */
  maintenance(core: number): boolean {
    return (this.state[core].hcr & GICH_HCR.En) !== 0 && this.misr(core) !== 0;
  }

  private lrBits(core: number, pred: (v: number) => boolean): number {
    let v = 0;
    this.state[core].lrs.forEach((x, i) => { if (pred(x)) v |= 1 << i; });
    return v >>> 0;
  }

  read(core: number, off: number): number {
    const s = this.state[core];
    switch (off) {
      case GICH.HCR: return s.hcr >>> 0;
      case GICH.VTR: return GICH_VTR_VALUE;
      case GICH.VMCR:
        return ((s.ctlr & 0x3ff) | (s.abpr << 18) | (s.bpr << 21) | ((s.pmr >> 3) << 27)) >>> 0;
      case GICH.MISR: return this.misr(core);
      case GICH.EISR0: return this.lrBits(core, lrEoi);
      case GICH.ELRSR0: return this.lrBits(core, lrFree);
      case GICH.APR: return s.apr >>> 0;
      default: {
        const i = (off - GICH.LR0) >> 2;
        if (off >= GICH.LR0 && i < NUM_LRS) return s.lrs[i];
        return 0; // EISR1/ELRSR1 (no LRs 32-63), unimplemented LRs, reserved: RAZ
      }
    }
  }

  write(core: number, off: number, v: number): void {
    const s = this.state[core];
    switch (off) {
      case GICH.HCR: s.hcr = (v & GICH_HCR_MASK) >>> 0; return;
      case GICH.VMCR:
        s.ctlr = v & 0x21f; // VMGrp0En, VMGrp1En, VMAckCtl, VMFIQEn, VMCBPR, VEM (bit 9)
        s.abpr = Math.max((v >>> 18) & 7, VIRT_MIN_ABPR);
        s.bpr = Math.max((v >>> 21) & 7, VIRT_MIN_BPR);
        s.pmr = ((v >>> 27) & 0x1f) << 3;
        return;
      case GICH.APR: s.apr = v >>> 0; return;
      default: {
        const i = (off - GICH.LR0) >> 2;
        if (off < GICH.LR0 || i >= NUM_LRS) return; // read-only and reserved registers, LRs beyond VTR: WI
        // Any value is stored (duplicate or out-of-range vINTIDs included): the architecture makes
        // their use UNPREDICTABLE; the virtual CPU interface resolves them deterministically
        // (lowest-numbered LR first).
        s.lrs[i] = (v & GICH_LR_MASK) >>> 0;
        if (lr.state(s.lrs[i]) & LR_STATE.PENDING) this.onInject?.({ core, lr: i, value: s.lrs[i] });
      }
    }
  }

  /** The banked frame (0x08030000 on virt): the accessing core's registers. */
  bankedFrame(currentCore: () => number, after: () => void): MmioDevice {
    return wordFrame('gic-hyp', GICH_FRAME_SIZE, (o) => this.read(currentCore(), o), (o, v) => { this.write(currentCore(), o, v); after(); });
  }

  /** Core `core`'s own frame (IHI 0048B 5.3: the per-processor GICH aliases, 0x200 bytes each). */
  coreFrame(core: number, after: () => void): MmioDevice {
    return wordFrame(`gic-hyp${core}`, GICH_CORE_FRAME_SIZE, (o) => this.read(core, o), (o, v) => { this.write(core, o, v); after(); });
  }
}
