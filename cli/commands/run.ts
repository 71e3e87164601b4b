// `armvirt run prog.S|prog.elf|Image [--el 1|2] [--max-insns N] [--trace traps|all [--trace-file F]]
// [--json] [--no-semihosting]`: runs a bare-metal program on the virt board with QEMU's defaults
// (one core, entry at EL2 at the image's entry point). Guest UART (and semihosting console)
// output goes to stdout; a summary line goes to stderr. Exit status: the guest's (PSCI
// SYSTEM_OFF → 0, semihosting exit → its status), 124 at the instruction limit (as timeout(1)),
// 130 on Ctrl-C, 1 when the emulator stops the machine (unsupported feature, stuck core).

import { readFileSync } from 'node:fs';
import { TraceWriter } from '../trace-writer';
import { LoadError } from '../../emulator/machine/loader';
import type { StopState } from '../../emulator/machine/machine';
import { createVirtMachine, VIRT, type VirtMachine } from '../../emulator/machine/virt';
import type { TraceEvent } from '../../emulator/trace/events';
import { flag, parseArgs, UsageError } from '../args';
import type { Io } from '../main';
import { readSourceFile } from './asm';
import { runUnderHypervisor } from './run-hyp';
import { runWithGdb } from '../gdb/run-gdb';
import { isHypervisorName } from '../../emulator/hypervisors/index';

const USAGE = 'usage: armvirt run prog.S|prog.elf|Image [--el 1|2] [--cpus N] [--gic 2|3] [--max-insns N] [--gdb PORT] [--append ARGS] [--initrd FILE] [--trace traps|all] [--trace-file F] [--json] [--no-semihosting]';
/** Instructions per slice: the loop yields to the event loop between slices (Ctrl-C, output). */
export const SLICE = 1_000_000;

export const EXIT_LIMIT = 124;
export const EXIT_INTERRUPTED = 130;

export interface RunSummary {
  instructions: number;
  /** Emulated cycles of all cores together (emulator/cost), and of each core. */
  cycles: number;
  cpuCycles: number[];
  wallSeconds: number;
  mips: number;
  exitStatus: number;
  stop: string;
  reason: string;
  uart: string;
  semihosting: string;
  undefined: Record<string, number>;
}

export async function runCommand(argv: string[], io: Io): Promise<number> {
  const a = parseArgs(argv, { values: ['--max-insns', '--trace', '--trace-file', '--el', '--gdb', '--cpus', '--gic', '--hyp', '--append', '--initrd'], booleans: ['--json', '--no-semihosting'] });
  if (a.positionals.length !== 1) throw new UsageError(USAGE);
  const file = a.positionals[0];
  const maxText = flag(a, '--max-insns');
  const max = maxText === undefined ? Infinity : Number(maxText);
  if (!Number.isSafeInteger(max) && max !== Infinity) throw new UsageError(`--max-insns: '${maxText}' is not a whole number`);
  if (max < 0) throw new UsageError('--max-insns must not be negative');
  const elText = flag(a, '--el') ?? '2';
  if (elText !== '1' && elText !== '2') throw new UsageError(`--el: '${elText}' must be 1 or 2`);
  const traceMode = flag(a, '--trace');
  if (traceMode !== undefined && traceMode !== 'traps' && traceMode !== 'all') throw new UsageError(`--trace: '${traceMode}' must be traps or all`);
  const traceFile = flag(a, '--trace-file');
  if (traceFile !== undefined && traceMode === undefined) throw new UsageError('--trace-file needs --trace traps|all');
  const json = a.flags.has('--json');
  // --cpus N (QEMU -smp N, 1-8) and --gic 2|3 (QEMU gic-version; 2 as QEMU virt's default).
  const cpusText = flag(a, '--cpus') ?? '1';
  const cpus = Number(cpusText);
  if (!/^[0-9]+$/.test(cpusText) || cpus < 1 || cpus > VIRT.MAX_CPUS) throw new UsageError(`--cpus: '${cpusText}' must be a whole number from 1 to ${VIRT.MAX_CPUS}`);
  const gicText = flag(a, '--gic') ?? '2';
  if (gicText !== '2' && gicText !== '3') throw new UsageError(`--gic: '${gicText}' must be 2 or 3`);
  const gic = gicText === '3' ? 3 : 2;
  // --hyp xen|kvm|kvm-vhe: the program runs as the guest of that hypervisor (run-hyp.ts).
  const hyp = flag(a, '--hyp');
  if (hyp !== undefined && hyp !== 'none' && !a.flags.has('--gdb')) return runUnderHypervisor({ file, hyp, cpus, gic, max, traceMode, traceFile, json }, io);

  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    io.err(`armvirt run: cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }

  // --gdb PORT: held at entry for GDB's remote protocol (cli/gdb), as QEMU -gdb tcp::PORT -S.
  const gdbText = flag(a, '--gdb');
  if (gdbText !== undefined) {
    const port = Number(gdbText);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--gdb: '${gdbText}' is not a TCP port`);
    if (hyp !== undefined && hyp !== 'none' && !isHypervisorName(hyp)) throw new UsageError(`--hyp: '${hyp}' must be xen, kvm, kvm-vhe or none`);
    try {
      return await runWithGdb(file, bytes, port, { el: elText === '1' ? 1 : 2, cpus, gic, ...(hyp && hyp !== 'none' && isHypervisorName(hyp) ? { hyp } : {}) }, io);
    } catch (e) {
      io.err(`armvirt run: ${file}: ${(e as Error).message}\n`);
      return 1;
    }
  }

  // Trace: one JSON object per line, buffered and flushed per slice.
  const traceOut = new TraceWriter(io);
  const traceOpenError = traceOut.open(traceFile);
  if (traceOpenError) { io.err(traceOpenError); return 1; }

  // Guest output: UART and semihosting stdout share one ordered byte stream.
  const out: number[] = [];
  const uart: number[] = [];
  const semi: number[] = [];
  const decoder = new TextDecoder();
  const flushOut = (final: boolean): void => {
    if (json || (!out.length && !final)) { out.length = 0; return; }
    const s = decoder.decode(new Uint8Array(out), { stream: !final });
    out.length = 0;
    if (s) io.out(s);
  };

  let m: VirtMachine;
  try {
    m = createVirtMachine({
      el: elText === '1' ? 1 : 2,
      cpus,
      gic,
      semihosting: !a.flags.has('--no-semihosting'),
      trace: traceMode ? (e: TraceEvent) => { traceOut.push(e); } : null,
      traceMmio: traceMode === 'all',
      uartOutput: (b) => { out.push(b); uart.push(b); },
      hostWrite: (fd, data) => {
        if (fd === 2) { io.err(decoder.decode(data)); return; }
        for (const b of data) { out.push(b); semi.push(b); }
      },
    });
    // -append / -initrd as QEMU: in the DTB's /chosen (bootargs, linux,initrd-start/end).
    const initrdPath = flag(a, '--initrd');
    let initrd: Uint8Array | undefined;
    if (initrdPath !== undefined) {
      try { initrd = new Uint8Array(readFileSync(initrdPath)); } catch (e) { throw new LoadError(`--initrd: cannot read ${initrdPath}: ${(e as Error).message}`); }
    }
    const img = m.loadAndBoot(file, bytes, readSourceFile, { bootargs: flag(a, '--append'), initrd });
    for (const w of img.warnings) io.err(w + '\n');
  } catch (e) {
    traceOut.close();
    if (e instanceof LoadError) {
      io.err(`armvirt run: ${file}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }

  let interrupted = false;
  const onSigint = (): void => { interrupted = true; };
  process.on('SIGINT', onSigint);
  const t0 = process.hrtime.bigint();
  let stop: StopState | null = null;
  try {
    let left = max;
    while (!stop) {
      if (left <= 0) { m.traceStop('instruction limit'); stop = { kind: 'limit', reason: `instruction limit (${max}) reached`, exitStatus: null }; break; }
      const before = m.instructions;
      stop = m.runSlice(Math.min(SLICE, left));
      left -= m.instructions - before;
      flushOut(false);
      traceOut.flush();
      if (stop) break;
      await new Promise<void>((r) => setImmediate(r));
      if (interrupted) { m.traceStop('interrupted'); stop = { kind: 'interrupted', reason: 'interrupted (Ctrl-C)', exitStatus: null }; }
    }
  } finally {
    process.off('SIGINT', onSigint);
    flushOut(true);
    traceOut.flush();
    traceOut.close();
  }
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const status = exitStatusOf(stop);
  const insns = m.instructions;
  const undef: Record<string, number> = {};
  for (const c of m.cpus) for (const [k, v] of c.undefinedCounts) undef[k] = (undef[k] ?? 0) + v;
  const summary: RunSummary = {
    instructions: insns,
    cycles: m.cpus.reduce((n, c) => n + c.cycles, 0),
    cpuCycles: m.cpus.map((c) => c.cycles),
    wallSeconds: wall,
    mips: wall > 0 ? insns / wall / 1e6 : 0,
    exitStatus: status,
    stop: stop.kind,
    reason: stop.reason,
    uart: new TextDecoder().decode(new Uint8Array(uart)),
    semihosting: new TextDecoder().decode(new Uint8Array(semi)),
    undefined: undef,
  };
  if (json) io.out(JSON.stringify(summary) + '\n');
  if (stop.kind === 'halted' || stop.kind === 'idle') io.err(`armvirt run: stopped: ${stop.reason}\n`);
  const perCore = m.cpus.length > 1 ? ` (${m.cpus.map((c) => `cpu${c.index} ${c.cycles}`).join(', ')})` : '';
  io.err(`armvirt: ${insns} instructions, ${summary.cycles} cycles${perCore}, ` +
    `${wall.toFixed(3)} s, ${summary.mips.toFixed(2)} MIPS, exit ${status}\n`);
  return status;
}

/** The process exit status for a stop. */
export function exitStatusOf(stop: StopState): number {
  switch (stop.kind) {
    case 'poweroff': case 'reset': return 0;
    case 'exit': return (stop.exitStatus ?? 1) & 0xff;
    case 'limit': return EXIT_LIMIT;
    case 'interrupted': return EXIT_INTERRUPTED;
    default: return 1;
  }
}
