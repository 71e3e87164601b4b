// The virtio-mmio transport, version 2 (virtio 1.1, section 4.2.2 "MMIO Device Register
// Layout"), and the bank of 32 transports of the QEMU `virt` board (hw/arm/virt.c
// create_virtio_devices: 0x0a00_0000, 0x200 apart, SPIs 16..47).
//
// Register accesses behave as QEMU 7.2's hw/virtio/virtio-mmio.c (non-legacy): registers are
// 32-bit; a 1- or 2-byte access to one reads 0 and writes nothing (QEMU: "wrong size access to
// register"); an 8-byte access is split into two 32-bit ones, as QEMU's memory core does. The
// device-specific configuration space from 0x100 takes 1/2/4-byte accesses; past its end it reads
// all ones. A transport with no device behind it reads MagicValue, Version, VendorID and 0
// elsewhere (DeviceID 0: "no device"), as QEMU's empty transports. QueueNumMax is 1024 for every
// queue that exists; driver feature bits that were not offered are dropped (both as QEMU).
// test/devices/virtio-qemu.test.ts compares all of this with QEMU from a guest program.
//
// Which transport holds which device: QEMU gives the first -device the transport at the highest
// address (its buses are prepended), so `createVirtioSlots` assigns devices[0] to slot 31,
// devices[1] to slot 30, and so on; a guest probing from the DTB finds them in the same places.

import type { MmioDevice, PhysicalBus } from '../memory/bus';
import { GuestRam, VIRTQUEUE_MAX_SIZE, Virtqueue, VirtioError } from './virtqueue';

/** The virt board's window of transports (virt.c base_memmap VIRT_MMIO, a15irqmap VIRT_MMIO). */
export const VIRTIO_MMIO = { BASE: 0x0a000000, SIZE: 0x200, COUNT: 32, FIRST_SPI: 16 } as const;

/** Register offsets (4.2.2). */
export const VIRTIO_MMIO_REG = {
  MAGIC_VALUE: 0x000, VERSION: 0x004, DEVICE_ID: 0x008, VENDOR_ID: 0x00c,
  DEVICE_FEATURES: 0x010, DEVICE_FEATURES_SEL: 0x014, DRIVER_FEATURES: 0x020, DRIVER_FEATURES_SEL: 0x024,
  QUEUE_SEL: 0x030, QUEUE_NUM_MAX: 0x034, QUEUE_NUM: 0x038, QUEUE_READY: 0x044, QUEUE_NOTIFY: 0x050,
  INTERRUPT_STATUS: 0x060, INTERRUPT_ACK: 0x064, STATUS: 0x070,
  QUEUE_DESC_LOW: 0x080, QUEUE_DESC_HIGH: 0x084, QUEUE_DRIVER_LOW: 0x090, QUEUE_DRIVER_HIGH: 0x094,
  QUEUE_DEVICE_LOW: 0x0a0, QUEUE_DEVICE_HIGH: 0x0a4, CONFIG_GENERATION: 0x0fc, CONFIG: 0x100,
} as const;

/** "virt" in little-endian ASCII. */
export const VIRTIO_MMIO_MAGIC = 0x74726976;
export const VIRTIO_MMIO_VERSION = 2;
/** QEMU's vendor ID, "QEMU" (VIRT_VENDOR). */
export const VIRTIO_VENDOR_QEMU = 0x554d4551;

/** Device status bits (2.1). */
export const VIRTIO_STATUS = {
  ACKNOWLEDGE: 1, DRIVER: 2, DRIVER_OK: 4, FEATURES_OK: 8, DEVICE_NEEDS_RESET: 64, FAILED: 128,
} as const;

/** InterruptStatus bits (4.2.2): used buffer notification, configuration change notification. */
export const VIRTIO_INT = { VRING: 1, CONFIG: 2 } as const;

/** Transport feature bits (6): what every device here offers. */
export const VIRTIO_F = { INDIRECT_DESC: 28, EVENT_IDX: 29, VERSION_1: 32 } as const;

/** Device IDs (5). */
export const VIRTIO_ID = { NET: 1, BLOCK: 2, CONSOLE: 3 } as const;

const bit = (n: number): bigint => 1n << BigInt(n);

/** What a device type (net, block, console) gives the transport. */
export interface VirtioDevice {
  readonly deviceId: number;
  /** Short name for errors and traces, e.g. "virtio-net". */
  readonly name: string;
  /** Device-type feature bits offered (the transport adds VERSION_1 and INDIRECT_DESC). */
  readonly features: bigint;
  /** Number of virtqueues (each offers QueueNumMax = VIRTQUEUE_MAX_SIZE). */
  readonly queueCount: number;
  /** The configuration space as it reads now, little-endian (virtio 1.1: "Device configuration layout"). */
  config(): Uint8Array;
  /** A driver write into the configuration space; fields that are not writable ignore it. */
  writeConfig?(offset: number, size: 1 | 2 | 4, value: number): void;
  /** Called once by the transport that holds the device. */
  attach(ctx: VirtioContext): void;
  /** Device reset (Status written 0, 2.1.1 / 4.2.3.1): forget queued work. */
  reset(): void;
  /** The driver notified queue `index` (QueueNotify), or DRIVER_OK was just set (index -1). */
  notify(index: number): void;
}

/** What the transport gives its device. */
export interface VirtioContext {
  readonly ram: GuestRam;
  queue(index: number): Virtqueue;
  /** DRIVER_OK is set and no reset is needed: the device may use its queues (3.1.1). */
  readonly live: boolean;
  /** Features the driver accepted. */
  readonly driverFeatures: bigint;
  /** Raise a used-buffer notification for a queue, unless the driver suppressed it. */
  usedBuffers(queue: Virtqueue): void;
  /** Runs device work that touches guest memory; a VirtioError puts the device in DEVICE_NEEDS_RESET. */
  guard(work: () => void): void;
}

export class VirtioMmioTransport implements MmioDevice, VirtioContext {
  readonly name: string;
  readonly ram: GuestRam;
  private readonly queues: Virtqueue[];
  private readonly offered: bigint;
  status = 0;
  interruptStatus = 0;
  deviceFeaturesSel = 0;
  driverFeaturesSel = 0;
  driverFeatures = 0n;
  queueSel = 0;
  configGeneration = 0;
  /** Why the device last entered DEVICE_NEEDS_RESET (for the debugger and tests), or null. */
  lastError: string | null = null;
  /** Level of this transport's interrupt line (an edge-triggered SPI on virt: rising edges matter). */
  irq = false;
  /** Interrupt output; the board connects it to the GIC. */
  onIrq: (level: boolean) => void = () => undefined;

  constructor(bus: PhysicalBus, readonly device: VirtioDevice | null) {
    this.name = device?.name ?? 'virtio-mmio';
    this.ram = new GuestRam(bus);
    this.offered = device ? device.features | bit(VIRTIO_F.VERSION_1) | bit(VIRTIO_F.INDIRECT_DESC) : 0n;
    this.queues = Array.from({ length: device?.queueCount ?? 0 }, () => new Virtqueue(this.ram, VIRTQUEUE_MAX_SIZE, true));
    device?.attach(this);
  }

  get live(): boolean {
    return (this.status & (VIRTIO_STATUS.DRIVER_OK | VIRTIO_STATUS.DEVICE_NEEDS_RESET)) === VIRTIO_STATUS.DRIVER_OK;
  }

  queue(index: number): Virtqueue {
    return this.queues[index];
  }

  usedBuffers(q: Virtqueue): void {
    if (q.wantsInterrupt()) this.raise(VIRTIO_INT.VRING);
  }

  guard(work: () => void): void {
    if (!this.live) return;
    try {
      work();
    } catch (e) {
      if (!(e instanceof VirtioError)) throw e;
      this.needsReset(e.message);
    }
  }

  /** 2.1.2: the device sets DEVICE_NEEDS_RESET and sends a configuration change notification. */
  needsReset(reason: string): void {
    this.lastError = `${this.name}: ${reason}`;
    this.status |= VIRTIO_STATUS.DEVICE_NEEDS_RESET;
    this.raise(VIRTIO_INT.CONFIG);
  }

  private raise(bits: number): void {
    this.interruptStatus |= bits;
    this.updateIrq();
  }

  private updateIrq(): void {
    const level = this.interruptStatus !== 0;
    if (level !== this.irq) { this.irq = level; this.onIrq(level); }
  }

  /** 4.2.3.1 / 2.1.1: writing 0 to Status resets the device. */
  reset(): void {
    this.status = 0;
    this.interruptStatus = 0;
    this.deviceFeaturesSel = this.driverFeaturesSel = this.queueSel = 0;
    this.driverFeatures = 0n;
    this.lastError = null;
    for (const q of this.queues) q.reset();
    this.device?.reset();
    this.updateIrq();
  }

  read(offset: number, size: 1 | 2 | 4 | 8): number | [number, number] | null {
    if (size === 8) return [this.read32(offset), this.read32(offset + 4)];
    if (offset >= VIRTIO_MMIO_REG.CONFIG) return this.readConfig(offset - VIRTIO_MMIO_REG.CONFIG, size);
    return size === 4 ? this.read32(offset) : 0;
  }

  write(offset: number, size: 1 | 2 | 4 | 8, lo: number, hi: number): boolean {
    if (size === 8) { this.write32(offset, lo); this.write32(offset + 4, hi); return true; }
    if (offset >= VIRTIO_MMIO_REG.CONFIG) {
      if (this.device?.writeConfig && this.configFits(offset - VIRTIO_MMIO_REG.CONFIG, size)) {
        this.device.writeConfig(offset - VIRTIO_MMIO_REG.CONFIG, size, lo);
      }
      return true;
    }
    if (size === 4) this.write32(offset, lo);
    return true;
  }

  private configFits(off: number, size: number): boolean {
    return this.device !== null && off + size <= this.device.config().length;
  }

  private readConfig(off: number, size: 1 | 2 | 4): number {
    const allOnes = size === 4 ? 0xffffffff : (1 << (8 * size)) - 1;
    if (!this.device) return 0;
    const cfg = this.device.config();
    if (off + size > cfg.length) return allOnes;
    let v = 0;
    for (let i = size - 1; i >= 0; i--) v = v * 256 + cfg[off + i];
    return v;
  }

  private read32(off: number): number {
    const R = VIRTIO_MMIO_REG;
    if (off >= R.CONFIG) return this.readConfig(off - R.CONFIG, 4);
    if (!this.device) {
      // QEMU virtio_mmio_read with no backend.
      if (off === R.MAGIC_VALUE) return VIRTIO_MMIO_MAGIC;
      if (off === R.VERSION) return VIRTIO_MMIO_VERSION;
      if (off === R.VENDOR_ID) return VIRTIO_VENDOR_QEMU;
      return 0;
    }
    const q = this.queues[this.queueSel];
    switch (off) {
      case R.MAGIC_VALUE: return VIRTIO_MMIO_MAGIC;
      case R.VERSION: return VIRTIO_MMIO_VERSION;
      case R.DEVICE_ID: return this.device.deviceId;
      case R.VENDOR_ID: return VIRTIO_VENDOR_QEMU;
      case R.DEVICE_FEATURES: return this.deviceFeaturesSel > 1 ? 0 : Number((this.offered >> BigInt(32 * this.deviceFeaturesSel)) & 0xffffffffn);
      case R.QUEUE_NUM_MAX: return q ? q.maxSize : 0;
      case R.QUEUE_READY: return q?.ready ? 1 : 0;
      case R.INTERRUPT_STATUS: return this.interruptStatus;
      case R.STATUS: return this.status;
      case R.CONFIG_GENERATION: return this.configGeneration;
      // Write-only registers, and the queue addresses (write-only in 4.2.2; QEMU reads them as 0), read 0.
      default: return 0;
    }
  }

  private write32(off: number, v: number): void {
    const R = VIRTIO_MMIO_REG;
    if (off >= R.CONFIG) {
      if (this.device?.writeConfig && this.configFits(off - R.CONFIG, 4)) this.device.writeConfig(off - R.CONFIG, 4, v);
      return;
    }
    if (!this.device) return;
    const q = this.queues[this.queueSel];
    switch (off) {
      case R.DEVICE_FEATURES_SEL: this.deviceFeaturesSel = v; return;
      case R.DRIVER_FEATURES_SEL: this.driverFeaturesSel = v; return;
      case R.DRIVER_FEATURES:
        if (this.driverFeaturesSel <= 1) {
          const shift = BigInt(32 * this.driverFeaturesSel);
          this.driverFeatures = (this.driverFeatures & ~(0xffffffffn << shift)) | (BigInt(v >>> 0) << shift);
        }
        return;
      case R.QUEUE_SEL: this.queueSel = v; return;
      case R.QUEUE_NUM: if (q && !q.ready) q.num = v; return;
      case R.QUEUE_READY: this.setReady(q, v); return;
      case R.QUEUE_NOTIFY:
        if (v < this.queues.length && this.queues[v].ready) this.guard(() => this.device?.notify(v));
        return;
      case R.INTERRUPT_ACK: this.interruptStatus &= ~v; this.updateIrq(); return;
      case R.STATUS: this.writeStatus(v & 0xff); return;
      case R.QUEUE_DESC_LOW: if (q && !q.ready) q.descAddr = lo32(q.descAddr, v); return;
      case R.QUEUE_DESC_HIGH: if (q && !q.ready) q.descAddr = hi32(q.descAddr, v); return;
      case R.QUEUE_DRIVER_LOW: if (q && !q.ready) q.driverAddr = lo32(q.driverAddr, v); return;
      case R.QUEUE_DRIVER_HIGH: if (q && !q.ready) q.driverAddr = hi32(q.driverAddr, v); return;
      case R.QUEUE_DEVICE_LOW: if (q && !q.ready) q.deviceAddr = lo32(q.deviceAddr, v); return;
      case R.QUEUE_DEVICE_HIGH: if (q && !q.ready) q.deviceAddr = hi32(q.deviceAddr, v); return;
      default: return; // read-only and reserved registers ignore writes (QEMU logs a guest error)
    }
  }

  /** QueueReady (4.2.2): 1 enables the queue after checking its rings; 0 disables it. */
  private setReady(q: Virtqueue | undefined, v: number): void {
    if (!q) return;
    if ((v & 1) === 0) { q.ready = false; return; }
    if (q.ready) return;
    try {
      q.validate();
      q.lastAvail = q.usedIdx = 0;
      q.ready = true;
    } catch (e) {
      if (!(e instanceof VirtioError)) throw e;
      this.needsReset(e.message);
    }
  }

  /** Status (2.1, 3.1.1): 0 resets; FEATURES_OK only sticks for an acceptable feature set (2.2.2). */
  private writeStatus(v: number): void {
    if (v === 0) { this.reset(); return; }
    const was = this.status;
    let next = v | (was & VIRTIO_STATUS.DEVICE_NEEDS_RESET);
    if ((next & VIRTIO_STATUS.FEATURES_OK) && !(was & VIRTIO_STATUS.FEATURES_OK) && !this.featuresAcceptable()) {
      next &= ~VIRTIO_STATUS.FEATURES_OK;
    }
    this.status = next;
    if ((next & VIRTIO_STATUS.DRIVER_OK) && !(was & VIRTIO_STATUS.DRIVER_OK)) this.guard(() => this.device?.notify(-1));
  }

  /**
   * Bits the device did not offer are dropped, as QEMU's virtio_set_features does. VERSION_1 is
   * required: there are no legacy layouts here (6.1: the device MAY refuse a driver without it;
   * QEMU accepts one and goes on with VERSION_1 layouts, a deliberate difference).
   */
  private featuresAcceptable(): boolean {
    this.driverFeatures &= this.offered;
    return (this.driverFeatures & bit(VIRTIO_F.VERSION_1)) !== 0n;
  }
}

const lo32 = (addr: number, v: number): number => Math.floor(addr / 2 ** 32) * 2 ** 32 + (v >>> 0);
const hi32 = (addr: number, v: number): number => (v >>> 0) * 2 ** 32 + (addr % 2 ** 32);

/** The board's window of transports as one bus device ("virtio-mmio" in traces and MMIO_COST). */
export class VirtioMmioBank implements MmioDevice {
  readonly name = 'virtio-mmio';
  readonly size: number;

  constructor(readonly transports: readonly VirtioMmioTransport[], readonly slotSize: number = VIRTIO_MMIO.SIZE) {
    this.size = transports.length * slotSize;
  }

  read(offset: number, size: 1 | 2 | 4 | 8): number | [number, number] | null {
    const t = this.transports[Math.floor(offset / this.slotSize)];
    if (!t || (offset % this.slotSize) + size > this.slotSize) return null;
    return t.read(offset % this.slotSize, size);
  }

  write(offset: number, size: 1 | 2 | 4 | 8, lo: number, hi: number): boolean {
    const t = this.transports[Math.floor(offset / this.slotSize)];
    if (!t || (offset % this.slotSize) + size > this.slotSize) return false;
    return t.write(offset % this.slotSize, size, lo, hi);
  }
}

export interface VirtioSlotsOptions {
  /** Devices in QEMU -device order: devices[0] goes to the highest transport. */
  devices?: readonly VirtioDevice[];
  window?: typeof VIRTIO_MMIO;
}

/**
 * The board's virtio-mmio transports. Wire each transport's `onIrq` to SPI FIRST_SPI + slot
 * (INTID 32 + FIRST_SPI + slot) and map `bank` at window.BASE (bank.size bytes).
 */
export function createVirtioSlots(bus: PhysicalBus, opts: VirtioSlotsOptions = {}): VirtioMmioBank {
  const w = opts.window ?? VIRTIO_MMIO;
  const devices = opts.devices ?? [];
  if (devices.length > w.COUNT) throw new RangeError(`${devices.length} virtio devices do not fit ${w.COUNT} virtio-mmio transports`);
  const transports = Array.from({ length: w.COUNT }, (_, slot) => new VirtioMmioTransport(bus, devices[w.COUNT - 1 - slot] ?? null));
  return new VirtioMmioBank(transports, w.SIZE);
}
