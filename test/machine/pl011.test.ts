// The PL011 register model (PL011 TRM section 3), with the values qemu-system-aarch64 7.2 -M virt
// returns: reset FR/CR/IFLS, the PrimeCell/Periph ID registers, TX/RX interrupts, the RX FIFO.

import { strict as assert } from 'node:assert';
import { FR, INT, PL011, PL011_ID, Pl011 } from '../../emulator/devices/pl011';

function uart(): { u: Pl011; out: number[]; irq: boolean[] } {
  const out: number[] = [];
  const irq: boolean[] = [];
  const u = new Pl011({ output: (b) => out.push(b), onIrq: (l) => irq.push(l) });
  return { u, out, irq };
}
const rd = (u: Pl011, off: number): number => u.read(off, 4) as number;

describe('PL011', () => {
  it('resets as QEMU virt: FR=TXFE|RXFE, CR=TXE|RXE, IFLS=0x12, the rest zero', () => {
    const { u } = uart();
    assert.equal(rd(u, PL011.FR), 0x90);
    assert.equal(rd(u, PL011.CR), 0x300);
    assert.equal(rd(u, PL011.IFLS), 0x12);
    for (const r of [PL011.RSR, PL011.ILPR, PL011.IBRD, PL011.FBRD, PL011.LCR_H, PL011.IMSC, PL011.RIS, PL011.MIS, PL011.DMACR]) {
      assert.equal(rd(u, r), 0, `offset 0x${r.toString(16)}`);
    }
  });

  it('returns the PeriphID/PCellID bytes of the ARM PL011 r1 (0x11 0x10 0x14 0x00, 0x0d 0xf0 0x05 0xb1)', () => {
    const { u } = uart();
    const ids = [];
    for (let o = 0xfe0; o < 0x1000; o += 4) ids.push(rd(u, o));
    assert.deepEqual(ids, [...PL011_ID]);
    assert.deepEqual(ids, [0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1]);
  });

  it('transmits a UARTDR write (word or byte access) and raises RIS.TX; MIS and the line follow IMSC', () => {
    const { u, out, irq } = uart();
    assert.equal(u.write(PL011.DR, 4, 0x168, 0), true); // only the low 8 bits are data
    assert.equal(u.write(PL011.DR, 1, 0x69, 0), true);
    assert.deepEqual(out, [0x68, 0x69]);
    assert.equal(rd(u, PL011.RIS), INT.TX);
    assert.equal(rd(u, PL011.MIS), 0);
    assert.equal(u.irq, false);
    u.write(PL011.IMSC, 4, INT.TX, 0);
    assert.equal(rd(u, PL011.MIS), INT.TX);
    assert.equal(u.irq, true);
    u.write(PL011.ICR, 4, INT.TX, 0);
    assert.equal(rd(u, PL011.RIS), 0);
    assert.equal(u.irq, false);
    assert.deepEqual(irq, [true, false]);
  });

  it('receives through a one-character holding register with the FIFOs disabled', () => {
    const { u } = uart();
    u.write(PL011.IMSC, 4, INT.RX, 0);
    u.receive([0x61, 0x62]);
    assert.equal(rd(u, PL011.FR) & (FR.RXFE | FR.RXFF), FR.RXFF);
    assert.equal(u.irq, true);
    assert.equal(rd(u, PL011.DR), 0x61);
    // The next pending byte moves in as soon as there is room.
    assert.equal(rd(u, PL011.FR) & FR.RXFE, 0);
    assert.equal(rd(u, PL011.DR), 0x62);
    assert.equal(rd(u, PL011.FR) & FR.RXFE, FR.RXFE);
    assert.equal(rd(u, PL011.RIS) & INT.RX, 0);
    assert.equal(u.irq, false);
  });

  it('fills a 16-entry FIFO when LCR_H.FEN is set; RXFF only when it is full', () => {
    const { u } = uart();
    u.write(PL011.LCR_H, 4, 0x70, 0); // FEN | WLEN=8 bits
    assert.equal(rd(u, PL011.LCR_H), 0x70);
    u.receive(Array.from({ length: 20 }, (_, i) => 0x41 + i));
    assert.equal(rd(u, PL011.FR) & FR.RXFF, FR.RXFF);
    const got = [];
    for (let i = 0; i < 20; i++) got.push(rd(u, PL011.DR));
    assert.deepEqual(got, Array.from({ length: 20 }, (_, i) => 0x41 + i));
    assert.equal(rd(u, PL011.FR), 0x90);
  });

  it('keeps the baud divisors, line control and control registers to their widths', () => {
    const { u } = uart();
    u.write(PL011.IBRD, 4, 0x12345, 0);
    u.write(PL011.FBRD, 4, 0xff, 0);
    u.write(PL011.CR, 4, 0x301, 0);
    assert.equal(rd(u, PL011.IBRD), 0x2345);
    assert.equal(rd(u, PL011.FBRD), 0x3f);
    assert.equal(rd(u, PL011.CR), 0x301);
  });

  it('ignores writes to read-only registers and reads reserved offsets as zero', () => {
    const { u } = uart();
    u.write(PL011.FR, 4, 0, 0);
    u.write(PL011.RIS, 4, 0xffff, 0);
    u.write(0xfe0, 4, 0, 0);
    assert.equal(rd(u, PL011.FR), 0x90);
    assert.equal(rd(u, PL011.RIS), 0);
    assert.equal(rd(u, 0xfe0), 0x11);
    assert.equal(rd(u, 0x100), 0);
  });

  it('rejects unaligned accesses (a bus error) and splits 8-byte accesses into two registers', () => {
    const { u } = uart();
    assert.equal(u.read(PL011.FR + 2, 4), null);
    assert.equal(u.write(PL011.DR + 1, 2, 0, 0), false);
    assert.deepEqual(u.read(PL011.FR, 8), [0x90, 0]); // FR, then the reserved word at 0x1c
    assert.deepEqual(u.read(0xfe0, 8), [0x11, 0x10]);
    assert.equal(u.read(PL011.FR, 1), 0x90);
  });
});
