// The debug target: the emulated machine plus everything the debugger hooks into it. It owns
// the board, the loaded program, breakpoints, exception filters, per-core exception frames and
// trap history, and the three hooks through which execution stops:
//   - code breakpoints: the core's decode step is wrapped, so a breakpointed instruction decodes
//     to an executor that stops *before* it runs (no per-instruction check on the hot path);
//   - data breakpoints: the core's watch hook (one boolean on the data path while none is set);
//   - exception breakpoints: the trace event stream.
// A stop marks the core halted, which ends its run loop after the current instruction; the
// runner (debugger.ts) clears the mark. Run control lives in debugger.ts.

import { Cpu } from '../../emulator/cpu/cpu';
import type { Exec } from '../../emulator/cpu/semantics/types';
import { debugTranslate } from '../../emulator/memory/inspect';
import { MmuTranslator } from '../../emulator/memory/translator';
import { createVirtMachine, type VirtMachine } from '../../emulator/machine/virt';
import type { TraceEvent, TraceSink } from '../../emulator/trace/events';
import type { HypSystem } from '../../emulator/hypervisors/types';
import type { TimelineEvent } from '../custom-requests';
import { parseSpaceRef, Stage2Book, walkIpa, type SpaceRef } from './spaces';
import { worldOf, type World, type WorldNames } from './world';
import { BreakpointStore, judge, type Breakpoint } from './breakpoints';
import { evaluate, type EvalEnv } from './expr';
import { Program } from './program';
import { describeEsr, ecName, readCoreReg, readSysreg, sysregCanonical, fieldValue } from './registers';
import { sysregByName } from '../../emulator/isa/sysregs';
import { TRAP_FILTERS, trapContext, describeEvent, type TrapFilter } from './traps';

export type StopReason = 'entry' | 'step' | 'breakpoint' | 'function breakpoint' | 'instruction breakpoint' | 'data breakpoint' | 'exception' | 'pause' | 'goto';

export interface StopInfo {
  reason: StopReason;
  cpu: number;
  description?: string;
  text?: string;
  bpIds?: number[];
  trap?: TraceEvent;
  filter?: TrapFilter;
}

/** An exception being handled: pushed on entry, popped by the ERET that leaves it. */
export interface ExcFrame {
  type: string; fromEl: number; toEl: number; esr: bigint; elr: bigint; far?: bigint; vector: bigint;
  icount: number;
  /** Instructions from entry to the ERET (the cost until the cycle model lands); -1 while open. */
  handled: number;
  /** The world the exception came from (its image symbolizes the interrupted instruction). */
  world: string;
}

export interface TargetHost {
  output(text: string, category: 'console' | 'stdout' | 'stderr'): void;
}

/** Internal goals of compound steps, checked by the hooks. */
export type Goal =
  | { kind: 'run' }
  | { kind: 'step' }
  | { kind: 'until-return'; cpu: number; pa: number; el: number; sp: bigint }
  | { kind: 'until-depth'; cpu: number; depth: number }
  /** Back in a world below EL2 (a VM's trap may return through a host or another world first). */
  | { kind: 'until-world'; cpu: number; world: string; el: number };

export interface TargetState { frames: ExcFrame[][]; history: ExcFrame[][]; vms: ReturnType<Stage2Book['save']>; lastWorld: (string | undefined)[] }

/** What to debug: a bare program on the virt board, or a hypervisor system built around the target's hooks. */
export type TargetSpec =
  | { kind: 'program'; path: string; bytes: Uint8Array; el?: 1 | 2; ramSize?: number; cpus?: number; gic?: 2 | 3 }
  | { kind: 'system'; build: (trace: TraceSink, uartOutput: (b: number) => void) => HypSystem };

/** Timeline events kept (oldest dropped first). */
export const TIMELINE_MAX = 100_000;

export const HISTORY = 32;

export class Target {
  readonly machine: VirtMachine;
  /** Every loaded image: one for a bare program, one per PlacedImage for a hypervisor system. */
  readonly programs: Program[];
  /** The main image (the program, or the hypervisor). */
  readonly program: Program;
  readonly system: HypSystem | null = null;
  /** Stage-2 configurations by VMID (for ipa: of a VM not running now). */
  readonly s2 = new Stage2Book();
  /** World-switch and trap events of every core, oldest first (armvirt/timeline). */
  timeline: TimelineEvent[] = [];
  private openTraps: TimelineEvent[][];
  /** Recent Stage-2 faults (translation-fault events of stage 2), completed with the ESR of the abort they cause. */
  s2Faults: { cpu: number; vmid: number; ipa: string; esr: string; ec: string; cycle: number }[] = [];
  readonly bps = new BreakpointStore();
  readonly filters = new Map<string, string | undefined>();
  /** Trap classes the launch asked for (`stopOnTrap`): kept whatever the client's exception settings say. */
  readonly launchFilters = new Set<string>();
  frames: ExcFrame[][];
  history: ExcFrame[][];
  goal: Goal = { kind: 'step' };
  pending: StopInfo | null = null;
  /** Per core: icount when execution resumed (its first instruction skips a breakpoint there). */
  readonly resumeAt: number[];
  /** Replaying to a known instruction count: hooks record but never stop or print. */
  replaying = false;
  /** Searching backwards (reverse continue): hooks report stops but print nothing. */
  searching = false;
  private tempPa = -1;

  constructor(spec: TargetSpec, private readonly host: TargetHost, readFile: (p: string, from: string) => string | null) {
    const dec = new TextDecoder();
    const trace = (e: TraceEvent): void => this.onEvent(e);
    const uartOutput = (b: number): void => { if (!this.replaying && !this.searching) host.output(String.fromCharCode(b), 'stdout'); };
    if (spec.kind === 'program') {
      const cpus = spec.cpus ?? 1;
      // `cpus`/`gic` reach the board when it takes them (SMP and GIC wiring arrive with other issues).
      const opts = { el: spec.el ?? 2, ramSize: spec.ramSize, semihosting: true, traceMmio: true, trace, uartOutput, cpus, gic: spec.gic,
        hostWrite: (fd: 1 | 2, data: Uint8Array) => { if (!this.replaying && !this.searching) host.output(dec.decode(data), fd === 2 ? 'stderr' : 'stdout'); } };
      this.machine = createVirtMachine(opts);
      if (this.machine.cpus.length !== cpus) throw new Error(`launch: the board has ${this.machine.cpus.length} core(s); 'cpus' = ${cpus} needs SMP support on the virt board`);
      this.programs = [Program.load(spec.path, spec.bytes)];
      this.machine.loadAndBoot(spec.path, spec.bytes, readFile);
    } else {
      const sys = spec.build(trace, uartOutput);
      this.machine = sys.machine;
      this.system = sys;
      this.programs = sys.images.map((img) => Program.forImage(img, readFile));
      if (!this.programs.length) throw new Error(`the ${sys.hypervisor} system placed no image`);
    }
    this.program = this.programs[0];
    const n = this.machine.cpus.length;
    this.frames = Array.from({ length: n }, () => []);
    this.history = Array.from({ length: n }, () => []);
    this.openTraps = Array.from({ length: n }, () => []);
    this.resumeAt = new Array<number>(n).fill(-1);
    for (const c of this.machine.cpus) this.hook(c);
  }

  /** Names of worlds from the images (VM roles by VMID; a host kernel exists under KVM). */
  get names(): WorldNames {
    const ps = this.programs;
    return {
      roleOfVmid: (vmid) => ps.find((p) => p.vmid === vmid)?.world,
      hasHost: ps.some((p) => p.world === 'host'),
    };
  }

  world(c: Cpu): World { return worldOf(c, this.names); }

  /** The image a core is running (its world's), for symbols and lines; the first image otherwise. */
  programFor(c: Cpu, addr?: bigint): Program { return this.programIn(this.world(c).key, addr); }

  /** The image of a world ('hyp', 'host', 'vm1'…) holding `addr`; another image holding it; the world's first. */
  programIn(key: string, addr?: bigint): Program {
    const mine = this.programs.filter((p) => p.world === key);
    if (addr !== undefined) {
      const hit = mine.find((p) => p.contains(addr)) ?? this.programs.find((p) => p.contains(addr));
      if (hit) return hit;
    }
    return mine[0] ?? this.program;
  }

  get cpus(): Cpu[] { return this.machine.cpus; }

  private hook(c: Cpu): void {
    const decode = c.compile.bind(c);
    // Every decode goes through here; only breakpointed PAs get the stopping executor.
    c.compile = (word: number, pa: number): Exec => {
      const e = decode(word, pa);
      return this.bps.hasPa(pa) || pa === this.tempPa ? this.breakExec(e, pa) : e;
    };
    c.watch = (core, lo, hi, size, write) => this.onAccess(core, lo, hi, size, write);
  }

  private breakExec(real: Exec, pa: number): Exec {
    return (c) => {
      if (this.replaying || c.icount - 1 === this.resumeAt[c.index] || !this.codeStop(c, pa)) { real(c); return; }
      // Stop before the instruction: it does not retire and the PC stays.
      c.icount--;
      c.branched = true;
      c.halted = true;
    };
  }

  private codeStop(c: Cpu, pa: number): boolean {
    const g = this.goal;
    if (g.kind === 'until-return' && g.cpu === c.index && pa === g.pa && c.el === g.el && this.sp(c) >= g.sp) {
      this.pending = { reason: 'step', cpu: c.index };
      return true;
    }
    const list = this.bps.at(pa);
    if (!list) return false;
    const env = this.env(c);
    const ids: number[] = [];
    let kind: Breakpoint['kind'] = 'source';
    let vmid: number | null | undefined;
    for (const bp of list) {
      // A breakpoint bound in a VM stops only that VM's vCPUs (the page may be shared or aliased).
      const want = bp.vmids?.get(pa);
      if (want !== undefined && want !== null && want !== (vmid === undefined ? (vmid = this.world(c).vmid) : vmid)) continue;
      const v = judge(bp, env);
      if (v.log !== undefined && !this.searching) this.host.output(v.log, 'console');
      if (v.stop) { ids.push(bp.id); kind = bp.kind; }
    }
    if (!ids.length) return false;
    this.pending = { reason: kind === 'source' ? 'breakpoint' : kind === 'function' ? 'function breakpoint' : 'instruction breakpoint', cpu: c.index, bpIds: ids };
    return true;
  }

  private onAccess(c: Cpu, lo: number, hi: number, size: number, write: boolean): void {
    if (this.replaying || this.pending) return;
    const bp = this.bps.matchData(lo, hi, size, write, (space, vmid) => this.accessIn(c, lo, hi, space, vmid));
    if (!bp) return;
    const v = judge(bp, this.env(c));
    if (v.log !== undefined && !this.searching) this.host.output(v.log, 'console');
    if (!v.stop) return;
    const addr = (BigInt(hi) << 32n) | BigInt(lo);
    const d = bp.data!;
    const where = d.space === 'va' ? '' : ` (${d.space} 0x${(this.accessIn(c, lo, hi, d.space) ?? 0n).toString(16)})`;
    this.pending = { reason: 'data breakpoint', cpu: c.index, bpIds: [bp.id], description: `${write ? 'write' : 'read'} of ${size} bytes at 0x${addr.toString(16)}${where}` };
    // The access completes (and the instruction with it); the core stops before the next one.
    c.halted = true;
  }

  /** Where a data access at a VA lands in another space: its IPA (VM's stage 1 output) or PA; null when it faults. */
  private accessIn(c: Cpu, lo: number, hi: number, space: 'ipa' | 'pa', vmid?: number): bigint | null {
    if (vmid !== undefined && this.world(c).vmid !== vmid) return null;
    const va = (BigInt(hi) << 32n) | BigInt(lo >>> 0);
    const t = c.translator;
    if (!(t instanceof MmuTranslator)) return va;
    const r = debugTranslate(t, c.sys, va, c.el as 0 | 1 | 2, 12, 'read');
    if (r.output === undefined) return null;
    return space === 'pa' ? r.output : r.ipa ?? r.output;
  }

  private onEvent(e: TraceEvent): void {
    if (e.cpu < 0) return;
    const frames = this.frames[e.cpu];
    const core = this.machine.cpus[e.cpu];
    // At an exception from a VM, VTTBR_EL2 is still that VM's; at an ERET into one, already it.
    if ((e.kind === 'exception' && e.fromEl < 2) || (e.kind === 'eret' && e.toEl < 2)) this.s2.note(core);
    if (!this.replaying && !this.searching) this.record(e, core);
    if (e.kind === 'exception') {
      const f: ExcFrame = {
        type: e.type, fromEl: e.fromEl, toEl: e.toEl, esr: BigInt(e.esr), elr: BigInt(e.elr), vector: BigInt(e.vector),
        icount: e.icount, handled: -1, world: worldOf(core, this.names, e.fromEl).key, ...(e.far !== undefined ? { far: BigInt(e.far) } : {}),
      };
      frames.push(f);
      if (frames.length > 64) frames.shift();
      const h = this.history[e.cpu];
      h.push(f);
      if (h.length > HISTORY) h.shift();
    } else if (e.kind === 'eret') {
      // The ERET leaves the innermost handler at its EL (a boot-time ERET has none to leave).
      for (let i = frames.length - 1; i >= 0; i--) {
        if (frames[i].toEl === e.fromEl) { frames[i].handled = e.icount - frames[i].icount; frames.length = i; break; }
      }
    }
    if (this.replaying || this.pending) return;
    const c = this.machine.cpus[e.cpu];
    const g = this.goal;
    if (g.kind === 'until-world' && e.kind === 'eret' && g.cpu === e.cpu && e.toEl === g.el && this.world(c).key === g.world) {
      this.pending = { reason: 'step', cpu: e.cpu };
      c.halted = true;
      return;
    }
    if (g.kind === 'until-depth' && e.kind === 'eret' && g.cpu === e.cpu && frames.length <= g.depth) {
      this.pending = { reason: 'step', cpu: e.cpu };
      c.halted = true;
      return;
    }
    if (g.kind === 'step') return; // a single step stops anyway, as a step
    for (const [id, cond] of this.filters) {
      const f = TRAP_FILTERS.find((x) => x.id === id);
      if (!f || !f.match(e)) continue;
      if (cond) {
        try {
          if (evaluate(cond, this.env(c, trapContext(e, this.trapVm(e, c)))) === 0n) continue;
        } catch {
          // An unevaluable condition stops, so the user sees it.
        }
      }
      this.pending = { reason: 'exception', cpu: e.cpu, trap: e, filter: f, text: f.label, description: `${f.label}: ${describeEvent(e)}` };
      c.halted = true;
      return;
    }
  }

  /** The VMID a trap came from (its `vm` in filter conditions); 0 for the hypervisor, a host or bare code. */
  private trapVm(e: TraceEvent, c: Cpu): number {
    if (e.kind === 'exception') return worldOf(c, this.names, e.fromEl).vmid ?? 0;
    if (e.kind === 'eret') return worldOf(c, this.names, e.toEl).vmid ?? 0;
    return this.world(c).vmid ?? 0;
  }

  /** Appends the timeline event of a trace event (traps, returns, interrupts, injections). */
  private record(e: TraceEvent, c: Cpu): void {
    const stamped = (e as { cycle?: unknown }).cycle;
    if (e.kind === 'translation-fault') {
      if (e.stage === 2) {
        this.s2Faults.push({ cpu: e.cpu, vmid: e.vmid, ipa: e.ipa ?? e.va, esr: '', ec: '', cycle: typeof stamped === 'number' ? stamped : c.cycles });
        if (this.s2Faults.length > 256) this.s2Faults.shift();
      }
      return;
    }
    if (e.kind === 'exception' && e.type === 'sync') {
      const f = this.s2Faults[this.s2Faults.length - 1];
      if (f && f.cpu === e.cpu && f.esr === '') { f.esr = e.esr; f.ec = ecName(BigInt(e.esr)).split(':')[0]; }
    }
    let kind: TimelineEvent['kind'];
    if (e.kind === 'exception') kind = e.type === 'sync' ? 'trap' : 'irq';
    else if (e.kind === 'eret') kind = 'eret';
    else if (e.kind === 'irq-inject') kind = 'virq-inject';
    else return;
    // The cost model stamps events with `cycle`; until it does, the core's counter at record time.
    const cycle = typeof stamped === 'number' ? stamped : c.cycles;
    const w = this.world(c);
    const ev: TimelineEvent = { cpu: e.cpu, cycle, icount: e.icount, kind, world: w.key, el: w.el, machineIcount: this.machine.instructions };
    const open = this.openTraps[e.cpu];
    if (e.kind === 'exception') {
      const esr = BigInt(e.esr);
      if (e.type === 'sync') { ev.ec = ecName(esr).split(':')[0]; ev.esr = describeEsr(esr); }
      // The world this exit left (HCR_EL2/VTTBR_EL2 still hold its configuration).
      if (e.toEl === 2 && e.fromEl < 2) this.lastWorld[e.cpu] = worldOf(c, this.names, e.fromEl).key;
      open.push(ev);
      if (open.length > 64) open.shift();
    } else if (e.kind === 'eret') {
      const trap = open.pop();
      if (trap) trap.cost = cycle - trap.cycle;
      // From EL2 to a lower EL: back into the world that exited ('eret'), a first entry ('vm-entry'),
      // or into another world than the one that exited ('world-switch').
      if (e.fromEl === 2 && e.toEl < 2) {
        const last = this.lastWorld[e.cpu];
        ev.kind = last === undefined ? 'vm-entry' : last === w.key ? 'eret' : 'world-switch';
        this.lastWorld[e.cpu] = w.key;
      }
    }
    this.timeline.push(ev);
    if (this.timeline.length > TIMELINE_MAX) this.timeline.splice(0, this.timeline.length - TIMELINE_MAX);
  }

  private readonly lastWorld: (string | undefined)[] = [];

  /** VA, IPA (a VM's Stage 2) or PA → PA; null when unmapped or faulting. */
  refToPa(c: Cpu, r: SpaceRef, access: 'read' | 'write' | 'fetch' = 'read'): number | null {
    if (r.space === 'pa') return r.addr < 1n << 52n ? Number(r.addr) : null;
    if (r.space === 'va') return this.toPa(c, r.addr, access);
    const w = walkIpa(this.s2, c, r.addr, r.vmid, access);
    return w.output === undefined ? null : Number(w.output);
  }

  /** Reads through an address space, page by page; a short result stops at the first unreadable byte. */
  readSpace(c: Cpu, r: SpaceRef, size: number): Uint8Array | null {
    if (r.space === 'va') return this.readVa(c, r.addr, size);
    const out = new Uint8Array(size);
    for (let i = 0; i < size;) {
      const a = r.addr + BigInt(i);
      const n = Math.min(size - i, 4096 - Number(a & 0xfffn));
      const pa = this.refToPa(c, { ...r, addr: a });
      const b = pa === null ? null : this.readPa(pa, n);
      if (!b) return i === 0 ? null : out.subarray(0, i);
      out.set(b, i);
      i += n;
    }
    return out;
  }

  /** Writes through an address space; returns the bytes written (stops at the first unmapped page). */
  writeSpace(c: Cpu, r: SpaceRef, data: Uint8Array): number {
    let written = 0;
    while (written < data.length) {
      const a = r.addr + BigInt(written);
      const n = Math.min(data.length - written, 4096 - Number(a & 0xfffn));
      const pa = this.refToPa(c, { ...r, addr: a }, 'write');
      if (pa === null || !this.writePa(pa, data.subarray(written, written + n))) break;
      written += n;
    }
    return written;
  }

  /** Parses and reads a memory reference string (va:/ipa:/vm<N>:ipa:/pa:). */
  readRef(c: Cpu, ref: string, size: number): Uint8Array | null { return this.readSpace(c, parseSpaceRef(ref), size); }

  /** Arms a temporary stop at a PA (the return address of step-over/step-out); -1 disarms. */
  setTempPa(pa: number): void {
    const old = this.tempPa;
    this.tempPa = pa;
    if (old >= 0) this.invalidateCode(old);
    if (pa >= 0) this.invalidateCode(pa);
  }

  /** Drops the decoded page of a PA so the next decode sees the breakpoint set as it is now. */
  invalidateCode(pa: number): void { this.machine.code.invalidate(pa - (pa % 4096)); }

  /** Data breakpoints exist: turn the watch hook on for every core. */
  updateWatch(): void { for (const c of this.cpus) c.watchActive = this.bps.data.length > 0; }

  sp(c: Cpu): bigint { return (BigInt(c.spHi()) << 32n) | BigInt(c.spLo()); }

  /** VA → PA through the core's current regime (no fault raised, no TLB filled); null if unmapped. */
  toPa(c: Cpu, va: bigint, access: 'read' | 'write' | 'fetch' = 'read', el = c.el): number | null {
    const t = c.translator;
    if (t instanceof MmuTranslator) {
      const r = debugTranslate(t, c.sys, va, el as 0 | 1 | 2, 12, access);
      if (r.output === undefined) return null;
      return Number(r.output);
    }
    return va < 1n << 48n ? Number(va) : null;
  }

  /** Reads RAM at a PA (devices are never read: their reads have side effects). */
  readPa(pa: number, size: number): Uint8Array | null {
    const off = this.machine.bus.ramOffset(pa, size);
    return off < 0 ? null : this.machine.bus.u8.slice(off, off + size);
  }

  /** Reads through the regime of the core's EL, or of `el` (an interrupted lower level, whose registers are still loaded). */
  readVa(c: Cpu, va: bigint, size: number, el = c.el): Uint8Array | null {
    const out = new Uint8Array(size);
    // Page by page: consecutive VAs need not be consecutive PAs.
    for (let i = 0; i < size;) {
      const a = va + BigInt(i);
      const pa = this.toPa(c, a, 'read', el);
      const n = Math.min(size - i, 4096 - Number(a & 0xfffn));
      const b = pa === null ? null : this.readPa(pa, n);
      if (!b) return i === 0 ? null : out.subarray(0, i);
      out.set(b, i);
      i += n;
    }
    return out;
  }

  writePa(pa: number, data: Uint8Array): boolean {
    const bus = this.machine.bus;
    const off = bus.ramOffset(pa, data.length);
    if (off < 0) return false;
    bus.u8.set(data, off);
    bus.onRamWrite?.(pa, data.length); // keeps the decoded-instruction cache coherent
    return true;
  }

  /** A symbol as seen from a core: its world's image first, then every other image. */
  symbolAt(c: Cpu, name: string): ReturnType<Program['symbol']> {
    return this.programFor(c).symbol(name) ?? this.programs.map((p) => p.symbol(name)).find((x) => x !== undefined);
  }

  /** The evaluation environment at a core, with optional trap context variables first. */
  env(c: Cpu, ctx?: Map<string, bigint>): EvalEnv {
    const le = (b: Uint8Array): bigint => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n);
    return {
      lookup: (name) => {
        const low = name.toLowerCase();
        if (ctx?.has(low)) return ctx.get(low);
        const r = readCoreReg(c, name);
        if (r !== undefined) return r;
        const sym = this.symbolAt(c, name);
        if (sym) return sym.value;
        const dot = name.indexOf('.');
        const reg = dot < 0 ? name : name.slice(0, dot);
        if (sysregCanonical(reg) === undefined) return undefined;
        const v = readSysreg(c, reg)!;
        if (dot < 0) return v;
        const fname = name.slice(dot + 1).toLowerCase();
        const f = sysregByName(reg)?.fields?.find((x) => x.name.toLowerCase() === fname);
        return f ? fieldValue(v, f) : undefined;
      },
      addressOf: (name) => this.symbolAt(c, name)?.value,
      readMem: (space, addr, size, vmid) => {
        const b = this.readSpace(c, { space, addr, vmid }, size);
        return b && b.length === size ? le(b) : undefined;
      },
    };
  }

  saveState(): TargetState {
    const copy = (l: ExcFrame[][]): ExcFrame[][] => l.map((fs) => fs.map((f) => ({ ...f })));
    return { frames: copy(this.frames), history: copy(this.history), vms: this.s2.save(), lastWorld: [...this.lastWorld] };
  }

  loadState(s: TargetState): void {
    this.frames = s.frames.map((fs) => fs.map((f) => ({ ...f })));
    this.history = s.history.map((fs) => fs.map((f) => ({ ...f })));
    this.s2.load(s.vms);
    this.lastWorld.splice(0, this.lastWorld.length, ...s.lastWorld);
  }

  /** After travelling back: the timeline holds no event from the future (it is recorded again when re-run). */
  trimTimeline(): void {
    const now = this.cpus.map((c) => c.icount);
    this.timeline = this.timeline.filter((e) => e.icount <= now[e.cpu]);
    for (const o of this.openTraps) o.length = 0;
  }
}
