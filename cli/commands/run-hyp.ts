// `armvirt run --hyp kvm|kvm-vhe|xen guest.S`: boots the hypervisor, its host kernel (or Dom0)
// and the program as the guest of a VM (emulator/hypervisors createHypSystem). The guest's
// virtual UART reaches stdout through the hypervisor's PL011 emulation; `--trace` writes the
// machine's events as JSON lines, each exception/ERET tagged with the world it left or entered
// (from HCR_EL2.VM and VTTBR_EL2.VMID, as the debugger derives it).

import { readFileSync } from 'node:fs';
import { TraceWriter } from '../trace-writer';
import { ImageError } from '../../emulator/hypervisors/images';
import { createHypSystem, HypervisorUnavailable, isHypervisorName } from '../../emulator/hypervisors/index';
import type { HypSystem } from '../../emulator/hypervisors/types';
import { slotOf } from '../../emulator/cpu/sysregs';
import type { StopState } from '../../emulator/machine/machine';
import type { TraceEvent } from '../../emulator/trace/events';
import { UsageError } from '../args';
import type { Io } from '../main';
import { exitStatusOf } from './run';

export interface HypRunRequest {
  file: string;
  hyp: string;
  cpus: number;
  gic: 2 | 3;
  max: number;
  traceMode: string | undefined;
  traceFile: string | undefined;
  json: boolean;
}

const SLICE = 1_000_000;
const VTTBR = slotOf('VTTBR_EL2'), HCR = slotOf('HCR_EL2');

export async function runUnderHypervisor(r: HypRunRequest, io: Io): Promise<number> {
  if (!isHypervisorName(r.hyp)) throw new UsageError(`--hyp: '${r.hyp}' must be xen, kvm, kvm-vhe or none`);
  if (!/\.(s|S|asm)$/.test(r.file)) throw new UsageError('--hyp runs an assembly guest (.S): its VM is built from the source');
  let text: string;
  try {
    text = readFileSync(r.file, 'utf8');
  } catch (e) {
    io.err(`armvirt run: cannot read ${r.file}: ${(e as Error).message}\n`);
    return 1;
  }
  const traceOut = new TraceWriter(io);
  const traceOpenError = traceOut.open(r.traceFile);
  if (traceOpenError) { io.err(traceOpenError); return 1; }
  const uart: number[] = [];
  const out: number[] = [];
  const decoder = new TextDecoder();
  let sys: HypSystem;
  let worldOf: (cpu: number) => string = () => '';
  try {
    sys = createHypSystem(r.hyp, {
      cpus: r.cpus, gic: r.gic, guest: { fileName: r.file, text },
      uartOutput: (b) => { out.push(b); uart.push(b); },
      trace: r.traceMode ? (e: TraceEvent) => {
        if (e.kind === 'mmio' && r.traceMode !== 'all') return;
        const tagged = e.kind === 'exception' || e.kind === 'eret' ? { ...e, world: worldOf(e.cpu) } : e;
        traceOut.push(tagged);
      } : null,
    });
  } catch (e) {
    traceOut.close();
    if (e instanceof ImageError || e instanceof HypervisorUnavailable) {
      io.err(`armvirt run: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const m = sys.machine;
  worldOf = (cpu) => {
    const c = m.cpus[cpu];
    if (!c) return '';
    if ((c.sys[HCR] & 1n) === 0n || c.el === 2) return c.el === 2 ? 'hyp' : 'host';
    const vmid = Number((c.sys[VTTBR] >> 48n) & 0xffn);
    return sys.images.find((i) => i.vmid === vmid)?.role ?? `vmid${vmid}`;
  };
  let interrupted = false;
  const onSigint = (): void => { interrupted = true; };
  process.on('SIGINT', onSigint);
  const t0 = process.hrtime.bigint();
  let stop: StopState | null = null;
  try {
    while (!stop) {
      const left = r.max - m.instructions;
      if (left <= 0) { m.traceStop('instruction limit'); stop = { kind: 'limit', reason: `instruction limit (${r.max}) reached`, exitStatus: null }; break; }
      stop = m.runSlice(Math.min(SLICE, left));
      if (!r.json && out.length) { io.out(decoder.decode(new Uint8Array(out), { stream: true })); out.length = 0; }
      traceOut.flush();
      if (!stop) await new Promise<void>((res) => setImmediate(res));
      if (!stop && interrupted) { m.traceStop('interrupted'); stop = { kind: 'interrupted', reason: 'interrupted (Ctrl-C)', exitStatus: null }; }
    }
  } finally {
    process.off('SIGINT', onSigint);
    traceOut.flush();
    traceOut.close();
  }
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const status = exitStatusOf(stop);
  const cycles = m.cpus.map((c) => c.cycles);
  if (r.json) {
    io.out(JSON.stringify({
      hypervisor: sys.hypervisor, instructions: m.instructions, cycles, wallSeconds: wall, exitStatus: status,
      stop: stop.kind, reason: stop.reason, uart: decoder.decode(new Uint8Array(uart)),
      images: sys.images.map((i) => ({ role: i.role, source: i.source, loadPa: '0x' + i.loadPa.toString(16), vmid: i.vmid })),
    }) + '\n');
  }
  if (stop.kind === 'halted' || stop.kind === 'idle') io.err(`armvirt run: stopped: ${stop.reason}\n`);
  io.err(`armvirt: ${sys.hypervisor}: ${m.instructions} instructions, cycles per core ${cycles.join('/')}, ${wall.toFixed(3)} s, exit ${status}\n`);
  return status;
}
