// GICv3 virtual CPU interface, ARM IHI 0069 chapters 6 and 12.4-12.5: the hypervisor's ICH_*_EL2
// registers and the guest's ICV_*_EL1 view (ICC_* accesses from EL1 with HCR_EL2.IMO/FMO = 1).
// QEMU's Cortex-A57 values (ICH_VTR_EL2 = ListRegs 3, PREbits 4, PRIbits 4): 4 list registers,
// 5 bits of virtual priority and preemption, minimum VBPR0 2 / VBPR1 3, one ICH_AP0R/AP1R each.
//
// ICH_LR<n>_EL2 (12.4.6): vINTID [31:0], pINTID [44:32] (HW = 1) or EOI [41] (HW = 0),
// Priority [55:48] (low 3 bits RES0 here), Group [60], HW [61], State [63:62] (0 invalid,
// 1 pending, 2 active, 3 pending and active). The guest acknowledges (ICV_IAR: pending →
// active, the group priority's bit set in ICH_AP<g>R0) and completes (ICV_EOIR: priority drop,
// deactivation unless ICH_VMCR_EL2.VEOIM; ICV_DIR deactivates) without leaving EL1. An HW = 1
// LR deactivates its physical INTID when the virtual one is deactivated (6.1.2). An EOI or DIR
// that matches no active LR counts in ICH_HCR_EL2.EOIcount (LRENP maintenance).
// Misprogrammed LRs (UNPREDICTABLE: duplicate vINTIDs, pending+active HW LRs) resolve as QEMU
// does: the lowest-numbered matching LR is used; pending+active LRs are never the HPPVI.

import { isSpecial } from './gicv3-cpu-interface';

export const NUM_LRS = 4;
export const VPRIO_BITS = 5;
export const MIN_VBPR = 7 - VPRIO_BITS;
export const IDLE_PRIORITY = 0xff;

/** ICH_HCR_EL2 (12.4.3). EOIcount is [31:27]. */
export const ICH_HCR = {
  En: 0x1, UIE: 0x2, LRENPIE: 0x4, NPIE: 0x8, VGrp0EIE: 0x10, VGrp0DIE: 0x20, VGrp1EIE: 0x40, VGrp1DIE: 0x80,
  TC: 0x400, TALL0: 0x800, TALL1: 0x1000, TSEI: 0x2000, TDIR: 0x4000, EOIcountShift: 27,
} as const;
/** Writable ICH_HCR_EL2 bits (QEMU ich_hcr_write). */
export const ICH_HCR_MASK = 0xf80000ff | 0x7c00;
/** ICH_MISR_EL2 (12.4.8). */
export const ICH_MISR = { EOI: 0x1, U: 0x2, LRENP: 0x4, NP: 0x8, VGrp0E: 0x10, VGrp0D: 0x20, VGrp1E: 0x40, VGrp1D: 0x80 } as const;
/** ICH_VMCR_EL2 (12.4.10): VENG0 [0], VENG1 [1], VAckCtl [2] (RES0), VFIQEn [3] (RES1), VCBPR [4], VEOIM [9], VBPR1 [20:18], VBPR0 [23:21], VPMR [31:24]. */
export const ICH_VMCR = { VENG0: 0x1, VENG1: 0x2, VFIQEn: 0x8, VCBPR: 0x10, VEOIM: 0x200 } as const;
/** Writable ICH_VMCR_EL2 bits: VENG0/1, VCBPR, VEOIM, VBPR1, VBPR0, VPMR. */
const VMCR_MASK = 0xfffc0213;
/** ICH_VTR_EL2 (12.4.11): ListRegs = 3, TDS, nV4, A3V, IDbits = 1, PREbits = 4, PRIbits = 4. */
export const ICH_VTR_VALUE = ((NUM_LRS - 1) | (1 << 19) | (1 << 20) | (1 << 21) | (1 << 23) | ((VPRIO_BITS - 1) << 26) | ((VPRIO_BITS - 1) << 29)) >>> 0;

export const LR_STATE = { INVALID: 0, PENDING: 1, ACTIVE: 2, PENDING_ACTIVE: 3 } as const;

/** List register fields (IHI 0069 12.4.6). */
export const lr = {
  vintid: (v: bigint): number => Number(v & 0xffffffffn),
  pintid: (v: bigint): number => Number((v >> 32n) & 0x1fffn),
  eoi: (v: bigint): boolean => ((v >> 41n) & 1n) === 1n,
  priority: (v: bigint): number => Number((v >> 48n) & 0xffn),
  group: (v: bigint): number => Number((v >> 60n) & 1n),
  hw: (v: bigint): boolean => ((v >> 61n) & 1n) === 1n,
  state: (v: bigint): number => Number((v >> 62n) & 3n),
  withState: (v: bigint, st: number): bigint => (v & ~(3n << 62n)) | (BigInt(st & 3) << 62n),
  /** Builds an LR value (tests and hypervisor helpers). */
  make(f: { vintid: number; state: number; priority?: number; group?: number; hw?: boolean; pintid?: number; eoi?: boolean }): bigint {
    const phys = f.hw ? BigInt((f.pintid ?? 0) & 0x1fff) : f.eoi ? 1n << 9n : 0n;
    return BigInt(f.vintid >>> 0) | (phys << 32n) | (BigInt((f.priority ?? 0) & 0xff) << 48n) | (BigInt((f.group ?? 0) & 1) << 60n) |
      (f.hw ? 1n << 61n : 0n) | (BigInt(f.state & 3) << 62n);
  },
};
/** The priority bits the LR keeps (8 - VPRIO_BITS low bits RES0, QEMU ich_lr_write). */
const LR_PRIO_RES0 = BigInt((1 << (8 - VPRIO_BITS)) - 1) << 48n;

/** One core's virtual interface. */
export class VgicV3State {
  hcr = 0;
  vmcr = ICH_VMCR.VFIQEn | (MIN_VBPR << 21) | ((MIN_VBPR + 1) << 18);
  readonly lrs = new BigUint64Array(NUM_LRS);
  /** ICH_AP0R0_EL2 / ICH_AP1R0_EL2 (= ICV_AP0R0/AP1R0_EL1). */
  readonly apr = new Uint32Array(2);
}

export interface VirtAck { core: number; intid: number }
export interface VirtEoi { core: number; intid: number; op: 'eoi' | 'dir'; deactivated: boolean; pintid: number }
export interface VirtInject { core: number; lr: number; value: bigint }

const lowestBit = (v: number): number => 31 - Math.clz32(v & -v);

export class GicV3VirtualInterface {
  readonly state: VgicV3State[] = [];
  onAck: ((a: VirtAck) => void) | null = null;
  onEoi: ((e: VirtEoi) => void) | null = null;
  onInject: ((i: VirtInject) => void) | null = null;

  /** `deactivatePhysical(core, pintid)`: an HW = 1 LR's physical interrupt is deactivated. */
  constructor(readonly cores: number, private readonly deactivatePhysical: (core: number, pintid: number) => void) {
    for (let c = 0; c < cores; c++) this.state.push(new VgicV3State());
  }

  reset(): void {
    for (let c = 0; c < this.cores; c++) this.state[c] = new VgicV3State();
  }

  // ---- ICH_VMCR_EL2 fields ----
  private vbpr(core: number, group: number): number {
    const v = this.state[core].vmcr;
    return group === 0 ? (v >>> 21) & 7 : (v >>> 18) & 7;
  }

  private setVbpr(core: number, group: number, value: number): void {
    const s = this.state[core];
    const v = Math.max(value & 7, MIN_VBPR + group);
    const shift = group === 0 ? 21 : 18;
    s.vmcr = ((s.vmcr & ~(7 << shift)) | (v << shift)) >>> 0;
  }

  vpmr(core: number): number {
    return this.state[core].vmcr >>> 24;
  }

  /** Group priority mask for a virtual group (QEMU icv_gprio_mask). */
  gprioMask(core: number, group: number): number {
    const cbpr = (this.state[core].vmcr & ICH_VMCR.VCBPR) !== 0;
    const g = group === 1 && cbpr ? 0 : group;
    const bpr = this.vbpr(core, g) - (g === 1 ? 1 : 0);
    return (0xff << (bpr + 1)) & 0xff;
  }

  /** Highest active virtual priority (ICV_RPR_EL1), or 0xFF. */
  runningPriority(core: number): number {
    const a = this.state[core].apr[0] | this.state[core].apr[1];
    return a ? lowestBit(a) << (MIN_VBPR + 1) : IDLE_PRIORITY;
  }

  /** HighestPriorityVirtualInterrupt: the pending LR of an enabled group with the lowest priority value (< 0xFF), lowest index first. */
  hppvi(core: number): number {
    const s = this.state[core];
    let idx = -1, prio = 0xff;
    for (let i = 0; i < NUM_LRS; i++) {
      const v = s.lrs[i];
      if (lr.state(v) !== LR_STATE.PENDING) continue;
      if (!(s.vmcr & (lr.group(v) ? ICH_VMCR.VENG1 : ICH_VMCR.VENG0))) continue;
      if (lr.priority(v) < prio) { prio = lr.priority(v); idx = i; }
    }
    return idx;
  }

  /** CanSignalVirtualInterrupt: ICH_HCR_EL2.En, below VPMR, and preempting the virtual running priority. */
  canPreempt(core: number, v: bigint): boolean {
    if (!(this.state[core].hcr & ICH_HCR.En)) return false;
    const prio = lr.priority(v);
    if (prio >= this.vpmr(core)) return false;
    const rprio = this.runningPriority(core);
    if (rprio === IDLE_PRIORITY) return true;
    const mask = this.gprioMask(core, lr.group(v));
    return (prio & mask) < (rprio & mask);
  }

  /** vIRQ (Group 1) / vFIQ (Group 0) outputs. */
  outputs(core: number): { virq: boolean; vfiq: boolean } {
    const i = this.hppvi(core);
    if (i < 0) return { virq: false, vfiq: false };
    const v = this.state[core].lrs[i];
    if (!this.canPreempt(core, v)) return { virq: false, vfiq: false };
    return { virq: lr.group(v) === 1, vfiq: lr.group(v) === 0 };
  }

  // ---- guest side: ICV_* ----

  /** ICV_IAR<group>_EL1: the HPPVI of that group, activated; a special vINTID invalidates the LR and is returned as is. */
  acknowledge(core: number, group: number): number {
    const s = this.state[core];
    const i = this.hppvi(core);
    if (i < 0) return 1023;
    const v = s.lrs[i];
    if (lr.group(v) !== group || !this.canPreempt(core, v)) return 1023;
    const intid = lr.vintid(v);
    if (isSpecial(intid)) {
      s.lrs[i] = lr.withState(v, LR_STATE.INVALID);
      return intid;
    }
    const level = (lr.priority(v) & this.gprioMask(core, group)) >> (8 - VPRIO_BITS);
    s.apr[group] |= 1 << level;
    s.lrs[i] = lr.withState(v, LR_STATE.ACTIVE);
    this.onAck?.({ core, intid });
    return intid;
  }

  hppir(core: number, group: number): number {
    const i = this.hppvi(core);
    if (i < 0) return 1023;
    const v = this.state[core].lrs[i];
    return lr.group(v) === group ? lr.vintid(v) : 1023;
  }

  private findActive(core: number, intid: number): number {
    const s = this.state[core];
    for (let i = 0; i < NUM_LRS; i++) if ((lr.state(s.lrs[i]) & LR_STATE.ACTIVE) && lr.vintid(s.lrs[i]) === intid) return i;
    return -1;
  }

  private incrementEoiCount(core: number): void {
    const s = this.state[core];
    const n = ((s.hcr >>> ICH_HCR.EOIcountShift) + 1) & 0x1f;
    s.hcr = ((s.hcr & 0x07ffffff) | (n << ICH_HCR.EOIcountShift)) >>> 0;
  }

  /** Active → invalid, pending+active → pending; an HW = 1 LR deactivates its physical INTID (< 1020). */
  private deactivateLr(core: number, i: number): number {
    const s = this.state[core];
    const v = s.lrs[i];
    let pintid = -1;
    if (lr.hw(v) && lr.pintid(v) < 1020) {
      pintid = lr.pintid(v);
      this.deactivatePhysical(core, pintid);
    }
    s.lrs[i] = lr.withState(v, lr.state(v) & LR_STATE.PENDING);
    return pintid;
  }

  /**
   * ICV_EOIR<group>_EL1: priority drop first (Group 0 wins a tie between AP0R and AP1R), then, if
   * an active LR holds the vINTID with that group and group priority, deactivation unless VEOIM;
   * no matching LR increments EOIcount. Nothing active: ignored (CONSTRAINED UNPREDICTABLE, as QEMU).
   */
  endOfInterrupt(core: number, group: number, value: number): void {
    const intid = value & 0xffffff;
    if (intid >= 1020) return;
    const s = this.state[core];
    const a0 = s.apr[0], a1 = s.apr[1];
    if ((a0 | a1) === 0) return;
    const g = a0 && (!a1 || lowestBit(a0) <= lowestBit(a1)) ? 0 : 1;
    const dropped = lowestBit(s.apr[g]) << (MIN_VBPR + 1);
    s.apr[g] &= s.apr[g] - 1;
    const i = this.findActive(core, intid);
    if (i < 0) {
      this.incrementEoiCount(core);
      this.onEoi?.({ core, intid, op: 'eoi', deactivated: false, pintid: -1 });
      return;
    }
    const v = s.lrs[i];
    let deactivated = false, pintid = -1;
    if (lr.group(v) === group && (lr.priority(v) & this.gprioMask(core, group)) === dropped && !(s.vmcr & ICH_VMCR.VEOIM)) {
      pintid = this.deactivateLr(core, i);
      deactivated = true;
    }
    this.onEoi?.({ core, intid, op: 'eoi', deactivated, pintid });
  }

  /** ICV_DIR_EL1: with VEOIM, deactivates the active LR holding the vINTID (or counts in EOIcount). */
  deactivate(core: number, value: number): void {
    const intid = value & 0xffffff;
    if (intid >= 1020 || !(this.state[core].vmcr & ICH_VMCR.VEOIM)) return;
    const i = this.findActive(core, intid);
    if (i < 0) { this.incrementEoiCount(core); return; }
    const pintid = this.deactivateLr(core, i);
    this.onEoi?.({ core, intid, op: 'dir', deactivated: true, pintid });
  }

  readCtlr(core: number): number {
    const v = this.state[core].vmcr;
    // A3V, IDbits = 1, PRIbits = VPRIO_BITS - 1; CBPR and EOImode from VCBPR / VEOIM.
    return (1 << 15) | (1 << 11) | ((VPRIO_BITS - 1) << 8) | (v & ICH_VMCR.VEOIM ? 2 : 0) | (v & ICH_VMCR.VCBPR ? 1 : 0);
  }

  writeCtlr(core: number, v: number): void {
    const s = this.state[core];
    s.vmcr = ((s.vmcr & ~(ICH_VMCR.VCBPR | ICH_VMCR.VEOIM)) | (v & 1 ? ICH_VMCR.VCBPR : 0) | (v & 2 ? ICH_VMCR.VEOIM : 0)) >>> 0;
  }

  /** ICV_BPR1 with VCBPR reads VBPR0 + 1 (saturated) and ignores writes. */
  readBpr(core: number, group: number): number {
    if (group === 1 && this.state[core].vmcr & ICH_VMCR.VCBPR) return Math.min(this.vbpr(core, 0) + 1, 7);
    return this.vbpr(core, group);
  }

  writeBpr(core: number, group: number, v: number): void {
    if (group === 1 && this.state[core].vmcr & ICH_VMCR.VCBPR) return;
    this.setVbpr(core, group, v);
  }

  writePmr(core: number, v: number): void {
    const s = this.state[core];
    s.vmcr = ((s.vmcr & 0x00ffffff) | ((v & ((0xff << (8 - VPRIO_BITS)) & 0xff)) << 24)) >>> 0;
  }

  readIgrpen(core: number, group: number): number {
    return this.state[core].vmcr & (group ? ICH_VMCR.VENG1 : ICH_VMCR.VENG0) ? 1 : 0;
  }

  writeIgrpen(core: number, group: number, v: number): void {
    const s = this.state[core];
    const bit = group ? ICH_VMCR.VENG1 : ICH_VMCR.VENG0;
    s.vmcr = ((s.vmcr & ~bit) | (v & 1 ? bit : 0)) >>> 0;
  }

  // ---- hypervisor side: ICH_* ----

  writeHcr(core: number, v: number): void {
    this.state[core].hcr = (v & ICH_HCR_MASK) >>> 0;
  }

  /** ICH_VMCR_EL2 write: VFIQEn stays 1, BPRs below the minimum read as the minimum (QEMU ich_vmcr_write). */
  writeVmcr(core: number, v: number): void {
    const s = this.state[core];
    s.vmcr = ((v & VMCR_MASK) | ICH_VMCR.VFIQEn) >>> 0;
    this.setVbpr(core, 0, this.vbpr(core, 0));
    this.setVbpr(core, 1, this.vbpr(core, 1));
  }

  writeLr(core: number, i: number, v: bigint): void {
    if (i < 0 || i >= NUM_LRS) return;
    const s = this.state[core];
    s.lrs[i] = v & ~LR_PRIO_RES0;
    if (lr.state(s.lrs[i]) & LR_STATE.PENDING) this.onInject?.({ core, lr: i, value: s.lrs[i] });
  }

  /** ICH_EISR_EL2: invalid, HW = 0, EOI = 1. */
  eisr(core: number): number {
    let m = 0;
    this.state[core].lrs.forEach((v, i) => { if (lr.state(v) === 0 && !lr.hw(v) && lr.eoi(v)) m |= 1 << i; });
    return m;
  }

  /** ICH_ELRSR_EL2: invalid and (HW = 1 or EOI = 0). */
  elrsr(core: number): number {
    let m = 0;
    this.state[core].lrs.forEach((v, i) => { if (lr.state(v) === 0 && (lr.hw(v) || !lr.eoi(v))) m |= 1 << i; });
    return m;
  }

  /** ICH_MISR_EL2 (12.4.8): the maintenance conditions, each gated by its ICH_HCR_EL2 enable. */
  misr(core: number): number {
    const s = this.state[core];
    let valid = 0, pending = false;
    for (const v of s.lrs) {
      if (lr.state(v) !== 0) valid++;
      if (lr.state(v) === LR_STATE.PENDING) pending = true;
    }
    const h = s.hcr, vm = s.vmcr;
    const conds: readonly (readonly [number, boolean])[] = [
      [ICH_MISR.EOI, this.eisr(core) !== 0],
      [ICH_MISR.U, (h & ICH_HCR.UIE) !== 0 && valid < 2],
      [ICH_MISR.LRENP, (h & ICH_HCR.LRENPIE) !== 0 && h >>> ICH_HCR.EOIcountShift !== 0],
      [ICH_MISR.NP, (h & ICH_HCR.NPIE) !== 0 && !pending],
      [ICH_MISR.VGrp0E, (h & ICH_HCR.VGrp0EIE) !== 0 && (vm & ICH_VMCR.VENG0) !== 0],
      [ICH_MISR.VGrp0D, (h & ICH_HCR.VGrp0DIE) !== 0 && (vm & ICH_VMCR.VENG0) === 0],
      [ICH_MISR.VGrp1E, (h & ICH_HCR.VGrp1EIE) !== 0 && (vm & ICH_VMCR.VENG1) !== 0],
      [ICH_MISR.VGrp1D, (h & ICH_HCR.VGrp1DIE) !== 0 && (vm & ICH_VMCR.VENG1) === 0],
    ];
    let m = 0;
    for (const [bit, on] of conds) if (on) m |= bit;
    return m;
  }

  /** The maintenance interrupt: ICH_HCR_EL2.En and any ICH_MISR_EL2 bit. */
  maintenance(core: number): boolean {
    return (this.state[core].hcr & ICH_HCR.En) !== 0 && this.misr(core) !== 0;
  }
}
