// Runs one ELF under QEMU (the reference) or under armvirt's virt board, capturing the UART.
// Both start the program the same way: -kernel semantics, entry at EL2 (virtualization=on),
// stop at PSCI SYSTEM_OFF.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createVirtMachine } from '../../emulator/machine/virt';
import type { StopKind } from '../../emulator/machine/machine';

export const QEMU = process.env.QEMU_AARCH64 ?? 'qemu-system-aarch64';

let qemuVersion: string | null | undefined;
export function haveQemu(): boolean {
  if (qemuVersion === undefined) {
    const r = spawnSync(QEMU, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    qemuVersion = r.status === 0 ? r.stdout.toString().split('\n')[0] : null;
  }
  return qemuVersion !== null;
}

export function qemuArgs(elf: string, extra: string[] = []): string[] {
  return ['-M', 'virt,virtualization=on', '-cpu', 'cortex-a57', '-m', '128M', '-nographic', '-monitor', 'none', '-nic', 'none',
    '-serial', 'stdio', '-kernel', elf, ...extra];
}

export interface QemuResult { output: string; status: number | null; timedOut: boolean; seconds: number; stderr: string }

/** Runs QEMU TCG to completion (SYSTEM_OFF ends the process) or until the timeout kills it. */
export function runQemu(elf: string, opts: { timeoutMs?: number; extra?: string[] } = {}): QemuResult {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(QEMU, qemuArgs(elf, opts.extra), {
    stdio: ['ignore', 'pipe', 'pipe'], timeout: opts.timeoutMs ?? 30_000, killSignal: 'SIGKILL', maxBuffer: 64 << 20,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const timedOut = r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
  if (r.error && !timedOut) throw r.error;
  return { output: r.stdout.toString('latin1'), status: r.status, timedOut, seconds, stderr: r.stderr.toString() };
}

export interface ArmvirtResult {
  output: string;
  stop: StopKind | 'running';
  reason: string;
  instructions: number;
  /** Emulated cycles of all cores (emulator/cost). */
  cycles: number;
  seconds: number;
  /** UNDEFINED instructions taken, by class ("unimplemented:<group>", "unallocated"). */
  undefined: Record<string, number>;
}

/** Runs the ELF on armvirt's virt board until it stops or `maxInsns` instructions have retired. */
export function runArmvirt(elf: string, opts: { maxInsns?: number } = {}): ArmvirtResult {
  const out: number[] = [];
  const m = createVirtMachine({ uartOutput: (b) => out.push(b) });
  m.loadAndBoot(elf, readFileSync(elf));
  const max = opts.maxInsns ?? 2_000_000_000;
  const t0 = process.hrtime.bigint();
  let stop = null;
  while (!stop && m.instructions < max) stop = m.runSlice(Math.min(10_000_000, max - m.instructions));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const undef: Record<string, number> = {};
  for (const c of m.cpus) for (const [k, v] of c.undefinedCounts) undef[k] = (undef[k] ?? 0) + v;
  return {
    output: Buffer.from(out).toString('latin1'),
    stop: stop?.kind ?? 'running',
    reason: stop?.reason ?? `instruction limit (${max}) reached`,
    instructions: m.instructions,
    cycles: m.cpus.reduce((n, c) => n + c.cycles, 0),
    seconds,
    undefined: undef,
  };
}

/** UART output without the benchmarks' "ticks=" timing lines (host time under QEMU, instructions under armvirt). */
export function comparable(output: string): string {
  return output.replace(/^ticks=.*\n?/gm, '');
}

/** The "ticks=N freq=F" line of a benchmark program: its workload's duration by the guest's counter. */
export function guestSeconds(output: string): number | null {
  const m = /^ticks=(\d+) freq=(\d+)$/m.exec(output);
  return m && Number(m[2]) > 0 ? Number(m[1]) / Number(m[2]) : null;
}
