// Breakpoints of every kind the debugger model keeps: source lines, functions (symbols),
// instructions (addresses), data (address ranges, read/write), each with an optional
// condition, hit condition and log message. Code breakpoints are keyed by the physical address
// they resolve to, because the core's decoded-instruction cache (where they are armed) is
// physical; a breakpoint also records the world it belongs to (today only the bare machine).

import { evaluate, interpolate, type EvalEnv } from './expr';

/** 'gdb' and 'watch' are the GDB server's (Z0/Z1 and Z2-Z4), kept apart from the DAP client's. */
export type BpKind = 'source' | 'function' | 'instruction' | 'data' | 'gdb' | 'watch';

export interface BpOptions { condition?: string; hitCondition?: string; logMessage?: string }

export interface Breakpoint extends BpOptions {
  readonly id: number;
  readonly kind: BpKind;
  verified: boolean;
  message?: string;
  /** Code breakpoints: the VA and PA of the instruction. */
  addr?: bigint;
  pa?: number;
  /** Every PA it is armed at (several when bound in several worlds). */
  pas?: number[];
  /** VMID per armed PA (null: any world). */
  vmids?: Map<number, number | null>;
  /** Source breakpoints: where it bound. */
  file?: string;
  line?: number;
  /** Function breakpoints: the symbol. */
  name?: string;
  /** Data breakpoints: address range (VA, IPA or PA) as 32-bit halves and the access that triggers. */
  data?: { lo: number; hi: number; len: number; access: 'read' | 'write' | 'readWrite'; space: 'va' | 'ipa' | 'pa'; vmid?: number };

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
    bp.addr = addr; bp.pa ??= pa; bp.verified = true;
    // One source line can bind in several worlds (the same image in two VMs): one PA each.
    (bp.pas ??= []).push(pa);
    const l = this.byPa.get(pa);
    if (l) { if (!l.includes(bp)) l.push(bp); } else this.byPa.set(pa, [bp]);
  }

  addData(bp: Breakpoint): void { bp.verified = true; this.data.push(bp); }

  /** Removes every breakpoint of a kind (and, for source breakpoints, of one file); returns the PAs disarmed. */
  clear(kind: BpKind, file?: string): number[] {
    const pas: number[] = [];
    for (const bp of [...this.all.values()]) {
      if (bp.kind !== kind || (file !== undefined && bp.file !== file)) continue;
      this.all.delete(bp.id);
      for (const pa of bp.pas ?? []) {
        pas.push(pa);
        const l = this.byPa.get(pa)?.filter((x) => x !== bp) ?? [];
        if (l.length) this.byPa.set(pa, l); else this.byPa.delete(pa);
      }
    }
    if (kind === 'data' || kind === 'watch') this.data = this.data.filter((b) => b.kind !== kind);
    return pas;
  }

  /** Removes one breakpoint; returns the PAs it was armed at. */
  remove(bp: Breakpoint): number[] {
    this.all.delete(bp.id);
    this.data = this.data.filter((b) => b !== bp);
    for (const pa of bp.pas ?? []) {
      const l = this.byPa.get(pa)?.filter((x) => x !== bp) ?? [];
      if (l.length) this.byPa.set(pa, l); else this.byPa.delete(pa);
    }
    return bp.pas ?? [];
  }

  at(pa: number): Breakpoint[] | undefined { return this.byPa.get(pa); }
  hasPa(pa: number): boolean { return this.byPa.has(pa); }
  get(id: number): Breakpoint | undefined { return this.all.get(id); }
  list(): Breakpoint[] { return [...this.all.values()]; }

  /**
   * The data breakpoint an access hits. `lo`/`hi` is the access's VA; a breakpoint on an IPA or
   * PA asks `where` for the access's address in that space (translated once per space, only when
   * such a breakpoint exists).
   */
  matchData(lo: number, hi: number, size: number, write: boolean, where?: (space: 'ipa' | 'pa', vmid?: number) => bigint | null): Breakpoint | undefined {
    let ipa: bigint | null | undefined, pa: bigint | null | undefined;
    for (const bp of this.data) {
      const d = bp.data!;
      if (!(d.access === 'readWrite' || (d.access === 'write') === write)) continue;
      let alo = lo, ahi = hi;
      if (d.space !== 'va') {
        if (!where) continue;
        const a = d.space === 'ipa' ? (ipa === undefined ? (ipa = where('ipa', d.vmid)) : ipa) : (pa === undefined ? (pa = where('pa')) : pa);
        if (a === null) continue;
        alo = Number(a & 0xffffffffn); ahi = Number(a >> 32n);
      }
      if (d.hi !== ahi || (alo >>> 0) >= d.lo + d.len || d.lo >= (alo >>> 0) + size) continue;
      return bp;
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
