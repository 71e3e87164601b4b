// virtio block device (virtio 1.1, section 5.2), device ID 2, one request queue. A request is a
// device-readable 16-byte header (type u32, reserved u32, sector u64), the data, and a
// device-writable status byte last (5.2.6). Supported: IN, OUT, FLUSH, GET_ID; any other type
// completes with VIRTIO_BLK_S_UNSUPP. A transfer that is not a whole number of 512-byte sectors,
// runs past the capacity, writes a read-only disk, or fails in the backend completes with
// VIRTIO_BLK_S_IOERR (QEMU virtio_blk_sect_range_ok). A request without room for the header or
// the status byte is a driver error: DEVICE_NEEDS_RESET (QEMU "virtio-blk missing headers").
//
// Offered: SEG_MAX, BLK_SIZE (512), FLUSH, and RO for a read-only backend.

import { gatherReadable, scatterWritable, sliceSegments, VirtioError, type DescriptorChain } from './virtqueue';
import { VIRTIO_ID, type VirtioContext, type VirtioDevice } from './virtio-mmio';

/** Feature bits (5.2.3). */
export const VIRTIO_BLK_F = { SIZE_MAX: 1, SEG_MAX: 2, GEOMETRY: 4, RO: 5, BLK_SIZE: 6, FLUSH: 9 } as const;
/** Request types (5.2.6). */
export const VIRTIO_BLK_T = { IN: 0, OUT: 1, FLUSH: 4, GET_ID: 8 } as const;
/** Status values (5.2.6). */
export const VIRTIO_BLK_S = { OK: 0, IOERR: 1, UNSUPP: 2 } as const;
export const SECTOR_SIZE = 512;
/** VIRTIO_BLK_ID_BYTES: the device ID string's size (5.2.6). */
export const VIRTIO_BLK_ID_BYTES = 20;
const HEADER_SIZE = 16;
/** QEMU's virtio-blk queue-size default, which sets seg_max (the transport offers VIRTQUEUE_MAX_SIZE). */
const QEMU_QUEUE_SIZE = 256;
/** struct virtio_blk_config up to blk_size: capacity u64, size_max, seg_max, geometry, blk_size (5.2.4). */
const CONFIG_SIZE = 24;

/** A request the disk refuses (reported to the guest as IOERR). */
class BlockIoError extends Error {}

/** Storage behind the device. Methods throw on an I/O error (reported to the guest as IOERR). */
export interface BlockBackend {
  /** Bytes; the capacity is the whole sectors in it. */
  readonly size: number;
  readonly readOnly: boolean;
  read(offset: number, into: Uint8Array): void;
  write(offset: number, from: Uint8Array): void;
  flush(): void;
}

/** A backend over a byte array (the array is the disk: writes change it). */
export function memoryBackend(data: Uint8Array, readOnly = false): BlockBackend {
  return {
    size: data.length,
    readOnly,
    read: (offset, into) => into.set(data.subarray(offset, offset + into.length)),
    write: (offset, from) => data.set(from, offset),
    flush: () => undefined,
  };
}

export interface VirtioBlkOptions {
  /** GET_ID's answer, up to 20 bytes (default "armvirt-virtio-blk"). */
  serial?: string;
}

export interface VirtioBlkStats {
  reads: number;
  writes: number;
  flushes: number;
  errors: number;
}

export class VirtioBlk implements VirtioDevice {
  readonly deviceId = VIRTIO_ID.BLOCK;
  readonly name = 'virtio-blk';
  readonly features: bigint;
  readonly queueCount = 1;
  readonly capacity: number;
  readonly stats: VirtioBlkStats = { reads: 0, writes: 0, flushes: 0, errors: 0 };
  /** Why the last request completed with IOERR, or null. */
  lastError: string | null = null;
  private ctx: VirtioContext | null = null;
  private readonly id: Uint8Array;

  constructor(readonly backend: BlockBackend, opts: VirtioBlkOptions = {}) {
    const f: number[] = [VIRTIO_BLK_F.SEG_MAX, VIRTIO_BLK_F.BLK_SIZE, VIRTIO_BLK_F.FLUSH];
    if (backend.readOnly) f.push(VIRTIO_BLK_F.RO);
    this.features = f.reduce((acc, b) => acc | (1n << BigInt(b)), 0n);
    this.capacity = Math.floor(backend.size / SECTOR_SIZE);
    const id = new TextEncoder().encode(opts.serial ?? 'armvirt-virtio-blk');
    if (id.length > VIRTIO_BLK_ID_BYTES) throw new RangeError(`virtio-blk serial is longer than ${VIRTIO_BLK_ID_BYTES} bytes`);
    this.id = id;
  }

  attach(ctx: VirtioContext): void { this.ctx = ctx; }

  config(): Uint8Array {
    const c = new Uint8Array(CONFIG_SIZE);
    const v = new DataView(c.buffer);
    v.setUint32(0, this.capacity % 2 ** 32, true);
    v.setUint32(4, Math.floor(this.capacity / 2 ** 32), true);
    v.setUint32(12, QEMU_QUEUE_SIZE - 2, true); // seg_max: header and status take two descriptors (as QEMU)
    v.setUint32(20, SECTOR_SIZE, true); // blk_size
    return c;
  }

  reset(): void { /* no request is ever left in flight: each completes inside notify */ }

  notify(index: number): void {
    if (index !== 0 && index !== -1) return;
    const ctx = this.ctx!;
    const q = ctx.queue(0);
    let used = false;
    for (let chain = q.pop(); chain; chain = q.pop()) {
      q.push(chain, this.request(chain));
      used = true;
    }
    if (used) ctx.usedBuffers(q);
  }

  /**
   * Performs one request; returns the used length: the whole device-writable part, whatever the
   * status (QEMU virtio_blk_req_complete pushes req->in_len, the size of every writable buffer).
   */
  private request(chain: DescriptorChain): number {
    const ram = this.ctx!.ram;
    if (chain.readableLength < HEADER_SIZE || chain.writableLength < 1) {
      throw new VirtioError(`block request ${chain.head} lacks its 16-byte header or status byte`);
    }
    const hdr = new DataView(gatherReadable(ram, chain, HEADER_SIZE).buffer);
    const type = hdr.getUint32(0, true);
    const sector = hdr.getUint32(12, true) * 2 ** 32 + hdr.getUint32(8, true);
    const dataIn = sliceSegments(chain.writable, 0, chain.writableLength - 1);
    const dataOut = sliceSegments(chain.readable, HEADER_SIZE, chain.readableLength - HEADER_SIZE);
    let status: number = VIRTIO_BLK_S.OK;
    try {
      switch (type) {
        case VIRTIO_BLK_T.IN: {
          const len = chain.writableLength - 1;
          const at = this.range(sector, len);
          let pos = at;
          for (const s of dataIn) { this.backend.read(pos, ram.view(s.addr, s.len, 'block data')); ram.bus.onRamWrite?.(s.addr, s.len); pos += s.len; }
          this.stats.reads++;
          break;
        }
        case VIRTIO_BLK_T.OUT: {
          if (this.backend.readOnly) throw new BlockIoError('write to a read-only disk');
          const len = chain.readableLength - HEADER_SIZE;
          let pos = this.range(sector, len);
          for (const s of dataOut) { this.backend.write(pos, ram.view(s.addr, s.len, 'block data')); pos += s.len; }
          this.stats.writes++;
          break;
        }
        case VIRTIO_BLK_T.FLUSH:
          this.backend.flush();
          this.stats.flushes++;
          break;
        case VIRTIO_BLK_T.GET_ID: {
          const id = new Uint8Array(VIRTIO_BLK_ID_BYTES);
          id.set(this.id);
          scatterWritable(ram, { ...chain, writable: dataIn }, id.subarray(0, Math.min(VIRTIO_BLK_ID_BYTES, chain.writableLength - 1)));
          break;
        }
        default:
          status = VIRTIO_BLK_S.UNSUPP;
      }
    } catch (e) {
      if (e instanceof VirtioError) throw e;
      // BlockIoError, or the backend's own error (a file that cannot be read): the guest sees IOERR.
      status = VIRTIO_BLK_S.IOERR;
      this.lastError = e instanceof Error ? e.message : String(e);
      this.stats.errors++;
    }
    scatterWritable(ram, chain, Uint8Array.of(status), chain.writableLength - 1);
    return chain.writableLength;
  }

  /** Byte offset of a transfer, or BlockIoError if it is not whole sectors inside the disk. */
  private range(sector: number, len: number): number {
    if (len % SECTOR_SIZE) throw new BlockIoError(`transfer of ${len} bytes is not whole sectors`);
    if (sector + len / SECTOR_SIZE > this.capacity) throw new BlockIoError(`sectors ${sector}+${len / SECTOR_SIZE} pass the capacity ${this.capacity}`);
    return sector * SECTOR_SIZE;
  }
}
