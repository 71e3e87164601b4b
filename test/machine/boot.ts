// Test helper: a virt machine running an assembly source, UART output captured.

import { createVirtMachine, type VirtMachine, type VirtOptions } from '../../emulator/machine/virt';
import type { StopState } from '../../emulator/machine/machine';
import type { TraceEvent } from '../../emulator/trace/events';

export interface Booted {
  m: VirtMachine;
  uart(): string;
  events: TraceEvent[];
  /** Runs until the machine stops (or `max` instructions: then null). */
  run(max?: number): StopState | null;
  x(n: number): bigint;
}

export function boot(source: string, opts: VirtOptions = {}): Booted {
  const out: number[] = [];
  const events: TraceEvent[] = [];
  const m = createVirtMachine({ uartOutput: (b) => out.push(b), trace: (e) => events.push(e), ...opts });
  m.loadAndBoot('test.S', new TextEncoder().encode(source));
  return {
    m, events,
    uart: () => Buffer.from(out).toString('latin1'),
    run: (max = 1_000_000) => m.runSlice(max),
    x: (n) => m.cpu.xBig(n),
  };
}

/** The function id loads and a PSCI call through `conduit`. */
export function psci(conduit: 'smc' | 'hvc', fn: number, ...args: (number | bigint)[]): string {
  const lines = [`  ldr x0, =0x${fn.toString(16)}`];
  args.forEach((a, i) => lines.push(`  ldr x${i + 1}, =0x${a.toString(16)}`));
  lines.push(`  ${conduit} #0`);
  return lines.join('\n');
}

export const SYSTEM_OFF_SMC = psci('smc', 0x84000008);
