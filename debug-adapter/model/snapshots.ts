// Checkpoints for reverse execution. The machine is deterministic (DESIGN.md), so going back
// to instruction N is: restore the last checkpoint at or before N, then replay forward exactly
// N - checkpoint instructions. A checkpoint holds every core's registers and system registers,
// the board's small state (power, stop, UART registers), debugger bookkeeping, and the RAM pages
// that differ from the image as loaded ("base"): the base is kept once, sparse, and pages are
// compared natively (Buffer.compare), so a checkpoint costs a scan but little memory.

import type { Cpu } from '../../emulator/cpu/cpu';
import { PAGE_SIZE } from '../../emulator/memory/bus';
import type { VirtMachine } from '../../emulator/machine/virt';
import type { MmuTranslator } from '../../emulator/memory/translator';
import { loadState, saveState, type Saved } from './device-state';

/** Cpu fields that are plain numbers/booleans/strings of architectural or run state. */
const CPU_SCALARS = ['pcLo', 'pcHi', 'nf', 'zf', 'cf', 'vf', 'daif', 'el', 'spsel', 'pan', 'uao', 'dit', 'ssbs', 'tco', 'ss', 'il',
  'fpcr', 'fpsr', 'icount', 'halted', 'haltReason', 'waiting', 'eventRegister', 'exclusivePa', 'exclusiveSize', 'irqLine', 'fiqLine',
  'virqLine', 'vfiqLine', 'cycles', 'deadline'] as const;
type CpuScalars = Pick<Cpu, (typeof CPU_SCALARS)[number]>;

interface CpuState {
  scalars: CpuScalars; x: Uint32Array; sp: Uint32Array; v: Uint32Array; sys: BigUint64Array; undef: [string, number][];
  /** Per-EL cycle/instruction totals and the PMU's counting state (PMCCNTR_EL0 must replay exactly). */
  elTime: Float64Array; pmu: ReturnType<Cpu['pmu']['saveState']>;
}

export interface Checkpoint<X> {
  readonly icount: number;
  readonly cpus: CpuState[];
  readonly ram: Map<number, Uint8Array>;
  readonly power: VirtMachine['power'];
  readonly stopped: VirtMachine['stopped'];
  readonly devices: Record<string, unknown>[];
  readonly deviceState: Saved[];
  /** The debugger's own state at this point (trap history, exception frames, scheduler). */
  readonly extra: X;
}

const ZERO = Buffer.alloc(PAGE_SIZE);

export class Checkpoints<X> {
  private readonly base = new Map<number, Buffer>();
  private readonly list: Checkpoint<X>[] = [];
  private readonly pages: number;
  private readonly mem: Buffer;

  /** What devices only refer to: never part of their state. */
  private readonly skip: ReadonlySet<object>;

  constructor(private readonly m: VirtMachine, private readonly max = 48) {
    this.skip = new Set<object>([...m.cpus, m.bus, m, m.code]);
    this.mem = Buffer.from(m.bus.ram);
    this.pages = m.bus.ramSize / PAGE_SIZE;
    for (let p = 0; p < this.pages; p++) {
      const pg = this.page(p);
      if (!pg.equals(ZERO)) this.base.set(p, Buffer.from(pg));
    }
  }

  private page(p: number): Buffer { return this.mem.subarray(p * PAGE_SIZE, (p + 1) * PAGE_SIZE); }

  get count(): number { return this.list.length; }
  get latestIcount(): number { return this.list.length ? this.list[this.list.length - 1].icount : -1; }
  get earliest(): Checkpoint<X> | undefined { return this.list[0]; }

  /** Takes a checkpoint now; `replace` overwrites one at the same instruction count (state edited by hand). */
  take(extra: X, replace = false): void {
    const icount = this.m.instructions;
    if (replace) while (this.list.length > 1 && this.list[this.list.length - 1].icount >= icount) this.list.pop();
    if (this.list.length && this.list[this.list.length - 1].icount === icount) {
      if (!replace || this.list.length === 1) return;
    }
    // A checkpoint from a past that was abandoned (after stepping back then running a different way) is no longer true.
    while (this.list.length && this.list[this.list.length - 1].icount > icount) this.list.pop();
    const ram = new Map<number, Uint8Array>();
    for (let p = 0; p < this.pages; p++) {
      const pg = this.page(p);
      if (!pg.equals(this.base.get(p) ?? ZERO)) ram.set(p, new Uint8Array(pg));
    }
    this.list.push({
      icount, ram, extra,
      cpus: this.m.cpus.map(saveCpu),
      power: [...this.m.power],
      stopped: this.m.stopped ? { ...this.m.stopped } : null,
      devices: [saveDevice(this.m.uart)],
      // The GIC (distributor, CPU and virtual interfaces, list registers) and the timers replay
      // from here too, or a step back across an interrupt would diverge.
      deviceState: [saveState(this.m.gic, this.skip), ...this.m.timers.map((t) => saveState(t, this.skip))],
    });
    // Thin out: keep the first (entry) checkpoint and drop every other one of the rest.
    if (this.list.length > this.max) {
      const keep = [this.list[0], ...this.list.slice(1).filter((_, i) => i % 2 === 1)];
      this.list.splice(0, this.list.length, ...keep);
    }
  }

  /** The last checkpoint at or before `icount`. */
  before(icount: number): Checkpoint<X> | undefined {
    for (let i = this.list.length - 1; i >= 0; i--) if (this.list[i].icount <= icount) return this.list[i];
    return undefined;
  }

  restore(cp: Checkpoint<X>): void {
    const m = this.m;
    for (let p = 0; p < this.pages; p++) {
      const want = cp.ram.get(p) ?? this.base.get(p) ?? ZERO;
      const cur = this.page(p);
      if (!cur.equals(want)) cur.set(want);
    }
    cp.cpus.forEach((s, i) => loadCpu(m.cpus[i], s));
    m.power.splice(0, m.power.length, ...cp.power);
    m.stopped = cp.stopped ? { ...cp.stopped } : null;
    loadDevice(m.uart, cp.devices[0]);
    loadState(m.gic, cp.deviceState[0], this.skip);
    m.timers.forEach((t, i) => loadState(t, cp.deviceState[i + 1], this.skip));
    // Every cached derivation of RAM and translation state is now stale.
    for (let p = 0; p < this.pages; p++) if (m.code.codePages[p]) m.code.invalidate(m.bus.ramBase + p * PAGE_SIZE);
    for (const c of m.cpus) {
      (c.translator as MmuTranslator | null)?.tlb?.flushAll();
      c.flushTranslation();
    }
  }
}

function saveCpu(c: Cpu): CpuState {
  const scalars = {} as Record<string, unknown>;
  for (const k of CPU_SCALARS) scalars[k] = c[k];
  return {
    scalars: scalars as unknown as CpuScalars, x: c.x.slice(), sp: c.spRegs.slice(), v: c.v.slice(), sys: c.sys.slice(), undef: [...c.undefinedCounts],
    elTime: c.elTime.slice(), pmu: c.pmu.saveState(),
  };
}

function loadCpu(c: Cpu, s: CpuState): void {
  Object.assign(c, s.scalars);
  c.x.set(s.x); c.spRegs.set(s.sp); c.v.set(s.v); c.sys.set(s.sys);
  c.elTime.set(s.elTime); c.pmu.loadState(s.pmu);
  c.undefinedCounts.clear();
  for (const [k, v] of s.undef) c.undefinedCounts.set(k, v);
}

/** A device's plain fields (numbers, booleans, strings, typed and number arrays); callbacks stay. */
function saveDevice(d: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) {
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') out[k] = v;
    else if (v instanceof Uint16Array || v instanceof Uint8Array || v instanceof Uint32Array) out[k] = v.slice();
    else if (Array.isArray(v) && v.every((x) => typeof x === 'number')) out[k] = [...v];
  }
  return out;
}

function loadDevice(d: object, s: Record<string, unknown>): void {
  const t = d as Record<string, unknown>;
  for (const [k, v] of Object.entries(s)) {
    const cur = t[k];
    if (cur instanceof Uint16Array || cur instanceof Uint8Array || cur instanceof Uint32Array) cur.set(v as ArrayLike<number>);
    else if (Array.isArray(cur)) cur.splice(0, cur.length, ...(v as number[]));
    else if (k !== 'name') t[k] = v;
  }
}
