// Split virtqueues (virtio 1.1, section 2.6): the descriptor table, the available ring written by
// the driver and the used ring written by the device, all in guest RAM, little-endian. Every
// guest address is checked against RAM before it is touched; anything the driver gets wrong
// (a ring outside RAM, a descriptor index out of range, a loop, a writable descriptor before a
// readable one, an available index that moved by more than the queue size) throws VirtioError,
// which the transport turns into DEVICE_NEEDS_RESET (2.1.2). The host never throws otherwise.
//
// Indirect descriptors (2.6.5.3, VIRTIO_F_INDIRECT_DESC) are supported; VIRTIO_F_EVENT_IDX is
// not offered, so notification suppression is the avail ring's NO_INTERRUPT flag (2.6.7).

import type { PhysicalBus } from '../memory/bus';

/** A driver error the device detected: the device needs a reset (virtio 1.1, 2.1.2). */
export class VirtioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VirtioError';
  }
}

/** struct virtq_desc flags (2.6.5). */
export const VIRTQ_DESC_F = { NEXT: 1, WRITE: 2, INDIRECT: 4 } as const;
/** struct virtq_avail flags (2.6.6). */
export const VIRTQ_AVAIL_F_NO_INTERRUPT = 1;
/**
 * Largest queue size a driver may choose: QEMU's VIRTQUEUE_MAX_SIZE, which its virtio-mmio
 * returns as QueueNumMax for every queue that exists (hw/virtio/virtio-mmio.c).
 */
export const VIRTQUEUE_MAX_SIZE = 1024;
/** Sizes of the ring structures (2.6): a 16-byte descriptor, 2-byte avail entries, 8-byte used entries. */
const DESC_SIZE = 16;
/** Alignment of the three areas (2.6 table "Virtqueue Part Alignment"). */
const ALIGN = { desc: 16, driver: 2, device: 4 } as const;

export interface Segment {
  /** Guest physical address, checked to lie in RAM with `len` bytes. */
  readonly addr: number;
  readonly len: number;
}

/** One descriptor chain popped from the available ring (2.6.5.2). */
export interface DescriptorChain {
  readonly head: number;
  readonly readable: readonly Segment[];
  readonly writable: readonly Segment[];
  readonly readableLength: number;
  readonly writableLength: number;
}

const hex = (x: number): string => '0x' + x.toString(16);

/** Bounds-checked guest RAM access for devices (DMA): RAM only; MMIO is not a DMA target here. */
export class GuestRam {
  constructor(readonly bus: PhysicalBus) {}

  /** RAM offset of [pa, pa+len), or throws VirtioError naming `what`. */
  offset(pa: number, len: number, what: string): number {
    const off = Number.isSafeInteger(pa) ? this.bus.ramOffset(pa, len) : -1;
    if (off < 0) throw new VirtioError(`${what} [${hex(pa)}, +${hex(len)}) is not in RAM`);
    return off;
  }

  u16(pa: number, what: string): number { return this.bus.view.getUint16(this.offset(pa, 2, what), true); }
  u32(pa: number, what: string): number { return this.bus.view.getUint32(this.offset(pa, 4, what), true); }
  u64(pa: number, what: string): number {
    const off = this.offset(pa, 8, what);
    const v = this.bus.view;
    return v.getUint32(off + 4, true) * 2 ** 32 + v.getUint32(off, true);
  }

  setU16(pa: number, x: number, what: string): void { this.bus.view.setUint16(this.offset(pa, 2, what), x, true); this.bus.onRamWrite?.(pa, 2); }
  setU32(pa: number, x: number, what: string): void { this.bus.view.setUint32(this.offset(pa, 4, what), x, true); this.bus.onRamWrite?.(pa, 4); }

  /** A view of guest RAM (no copy). */
  view(pa: number, len: number, what: string): Uint8Array {
    const off = this.offset(pa, len, what);
    return this.bus.u8.subarray(off, off + len);
  }

  write(pa: number, bytes: Uint8Array, what: string): void {
    this.bus.u8.set(bytes, this.offset(pa, bytes.length, what));
    if (bytes.length) this.bus.onRamWrite?.(pa, bytes.length);
  }
}

/** Copies the readable part of a chain out of guest RAM (at most `max` bytes). */
export function gatherReadable(ram: GuestRam, chain: DescriptorChain, max = chain.readableLength): Uint8Array {
  const out = new Uint8Array(Math.min(max, chain.readableLength));
  let o = 0;
  for (const s of chain.readable) {
    if (o >= out.length) break;
    const n = Math.min(s.len, out.length - o);
    out.set(ram.view(s.addr, n, 'readable buffer'), o);
    o += n;
  }
  return out;
}

/** Copies bytes into the writable part of a chain from byte `skip` on; returns how many fit. */
export function scatterWritable(ram: GuestRam, chain: DescriptorChain, bytes: Uint8Array, skip = 0): number {
  let src = 0;
  let pos = 0;
  for (const s of chain.writable) {
    if (src >= bytes.length) break;
    const start = Math.max(skip - pos, 0);
    pos += s.len;
    if (start >= s.len) continue;
    const n = Math.min(s.len - start, bytes.length - src);
    ram.write(s.addr + start, bytes.subarray(src, src + n), 'writable buffer');
    src += n;
  }
  return src;
}

/** Sub-segments covering bytes [from, from+len) of a segment list. */
export function sliceSegments(segs: readonly Segment[], from: number, len: number): Segment[] {
  const out: Segment[] = [];
  let pos = 0;
  for (const s of segs) {
    const a = Math.max(from, pos);
    const b = Math.min(from + len, pos + s.len);
    if (a < b) out.push({ addr: s.addr + (a - pos), len: b - a });
    pos += s.len;
  }
  return out;
}

export class Virtqueue {
  /** Queue Size chosen by the driver (QueueNum); 0 until written. */
  num = 0;
  ready = false;
  descAddr = 0;
  driverAddr = 0;
  deviceAddr = 0;
  /** The device's copy of the next avail index to consume, and of used.idx (2.6.6, 2.6.8). */
  lastAvail = 0;
  usedIdx = 0;

  constructor(readonly ram: GuestRam, readonly maxSize: number, readonly indirect: boolean) {
    if (maxSize < 1 || maxSize > 32768 || (maxSize & (maxSize - 1))) throw new RangeError(`virtqueue size ${maxSize} must be a power of 2 up to 32768`);
  }

  reset(): void {
    this.num = 0;
    this.ready = false;
    this.descAddr = this.driverAddr = this.deviceAddr = 0;
    this.lastAvail = this.usedIdx = 0;
  }

  /** Checks the driver's configuration when it sets QueueReady (4.2.3.2, 2.6). */
  validate(): void {
    const n = this.num;
    if (n < 1 || n > this.maxSize || (n & (n - 1))) throw new VirtioError(`queue size ${n} is not a power of 2 from 1 to ${this.maxSize}`);
    const areas: Array<[string, number, number, number]> = [
      ['descriptor table', this.descAddr, DESC_SIZE * n, ALIGN.desc],
      ['driver area', this.driverAddr, 6 + 2 * n, ALIGN.driver],
      ['device area', this.deviceAddr, 6 + 8 * n, ALIGN.device],
    ];
    for (const [what, addr, size, align] of areas) {
      if (addr % align) throw new VirtioError(`${what} at ${hex(addr)} is not ${align}-byte aligned`);
      this.ram.offset(addr, size, what);
    }
  }

  /** The next available chain, or null when the driver has made none available. */
  pop(): DescriptorChain | null {
    if (!this.ready) return null;
    const availIdx = this.ram.u16(this.driverAddr + 2, 'avail.idx');
    const pending = (availIdx - this.lastAvail) & 0xffff;
    if (pending === 0) return null;
    if (pending > this.num) throw new VirtioError(`avail.idx moved from ${this.lastAvail} to ${availIdx}, more than the queue size ${this.num}`);
    const head = this.ram.u16(this.driverAddr + 4 + 2 * (this.lastAvail % this.num), 'avail.ring');
    const chain = this.walk(head);
    this.lastAvail = (this.lastAvail + 1) & 0xffff;
    return chain;
  }

  /** Puts the last popped chain back (the device could not use it now). */
  unpop(): void {
    this.lastAvail = (this.lastAvail - 1) & 0xffff;
  }

  /** Returns a chain to the driver with `len` bytes written into it (2.6.8). */
  push(chain: DescriptorChain, len: number): void {
    const slot = this.deviceAddr + 4 + 8 * (this.usedIdx % this.num);
    this.ram.setU32(slot, chain.head, 'used.ring');
    this.ram.setU32(slot + 4, len, 'used.ring');
    this.usedIdx = (this.usedIdx + 1) & 0xffff;
    this.ram.setU16(this.deviceAddr + 2, this.usedIdx, 'used.idx');
  }

  /** Whether the driver wants a used-buffer notification (avail.flags, 2.6.7.1). */
  wantsInterrupt(): boolean {
    return (this.ram.u16(this.driverAddr, 'avail.flags') & VIRTQ_AVAIL_F_NO_INTERRUPT) === 0;
  }

  /** Follows a chain from `head` (2.6.5.2), through an indirect table if there is one (2.6.5.3). */
  private walk(head: number): DescriptorChain {
    const readable: Segment[] = [];
    const writable: Segment[] = [];
    let readableLength = 0;
    let writableLength = 0;
    let table = this.descAddr;
    let size = this.num;
    let idx = head;
    let indirect = false;
    for (let count = 0; ; count++) {
      if (idx >= size) throw new VirtioError(`descriptor index ${idx} is outside the ${indirect ? 'indirect ' : ''}table of ${size}`);
      if (count >= size) throw new VirtioError(`descriptor chain from ${head} is longer than its table (a loop)`);
      const d = table + DESC_SIZE * idx;
      const addr = this.ram.u64(d, 'descriptor');
      const len = this.ram.u32(d + 8, 'descriptor');
      const flags = this.ram.u16(d + 12, 'descriptor');
      const next = this.ram.u16(d + 14, 'descriptor');
      if (flags & VIRTQ_DESC_F.INDIRECT) {
        // 2.6.5.3.1: only in the main table, without NEXT, a whole number of descriptors.
        if (!this.indirect) throw new VirtioError('indirect descriptor without VIRTIO_F_INDIRECT_DESC');
        if (indirect || (flags & VIRTQ_DESC_F.NEXT)) throw new VirtioError(`indirect descriptor ${idx} is nested or chained`);
        if (len === 0 || len % DESC_SIZE) throw new VirtioError(`indirect table length ${len} is not a non-zero multiple of 16`);
        this.ram.offset(addr, len, 'indirect table');
        table = addr;
        size = len / DESC_SIZE;
        idx = 0;
        count = -1;
        indirect = true;
        continue;
      }
      if (len > 0) this.ram.offset(addr, len, `buffer of descriptor ${idx}`);
      if (flags & VIRTQ_DESC_F.WRITE) {
        writable.push({ addr, len });
        writableLength += len;
      } else {
        // 2.6.4.2: device-readable descriptors come before device-writable ones.
        if (writable.length) throw new VirtioError(`device-readable descriptor ${idx} after a device-writable one`);
        readable.push({ addr, len });
        readableLength += len;
      }
      if (!(flags & VIRTQ_DESC_F.NEXT)) break;
      idx = next;
    }
    return { head, readable, writable, readableLength, writableLength };
  }
}
