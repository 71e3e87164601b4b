// virtio console (virtio 1.1, section 5.3), device ID 3, one port: receiveq (0) carries host input
// to the driver, transmitq (1) carries driver output to a callback. VIRTIO_CONSOLE_F_EMERG_WRITE
// is offered: a write to emerg_wr outputs one character without any queue (5.3.6.1).
// MULTIPORT and SIZE are not offered, so the control queues do not exist.

import { scatterWritable } from './virtqueue';
import { VIRTIO_ID, type VirtioContext, type VirtioDevice } from './virtio-mmio';

/** Feature bits (5.3.3). */
export const VIRTIO_CONSOLE_F = { SIZE: 0, MULTIPORT: 1, EMERG_WRITE: 2 } as const;
/** struct virtio_console_config: cols u16, rows u16, max_nr_ports u32, emerg_wr u32 (5.3.4). */
const CONFIG_SIZE = 12;
const EMERG_WR = 8;
const RXQ = 0;
const TXQ = 1;

export interface VirtioConsoleOptions {
  /** Receives each transmit buffer's bytes. */
  output?: (bytes: Uint8Array) => void;
}

export class VirtioConsole implements VirtioDevice {
  readonly deviceId = VIRTIO_ID.CONSOLE;
  readonly name = 'virtio-console';
  readonly features = 1n << BigInt(VIRTIO_CONSOLE_F.EMERG_WRITE);
  readonly queueCount = 2;
  private ctx: VirtioContext | null = null;
  private output: (bytes: Uint8Array) => void;
  /** Host input not yet delivered into a receive buffer. */
  private pending: number[] = [];

  constructor(opts: VirtioConsoleOptions = {}) {
    this.output = opts.output ?? (() => undefined);
  }

  setOutput(f: (bytes: Uint8Array) => void): void { this.output = f; }

  attach(ctx: VirtioContext): void { this.ctx = ctx; }

  config(): Uint8Array {
    const c = new Uint8Array(CONFIG_SIZE);
    new DataView(c.buffer).setUint32(4, 1, true); // max_nr_ports: one port (meaningful with MULTIPORT only)
    return c;
  }

  writeConfig(offset: number, size: 1 | 2 | 4, value: number): void {
    if (offset === EMERG_WR) this.output(Uint8Array.of(value & 0xff));
  }

  reset(): void { this.pending = []; }

  /** Queues host input (stdin); it is delivered as the driver provides receive buffers. */
  receive(bytes: Iterable<number>): void {
    for (const b of bytes) this.pending.push(b & 0xff);
    this.ctx?.guard(() => this.deliver());
  }

  get pendingInput(): number { return this.pending.length; }

  notify(index: number): void {
    if (index === TXQ || index === -1) this.transmit();
    if (index === RXQ || index === -1) this.deliver();
  }

  private transmit(): void {
    const ctx = this.ctx!;
    const q = ctx.queue(TXQ);
    let used = false;
    for (let chain = q.pop(); chain; chain = q.pop()) {
      // Segment by segment: a chain may name the same RAM many times, more than RAM in total.
      const data = chain.readable.filter((s) => s.len > 0).map((s) => ctx.ram.view(s.addr, s.len, 'transmit buffer').slice());
      q.push(chain, 0);
      used = true;
      for (const bytes of data) this.output(bytes);
    }
    if (used) ctx.usedBuffers(q);
  }

  private deliver(): void {
    const ctx = this.ctx!;
    const q = ctx.queue(RXQ);
    let used = false;
    while (this.pending.length) {
      const chain = q.pop();
      if (!chain) break;
      const n = scatterWritable(ctx.ram, chain, Uint8Array.from(this.pending.slice(0, chain.writableLength)));
      this.pending.splice(0, n);
      q.push(chain, n);
      used = true;
    }
    if (used) ctx.usedBuffers(q);
  }
}
