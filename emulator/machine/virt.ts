// The QEMU `virt` board (hw/arm/virt.c base_memmap), 1 to 8 Cortex-A57-like cores:
//
//   0x0800_0000  GICv2: GICD, GICC 0x0801_0000,      emulator/devices/gicv2.ts (gic: 2, default)
//                GICH 0x0803_0000, GICV 0x0804_0000
//                GICv3: GICD, GICR 0x080A_0000       emulator/devices/gicv3.ts (gic: 3)
//   0x0900_0000  PL011 UART (4 KiB), SPI 33          emulator/devices/pl011.ts
//   0x0a00_0000  32 virtio-mmio transports, SPI 48+n emulator/devices/virtio-mmio.ts (+ -console/-net/-blk)
//   0x4000_0000  RAM (128 MiB by default, as QEMU)
//
// Per core: the generic timer (emulator/devices/generic-timer.ts) on PPIs 30/27/26/28, the GIC
// maintenance interrupt on PPI 25. Flash at 0, the RTC, fw_cfg, GPIO and PCIe are not
// modelled (external abort). Firmware: PSCI through SMC when the cores boot at EL2
// (virtualization=on), through HVC when they boot at EL1; Arm semihosting (HLT #0xF000) on request.
//
// Machine-wide time: every core counts its own cycles; when one core wakes another (an
// interrupt it raised, SEV, clearing its exclusive monitor, CPU_ON), the woken core's cycles
// become at least the raiser's, and when every core sleeps time jumps to the earliest timer
// (Machine.runSlice), so intervals measured across cores with the counters are meaningful.

import { CodeCache } from '../cpu/code-cache';
import { Cpu, ISA_FEATURES_A57, ISA_FEATURES_MAX, SLOTS } from '../cpu/cpu';
import { A64_SEMANTICS } from '../cpu/semantics';
import { defaultConfig } from '../cpu/sysregs';
import { MmuTranslator } from '../memory/translator';
import { GenericTimer } from '../devices/generic-timer';
import { GICV2_VIRT_MAP, GicV2 } from '../devices/gicv2';
import { GICV3_VIRT_MAP, GicV3 } from '../devices/gicv3';
import { GICV2_MAX_CORES, SPI, type CoreIrqLines, type InterruptController } from '../devices/irq-types';
import { createVirtioSlots, VIRTIO_MMIO, type VirtioDevice, type VirtioMmioBank } from '../devices/virtio-mmio';
import { Pl011 } from '../devices/pl011';
import { PhysicalBus, type MmioDevice } from '../memory/bus';
import { createMemoryHierarchy, MEMORY_MODELS, type MemoryModel, type XGeneCaches } from '../cost/cache';
import type { TraceSink } from '../trace/events';
import { buildVirtDtb } from './dtb';
import { LoadError, loadImage, type LoadedImage } from './loader';
import { Machine, tracedDevice } from './machine';
import { PsciFirmware } from './psci';
import { Semihosting } from './semihosting';

export const VIRT = {
  RAM_BASE: 0x40000000,
  /** QEMU virt's default -m. */
  RAM_SIZE_DEFAULT: 128 * 1024 * 1024,
  UART_BASE: 0x09000000,
  UART_SIZE: 0x1000,
  GIC_DIST_BASE: 0x08000000,
  GIC_CPU_BASE: 0x08010000,
  /** RAM above 0x4000_0000 may extend to 255 GiB on QEMU; we cap it at what an ArrayBuffer holds. */
  RAM_SIZE_MAX: 2 * 1024 * 1024 * 1024 - 4096,
  /** Cores: the GICv2 has at most 8 CPU interfaces (IHI 0048B); we keep the same cap with GICv3. */
  MAX_CPUS: GICV2_MAX_CORES,
} as const;

const HCR_RW = 1n << 31n;

export interface VirtOptions {
  ramSize?: number;
  /** EL at entry: 2 as QEMU -M virt,virtualization=on (default), 1 as QEMU without it. */
  el?: 1 | 2;
  /** Arm semihosting through HLT #0xF000 (QEMU -semihosting). */
  semihosting?: boolean;
  trace?: TraceSink | null;
  /** Also emit an 'mmio' event for each device access (--trace all). */
  traceMmio?: boolean;
  /** PL011 transmit. */
  uartOutput?: (byte: number) => void;
  /** Semihosting console output (fd 1 stdout, fd 2 stderr). */
  hostWrite?: (fd: 1 | 2, bytes: Uint8Array) => void;
  /** CPU model as QEMU's -cpu: 'cortex-a57' (default, ARMv8.0 + CRC) or 'max' (every extension we implement). */
  cpu?: 'cortex-a57' | 'max';
  /** Cores, 1 (default) to 8, as QEMU -smp; core 0 starts, the others wait for PSCI CPU_ON. */
  cpus?: number;
  /** Interrupt controller as QEMU gic-version: 2 (default) or 3. */
  gic?: 2 | 3;
  /** virtio-mmio devices in QEMU -device order (devices[0] takes the highest transport, as virt.c). */
  virtio?: readonly VirtioDevice[];
  /**
   * Memory timing: 'l1' (default) charges every RAM access as an L1 hit (the cost table alone);
   * 'xgene' adds X-Gene 1's L1/L2/L3/DRAM and cross-core latencies (emulator/cost/cache.ts), at
   * the price of running every instruction through Cpu.step.
   */
  memoryModel?: MemoryModel;
}

export class VirtMachine extends Machine {
  readonly uart: Pl011;
  readonly psci: PsciFirmware;
  readonly semihosting: Semihosting | null = null;
  readonly ramSize: number;
  readonly gicVersion: 2 | 3;
  readonly gic: GicV2 | GicV3;
  /** The generic timer of each core. */
  readonly timers: GenericTimer[];
  /** The 32 virtio-mmio transports at 0x0a00_0000 (empty ones read DeviceID 0, as QEMU's). */
  readonly virtio: VirtioMmioBank;
  /** Where boot() placed the device tree (emulator/machine/dtb.ts), or null if it did not fit. */
  dtbAddress: number | null = null;
  readonly memoryModel: MemoryModel;
  /** The cache hierarchy of memoryModel 'xgene' (its counters are the debug view), else null. */
  readonly caches: XGeneCaches | null;

  constructor(opts: VirtOptions = {}) {
    const ramSize = opts.ramSize ?? VIRT.RAM_SIZE_DEFAULT;
    if (!Number.isInteger(ramSize) || ramSize <= 0 || ramSize % 4096 !== 0 || ramSize > VIRT.RAM_SIZE_MAX) {
      throw new RangeError(`RAM size ${ramSize} must be a positive multiple of 4 KiB up to ${VIRT.RAM_SIZE_MAX}`);
    }
    const n = opts.cpus ?? 1;
    if (!Number.isInteger(n) || n < 1 || n > VIRT.MAX_CPUS) throw new RangeError(`cpus ${n} must be an integer from 1 to ${VIRT.MAX_CPUS}`);
    const gicVersion = opts.gic ?? 2;
    if (gicVersion !== 2 && gicVersion !== 3) throw new RangeError(`gic ${String(gicVersion)} must be 2 or 3`);
    const el = opts.el ?? 2;
    const memoryModel = opts.memoryModel ?? 'l1';
    if (!MEMORY_MODELS.includes(memoryModel)) throw new RangeError(`memoryModel ${String(memoryModel)} must be ${MEMORY_MODELS.join(' or ')}`);
    const caches = createMemoryHierarchy(memoryModel, n);
    const bus = new PhysicalBus(VIRT.RAM_BASE, ramSize);
    const code = new CodeCache(bus);
    const features = opts.cpu === 'max' ? ISA_FEATURES_MAX : ISA_FEATURES_A57;
    const cpus = Array.from({ length: n }, (_, i) => {
      const c = new Cpu(i, bus, A64_SEMANTICS, code, defaultConfig({ cpuIndex: i, gic: gicVersion }), features);
      c.translator = new MmuTranslator(bus);
      c.mem = caches;
      return c;
    });
    super(bus, cpus, code, el, opts.trace ?? null);
    const trace = this.trace; // stamped with the emitting core's cycle (Machine)
    this.ramSize = ramSize;
    this.gicVersion = gicVersion;
    this.memoryModel = memoryModel;
    this.caches = caches;
    const traced = (dev: MmioDevice, base: number): MmioDevice =>
      trace && opts.traceMmio ? tracedDevice(dev, base, trace, () => this.cpus[this.current]) : dev;

    // The GIC (virt.c create_gic): frames on the bus, each core's outputs to its input lines.
    const gicOpts = { cores: n, currentCore: () => this.current, icount: (c: number) => cpus[c].icount, trace };
    if (gicVersion === 2) {
      const gic = new GicV2(gicOpts);
      const M = GICV2_VIRT_MAP;
      bus.map(M.DIST_BASE, M.DIST_SIZE, traced(gic.distributorFrame, M.DIST_BASE));
      bus.map(M.CPU_BASE, M.CPU_SIZE, traced(gic.cpuFrame, M.CPU_BASE));
      bus.map(M.HYP_BASE, M.HYP_SIZE, traced(gic.hypFrame, M.HYP_BASE));
      bus.map(M.VCPU_BASE, M.VCPU_SIZE, traced(gic.vcpuFrame, M.VCPU_BASE));
      this.gic = gic;
    } else {
      const gic = new GicV3(gicOpts);
      const M = GICV3_VIRT_MAP;
      bus.map(M.DIST_BASE, M.DIST_SIZE, traced(gic.distributorFrame, M.DIST_BASE));
      bus.map(M.REDIST_BASE, gic.redistributorSize, traced(gic.redistributorFrame, M.REDIST_BASE));
      const h = gic.sysregHandler(SLOTS.HCR_EL2);
      for (const c of cpus) c.sysregHandlers.gic = h;
      this.gic = gic;
    }
    const ic: InterruptController = this.gic;
    ic.onChange = (core, lines) => this.deliver(core, lines);

    this.uart = new Pl011({ output: opts.uartOutput, onIrq: (level) => ic.setLevel(SPI.UART, 0, level) });
    bus.map(VIRT.UART_BASE, VIRT.UART_SIZE, traced(this.uart, VIRT.UART_BASE));

    // virt.c create_virtio_devices: 32 transports of 0x200 bytes, transport n on SPI 16 + n.
    const virtio = (this.virtio = createVirtioSlots(bus, { devices: opts.virtio ?? [] }));
    bus.map(VIRTIO_MMIO.BASE, virtio.size, traced(virtio, VIRTIO_MMIO.BASE));
    virtio.transports.forEach((t, i) => { t.onIrq = (level) => ic.setLevel(SPI.VIRTIO_MMIO_BASE + i, 0, level); });

    this.timers = cpus.map((c) => new GenericTimer(c, (intid, level) => ic.setLevel(intid, c.index, level)));
    for (const t of this.timers) t.attach();

    // virt.c machvirt_init: the SMC conduit with EL2 (virtualization=on), HVC without.
    const psci = (this.psci = new PsciFirmware(this, el === 2 ? 'smc' : 'hvc'));
    let semi: Semihosting | null = null;
    if (opts.semihosting) {
      semi = this.semihosting = new Semihosting(bus, {
        write: opts.hostWrite ?? (() => undefined),
        exit: (status) => this.stop('exit', `semihosting: exit ${status}`, status),
        fail: (msg) => this.stop('halted', `semihosting: ${msg}`, null),
      });
    }
    for (const c of cpus) {
      c.firmwareCall = (core, conduit) => psci.call(core, conduit);
      c.hvcConduit = el === 1;
      if (semi) { const sh = semi; c.semihostingCall = (core) => sh.call(core); }
      if (n > 1) {
        c.peers = cpus;
        c.sendEvent = (from) => this.sendEvent(from);
      }
    }
    bootCore(cpus[0], el);
  }

  /**
   * GIC → core: the input lines. An interrupt another core raised reaches this one no earlier
   * than the raiser's time: a sleeping core catches up with it, and so does an awake core that is
   * behind (cores are interleaved by instruction quanta, so it may not have run that far yet).
   */
  private deliver(core: number, l: Readonly<CoreIrqLines>): void {
    const c = this.cpus[core];
    c.irqLine = l.irq; c.fiqLine = l.fiq; c.virqLine = l.virq; c.vfiqLine = l.vfiq;
    if (core !== this.current && (l.irq || l.fiq || l.virq || l.vfiq)) this.catchUp(c, this.cpus[this.current]);
  }

  /** SEV (ARM ARM D1.16.1): sets every core's event register. */
  private sendEvent(from: Cpu): void {
    for (const c of this.cpus) {
      c.eventRegister = 1;
      if (c !== from && c.waiting !== null) this.catchUp(c, from);
    }
  }

  /** PsciBoard: a core powered on by CPU_ON starts in the boot state, at the caller's time. */
  coreStarted(core: Cpu, by: Cpu): void {
    bootCore(core, this.bootEl);
    core.cycles = Math.max(core.cycles, by.cycles);
    this.timers[core.index].update();
  }

  get cpu(): Cpu { return this.cpus[0]; }

  /**
   * Points core 0 at a loaded image and writes the device tree as QEMU's -kernel does
   * (hw/arm/boot.c): the initrd at RAM + min(RAM/2, 128 MiB) (above the kernel), the DTB after it
   * at a 2 MiB boundary; a Linux Image/raw kernel gets the DTB address in X0. A bare-metal ELF or
   * .S program starts with X0 = 0 (QEMU starts non-Linux images with zeroed registers) and finds
   * the DTB at the same address.
   */
  boot(img: LoadedImage, extra: BootExtras = {}): void {
    const base: number = VIRT.RAM_BASE;
    let kernelEnd = base;
    for (const r of img.regions) kernelEnd = Math.max(kernelEnd, Number(r.addr) + r.size);
    let initrdStart = base + Math.min(this.ramSize / 2, 128 * 1024 * 1024);
    if (initrdStart < kernelEnd) initrdStart = alignUp(kernelEnd, 4096);
    const initrd = extra.initrd;
    if (initrd && initrdStart + initrd.length > base + this.ramSize) {
      throw new LoadError(`the initrd (${initrd.length} bytes) does not fit in RAM above the kernel (ends 0x${kernelEnd.toString(16)})`);
    }
    const dtb = buildVirtDtb({
      ramBase: base, ramSize: this.ramSize, cpus: this.cpus.length, gic: this.gicVersion, virtualization: this.bootEl === 2,
      bootargs: extra.bootargs, initrd: initrd ? { start: initrdStart, end: initrdStart + initrd.length } : undefined,
    });
    const dtbStart = alignUp(initrdStart + (initrd?.length ?? 0), 2 * 1024 * 1024);
    // Never over the program: a bare-metal image may sit anywhere in RAM.
    const overlaps = img.regions.some((r) => Number(r.addr) < dtbStart + dtb.length && dtbStart < Number(r.addr) + r.size);
    const placeDtb = dtbStart + dtb.length <= base + this.ramSize && !overlaps;
    if (initrd) this.bus.load(initrdStart, initrd);
    if (placeDtb) this.bus.load(dtbStart, dtb);
    this.dtbAddress = placeDtb ? dtbStart : null;
    this.cpu.pc = img.entry;
    const linux = img.format === 'image' || img.format === 'raw';
    this.cpu.setX(0, linux && placeDtb ? dtbStart : 0, 0);
  }

  /** Loads a file's contents by format (ELF, .S, raw/Image) and boots it; throws LoadError. */
  loadAndBoot(fileName: string, bytes: Uint8Array, readFile?: (path: string, fromFile: string) => string | null, extra: BootExtras = {}): LoadedImage {
    const img = loadImage(this.bus, fileName, bytes, readFile);
    this.boot(img, extra);
    return img;
  }
}

/** What QEMU's -append and -initrd add to a boot. */
export interface BootExtras {
  bootargs?: string;
  initrd?: Uint8Array;
}

const alignUp = (v: number, a: number): number => Math.ceil(v / a) * a;

export function createVirtMachine(opts: VirtOptions = {}): VirtMachine {
  return new VirtMachine(opts);
}

/**
 * Entry state as QEMU's -kernel boot leaves it: EL2h (or EL1h), DAIF masked, MMU off. At EL1
 * the board has no EL2 for the guest: HCR_EL2.RW=1 so EL1 is AArch64 (our core always has EL2).
 */
export function bootCore(cpu: Cpu, el: 1 | 2): void {
  cpu.el = el;
  cpu.spsel = 1;
  cpu.daif = 0xf;
  // NZCV is UNKNOWN at reset; QEMU's reset leaves Z set (CPSR 0x400003c9), and lockstep
  // comparison against QEMU starts from its state.
  cpu.setNzcv(0b0100);
  if (el === 1) cpu.sys[SLOTS.HCR_EL2] |= HCR_RW;
}
