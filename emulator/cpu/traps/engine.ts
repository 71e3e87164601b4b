// The access engine: decides whether an MRS/MSR/SYS, WFI/WFE, HVC, SMC or FP/SIMD access
// proceeds, is UNDEFINED, or traps (to which EL, with which syndrome). All trap knowledge is
// in rules.ts; this file only applies it, in the ARM ARM's priority order ("Synchronous
// exception prioritization"): UNDEFINED (no such register, insufficient EL, wrong direction),
// then traps to EL1 from EL1 controls, then traps to EL2.
// Syndromes: ARM ARM D17.2.37 ESR_ELx; ISS encodings for EC 0x01, 0x07, 0x16, 0x17, 0x18.

import { SYS_OPS } from '../../isa/operands/sys-ops';
import { encodeSysreg, sysregByName } from '../../isa/sysregs';
import { behaviorByEncoding, behaviorByName, defaultConfig, isImplemented } from '../sysregs/index';
import { EL0_RULES, EL2_RULES, FP_RULES, type CtlReg, type Selector, type TrapRule } from './rules';
import { isReservedIdSpace, vheAliasTarget } from './vhe';
import { bit, E2H, EC, el0InHost, TGE, type AccessResult, type SmcResult, type TrapCtx } from './types';

const fields = (enc: number) => ({ op0: enc >> 14, op1: (enc >> 11) & 7, crn: (enc >> 7) & 15, crm: (enc >> 3) & 15, op2: enc & 7 });

/** The SYS operations this CPU implements (Armv8.0: no MTE, DPB, PAN2, TLBIOS/RANGE, SPECRES). */
const SYS_IMPL = new Map(SYS_OPS.filter((o) => o.feature === 'v8.0').map((o) => [encodeSysreg(1, o.op1, o.crn, o.crm, o.op2), o]));
const sysOpEnc = new Map(SYS_OPS.map((o) => [`${o.mn} ${o.name}`, encodeSysreg(1, o.op1, o.crn, o.crm, o.op2)]));

/** Encoding of an isa register name or a SYS operation ('dc zva'); throws on a misspelt name. */
export function selectorEncoding(name: string): number {
  const s = sysOpEnc.get(name);
  if (s !== undefined) return s;
  const d = sysregByName(name);
  if (!d || d.name !== name) throw new Error(`trap rule names unknown register or operation '${name}'`);
  return encodeSysreg(d.op0, d.op1, d.crn, d.crm, d.op2);
}

type Match = (enc: number) => boolean;
function compile(sel: Selector): Match {
  if (sel.names) {
    const set = new Set(sel.names.map(selectorEncoding));
    return (enc) => set.has(enc);
  }
  const sp = sel.space;
  if (sp) {
    return (enc) => {
      const f = fields(enc);
      return sp.op0.includes(f.op0) && (!sp.op1 || sp.op1.includes(f.op1)) && (!sp.crn || sp.crn.includes(f.crn)) && (!sp.crm || sp.crm.includes(f.crm));
    };
  }
  return () => false;
}

/** Pseudo-encodings for the instruction selectors (outside the 16-bit register space). */
const INSN = { wfi: 0x10000, wfe: 0x10001, smc: 0x10002 } as const;
const compiled = new Map<TrapRule, Match>();
for (const r of [...EL0_RULES, ...EL2_RULES]) {
  compiled.set(r, r.sel.insn ? (enc) => enc === INSN[r.sel.insn!] : compile(r.sel));
}

/**
 * The value of a control register as the rule sees it. For a host EL0 (E2H=TGE=1) the EL1
 * controls are replaced by their EL2 forms (SCTLR_EL2, CNTHCTL_EL2, CPTR_EL2). MDCR_EL2.TDE
 * and HCR_EL2.TGE make TDA/TDOSA/TDRA behave as 1 (MDCR_EL2.TDE description).
 */
function ctlValue(ctx: TrapCtx, ctl: CtlReg, host: boolean): bigint {
  if (host && ctl === 'sctlr') return ctx.sctlrEl2 ?? 0n;
  if (host && ctl === 'cntkctl') return ctx.cnthctl;
  if (host && ctl === 'cpacr') return ctx.cptr;
  if (ctl === 'mdcr') return bit(ctx.mdcr, 8) || (ctx.hcr & TGE) !== 0n ? ctx.mdcr | (7n << 9n) : ctx.mdcr;
  const v: Record<CtlReg, bigint | undefined> = {
    hcr: ctx.hcr, cptr: ctx.cptr, mdcr: ctx.mdcr, cpacr: ctx.cpacr, cnthctl: ctx.cnthctl, sctlr: ctx.sctlr,
    cntkctl: ctx.cntkctl, pmuserenr: ctx.pmuserenr, mdscr: ctx.mdscr, ichhcr: ctx.ichHcr, iccsre: ctx.iccSreEl2 ?? 0xfn,
  };
  return v[ctl] ?? 0n;
}

/** Features of inactive rules: none of them is implemented by this Armv8.0 + VHE CPU. */
const RULE_FEATURES = new Set<string>();

/** The first rule that traps this access, with its target EL after TGE/host routing. */
function firstTrap(ctx: TrapCtx, enc: number, isRead: boolean): { rule: TrapRule; target: 1 | 2 } | undefined {
  const host = el0InHost(ctx);
  const e2h = (ctx.hcr & E2H) !== 0n;
  for (const rule of [...EL0_RULES, ...EL2_RULES]) {
    if (rule.feature && !RULE_FEATURES.has(rule.feature)) continue;
    if (!rule.at.includes(ctx.el)) continue;
    if (rule.dir !== 'rw' && (rule.dir === 'r') !== isRead) continue;
    if (host && !rule.host) continue;
    if (!compiled.get(rule)!(enc)) continue;
    const bits = e2h && rule.e2hBits !== undefined ? rule.e2hBits : rule.bits;
    if (bits === null) continue;
    const v = ctlValue(ctx, rule.ctl, host && rule.target === 1);
    const trapped = rule.when === 'set' ? bits.some((b) => bit(v, b)) : bits.every((b) => !bit(v, b));
    if (!trapped) continue;
    // Traps to EL1 from EL0 go to EL2 when HCR_EL2.TGE=1 (pseudocode AArch64.SystemAccessTrap).
    const target = rule.target === 1 && ctx.el === 0 && (ctx.hcr & TGE) !== 0n ? 2 : rule.target;
    return { rule, target };
  }
  return undefined;
}

/** ISS of EC 0x18 (MSR/MRS/SYS): Op0, Op2, Op1, CRn, Rt, CRm, Direction (1 = read). */
export function sysIss(enc: number, rt: number, isRead: boolean): number {
  const f = fields(enc);
  return (f.op0 << 20) | (f.op2 << 17) | (f.op1 << 14) | (f.crn << 10) | ((rt & 31) << 5) | (f.crm << 1) | (isRead ? 1 : 0);
}

const UNDEF: AccessResult = { kind: 'undefined' };
const OK: AccessResult = { kind: 'ok' };
const trap = (targetEl: 1 | 2, ec: number, iss: number, rule?: string): AccessResult & { rule?: string } =>
  ({ kind: 'trap', targetEl, ec, iss, ...(rule ? { rule } : {}) });

/** Whether the encoding names something this CPU implements, and may be accessed from ctx.el in that direction. */
function accessible(ctx: TrapCtx, enc: number, isRead: boolean): boolean {
  const cfg = ctx.cfg ?? defaultConfig();
  const { op0, op1 } = fields(enc);
  if (op0 === 1) {
    const minEl = [1, 1, 1, 0, 2, 2, 3, 3][op1];
    return !isRead && SYS_IMPL.has(enc) && ctx.el >= minEl;
  }
  if (op0 < 2) return false;
  const alias = vheAliasTarget(enc);
  if (alias !== undefined && !(ctx.el === 2 && (ctx.hcr & E2H) !== 0n)) return false;
  const row = alias !== undefined ? behaviorByName(alias) : behaviorByEncoding(enc);
  if (!row) return isRead && ctx.el >= 1 && isReservedIdSpace(enc);
  if (!isImplemented(row, cfg)) return false;
  if (ctx.el < row.minEl) return false;
  if (ctx.el === 0 && (row.el0 === undefined || row.el0 === 'none' || (row.el0 === 'ro' && !isRead))) return false;
  if (isRead ? row.writeOnly : row.readOnly) return false;
  if (!isRead && row.writeMinEl !== undefined && ctx.el < row.writeMinEl) return false;
  return true;
}

/** Rules that act before the UNDEFINED checks: TIDCP traps IMPLEMENTATION DEFINED encodings whether or not they exist. */
const BEFORE_UNDEF = new Set(['HCR_EL2.TIDCP']);

/**
 * Checks an MRS (isRead) / MSR / SYS access to the encoding `enc` (encodeSysreg form; SYS ops
 * have op0=1). The trap's ISS has Rt=0: esrFor adds Rt.
 */
export function checkSysregAccess(ctx: TrapCtx, enc: number, isRead: boolean): AccessResult {
  const early = firstTrap(ctx, enc, isRead);
  if (early && BEFORE_UNDEF.has(early.rule.id)) return trap(early.target, EC.SYS64, sysIss(enc, 0, isRead), early.rule.id);
  if (!accessible(ctx, enc, isRead)) return UNDEF;
  const row = behaviorByEncoding(enc);
  if (row?.cls === 'fp') {
    const fp = checkFpAccess(ctx);
    if (fp.kind !== 'ok') return fp;
  }
  const t = firstTrap(ctx, enc, isRead);
  return t ? trap(t.target, EC.SYS64, sysIss(enc, 0, isRead), t.rule.id) : OK;
}

/** FP/SIMD access (any FP/SIMD instruction, FPCR/FPSR): EC 0x07, ISS CV=1 COND=0b1110 for A64 (as QEMU's syn_fp_access_trap). */
export function checkFpAccess(ctx: TrapCtx): AccessResult {
  const host = ctx.el !== 1 && (ctx.hcr & (E2H | TGE)) === (E2H | TGE);
  const e2h = (ctx.hcr & E2H) !== 0n;
  for (const r of FP_RULES) {
    if (r.e2h !== 'any' && r.e2h !== e2h) continue;
    if (r.notInHost && host) continue;
    const v = Number((ctlValue(ctx, r.ctl, false) >> BigInt(r.lsb)) & (r.width === 2 ? 3n : 1n));
    const traps = [...(r.trapValues[ctx.el] ?? []), ...(ctx.el === 0 && (ctx.hcr & TGE) !== 0n ? r.tgeEl0 ?? [] : [])];
    if (!traps.includes(v)) continue;
    const target = r.target === 1 && ctx.el === 0 && (ctx.hcr & TGE) !== 0n ? 2 : r.target;
    return trap(target, EC.FP, (1 << 24) | (0xe << 20), r.id);
  }
  return OK;
}

/** WFI/WFE: EC 0x01, ISS CV=1, COND=0b1110, TI (0 = WFI, 1 = WFE). EL2 is never trapped (no EL3). */
export function checkWfx(ctx: TrapCtx, isWfe: boolean): AccessResult {
  const t = firstTrap(ctx, isWfe ? INSN.wfe : INSN.wfi, false);
  return t ? trap(t.target, EC.WFX, (1 << 24) | (0xe << 20) | (isWfe ? 1 : 0), t.rule.id) : OK;
}

/** HVC #imm16: UNDEFINED at EL0 or with HCR_EL2.HCD=1 (no EL3); otherwise an HVC exception to EL2 (EC 0x16). */
export function checkHvc(ctx: TrapCtx, imm16: number): AccessResult {
  if (ctx.el === 0 || bit(ctx.hcr, 29)) return UNDEF;
  return trap(2, EC.HVC64, imm16 & 0xffff);
}

/**
 * SMC #imm16: UNDEFINED at EL0; at EL1 trapped to EL2 by HCR_EL2.TSC (EC 0x17, even without EL3,
 * as QEMU does); otherwise, with no EL3, the machine's firmware (PSCI over SMC) handles it or
 * makes it UNDEFINED.
 */
export function checkSmc(ctx: TrapCtx, imm16: number): SmcResult {
  if (ctx.el === 0) return UNDEF;
  const t = firstTrap(ctx, INSN.smc, false);
  return t ? trap(t.target, EC.SMC64, imm16 & 0xffff, t.rule.id) : { kind: 'firmware' };
}

/** The full ESR_ELx of a trap: EC, IL=1 (32-bit A64 instruction), ISS; Rt inserted for EC 0x18. */
export function esrFor(result: AccessResult, rt = 0): bigint {
  if (result.kind !== 'trap') throw new Error(`esrFor: not a trap (${result.kind})`);
  const iss = result.ec === EC.SYS64 ? (result.iss & ~(31 << 5)) | ((rt & 31) << 5) : result.iss;
  return (BigInt(result.ec) << 26n) | (1n << 25n) | BigInt(iss >>> 0);
}

/** ESR of an UNDEFINED instruction (EC 0x00, IL=1). */
export const ESR_UNDEFINED = (BigInt(EC.UNKNOWN) << 26n) | (1n << 25n);
