// Small builders for the system register rows and their fields, so the name files read like
// the ARM ARM's register index (D19/D23 "AArch64 System Register Descriptions").

import type { SysRegDef, SysRegField } from '../sysregs';

export type Access = SysRegDef['access'];
export type Enc = readonly [op0: number, op1: number, crn: number, crm: number, op2: number];

/** A row builder with a default feature for one area of the architecture. */
export function regs(defaultFeature: string) {
  return (name: string, enc: Enc, desc: string, access: Access = 'rw', feature = defaultFeature): SysRegDef => ({
    name, op0: enc[0], op1: enc[1], crn: enc[2], crm: enc[3], op2: enc[4], desc, access, feature,
  });
}

/** 0..n-1, for the numbered families (DBGBVR<n>_EL1, PMEVCNTR<n>_EL0, ICH_LR<n>_EL2, ...). */
export function range(n: number, from = 0): number[] {
  return Array.from({ length: n - from }, (_, i) => i + from);
}

/** The VHE alias of an EL1/EL0 register: op1 becomes 5 (ARM ARM D5.4 "Virtualization Host Extensions"). */
export function vheAlias(base: SysRegDef, suffix: '_EL12' | '_EL02'): SysRegDef {
  const name = base.name.replace(/_EL[01]$/, suffix);
  return { ...base, name, op1: 5, desc: `${base.desc} (${base.name} accessed from EL2 when HCR_EL2.E2H=1)`, feature: 'vhe' };
}

/** A field given as the ARM ARM writes it: hi:lo (or one bit when lo is omitted). */
export function f(name: string, hi: number, lo: number | undefined, desc: string, values?: Record<number, string>): SysRegField {
  const l = lo ?? hi;
  return values ? { name, lsb: l, width: hi - l + 1, desc, values } : { name, lsb: l, width: hi - l + 1, desc };
}

/** A one-bit field. */
export function b(name: string, bit: number, desc: string, values?: Record<number, string>): SysRegField {
  return f(name, bit, bit, desc, values);
}

export type FieldTable = Record<string, readonly SysRegField[]>;

/** Common value names. */
export const EN: Record<number, string> = { 0: 'disabled', 1: 'enabled' };
export const TRAP: Record<number, string> = { 0: 'not trapped', 1: 'trapped' };
