// The GICv2 with the Virtualization Extensions as QEMU `virt` instantiates it
// (-M virt,virtualization=on,gic-version=2): Distributor, CPU interface, virtual interface
// control (GICH) and virtual CPU interface (GICV), N cores (1-8), 288 interrupts, no Security
// Extensions, 8 priority bits, 4 list registers (ARM IHI 0048B chapters 2-5).
//
// Memory map (hw/arm/virt.c base_memmap): each frame sits in a 64 KB window; beyond the
// implemented frame the window decodes to nothing, which QEMU reports as a decode error (a
// synchronous external abort), and so do we (the frames return a bus error).
//   GICD 0x0800_0000 (frame 0x1000)     GICC 0x0801_0000 (frame 0x2000, GICC_DIR at +0x1000)
//   GICH 0x0803_0000 (frame 0x1000)     GICV 0x0804_0000 (frame 0x2000)
// GICC, GICH and GICV are banked: an access reaches the accessing core's registers
// (`currentCore`). The per-core GICH frames (IHI 0048B 5.3, GIC-400: +0x1000 + 0x200*n) exist
// in QEMU's device but the virt board does not map them; `hypCoreFrames` maps them in the window.
//
// Outputs: per core irq/fiq (GICC), virq/vfiq (GICV) and the maintenance interrupt, which is
// also fed to PPI 25 of that core, as QEMU wires it. `onChange` fires when a core's outputs change.

import type { MmioDevice } from '../memory/bus';
import { updateGicOutputs, type GicOutputSources } from './gic-outputs';
import type { TraceSink } from '../trace/events';
import { GICC_FRAME_SIZE, GicV2CpuInterface } from './gicv2-cpu-interface';
import { GICD_FRAME_SIZE, GICD, GicV2Distributor } from './gicv2-distributor';
import { GICH_CORE_FRAME_SIZE, GICH_FRAME_SIZE, GicV2HypInterface, lr } from './gicv2-hyp-interface';
import { byteFrame, wordFrame } from './gicv2-mmio';
import { GICV_FRAME_SIZE, GicV2VirtualCpuInterface } from './gicv2-virtual-cpu-interface';
import { PPI, VIRT_NUM_IRQS, noLines, type CoreIrqLines, type InterruptController } from './irq-types';

/** QEMU virt's GIC windows (base_memmap VIRT_GIC_DIST, _CPU, _HYP, _VCPU). */
export const GICV2_VIRT_MAP = {
  DIST_BASE: 0x08000000, DIST_SIZE: 0x10000,
  CPU_BASE: 0x08010000, CPU_SIZE: 0x10000,
  HYP_BASE: 0x08030000, HYP_SIZE: 0x10000,
  VCPU_BASE: 0x08040000, VCPU_SIZE: 0x10000,
} as const;

export interface GicV2Options {
  cores?: number;
  numIrqs?: number;
  /** The core making the current access (the board's running core); default 0. */
  currentCore?: () => number;
  /** Instruction count of a core, for trace events; default 0. */
  icount?: (core: number) => number;
  trace?: TraceSink | null;
  /** Map the per-core GICH frames at GICH + 0x1000 + 0x200 * n (not on QEMU virt). */
  hypCoreFrames?: boolean;
}

export class GicV2 implements InterruptController {
  readonly cores: number;
  readonly numIrqs: number;
  readonly dist: GicV2Distributor;
  readonly cpu: GicV2CpuInterface;
  readonly hyp: GicV2HypInterface;
  readonly vcpu: GicV2VirtualCpuInterface;
  /** The four frames, to be mapped at GICV2_VIRT_MAP's bases with its window sizes. */
  readonly distributorFrame: MmioDevice;
  readonly cpuFrame: MmioDevice;
  readonly hypFrame: MmioDevice;
  readonly vcpuFrame: MmioDevice;
  onChange: ((core: number, lines: Readonly<CoreIrqLines>) => void) | null = null;
  trace: TraceSink | null;
  private readonly out: CoreIrqLines[] = [];
  private readonly currentCore: () => number;
  private readonly icount: (core: number) => number;

  constructor(opts: GicV2Options = {}) {
    this.cores = opts.cores ?? 1;
    this.numIrqs = opts.numIrqs ?? VIRT_NUM_IRQS;
    this.dist = new GicV2Distributor(this.cores, this.numIrqs);
    this.cpu = new GicV2CpuInterface(this.dist);
    this.hyp = new GicV2HypInterface(this.cores);
    this.vcpu = new GicV2VirtualCpuInterface(this.hyp, this.dist);
    for (let c = 0; c < this.cores; c++) this.out.push(noLines());
    this.trace = opts.trace ?? null;
    const cur = opts.currentCore ?? (() => 0);
    // A core index the GIC does not know (a misconfigured board) falls back to core 0, never throws.
    this.currentCore = () => { const c = cur(); return c >= 0 && c < this.cores ? c : 0; };
    this.icount = opts.icount ?? (() => 0);
    const after = (): void => this.update();
    const core = this.currentCore;
    this.distributorFrame = byteFrame('gic-dist', GICD_FRAME_SIZE, (o) => this.dist.readByte(core(), o),
      (o, v) => this.dist.writeByte(core(), o, v),
      (o, v) => { if (o !== GICD.SGIR) return false; this.dist.writeSgir(core(), v); return true; }, after);
    this.cpuFrame = this.cpuFrameOf(core);
    this.vcpuFrame = this.vcpuFrameOf(core);
    const banked = this.hyp.bankedFrame(core, after);
    const perCore = Array.from({ length: this.cores }, (_, c) => this.hyp.coreFrame(c, after));
    const withFrames = opts.hypCoreFrames ?? false;
    this.hypFrame = {
      name: 'gic-hyp',
      read: (o, size) => (o < GICH_FRAME_SIZE ? banked.read(o, size) : withFrames ? this.coreFrameAt(perCore, o)?.read(o & 0x1ff, size) ?? null : null),
      write: (o, size, lo, hi) => (o < GICH_FRAME_SIZE ? banked.write(o, size, lo, hi) : withFrames ? this.coreFrameAt(perCore, o)?.write(o & 0x1ff, size, lo, hi) ?? false : false),
    };
    this.wireTrace();
  }

  private coreFrameAt(frames: MmioDevice[], o: number): MmioDevice | undefined {
    const n = Math.floor((o - GICH_FRAME_SIZE) / GICH_CORE_FRAME_SIZE);
    return frames[n];
  }

  /** A GICC frame for a fixed core (tests) or the banked one. */
  cpuFrameOf(core: () => number): MmioDevice {
    return wordFrame('gic-cpu', GICC_FRAME_SIZE, (o) => { const v = this.cpu.read(core(), o); this.update(); return v; },
      (o, v) => { this.cpu.write(core(), o, v); this.update(); });
  }

  vcpuFrameOf(core: () => number): MmioDevice {
    return wordFrame('gic-vcpu', GICV_FRAME_SIZE, (o) => { const v = this.vcpu.read(core(), o); this.update(); return v; },
      (o, v) => { this.vcpu.write(core(), o, v); this.update(); });
  }

  reset(): void {
    this.dist.reset();
    this.cpu.reset();
    this.hyp.reset();
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
    maintenance: (c) => this.hyp.maintenance(c),
    misr: (c) => this.hyp.misr(c),
    physical: (c) => this.cpu.outputs(c),
    virtual: (c) => this.vcpu.outputs(c),
    trace: () => this.trace,
    icount: (c) => this.icount(c),
    onChange: () => this.onChange,
  };

  private wireTrace(): void {
    const ic = (c: number): number => this.icount(c);
    this.hyp.onInject = ({ core, lr: i, value: v }) => this.trace?.({
      kind: 'irq-inject', cpu: core, icount: ic(core), lr: i, vintid: lr.vintid(v), pintid: lr.hw(v) ? lr.pintid(v) : -1,
      hw: lr.hw(v), group: lr.group(v), priority: lr.priority(v),
    });
    this.cpu.onAck = ({ core, intid, source }) => this.trace?.({ kind: 'irq-ack', cpu: core, icount: ic(core), intid, source, virtual: false });
    this.vcpu.onAck = ({ core, intid, source }) => this.trace?.({ kind: 'irq-ack', cpu: core, icount: ic(core), intid, source, virtual: true });
    this.cpu.onEoi = ({ core, intid, op, deactivated }) =>
      this.trace?.({ kind: 'irq-eoi', cpu: core, icount: ic(core), intid, op, deactivated, virtual: false, pintid: -1 });
    this.vcpu.onEoi = ({ core, intid, op, deactivated, pintid }) =>
      this.trace?.({ kind: 'irq-eoi', cpu: core, icount: ic(core), intid, op, deactivated, virtual: true, pintid });
  }
}
