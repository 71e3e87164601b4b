// A machine: the physical bus, its cores and the decoded-code cache, run in slices. Cores are
// interleaved in cycle order (DESIGN.md "Deterministic"): the live core with the smallest
// Cpu.cycles (ties: the lowest index) runs until it passes the next awake core's cycles plus
// CYCLE_SLACK, at most QUANTUM instructions, so busy cores' clocks stay within CYCLE_SLACK (plus
// the last chunk's overshoot, see runTurn) and cross-core intervals measured with per-core
// counters (PMCCNTR_EL0, CNTVCT_EL0) are meaningful. The machine stops on a guest
// request (PSCI SYSTEM_OFF/SYSTEM_RESET, semihosting exit), an instruction limit, a core halt,
// or when no core can make progress (every running core waits in WFI/WFE with nothing to wake
// it, or fetches its own exception vector from a faulting address forever).
//
// Time: each core counts its own cycles (Cpu.cycles, the generic timer's base). A sleeping core
// keeps pace with the awake ones (up to its next timer deadline); when every core sleeps, time
// jumps to the earliest deadline; a core woken by another catches up with the waker's cycles.

import type { CodeCache } from '../cpu/code-cache';
import { SLOTS, hex64, type Cpu, type StopReason } from '../cpu/cpu';
import { EC } from '../cpu/exceptions';
import type { MmioDevice, PhysicalBus } from '../memory/bus';
import { stampCycles, type TraceSink } from '../trace/events';
import type { PowerState, PsciBoard } from './psci';

export type StopKind =
  /** PSCI SYSTEM_OFF (or the last core's CPU_OFF): exit status 0. */
  | 'poweroff'
  /** PSCI SYSTEM_RESET: stops as QEMU -no-reboot does, exit status 0. */
  | 'reset'
  /** Semihosting SYS_EXIT / SYS_EXIT_EXTENDED: the guest's status. */
  | 'exit'
  /** The instruction limit was reached. */
  | 'limit'
  /** A core halted for a reason of the emulator (unsupported feature, stuck exception loop). */
  | 'halted'
  /** Every running core waits for an interrupt that nothing can raise. */
  | 'idle'
  /** Stopped from outside (Ctrl-C). */
  | 'interrupted';

export interface StopState { kind: StopKind; reason: string; exitStatus: number | null }

/** At most this many instructions per turn of a core (only matters with several cores). */
export const QUANTUM = 1000;

/**
 * How far (cycles) the running core may pass the next awake core's clock before it yields. Small
 * enough for cross-core latencies of a few hundred cycles (a virtual IPI) to be measured on two
 * cores' counters; large enough that a turn is ~100 instructions, not a handful.
 */
export const CYCLE_SLACK = 128;

export class Machine implements PsciBoard {
  readonly power: PowerState[];
  stopped: StopState | null = null;
  /** Index of the core running now (banked device frames, the waker of a cross-core wake-up). */
  current = 0;
  private traceSink: TraceSink | null;
  /** Sleeping cores woken by another (catchUp) that have not run since: they keep their wake time. */
  private readonly woken: boolean[];

  constructor(
    readonly bus: PhysicalBus,
    readonly cpus: Cpu[],
    readonly code: CodeCache,
    readonly bootEl: 1 | 2,
    trace: TraceSink | null = null,
  ) {
    // QEMU virt with PSCI: core 0 runs, the others start powered off until CPU_ON.
    this.power = cpus.map((_, i) => (i === 0 ? 'on' : 'off'));
    this.woken = cpus.map(() => false);
    cpus.forEach((c, i) => { if (i > 0) c.halted = true; });
    // Every event carries its core's cycle count (the machine's time for cpu -1), stamped here once.
    this.traceSink = trace && stampCycles(trace, cpus);
    for (const c of cpus) c.trace = this.traceSink;
  }

  get trace(): TraceSink | null { return this.traceSink; }

  /** Instructions retired by all cores. */
  get instructions(): number {
    let n = 0;
    for (const c of this.cpus) n += c.icount;
    return n;
  }

  /** Stops the machine (first stop wins); every core halts. */
  stop(kind: StopKind, reason: string, exitStatus: number | null): void {
    if (this.stopped) return;
    this.stopped = { kind, reason, exitStatus };
    for (const c of this.cpus) c.halt(reason);
  }

  /** PsciBoard: SYSTEM_OFF, SYSTEM_RESET, last core off. */
  shutdown(kind: 'poweroff' | 'reset' | 'cpus-off', reason: string): void {
    this.stop(kind === 'reset' ? 'reset' : 'poweroff', reason, 0);
  }

  /**
   * Runs up to `n` instructions in total. Returns the stop state, or null if the machine is
   * still running after `n` instructions (call again for the next slice).
   */
  runSlice(n: number): StopState | null {
    this.runTurns(n);
    return this.stopped;
  }

  /**
   * The board's scheduling loop, shared by runSlice and the debugger's run loop
   * (debug-adapter/model/debugger.ts) so that both interleave cores the same way: up to `n`
   * instructions in turns (cycle order, runTurn). `interrupt` is asked after every turn (with
   * the core that ran) and after time advanced (with null); true ends the loop at once, before a
   * halted core stops the machine — the debugger's stops halt a core without ending the run.
   */
  runTurns(n: number, interrupt?: (c: Cpu | null) => boolean): 'stopped' | 'interrupted' | 'budget' {
    let left = n;
    const single = this.cpus.length === 1;
    while (left > 0 && !this.stopped) {
      let progressed = false;
      let allIdle = true;
      // Try the live cores in cycle order; the first that runs (or is not asleep) has this turn.
      // A sleeping core with nothing pending returns 'wfi' at once and the next one is tried.
      const order = single ? this.cpus : this.cycleOrder();
      for (const c of order) {
        if (!this.live(c)) continue;
        this.current = c.index;
        const before = c.icount;
        const r = single ? c.run(Math.min(QUANTUM, left)) : this.runTurn(c, Math.min(QUANTUM, left));
        this.woken[c.index] = false;
        const ran = c.icount - before;
        left -= ran;
        if (ran > 0) progressed = true;
        if (interrupt?.(c) && !this.stopped) return 'interrupted';
        if (r !== 'wfi') allIdle = false;
        if (r === 'halted' && !this.stopped && this.power[c.index] === 'on') {
          this.stop('halted', c.haltReason || 'core halted', null);
        }
        if (r === 'limit' && !this.stopped) this.checkStuck(c); // once per turn: cheap
        if (this.stopped || left <= 0 || ran > 0 || r !== 'wfi') break;
      }
      if (this.stopped) break;
      if (!this.cpus.some((c) => this.power[c.index] === 'on' && !c.halted)) {
        this.stop('poweroff', 'no core left running', 0);
      } else if (allIdle && !progressed) {
        if (!this.advanceIdleTime()) {
          this.stop('idle', 'every core waits in WFI/WFE with no interrupt pending, no event and no timer armed', null);
        }
      } else if (!single) {
        this.advanceSleepers();
      }
      if (!this.stopped && interrupt?.(null)) return 'interrupted';
    }
    return this.stopped ? 'stopped' : 'budget';
  }

  /**
   * Live cores by (cycles, index), a sleeping core before an awake one at the same time (it may
   * have been woken at that time): the scheduling order (deterministic).
   */
  private cycleOrder(): Cpu[] {
    const live = this.cpus.filter((c) => this.live(c));
    const asleep = (c: Cpu): number => (c.waiting === null ? 1 : 0);
    return live.sort((a, b) => a.cycles - b.cycles || asleep(a) - asleep(b) || a.index - b.index);
  }

  /**
   * One turn of `c` (the live core with the smallest clock): runs it until it passes the
   * smallest clock of the other awake cores plus CYCLE_SLACK, at most `max` instructions.
   * Cpu.run takes an instruction budget, so the cycle budget is approached in chunks sized by
   * the core's cycles per instruction so far (its last chunk's, at first its lifetime's), rounded
   * down: a turn ends past its horizon by about one instruction's cost, more only where the
   * instruction mix gets costlier within a chunk (an exception entry, an MMIO access). The turn
   * also ends when another core's clock or power changes (a wake-up by `c`: an IPI, SEV, a store
   * clearing an exclusive monitor, CPU_ON), so the woken core runs next from the waker's time.
   */
  private runTurn(c: Cpu, max: number): StopReason {
    let ran = 0;
    let cpi = c.icount > 0 ? Math.max(1, c.cycles / c.icount) : 1;
    const mark = this.othersMark(c);
    // With only sleeping cores besides (horizon Infinity), chunks of about CYCLE_SLACK cycles
    // still notice a wake-up by `c` promptly; alone, the core runs its whole budget.
    const others = this.cpus.some((o) => o !== c && this.live(o));
    for (;;) {
      const h = this.horizon(c);
      const gap = h === Infinity ? (others ? CYCLE_SLACK : Infinity) : h - c.cycles;
      const k = Math.min(max - ran, Math.max(1, Math.floor(gap / cpi)));
      const i0 = c.icount, c0 = c.cycles;
      const r = c.run(k);
      const did = c.icount - i0;
      ran += did;
      if (r !== 'limit' || ran >= max || c.cycles >= this.horizon(c) || this.othersMark(c) !== mark) return r;
      if (did > 0) cpi = Math.max(1, (c.cycles - c0) / did);
    }
  }

  /** The smallest clock of the other live, awake cores, plus CYCLE_SLACK (Infinity if none). */
  private horizon(c: Cpu): number {
    let h = Infinity;
    for (const o of this.cpus) if (o !== c && o.waiting === null && this.live(o) && o.cycles < h) h = o.cycles;
    return h + CYCLE_SLACK;
  }

  /** Changes when another core's clock or power changes (a wake-up or CPU_ON during a turn). */
  private othersMark(c: Cpu): number {
    let m = 0;
    for (const o of this.cpus) if (o !== c && this.live(o)) m += o.cycles + 1 + (o.waiting === null ? 0.5 : 0);
    return m;
  }

  private live(c: Cpu): boolean {
    return this.power[c.index] === 'on' && !c.halted;
  }

  /** Every live core sleeps: time jumps to the earliest deadline; false if there is none. */
  private advanceIdleTime(): boolean {
    let at = Infinity;
    for (const c of this.cpus) if (this.live(c) && c.deadline < at) at = c.deadline;
    if (at === Infinity) return false;
    let advanced = false;
    for (const c of this.cpus) if (this.live(c) && c.cycles < at) { c.cycles = at; advanced = true; }
    // A deadline already behind every core was handled by Cpu.run: nothing new can happen.
    if (!advanced) return false;
    this.fireDeadlines();
    return true;
  }

  /**
   * Sleeping cores follow the awake ones' time, stopping at their own next deadline. A core
   * woken by another (catchUp, or WFE with its event register set) keeps its wake time.
   */
  private advanceSleepers(): void {
    let now = 0;
    for (const c of this.cpus) if (this.live(c) && c.waiting === null && c.cycles > now) now = c.cycles;
    for (const c of this.cpus) {
      if (!this.live(c) || c.waiting === null) continue;
      // Once: the next pick (cycle order) runs it from there; a core woken for nothing follows after.
      if (this.woken[c.index]) { this.woken[c.index] = false; continue; }
      if (c.waiting === 'wfe' && c.eventRegister !== 0) continue;
      const t = Math.min(now, c.deadline);
      if (c.cycles < t) c.cycles = t;
    }
    this.fireDeadlines();
  }

  private fireDeadlines(): void {
    for (const c of this.cpus) {
      if (this.live(c) && c.cycles >= c.deadline && c.onDeadline) {
        this.current = c.index;
        c.onDeadline(c);
      }
    }
  }

  /** A sleeping core woken by `by` (interrupt, event, CPU_ON): its time is at least the waker's. */
  catchUp(c: Cpu, by: Cpu): void {
    if (c.cycles < by.cycles) c.cycles = by.cycles;
    if (c.waiting !== null) this.woken[c.index] = true;
  }

  /**
   * A core at an exception vector whose fetch just failed with an instruction abort taken to
   * that same vector (VBAR not set, or pointing outside RAM) repeats the same exception forever
   * with all interrupts masked: stop and say so instead of spinning.
   */
  checkStuck(c: Cpu): void {
    if (c.el === 0) return;
    const two = c.el === 2;
    const esr = c.sys[two ? SLOTS.ESR_EL2 : SLOTS.ESR_EL1];
    if (Number(esr >> 26n) !== EC.IABT_SAME || c.daif !== 0xf) return;
    const pc = c.pc;
    if (c.sys[two ? SLOTS.FAR_EL2 : SLOTS.FAR_EL1] !== pc || c.sys[two ? SLOTS.ELR_EL2 : SLOTS.ELR_EL1] !== pc) return;
    const vbar = c.sys[two ? SLOTS.VBAR_EL2 : SLOTS.VBAR_EL1];
    this.stop('halted', `core ${c.index} is stuck: fetching its EL${c.el} exception vector at ${hex64(c.pcLo, c.pcHi)} ` +
      `faults (VBAR_EL${c.el} = 0x${vbar.toString(16)}; ESR_EL${c.el} = 0x${esr.toString(16)})`, null);
  }

  /** Emits a machine-level stop event (limit, interrupt) for trace readers. */
  traceStop(reason: string): void {
    this.traceSink?.({ kind: 'stop', cpu: -1, icount: this.instructions, reason });
  }
}

/** Wraps a device so each access emits an 'mmio' trace event (DESIGN.md "Everything observable is an event"). */
export function tracedDevice(dev: MmioDevice, base: number, sink: TraceSink, cpu: () => Cpu): MmioDevice {
  const hexv = (lo: number, hi: number): string => hex64(lo, hi);
  const pa = (o: number): string => '0x' + (base + o).toString(16);
  return {
    name: dev.name,
    read(offset, size) {
      const v = dev.read(offset, size);
      const c = cpu();
      sink({
        kind: 'mmio', cpu: c.index, icount: c.icount, device: dev.name, write: false, pa: pa(offset), size,
        value: v === null ? 'bus-error' : typeof v === 'number' ? hexv(v, 0) : hexv(v[0], v[1]),
      });
      return v;
    },
    write(offset, size, lo, hi) {
      const ok = dev.write(offset, size, lo, hi);
      const c = cpu();
      sink({ kind: 'mmio', cpu: c.index, icount: c.icount, device: dev.name, write: true, pa: pa(offset), size, value: ok ? hexv(lo, size === 8 ? hi : 0) : 'bus-error' });
      return ok;
    },
  };
}
