// The MMU of one core (ARM ARM D8, pseudocode AArch64.FullTranslate): the TLB fast path, and on a
// miss the stage 1 walk (its table accesses through stage 2 when HCR_EL2.VM), stage 1
// permissions, then stage 2 of the output; faults become Instruction/Data Aborts with the exact
// syndrome (stage 1 to the regime's EL, stage 2 to EL2 with HPFAR_EL2). Also AT (PAR_EL1) and
// TLBI. The core calls translate() only with the MMU (or stage 2) on; flushTranslation() calls
// invalidateContext() so the cached context (regime, ASID, VMID) follows EL and register changes.

import type { AtOp, Cpu, Translator } from '../cpu/cpu';
import type { PhysicalBus } from './bus';
import { abortEsr, Fault, FAULT_NAMES, FaultKind, hpfarOf, parFault, parOk } from './faults';
import { type Context, contextOf, MEM_SLOTS, RegimeKind } from './regime';
import { PERM, s1Attr, s1DisabledOk, s1Params, s1Perms } from './stage1';
import { s2IsDevice, s2MairAttr, s2Params, s2Perms } from './stage2';
import { contextKey, NO_ASID, Tlb, TLB_MASK, TLB_SETS, type TlbiOp } from './tlb';
import { walk, WalkResult, type WalkParams, type WalkStep } from './walk';
import { WALK_COST } from '../cost/table';

const ACC_FETCH = 2;
const ACC_NAMES = ['read', 'write', 'fetch'] as const;
// Cold path (fault events only): BigInt keeps VAs above 2^53 exact.
const hex64 = (lo: number, hi: number): string => '0x' + ((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)).toString(16);
const P32 = 4294967296;
const newParams = (): WalkParams => ({ stage: 1, granule: 12, startLevel: 0, inputBits: 48, base: 0, outBits: 40 });

/** The outcome of a fault-free full translation (fields of the translator, read right after). */
export interface TranslationOut {
  pa: number;
  ipa: number;
  perm: number;
  attr: number;
  sh: number;
  asid: number;
  s1Bits: number;
  s2Bits: number;
  s2Used: boolean;
}

export class MmuTranslator implements Translator {
  readonly tlb = new Tlb();
  readonly fault = new Fault();
  /** The last full translation's result. */
  readonly out: TranslationOut = { pa: 0, ipa: 0, perm: 0, attr: 0, sh: 0, asid: NO_ASID, s1Bits: 12, s2Bits: 12, s2Used: false };
  /** When set, walks append their steps here (the debugger's translate). */
  steps: WalkStep[] | null = null;

  private valid = false;
  private ctxEl = -1;
  private ctx!: Context;
  private key = -1;
  private keyGlobal = -1;
  private el0 = false;
  private unprivUser = false;
  private panRegime = false;
  private readonly res = new WalkResult();
  private readonly res2 = new WalkResult();
  private readonly p1 = newParams();
  private readonly p2 = newParams();
  private readonly m1 = new Uint32Array(2);
  private readonly m2 = new Uint32Array(2);
  /** The context of the walk in progress (the current one, or AT's / the debugger's). */
  private walkCtx!: Context;
  private readonly s2ForWalk = (ipa: number): number => this.stage2(this.walkCtx, ipa, 0, true);

  /** `domain`: the translators of every core of the machine (inner-shareable TLBI broadcast). */
  constructor(readonly bus: PhysicalBus, readonly domain: MmuTranslator[] = []) {
    domain.push(this);
  }

  invalidateContext(): void { this.valid = false; }

  private load(c: Cpu): void {
    const ctx = (this.ctx = contextOf(c.sys, c.el));
    const s1on = ctx.s1.enabled, s2on = ctx.s2.enabled;
    const tag = ctx.s1.kind * 4 + (s1on ? 2 : 0) + (s2on ? 1 : 0);
    this.key = contextKey(tag, s1on && ctx.s1.twoRanges ? ctx.s1.asid : NO_ASID, ctx.vmid);
    this.keyGlobal = contextKey(tag, NO_ASID, ctx.vmid);
    this.el0 = c.el === 0;
    this.unprivUser = c.el === 1 || (c.el === 2 && ctx.host);
    this.panRegime = s1on && ctx.s1.twoRanges;
    this.ctxEl = c.el;
    this.valid = true;
  }

  /** Translator.translate: the TLB, then a walk on a miss. No allocation and no BigInt on a hit. */
  translate(c: Cpu, lo: number, hi: number, acc: number, size: number): number {
    void size; // the core splits accesses that cross a page
    if (!this.valid || this.ctxEl !== c.el) this.load(c);
    const t = this.tlb;
    const vpn = lo >>> 12;
    let i = vpn & TLB_MASK;
    let k = t.key[i];
    if (t.vpn[i] !== vpn || t.vhi[i] !== hi || (k !== this.key && k !== this.keyGlobal)) { i += TLB_SETS; k = t.key[i]; }
    if (t.vpn[i] === vpn && t.vhi[i] === hi) {
      if (k === this.key || k === this.keyGlobal) {
        const user = this.el0 || (c.unprivileged && this.unprivUser && c.uao === 0);
        const p = t.perm[i];
        if ((p & (1 << (acc + (user ? 3 : 0)))) !== 0 &&
          !(c.pan !== 0 && this.panRegime && !user && acc !== ACC_FETCH && (p & PERM.USER) !== 0)) {
          t.hits++;
          return t.pa[i] + (lo & 0xfff);
        }
      }
    }
    return this.miss(c, lo, hi, acc);
  }

  private miss(c: Cpu, lo: number, hi: number, acc: number): number {
    this.tlb.misses++;
    const ctx = this.ctx;
    const user = this.el0 || (c.unprivileged && this.unprivUser && c.uao === 0);
    this.res.reads = 0; this.res2.reads = 0;
    const pa = this.full(ctx, lo, hi, acc, user, c.pan !== 0 && this.panRegime, true);
    // The miss and its walk cost cycles (emulator/cost): per stage 1 descriptor read, per stage 2
    // one (nested walks of a stage 1 under stage 2 read up to 24); charged for faulting walks too.
    c.cycles += WALK_COST.tlbMiss + this.res.reads * WALK_COST.s1Level + this.res2.reads * WALK_COST.s2Level;
    if (pa < 0) { this.deliver(c, lo, hi, acc); return -1; }
    const o = this.out;
    this.tlb.insert(lo, hi, o.asid === NO_ASID ? this.keyGlobal : this.key, pa - (lo & 0xfff), o.perm, ctx.s1.kind,
      o.asid, ctx.vmid, o.s1Bits, o.ipa - (o.ipa % 4096), o.s2Bits, o.s2Used);
    return pa;
  }

  /** Raises the recorded fault as an abort (ARM ARM AArch64.Abort): stage 2 to EL2 with HPFAR_EL2. */
  private deliver(c: Cpu, lo: number, hi: number, acc: number): void {
    const f = this.fault;
    const target = f.stage === 2 ? 2 : c.syncTargetEl();
    if (f.stage === 2) c.sys[MEM_SLOTS.HPFAR_EL2] = hpfarOf(f.ipa);
    // The instruction syndrome (ISV…): architecturally for stage 2 aborts only; QEMU 7.2, our
    // lockstep reference, also gives it for EL2's own stage 1 aborts (not for EL0's in the EL2&0
    // regime, nor for anything taken to EL1): we do the same.
    const iss = target === 2 && (f.stage === 2 || c.el === 2) ? c.ldstSyndrome : 0;
    if (c.trace) {
      // Everything observable is an event (DESIGN.md): the debugger breaks on Stage-2 faults by IPA/VMID.
      c.trace({
        kind: 'translation-fault', cpu: c.index, icount: c.icount, stage: f.stage, level: f.level, fault: FAULT_NAMES[f.kind],
        access: ACC_NAMES[acc], va: hex64(lo, hi), ipa: f.stage === 2 ? '0x' + f.ipa.toString(16) : undefined,
        vmid: this.ctx.vmid, s1ptw: f.s1ptw, toEl: target,
      });
    }
    c.raiseSync(target, abortEsr(acc === ACC_FETCH, target === c.el, f, acc === 1, iss), lo, hi, true);
  }

  private allowed(perm: number, acc: number, user: boolean, pan: boolean): boolean {
    if ((perm & (1 << (acc + (user ? 3 : 0)))) === 0) return false;
    return !(pan && !user && acc !== ACC_FETCH && (perm & PERM.USER) !== 0);
  }

  /**
   * The whole translation of (lo, hi) in `ctx` for an access `acc` (0 read, 1 write, 2 fetch):
   * stage 1 (or its disabled flat map), stage 1 permissions, then stage 2 when `withS2`.
   * Returns the PA (the IPA without stage 2) and fills `out`, or -1 with `fault` set.
   */
  full(ctx: Context, lo: number, hi: number, acc: number, user: boolean, pan: boolean, withS2: boolean): number {
    const f = this.fault, o = this.out, s1 = ctx.s1;
    f.clear();
    this.walkCtx = ctx;
    const walkS2 = ctx.s2.enabled;
    let ipa: number, perm: number;
    o.asid = NO_ASID; o.s1Bits = 12; o.s2Bits = 12; o.s2Used = false;
    if (s1.enabled) {
      const input = s1Params(s1, lo, hi, this.p1, f);
      if (input < 0) return -1;
      const r = this.res;
      if (!walk(this.bus, this.p1, input, r, f, walkS2 ? this.s2ForWalk : null, this.m1, this.steps)) return -1;
      perm = s1Perms(s1, r);
      if (!this.allowed(perm, acc, user, pan)) { f.set(FaultKind.Permission, r.level, 1); return -1; }
      ipa = r.out; o.s1Bits = r.sizeBits;
      o.attr = s1Attr(s1, r); o.sh = (r.descLo >>> 8) & 3;
      if (s1.twoRanges && (r.descLo & 0x800) !== 0) o.asid = s1.asid; // nG: tagged by ASID
    } else {
      if (!s1DisabledOk(hi)) { f.set(FaultKind.AddrSize, 0, 1); return -1; }
      ipa = hi * P32 + (lo >>> 0);
      perm = PERM.ALL;
      // AArch64.S1DisabledOutput: data Device-nGnRnE (Normal WB with HCR_EL2.DC), fetches Normal.
      o.attr = ctx.dc || acc === ACC_FETCH ? 0xff : 0x00; o.sh = ctx.dc ? 0 : 2;
    }
    o.ipa = ipa;
    let pa = ipa;
    if (withS2 && ctx.s2.enabled) {
      pa = this.stage2(ctx, ipa, acc, false);
      if (pa < 0) return -1;
      perm &= s2Perms(this.res2) | PERM.USER;
      o.s2Bits = this.res2.sizeBits; o.s2Used = true;
      if (s2IsDevice(this.res2) && (o.attr & 0xf0) !== 0) o.attr = s2MairAttr(this.res2); // the stronger type wins
    }
    o.perm = perm; o.pa = pa;
    return pa;
  }

  /** Stage 2 of an IPA for an access (or a stage 1 table read when s1ptw); -1 with the fault set. */
  stage2(ctx: Context, ipa: number, acc: number, s1ptw: boolean): number {
    const f = this.fault, r = this.res2;
    if (!s2Params(ctx.s2, ipa, this.p2, f)) { f.s1ptw = s1ptw; return -1; }
    if (!walk(this.bus, this.p2, ipa, r, f, null, this.m2, this.steps)) { f.ipa = ipa; f.s1ptw = s1ptw; return -1; }
    const perm = s2Perms(r);
    const need = s1ptw ? PERM.PR : 1 << acc;
    // HCR_EL2.PTW: a stage 1 walk that reads Device memory is a stage 2 Permission fault.
    if ((perm & need) === 0 || (s1ptw && ctx.s2.ptw && s2IsDevice(r))) { f.set(FaultKind.Permission, r.level, 2, ipa, s1ptw); return -1; }
    return r.out;
  }

  /** The context of the current state for another EL (AT, the debugger). */
  contextFor(c: Cpu, el: number): Context { return contextOf(c.sys, el); }

  /**
   * AT (ARM ARM C5.3.1, AArch64.AT): the PAR_EL1 value. S1E0x and S1E1x use the EL1&0 regime (EL2&0
   * when executed at EL2 with E2H=TGE=1), S1E2x the EL2 one, S12Exx add stage 2. Faults go to
   * PAR (F=1), except a stage 2 fault on the stage 1 walk of an AT executed at EL1, which is a
   * Data Abort to EL2 with CM=1 and WnR=1 as QEMU (PAR_EL1 unchanged).
   */
  at(c: Cpu, lo: number, hi: number, op: AtOp): bigint {
    const host = contextOf(c.sys, 0).host;
    const el = op.el === 1 && c.el === 2 && host ? 2 : op.el;
    const ctx = contextOf(c.sys, el);
    const acc = op.write ? 1 : 0;
    const pa = this.full(ctx, lo, hi, acc, op.el === 0, false, op.stage2);
    const f = this.fault;
    if (pa < 0) {
      if (f.stage === 2 && c.el === 1) {
        c.sys[MEM_SLOTS.HPFAR_EL2] = hpfarOf(f.ipa);
        c.raiseSync(2, abortEsr(false, false, f, op.write, 0, true), lo, hi, true);
        return c.sys[MEM_SLOTS.PAR_EL1];
      }
      return parFault(f);
    }
    const o = this.out;
    // PAR.SH: the descriptor's SH, Device memory included (ARM ARM allows the resulting attribute
    // or the descriptor's value; QEMU 7.2 returns the descriptor's). The flat map reports 0b10.
    return parOk(pa, o.attr, o.sh);
  }

  /**
   * TLBI (C5.5): drops the matching entries here, and on every core of the domain for the
   * shareable (IS/OS) forms. Xt: VA[55:12] in [43:0] with the ASID in [63:48]; IPA[47:12] in [35:0].
   * *E1 operations at EL2 with E2H=TGE=1 apply to the EL2&0 regime.
   */
  tlbi(c: Cpu, op: TlbiOp, xLo: number, xHi: number): void {
    const ctx = contextOf(c.sys, c.el === 2 ? 2 : c.el);
    let o = op;
    if (c.el === 2 && ctx.host && op.regimes.length === 1 && op.regimes[0] === RegimeKind.EL10 && op.by !== 'ipa' && !op.stage2) {
      o = { ...op, regimes: [RegimeKind.EL20] };
    }
    // The ASID operand is as wide as the regime's ASIDs (TCR.AS) of the regime the operation targets.
    const asidMask = (o.regimes[0] === RegimeKind.EL10 ? contextOf(c.sys, 1) : ctx).s1.asidMask || 0xffff;
    const asid = (xHi >>> 16) & asidMask;
    const vaLo = (xLo << 12) >>> 0;
    let vaHi = ((xLo >>> 20) | ((xHi & 0xfff) << 12)) >>> 0;
    if ((xHi >>> 11) & 1) vaHi = (vaHi | 0xff000000) >>> 0; // VA[63:56] follow VA[55]
    const ipa = ((xHi & 0xf) * P32 + (xLo >>> 0)) * 4096;
    const vmid = contextOf(c.sys, 1).s2.vmid;
    const targets = o.broadcast && this.domain.length > 0 ? this.domain : [this];
    for (const t of targets) t.tlb.invalidate(o, vmid, asid, vaLo, vaHi, ipa);
    this.valid = false;
  }
}
