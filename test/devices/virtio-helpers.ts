// A test-side virtio driver: brings a virtio-mmio transport up through its registers as the
// virtio 1.1 driver initialization sequence says (3.1.1), lays split virtqueues out in guest
// RAM by hand, adds descriptor chains to the available ring, and reads the used ring back.

import { strict as assert } from 'node:assert';
import { PhysicalBus } from '../../emulator/memory/bus';
import { VIRTIO_MMIO, VIRTIO_MMIO_REG as R, VIRTIO_STATUS as S, VirtioMmioBank, createVirtioSlots, type VirtioDevice } from '../../emulator/devices/virtio-mmio';
import { VIRTQ_DESC_F } from '../../emulator/devices/virtqueue';

export const RAM_BASE = 0x40000000;
export const RAM_SIZE = 1 << 20;

export interface Buf {
  addr: number;
  len: number;
  write?: boolean;
}

export class TestQueue {
  nextDesc = 0;
  availIdx = 0;
  usedSeen = 0;
  constructor(readonly d: TestDriver, readonly index: number, readonly num: number, readonly desc: number, readonly avail: number, readonly used: number) {}

  /** Writes a descriptor chain (in table order from nextDesc) and makes it available; returns the head. */
  add(bufs: Buf[]): number {
    const head = this.nextDesc;
    bufs.forEach((b, i) => {
      const idx = (head + i) % this.num;
      const next = (head + i + 1) % this.num;
      this.d.writeDesc(this.desc, idx, b.addr, b.len, (b.write ? VIRTQ_DESC_F.WRITE : 0) | (i < bufs.length - 1 ? VIRTQ_DESC_F.NEXT : 0), next);
    });
    this.nextDesc = (head + bufs.length) % this.num;
    this.offer(head);
    return head;
  }

  /** Puts `head` in the available ring and bumps avail.idx. */
  offer(head: number): void {
    const v = this.d.bus.view;
    v.setUint16(this.avail - RAM_BASE + 4 + 2 * (this.availIdx % this.num), head, true);
    this.availIdx = (this.availIdx + 1) & 0xffff;
    v.setUint16(this.avail - RAM_BASE + 2, this.availIdx, true);
  }

  kick(): void { this.d.w(R.QUEUE_NOTIFY, this.index); }

  /** Used elements returned since the last call: [id, len]. */
  takeUsed(): Array<[number, number]> {
    const v = this.d.bus.view;
    const idx = v.getUint16(this.used - RAM_BASE + 2, true);
    const out: Array<[number, number]> = [];
    while (this.usedSeen !== idx) {
      const e = this.used - RAM_BASE + 4 + 8 * (this.usedSeen % this.num);
      out.push([v.getUint32(e, true), v.getUint32(e + 4, true)]);
      this.usedSeen = (this.usedSeen + 1) & 0xffff;
    }
    return out;
  }

  setNoInterrupt(on: boolean): void { this.d.bus.view.setUint16(this.avail - RAM_BASE, on ? 1 : 0, true); }
}

export class TestDriver {
  readonly bus = new PhysicalBus(RAM_BASE, RAM_SIZE);
  readonly bank: VirtioMmioBank;
  readonly irqs: boolean[] = [];
  /** Slot of the device under test: devices[0] sits in the last transport, as QEMU. */
  readonly slot = VIRTIO_MMIO.COUNT - 1;
  /** Next free RAM for rings and buffers. */
  private heap = RAM_BASE + 0x1000;

  constructor(device: VirtioDevice) {
    this.bank = createVirtioSlots(this.bus, { devices: [device] });
    this.bus.map(VIRTIO_MMIO.BASE, this.bank.size, this.bank);
    this.transport.onIrq = (l) => this.irqs.push(l);
  }

  get transport() { return this.bank.transports[this.slot]; }

  addr(off: number): number { return VIRTIO_MMIO.BASE + this.slot * VIRTIO_MMIO.SIZE + off; }

  r(off: number): number {
    const out = new Uint32Array(2);
    assert.ok(this.bus.read(this.addr(off), 4, out), `bus error reading 0x${off.toString(16)}`);
    return out[0];
  }

  w(off: number, v: number): void {
    assert.ok(this.bus.write(this.addr(off), 4, v >>> 0, 0), `bus error writing 0x${off.toString(16)}`);
  }

  alloc(size: number, align = 16): number {
    this.heap = Math.ceil(this.heap / align) * align;
    const a = this.heap;
    this.heap += size;
    assert.ok(this.heap <= RAM_BASE + RAM_SIZE, 'test heap exhausted');
    return a;
  }

  bytes(addr: number, len: number): Uint8Array { return this.bus.u8.slice(addr - RAM_BASE, addr - RAM_BASE + len); }
  put(addr: number, data: Uint8Array): void { this.bus.u8.set(data, addr - RAM_BASE); }

  writeDesc(table: number, idx: number, addr: number, len: number, flags: number, next: number): void {
    const v = this.bus.view;
    const o = table - RAM_BASE + 16 * idx;
    v.setUint32(o, addr % 2 ** 32, true);
    v.setUint32(o + 4, Math.floor(addr / 2 ** 32), true);
    v.setUint32(o + 8, len, true);
    v.setUint16(o + 12, flags, true);
    v.setUint16(o + 14, next, true);
  }

  /** 3.1.1 steps 1-6: reset, ACKNOWLEDGE, DRIVER, features (all offered), FEATURES_OK. */
  negotiate(): bigint {
    this.w(R.STATUS, 0);
    this.w(R.STATUS, S.ACKNOWLEDGE);
    this.w(R.STATUS, S.ACKNOWLEDGE | S.DRIVER);
    this.w(R.DEVICE_FEATURES_SEL, 0);
    const lo = this.r(R.DEVICE_FEATURES);
    this.w(R.DEVICE_FEATURES_SEL, 1);
    const hi = this.r(R.DEVICE_FEATURES);
    const f = (BigInt(hi) << 32n) | BigInt(lo);
    this.w(R.DRIVER_FEATURES_SEL, 0);
    this.w(R.DRIVER_FEATURES, lo);
    this.w(R.DRIVER_FEATURES_SEL, 1);
    this.w(R.DRIVER_FEATURES, hi);
    this.w(R.STATUS, S.ACKNOWLEDGE | S.DRIVER | S.FEATURES_OK);
    assert.equal(this.r(R.STATUS) & S.FEATURES_OK, S.FEATURES_OK, 'device refused the features');
    return f;
  }

  /** 4.2.3.2: sets up queue `index` with `num` entries in fresh RAM. */
  setupQueue(index: number, num: number): TestQueue {
    this.w(R.QUEUE_SEL, index);
    assert.equal(this.r(R.QUEUE_READY), 0);
    assert.ok(this.r(R.QUEUE_NUM_MAX) >= num);
    const desc = this.alloc(16 * num, 16);
    const avail = this.alloc(6 + 2 * num, 2);
    const used = this.alloc(6 + 8 * num, 4);
    this.w(R.QUEUE_NUM, num);
    this.w(R.QUEUE_DESC_LOW, desc); this.w(R.QUEUE_DESC_HIGH, 0);
    this.w(R.QUEUE_DRIVER_LOW, avail); this.w(R.QUEUE_DRIVER_HIGH, 0);
    this.w(R.QUEUE_DEVICE_LOW, used); this.w(R.QUEUE_DEVICE_HIGH, 0);
    this.w(R.QUEUE_READY, 1);
    assert.equal(this.r(R.QUEUE_READY), 1, this.transport.lastError ?? 'queue not ready');
    return new TestQueue(this, index, num, desc, avail, used);
  }

  driverOk(): void {
    this.w(R.STATUS, this.r(R.STATUS) | S.DRIVER_OK);
  }

  /** The whole bring-up: negotiate, queues, DRIVER_OK. */
  start(queues: number, num = 16): TestQueue[] {
    this.negotiate();
    const qs = Array.from({ length: queues }, (_, i) => this.setupQueue(i, num));
    this.driverOk();
    return qs;
  }

  needsReset(): boolean { return (this.r(R.STATUS) & S.DEVICE_NEEDS_RESET) !== 0; }
}
