// GICv3 Distributor (GICD), ARM IHI 0069 chapter 12.9, and the interrupt state it shares with
// the Redistributors (12.11), as QEMU `virt` builds it with gic-version=3: one Security state
// (GICD_CTLR.DS = 1, no EL3), affinity routing always on (ARE RAO/WI), 288 INTIDs, 8 priority
// bits in the Distributor, no LPIs and no ITS (QEMU with its=off; GICD_TYPER.LPIS = 0).
//
// Interrupt state (IHI 0069 4.1.2): inactive, pending, active, active and pending. SGIs and
// PPIs live in each core's Redistributor; SPIs in the Distributor. Pending = a latch (set by an
// edge, an ISPENDR write or an SGI) OR, for a level-sensitive interrupt, the input line (4.1.1).
// Unlike GICv2, an SGI has one pending bit per target (no source tracking: 4.4, "Software
// Generated Interrupts" with affinity routing). With affinity routing GICD registers for
// INTIDs 0-31 are RAZ/WI (12.9: "when affinity routing is enabled ... GICD_* <n> = 0 is RES0")
// and GICD_ITARGETSR, GICD_SGIR, GICD_{C,S}PENDSGIR are RAZ/WI too.
// With one Security state a group bit of 0 is Group 0 (signalled as FIQ) and 1 is Group 1 (IRQ).

import { NUM_INTERNAL, NUM_SGIS, VIRT_NUM_IRQS } from './irq-types';

/** GICD register offsets (IHI 0069 table 12-26). */
export const GICD3 = {
  CTLR: 0x0000, TYPER: 0x0004, IIDR: 0x0008, STATUSR: 0x0010, IGROUPR: 0x0080, ISENABLER: 0x0100, ICENABLER: 0x0180,
  ISPENDR: 0x0200, ICPENDR: 0x0280, ISACTIVER: 0x0300, ICACTIVER: 0x0380, IPRIORITYR: 0x0400, ITARGETSR: 0x0800,
  ICFGR: 0x0c00, IGRPMODR: 0x0d00, NSACR: 0x0e00, SGIR: 0x0f00, IROUTER: 0x6000, IDREGS: 0xffd0,
} as const;

/** GICD_CTLR bits with DS=1 (12.9.4): EnableGrp0, EnableGrp1, ARE (RAO/WI), DS (RAO/WI). */
export const GICD3_CTLR = { EnableGrp0: 0x1, EnableGrp1: 0x2, ARE: 0x10, DS: 0x40 } as const;
/** GICD_IIDR / GICR_IIDR: Arm (0x43B), r0p0, ProductID 0, as QEMU (an r0p0 GIC-500). */
export const GICV3_IIDR = 0x0000043b;
/** The Distributor window on virt: 64 KB. */
export const GICD3_FRAME_SIZE = 0x10000;

/**
 * The CoreSight ID registers at 0xFFD0-0xFFFC (PIDR4-7, PIDR0-3, CIDR0-3) as QEMU's gicv3_idreg:
 * PIDR2 = 0x3B (ArchRev [7:4] = 3, GICv3); PIDR0 is 0x92 for the Distributor, 0x93 for a Redistributor.
 */
export function gicv3IdReg(index: number, pidr0: number): number {
  const ids = [0x44, 0x00, 0x00, 0x00, pidr0, 0xb4, 0x3b, 0x00, 0x0d, 0xf0, 0x05, 0xb1];
  return ids[index] ?? 0;
}
export const PIDR0_DIST = 0x92;
export const PIDR0_REDIST = 0x93;

/** GICD_IROUTER<n> writable bits (12.9.22): Aff3 [39:32], Interrupt_Routing_Mode [31], Aff2-0 [23:0]. */
export const IROUTER_MASK = 0xff_80ff_ffffn;

export interface PendingCandidate {
  intid: number;
  priority: number;
  group: number;
}

/** Which per-interrupt flag array a set/clear bit register addresses. */
export type BitField = 'group' | 'enabled' | 'latch' | 'active';
/** Set (1) / clear (0) / plain write (2) for the bit registers at 0x080-0x3FF, indexed by offset >> 7. */
export const BIT_REGS: readonly (readonly [BitField, 0 | 1 | 2])[] = [
  ['group', 2], ['group', 2], ['enabled', 1], ['enabled', 0], ['latch', 1], ['latch', 0], ['active', 1], ['active', 0],
];

/** Affinity of core `i` as QEMU virt assigns it with a GICv3 (16 cores per cluster): Aff1.Aff0. */
export function coreAffinity(core: number): number {
  return ((Math.floor(core / 16) & 0xff) << 8) | (core % 16);
}

export class GicV3Distributor {
  readonly cores: number;
  readonly numIrqs: number;
  /** GICD_CTLR EnableGrp0 / EnableGrp1 (the writable bits). */
  ctlr = 0;
  readonly group: Uint8Array;
  readonly enabled: Uint8Array;
  readonly latch: Uint8Array;
  readonly active: Uint8Array;
  /** 1 = edge-triggered (Int_config[1] of GICD_ICFGR / GICR_ICFGR). */
  readonly edge: Uint8Array;
  readonly line: Uint8Array;
  readonly priority: Uint8Array;
  /** GICD_IROUTER<n> of each SPI (indexed by INTID), as stored. */
  readonly irouter: BigUint64Array;

  constructor(cores: number, numIrqs = VIRT_NUM_IRQS) {
    if (!Number.isInteger(cores) || cores < 1 || cores > 8) throw new Error(`GICv3: ${cores} cores (1-8 supported)`);
    if (numIrqs % 32 !== 0 || numIrqs < 64 || numIrqs > 1020 + 4) throw new Error(`GICv3: ${numIrqs} interrupts`);
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
    this.irouter = new BigUint64Array(numIrqs);
    this.reset();
  }

  /** Reset as QEMU's arm_gicv3_common reset: everything 0 except SGIs edge-triggered; IROUTER 0 (core 0). */
  reset(): void {
    this.ctlr = 0;
    for (const a of [this.group, this.enabled, this.latch, this.active, this.edge, this.line, this.priority]) a.fill(0);
    this.irouter.fill(0n);
    for (let c = 0; c < this.cores; c++) for (let i = 0; i < NUM_SGIS; i++) this.edge[this.slot(i, c)] = 1;
  }

  /** Index of an interrupt's state: banked per core below 32. */
  slot(intid: number, core: number): number {
    return intid < NUM_INTERNAL ? core * NUM_INTERNAL + intid : this.cores * NUM_INTERNAL + intid - NUM_INTERNAL;
  }

  isPending(intid: number, core: number): boolean {
    const s = this.slot(intid, core);
    return this.latch[s] !== 0 || (this.edge[s] === 0 && this.line[s] !== 0);
  }

  /** The core an SPI is routed to (GICD_IROUTER affinity; IRM is stored but, as No1N = 1, not used), or -1. */
  spiTarget(intid: number): number {
    const r = this.irouter[intid];
    const aff = Number(r & 0xffffffn) | (Number((r >> 32n) & 0xffn) << 24);
    for (let c = 0; c < this.cores; c++) if (coreAffinity(c) === aff) return c;
    return -1;
  }

  /**
   * The highest-priority interrupt forwarded to `core`'s CPU interface (IHI 0069 4.1.1, 4.8):
   * enabled, pending, not active, in a group enabled in GICD_CTLR, and (SPIs) routed to the
   * core. Priority 0xFF is never signalled. Ties go to the lowest INTID (as QEMU).
   */
  bestPending(core: number): PendingCandidate | null {
    if ((this.ctlr & 3) === 0) return null;
    let best: PendingCandidate | null = null;
    for (let intid = 0; intid < this.numIrqs; intid++) {
      const s = this.slot(intid, core);
      if (!this.enabled[s] || this.active[s] || !(this.ctlr & (1 << this.group[s]))) continue;
      if (!this.isPending(intid, core)) continue;
      if (intid >= NUM_INTERNAL && this.spiTarget(intid) !== core) continue;
      const p = this.priority[s];
      if (p < (best?.priority ?? 0xff)) best = { intid, priority: p, group: this.group[s] };
    }
    return best;
  }

  /** pending → active (the latch clears; a level input keeps it pending while high). */
  activate(intid: number, core: number): void {
    const s = this.slot(intid, core);
    this.active[s] = 1;
    this.latch[s] = 0;
  }

  deactivate(intid: number, core: number): void {
    if (intid >= 0 && intid < this.numIrqs) this.active[this.slot(intid, core)] = 0;
  }

  groupOf(intid: number, core: number): number {
    return this.group[this.slot(intid, core)];
  }

  /** Input line of a PPI (banked) or an SPI; SGIs have none. */
  setLevel(intid: number, core: number, level: boolean): void {
    if (intid < NUM_SGIS || intid >= this.numIrqs || core < 0 || core >= this.cores) return;
    const s = this.slot(intid, core);
    const v = level ? 1 : 0;
    if (this.line[s] === v) return;
    this.line[s] = v;
    if (v && this.edge[s]) this.latch[s] = 1; // a rising edge latches pending (4.1.1)
  }

  /** Reads a bit of a set/clear register family for (intid, core); pending includes the level input. */
  bit(field: BitField, intid: number, core: number): boolean {
    if (field === 'latch') return this.isPending(intid, core);
    return this[field][this.slot(intid, core)] !== 0;
  }

  setBit(field: BitField, intid: number, core: number, v: number): void {
    this[field][this.slot(intid, core)] = v;
  }

  /** A 32-bit set/clear register (IGROUPR..ICACTIVER) for 32 INTIDs from `base` as seen by `core`. */
  readBits(off: number, base: number, core: number): number {
    const [field] = BIT_REGS[off >> 7];
    let v = 0;
    for (let i = 0; i < 32 && base + i < this.numIrqs; i++) if (this.bit(field, base + i, core)) v |= 1 << i;
    return v >>> 0;
  }

  writeBits(off: number, base: number, core: number, v: number): void {
    const [field, op] = BIT_REGS[off >> 7];
    for (let i = 0; i < 32 && base + i < this.numIrqs; i++) {
      const b = (v >>> i) & 1;
      if (op === 2) this.setBit(field, base + i, core, b);
      else if (b) this.setBit(field, base + i, core, op);
    }
  }

  /** ICFGR word `n` (16 INTIDs from n*16) as seen by `core`: Int_config[1] = edge in the odd bits. */
  readCfg(base: number, core: number): number {
    let v = 0;
    for (let i = 0; i < 16 && base + i < this.numIrqs; i++) if (this.edge[this.slot(base + i, core)]) v |= 2 << (2 * i);
    return v >>> 0;
  }

  writeCfg(base: number, core: number, v: number): void {
    for (let i = 0; i < 16 && base + i < this.numIrqs; i++) {
      if (base + i < NUM_SGIS) continue; // SGIs are always edge-triggered (12.11.8)
      this.edge[this.slot(base + i, core)] = (v >>> (2 * i + 1)) & 1;
    }
  }

  // ---- GICD register file (0 <= off < 64 KB) ----

  /**
   * GICD_TYPER (12.9.38): No1N, A3V, IDbits = 15 (16-bit INTIDs), ITLinesNumber; LPIS = 0 (no
   * LPIs here, where QEMU 7.2 virt sets it even with its=off), SecurityExtn = 0 (DS=1).
   * ITLinesNumber is QEMU's ((INTIDs - 32) / 32 - 1 = 7 for 288): one less than the architected
   * 32(N+1)-1 >= 287 would need, so software sizes its SPI range as it does on QEMU (SPIs up to
   * 255; those above still work when programmed).
   */
  typer(): number {
    return ((1 << 25) | (1 << 24) | (0xf << 19) | (((this.numIrqs - NUM_INTERNAL) >> 5) - 1)) >>> 0;
  }

  read32(off: number): number {
    if (off === GICD3.CTLR) return this.ctlr | GICD3_CTLR.ARE | GICD3_CTLR.DS;
    if (off === GICD3.TYPER) return this.typer();
    if (off === GICD3.IIDR) return GICV3_IIDR;
    if (off >= GICD3.IGROUPR && off < GICD3.IPRIORITYR) {
      const base = (off & 0x7f) * 8;
      return base < NUM_INTERNAL || base >= this.numIrqs ? 0 : this.readBits(off, base, 0);
    }
    if (off >= GICD3.IPRIORITYR && off < GICD3.ITARGETSR) {
      let v = 0;
      for (let i = 3; i >= 0; i--) v = (v << 8) | this.readPriority(off - GICD3.IPRIORITYR + i);
      return v >>> 0;
    }
    if (off >= GICD3.ICFGR && off < GICD3.IGRPMODR) {
      const base = (off - GICD3.ICFGR) * 4;
      return base < NUM_INTERNAL || base >= this.numIrqs ? 0 : this.readCfg(base, 0);
    }
    if (off >= GICD3.IROUTER && off < GICD3.IROUTER + 8 * 1020) {
      const r = this.readIrouter((off - GICD3.IROUTER) >> 3);
      return Number((off & 4 ? r >> 32n : r) & 0xffffffffn) >>> 0;
    }
    if (off >= GICD3.IDREGS && off < GICD3.IDREGS + 0x30) return gicv3IdReg((off - GICD3.IDREGS) >> 2, PIDR0_DIST);
    // STATUSR, ITARGETSR, IGRPMODR, NSACR (RAZ/WI with DS=1), SGIR (write-only), reserved: RAZ.
    return 0;
  }

  write32(off: number, v: number): void {
    if (off === GICD3.CTLR) { this.ctlr = v & (GICD3_CTLR.EnableGrp0 | GICD3_CTLR.EnableGrp1); return; }
    if (off >= GICD3.IGROUPR && off < GICD3.IPRIORITYR) {
      const base = (off & 0x7f) * 8;
      if (base >= NUM_INTERNAL && base < this.numIrqs) this.writeBits(off, base, 0, v);
      return;
    }
    if (off >= GICD3.IPRIORITYR && off < GICD3.ITARGETSR) {
      for (let i = 0; i < 4; i++) this.writePriority(off - GICD3.IPRIORITYR + i, (v >>> (8 * i)) & 0xff);
      return;
    }
    if (off >= GICD3.ICFGR && off < GICD3.IGRPMODR) {
      const base = (off - GICD3.ICFGR) * 4;
      if (base >= NUM_INTERNAL && base < this.numIrqs) this.writeCfg(base, 0, v);
      return;
    }
    if (off >= GICD3.IROUTER && off < GICD3.IROUTER + 8 * 1020) {
      const n = (off - GICD3.IROUTER) >> 3;
      const old = this.readIrouter(n);
      const hi = (off & 4) !== 0;
      const nv = hi ? (old & 0xffffffffn) | (BigInt(v >>> 0) << 32n) : (old & ~0xffffffffn) | BigInt(v >>> 0);
      this.writeIrouter(n, nv);
    }
    // TYPER, IIDR, ID registers (read-only), STATUSR, ITARGETSR, IGRPMODR, NSACR, SGIR, reserved: WI.
  }

  readPriority(intid: number): number {
    return intid < NUM_INTERNAL || intid >= this.numIrqs ? 0 : this.priority[this.slot(intid, 0)];
  }

  writePriority(intid: number, v: number): void {
    if (intid >= NUM_INTERNAL && intid < this.numIrqs) this.priority[this.slot(intid, 0)] = v & 0xff;
  }

  readIrouter(intid: number): bigint {
    return intid < NUM_INTERNAL || intid >= this.numIrqs ? 0n : this.irouter[intid];
  }

  writeIrouter(intid: number, v: bigint): void {
    if (intid >= NUM_INTERNAL && intid < this.numIrqs) this.irouter[intid] = v & IROUTER_MASK;
  }
}
