// The debugger's view of translation (cold paths, BigInt and allocation are fine): one address
// through a regime with every step of the walk, and every mapping of a stage 1 or stage 2 table
// coalesced into ranges (the Stage-2 map view). Nothing here raises an exception or fills a TLB.

import type { PhysicalBus } from './bus';
import { FAULT_NAMES, type Fault } from './faults';
import { type Context, contextOf, mairAttr, type Stage1Regime } from './regime';
import { s1Perms, PERM } from './stage1';
import { s2Params, s2Perms } from './stage2';
import type { MmuTranslator } from './translator';
import { levelShift, s1StartLevel, WalkResult, type WalkParams, type WalkStep } from './walk';

export interface DebugFault { kind: string; level: number; stage: 1 | 2; s1ptw: boolean; fsc: number; ipa?: bigint }

export interface DebugTranslation {
  steps: WalkStep[];
  /** The output (PA, or IPA for stage 1 alone), when no fault. */
  output?: bigint;
  ipa?: bigint;
  /** Permission bits (stage1.ts PERM), MAIR attribute byte and shareability. */
  perm?: string;
  attr?: number;
  sh?: number;
  fault?: DebugFault;
}

function faultOf(f: Fault): DebugFault {
  return { kind: FAULT_NAMES[f.kind], level: f.level, stage: f.stage, s1ptw: f.s1ptw, fsc: f.fsc, ...(f.stage === 2 ? { ipa: BigInt(f.ipa) } : {}) };
}

export function permString(p: number): string {
  const b = (m: number, ch: string): string => (p & m ? ch : '-');
  return `EL1:${b(PERM.PR, 'r')}${b(PERM.PW, 'w')}${b(PERM.PX, 'x')} EL0:${b(PERM.UR, 'r')}${b(PERM.UW, 'w')}${b(PERM.UX, 'x')}`;
}

/**
 * translate(address, regime, stage): stage 1 (VA → IPA/PA of the regime of `el`), 2 (IPA → PA
 * through VTTBR_EL2) or 12 (both). A read access is checked unless `access` says otherwise.
 */
export function debugTranslate(t: MmuTranslator, sys: BigUint64Array, address: bigint, el: 0 | 1 | 2, stage: 1 | 2 | 12,
  access: 'read' | 'write' | 'fetch' = 'read'): DebugTranslation {
  const ctx = contextOf(sys, el);
  const steps: WalkStep[] = [];
  const acc = access === 'read' ? 0 : access === 'write' ? 1 : 2;
  const lo = Number(address & 0xffffffffn), hi = Number((address >> 32n) & 0xffffffffn);
  t.steps = steps;
  try {
    let out: number;
    if (stage === 2) {
      const s2: Context = { ...ctx, s2: { ...ctx.s2, enabled: true } };
      out = t.stage2(s2, hi * 4294967296 + lo, acc, false);
      if (out < 0) return { steps, fault: faultOf(t.fault) };
      return { steps, output: BigInt(out), ipa: address };
    }
    out = t.full(ctx, lo, hi, acc, el === 0, false, stage === 12);
    if (out < 0) return { steps, fault: faultOf(t.fault) };
    const o = t.out;
    return { steps, output: BigInt(out), ipa: BigInt(o.ipa), perm: permString(o.perm), attr: o.attr, sh: o.sh };
  } finally {
    t.steps = null;
  }
}

/** One coalesced range of a table's mappings. */
export interface MappingRange {
  input: bigint;
  output: bigint;
  size: bigint;
  level: number;
  perm: string;
  /** Stage 1: the MAIR attribute byte; stage 2: MemAttr[3:0]. */
  attr: number;
}

/**
 * Every valid leaf of the stage 1 tables of the regime of `el` (TTBR0 range, then TTBR1's, VAs
 * sign-extended) or of the stage 2 tables, merged when input and output are contiguous with the
 * same permissions and attributes. Table addresses are read as PAs (a stage 1 walked under stage 2
 * reads its tables through stage 2 when `t` is given and stage 2 is on).
 */
export function enumerateMappings(bus: PhysicalBus, sys: BigUint64Array, el: 0 | 1 | 2, stage: 1 | 2, t?: MmuTranslator): MappingRange[] {
  const ctx = contextOf(sys, el);
  const out: MappingRange[] = [];
  const m = new Uint32Array(2);
  const res = new WalkResult();
  const push = (input: bigint, output: bigint, sizeBits: number, level: number, perm: string, attr: number): void => {
    const size = 1n << BigInt(sizeBits);
    const last = out[out.length - 1];
    if (last && last.input + last.size === input && last.output + last.size === output && last.perm === perm && last.attr === attr) last.size += size;
    else out.push({ input, output, size, level, perm, attr });
  };
  const toPa = (a: number): number => (stage === 1 && ctx.s2.enabled && t ? t.stage2(ctx, a, 0, true) : a);
  const rec = (p: WalkParams, s1: Stage1Regime | null, table: number, level: number, inBase: bigint, entries: number, apT: number, xnT: number, pxnT: number): void => {
    const shift = levelShift(p.granule, level);
    for (let i = 0; i < entries; i++) {
      const pa = toPa(table + i * 8);
      if (pa < 0 || !bus.read(pa, 8, m)) continue;
      const lo = m[0], hi = m[1];
      if ((lo & 1) === 0) continue;
      const input = inBase + (BigInt(i) << BigInt(shift));
      const oa = (hi & 0xffff) * 4294967296 + (lo >>> 0);
      if (level < 3 && (lo & 2) !== 0) {
        const next = Math.floor(oa / 2 ** p.granule) * 2 ** p.granule;
        rec(p, s1, next, level + 1, input, 2 ** (p.granule - 3), apT | ((hi >>> 29) & 3), xnT | ((hi >>> 28) & 1), pxnT | ((hi >>> 27) & 1));
        continue;
      }
      if (level === 3 ? (lo & 2) === 0 : p.granule === 12 ? level === 0 : level !== 2) continue;
      res.descLo = lo; res.descHi = hi; res.apTable = apT; res.xnTable = xnT; res.pxnTable = pxnT;
      const perm = s1 ? s1Perms(s1, res) : s2Perms(res);
      const attr = s1 ? mairAttr(s1, (lo >>> 2) & 7) : (lo >>> 2) & 0xf;
      push(input, BigInt(Math.floor(oa / 2 ** shift) * 2 ** shift), shift, level, permString(perm), attr);
    }
  };
  if (stage === 2) {
    const p: WalkParams = { stage: 2, granule: 12, startLevel: 0, inputBits: 48, base: 0, outBits: 40 };
    const f = { set: () => false } as unknown as Fault;
    if (!s2Params(ctx.s2, 0, p, f)) return out;
    rec(p, null, p.base, p.startLevel, 0n, 2 ** (p.inputBits - levelShift(p.granule, p.startLevel)), 0, 0, 0);
    return out;
  }
  const s1 = ctx.s1;
  const ranges = s1.twoRanges ? [s1.r0, s1.r1] : [s1.r0];
  ranges.forEach((r, k) => {
    if (r.epd) return;
    const inputBits = 64 - r.tsz;
    const start = s1StartLevel(r.granule, inputBits);
    const n = 2 ** (inputBits - levelShift(r.granule, start));
    const p: WalkParams = { stage: 1, granule: r.granule, startLevel: start, inputBits, base: r.base, outBits: s1.outBits };
    const base = k === 1 ? (1n << 64n) - (1n << BigInt(inputBits)) : 0n;
    const align = Math.max(n * 8, 64);
    rec(p, s1, Math.floor(r.base / align) * align, start, base, n, 0, 0, 0);
  });
  return out;
}
