// Arm semihosting (ARM IHI 0056 "Semihosting for AArch32 and AArch64"): the guest executes
// HLT #0xF000 with the operation in W0 and a parameter (often a block pointer) in X1; the
// result goes in X0. The console subset: SYS_OPEN(":tt"), SYS_CLOSE, SYS_WRITEC, SYS_WRITE0,
// SYS_WRITE, SYS_ISTTY, SYS_ERRNO, SYS_HEAPINFO, SYS_EXIT, SYS_EXIT_EXTENDED. Parameters are
// read without faulting (QEMU reads them with cpu_memory_rw_debug): a bad pointer gives -1.
// An operation outside the subset stops the machine with a message (QEMU aborts).

import type { Cpu } from '../cpu/cpu';
import { SLOTS } from '../cpu/cpu';
import type { PhysicalBus } from '../memory/bus';

export const SYS = {
  OPEN: 0x01, CLOSE: 0x02, WRITEC: 0x03, WRITE0: 0x04, WRITE: 0x05, READ: 0x06, READC: 0x07, ISERROR: 0x08,
  ISTTY: 0x09, SEEK: 0x0a, FLEN: 0x0c, TMPNAM: 0x0d, REMOVE: 0x0e, RENAME: 0x0f, CLOCK: 0x10, TIME: 0x11,
  SYSTEM: 0x12, ERRNO: 0x13, GET_CMDLINE: 0x15, HEAPINFO: 0x16, EXIT: 0x18, ELAPSED: 0x30, TICKFREQ: 0x31,
  EXIT_EXTENDED: 0x20,
} as const;

/** Reason code of a normal exit (ADP_Stopped_ApplicationExit). */
export const ADP_STOPPED_APPLICATION_EXIT = 0x20026;
const MAX_STRING = 1 << 20;
const EBADF = 9;
const EFAULT = 14;

export interface SemihostingHost {
  /** Bytes for the host's stdout (fd 1) or stderr (fd 2). */
  write(fd: 1 | 2, bytes: Uint8Array): void;
  /** The guest asked to exit with this status. */
  exit(status: number): void;
  /** An unsupported operation: stop with this message. */
  fail(message: string): void;
}

/** Open ":tt" handles → host fd. Handle numbers start at 1 (0 is never returned). */
export class Semihosting {
  private readonly handles = new Map<number, 0 | 1 | 2>();
  private errno = 0;

  constructor(readonly bus: PhysicalBus, readonly host: SemihostingHost) {}

  /** Cpu hook for HLT #0xF000; always handles the call. */
  call(c: Cpu): boolean {
    const op = c.x[0];
    const arg = c.xBig(1);
    const r = this.dispatch(c, op, arg);
    if (r !== null) c.setXBig(0, BigInt.asUintN(64, BigInt(r)));
    return true;
  }

  private dispatch(c: Cpu, op: number, arg: bigint): number | bigint | null {
    switch (op) {
      case SYS.WRITEC: {
        const b = this.bytes(c, arg, 1);
        if (b) this.host.write(1, b);
        return null; // X0 is corrupted per the spec; leave it
      }
      case SYS.WRITE0: {
        const s = this.cstring(c, arg);
        if (s) this.host.write(1, s);
        return null;
      }
      case SYS.WRITE: {
        const blk = this.words(c, arg, 3);
        if (!blk) return this.fail(EFAULT);
        const fd = this.handles.get(Number(blk[0]));
        const len = Number(blk[2] & 0xffffffffn);
        if (fd === undefined || fd === 0) { this.errno = EBADF; return len; }
        const data = this.bytes(c, blk[1], len);
        if (!data) return this.fail(EFAULT);
        this.host.write(fd, data);
        return 0; // bytes not written
      }
      case SYS.OPEN: {
        const blk = this.words(c, arg, 3);
        if (!blk) return this.fail(EFAULT);
        const name = this.bytes(c, blk[0], Number(blk[2] & 0xfffn));
        if (!name || new TextDecoder().decode(name) !== ':tt') return this.fail(EBADF);
        // ":tt" opened for reading is stdin, for writing stdout, for appending stderr (IHI 0056 6.1).
        const mode = Number(blk[1]);
        const fd: 0 | 1 | 2 = mode < 4 ? 0 : mode < 8 ? 1 : 2;
        let h = 1;
        while (this.handles.has(h)) h++;
        this.handles.set(h, fd);
        return h;
      }
      case SYS.CLOSE: {
        const blk = this.words(c, arg, 1);
        if (!blk) return this.fail(EFAULT);
        return this.handles.delete(Number(blk[0])) ? 0 : this.fail(EBADF);
      }
      case SYS.ISTTY: {
        const blk = this.words(c, arg, 1);
        if (!blk) return this.fail(EFAULT);
        return this.handles.has(Number(blk[0])) ? 1 : this.fail(EBADF);
      }
      case SYS.ERRNO: return this.errno;
      case SYS.HEAPINFO: {
        // As QEMU before 8.0: heap in the upper half of RAM, the stack below RAM's end.
        const base = BigInt(this.bus.ramBase), size = BigInt(this.bus.ramSize);
        return this.store(c, arg, [base + size / 2n, base + size, base + size, base]) ? 0 : this.fail(EFAULT);
      }
      case SYS.EXIT: case SYS.EXIT_EXTENDED: {
        // AArch64: X1 points to {reason, subcode}; an application exit gives subcode as the status.
        const blk = this.words(c, arg, 2);
        const status = blk && blk[0] === BigInt(ADP_STOPPED_APPLICATION_EXIT) ? Number(blk[1] & 0xffffffffn) | 0 : 1;
        this.host.exit(status);
        return null;
      }
      default:
        this.host.fail(`unsupported semihosting operation 0x${op.toString(16)}`);
        return null;
    }
  }

  private fail(errno: number): number {
    this.errno = errno;
    return -1;
  }

  /** Physical address of a guest VA, only with the MMU off (flat); null otherwise or outside RAM. */
  private pa(c: Cpu, va: bigint, len: number): number | null {
    const sctlr = c.el === 2 ? c.sys[SLOTS.SCTLR_EL2] : c.sys[SLOTS.SCTLR_EL1];
    const vm = c.el < 2 && (c.sys[SLOTS.HCR_EL2] & 1n) !== 0n;
    if ((sctlr & 1n) !== 0n || vm) return null; // no debug walk yet: parameters under translation unsupported
    if (va > BigInt(Number.MAX_SAFE_INTEGER)) return null;
    const pa = Number(va);
    return this.bus.ramOffset(pa, Math.max(len, 1)) >= 0 ? pa : null;
  }

  private bytes(c: Cpu, va: bigint, len: number): Uint8Array | null {
    if (len < 0 || len > MAX_STRING) return null;
    const pa = this.pa(c, va, len);
    if (pa === null) return null;
    const off = this.bus.ramOffset(pa, len);
    return this.bus.u8.slice(off, off + len);
  }

  private cstring(c: Cpu, va: bigint): Uint8Array | null {
    const pa = this.pa(c, va, 1);
    if (pa === null) return null;
    const off = this.bus.ramOffset(pa, 1);
    const u8 = this.bus.u8;
    let e = off;
    while (e < u8.length && u8[e] !== 0 && e - off < MAX_STRING) e++;
    return u8.slice(off, e);
  }

  private words(c: Cpu, va: bigint, n: number): bigint[] | null {
    const pa = this.pa(c, va, 8 * n);
    if (pa === null) return null;
    const off = this.bus.ramOffset(pa, 8 * n);
    const out: bigint[] = [];
    for (let i = 0; i < n; i++) out.push(this.bus.view.getBigUint64(off + 8 * i, true));
    return out;
  }

  private store(c: Cpu, va: bigint, vals: bigint[]): boolean {
    const pa = this.pa(c, va, 8 * vals.length);
    if (pa === null) return false;
    const off = this.bus.ramOffset(pa, 8 * vals.length);
    vals.forEach((v, i) => this.bus.view.setBigUint64(off + 8 * i, v, true));
    this.bus.onRamWrite?.(pa, 8 * vals.length);
    return true;
  }
}
