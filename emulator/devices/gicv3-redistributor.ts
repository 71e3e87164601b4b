// GICv3 Redistributors (GICR), ARM IHI 0069 chapter 12.10-12.11: one per core, each two 64 KB
// frames, RD_base (control, LPIs) then SGI_base (SGI/PPI configuration), laid out contiguously
// as QEMU `virt` maps them from 0x080A_0000 (hw/arm/virt.c VIRT_GIC_REDIST). No LPIs: GICR_TYPER.PLPIS
// = 0, GICR_CTLR has no writable bit (QEMU), PROPBASER/PENDBASER are stored but unused (as QEMU).
// The SGI/PPI state itself lives in the shared interrupt store (gicv3-distributor.ts).
//
// GICR_WAKER (12.11.41): ProcessorSleep is writable; ChildrenAsleep follows it at once (the
// interface has nothing asynchronous to quiesce). Reset is asleep (0b110), as QEMU; as in QEMU
// the state does not gate forwarding to the CPU interface (software clears it first anyway).

import { NUM_INTERNAL } from './irq-types';
import { GICV3_IIDR, PIDR0_REDIST, coreAffinity, gicv3IdReg, type GicV3Distributor } from './gicv3-distributor';

/** RD_base offsets (IHI 0069 table 12-27). */
export const GICR = {
  CTLR: 0x0000, IIDR: 0x0004, TYPER: 0x0008, STATUSR: 0x0010, WAKER: 0x0014, PROPBASER: 0x0070, PENDBASER: 0x0078,
  IDREGS: 0xffd0,
} as const;
/** SGI_base offsets, relative to SGI_base (= RD_base + 64 KB; table 12-29). */
export const GICR_SGI = {
  IGROUPR0: 0x0080, ISENABLER0: 0x0100, ICENABLER0: 0x0180, ISPENDR0: 0x0200, ICPENDR0: 0x0280, ISACTIVER0: 0x0300,
  ICACTIVER0: 0x0380, IPRIORITYR: 0x0400, ICFGR0: 0x0c00, ICFGR1: 0x0c04, IGRPMODR0: 0x0d00, NSACR: 0x0e00,
} as const;

export const GICR_WAKER = { ProcessorSleep: 0x2, ChildrenAsleep: 0x4 } as const;
/** RD_base + SGI_base: 128 KB per core (GICv3; GICv4 adds two more frames). */
export const GICR_STRIDE = 0x20000;
export const GICR_SGI_BASE = 0x10000;

class RedistState {
  waker = GICR_WAKER.ProcessorSleep | GICR_WAKER.ChildrenAsleep;
  propbaser = 0n;
  pendbaser = 0n;
}

export class GicV3Redistributors {
  readonly state: RedistState[] = [];

  constructor(readonly dist: GicV3Distributor) {
    for (let c = 0; c < dist.cores; c++) this.state.push(new RedistState());
  }

  reset(): void {
    for (let c = 0; c < this.state.length; c++) this.state[c] = new RedistState();
  }

  /** The Redistributor is awake: the CPU interface may be used (GICR_WAKER.ChildrenAsleep = 0). */
  awake(core: number): boolean {
    return (this.state[core].waker & GICR_WAKER.ChildrenAsleep) === 0;
  }

  /** GICR_TYPER (12.11.38): Affinity_Value [63:32], CommonLPIAff = 1 [25:24], Processor_Number [23:8], Last [4]. */
  typer(core: number): bigint {
    const last = core === this.dist.cores - 1 ? 1 : 0;
    return (BigInt(coreAffinity(core)) << 32n) | BigInt((1 << 24) | (core << 8) | (last << 4));
  }

  /** A 32-bit read at `off` inside core `core`'s 128 KB. */
  read32(core: number, off: number): number {
    if (off >= GICR_SGI_BASE) return this.readSgi(core, off - GICR_SGI_BASE);
    const s = this.state[core];
    const half = (v: bigint, hi: boolean): number => Number((hi ? v >> 32n : v) & 0xffffffffn) >>> 0;
    switch (off) {
      case GICR.IIDR: return GICV3_IIDR;
      case GICR.TYPER: case GICR.TYPER + 4: return half(this.typer(core), off !== GICR.TYPER);
      case GICR.WAKER: return s.waker;
      case GICR.PROPBASER: case GICR.PROPBASER + 4: return half(s.propbaser, off !== GICR.PROPBASER);
      case GICR.PENDBASER: case GICR.PENDBASER + 4: return half(s.pendbaser, off !== GICR.PENDBASER);
      default:
        if (off >= GICR.IDREGS && off < GICR.IDREGS + 0x30) return gicv3IdReg((off - GICR.IDREGS) >> 2, PIDR0_REDIST);
        return 0; // CTLR (nothing implemented), STATUSR, reserved: RAZ
    }
  }

  write32(core: number, off: number, v: number): void {
    if (off >= GICR_SGI_BASE) { this.writeSgi(core, off - GICR_SGI_BASE, v); return; }
    const s = this.state[core];
    const dep = (old: bigint, hi: boolean): bigint =>
      hi ? (old & 0xffffffffn) | (BigInt(v >>> 0) << 32n) : (old & ~0xffffffffn) | BigInt(v >>> 0);
    switch (off) {
      case GICR.WAKER: {
        const sleep = v & GICR_WAKER.ProcessorSleep;
        s.waker = sleep ? sleep | GICR_WAKER.ChildrenAsleep : 0;
        return;
      }
      case GICR.PROPBASER: case GICR.PROPBASER + 4: s.propbaser = dep(s.propbaser, off !== GICR.PROPBASER); return;
      case GICR.PENDBASER: case GICR.PENDBASER + 4: s.pendbaser = dep(s.pendbaser, off !== GICR.PENDBASER); return;
      default: // CTLR, IIDR, TYPER, ID registers (read-only), STATUSR, reserved: WI
    }
  }

  /** 64-bit registers: GICR_TYPER, PROPBASER, PENDBASER; null if `off` is not one of them. */
  read64(core: number, off: number): bigint | null {
    const s = this.state[core];
    if (off === GICR.TYPER) return this.typer(core);
    if (off === GICR.PROPBASER) return s.propbaser;
    if (off === GICR.PENDBASER) return s.pendbaser;
    return null;
  }

  write64(core: number, off: number, v: bigint): boolean {
    const s = this.state[core];
    if (off === GICR.PROPBASER) s.propbaser = v;
    else if (off === GICR.PENDBASER) s.pendbaser = v;
    else return off === GICR.TYPER; // read-only: WI
    return true;
  }

  private readSgi(core: number, off: number): number {
    const d = this.dist;
    if (off >= GICR_SGI.IGROUPR0 && off < GICR_SGI.IPRIORITYR && (off & 0x7f) === 0) return d.readBits(off, 0, core);
    if (off >= GICR_SGI.IPRIORITYR && off < GICR_SGI.IPRIORITYR + NUM_INTERNAL) {
      let v = 0;
      for (let i = 3; i >= 0; i--) v = (v << 8) | this.readPriority(core, off - GICR_SGI.IPRIORITYR + i);
      return v >>> 0;
    }
    if (off === GICR_SGI.ICFGR0) return d.readCfg(0, core);
    if (off === GICR_SGI.ICFGR1) return d.readCfg(16, core);
    return 0; // IGRPMODR0, NSACR (RAZ/WI with DS=1), reserved: RAZ
  }

  private writeSgi(core: number, off: number, v: number): void {
    const d = this.dist;
    // The same set/clear families as GICD's, for INTIDs 0-31 of this core.
    if (off >= GICR_SGI.IGROUPR0 && off < GICR_SGI.IPRIORITYR && (off & 0x7f) === 0) {
      d.writeBits(off, 0, core, v);
    } else if (off >= GICR_SGI.IPRIORITYR && off < GICR_SGI.IPRIORITYR + NUM_INTERNAL) {
      for (let i = 0; i < 4; i++) this.writePriority(core, off - GICR_SGI.IPRIORITYR + i, (v >>> (8 * i)) & 0xff);
    } else if (off === GICR_SGI.ICFGR1) {
      d.writeCfg(16, core, v); // ICFGR0 (SGIs) is read-only: always edge
    }
  }

  readPriority(core: number, intid: number): number {
    return intid < NUM_INTERNAL ? this.dist.priority[this.dist.slot(intid, core)] : 0;
  }

  writePriority(core: number, intid: number, v: number): void {
    if (intid < NUM_INTERNAL) this.dist.priority[this.dist.slot(intid, core)] = v & 0xff;
  }
}
