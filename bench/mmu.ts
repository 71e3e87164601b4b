// The cost of address translation (the memory-virtualization issue's speed target): the same
// pointer chase over 64 MB (test/programs/c/chase.c) with the MMU off at EL2, and at EL1 with
// Stage-1 (identity, 4 KB pages) and Stage-2 (identity, 1 GB blocks, VMID 1) both on, in one run.
// The slowdown is the ratio of the two runs' MIPS (the instruction counts differ only by the
// table setup, a few hundred thousand instructions). Target: at most 1.5x.
//   node scripts/bench.mjs mmu [--steps N] [--repeat N] [--json]

import { readFileSync } from 'node:fs';
import { createVirtMachine } from '../emulator/machine/virt';
import { buildProgram, haveCrossGcc } from '../test/programs/c/build';

export const TARGET_SLOWDOWN = 1.5;
/** chase.c's array is at PA 0x44000000 + 64 MB; the Stage-1 map covers 256 MB of RAM. */
const RAM_SIZE = 256 << 20;

interface Run { name: string; instructions: number; seconds: number; mips: number; output: string; tlbHits: number; tlbMisses: number }

function run(name: string, elf: string): Run {
  const out: number[] = [];
  const m = createVirtMachine({ ramSize: RAM_SIZE, uartOutput: (b) => out.push(b) });
  m.loadAndBoot(elf, readFileSync(elf));
  const t0 = process.hrtime.bigint();
  let stop = null;
  while (!stop && m.instructions < 4e9) stop = m.runSlice(10_000_000);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const output = Buffer.from(out).toString('latin1');
  if (stop?.kind !== 'poweroff' || !/^chase /m.test(output)) {
    throw new Error(`${name}: stopped with ${stop?.kind ?? 'instruction limit'} (${stop?.reason ?? ''}); output ${JSON.stringify(output)}`);
  }
  // The translator's TLB statistics, when the core has one (cold path, after the run).
  const tr = (m.cpus[0] as unknown as { translator?: { tlb?: { hits: number; misses: number } } }).translator;
  return { name, instructions: m.instructions, seconds, mips: m.instructions / seconds / 1e6, output, tlbHits: tr?.tlb?.hits ?? 0, tlbMisses: tr?.tlb?.misses ?? 0 };
}

export interface MmuReport { off: Run; on: Run; slowdown: number; target: number; met: boolean; sameResult: boolean }

export function runMmuBench(opts: { steps?: number; repeat?: number; log?: (s: string) => void } = {}): MmuReport {
  if (!haveCrossGcc()) throw new Error('aarch64-linux-gnu-gcc is not installed: cannot build chase.c');
  const log = opts.log ?? (() => undefined);
  const steps = opts.steps ?? 1 << 24;
  const offElf = buildProgram('chase', { defines: { MMU: 0, STEPS: steps } });
  const onElf = buildProgram('chase', { defines: { MMU: 1, STEPS: steps } });
  let off: Run | null = null, on: Run | null = null;
  // Alternate the two, keeping the fastest of each: both see the same JIT and host noise.
  for (let i = 0; i < (opts.repeat ?? 1); i++) {
    log(`run ${i + 1}: MMU off…`);
    const a = run('mmu-off', offElf);
    log(`run ${i + 1}: Stage-1 + Stage-2…`);
    const b = run('s1+s2', onElf);
    if (!off || a.seconds < off.seconds) off = a;
    if (!on || b.seconds < on.seconds) on = b;
  }
  const slowdown = off!.mips / on!.mips;
  const result = (s: string): string => s.replace(/mmu=\d/, '');
  return { off: off!, on: on!, slowdown, target: TARGET_SLOWDOWN, met: slowdown <= TARGET_SLOWDOWN, sameResult: result(off!.output) === result(on!.output) };
}

function fmt(r: MmuReport): string {
  const row = (x: Run): string => `${x.name.padEnd(9)}${String(x.instructions).padStart(14)}${x.seconds.toFixed(3).padStart(10)}` +
    `${x.mips.toFixed(2).padStart(9)}${String(x.tlbHits).padStart(14)}${String(x.tlbMisses).padStart(11)}`;
  return [
    `${'run'.padEnd(9)}${'instructions'.padStart(14)}${'seconds'.padStart(10)}${'MIPS'.padStart(9)}${'TLB hits'.padStart(14)}${'misses'.padStart(11)}`,
    row(r.off), row(r.on),
    `slowdown (MIPS off / MIPS on): ${r.slowdown.toFixed(3)}x — target ≤ ${r.target}x: ${r.met ? 'met' : 'not met'}`,
    r.sameResult ? 'both runs end on the same element' : `results differ:\n  ${r.off.output}  ${r.on.output}`,
  ].join('\n');
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const num = (flag: string): number | undefined => {
    const i = argv.indexOf(flag);
    return i < 0 ? undefined : Number(argv[i + 1]);
  };
  const json = argv.includes('--json');
  try {
    const r = runMmuBench({ steps: num('--steps'), repeat: num('--repeat'), log: json ? undefined : (s) => console.error(s) });
    console.log(json ? JSON.stringify(r) : fmt(r));
    process.exitCode = r.sameResult ? 0 : 1;
  } catch (e) {
    console.error(`bench/mmu: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
