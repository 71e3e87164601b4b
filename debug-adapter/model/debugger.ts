// Run control over a Target: continue, pause, step (instruction and line, in/over/out, EL-aware)
// and reverse execution (checkpoints + deterministic replay). Execution goes in slices with a
// turn of the event loop between them, so pause, disconnect and other requests get through.
// Every operation ends in exactly one report to the host: stopped, or exited.

import type { Cpu } from '../../emulator/cpu/cpu';
import { Checkpoints } from './snapshots';
import { Target, type ExcFrame, type Goal, type StopInfo, type TargetHost, type TargetState } from './target';

export interface DebuggerHost extends TargetHost {
  stopped(s: StopInfo): void;
  exited(status: number, reason: string): void;
}

export type Granularity = 'instruction' | 'line';

/** Instructions per slice of a continue (about 20–40 ms at the interpreter's speed). */
const SLICE = 2_000_000;
/** Single steps per slice of a line step. */
const STEP_SLICE = 20_000;
/** A checkpoint at a stop when this many instructions ran since the last one, and every RUN_GAP while running. */
const STOP_GAP = 200_000;
const RUN_GAP = 25_000_000;
/** Reverse line stepping looks this far back for the previous line. */
const LINE_WINDOW = 20_000;

export class Debugger {
  readonly cp: Checkpoints<TargetState>;
  running = false;
  exited = false;
  private pauseRequested = false;

  constructor(readonly t: Target, private readonly host: DebuggerHost) {
    this.cp = new Checkpoints(t.machine);
    this.cp.take(t.saveState());
  }

  cpu(i: number): Cpu { return this.t.cpus[i] ?? this.t.cpus[0]; }
  get icount(): number { return this.t.machine.instructions; }

  pause(): void { if (this.running) this.pauseRequested = true; }

  /** Pauses and waits until the operation in flight has ended (restart or terminate mid-run). */
  async halt(): Promise<void> {
    while (this.running) {
      this.pauseRequested = true;
      await turn();
    }
  }

  // ---- forward ----
  continue(): Promise<void> { return this.op(async () => this.runGoal({ kind: 'run' })); }

  step(cpu: number, how: 'in' | 'over' | 'out', gran: Granularity): Promise<void> {
    return this.op(async () => {
      const c = this.cpu(cpu);
      if (how === 'out') return this.stepOut(c);
      if (gran === 'instruction') return how === 'in' ? this.stepIn(c) : this.stepOver(c);
      return this.stepLine(c, how);
    });
  }

  /** Runs `body` as the one operation in flight and reports how it ended. */
  private async op(body: () => Promise<StopInfo | 'exited'>): Promise<void> {
    if (this.running) throw new Error('the target is running');
    if (this.exited) throw new Error('the program has exited');
    this.running = true;
    this.pauseRequested = false;
    let r: StopInfo | 'exited';
    try {
      r = await body();
    } finally {
      this.running = false;
      this.t.goal = { kind: 'step' };
      this.t.setTempPa(-1);
    }
    this.report(r);
  }

  private report(r: StopInfo | 'exited'): void {
    if (r === 'exited') {
      this.exited = true;
      const s = this.t.machine.stopped;
      const status = !s ? 0 : s.kind === 'exit' ? (s.exitStatus ?? 1) & 0xff : s.kind === 'poweroff' || s.kind === 'reset' ? 0 : 1;
      this.host.exited(status, s ? `${s.kind}: ${s.reason}` : 'stopped');
      return;
    }
    if (this.icount - Math.max(0, this.cp.latestIcount) >= STOP_GAP) this.cp.take(this.t.saveState());
    this.host.stopped(r);
  }

  private resume(): void {
    for (const c of this.t.cpus) this.t.resumeAt[c.index] = c.icount;
    this.t.pending = null;
  }

  /**
   * Runs every core as the board schedules them (Machine.runTurns, the loop of a free run, so a
   * debug session interleaves cores and counts cycles exactly as `armvirt run` and `bench` do)
   * until a stop, the budget, or the end. The difference: a core halted by a debugger stop ends
   * the slice instead of stopping the machine.
   */
  private execute(budget: number): 'stopped' | 'exited' | 'budget' {
    const m = this.t.machine;
    const r = m.runTurns(budget, (c) => {
      if (!this.t.pending) return false;
      if (c) c.halted = false;
      return true;
    });
    return r === 'interrupted' ? 'stopped' : r === 'stopped' ? 'exited' : 'budget';
  }

  /** One instruction on one core (others hold). */
  private stepOne(c: Cpu): 'stopped' | 'exited' | 'done' {
    const m = this.t.machine;
    if (m.stopped) return 'exited';
    this.resume();
    m.current = c.index;
    c.run(1);
    if (this.t.pending && !m.stopped) { c.halted = false; return 'stopped'; }
    if (c.halted && !m.stopped) m.stop('halted', c.haltReason || 'core halted', null);
    return m.stopped ? 'exited' : 'done';
  }

  private async runGoal(goal: Goal): Promise<StopInfo | 'exited'> {
    this.t.goal = goal;
    this.resume();
    for (;;) {
      const r = this.execute(SLICE);
      if (r === 'exited') return 'exited';
      if (r === 'stopped') return this.t.pending!;
      if (this.icount - this.cp.latestIcount >= RUN_GAP) this.cp.take(this.t.saveState());
      await turn();
      if (this.pauseRequested) return { reason: 'pause', cpu: 0 };
      if (this.t.machine.stopped) return 'exited';
    }
  }

  private stepped(c: Cpu): StopInfo { return { reason: 'step', cpu: c.index }; }

  private async stepIn(c: Cpu): Promise<StopInfo | 'exited'> {
    this.t.goal = { kind: 'step' };
    const r = this.stepOne(c);
    if (r === 'exited') return 'exited';
    // A breakpoint cannot stop the first instruction; a data breakpoint or trap ends the step as a step.
    return this.stepped(c);
  }

  /** Over a call (BL/BLR) or a trap the instruction takes: stop where the core comes back. */
  private async stepOver(c: Cpu): Promise<StopInfo | 'exited'> {
    const word = this.t.readVa(c, c.pc, 4);
    const w = word ? (word[0] | (word[1] << 8) | (word[2] << 16) | (word[3] << 24)) >>> 0 : 0;
    const isCall = (w & 0xfc000000) >>> 0 === 0x94000000 || (w & 0xfffffc1f) >>> 0 === 0xd63f0000;
    if (isCall) {
      const ret = c.pc + 4n;
      const pa = this.t.toPa(c, ret, 'fetch');
      if (pa !== null) {
        this.t.setTempPa(pa);
        return this.runGoal({ kind: 'until-return', cpu: c.index, pa, el: c.el, sp: this.t.sp(c) });
      }
    }
    const depth = this.t.frames[c.index].length;
    const r = await this.stepIn(c);
    if (r === 'exited') return r;
    // The instruction trapped (HVC, SVC, a trapped MSR…): run the handler until it returns.
    const frames = this.t.frames[c.index];
    if (frames.length > depth) return this.runGoal(this.backFrom(c, frames[frames.length - 1], depth));
    return r;
  }

  /** Out of an exception handler (to after its ERET) or out of a function (to its return address). */
  /**
   * How to come back from an exception: a trap from below EL2 into EL2 ends when the core is again
   * in the world it left (a KVM exit goes through the host first; Xen may run another domain);
   * anything else ends with the ERET that leaves its handler.
   */
  private backFrom(c: Cpu, f: ExcFrame, depth: number): Goal {
    if (f.toEl === 2 && f.fromEl < 2 && f.world !== 'guest') return { kind: 'until-world', cpu: c.index, world: f.world, el: f.fromEl };
    return { kind: 'until-depth', cpu: c.index, depth };
  }

  private async stepOut(c: Cpu): Promise<StopInfo | 'exited'> {
    const frames = this.t.frames[c.index];
    const top = frames[frames.length - 1];
    if (top && top.toEl === c.el) return this.runGoal(this.backFrom(c, top, frames.length - 1));
    const lr = c.xBig(30);
    const pa = this.t.toPa(c, lr, 'fetch');
    if (pa === null) return this.stepIn(c);
    this.t.setTempPa(pa);
    return this.runGoal({ kind: 'until-return', cpu: c.index, pa, el: c.el, sp: this.t.sp(c) });
  }

  private async stepLine(c: Cpu, how: 'in' | 'over'): Promise<StopInfo | 'exited'> {
    const p = this.t.programFor(c);
    const start = p.location(c.pc);
    if (!start) return how === 'in' ? this.stepIn(c) : this.stepOver(c);
    for (let n = 0; ; n++) {
      const r = how === 'in' ? await this.stepIn(c) : await this.stepOver(c);
      if (r === 'exited' || r.reason !== 'step') return r;
      const here = p.location(c.pc);
      if (!here || here.line !== start.line || here.file !== start.file) return r;
      if (n % STEP_SLICE === STEP_SLICE - 1) {
        await turn();
        if (this.pauseRequested) return { reason: 'pause', cpu: c.index };
      }
      // A breakpoint on this line stops the next pass through it.
      const list = this.t.bps.at(this.t.toPa(c, c.pc) ?? -1);
      if (list?.length) return { reason: 'breakpoint', cpu: c.index, bpIds: list.map((b) => b.id) };
    }
  }

  // ---- backward ----
  /** Brings the machine to exactly `target` instructions from the first checkpoint, by replay. */
  private travel(target: number): void {
    const cp = this.cp.before(target) ?? this.cp.earliest!;
    this.cp.restore(cp);
    this.t.loadState(cp.extra);
    this.t.replaying = true;
    try {
      this.resume();
      this.t.goal = { kind: 'step' };
      this.execute(target - this.icount);
    } finally {
      this.t.replaying = false;
      this.t.pending = null;
      for (const c of this.t.cpus) if (c.halted && !this.t.machine.stopped) c.halted = false;
      this.t.trimTimeline();
    }
  }

  stepBack(cpu: number, gran: Granularity): Promise<void> {
    return this.opBack(async () => {
      const c = this.cpu(cpu);
      const start = this.icount;
      if (start <= (this.cp.earliest?.icount ?? 0)) return { reason: 'step', cpu: c.index, description: 'at the start of recorded history' };
      const loc = gran === 'line' ? this.t.programFor(c).location(c.pc) : undefined;
      if (!loc) { this.travel(start - 1); return this.stepped(c); }
      // Find the start of the previous line in a window of recent history, by replaying it once.
      const from = Math.max(this.cp.earliest!.icount, start - LINE_WINDOW);
      this.travel(from);
      const trail: { i: number; key: string }[] = [];
      while (this.icount < start) {
        const l = this.t.programFor(c).location(c.pc);
        trail.push({ i: this.icount, key: l ? `${l.file}:${l.line}` : `pc:${c.pc}` });
        this.t.replaying = true;
        c.run(1);
        this.t.replaying = false;
      }
      const cur = `${loc.file}:${loc.line}`;
      let k = trail.length - 1;
      while (k >= 0 && trail[k].key === cur) k--;
      if (k < 0) { this.travel(from); return this.stepped(c); }
      const prev = trail[k].key;
      while (k > 0 && trail[k - 1].key === prev) k--;
      this.travel(trail[k].i);
      return this.stepped(c);
    });
  }

  /** Back to the most recent earlier point where a breakpoint or exception filter would stop. */
  reverseContinue(): Promise<void> {
    return this.opBack(async () => {
      const end = this.icount;
      let upto = end;
      for (;;) {
        const cp = this.cp.before(upto - 1);
        if (!cp) break;
        const hits = this.searchHits(cp.icount, upto);
        if (hits.length) {
          const last = hits[hits.length - 1];
          this.travel(last.at);
          return last.stop;
        }
        if (cp === this.cp.earliest) break;
        upto = cp.icount;
        await turn();
        // Cancelled (pause or DAP cancel): back where the search started.
        if (this.pauseRequested) { this.travel(end); return { reason: 'pause', cpu: 0, description: 'reverse continue cancelled' }; }
      }
      this.travel(this.cp.earliest!.icount);
      return { reason: 'step', cpu: 0, description: 'reached the start of recorded history' };
    });
  }

  /** Every stop the breakpoints would make in [from, to), found by running the interval once. */
  private searchHits(from: number, to: number): { at: number; stop: StopInfo }[] {
    const hitsBefore = this.t.bps.list().map((b) => [b, b.hits] as const);
    this.travel(from);
    const out: { at: number; stop: StopInfo }[] = [];
    this.t.searching = true;
    this.t.goal = { kind: 'run' };
    try {
      this.resume();
      while (this.icount < to) {
        const r = this.execute(to - this.icount);
        if (r !== 'stopped') break;
        if (this.icount < to) out.push({ at: this.icount, stop: this.t.pending! });
        this.resume();
      }
    } finally {
      this.t.searching = false;
      this.t.goal = { kind: 'step' };
      for (const [b, h] of hitsBefore) b.hits = h;
    }
    return out;
  }

  private async opBack(body: () => Promise<StopInfo>): Promise<void> {
    if (this.running) throw new Error('the target is running');
    this.running = true;
    this.pauseRequested = false;
    let r: StopInfo;
    try {
      r = await body();
      this.exited = this.t.machine.stopped !== null;
    } finally {
      this.running = false;
    }
    this.host.stopped(r);
  }

  /**
   * The user changed state by hand (goto, setVariable, writeMemory): the recorded future no longer
   * follows from the past, so history restarts here (checkpoints after now are dropped, one taken now).
   */
  rebase(): void {
    if (this.running) throw new Error('the target is running');
    this.cp.take(this.t.saveState(), true);
  }

  /** goto: move a core's PC (a new history point; nothing runs). */
  goto(cpu: number, addr: bigint): StopInfo {
    if (this.running) throw new Error('the target is running');
    if (this.exited) throw new Error('the program has exited');
    if (addr & 3n) throw new Error('instructions are 4-byte aligned');
    const c = this.cpu(cpu);
    c.pc = addr;
    this.rebase();
    return { reason: 'goto', cpu: c.index };
  }

  /** Back (or forward, within recorded history) to the machine's state after `machineIcount` instructions. */
  travelTo(machineIcount: number, stop: StopInfo): Promise<void> {
    return this.opBack(async () => {
      if (machineIcount < (this.cp.earliest?.icount ?? 0)) throw new Error('that point is before the recorded history');
      this.travel(machineIcount);
      this.exited = false;
      return stop;
    });
  }

  /** Restart: back to the entry checkpoint. */
  restart(): void {
    if (this.running) throw new Error('the target is running');
    this.travel(this.cp.earliest!.icount);
    this.exited = false;
  }
}

function turn(): Promise<void> { return new Promise((r) => setImmediate(r)); }
