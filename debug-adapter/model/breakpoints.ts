// Breakpoints of every kind the debugger model keeps: source lines, functions (symbols),
// instructions (addresses), data (address ranges, read/write), each with an optional
// condition, hit condition and log message. Code breakpoints are keyed by the physical address
// they resolve to, because the core's decoded-instruction cache (where they are armed) is
// physical; a breakpoint also records the world it belongs to (today only the bare machine).

import { evaluate, interpolate, type EvalEnv } from './expr';

export type BpKind = 'source' | 'function' | 'instruction' | 'data';

export interface BpOptions { condition?: string; hitCondition?: string; logMessage?: string }

export interface Breakpoint extends BpOptions {
  readonly id: number;
  readonly kind: BpKind;
  verified: boolean;
  message?: string;
  /** Code breakpoints: the VA and PA of the instruction. */
  addr?: bigint;
  pa?: number;
  /** Source breakpoints: where it bound. */
  file?: string;
  line?: number;
  /** Function breakpoints: the symbol. */
  name?: string;
  /** Data breakpoints: VA range as 32-bit halves and the access that triggers. */
  data?: { lo: number; hi: number; len: number; access: 'read' | 'write' | 'readWrite' };
  hits: number;
  world: string;
}

export type BpVerdict = { stop: false; log?: string } | { stop: true; log?: string };

let nextId = 1;

export class BreakpointStore {
  private readonly all = new Map<number, Breakpoint>();
  /** Code breakpoints by PA (several may share an instruction). */
  private readonly byPa = new Map<number, Breakpoint[]>();
  /** Data breakpoints in a flat list: few, checked on every access while any exists. */
  data: Breakpoint[] = [];

  create(kind: BpKind, opts: BpOptions, world = 'hyp'): Breakpoint {
    const bp: Breakpoint = { id: nextId++, kind, verified: false, hits: 0, world, ...clean(opts) };
    this.all.set(bp.id, bp);
    return bp;
  }

  /** Arms a code breakpoint at a PA (after it is resolved). */
  arm(bp: Breakpoint, addr: bigint, pa: number): void {
    bp.addr = addr; bp.pa = pa; bp.verified = true;
    const l = this.byPa.get(pa);
    if (l) l.push(bp); else this.byPa.set(pa, [bp]);
  }

  addData(bp: Breakpoint): void { bp.verified = true; this.data.push(bp); }

  /** Removes every breakpoint of a kind (and, for source breakpoints, of one file); returns the PAs disarmed. */
  clear(kind: BpKind, file?: string): number[] {
    const pas: number[] = [];
    for (const bp of [...this.all.values()]) {
      if (bp.kind !== kind || (file !== undefined && bp.file !== file)) continue;
      this.all.delete(bp.id);
      if (bp.pa !== undefined) {
        pas.push(bp.pa);
        const l = this.byPa.get(bp.pa)?.filter((x) => x !== bp) ?? [];
        if (l.length) this.byPa.set(bp.pa, l); else this.byPa.delete(bp.pa);
      }
    }
    if (kind === 'data') this.data = [];
    return pas;
  }

  at(pa: number): Breakpoint[] | undefined { return this.byPa.get(pa); }
  hasPa(pa: number): boolean { return this.byPa.has(pa); }
  get(id: number): Breakpoint | undefined { return this.all.get(id); }
  list(): Breakpoint[] { return [...this.all.values()]; }

  /** Data breakpoints overlapping an access. */
  matchData(lo: number, hi: number, size: number, write: boolean): Breakpoint | undefined {
    for (const bp of this.data) {
      const d = bp.data!;
      if (d.hi !== hi || lo >= d.lo + d.len || d.lo >= lo + size) continue;
      if (d.access === 'readWrite' || (d.access === 'write') === write) return bp;
    }
    return undefined;
  }
}

function clean(o: BpOptions): BpOptions {
  const r: BpOptions = {};
  if (o.condition?.trim()) r.condition = o.condition;
  if (o.hitCondition?.trim()) r.hitCondition = o.hitCondition;
  if (o.logMessage !== undefined && o.logMessage !== '') r.logMessage = o.logMessage;
  return r;
}

/** Checks a condition and hit condition as the DAP defines them, counting the hit. */
export function judge(bp: BpOptions & { hits: number }, env: EvalEnv): BpVerdict {
  if (bp.condition) {
    try {
      if (evaluate(bp.condition, env) === 0n) return { stop: false };
    } catch {
      // A condition that cannot be evaluated stops, so the user sees the problem (as gdb does).
    }
  }
  bp.hits++;
  if (bp.hitCondition && !hitMatches(bp.hitCondition, bp.hits)) return { stop: false };
  if (bp.logMessage !== undefined) return { stop: false, log: interpolate(bp.logMessage, env) + '\n' };
  return { stop: true };
}

/** "5" or ">= 5" (stop from the 5th hit), "== 5", "> 5", "% 5" (every 5th). */
export function hitMatches(cond: string, hits: number): boolean {
  const m = /^\s*(>=|==|>|%|<=|<)?\s*(\d+)\s*$/.exec(cond);
  if (!m) return true;
  const n = Number(m[2]);
  switch (m[1]) {
    case '==': return hits === n;
    case '>': return hits > n;
    case '%': return n > 0 && hits % n === 0;
    case '<': return hits < n;
    case '<=': return hits <= n;
    default: return hits >= n;
  }
}

export function validHitCondition(cond: string): boolean {
  return /^\s*(>=|==|>|%|<=|<)?\s*(\d+)\s*$/.test(cond);
}
