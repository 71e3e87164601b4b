// ARM PrimeCell UART (PL011), the register model QEMU's hw/char/pl011.c presents on the virt
// board (PL011 TRM, ARM DDI 0183G, section 3 "Programmers model"). Transmission is
// instantaneous: a write to UARTDR goes straight to the output callback, so TXFF and BUSY never
// read as set. Receive goes through a 16-entry FIFO (1 entry with FIFOs disabled) fed from a
// host-side input queue. The combined interrupt (UARTINTR) is a boolean output for the GIC.
// Values checked against qemu-system-aarch64 7.2 (-M virt): FR=0x90, CR=0x300, IFLS=0x12 at
// reset, the ID registers below, RIS.TX set once a character has been written.

import type { MmioDevice } from '../memory/bus';

/** Register offsets (PL011 TRM table 3-1). */
export const PL011 = {
  DR: 0x000, RSR: 0x004, FR: 0x018, ILPR: 0x020, IBRD: 0x024, FBRD: 0x028, LCR_H: 0x02c, CR: 0x030,
  IFLS: 0x034, IMSC: 0x038, RIS: 0x03c, MIS: 0x040, ICR: 0x044, DMACR: 0x048, PERIPH_ID0: 0xfe0,
} as const;

/** UARTFR bits. */
export const FR = { CTS: 0x01, DSR: 0x02, DCD: 0x04, BUSY: 0x08, RXFE: 0x10, TXFF: 0x20, RXFF: 0x40, TXFE: 0x80 } as const;
/** Interrupt bits of IMSC/RIS/MIS/ICR. */
export const INT = { RX: 0x10, TX: 0x20, RT: 0x40, FE: 0x80, PE: 0x100, BE: 0x200, OE: 0x400 } as const;

/** UARTPeriphID0-3 and UARTPCellID0-3 as QEMU's ARM variant returns them (part 0x011, rev 1). */
export const PL011_ID: readonly number[] = [0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

const FIFO_DEPTH = 16;
const LCR_FEN = 0x10;

export interface Pl011Options {
  /** Receives each transmitted byte. */
  output?: (byte: number) => void;
  /** Called when the combined interrupt line changes level. */
  onIrq?: (level: boolean) => void;
}

export class Pl011 implements MmioDevice {
  readonly name = 'pl011';
  private output: (byte: number) => void;
  private onIrq: (level: boolean) => void;
  private readonly fifo = new Uint16Array(FIFO_DEPTH);
  private readPos = 0;
  private readCount = 0;
  /** Bytes from the host not yet accepted into the receive FIFO. */
  private readonly pending: number[] = [];
  flags = 0;
  lcr = 0;
  rsr = 0;
  cr = 0;
  dmacr = 0;
  intEnabled = 0;
  intLevel = 0;
  ilpr = 0;
  ibrd = 0;
  fbrd = 0;
  ifl = 0;
  /** Level of UARTINTR (RIS & IMSC non-zero). */
  irq = false;

  constructor(opts: Pl011Options = {}) {
    this.output = opts.output ?? (() => undefined);
    this.onIrq = opts.onIrq ?? (() => undefined);
    this.reset();
  }

  setOutput(f: (byte: number) => void): void { this.output = f; }
  setIrqHandler(f: (level: boolean) => void): void { this.onIrq = f; }

  reset(): void {
    this.readPos = this.readCount = 0;
    this.pending.length = 0;
    this.flags = FR.TXFE | FR.RXFE;
    this.lcr = this.rsr = this.dmacr = this.intEnabled = this.intLevel = this.ilpr = this.ibrd = this.fbrd = 0;
    this.cr = 0x300; // TXE | RXE
    this.ifl = 0x12; // half-full trigger levels
    this.irq = false;
  }

  /** Queues host input (stdin); bytes enter the receive FIFO as it has room. */
  receive(bytes: Iterable<number>): void {
    for (const b of bytes) this.pending.push(b & 0xff);
    this.fill();
  }

  private depth(): number { return this.lcr & LCR_FEN ? FIFO_DEPTH : 1; }

  private fill(): void {
    while (this.pending.length && this.readCount < this.depth()) {
      this.fifo[(this.readPos + this.readCount) % FIFO_DEPTH] = this.pending.shift()!;
      this.readCount++;
      this.flags &= ~FR.RXFE;
      if (this.readCount === this.depth()) this.flags |= FR.RXFF;
      // QEMU keeps the receive trigger at one character whatever IFLS says.
      if (this.readCount === 1) { this.intLevel |= INT.RX; this.update(); }
    }
  }

  private update(): void {
    const level = (this.intLevel & this.intEnabled) !== 0;
    if (level !== this.irq) { this.irq = level; this.onIrq(level); }
  }

  read(offset: number, size: 1 | 2 | 4 | 8): number | [number, number] | null {
    if ((offset & (size - 1)) !== 0) return null; // QEMU: unaligned access is a decode error
    if (size === 8) return [this.readReg(offset), this.readReg(offset + 4)];
    const v = this.readReg(offset);
    return size === 4 ? v : v & (size === 1 ? 0xff : 0xffff);
  }

  write(offset: number, size: 1 | 2 | 4 | 8, lo: number, hi: number): boolean {
    if ((offset & (size - 1)) !== 0) return false;
    if (size === 8) { this.writeReg(offset, lo); this.writeReg(offset + 4, hi); return true; }
    this.writeReg(offset, size === 4 ? lo : lo & (size === 1 ? 0xff : 0xffff));
    return true;
  }

  /** A register read; the register is selected by offset bits [11:2] as in QEMU. */
  readReg(offset: number): number {
    const o = offset & 0xffc;
    if (o >= PL011.PERIPH_ID0) return PL011_ID[(o - PL011.PERIPH_ID0) >> 2];
    switch (o) {
      case PL011.DR: return this.readData();
      case PL011.RSR: return this.rsr;
      case PL011.FR: return this.flags;
      case PL011.ILPR: return this.ilpr;
      case PL011.IBRD: return this.ibrd;
      case PL011.FBRD: return this.fbrd;
      case PL011.LCR_H: return this.lcr;
      case PL011.CR: return this.cr;
      case PL011.IFLS: return this.ifl;
      case PL011.IMSC: return this.intEnabled;
      case PL011.RIS: return this.intLevel;
      case PL011.MIS: return this.intLevel & this.intEnabled;
      case PL011.DMACR: return this.dmacr;
      default: return 0; // reserved/test registers read as zero (QEMU logs a guest error)
    }
  }

  private readData(): number {
    this.flags &= ~FR.RXFF;
    const c = this.fifo[this.readPos];
    if (this.readCount > 0) {
      this.readCount--;
      this.readPos = (this.readPos + 1) % FIFO_DEPTH;
    }
    if (this.readCount === 0) { this.flags |= FR.RXFE; this.intLevel &= ~INT.RX; }
    this.rsr = c >> 8;
    this.update();
    this.fill();
    return c;
  }

  writeReg(offset: number, v: number): void {
    switch (offset & 0xffc) {
      case PL011.DR:
        // QEMU transmits whatever CR.UARTEN/TXE say; so do we (bare-metal code often skips init).
        this.output(v & 0xff);
        this.intLevel |= INT.TX;
        this.update();
        break;
      case PL011.RSR: this.rsr = 0; break; // UARTECR: any write clears the error flags
      case PL011.ILPR: this.ilpr = v & 0xff; break;
      case PL011.IBRD: this.ibrd = v & 0xffff; break;
      case PL011.FBRD: this.fbrd = v & 0x3f; break;
      case PL011.LCR_H:
        // Enabling or disabling the FIFOs empties them (as QEMU does).
        if ((this.lcr ^ v) & LCR_FEN) { this.readCount = 0; this.readPos = 0; this.flags = (this.flags | FR.RXFE) & ~FR.RXFF; }
        this.lcr = v & 0xff;
        this.fill();
        break;
      case PL011.CR: this.cr = v & 0xffff; break;
      case PL011.IFLS: this.ifl = v & 0x3f; break;
      case PL011.IMSC: this.intEnabled = v & 0x7ff; this.update(); break;
      case PL011.ICR: this.intLevel &= ~v; this.update(); break;
      case PL011.DMACR: this.dmacr = v & 7; break;
      default: break; // read-only and reserved registers ignore writes
    }
  }
}
