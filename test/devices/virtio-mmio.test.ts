// The virtio-mmio transport, version 2 (virtio 1.1 4.2.2), and split virtqueues (2.6), driven
// through the PhysicalBus as a guest would: identity registers, feature negotiation, queue
// setup, interrupts, QEMU's behaviour for empty transports and odd access sizes, and a driver
// that points queues at garbage getting DEVICE_NEEDS_RESET without the host throwing.

import { strict as assert } from 'node:assert';
import {
  VIRTIO_F, VIRTIO_INT, VIRTIO_MMIO, VIRTIO_MMIO_MAGIC, VIRTIO_MMIO_REG as R, VIRTIO_STATUS as S, VIRTIO_VENDOR_QEMU,
  createVirtioSlots,
} from '../../emulator/devices/virtio-mmio';
import { VirtioConsole } from '../../emulator/devices/virtio-console';
import { VirtioNet } from '../../emulator/devices/virtio-net';
import { VirtioBlk, memoryBackend } from '../../emulator/devices/virtio-blk';
import { VIRTQ_DESC_F } from '../../emulator/devices/virtqueue';
import { PhysicalBus } from '../../emulator/memory/bus';
import { RAM_BASE, RAM_SIZE, TestDriver } from './virtio-helpers';

const consoleDriver = (out: Uint8Array[] = []): TestDriver => new TestDriver(new VirtioConsole({ output: (b) => out.push(b.slice()) }));

describe('virtio-mmio transport', () => {
  it('maps 32 transports of 0x200 bytes; empty ones read magic, version 2, "QEMU" and DeviceID 0', () => {
    const bus = new PhysicalBus(RAM_BASE, RAM_SIZE);
    const bank = createVirtioSlots(bus, { devices: [new VirtioNet(), new VirtioConsole()] });
    assert.equal(bank.size, 0x4000);
    bus.map(VIRTIO_MMIO.BASE, bank.size, bank);
    const rd = (slot: number, off: number): number => bus.read32(VIRTIO_MMIO.BASE + slot * 0x200 + off);
    // QEMU's order: the first device in the highest transport.
    assert.equal(rd(31, R.DEVICE_ID), 1);
    assert.equal(rd(30, R.DEVICE_ID), 3);
    for (let slot = 0; slot < 30; slot++) {
      assert.equal(rd(slot, R.MAGIC_VALUE), VIRTIO_MMIO_MAGIC);
      assert.equal(rd(slot, R.VERSION), 2);
      assert.equal(rd(slot, R.VENDOR_ID), VIRTIO_VENDOR_QEMU);
      assert.equal(rd(slot, R.DEVICE_ID), 0);
      assert.equal(rd(slot, R.QUEUE_NUM_MAX), 0);
      assert.equal(rd(slot, R.CONFIG), 0);
    }
    assert.ok(bus.write(VIRTIO_MMIO.BASE + R.STATUS, 4, 0xf, 0));
    assert.equal(rd(0, R.STATUS), 0);
    assert.throws(() => createVirtioSlots(bus, { devices: Array.from({ length: 33 }, () => new VirtioConsole()) }), /do not fit 32/);
  });

  it('offers VERSION_1 and INDIRECT_DESC with the device bits; FEATURES_OK needs VERSION_1, drops bits not offered', () => {
    const d = consoleDriver();
    d.w(R.DEVICE_FEATURES_SEL, 0);
    assert.equal(d.r(R.DEVICE_FEATURES), (1 << VIRTIO_F.INDIRECT_DESC) | 4); // + EMERG_WRITE
    d.w(R.DEVICE_FEATURES_SEL, 1);
    assert.equal(d.r(R.DEVICE_FEATURES), 1); // VERSION_1 is bit 32
    d.w(R.DEVICE_FEATURES_SEL, 2);
    assert.equal(d.r(R.DEVICE_FEATURES), 0);
    const tryFeatures = (lo: number, hi: number): number => {
      d.w(R.STATUS, 0);
      d.w(R.STATUS, S.ACKNOWLEDGE | S.DRIVER);
      d.w(R.DRIVER_FEATURES_SEL, 0); d.w(R.DRIVER_FEATURES, lo);
      d.w(R.DRIVER_FEATURES_SEL, 1); d.w(R.DRIVER_FEATURES, hi);
      d.w(R.STATUS, S.ACKNOWLEDGE | S.DRIVER | S.FEATURES_OK);
      return d.r(R.STATUS);
    };
    assert.equal(tryFeatures(0, 0), S.ACKNOWLEDGE | S.DRIVER, 'legacy driver (no VERSION_1) refused');
    // QEMU virtio_set_features: bits not offered are dropped, the rest accepted.
    assert.equal(tryFeatures(1 << 5, 1), S.ACKNOWLEDGE | S.DRIVER | S.FEATURES_OK);
    assert.equal(d.transport.driverFeatures, 1n << 32n);
    assert.equal(tryFeatures(4, 1), S.ACKNOWLEDGE | S.DRIVER | S.FEATURES_OK);
    assert.equal(d.transport.driverFeatures, (1n << 32n) | 4n);
  });

  it('has QueueNumMax 1024 (QEMU) per queue and 0 for a queue that does not exist; Status 0 resets the queues', () => {
    const d = consoleDriver();
    d.negotiate();
    d.w(R.QUEUE_SEL, 1);
    assert.equal(d.r(R.QUEUE_NUM_MAX), 1024);
    d.w(R.QUEUE_SEL, 2);
    assert.equal(d.r(R.QUEUE_NUM_MAX), 0);
    d.w(R.QUEUE_READY, 1); // ignored: no such queue
    assert.equal(d.r(R.QUEUE_READY), 0);
    d.setupQueue(0, 8);
    d.w(R.STATUS, 0);
    assert.equal(d.r(R.STATUS), 0);
    d.w(R.QUEUE_SEL, 0);
    assert.equal(d.r(R.QUEUE_READY), 0);
    assert.equal(d.transport.queue(0).num, 0);
  });

  it('reads 0 and ignores writes for 1/2-byte register accesses, splits 8-byte ones (QEMU)', () => {
    const d = consoleDriver();
    const out = new Uint32Array(2);
    assert.ok(d.bus.read(d.addr(R.MAGIC_VALUE), 2, out));
    assert.equal(out[0], 0);
    assert.ok(d.bus.read(d.addr(R.MAGIC_VALUE), 8, out));
    assert.deepEqual([...out], [VIRTIO_MMIO_MAGIC, 2]);
    assert.ok(d.bus.write(d.addr(R.STATUS), 1, S.ACKNOWLEDGE, 0));
    assert.equal(d.r(R.STATUS), 0);
  });

  it('reads the configuration space by byte, half and word; past its end reads all ones', () => {
    const d = new TestDriver(new VirtioNet({ mac: [1, 2, 3, 4, 5, 6] }));
    const out = new Uint32Array(2);
    const cfg = (off: number, size: 1 | 2 | 4): number => { assert.ok(d.bus.read(d.addr(R.CONFIG + off), size, out)); return out[0]; };
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((i) => cfg(i, 1)), [1, 2, 3, 4, 5, 6]);
    assert.equal(cfg(0, 4), 0x04030201);
    assert.equal(cfg(4, 2), 0x0605);
    assert.equal(cfg(4, 4), 0xffffffff);
    assert.equal(cfg(6, 1), 0xff);
  });

  it('raises a used-buffer interrupt, lowers it on InterruptACK, and honours VIRTQ_AVAIL_F_NO_INTERRUPT', () => {
    const out: Uint8Array[] = [];
    const d = consoleDriver(out);
    const [, tx] = d.start(2);
    const buf = d.alloc(4);
    d.put(buf, Uint8Array.of(0x68, 0x69));
    tx.add([{ addr: buf, len: 2 }]);
    tx.kick();
    assert.deepEqual(tx.takeUsed(), [[0, 0]]);
    assert.equal(d.r(R.INTERRUPT_STATUS), VIRTIO_INT.VRING);
    assert.deepEqual(d.irqs, [true]);
    d.w(R.INTERRUPT_ACK, VIRTIO_INT.VRING);
    assert.equal(d.r(R.INTERRUPT_STATUS), 0);
    assert.deepEqual(d.irqs, [true, false]);
    tx.setNoInterrupt(true);
    tx.add([{ addr: buf, len: 1 }]);
    tx.kick();
    assert.equal(tx.takeUsed().length, 1);
    assert.equal(d.r(R.INTERRUPT_STATUS), 0);
    assert.deepEqual(out.map((b) => [...b]), [[0x68, 0x69], [0x68]]);
  });

  it('ignores notifications before DRIVER_OK (3.1.1) and processes them after', () => {
    const out: Uint8Array[] = [];
    const d = consoleDriver(out);
    d.negotiate();
    d.setupQueue(0, 8);
    const tx = d.setupQueue(1, 8);
    const buf = d.alloc(1);
    d.put(buf, Uint8Array.of(0x41));
    tx.add([{ addr: buf, len: 1 }]);
    tx.kick();
    assert.equal(out.length, 0);
    d.driverOk();
    assert.deepEqual(out.map((b) => [...b]), [[0x41]]);
  });

  it('follows indirect descriptor tables (2.6.5.3)', () => {
    const out: Uint8Array[] = [];
    const d = consoleDriver(out);
    const [, tx] = d.start(2);
    const a = d.alloc(2);
    const b = d.alloc(3);
    d.put(a, Uint8Array.of(1, 2));
    d.put(b, Uint8Array.of(3, 4, 5));
    const table = d.alloc(32, 16);
    d.writeDesc(table, 0, a, 2, VIRTQ_DESC_F.NEXT, 1);
    d.writeDesc(table, 1, b, 3, 0, 0);
    d.writeDesc(tx.desc, 0, table, 32, VIRTQ_DESC_F.INDIRECT, 0);
    tx.offer(0);
    tx.kick();
    assert.deepEqual(out.flatMap((x) => [...x]), [1, 2, 3, 4, 5]);
    assert.equal(d.needsReset(), false);
  });

  describe('a driver that points the device at garbage', () => {
    const broken = (setup: (d: TestDriver) => void, reason: RegExp): void => {
      const out: Uint8Array[] = [];
      const d = consoleDriver(out);
      setup(d);
      assert.ok(d.needsReset(), 'DEVICE_NEEDS_RESET not set');
      assert.match(d.transport.lastError ?? '', reason);
      assert.equal(d.r(R.INTERRUPT_STATUS) & VIRTIO_INT.CONFIG, VIRTIO_INT.CONFIG);
      assert.equal(d.irqs[d.irqs.length - 1], true);
      // Recovery: a reset clears the error; the device works again.
      d.w(R.STATUS, 0);
      assert.equal(d.r(R.STATUS), 0);
      const [, tx] = d.start(2, 8);
      const buf = d.alloc(1);
      d.put(buf, Uint8Array.of(0x5a));
      tx.add([{ addr: buf, len: 1 }]);
      tx.kick();
      assert.deepEqual([...out[out.length - 1]], [0x5a]);
    };

    it('rings outside RAM: NEEDS_RESET when QueueReady is set', () => broken((d) => {
      d.negotiate();
      d.w(R.QUEUE_SEL, 0);
      d.w(R.QUEUE_NUM, 8);
      d.w(R.QUEUE_DESC_LOW, 0x1000); // below RAM
      d.w(R.QUEUE_DRIVER_LOW, RAM_BASE + 0x100);
      d.w(R.QUEUE_DEVICE_LOW, RAM_BASE + 0x200);
      d.w(R.QUEUE_READY, 1);
      assert.equal(d.r(R.QUEUE_READY), 0);
    }, /descriptor table \[0x1000, \+0x80\) is not in RAM/));

    it('a ring high address past 4 GiB', () => broken((d) => {
      d.negotiate();
      d.w(R.QUEUE_NUM, 8);
      d.w(R.QUEUE_DESC_LOW, RAM_BASE); d.w(R.QUEUE_DESC_HIGH, 0xffffffff);
      d.w(R.QUEUE_DRIVER_LOW, RAM_BASE + 0x100);
      d.w(R.QUEUE_DEVICE_LOW, RAM_BASE + 0x200);
      d.w(R.QUEUE_READY, 1);
    }, /not in RAM/));

    it('a queue size that is not a power of 2', () => broken((d) => {
      d.negotiate();
      d.w(R.QUEUE_NUM, 6);
      d.w(R.QUEUE_DESC_LOW, RAM_BASE); d.w(R.QUEUE_DRIVER_LOW, RAM_BASE + 0x100); d.w(R.QUEUE_DEVICE_LOW, RAM_BASE + 0x200);
      d.w(R.QUEUE_READY, 1);
    }, /queue size 6/));

    it('a misaligned used ring', () => broken((d) => {
      d.negotiate();
      d.w(R.QUEUE_NUM, 8);
      d.w(R.QUEUE_DESC_LOW, RAM_BASE); d.w(R.QUEUE_DRIVER_LOW, RAM_BASE + 0x100); d.w(R.QUEUE_DEVICE_LOW, RAM_BASE + 0x202);
      d.w(R.QUEUE_READY, 1);
    }, /device area .* not 4-byte aligned/));

    it('a buffer outside RAM', () => broken((d) => {
      const [, tx] = d.start(2, 8);
      tx.add([{ addr: 0x0a000000, len: 16 }]); // the virtio window itself
      tx.kick();
    }, /buffer of descriptor 0 \[0xa000000, \+0x10\) is not in RAM/));

    it('a buffer straddling the end of RAM', () => broken((d) => {
      const [, tx] = d.start(2, 8);
      tx.add([{ addr: RAM_BASE + RAM_SIZE - 4, len: 16 }]);
      tx.kick();
    }, /not in RAM/));

    it('a descriptor index out of range', () => broken((d) => {
      const [, tx] = d.start(2, 8);
      tx.offer(9);
      tx.kick();
    }, /descriptor index 9 is outside the table of 8/));

    it('a descriptor loop', () => broken((d) => {
      const [, tx] = d.start(2, 8);
      const buf = d.alloc(4);
      d.writeDesc(tx.desc, 0, buf, 1, VIRTQ_DESC_F.NEXT, 1);
      d.writeDesc(tx.desc, 1, buf, 1, VIRTQ_DESC_F.NEXT, 0);
      tx.offer(0);
      tx.kick();
    }, /longer than its table \(a loop\)/));

    it('avail.idx moved by more than the queue size', () => broken((d) => {
      const [, tx] = d.start(2, 8);
      d.bus.view.setUint16(tx.avail - RAM_BASE + 2, 100, true);
      tx.kick();
    }, /avail.idx moved from 0 to 100/));

    it('a readable descriptor after a writable one', () => broken((d) => {
      const [rx] = d.start(2, 8);
      const buf = d.alloc(8);
      rx.add([{ addr: buf, len: 4, write: true }, { addr: buf + 4, len: 4 }]);
      (d.transport.device as VirtioConsole).receive([1]); // the receive chain is walked once there is input
    }, /device-readable descriptor 1 after a device-writable one/));

    it('a nested indirect table', () => broken((d) => {
      const [, tx] = d.start(2, 8);
      const table = d.alloc(16, 16);
      d.writeDesc(table, 0, table, 16, VIRTQ_DESC_F.INDIRECT, 0);
      d.writeDesc(tx.desc, 0, table, 16, VIRTQ_DESC_F.INDIRECT, 0);
      tx.offer(0);
      tx.kick();
    }, /nested or chained/));

    it('an indirect table of a length that is not whole descriptors', () => broken((d) => {
      const [, tx] = d.start(2, 8);
      d.writeDesc(tx.desc, 0, d.alloc(24, 16), 24, VIRTQ_DESC_F.INDIRECT, 0);
      tx.offer(0);
      tx.kick();
    }, /indirect table length 24/));

    it('leaves a device that needs a reset alone until it is reset (no further queue work)', () => {
      const out: Uint8Array[] = [];
      const d = consoleDriver(out);
      const [, tx] = d.start(2, 8);
      tx.offer(9);
      tx.kick();
      assert.ok(d.needsReset());
      const buf = d.alloc(1);
      tx.add([{ addr: buf, len: 1 }]);
      tx.kick();
      assert.equal(out.length, 0);
      // The driver cannot clear NEEDS_RESET by writing Status, only by a reset.
      d.w(R.STATUS, S.ACKNOWLEDGE | S.DRIVER | S.FEATURES_OK | S.DRIVER_OK);
      assert.ok(d.needsReset());
    });

    it('never throws on random ring contents, for each device (fuzz, fixed seed)', () => {
      let seed = 12345;
      const rand = (): number => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>>= 0); }; // xorshift32
      for (let round = 0; round < 200; round++) {
        // Net (loopback between its two queues), console, and block with its one queue.
        const kind = round % 3;
        const d = new TestDriver(kind === 0 ? new VirtioNet() : kind === 1 ? new VirtioConsole() : new VirtioBlk(memoryBackend(new Uint8Array(8192))));
        const qs = d.start(kind === 2 ? 1 : 2, 8);
        const [rx, tx] = [qs[0], qs[qs.length - 1]];
        if (kind === 1) (d.transport.device as VirtioConsole).receive([1, 2, 3]);
        // Mostly plausible rings (so the walk gets deep), with every field sometimes wild.
        const v = d.bus.view;
        for (const q of qs) {
          for (let i = 0; i < 8; i++) {
            const o = q.desc - RAM_BASE + 16 * i;
            const addr = rand() % 4 ? RAM_BASE + (rand() % RAM_SIZE) : rand() * 2 ** 20 + rand();
            v.setUint32(o, addr % 2 ** 32, true);
            v.setUint32(o + 4, Math.floor(addr / 2 ** 32) % 2 ** 32, true);
            v.setUint32(o + 8, rand() % 4 ? rand() % 2048 : rand(), true);
            v.setUint16(o + 12, rand() % 8 ? rand() & 3 : rand() & 7, true);
            v.setUint16(o + 14, rand() % 4 ? rand() % 8 : rand() & 0xffff, true);
          }
          v.setUint16(q.avail - RAM_BASE + 2, rand() % 8 ? 1 + (rand() % 8) : rand() & 0xffff, true);
          for (let i = 0; i < 8; i++) v.setUint16(q.avail - RAM_BASE + 4 + 2 * i, rand() % 8 ? rand() % 8 : rand() & 0xffff, true);
        }
        tx.kick();
        rx.kick();
        tx.kick();
        // Either it worked (the loopback delivered something) or the device asked for a reset.
        assert.ok(d.needsReset() || d.r(R.STATUS) & S.DRIVER_OK);
      }
    });
  });
});
