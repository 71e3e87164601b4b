// System register names by encoding (op0, op1, CRn, CRm, op2), as MRS/MSR name them.
// The rows live in ./sysregs/*.ts; this module indexes them and formats the generic
// "s3_<op1>_c<n>_c<m>_<op2>" name for encodings without one, exactly as binutils does.
// The CPU's behaviour table (emulator/cpu/sysregs) and the debugger's views key on these names.

import { SYSREG_ROWS } from './sysregs/index';

export interface SysRegField {
  readonly name: string;
  readonly lsb: number;
  readonly width: number;
  readonly desc?: string;
  /** Names of enumerated values (e.g. ESR_ELx.EC classes). */
  readonly values?: Readonly<Record<number, string>>;
}

export interface SysRegDef {
  readonly name: string;
  readonly op0: number;
  readonly op1: number;
  readonly crn: number;
  readonly crm: number;
  readonly op2: number;
  readonly desc: string;
  /**
   * 'ro': read-only (MSR is UNDEFINED); 'wo': write-only. objdump 2.40 still prints the name for
   * the other direction; where one encoding has a read name and a write name (DBGDTRRX/TX_EL0)
   * it prints the one whose access matches.
   */
  readonly access: 'rw' | 'ro' | 'wo';
  readonly fields?: readonly SysRegField[];
  readonly feature?: string;
}

export function encodeSysreg(op0: number, op1: number, crn: number, crm: number, op2: number): number {
  return (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}

const byEnc = new Map<number, SysRegDef>();
const allByEnc = new Map<number, SysRegDef[]>();
const byName = new Map<string, SysRegDef>();
for (const r of SYSREG_ROWS) {
  const k = encodeSysreg(r.op0, r.op1, r.crn, r.crm, r.op2);
  if (!byEnc.has(k)) byEnc.set(k, r);
  const all = allByEnc.get(k);
  if (all) all.push(r);
  else allByEnc.set(k, [r]);
  byName.set(r.name.toLowerCase(), r);
}

export function sysregByEncoding(op0: number, op1: number, crn: number, crm: number, op2: number): SysRegDef | undefined {
  return byEnc.get(encodeSysreg(op0, op1, crn, crm, op2));
}

export function sysregByName(name: string): SysRegDef | undefined {
  return byName.get(name.toLowerCase());
}

export function genericSysregName(op0: number, op1: number, crn: number, crm: number, op2: number): string {
  return `s${op0}_${op1}_c${crn}_c${crm}_${op2}`;
}

/** The register operand of MRS (read) or MSR (write) as objdump prints it. */
export function sysregText(op0: number, op1: number, crn: number, crm: number, op2: number, write: boolean): string {
  const all = allByEnc.get(encodeSysreg(op0, op1, crn, crm, op2));
  if (!all) return genericSysregName(op0, op1, crn, crm, op2);
  const r = all.find((d) => d.access === 'rw' || d.access === (write ? 'wo' : 'ro')) ?? all[0];
  return r.name.toLowerCase();
}

/** Parses a register name or the generic form; returns the 16-bit o0:op1:CRn:CRm:op2 encoding. */
export function parseSysregName(name: string): number | null {
  const m = /^s([23])_([0-7])_c(\d+)_c(\d+)_([0-7])$/i.exec(name);
  if (m) {
    const crn = Number(m[3]);
    const crm = Number(m[4]);
    if (crn > 15 || crm > 15) return null;
    return encodeSysreg(Number(m[1]), Number(m[2]), crn, crm, Number(m[5]));
  }
  const r = sysregByName(name);
  return r ? encodeSysreg(r.op0, r.op1, r.crn, r.crm, r.op2) : null;
}
