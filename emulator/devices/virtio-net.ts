// virtio network device (virtio 1.1, section 5.1), device ID 1, one queue pair: receiveq1 (0) and
// transmitq1 (1). Offers VIRTIO_NET_F_MAC only: no checksum offload, no GSO, no mergeable
// receive buffers, so every packet carries a 12-byte struct virtio_net_hdr (5.1.6, with
// num_buffers since VERSION_1) and the driver supplies receive buffers of at least 1526 bytes
// (5.1.6.3.1).
//
// The "wire" is a loopback: each transmitted packet (what follows the header) is delivered back
// on the receive queue, for the paper's I/O latency benchmarks. A packet that finds no receive
// buffer waits (up to RX_BACKLOG packets) for the driver to add one; a packet larger than the
// receive buffer is dropped and counted, the buffer left for the next packet (QEMU
// virtio_net_receive_rcu: virtqueue_unpop and drop without mergeable buffers).

import { gatherReadable, scatterWritable, VirtioError } from './virtqueue';
import { VIRTIO_ID, type VirtioContext, type VirtioDevice } from './virtio-mmio';

/** Feature bits (5.1.3). */
export const VIRTIO_NET_F = { CSUM: 0, GUEST_CSUM: 1, MTU: 3, MAC: 5, MRG_RXBUF: 15, STATUS: 16 } as const;
/** sizeof(struct virtio_net_hdr) with VIRTIO_F_VERSION_1 (5.1.6). */
export const VIRTIO_NET_HDR_SIZE = 12;
/** QEMU's default MAC, 52:54:00:12:34:56. */
export const DEFAULT_MAC: readonly number[] = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56];
const RX_BACKLOG = 256;
/**
 * Largest frame taken from a transmit buffer: 64 KiB of payload plus the Ethernet header, what a
 * GSO driver could hand over (without GSO, frames are at most 1514 bytes). Bigger chains (a
 * chain may name the same RAM many times over) are returned unsent and counted in txDropped, so
 * a guest cannot make the host allocate more than this per packet.
 */
export const VIRTIO_NET_MAX_FRAME = 65536 + 14;
const RXQ = 0;
const TXQ = 1;

export interface VirtioNetOptions {
  mac?: readonly number[];
  /** Each transmitted packet (without the virtio_net_hdr), before it is looped back. */
  onTransmit?: (packet: Uint8Array) => void;
  /** Deliver transmitted packets back on the receive queue (default true). */
  loopback?: boolean;
}

export interface VirtioNetStats {
  txPackets: number;
  rxPackets: number;
  /** Packets dropped: too big for the receive buffer, or the backlog was full. */
  rxDropped: number;
  /** Transmit buffers returned unsent: larger than VIRTIO_NET_MAX_FRAME. */
  txDropped: number;
}

export class VirtioNet implements VirtioDevice {
  readonly deviceId = VIRTIO_ID.NET;
  readonly name = 'virtio-net';
  readonly features = 1n << BigInt(VIRTIO_NET_F.MAC);
  readonly queueCount = 2;
  readonly mac: Uint8Array;
  readonly stats: VirtioNetStats = { txPackets: 0, rxPackets: 0, rxDropped: 0, txDropped: 0 };
  private ctx: VirtioContext | null = null;
  private readonly onTransmit: (packet: Uint8Array) => void;
  private readonly loopback: boolean;
  private backlog: Uint8Array[] = [];

  constructor(opts: VirtioNetOptions = {}) {
    const mac = opts.mac ?? DEFAULT_MAC;
    if (mac.length !== 6 || mac.some((b) => !Number.isInteger(b) || b < 0 || b > 255)) throw new RangeError(`MAC ${mac.join(':')} is not 6 bytes`);
    this.mac = Uint8Array.from(mac);
    this.onTransmit = opts.onTransmit ?? (() => undefined);
    this.loopback = opts.loopback ?? true;
  }

  attach(ctx: VirtioContext): void { this.ctx = ctx; }

  /** struct virtio_net_config: mac[6] (the fields after it exist only with STATUS/MQ/MTU). */
  config(): Uint8Array { return this.mac.slice(); }

  reset(): void { this.backlog = []; }

  /** Injects a packet from the host side, as if it came off the wire. */
  receive(packet: Uint8Array): void {
    this.enqueue(packet.slice());
    this.ctx?.guard(() => this.deliver());
  }

  notify(index: number): void {
    if (index === TXQ || index === -1) this.transmit();
    if (index === RXQ || index === -1 || this.backlog.length) this.deliver();
  }

  private enqueue(packet: Uint8Array): void {
    if (this.backlog.length >= RX_BACKLOG) { this.stats.rxDropped++; return; }
    this.backlog.push(packet);
  }

  private transmit(): void {
    const ctx = this.ctx!;
    const q = ctx.queue(TXQ);
    let used = false;
    for (let chain = q.pop(); chain; chain = q.pop()) {
      // QEMU virtio_net_flush_tx: a buffer shorter than the header is a driver error.
      if (chain.readableLength < VIRTIO_NET_HDR_SIZE) throw new VirtioError(`transmit buffer of ${chain.readableLength} bytes has no virtio_net_hdr`);
      q.push(chain, 0);
      used = true;
      if (chain.readableLength - VIRTIO_NET_HDR_SIZE > VIRTIO_NET_MAX_FRAME) { this.stats.txDropped++; continue; }
      const packet = gatherReadable(ctx.ram, chain).slice(VIRTIO_NET_HDR_SIZE);
      this.stats.txPackets++;
      this.onTransmit(packet);
      if (this.loopback) this.enqueue(packet);
    }
    if (used) ctx.usedBuffers(q);
  }

  private deliver(): void {
    const ctx = this.ctx!;
    const q = ctx.queue(RXQ);
    let used = false;
    while (this.backlog.length) {
      const chain = q.pop();
      if (!chain) break;
      const packet = this.backlog.shift()!;
      const frame = new Uint8Array(VIRTIO_NET_HDR_SIZE + packet.length);
      // flags 0, gso_type VIRTIO_NET_HDR_GSO_NONE, num_buffers 1 (offset 10).
      new DataView(frame.buffer).setUint16(10, 1, true);
      frame.set(packet, VIRTIO_NET_HDR_SIZE);
      if (frame.length > chain.writableLength) {
        q.unpop();
        this.stats.rxDropped++;
        continue;
      }
      scatterWritable(ctx.ram, chain, frame);
      q.push(chain, frame.length);
      this.stats.rxPackets++;
      used = true;
    }
    if (used) ctx.usedBuffers(q);
  }
}
