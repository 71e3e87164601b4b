// `armvirt bench micro [--hyp kvm|xen|kvm-vhe|all] [--benchmark NAME] [--iterations N] [--json]
// [--breakdown] [--memory-model l1|xgene]`: the paper's microbenchmark table (Dall et al., ISCA
// 2016, Table III) measured in emulated cycles by the benchmark guests themselves, beside the
// paper's ARM KVM and ARM Xen figures. `--breakdown` adds the KVM hypercall's save/restore cost by
// state class (Table IV), measured by the lowvisor's breakdown build. `--memory-model xgene` runs
// the boards with X-Gene 1's cache hierarchy (emulator/cost/cache.ts) instead of charging every
// access as an L1 hit. Exit status 1 if any requested cell failed.

import { HypervisorUnavailable } from '../../emulator/hypervisors/index';
import {
  DEFAULT_ITERATIONS, measureBreakdown, PAPER, runMicrobenchmark, STATE_CLASS_NAMES, type Breakdown,
} from '../../emulator/hypervisors/microbench';
import { MEMORY_MODELS, type MemoryModel } from '../../emulator/cost/cache';
import { judgeFindings, type Finding } from '../../emulator/hypervisors/findings';
import { HYPERVISORS, MICROBENCHMARKS, type HypervisorName, type MicroBenchmark, type MicroResult } from '../../emulator/hypervisors/types';
import { flag, parseArgs, UsageError } from '../args';
import type { Io } from '../main';

const USAGE = 'usage: armvirt bench micro [--hyp kvm|xen|kvm-vhe|all] [--benchmark NAME] [--iterations N] [--json] [--breakdown] [--memory-model l1|xgene]';

const TITLES: Record<MicroBenchmark, string> = {
  'hypercall': 'Hypercall', 'irq-controller-trap': 'Interrupt Controller Trap', 'virtual-ipi': 'Virtual IPI',
  'virtual-irq-completion': 'Virtual IRQ Completion', 'vm-switch': 'VM Switch', 'io-latency-out': 'I/O Latency Out',
  'io-latency-in': 'I/O Latency In',
};

/** The paper column each of our hypervisors is compared with (VHE: against split-mode KVM, what it improves on). */
const COMPARED_WITH: Record<HypervisorName, 'kvm' | 'xen'> = { 'kvm': 'kvm', 'xen': 'xen', 'kvm-vhe': 'kvm' };

const num = (n: number): string => Math.round(n).toLocaleString('en-US');

export async function benchCommand(argv: string[], io: Io): Promise<number> {
  const a = parseArgs(argv, { values: ['--hyp', '--iterations', '--benchmark', '--memory-model'], booleans: ['--json', '--breakdown'] });
  if (a.positionals.length !== 1 || a.positionals[0] !== 'micro') throw new UsageError(USAGE);
  const hypText = flag(a, '--hyp') ?? 'all';
  if (hypText !== 'all' && !(HYPERVISORS as readonly string[]).includes(hypText)) throw new UsageError(`--hyp: '${hypText}' must be kvm, xen, kvm-vhe or all`);
  const hyps: HypervisorName[] = hypText === 'all' ? [...HYPERVISORS] : [hypText as HypervisorName];
  const bText = flag(a, '--benchmark');
  if (bText !== undefined && !(MICROBENCHMARKS as readonly string[]).includes(bText)) {
    throw new UsageError(`--benchmark: '${bText}' must be one of ${MICROBENCHMARKS.join(', ')}`);
  }
  const benches: MicroBenchmark[] = bText ? [bText as MicroBenchmark] : [...MICROBENCHMARKS];
  const itText = flag(a, '--iterations') ?? String(DEFAULT_ITERATIONS);
  const iterations = Number(itText);
  if (!/^[0-9]+$/.test(itText) || iterations < 1 || iterations > 4096) throw new UsageError(`--iterations: '${itText}' must be a whole number from 1 to 4096`);
  const json = a.flags.has('--json');
  const mmText = flag(a, '--memory-model') ?? 'l1';
  if (!(MEMORY_MODELS as readonly string[]).includes(mmText)) throw new UsageError(`--memory-model: '${mmText}' must be ${MEMORY_MODELS.join(' or ')}`);
  const memoryModel = mmText as MemoryModel;
  // The breakdown build's stamps are calibrated against Table IV with the cost table alone.
  if (memoryModel !== 'l1' && a.flags.has('--breakdown')) throw new UsageError('--breakdown is measured with --memory-model l1 only');

  const results: MicroResult[] = [];
  const failures: string[] = [];
  for (const h of hyps) {
    for (const b of benches) {
      try {
        results.push(runMicrobenchmark(h, b, { iterations, memoryModel }));
      } catch (e) {
        failures.push(`${h} ${b}: ${(e as Error).message}`);
        if (e instanceof HypervisorUnavailable) break; // the rest of its row fails the same way
      }
      await new Promise<void>((r) => setImmediate(r));
    }
  }
  let breakdown: Breakdown | null = null;
  let breakdownVhe: Breakdown | null = null;
  if (a.flags.has('--breakdown')) {
    try {
      breakdown = measureBreakdown({ iterations });
    } catch (e) {
      failures.push(`breakdown: ${(e as Error).message}`);
    }
    // With kvm-vhe in the run: the same stamps in the VHE switch, to show where its savings are.
    if (hyps.includes('kvm-vhe')) {
      try {
        breakdownVhe = measureBreakdown({ iterations, hypervisor: 'kvm-vhe' });
      } catch (e) {
        failures.push(`kvm-vhe breakdown: ${(e as Error).message}`);
      }
    }
  }

  // The paper's qualitative findings, judged on this run's cells (those it could not judge say so).
  const findings = judgeFindings(results).filter((f) => f.holds !== null || (hyps.length > 1 && benches.length > 1));
  if (json) {
    const out: Record<string, unknown> = { results: results.map((r) => ({ hypervisor: r.hypervisor, benchmark: r.benchmark, cycles: Math.round(r.cycles) })), memoryModel };
    if (findings.length) out.findings = findings;
    if (breakdown) {
      out.breakdown = breakdown.rows.map((r) => ({ state: r.cls, save: Math.round(r.save), restore: Math.round(r.restore), paperSave: r.paperSave, paperRestore: r.paperRestore }));
      out.breakdownHost = { save: Math.round(breakdown.host.save), restore: Math.round(breakdown.host.restore) };
      out.breakdownTotal = Math.round(breakdown.total);
    }
    if (breakdownVhe) {
      out.breakdownVhe = breakdownVhe.rows.map((r) => ({ state: r.cls, save: Math.round(r.save), restore: Math.round(r.restore) }));
      out.breakdownVheTotal = Math.round(breakdownVhe.total);
    }
    if (failures.length) out.errors = failures;
    io.out(JSON.stringify(out) + '\n');
  } else {
    io.out(formatTable(hyps, benches, results, iterations, memoryModel));
    if (findings.length) io.out('\n' + formatFindings(findings));
    if (breakdown) io.out('\n' + formatBreakdown(breakdown, breakdownVhe));
  }
  for (const f of failures) io.err(`armvirt bench: ${f}\n`);
  return failures.length ? 1 : 0;
}

function formatFindings(fs: Finding[]): string {
  const mark = (f: Finding): string => (f.holds === null ? '–' : f.holds ? '✓' : '✗');
  const lines = ['The paper\'s findings in this run (✓ holds, ✗ does not, – not measured):'];
  for (const f of fs) lines.push(`  ${mark(f)} ${f.claim}`, `      ${f.criterion}: ${f.evidence}`);
  return lines.join('\n') + '\n';
}

function formatTable(hyps: HypervisorName[], benches: MicroBenchmark[], results: MicroResult[], iterations: number, memoryModel: MemoryModel): string {
  const cell = (h: HypervisorName, b: MicroBenchmark): MicroResult | undefined => results.find((r) => r.hypervisor === h && r.benchmark === b);
  const head = ['microbenchmark'.padEnd(26), 'paper KVM'.padStart(10), 'paper Xen'.padStart(10)];
  for (const h of hyps) head.push(` | ${h.padStart(8)}`, `vs ${COMPARED_WITH[h] === 'kvm' ? 'KVM' : 'Xen'}`.padStart(7));
  const lines = [`Emulated cycles per operation (mean of ${iterations} iterations, measured with PMCCNTR_EL0 by the guests);`,
    'paper: Dall et al., ISCA 2016, Table III (ARM, X-Gene).',
    ...(memoryModel === 'xgene' ? ['memory model: X-Gene 1 caches (L1I/L1D, PMD L2, L3, DRAM, cross-core; emulator/cost/cache.ts).'] : []), '', head.join('')];
  for (const b of benches) {
    const row = [TITLES[b].padEnd(26), num(PAPER.kvm[b] ?? NaN).padStart(10), num(PAPER.xen[b] ?? NaN).padStart(10)];
    for (const h of hyps) {
      const r = cell(h, b);
      const p = PAPER[COMPARED_WITH[h]][b];
      row.push(` | ${(r ? num(r.cycles) : '—').padStart(8)}`, (r && p ? (r.cycles / p).toFixed(2) : '—').padStart(7));
    }
    lines.push(row.join(''));
  }
  return lines.join('\n') + '\n';
}

function formatBreakdown(b: Breakdown, vhe: Breakdown | null): string {
  const lines = ['KVM hypercall: save/restore cost by state class, cycles per round trip (host and guest world both,',
    'as KVM 4.0 switches them), measured by the lowvisor\'s breakdown build (PMCCNTR_EL0 between the blocks),',
    'beside the paper\'s Table IV; in brackets, the host\'s share.',
    ...(vhe ? ['vhe: the same stamps in the VHE switch (switch-vhe.inc), which leaves EL1, FP and idle vGIC state in the CPU.'] : []), '',
    `${'register state'.padEnd(30)}${'save'.padStart(14)}${'restore'.padStart(16)} | ` +
    (vhe ? `${'vhe save'.padStart(9)}${'vhe restore'.padStart(12)} | ` : '') + `${'paper save'.padStart(10)}${'paper restore'.padStart(14)}`];
  const share = (v: number, h: number): string => (h > 0 ? `${num(v)} (${num(h)})` : num(v));
  for (const r of b.rows) {
    const v = vhe?.rows.find((x) => x.cls === r.cls);
    lines.push(`${STATE_CLASS_NAMES[r.cls].padEnd(30)}${share(r.save, r.hostSave).padStart(14)}${share(r.restore, r.hostRestore).padStart(16)} | ` +
      (v ? `${num(v.save).padStart(9)}${num(v.restore).padStart(12)} | ` : '') +
      `${num(r.paperSave).padStart(10)}${num(r.paperRestore).padStart(14)}`);
  }
  const paperTotal = b.rows.reduce((s, r) => s + r.paperSave + r.paperRestore, 0);
  lines.push(`${'all stamped blocks'.padEnd(30)}${num(b.total).padStart(30)} | ` + (vhe ? `${num(vhe.total).padStart(21)} | ` : '') + `${num(paperTotal).padStart(24)}`);
  return lines.join('\n') + '\n';
}
