// Instruction throughput of armvirt's interpreter, side by side with QEMU TCG on the same ELF in
// the same run. Workloads (compiled C, test/programs/c):
//   bench  a mix of quicksort/mergesort, a 64-bit mixing hash, CRC-32 and a bytecode
//          interpreter loop: about 118 M instructions at the default 14 rounds
//   alu    ten data-processing instructions in a loop (no loads/stores): the dispatch cost alone
// armvirt's instruction count is exact; QEMU executes the same instruction stream, so QEMU's MIPS
// is armvirt's count divided by a QEMU time, measured two ways:
//   process   wall time of the whole QEMU process (fastest of --repeat runs) minus its start-up
//             and teardown, measured the same way on a trivial program. QEMU needs only tens of
//             ms for these workloads against ~180 ms of start-up, so this is noisy on a busy host.
//   in-guest  the program reads CNTVCT_EL0 around its workload and prints "ticks=N freq=F";
//             under TCG the counter follows host time, so this excludes start-up exactly
//             (fastest of the runs). The ratio uses this one when present.
// Writes nothing into the repo (ELFs are cached under the OS temp dir).
//   node --import tsx bench/speed.ts [--json] [--rounds N] [--iters N] [--repeat N] [--no-qemu]

import { buildProgram, haveCrossGcc } from '../test/programs/c/build';
import { comparable, guestSeconds, haveQemu, runArmvirt, runQemu } from '../test/programs/runners';

/** The issue's target for the interpreter on this machine. */
export const TARGET_MIPS = 50;

export interface WorkloadResult {
  name: string;
  instructions: number;
  /** Emulated cycles under the cost model (emulator/cost/table.ts) and cycles per instruction. */
  cycles: number;
  cpi: number;
  armvirt: { ok: boolean; problem?: string; seconds: number; mips: number };
  qemu: {
    /** Whole-process wall time, and minus start-up; MIPS from the latter. */
    seconds: number; netSeconds: number; mips: number;
    /** From the guest's counter around the workload (null if the program prints no ticks line). */
    guestSeconds: number | null; guestMips: number | null;
    outputMatches: boolean;
  } | null;
  /** armvirt MIPS / QEMU MIPS, in-guest measure when present (QEMU is 1 / ratio times faster). */
  ratio: number | null;
}

export interface SpeedReport {
  workloads: WorkloadResult[];
  qemuStartupSeconds: number | null;
  targetMips: number;
  targetMet: boolean;
}

export interface SpeedOptions { rounds?: number; iters?: number; repeat?: number; qemu?: boolean; log?: (s: string) => void }

function fastest(n: number, f: () => number): number {
  let best = Infinity;
  for (let i = 0; i < n; i++) best = Math.min(best, f());
  return best;
}

export function runSpeedBench(opts: SpeedOptions = {}): SpeedReport {
  if (!haveCrossGcc()) throw new Error('aarch64-linux-gnu-gcc is not installed: cannot build the benchmark programs');
  const log = opts.log ?? (() => undefined);
  const repeat = opts.repeat ?? 3;
  const useQemu = (opts.qemu ?? true) && haveQemu();
  if ((opts.qemu ?? true) && !useQemu) log('qemu-system-aarch64 is not installed: armvirt figures only');
  const workloads = [
    { name: 'bench', elf: buildProgram('bench', { defines: { ROUNDS: opts.rounds ?? 14 } }) },
    { name: 'alu', elf: buildProgram('alu', { defines: { ITERS: opts.iters ?? 10_000_000 } }) },
  ];
  let startup: number | null = null;
  if (useQemu) {
    const trivial = buildProgram('alu', { defines: { ITERS: 1 } });
    startup = fastest(repeat + 2, () => runQemu(trivial).seconds);
    log(`QEMU start-up + SYSTEM_OFF of a trivial program: ${(startup * 1e3).toFixed(1)} ms`);
  }
  const results: WorkloadResult[] = [];
  for (const w of workloads) {
    log(`${w.name}: running under armvirt…`);
    const a = runArmvirt(w.elf);
    const ok = a.stop === 'poweroff' && Object.keys(a.undefined).length === 0;
    const undef = Object.entries(a.undefined).map(([k, v]) => `${k}×${v}`).join(', ');
    const problem = ok ? undefined : `armvirt cannot run ${w.name} yet: stopped with ${a.stop} (${a.reason}) after ${a.instructions} instructions` +
      (undef ? `; UNDEFINED taken: ${undef}` : '');
    const armvirt = { ok, problem, seconds: a.seconds, mips: a.instructions / a.seconds / 1e6 };
    let qemu: WorkloadResult['qemu'] = null;
    if (useQemu) {
      log(`${w.name}: running under QEMU TCG (${repeat}×)…`);
      let output = '';
      let guest = Infinity;
      const seconds = fastest(repeat, () => {
        const q = runQemu(w.elf, { timeoutMs: 120_000 });
        if (q.timedOut || q.status !== 0) throw new Error(`QEMU failed on ${w.name}: status ${q.status}${q.timedOut ? ' (timeout)' : ''} ${q.stderr}`);
        output = q.output;
        guest = Math.min(guest, guestSeconds(q.output) ?? Infinity);
        return q.seconds;
      });
      // Clamped at 1 ms: start-up noise can exceed the net time on a busy host.
      const net = Math.max(seconds - (startup ?? 0), 1e-3);
      const g = Number.isFinite(guest) && guest > 0 ? guest : null;
      qemu = {
        seconds, netSeconds: net, mips: a.instructions / net / 1e6,
        guestSeconds: g, guestMips: g === null ? null : a.instructions / g / 1e6,
        outputMatches: comparable(output) === comparable(a.output),
      };
      if (ok && !qemu.outputMatches) armvirt.problem = `armvirt's UART output differs from QEMU's:\n  armvirt: ${JSON.stringify(a.output)}\n  qemu:    ${JSON.stringify(output)}`;
    }
    const qMips = qemu ? qemu.guestMips ?? qemu.mips : 0;
    results.push({ name: w.name, instructions: a.instructions, cycles: a.cycles, cpi: a.cycles / a.instructions, armvirt, qemu, ratio: qemu && ok && !armvirt.problem ? armvirt.mips / qMips : null });
  }
  const main = results[0];
  return {
    workloads: results,
    qemuStartupSeconds: startup,
    targetMips: TARGET_MIPS,
    targetMet: main.armvirt.ok && main.armvirt.mips >= TARGET_MIPS,
  };
}

function fmt(r: SpeedReport): string {
  const lines: string[] = [];
  const pad = (s: string, n: number): string => s.padStart(n);
  lines.push(`${'workload'.padEnd(9)}${pad('instructions', 14)}${pad('armvirt s', 11)}${pad('armvirt MIPS', 14)}` +
    `${pad('QEMU s', 9)}${pad('QEMU MIPS', 11)}${pad('in-guest s', 12)}${pad('QEMU MIPS', 11)}${pad('ratio', 10)}`);
  for (const w of r.workloads) {
    const q = w.qemu;
    lines.push(`${w.name.padEnd(9)}${pad(String(w.instructions), 14)}${pad(w.armvirt.seconds.toFixed(3), 11)}` +
      `${pad(w.armvirt.ok ? w.armvirt.mips.toFixed(2) : 'n/a', 14)}${pad(q ? q.netSeconds.toFixed(3) : '-', 9)}` +
      `${pad(q ? q.mips.toFixed(0) : '-', 11)}${pad(q?.guestSeconds != null ? q.guestSeconds.toFixed(4) : '-', 12)}` +
      `${pad(q?.guestMips != null ? q.guestMips.toFixed(0) : '-', 11)}` +
      `${pad(w.ratio === null ? '-' : w.ratio < 0.01 ? w.ratio.toExponential(2) : w.ratio.toFixed(4), 10)}`);
  }
  for (const w of r.workloads) lines.push(`${w.name}: ${w.cycles} emulated cycles (CPI ${w.cpi.toFixed(3)}, cost model emulator/cost)`);
  lines.push('(QEMU s: process wall time minus start-up; in-guest s: CNTVCT_EL0 around the workload; ratio = armvirt MIPS / QEMU MIPS, in-guest when present)');
  for (const w of r.workloads) if (w.armvirt.problem) lines.push(`${w.name}: ${w.armvirt.problem}`);
  for (const w of r.workloads) if (w.ratio !== null) lines.push(`${w.name}: QEMU TCG is ${(1 / w.ratio).toFixed(1)}× faster than armvirt`);
  if (r.qemuStartupSeconds !== null) lines.push(`QEMU times exclude ${(r.qemuStartupSeconds * 1e3).toFixed(1)} ms of start-up/teardown (a trivial program)`);
  const main = r.workloads[0];
  lines.push(`target: ≥ ${r.targetMips} MIPS on 'bench' — ${!main.armvirt.ok ? 'not measurable yet' : r.targetMet ? 'met' : `not met (${main.armvirt.mips.toFixed(2)} MIPS)`}`);
  return lines.join('\n');
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const num = (flag: string): number | undefined => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = Number(argv[i + 1]);
    if (!Number.isSafeInteger(v) || v <= 0) { console.error(`${flag} needs a positive whole number`); process.exit(2); }
    return v;
  };
  const json = argv.includes('--json');
  try {
    const r = runSpeedBench({
      rounds: num('--rounds'), iters: num('--iters'), repeat: num('--repeat'), qemu: !argv.includes('--no-qemu'),
      log: json ? undefined : (s) => console.error(s),
    });
    console.log(json ? JSON.stringify(r) : fmt(r));
    process.exitCode = r.workloads.every((w) => w.armvirt.ok) ? 0 : 1;
  } catch (e) {
    console.error(`bench/speed: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
