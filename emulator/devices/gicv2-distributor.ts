// GICv2 Distributor (GICD), ARM IHI 0048B chapter 4.3, for a GIC without the Security
// Extensions (as QEMU `virt` builds it, security-extensions=off) and with 8 priority bits.
//
// Interrupt state (IHI 0048B 1.4.2 and 3.2.4): each interrupt is inactive, pending, active or
// active and pending. SGIs and PPIs are banked per core; SPIs have one state (the 1-N model,
// 1.4.3 "Models for handling interrupts": the first core to acknowledge takes it; QEMU tracks SPI pending
// per core, we follow the architecture). Pending = a latch (set by an edge, a GICD_ISPENDR
// write or an SGI) OR, for a level-sensitive interrupt, the input line itself, so a level
// interrupt stays pending while its line is high (3.2.4, "level-sensitive interrupts").
// SGIs keep one pending bit per source core (4.3.16 GICD_SPENDSGIRn).

import { GICV2_MAX_CORES, NUM_INTERNAL, NUM_SGIS, VIRT_NUM_IRQS } from './irq-types';

/** GICD register offsets (IHI 0048B table 4-1). */
export const GICD = {
  CTLR: 0x000, TYPER: 0x004, IIDR: 0x008, IGROUPR: 0x080, ISENABLER: 0x100, ICENABLER: 0x180,
  ISPENDR: 0x200, ICPENDR: 0x280, ISACTIVER: 0x300, ICACTIVER: 0x380, IPRIORITYR: 0x400,
  ITARGETSR: 0x800, ICFGR: 0xc00, SGIR: 0xf00, CPENDSGIR: 0xf10, SPENDSGIR: 0xf20, PIDR4: 0xfd0,
} as const;

/** GICD_IIDR of QEMU's GICv2: ProductID 0, Variant 0, Revision 0, Implementer 0x43B (Arm). */
export const GICD_IIDR_VALUE = 0x0000043b;
/** PIDR4-7, PIDR0-3, CIDR0-3 at 0xFD0-0xFFC, the bytes QEMU's gic_id_gicv2 holds (GIC-400 like). */
export const GICD_ID_BYTES: readonly number[] = [0x04, 0x00, 0x00, 0x00, 0x90, 0xb4, 0x2b, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

/** Implemented Distributor frame size (QEMU: 0x1000 inside the 64 KB virt window). */
export const GICD_FRAME_SIZE = 0x1000;

export interface PendingCandidate {
  intid: number;
  priority: number;
  group: number;
}

/** Which per-interrupt bit array a GICD bit register (IGROUPR..ICACTIVER) addresses. */
type BitField = 'group' | 'enabled' | 'latch' | 'active';
/** Indexed by (offset >> 7) for 0x080-0x3FF (entry 0 unused): register family, bit field, set (1) / clear (0) / plain write (2). */
const BIT_REGS: readonly (readonly [BitField, 0 | 1 | 2])[] = [
  ['group', 2], ['group', 2], ['enabled', 1], ['enabled', 0], ['latch', 1], ['latch', 0], ['active', 1], ['active', 0],
];

export class GicV2Distributor {
  readonly numIrqs: number;
  readonly cores: number;
  /** GICD_CTLR: bit 0 EnableGrp0, bit 1 EnableGrp1 (4.3.1, no Security Extensions). */
  ctlr = 0;
  /** Per interrupt slot (see slot()): 0/1 flags. */
  readonly group: Uint8Array;
  readonly enabled: Uint8Array;
  readonly latch: Uint8Array;
  readonly active: Uint8Array;
  /** 1 = edge-triggered (GICD_ICFGR Int_config[1]). */
  readonly edge: Uint8Array;
  /** The input line level (PPIs and SPIs). */
  readonly line: Uint8Array;
  readonly priority: Uint8Array;
  /** SPI CPU targets, indexed by INTID. */
  readonly targets: Uint8Array;
  /** Pending SGIs: bitmask of source cores, indexed core * 16 + SGI. */
  readonly sgiSources: Uint8Array;

  constructor(cores: number, numIrqs = VIRT_NUM_IRQS) {
    if (!Number.isInteger(cores) || cores < 1 || cores > GICV2_MAX_CORES) throw new Error(`GICv2: ${cores} cores (1-8 supported)`);
    if (numIrqs % 32 !== 0 || numIrqs < 64 || numIrqs > 1020 + 4) throw new Error(`GICv2: ${numIrqs} interrupts`);
    this.cores = cores;
    this.numIrqs = numIrqs;
    const n = cores * NUM_INTERNAL + numIrqs - NUM_INTERNAL;
    this.group = new Uint8Array(n);
    this.enabled = new Uint8Array(n);
    this.latch = new Uint8Array(n);
    this.active = new Uint8Array(n);
    this.edge = new Uint8Array(n);
    this.line = new Uint8Array(n);
    this.priority = new Uint8Array(n);
    this.targets = new Uint8Array(numIrqs);
    this.sgiSources = new Uint8Array(cores * NUM_SGIS);
    this.reset();
  }

  /** Reset as QEMU's arm_gic_common reset: SGIs enabled and edge-triggered, all else zero. */
  reset(): void {
    this.ctlr = 0;
    for (const a of [this.group, this.enabled, this.latch, this.active, this.edge, this.line, this.priority, this.targets, this.sgiSources]) a.fill(0);
    for (let c = 0; c < this.cores; c++) {
      for (let i = 0; i < NUM_SGIS; i++) { this.enabled[this.slot(i, c)] = 1; this.edge[this.slot(i, c)] = 1; }
    }
    // A uniprocessor GIC: every interrupt targets the one core, and ITARGETSR is RAZ/WI (4.3.12).
    if (this.cores === 1) this.targets.fill(1);
  }

  /** Index of an interrupt's state: banked per core below 32 (IHI 0048B 1.4.2). */
  slot(intid: number, core: number): number {
    return intid < NUM_INTERNAL ? core * NUM_INTERNAL + intid : this.cores * NUM_INTERNAL + intid - NUM_INTERNAL;
  }

  get coreMask(): number { return (1 << this.cores) - 1; }

  isPending(intid: number, core: number): boolean {
    if (intid < NUM_SGIS) return this.sgiSources[core * NUM_SGIS + intid] !== 0;
    const s = this.slot(intid, core);
    return this.latch[s] !== 0 || (this.edge[s] === 0 && this.line[s] !== 0);
  }

  isActive(intid: number, core: number): boolean { return this.active[this.slot(intid, core)] !== 0; }
  priorityOf(intid: number, core: number): number { return this.priority[this.slot(intid, core)]; }
  groupOf(intid: number, core: number): number { return this.group[this.slot(intid, core)]; }

  private targeted(intid: number, core: number): boolean {
    return intid < NUM_INTERNAL || (this.targets[intid] & (1 << core)) !== 0;
  }

  /**
   * The highest-priority interrupt the Distributor forwards to `core` (4.3.1, 3.3): enabled,
   * pending, not active, targeting the core, in a group enabled in GICD_CTLR. Ties go to the
   * lowest INTID (IHI 0048B 3.3: IMPLEMENTATION DEFINED; QEMU does the same).
   */
  bestPending(core: number): PendingCandidate | null {
    if ((this.ctlr & 3) === 0) return null;
    let best: PendingCandidate | null = null;
    for (let intid = 0; intid < this.numIrqs; intid++) {
      const s = this.slot(intid, core);
      if (!this.enabled[s] || this.active[s] || !(this.ctlr & (1 << this.group[s]))) continue;
      if (!this.isPending(intid, core) || !this.targeted(intid, core)) continue;
      const p = this.priority[s];
      if (best === null || p < best.priority) best = { intid, priority: p, group: this.group[s] };
    }
    return best;
  }

  /** pending → active (or active+pending for an asserted level input); returns the GICC_IAR value. */
  acknowledge(intid: number, core: number): number {
    const s = this.slot(intid, core);
    this.active[s] = 1;
    if (intid < NUM_SGIS) {
      // The lowest-numbered source core first; the SGI stays pending while other sources remain.
      const k = core * NUM_SGIS + intid;
      const srcs = this.sgiSources[k];
      const src = 31 - Math.clz32(srcs & -srcs);
      this.sgiSources[k] = srcs & ~(1 << src);
      return intid | (src << 10);
    }
    this.latch[s] = 0;
    return intid;
  }

  deactivate(intid: number, core: number): void {
    if (intid < this.numIrqs) this.active[this.slot(intid, core)] = 0;
  }

  /** Input line change for a PPI (banked by core) or an SPI; SGIs have no line (ignored). */
  setLevel(intid: number, core: number, level: boolean): void {
    if (intid < NUM_SGIS || intid >= this.numIrqs || core < 0 || core >= this.cores) return;
    const s = this.slot(intid, core);
    const v = level ? 1 : 0;
    if (this.line[s] === v) return;
    this.line[s] = v;
    if (v && this.edge[s]) this.latch[s] = 1; // rising edge latches pending (3.2.4)
  }

  /** GICD_SGIR (4.3.15). Returns true when handled (a word write to 0xF00). */
  writeSgir(core: number, v: number): void {
    const sgi = v & 0xf;
    // TargetListFilter: 0 the list, 1 all but self, 2 self only, 3 reserved (no SGI sent).
    // NSATT (bit 15) only matters with the Security Extensions: ignored here.
    const filter = (v >>> 24) & 3;
    const masks = [(v >>> 16) & 0xff, this.coreMask & ~(1 << core), 1 << core, 0];
    const mask = masks[filter] & this.coreMask; // SGIs to cores that do not exist are dropped
    for (let t = 0; t < this.cores; t++) if (mask & (1 << t)) this.sgiSources[t * NUM_SGIS + sgi] |= 1 << core;
  }

  // ---- byte-addressed register file ----

  readByte(core: number, off: number): number {
    if (off < 0x080) {
      if (off === GICD.CTLR) return this.ctlr;
      if (off === GICD.TYPER) return ((this.numIrqs >> 5) - 1) | ((this.cores - 1) << 5);
      if (off >= GICD.IIDR && off < GICD.IIDR + 4) return (GICD_IIDR_VALUE >>> (8 * (off - GICD.IIDR))) & 0xff;
      return 0; // reserved / IMPLEMENTATION DEFINED: RAZ
    }
    if (off < GICD.IPRIORITYR) {
      const [field] = BIT_REGS[off >> 7];
      const base = (off & 0x7f) * 8;
      let v = 0;
      for (let i = 0; i < 8 && base + i < this.numIrqs; i++) if (this.bit(field, base + i, core)) v |= 1 << i;
      return v;
    }
    if (off < GICD.ITARGETSR) {
      const intid = off - GICD.IPRIORITYR;
      return intid < this.numIrqs ? this.priority[this.slot(intid, core)] : 0;
    }
    if (off < GICD.ICFGR) {
      const intid = off - GICD.ITARGETSR;
      if (this.cores === 1 || intid >= this.numIrqs) return 0;
      return intid < NUM_INTERNAL ? 1 << core : this.targets[intid]; // SGI/PPI: read-only, own core
    }
    if (off < GICD.SGIR) {
      const base = (off - GICD.ICFGR) * 4;
      let v = 0;
      for (let i = 0; i < 4 && base + i < this.numIrqs; i++) if (this.edge[this.slot(base + i, core)]) v |= 2 << (2 * i);
      return v;
    }
    if (off >= GICD.CPENDSGIR && off < GICD.SPENDSGIR + 16) return this.sgiSources[core * NUM_SGIS + ((off - GICD.CPENDSGIR) & 15)];
    if (off >= GICD.PIDR4 && (off & 3) === 0) return GICD_ID_BYTES[(off - GICD.PIDR4) >> 2];
    return 0; // GICD_SGIR is write-only; reserved space is RAZ/WI (4.1.4)
  }

  writeByte(core: number, off: number, v: number): void {
    if (off < 0x080) {
      if (off === GICD.CTLR) this.ctlr = v & 3;
      return; // TYPER, IIDR read-only; reserved WI
    }
    if (off < GICD.IPRIORITYR) {
      const [field, op] = BIT_REGS[off >> 7];
      const base = (off & 0x7f) * 8;
      for (let i = 0; i < 8 && base + i < this.numIrqs; i++) {
        const bit = (v >> i) & 1;
        if (op === 2) this.setBit(field, base + i, core, bit);
        else if (bit) this.setBit(field, base + i, core, op);
      }
      return;
    }
    if (off < GICD.ITARGETSR) {
      const intid = off - GICD.IPRIORITYR;
      if (intid < this.numIrqs) this.priority[this.slot(intid, core)] = v; // 8 bits implemented
      return;
    }
    if (off < GICD.ICFGR) {
      const intid = off - GICD.ITARGETSR;
      // SGI/PPI targets are read-only; bits for cores that do not exist are RAZ/WI (4.3.12).
      if (this.cores > 1 && intid >= NUM_INTERNAL && intid < this.numIrqs) this.targets[intid] = v & this.coreMask;
      return;
    }
    if (off < GICD.SGIR) {
      const base = (off - GICD.ICFGR) * 4;
      for (let i = 0; i < 4 && base + i < this.numIrqs; i++) {
        if (base + i < NUM_SGIS) continue; // SGIs are always edge-triggered (4.3.13)
        this.edge[this.slot(base + i, core)] = (v >> (2 * i + 1)) & 1;
      }
      return;
    }
    if (off >= GICD.CPENDSGIR && off < GICD.SPENDSGIR + 16) {
      const k = core * NUM_SGIS + ((off - GICD.CPENDSGIR) & 15);
      const srcs = v & this.coreMask;
      this.sgiSources[k] = off < GICD.SPENDSGIR ? this.sgiSources[k] & ~srcs : this.sgiSources[k] | srcs;
    }
    // everything else (SGIR by bytes, ID registers, reserved): WI
  }

  private bit(field: BitField, intid: number, core: number): boolean {
    if (field === 'latch') return this.isPending(intid, core);
    return this[field][this.slot(intid, core)] !== 0;
  }

  private setBit(field: BitField, intid: number, core: number, v: number): void {
    const s = this.slot(intid, core);
    if (field === 'enabled' && intid < NUM_SGIS) return; // SGI enables are fixed at 1 (as QEMU)
    if (field === 'latch' && intid < NUM_SGIS) return; // SGI pending: GICD_SPENDSGIR/CPENDSGIR only
    this[field][s] = v;
  }
}
