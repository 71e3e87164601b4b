// Which exception level a piece of code runs at, and what the architecture says about a system
// register access from there. The language server cannot know the EL of code statically, so it
// follows a convention (documented in language-server/README.md):
//   1. a comment `// armvirt: el1` (el0/el1/el2/el3, or `el auto` to forget) sets the EL of the
//      lines after it, until the next marker;
//   2. a section whose name mentions the EL (`.text.el2`, `.hyp.text`, `.guest`) or
//   3. a label that starts with it (`el2_entry:`, `hyp_vectors:`, `guest_main:`) does the same.
// The most recent marker wins; on one line a comment beats a heuristic. No marker: no EL
// warnings, and completion offers every system register.

import { EL2_RULES, type TrapRule } from '../emulator/cpu/traps/rules';
import { encodeSysreg, parseSysregName, sysregByName, type SysRegDef } from '../emulator/isa/sysregs';
import { SYS_OPS } from '../emulator/isa/operands/sys-ops';

export type El = 0 | 1 | 2 | 3;

const SECTION_EL: [RegExp, El][] = [
  [/(^|[._-])(el2|hyp|hypervisor)([._-]|$)/i, 2],
  [/(^|[._-])(el1|guest|kernel)([._-]|$)/i, 1],
  [/(^|[._-])(el0|user)([._-]|$)/i, 0],
  [/(^|[._-])(el3|monitor)([._-]|$)/i, 3],
];
const LABEL_EL: [RegExp, El][] = [
  [/^(el2|hyp|hypervisor)[_.]/i, 2],
  [/^(el1|guest|kernel)[_.]/i, 1],
  [/^(el0|user)[_.]/i, 0],
  [/^(el3|monitor)[_.]/i, 3],
];

/** The EL a section or label name implies, if any. */
export function elMarker(name: string, label = false): El | undefined {
  for (const [re, el] of label ? LABEL_EL : SECTION_EL) if (re.test(name)) return el;
  return undefined;
}

/**
 * Lowest EL that can access a system register: the op1 field of its encoding says so
 * (ARM ARM D18.3 "The A64 System instruction class encoding space": op1=3 EL0, 0-2 EL1,
 * 4/5 EL2 (5 = the E2H _EL12/_EL02 aliases), 6 EL3).
 */
export function minElOf(enc: number): El {
  const op1 = (enc >> 11) & 7;
  if (op1 === 3) return 0;
  if (op1 === 4 || op1 === 5) return 2;
  if (op1 === 6) return 3;
  return 1;
}

/**
 * HCR_EL2 as KVM sets it for a guest (Linux arch/arm64/include/asm/kvm_arm.h HCR_GUEST_FLAGS,
 * v6.x): TSC|TSW|TWE|TWI|VM|BSU_IS|FB|TACR|AMO|SWIO|TIDCP|RW|TLOR|FMO|IMO|PTW|TID3.
 * The project's hypervisors do not exist yet; the `hcrEl2` setting overrides this.
 */
export const KVM_GUEST_HCR = [3, 1, 2, 4, 5, 13, 14, 9, 19, 20, 21, 22, 18, 31, 35].reduce((v, b) => v | (1n << BigInt(b)), 1n << 0n) | (1n << 10n);

export interface SysregAccess {
  /** Text as written and its 0-based columns on the line. */
  name: string;
  start: number;
  end: number;
  line: number;
  dir: 'r' | 'w';
  /** The isa row, when the name is known; `enc` also covers the generic S3_... form. */
  def?: SysRegDef;
  enc: number;
}

export interface ArchWarning { line: number; start: number; end: number; severity: 'warning' | 'information'; message: string }

const SYS_OP_ENC = new Map(SYS_OPS.map((o) => [`${o.mn} ${o.name}`, encodeSysreg(1, o.op1, o.crn, o.crm, o.op2)]));

/** The encoding of a register name or SYS operation ('dc isw'), or null. */
export function encodingOf(name: string): number | null {
  return SYS_OP_ENC.get(name.toLowerCase()) ?? parseSysregName(name);
}

const fieldsOf = (enc: number) => ({ op0: enc >> 14, op1: (enc >> 11) & 7, crn: (enc >> 7) & 15, crm: (enc >> 3) & 15 });

/** HCR_EL2 rules that trap this access from `el`, given the hypervisor's HCR_EL2 value. */
export function hcrTraps(enc: number, dir: 'r' | 'w', el: El, hcr: bigint): TrapRule[] {
  if (el === 3 || el === 2) return [];
  return EL2_RULES.filter((r) => {
    if (r.ctl !== 'hcr' || r.feature || r.when !== 'set' || !r.at.includes(el)) return false;
    if (r.dir !== 'rw' && r.dir !== dir) return false;
    if (!r.bits.some((b) => (hcr >> BigInt(b)) & 1n)) return false;
    const s = r.sel;
    if (s.names) return s.names.some((n) => encodingOf(n) === enc);
    if (s.space) {
      const f = fieldsOf(enc);
      return s.space.op0.includes(f.op0) && (!s.space.op1 || s.space.op1.includes(f.op1))
        && (!s.space.crn || s.space.crn.includes(f.crn)) && (!s.space.crm || s.space.crm.includes(f.crm));
    }
    return false;
  });
}

/** HCR_EL2 rules for WFI/WFE/SMC at `el`. */
export function insnTraps(insn: 'wfi' | 'wfe' | 'smc', el: El, hcr: bigint): TrapRule[] {
  return EL2_RULES.filter((r) => r.ctl === 'hcr' && r.sel.insn === insn && r.at.includes(el as 0 | 1 | 2) && r.bits.some((b) => (hcr >> BigInt(b)) & 1n));
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;

/** The architectural warnings for one access at a known (or unknown) EL. */
export function checkAccess(a: SysregAccess, el: El | undefined, hcr: bigint): ArchWarning[] {
  const out: ArchWarning[] = [];
  const at = { line: a.line, start: a.start, end: a.end };
  const name = a.def?.name ?? a.name.toUpperCase();
  if (a.def?.access === 'ro' && a.dir === 'w') out.push({ ...at, severity: 'warning', message: `${name} is read-only: MSR to it is UNDEFINED` });
  if (a.def?.access === 'wo' && a.dir === 'r') out.push({ ...at, severity: 'warning', message: `${name} is write-only: MRS from it is UNDEFINED` });
  if (el === undefined) return out;
  const min = minElOf(a.enc);
  if (el < min) {
    out.push({ ...at, severity: 'warning', message: `${name} is an EL${min} register, but this code runs at EL${el}: the access is UNDEFINED (see the \`// armvirt: elN\` convention)` });
    return out;
  }
  for (const r of hcrTraps(a.enc, a.dir, el, hcr)) {
    out.push({ ...at, severity: 'warning', message: `${a.dir === 'w' ? 'MSR to' : 'MRS from'} ${name} at EL${el} traps to EL2: ${r.id} is set in the hypervisor's HCR_EL2 (${hex(hcr)})` });
  }
  return out;
}

export function lookupSysreg(name: string): { def?: SysRegDef; enc: number } | null {
  const def = sysregByName(name);
  if (def) return { def, enc: encodeSysreg(def.op0, def.op1, def.crn, def.crm, def.op2) };
  const enc = parseSysregName(name);
  return enc === null ? null : { enc };
}
