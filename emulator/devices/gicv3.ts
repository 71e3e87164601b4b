// The GICv3 with virtualization as QEMU `virt` instantiates it (-M virt,virtualization=on,
// gic-version=3,its=off): Distributor, one Redistributor per core, the CPU interface system
// registers (ICC_*_EL1, ICC_SRE_EL2) and the virtual interface (ICH_*_EL2, ICV_* through ICC_*
// at EL1 under HCR_EL2.IMO/FMO); N cores (1-8), 288 INTIDs, one Security state (DS = 1).
// No LPIs and no ITS: GICD_TYPER.LPIS = GICR_TYPER.PLPIS = 0 (QEMU with its=off).
//
// Memory map (hw/arm/virt.c base_memmap): GICD 0x0800_0000 (64 KB), Redistributors from
// 0x080A_0000, 2 x 64 KB (RD_base, SGI_base) per core; the rest of the 0x00F6_0000 window is
// unmapped (QEMU maps cores * 128 KB, so an access beyond the last frame is a decode error).
// Inside a frame, reserved registers and unsupported access sizes are RAZ/WI (IHI 0069 12.1.2,
// as QEMU: "the spec requires that reserved registers are RAZ/WI"); unaligned accesses are
// bus errors (QEMU's MemoryRegionOps do not accept them).
//
// The system registers reach the model through the CPU's 'gic' hook (sysregHandler): the trap
// engine has already applied UNDEFINED and the ICH_HCR_EL2 / ICC_SRE_EL2 / HCR_EL2 traps, which
// read the slots this handler mirrors ICH_HCR_EL2 and ICC_SRE_EL2 into.
// Outputs per core: irq/fiq (ICC: Group 1 / Group 0), virq/vfiq (ICV), and the maintenance
// interrupt, also fed to PPI 25 of that core as QEMU wires it. `onChange` reports changes.

import type { MmioDevice } from '../memory/bus';
import { updateGicOutputs, type GicOutputSources } from './gic-outputs';
import type { TraceSink } from '../trace/events';
import { GicV3CpuInterface, PRIO_MASK, type SgiRegister } from './gicv3-cpu-interface';
import { GICD3, GICD3_FRAME_SIZE, GicV3Distributor } from './gicv3-distributor';
import { GICR, GICR_SGI, GICR_SGI_BASE, GICR_STRIDE, GicV3Redistributors } from './gicv3-redistributor';
import { GicV3VirtualInterface, ICH_VTR_VALUE, lr } from './gicv3-virtual-interface';
import { PPI, VIRT_NUM_IRQS, noLines, type CoreIrqLines, type InterruptController } from './irq-types';

/** QEMU virt's GICv3 windows (base_memmap VIRT_GIC_DIST, VIRT_GIC_REDIST). */
export const GICV3_VIRT_MAP = {
  DIST_BASE: 0x08000000, DIST_SIZE: 0x10000,
  REDIST_BASE: 0x080a0000, REDIST_WINDOW: 0x00f60000,
} as const;

export interface GicV3Options {
  cores?: number;
  numIrqs?: number;
  /**
   * The board's running core, as for GicV2. Accepted so the board can build either GIC the same
   * way; no GICv3 frame is banked (each Redistributor has its own address, the CPU interface is
   * reached through each core's system registers), so the model does not need it.
   */
  currentCore?: () => number;
  /** Instruction count of a core, for trace events; default 0. */
  icount?: (core: number) => number;
  trace?: TraceSink | null;
}

/** What the handler needs of a core (structurally the CPU: emulator/cpu/cpu.ts Cpu). */
export interface GicSysregCore {
  readonly index: number;
  readonly el: number;
  readonly sys: BigUint64Array;
}

/** The CPU's per-hook handler shape (emulator/cpu/cpu.ts SysregHandler). */
export interface GicSysregHandler {
  read(c: GicSysregCore, name: string, slot: number): bigint;
  write(c: GicSysregCore, name: string, slot: number, value: bigint, masked: bigint): void;
}

const HCR_FMO = 1n << 3n;
const HCR_IMO = 1n << 4n;
/** ICC_SRE_EL2: SRE, DFB, DIB RAO/WI; Enable [3] writable (IHI 0069 12.2.19). */
const SRE_EL2_FIXED = 7;
const SRE_EL2_ENABLE = 8;

/** An ICC register: its physical and virtual (ICV) views, and which HCR_EL2 bits route EL1 to ICV. */
interface IccRow {
  route: bigint;
  read?: (core: number) => number | bigint;
  write?: (core: number, v: bigint) => void;
  vread?: (core: number) => number | bigint;
  vwrite?: (core: number, v: bigint) => void;
}

const lo32 = (v: bigint): number => Number(v & 0xffffffffn) >>> 0;

export class GicV3 implements InterruptController {
  readonly cores: number;
  readonly numIrqs: number;
  readonly dist: GicV3Distributor;
  readonly redist: GicV3Redistributors;
  readonly cpu: GicV3CpuInterface;
  readonly vif: GicV3VirtualInterface;
  /** Map at GICV3_VIRT_MAP.DIST_BASE (64 KB) and REDIST_BASE (redistributorSize). */
  readonly distributorFrame: MmioDevice;
  readonly redistributorFrame: MmioDevice;
  readonly redistributorSize: number;
  onChange: ((core: number, lines: Readonly<CoreIrqLines>) => void) | null = null;
  trace: TraceSink | null;
  /** ICC_SRE_EL2.Enable per core. */
  private readonly sreEnable: Uint8Array;
  private readonly out: CoreIrqLines[] = [];
  private readonly icount: (core: number) => number;
  private readonly icc: ReadonlyMap<string, IccRow>;

  constructor(opts: GicV3Options = {}) {
    this.cores = opts.cores ?? 1;
    this.numIrqs = opts.numIrqs ?? VIRT_NUM_IRQS;
    this.dist = new GicV3Distributor(this.cores, this.numIrqs);
    this.redist = new GicV3Redistributors(this.dist);
    this.cpu = new GicV3CpuInterface(this.dist);
    this.vif = new GicV3VirtualInterface(this.cores, (core, pintid) => this.dist.deactivate(pintid, core));
    this.sreEnable = new Uint8Array(this.cores).fill(1);
    for (let c = 0; c < this.cores; c++) this.out.push(noLines());
    this.trace = opts.trace ?? null;
    this.icount = opts.icount ?? (() => 0);
    this.redistributorSize = this.cores * GICR_STRIDE;
    this.distributorFrame = this.distFrame();
    this.redistributorFrame = this.redistFrame();
    this.icc = this.iccTable();
    this.wireTrace();
  }

  reset(): void {
    this.dist.reset();
    this.redist.reset();
    this.cpu.reset();
    this.vif.reset();
    this.sreEnable.fill(1);
    this.update();
  }

  setLevel(intid: number, core: number, level: boolean): void {
    this.dist.setLevel(intid, core, level);
    this.update();
  }

  lines(core: number): Readonly<CoreIrqLines> {
    return this.out[core] ?? noLines();
  }

  /** Recomputes every core's outputs (maintenance first: it feeds PPI 25) and reports changes. */
  update(): void {
    updateGicOutputs(this.outputs);
  }

  private readonly outputs: GicOutputSources = {
    cores: () => this.cores, out: this.out,
    setLevel: (intid, core, level) => this.dist.setLevel(intid, core, level),
    maintenance: (c) => this.vif.maintenance(c),
    misr: (c) => this.vif.misr(c),
    physical: (c) => this.cpu.outputs(c),
    virtual: (c) => this.vif.outputs(c),
    trace: () => this.trace,
    icount: (c) => this.icount(c),
    onChange: () => this.onChange,
  };

  // ---- MMIO ----

  private distFrame(): MmioDevice {
    const d = this.dist;
    return {
      name: 'gicv3-dist',
      read: (o, size) => {
        if (o & (size - 1)) return null;
        if (size === 4) return d.read32(o);
        if (size === 8 && o >= GICD3.IROUTER && o < GICD3.IROUTER + 8 * 1020) {
          const r = d.readIrouter((o - GICD3.IROUTER) >> 3);
          return [lo32(r), lo32(r >> 32n)];
        }
        if (size === 1 && o >= GICD3.IPRIORITYR && o < GICD3.ITARGETSR) return d.readPriority(o - GICD3.IPRIORITYR);
        return size === 8 ? [0, 0] : 0;
      },
      write: (o, size, vlo, vhi) => {
        if (o & (size - 1)) return false;
        if (size === 4) d.write32(o, vlo >>> 0);
        else if (size === 8 && o >= GICD3.IROUTER && o < GICD3.IROUTER + 8 * 1020) {
          d.writeIrouter((o - GICD3.IROUTER) >> 3, (BigInt(vhi >>> 0) << 32n) | BigInt(vlo >>> 0));
        } else if (size === 1 && o >= GICD3.IPRIORITYR && o < GICD3.ITARGETSR) d.writePriority(o - GICD3.IPRIORITYR, vlo & 0xff);
        this.update();
        return true;
      },
    };
  }

  private redistFrame(): MmioDevice {
    const r = this.redist;
    const prio = (o: number): boolean => o >= GICR_SGI_BASE + GICR_SGI.IPRIORITYR && o < GICR_SGI_BASE + GICR_SGI.IPRIORITYR + 32;
    return {
      name: 'gicv3-redist',
      read: (off, size) => {
        if (off & (size - 1) || off < 0 || off >= this.redistributorSize) return null;
        const core = Math.floor(off / GICR_STRIDE), o = off % GICR_STRIDE;
        if (size === 4) return r.read32(core, o);
        if (size === 8) { const v = r.read64(core, o) ?? 0n; return [lo32(v), lo32(v >> 32n)]; }
        if (size === 1 && prio(o)) return r.readPriority(core, o - GICR_SGI_BASE - GICR_SGI.IPRIORITYR);
        return 0;
      },
      write: (off, size, vlo, vhi) => {
        if (off & (size - 1) || off < 0 || off >= this.redistributorSize) return false;
        const core = Math.floor(off / GICR_STRIDE), o = off % GICR_STRIDE;
        if (size === 4) r.write32(core, o, vlo >>> 0);
        else if (size === 8) r.write64(core, o, (BigInt(vhi >>> 0) << 32n) | BigInt(vlo >>> 0));
        else if (size === 1 && prio(o)) r.writePriority(core, o - GICR_SGI_BASE - GICR_SGI.IPRIORITYR, vlo & 0xff);
        this.update();
        return true;
      },
    };
  }

  // ---- system registers ----

  /** The table of ICC_* registers: physical view, ICV view, and the HCR_EL2 bits that select ICV at EL1 (IHI 0069 12.3). */
  private iccTable(): Map<string, IccRow> {
    const p = this.cpu, v = this.vif, n = (x: bigint): number => lo32(x);
    const both = HCR_IMO | HCR_FMO;
    const perGroup = (g: 0 | 1): [string, IccRow][] => {
      const route = g === 0 ? HCR_FMO : HCR_IMO;
      return [
        [`ICC_IAR${g}_EL1`, { route, read: (c) => p.acknowledge(c, g), vread: (c) => v.acknowledge(c, g) }],
        [`ICC_EOIR${g}_EL1`, { route, write: (c, x) => p.endOfInterrupt(c, g, n(x)), vwrite: (c, x) => v.endOfInterrupt(c, g, n(x)) }],
        [`ICC_HPPIR${g}_EL1`, { route, read: (c) => p.hppir(c, g), vread: (c) => v.hppir(c, g) }],
        [`ICC_BPR${g}_EL1`, { route, read: (c) => p.readBpr(c, g), write: (c, x) => p.writeBpr(c, g, n(x)),
          vread: (c) => v.readBpr(c, g), vwrite: (c, x) => v.writeBpr(c, g, n(x)) }],
        [`ICC_AP${g}R0_EL1`, { route, read: (c) => p.state[c].apr[g], write: (c, x) => { p.state[c].apr[g] = n(x); },
          vread: (c) => v.state[c].apr[g], vwrite: (c, x) => { v.state[c].apr[g] = n(x); } }],
        [`ICC_IGRPEN${g}_EL1`, { route, read: (c) => (g ? p.state[c].igrpen1 : p.state[c].igrpen0),
          write: (c, x) => { if (g) p.state[c].igrpen1 = n(x) & 1; else p.state[c].igrpen0 = n(x) & 1; },
          vread: (c) => v.readIgrpen(c, g), vwrite: (c, x) => v.writeIgrpen(c, g, n(x)) }],
      ];
    };
    const sgi = (reg: SgiRegister): [string, IccRow] => [reg, { route: 0n, write: (c, x) => p.generateSgi(c, reg, x) }];
    return new Map<string, IccRow>([
      ...perGroup(0), ...perGroup(1),
      ['ICC_PMR_EL1', { route: both, read: (c) => p.state[c].pmr, write: (c, x) => { p.state[c].pmr = n(x) & PRIO_MASK; },
        vread: (c) => v.vpmr(c), vwrite: (c, x) => v.writePmr(c, n(x)) }],
      ['ICC_RPR_EL1', { route: both, read: (c) => p.runningPriority(c), vread: (c) => v.runningPriority(c) }],
      ['ICC_CTLR_EL1', { route: both, read: (c) => p.readCtlr(c), write: (c, x) => { p.state[c].ctlr = n(x) & 3; },
        vread: (c) => v.readCtlr(c), vwrite: (c, x) => v.writeCtlr(c, n(x)) }],
      ['ICC_DIR_EL1', { route: both, vwrite: (c, x) => v.deactivate(c, n(x)) }],
      sgi('ICC_SGI1R_EL1'), sgi('ICC_SGI0R_EL1'), sgi('ICC_ASGI1R_EL1'),
      ['ICC_SRE_EL1', { route: 0n, read: () => 7, write: () => undefined }],
      ['ICC_SRE_EL2', { route: 0n, read: (c) => SRE_EL2_FIXED | (this.sreEnable[c] ? SRE_EL2_ENABLE : 0),
        write: (c, x) => { this.sreEnable[c] = (n(x) & SRE_EL2_ENABLE) !== 0 ? 1 : 0; } }],
      ['ICH_HCR_EL2', { route: 0n, read: (c) => v.state[c].hcr, write: (c, x) => v.writeHcr(c, n(x)) }],
      ['ICH_VTR_EL2', { route: 0n, read: () => ICH_VTR_VALUE }],
      ['ICH_VMCR_EL2', { route: 0n, read: (c) => v.state[c].vmcr, write: (c, x) => v.writeVmcr(c, n(x)) }],
      ['ICH_MISR_EL2', { route: 0n, read: (c) => v.misr(c) }],
      ['ICH_EISR_EL2', { route: 0n, read: (c) => v.eisr(c) }],
      ['ICH_ELRSR_EL2', { route: 0n, read: (c) => v.elrsr(c) }],
      ['ICH_AP0R0_EL2', { route: 0n, read: (c) => v.state[c].apr[0], write: (c, x) => { v.state[c].apr[0] = n(x); } }],
      ['ICH_AP1R0_EL2', { route: 0n, read: (c) => v.state[c].apr[1], write: (c, x) => { v.state[c].apr[1] = n(x); } }],
      ...[0, 1, 2, 3].map((i): [string, IccRow] => [`ICH_LR${i}_EL2`, { route: 0n, read: (c) => v.state[c].lrs[i], write: (c, x) => v.writeLr(c, i, x) }]),
    ]);
  }

  /**
   * The CPU's 'gic' hook: bind with `cpu.sysregHandlers.gic = gic.sysregHandler(SLOTS.HCR_EL2)`.
   * `hcrSlot` is HCR_EL2's storage slot (IMO/FMO select the ICV view at EL1). ICC_DIR_EL1's
   * physical write needs the routing too, so it is handled here.
   */
  sysregHandler(hcrSlot: number): GicSysregHandler {
    const view = (c: GicSysregCore, row: IccRow): { virtual: boolean } =>
      ({ virtual: c.el === 1 && (c.sys[hcrSlot] & row.route) !== 0n });
    const mirror = (c: GicSysregCore, name: string, slot: number, core: number): void => {
      // The trap engine reads ICH_HCR_EL2.{TC,TALL0,TALL1,TDIR} and ICC_SRE_EL2.Enable from the slots.
      if (name === 'ICH_HCR_EL2') c.sys[slot] = BigInt(this.vif.state[core].hcr);
      else if (name === 'ICC_SRE_EL2') c.sys[slot] = BigInt(SRE_EL2_FIXED | (this.sreEnable[core] ? SRE_EL2_ENABLE : 0));
    };
    return {
      read: (c, name, slot) => {
        const core = c.index, row = this.icc.get(name);
        if (core < 0 || core >= this.cores || !row) return 0n;
        const f = view(c, row).virtual ? row.vread : row.read;
        const v = f ? f(core) : 0;
        mirror(c, name, slot, core);
        this.update();
        return typeof v === 'bigint' ? v : BigInt(v >>> 0);
      },
      write: (c, name, slot, value) => {
        const core = c.index, row = this.icc.get(name);
        if (core < 0 || core >= this.cores || !row) return;
        if (view(c, row).virtual) row.vwrite?.(core, value);
        else if (name === 'ICC_DIR_EL1') {
          const hcr = c.sys[hcrSlot];
          this.cpu.deactivate(core, lo32(value), c.el, (hcr & HCR_IMO) !== 0n, (hcr & HCR_FMO) !== 0n);
        } else row.write?.(core, value);
        mirror(c, name, slot, core);
        this.update();
      },
    };
  }

  private wireTrace(): void {
    const ic = (c: number): number => this.icount(c);
    this.vif.onInject = ({ core, lr: i, value: v }) => this.trace?.({
      kind: 'irq-inject', cpu: core, icount: ic(core), lr: i, vintid: lr.vintid(v), pintid: lr.hw(v) ? lr.pintid(v) : -1,
      hw: lr.hw(v), group: lr.group(v), priority: lr.priority(v),
    });
    this.cpu.onAck = ({ core, intid }) => this.trace?.({ kind: 'irq-ack', cpu: core, icount: ic(core), intid, source: -1, virtual: false });
    this.vif.onAck = ({ core, intid }) => this.trace?.({ kind: 'irq-ack', cpu: core, icount: ic(core), intid, source: -1, virtual: true });
    this.cpu.onEoi = ({ core, intid, op, deactivated }) =>
      this.trace?.({ kind: 'irq-eoi', cpu: core, icount: ic(core), intid, op, deactivated, virtual: false, pintid: -1 });
    this.vif.onEoi = ({ core, intid, op, deactivated, pintid }) =>
      this.trace?.({ kind: 'irq-eoi', cpu: core, icount: ic(core), intid, op, deactivated, virtual: true, pintid });
  }
}

export { GICR, GICD3 };
