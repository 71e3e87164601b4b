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
import type { TraceEvent } from '../../emulator/trace/events';
import { BreakpointStore, judge, type Breakpoint } from './breakpoints';
import { evaluate, type EvalEnv } from './expr';
import { Program } from './program';
import { readCoreReg, readSysreg, sysregCanonical, fieldValue } from './registers';
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
}

export interface TargetHost {
  output(text: string, category: 'console' | 'stdout' | 'stderr'): void;
}

/** Internal goals of compound steps, checked by the hooks. */
export type Goal =
  | { kind: 'run' }
  | { kind: 'step' }
  | { kind: 'until-return'; cpu: number; pa: number; el: number; sp: bigint }
  | { kind: 'until-depth'; cpu: number; depth: number };

export interface TargetState { frames: ExcFrame[][]; history: ExcFrame[][] }

export const HISTORY = 32;

export class Target {
  readonly machine: VirtMachine;
  readonly program: Program;
  readonly bps = new BreakpointStore();
  readonly filters = new Map<string, string | undefined>();
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

  constructor(path: string, bytes: Uint8Array, opts: { el?: 1 | 2; ramSize?: number }, private readonly host: TargetHost,
    readFile: (p: string, from: string) => string | null) {
    const dec = new TextDecoder();
    this.machine = createVirtMachine({
      el: opts.el ?? 2, ramSize: opts.ramSize, semihosting: true, traceMmio: true,
      trace: (e) => this.onEvent(e),
      uartOutput: (b) => { if (!this.replaying && !this.searching) host.output(String.fromCharCode(b), 'stdout'); },
      hostWrite: (fd, data) => { if (!this.replaying && !this.searching) host.output(dec.decode(data), fd === 2 ? 'stderr' : 'stdout'); },
    });
    this.program = Program.load(path, bytes);
    this.machine.loadAndBoot(path, bytes, readFile);
    const n = this.machine.cpus.length;
    this.frames = Array.from({ length: n }, () => []);
    this.history = Array.from({ length: n }, () => []);
    this.resumeAt = new Array<number>(n).fill(-1);
    for (const c of this.machine.cpus) this.hook(c);
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
    for (const bp of list) {
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
    const bp = this.bps.matchData(lo, hi, size, write);
    if (!bp) return;
    const v = judge(bp, this.env(c));
    if (v.log !== undefined && !this.searching) this.host.output(v.log, 'console');
    if (!v.stop) return;
    const addr = (BigInt(hi) << 32n) | BigInt(lo);
    this.pending = { reason: 'data breakpoint', cpu: c.index, bpIds: [bp.id], description: `${write ? 'write' : 'read'} of ${size} bytes at 0x${addr.toString(16)}` };
    // The access completes (and the instruction with it); the core stops before the next one.
    c.halted = true;
  }

  private onEvent(e: TraceEvent): void {
    if (e.cpu < 0) return;
    const frames = this.frames[e.cpu];
    if (e.kind === 'exception') {
      const f: ExcFrame = {
        type: e.type, fromEl: e.fromEl, toEl: e.toEl, esr: BigInt(e.esr), elr: BigInt(e.elr), vector: BigInt(e.vector),
        icount: e.icount, handled: -1, ...(e.far !== undefined ? { far: BigInt(e.far) } : {}),
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
          if (evaluate(cond, this.env(c, trapContext(e))) === 0n) continue;
        } catch {
          // An unevaluable condition stops, so the user sees it.
        }
      }
      this.pending = { reason: 'exception', cpu: e.cpu, trap: e, filter: f, text: f.label, description: `${f.label}: ${describeEvent(e)}` };
      c.halted = true;
      return;
    }
  }

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
  toPa(c: Cpu, va: bigint, access: 'read' | 'write' | 'fetch' = 'read'): number | null {
    const t = c.translator;
    if (t instanceof MmuTranslator) {
      const r = debugTranslate(t, c.sys, va, c.el as 0 | 1 | 2, 12, access);
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

  readVa(c: Cpu, va: bigint, size: number): Uint8Array | null {
    const out = new Uint8Array(size);
    // Page by page: consecutive VAs need not be consecutive PAs.
    for (let i = 0; i < size;) {
      const a = va + BigInt(i);
      const pa = this.toPa(c, a);
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

  /** The evaluation environment at a core, with optional trap context variables first. */
  env(c: Cpu, ctx?: Map<string, bigint>): EvalEnv {
    const le = (b: Uint8Array): bigint => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n);
    return {
      lookup: (name) => {
        const low = name.toLowerCase();
        if (ctx?.has(low)) return ctx.get(low);
        const r = readCoreReg(c, name);
        if (r !== undefined) return r;
        const sym = this.program.symbol(name);
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
      addressOf: (name) => this.program.symbol(name)?.value,
      readMem: (space, addr, size) => {
        const b = space === 'va' ? this.readVa(c, addr, size) : this.readPa(Number(addr), size);
        return b && b.length === size ? le(b) : undefined;
      },
    };
  }

  saveState(): TargetState {
    const copy = (l: ExcFrame[][]): ExcFrame[][] => l.map((fs) => fs.map((f) => ({ ...f })));
    return { frames: copy(this.frames), history: copy(this.history) };
  }

  loadState(s: TargetState): void {
    this.frames = s.frames.map((fs) => fs.map((f) => ({ ...f })));
    this.history = s.history.map((fs) => fs.map((f) => ({ ...f })));
  }
}
