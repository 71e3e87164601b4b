// The reference side of the lockstep suite: qemu-system-aarch64 on the virt board, halted at
// reset (-S) and driven one instruction at a time through its gdbstub.
//
// QEMU 7.2 facts this relies on (measured; see README.md):
// - `-kernel prog.elf` (not Linux) loads the segments at their addresses and starts at e_entry
//   in EL2h with virtualization=on; x0–x30 = 0, SP = 0, CPSR = 0x400003c9 (Z set, DAIF masked).
// - The PSCI conduit is SMC (virtualization=on, no EL3), and `smc #0` from EL2 reaches QEMU's
//   PSCI emulation: SYSTEM_OFF ends the process.
// - 'p'/'g' return the core registers only after qXfer:features:read:target.xml was read
//   (gdb-remote.ts does it in its handshake). Core numbering: x0–x30 = 0–30, sp = 31, pc = 32,
//   cpsr = 33 (32-bit); the 'g' packet holds exactly those 34 registers. There is no CurrentEL
//   register in the system-register feature, so EL comes from CPSR M[3:2].
// - Stepping the SYSTEM_OFF smc answers T05 and then closes the connection (no 'W' reply).

import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { GdbRemote, leHexToBigInt } from './gdb-remote';
import { ArchRegs, LockstepProgram, LockstepTarget, PSCI_SYSTEM_OFF } from './target';

export const QEMU = process.env.QEMU_SYSTEM_AARCH64 ?? 'qemu-system-aarch64';

const PSCI_SYSTEM_RESET = 0x84000009n;

/** SMC #imm16 (C6.2.246): 1101 0100 000 imm16 000 11. */
const isSmc = (w: number) => (w & 0xffe0001f) >>> 0 === 0xd4000003;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface QemuOptions {
  cpu?: string;
  /** Extra QEMU arguments (e.g. ['-semihosting']). */
  extraArgs?: string[];
  /** Per-packet timeout for the gdb connection. */
  timeoutMs?: number;
}

/** Offsets (in hex digits) of the core registers in QEMU's 'g' reply. */
interface GLayout {
  x: number[];
  sp: number;
  pc: number;
  cpsr: number;
}

export class QemuTarget implements LockstepTarget {
  private out = '';
  private err = '';
  private done = false;
  private cached: ArchRegs | null = null;
  private procExit: Promise<void>;
  steps = 0;

  private constructor(
    private proc: ChildProcess,
    private gdb: GdbRemote,
    private layout: GLayout,
  ) {
    this.procExit = new Promise((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) resolve();
      else proc.once('exit', () => resolve());
    });
    proc.once('exit', () => (this.done = true));
  }

  static async start(elf: string, opts: QemuOptions = {}): Promise<QemuTarget> {
    for (let attempt = 0; ; attempt++) {
      const port = await freePort();
      const args = [
        '-M', 'virt,virtualization=on', '-cpu', opts.cpu ?? 'cortex-a57', '-m', '128M',
        '-nographic', '-monitor', 'none', '-serial', 'stdio', '-nic', 'none', // no NIC: its ROM may be absent
        '-S', '-gdb', `tcp:127.0.0.1:${port}`, '-kernel', elf, ...(opts.extraArgs ?? []),
      ];
      const proc = spawn(QEMU, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '', err = '';
      proc.stdout!.setEncoding('latin1').on('data', (d: string) => (out += d));
      proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
      const exited = new Promise<null>((resolve) => proc.once('exit', () => resolve(null)));
      const connected = GdbRemote.connect('127.0.0.1', port, opts.timeoutMs ?? 10000).catch((e: Error) => e);
      const gdb = await Promise.race([connected, exited]);
      if (gdb instanceof GdbRemote) {
        const t = new QemuTarget(proc, gdb, await gLayout(gdb));
        // Hand the early output over to the target.
        proc.stdout!.removeAllListeners('data');
        proc.stderr!.removeAllListeners('data');
        t.out = out;
        t.err = err;
        proc.stdout!.on('data', (d: string) => (t.out += d));
        proc.stderr!.on('data', (d: string) => (t.err += d));
        return t;
      }
      proc.kill('SIGKILL');
      if (attempt >= 2 || !/bind|Address already in use|gdbstub/i.test(err)) {
        throw new Error(`qemu did not start: ${gdb instanceof Error ? gdb.message : 'exited'}\n${err}`);
      }
    }
  }

  exited(): boolean {
    return this.done || this.gdb.exited !== null;
  }

  async step(): Promise<void> {
    if (this.exited()) return;
    const pre = this.cached ?? (await this.regs());
    // A PSCI power-off/reset: QEMU stops, then closes the connection and exits. Recognise it
    // before stepping and wait for the exit instead of racing the next request against it.
    const poweroff = (pre.x[0] === PSCI_SYSTEM_OFF || pre.x[0] === PSCI_SYSTEM_RESET) && isSmc(await this.wordAt(pre.pc));
    this.cached = null;
    this.steps++;
    const r = await this.gdb.step();
    if (r.kind === 'exited') {
      this.done = true;
      return;
    }
    if (poweroff) {
      const gone = await Promise.race([this.procExit.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 3000))]);
      // Still running: the smc did not power off (e.g. trapped by HCR_EL2.TSC from EL1).
      if (gone) this.done = true;
    }
  }

  private async wordAt(addr: bigint): Promise<number> {
    return (await this.gdb.readMem(addr, 4)).readUInt32LE(0);
  }

  async regs(): Promise<ArchRegs> {
    if (this.cached) return this.cached;
    const g = await this.gdb.readAllHex();
    const at = (off: number, digits: number) => leHexToBigInt(g.slice(off, off + digits));
    const cpsr = Number(at(this.layout.cpsr, 8));
    return (this.cached = {
      pc: at(this.layout.pc, 16),
      x: this.layout.x.map((o) => at(o, 16)),
      sp: at(this.layout.sp, 16),
      nzcv: cpsr >>> 28,
      el: (cpsr >>> 2) & 3,
    });
  }

  /** Raw CPSR, for diagnostics. */
  async cpsr(): Promise<number> {
    return Number(await this.gdb.readReg(33));
  }

  /** Runs freely until the program powers off (or the timeout). */
  async runToEnd(timeoutMs = 10000): Promise<boolean> {
    if (this.exited()) return true;
    this.cached = null;
    this.gdb.cont(timeoutMs).catch(() => undefined);
    const ok = await Promise.race([this.procExit.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs))]);
    if (ok) this.done = true;
    return ok;
  }

  async readMem(addr: bigint, len: number): Promise<Buffer> {
    return this.gdb.readMem(addr, len);
  }

  async uart(): Promise<string> {
    if (this.done) await this.procExit;
    return this.out;
  }

  stderr(): string {
    return this.err;
  }

  async close(): Promise<void> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      await this.gdb.kill();
      const gone = await Promise.race([this.procExit.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 2000))]);
      if (!gone) this.proc.kill('SIGKILL');
      await this.procExit;
    } else {
      await this.gdb.close();
    }
  }
}

async function gLayout(gdb: GdbRemote): Promise<GLayout> {
  const regs = [...(await gdb.registers())].sort((a, b) => a.regnum - b.regnum);
  const off = new Map<string, number>();
  let o = 0;
  for (const r of regs) {
    off.set(r.name, o);
    o += r.bitsize / 4;
  }
  const get = (n: string) => {
    const v = off.get(n);
    if (v === undefined) throw new Error(`qemu target XML has no register '${n}'`);
    return v;
  };
  return { x: Array.from({ length: 31 }, (_, i) => get(`x${i}`)), sp: get('sp'), pc: get('pc'), cpsr: get('cpsr') };
}

/** A factory for runLockstep (the reference side, or QEMU against itself). */
export async function makeQemuTarget(prog: LockstepProgram): Promise<QemuTarget> {
  return QemuTarget.start(prog.elf, { cpu: prog.cpu });
}

export function haveQemu(): boolean {
  try {
    execFileSync(QEMU, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
