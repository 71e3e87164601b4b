// The virtio console, network and block devices (virtio 1.1 5.3, 5.1, 5.2) behind the
// virtio-mmio transport, driven through hand-built virtqueues in RAM.

import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileBackend } from '../../emulator/devices/block-file';
import { VIRTIO_MMIO_REG as R } from '../../emulator/devices/virtio-mmio';
import { SECTOR_SIZE, VIRTIO_BLK_F, VIRTIO_BLK_S, VIRTIO_BLK_T, VirtioBlk, memoryBackend, type BlockBackend } from '../../emulator/devices/virtio-blk';
import { VirtioConsole } from '../../emulator/devices/virtio-console';
import { VIRTIO_NET_HDR_SIZE, VirtioNet } from '../../emulator/devices/virtio-net';
import { RAM_BASE, RAM_SIZE, TestDriver, type TestQueue } from './virtio-helpers';

describe('virtio-console', () => {
  it('is device 3 with a receive and a transmit queue; transmit buffers go to the output', () => {
    const out: number[] = [];
    const d = new TestDriver(new VirtioConsole({ output: (b) => out.push(...b) }));
    assert.equal(d.r(R.DEVICE_ID), 3);
    const [, tx] = d.start(2);
    const a = d.alloc(5);
    const b = d.alloc(3);
    d.put(a, new TextEncoder().encode('hello'));
    d.put(b, new TextEncoder().encode(' yo'));
    tx.add([{ addr: a, len: 5 }, { addr: b, len: 3 }]);
    tx.add([{ addr: a, len: 1 }]);
    tx.kick();
    assert.equal(new TextDecoder().decode(Uint8Array.from(out)), 'hello yoh');
    assert.deepEqual(tx.takeUsed(), [[0, 0], [2, 0]]);
  });

  it('delivers host input into receive buffers as the driver provides them', () => {
    const con = new VirtioConsole();
    const d = new TestDriver(con);
    const [rx] = d.start(2);
    con.receive(new TextEncoder().encode('abcdef'));
    assert.equal(con.pendingInput, 6); // no receive buffer yet
    const b1 = d.alloc(4);
    rx.add([{ addr: b1, len: 4, write: true }]);
    rx.kick();
    assert.deepEqual(rx.takeUsed(), [[0, 4]]);
    assert.equal(new TextDecoder().decode(d.bytes(b1, 4)), 'abcd');
    const b2 = d.alloc(16);
    rx.add([{ addr: b2, len: 16, write: true }]);
    rx.kick();
    assert.deepEqual(rx.takeUsed(), [[1, 2]]);
    assert.equal(new TextDecoder().decode(d.bytes(b2, 2)), 'ef');
    assert.equal(con.pendingInput, 0);
    assert.equal(d.r(R.INTERRUPT_STATUS) & 1, 1);
  });

  it('writes emerg_wr to the output without a queue (VIRTIO_CONSOLE_F_EMERG_WRITE)', () => {
    const out: number[] = [];
    const d = new TestDriver(new VirtioConsole({ output: (b) => out.push(...b) }));
    d.w(R.CONFIG + 8, 0x21);
    assert.deepEqual(out, [0x21]);
  });
});

describe('virtio-net loopback', () => {
  const hdr = (): Uint8Array => new Uint8Array(VIRTIO_NET_HDR_SIZE);
  const setup = (net = new VirtioNet()): { d: TestDriver; rx: TestQueue; tx: TestQueue; net: VirtioNet } => {
    const d = new TestDriver(net);
    const [rx, tx] = d.start(2);
    return { d, rx, tx, net };
  };
  const send = (d: TestDriver, tx: TestQueue, packet: Uint8Array): void => {
    const h = d.alloc(VIRTIO_NET_HDR_SIZE);
    const p = d.alloc(packet.length);
    d.put(h, hdr());
    d.put(p, packet);
    tx.add([{ addr: h, len: VIRTIO_NET_HDR_SIZE }, { addr: p, len: packet.length }]);
    tx.kick();
  };

  it('is device 1 with VIRTIO_NET_F_MAC and the MAC in its configuration space', () => {
    const { d } = setup(new VirtioNet({ mac: [0x52, 0x54, 0, 0xab, 0xcd, 0xef] }));
    assert.equal(d.r(R.DEVICE_ID), 1);
    d.w(R.DEVICE_FEATURES_SEL, 0);
    assert.equal(d.r(R.DEVICE_FEATURES) & (1 << 5), 1 << 5);
    assert.equal(d.r(R.CONFIG), 0xab005452);
  });

  it('delivers each transmitted packet back on the receive queue after a virtio_net_hdr', () => {
    const seen: number[][] = [];
    const { d, rx, tx, net } = setup(new VirtioNet({ onTransmit: (p) => seen.push([...p]) }));
    const rbuf = d.alloc(1526);
    rx.add([{ addr: rbuf, len: 1526, write: true }]);
    rx.kick();
    const packet = Uint8Array.from({ length: 60 }, (_, i) => i * 3);
    send(d, tx, packet);
    assert.deepEqual(seen, [[...packet]]);
    assert.equal(tx.takeUsed().length, 1);
    assert.deepEqual(rx.takeUsed(), [[0, VIRTIO_NET_HDR_SIZE + 60]]);
    const got = d.bytes(rbuf, VIRTIO_NET_HDR_SIZE + 60);
    assert.deepEqual([...got.subarray(0, VIRTIO_NET_HDR_SIZE)], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]); // num_buffers = 1
    assert.deepEqual([...got.subarray(VIRTIO_NET_HDR_SIZE)], [...packet]);
    assert.deepEqual(net.stats, { txPackets: 1, rxPackets: 1, rxDropped: 0, txDropped: 0 });
  });

  it('holds packets until receive buffers arrive; drops (and counts) one too big, keeping the buffer', () => {
    const { d, rx, tx, net } = setup();
    send(d, tx, Uint8Array.of(1, 2, 3));
    send(d, tx, new Uint8Array(100).fill(7));
    send(d, tx, Uint8Array.of(9));
    assert.equal(rx.takeUsed().length, 0);
    const small = d.alloc(64);
    rx.add([{ addr: small, len: 64, write: true }]);
    rx.kick();
    assert.deepEqual(rx.takeUsed(), [[0, 15]]);
    const next = d.alloc(64);
    rx.add([{ addr: next, len: 64, write: true }]);
    rx.kick();
    // The 100-byte packet does not fit 64 bytes: dropped; the buffer takes the next packet.
    assert.deepEqual(rx.takeUsed(), [[1, 13]]);
    assert.equal(d.bytes(next + VIRTIO_NET_HDR_SIZE, 1)[0], 9);
    assert.deepEqual(net.stats, { txPackets: 3, rxPackets: 2, rxDropped: 1, txDropped: 0 });
  });

  it('returns a transmit chain larger than VIRTIO_NET_MAX_FRAME unsent (a chain naming all of RAM 16 times)', () => {
    const { d, rx, tx, net } = setup();
    const rbuf = d.alloc(2048);
    rx.add([{ addr: rbuf, len: 2048, write: true }]);
    rx.kick();
    tx.add(Array.from({ length: 16 }, () => ({ addr: RAM_BASE, len: RAM_SIZE })));
    tx.kick();
    assert.equal(tx.takeUsed().length, 1);
    assert.equal(rx.takeUsed().length, 0);
    assert.deepEqual(net.stats, { txPackets: 0, rxPackets: 0, rxDropped: 0, txDropped: 1 });
    assert.ok(!d.needsReset());
  });

  it('a transmit buffer shorter than the header is a driver error (DEVICE_NEEDS_RESET)', () => {
    const { d, tx } = setup();
    const b = d.alloc(4);
    tx.add([{ addr: b, len: 4 }]);
    tx.kick();
    assert.ok(d.needsReset());
    assert.match(d.transport.lastError ?? '', /no virtio_net_hdr/);
  });
});

describe('virtio-blk', () => {
  const SECTORS = 64;
  const setup = (backend: BlockBackend): { d: TestDriver; q: TestQueue; blk: VirtioBlk } => {
    const blk = new VirtioBlk(backend, { serial: 'disk-0' });
    const d = new TestDriver(blk);
    const [q] = d.start(1);
    return { d, q, blk };
  };
  /** Issues one request: header, optional data, status; returns [status, used len, data address]. */
  const request = (d: TestDriver, q: TestQueue, type: number, sector: number, data: { out?: Uint8Array; inLen?: number }): [number, number, number] => {
    const h = d.alloc(16);
    const hv = new DataView(new ArrayBuffer(16));
    hv.setUint32(0, type, true);
    hv.setUint32(8, sector % 2 ** 32, true);
    hv.setUint32(12, Math.floor(sector / 2 ** 32), true);
    d.put(h, new Uint8Array(hv.buffer));
    const bufs: Array<{ addr: number; len: number; write?: boolean }> = [{ addr: h, len: 16 }];
    let dataAddr = 0;
    if (data.out) { dataAddr = d.alloc(data.out.length); d.put(dataAddr, data.out); bufs.push({ addr: dataAddr, len: data.out.length }); }
    if (data.inLen) { dataAddr = d.alloc(data.inLen); bufs.push({ addr: dataAddr, len: data.inLen, write: true }); }
    const st = d.alloc(1);
    d.put(st, Uint8Array.of(0xee));
    bufs.push({ addr: st, len: 1, write: true });
    q.add(bufs);
    q.kick();
    const used = q.takeUsed();
    assert.equal(used.length, 1);
    return [d.bytes(st, 1)[0], used[0][1], dataAddr];
  };

  it('is device 2 with capacity, seg_max and blk_size in its configuration, FLUSH and BLK_SIZE offered', () => {
    const { d } = setup(memoryBackend(new Uint8Array(SECTORS * SECTOR_SIZE + 100)));
    assert.equal(d.r(R.DEVICE_ID), 2);
    assert.equal(d.r(R.CONFIG), SECTORS); // whole sectors only
    assert.equal(d.r(R.CONFIG + 4), 0);
    assert.equal(d.r(R.CONFIG + 12), 254);
    assert.equal(d.r(R.CONFIG + 20), 512);
    d.w(R.DEVICE_FEATURES_SEL, 0);
    const f = d.r(R.DEVICE_FEATURES);
    assert.equal(f & (1 << VIRTIO_BLK_F.FLUSH), 1 << VIRTIO_BLK_F.FLUSH);
    assert.equal(f & (1 << VIRTIO_BLK_F.BLK_SIZE), 1 << VIRTIO_BLK_F.BLK_SIZE);
    assert.equal(f & (1 << VIRTIO_BLK_F.RO), 0);
  });

  it('writes then reads sectors, flushes, and answers GET_ID', () => {
    const disk = new Uint8Array(SECTORS * SECTOR_SIZE);
    const { d, q, blk } = setup(memoryBackend(disk));
    const data = Uint8Array.from({ length: 2 * SECTOR_SIZE }, (_, i) => (i * 7) & 0xff);
    assert.deepEqual(request(d, q, VIRTIO_BLK_T.OUT, 5, { out: data }).slice(0, 2), [VIRTIO_BLK_S.OK, 1]);
    assert.deepEqual([...disk.subarray(5 * SECTOR_SIZE, 7 * SECTOR_SIZE)], [...data]);
    const [st, len, at] = request(d, q, VIRTIO_BLK_T.IN, 5, { inLen: 2 * SECTOR_SIZE });
    assert.deepEqual([st, len], [VIRTIO_BLK_S.OK, 2 * SECTOR_SIZE + 1]);
    assert.deepEqual([...d.bytes(at, 2 * SECTOR_SIZE)], [...data]);
    assert.equal(request(d, q, VIRTIO_BLK_T.FLUSH, 0, {})[0], VIRTIO_BLK_S.OK);
    const [ids, idl, ida] = request(d, q, VIRTIO_BLK_T.GET_ID, 0, { inLen: 20 });
    assert.deepEqual([ids, idl], [VIRTIO_BLK_S.OK, 21]);
    assert.equal(new TextDecoder().decode(d.bytes(ida, 6)), 'disk-0');
    assert.deepEqual(blk.stats, { reads: 1, writes: 1, flushes: 1, errors: 0 });
  });

  it('completes out-of-range, partial-sector and read-only transfers with IOERR, unknown types with UNSUPP', () => {
    const { d, q, blk } = setup(memoryBackend(new Uint8Array(SECTORS * SECTOR_SIZE)));
    assert.equal(request(d, q, VIRTIO_BLK_T.IN, SECTORS - 1, { inLen: 2 * SECTOR_SIZE })[0], VIRTIO_BLK_S.IOERR);
    assert.equal(request(d, q, VIRTIO_BLK_T.IN, 2 ** 40, { inLen: SECTOR_SIZE })[0], VIRTIO_BLK_S.IOERR);
    assert.equal(request(d, q, VIRTIO_BLK_T.OUT, 0, { out: new Uint8Array(100) })[0], VIRTIO_BLK_S.IOERR);
    assert.equal(request(d, q, 0x1234, 0, {})[0], VIRTIO_BLK_S.UNSUPP);
    assert.equal(blk.stats.errors, 3);
    const ro = setup(memoryBackend(new Uint8Array(SECTORS * SECTOR_SIZE), true));
    ro.d.w(R.DEVICE_FEATURES_SEL, 0);
    assert.equal(ro.d.r(R.DEVICE_FEATURES) & (1 << VIRTIO_BLK_F.RO), 1 << VIRTIO_BLK_F.RO);
    assert.equal(request(ro.d, ro.q, VIRTIO_BLK_T.OUT, 0, { out: new Uint8Array(SECTOR_SIZE) })[0], VIRTIO_BLK_S.IOERR);
    assert.match(ro.blk.lastError ?? '', /read-only/);
  });

  it('reports a backend failure as IOERR', () => {
    const failing: BlockBackend = { size: 4096, readOnly: false, read: () => { throw new Error('EIO'); }, write: () => undefined, flush: () => { throw new Error('EIO'); } };
    const { d, q, blk } = setup(failing);
    assert.equal(request(d, q, VIRTIO_BLK_T.IN, 0, { inLen: SECTOR_SIZE })[0], VIRTIO_BLK_S.IOERR);
    assert.equal(request(d, q, VIRTIO_BLK_T.FLUSH, 0, {})[0], VIRTIO_BLK_S.IOERR);
    assert.equal(blk.lastError, 'EIO');
  });

  it('a request without a status byte is a driver error (DEVICE_NEEDS_RESET)', () => {
    const { d, q } = setup(memoryBackend(new Uint8Array(4096)));
    const h = d.alloc(16);
    q.add([{ addr: h, len: 16 }]);
    q.kick();
    assert.ok(d.needsReset());
    assert.match(d.transport.lastError ?? '', /header or status byte/);
  });

  it('works on a file: writes reach the file, reads come from it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'armvirt-blk-')), 'disk.img');
    const init = Uint8Array.from({ length: 8 * SECTOR_SIZE }, (_, i) => i & 0xff);
    writeFileSync(path, init);
    const backend = fileBackend(path);
    try {
      const { d, q } = setup(backend);
      const [st, , at] = request(d, q, VIRTIO_BLK_T.IN, 1, { inLen: SECTOR_SIZE });
      assert.equal(st, VIRTIO_BLK_S.OK);
      assert.deepEqual([...d.bytes(at, SECTOR_SIZE)], [...init.subarray(SECTOR_SIZE, 2 * SECTOR_SIZE)]);
      assert.equal(request(d, q, VIRTIO_BLK_T.OUT, 7, { out: new Uint8Array(SECTOR_SIZE).fill(0xaa) })[0], VIRTIO_BLK_S.OK);
      assert.equal(request(d, q, VIRTIO_BLK_T.FLUSH, 0, {})[0], VIRTIO_BLK_S.OK);
      assert.ok(readFileSync(path).subarray(7 * SECTOR_SIZE).every((b) => b === 0xaa));
    } finally {
      backend.close();
    }
  });
});
