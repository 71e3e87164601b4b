// The physical bus: RAM as one ArrayBuffer with typed-array views, and MMIO regions dispatched
// through a page-indexed table (4 KB pages). An access that hits neither returns BUS_ERROR so
// the CPU can raise a synchronous external abort (ARM ARM D8.x, EC 0x24/0x25, DFSC 0b010000);
// the host never throws for what a guest does.

import { MMIO_COST, MMIO_DEFAULT_COST } from '../cost/table';

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;

/** A device's register window. Offsets are relative to the region base. */
export interface MmioDevice {
  readonly name: string;
  /** Returns the value read (size 1, 2, 4 or 8 bytes; 8-byte values as [lo, hi]), or null for a bus error. */
  read(offset: number, size: 1 | 2 | 4 | 8): number | [number, number] | null;
  /** Returns false for a bus error. */
  write(offset: number, size: 1 | 2 | 4 | 8, lo: number, hi: number): boolean;
}

export interface MmioRegion {
  readonly base: number;
  readonly size: number;
  readonly device: MmioDevice;
}

export const BUS_ERROR = -1;

export class PhysicalBus {
  readonly ram: ArrayBuffer;
  readonly u8: Uint8Array;
  readonly view: DataView;
  private readonly pages = new Map<number, MmioRegion>();
  private readonly regions: MmioRegion[] = [];
  /** Physical pages written since the last check (for decoded-instruction cache invalidation). */
  onRamWrite: ((pa: number, size: number) => void) | null = null;

  constructor(readonly ramBase: number, readonly ramSize: number) {
    if (ramSize % PAGE_SIZE !== 0) throw new Error('RAM size must be a multiple of 4 KB');
    this.ram = new ArrayBuffer(ramSize);
    this.u8 = new Uint8Array(this.ram);
    this.view = new DataView(this.ram);
  }

  map(base: number, size: number, device: MmioDevice): void {
    if (base % PAGE_SIZE || size % PAGE_SIZE) throw new Error(`${device.name}: MMIO region must be page aligned`);
    for (const r of this.regions) {
      if (base < r.base + r.size && r.base < base + size) throw new Error(`${device.name} overlaps ${r.device.name}`);
    }
    if (base < this.ramBase + this.ramSize && this.ramBase < base + size) throw new Error(`${device.name} overlaps RAM`);
    const region = { base, size, device };
    this.regions.push(region);
    for (let p = base / PAGE_SIZE; p < (base + size) / PAGE_SIZE; p++) this.pages.set(p, region);
  }

  get mmioRegions(): readonly MmioRegion[] {
    return this.regions;
  }

  /** Offset into RAM for [pa, pa+size), or -1 if the range is not wholly RAM. */
  ramOffset(pa: number, size: number): number {
    const off = pa - this.ramBase;
    return off >= 0 && off + size <= this.ramSize ? off : -1;
  }

  regionAt(pa: number): MmioRegion | undefined {
    return this.pages.get(Math.floor(pa / PAGE_SIZE));
  }

  /**
   * The latency a core pays for an access at `pa` beyond its load/store instruction's cost: the
   * device's MMIO figure (emulator/cost MMIO_COST, by device name; a non-posted read over the
   * interconnect is far slower than a posted write), 0 for RAM. An access that hits nothing
   * still went out on the interconnect: it costs as an unlisted device's.
   */
  accessCycles(pa: number, size: number, write: boolean): number {
    if (this.ramOffset(pa, size) >= 0) return 0;
    const r = this.regionAt(pa);
    const c = (r && MMIO_COST[r.device.name]) || MMIO_DEFAULT_COST;
    return write ? c.write : c.read;
  }

  read32(pa: number): number {
    const off = this.ramOffset(pa, 4);
    if (off >= 0) return this.view.getUint32(off, true);
    const r = this.regionAt(pa);
    const v = r?.device.read(pa - r.base, 4);
    return typeof v === 'number' ? v >>> 0 : BUS_ERROR;
  }

  /** Reads `size` bytes; returns false on a bus error. out[0]=lo, out[1]=hi. */
  read(pa: number, size: 1 | 2 | 4 | 8, out: Uint32Array): boolean {
    const off = this.ramOffset(pa, size);
    if (off >= 0) {
      const v = this.view;
      switch (size) {
        case 1: out[0] = v.getUint8(off); out[1] = 0; break;
        case 2: out[0] = v.getUint16(off, true); out[1] = 0; break;
        case 4: out[0] = v.getUint32(off, true); out[1] = 0; break;
        case 8: out[0] = v.getUint32(off, true); out[1] = v.getUint32(off + 4, true); break;
      }
      return true;
    }
    const r = this.regionAt(pa);
    if (!r || pa + size > r.base + r.size) return false;
    const v = r.device.read(pa - r.base, size);
    if (v === null) return false;
    if (typeof v === 'number') { out[0] = v >>> 0; out[1] = 0; } else { out[0] = v[0] >>> 0; out[1] = v[1] >>> 0; }
    return true;
  }

  /** Writes `size` bytes of (lo, hi); returns false on a bus error. */
  write(pa: number, size: 1 | 2 | 4 | 8, lo: number, hi: number): boolean {
    const off = this.ramOffset(pa, size);
    if (off >= 0) {
      const v = this.view;
      switch (size) {
        case 1: v.setUint8(off, lo); break;
        case 2: v.setUint16(off, lo, true); break;
        case 4: v.setUint32(off, lo, true); break;
        case 8: v.setUint32(off, lo, true); v.setUint32(off + 4, hi, true); break;
      }
      this.onRamWrite?.(pa, size);
      return true;
    }
    const r = this.regionAt(pa);
    if (!r || pa + size > r.base + r.size) return false;
    return r.device.write(pa - r.base, size, lo >>> 0, hi >>> 0);
  }

  /** Copies bytes into RAM (loaders); throws for a range outside RAM, which is a loader error. */
  load(pa: number, bytes: Uint8Array): void {
    const off = this.ramOffset(pa, bytes.length);
    if (off < 0) throw new Error(`cannot load ${bytes.length} bytes at 0x${pa.toString(16)}: outside RAM`);
    this.u8.set(bytes, off);
    this.onRamWrite?.(pa, bytes.length);
  }
}
