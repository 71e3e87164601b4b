// Register access by name for the debugger (cold path: BigInt is fine): general registers,
// PSTATE views, FP/SIMD, and system registers through the CPU's slot map. Field layouts and
// value names come from the isa table (DESIGN.md "System registers are data"), so a field the
// table gains shows up in every view without a change here.

import type { Cpu } from '../../emulator/cpu/cpu';
import { behaviorByName, SYSREG_BEHAVIORS, SYSREG_SLOTS } from '../../emulator/cpu/sysregs';
import { sysregByName, type SysRegField } from '../../emulator/isa/sysregs';
import { ESR_EC, ESR_ISS_FIELDS } from '../../emulator/isa/sysregs/index';
import { MODE_NAMES } from '../../emulator/cpu/exceptions';

const M64 = (1n << 64n) - 1n;

export interface DecodedField { name: string; value: bigint; text: string; desc?: string; lsb: number; width: number }

/** The isa spelling of a system register name (case-insensitive lookup), if the CPU stores it. */
export function sysregCanonical(name: string): string | undefined {
  const d = sysregByName(name);
  return d && SYSREG_SLOTS.has(d.name) ? d.name : undefined;
}

/** PSTATE packed as SPSR_ELx / the debugger's "cpsr". */
export function pstateValue(c: Cpu): bigint { return BigInt(c.spsrValue()); }

/** The system register's current value, with the hooked views (PSTATE, banked SPs) resolved. */
export function readSysreg(c: Cpu, name: string): bigint | undefined {
  const n = sysregCanonical(name);
  if (n === undefined) return undefined;
  switch (n) {
    case 'SP_EL0': return spBig(c, 0);
    case 'SP_EL1': return spBig(c, 1);
    case 'SP_EL2': return spBig(c, 2);
    case 'NZCV': return BigInt(c.nzcv()) << 28n;
    case 'DAIF': return BigInt(c.daif) << 6n;
    case 'CurrentEL': return BigInt(c.el) << 2n;
    case 'SPSel': return BigInt(c.spsel);
  }
  return c.sys[SYSREG_SLOTS.get(n)!];
}

export function writeSysreg(c: Cpu, name: string, v: bigint): boolean {
  const n = sysregCanonical(name);
  if (n === undefined) return false;
  v &= M64;
  switch (n) {
    case 'SP_EL0': setSpBig(c, 0, v); break;
    case 'SP_EL1': setSpBig(c, 1, v); break;
    case 'SP_EL2': setSpBig(c, 2, v); break;
    case 'NZCV': c.setNzcv(Number((v >> 28n) & 0xfn)); break;
    case 'DAIF': c.daif = Number((v >> 6n) & 0xfn); break;
    case 'CurrentEL': return false;
    case 'SPSel': c.spsel = Number(v & 1n); break;
    default: c.sys[SYSREG_SLOTS.get(n)!] = v;
  }
  // Translation-relevant registers may have changed; the core re-derives its cached regime.
  c.flushTranslation();
  return true;
}

function spBig(c: Cpu, el: number): bigint { return (BigInt(c.spRegs[2 * el + 1]) << 32n) | BigInt(c.spRegs[2 * el]); }
function setSpBig(c: Cpu, el: number, v: bigint): void { c.spRegs[2 * el] = Number(v & 0xffffffffn); c.spRegs[2 * el + 1] = Number(v >> 32n); }

/** General/core registers by debugger name: x0-x30, w0-w30, sp, pc, lr, fp, xzr, pstate, n/z/c/v, el, d0-31, s0-31, q0-31. */
export function readCoreReg(c: Cpu, name: string): bigint | undefined {
  const n = name.toLowerCase();
  let m = /^([xw])(\d+)$/.exec(n);
  if (m) {
    const i = Number(m[2]);
    if (i > 30) return undefined;
    const v = c.xBig(i);
    return m[1] === 'w' ? v & 0xffffffffn : v;
  }
  m = /^([qdsv])(\d+)$/.exec(n);
  if (m) {
    const i = Number(m[2]);
    if (i > 31) return undefined;
    const w = (k: number): bigint => BigInt(c.v[4 * i + k]);
    const q = (w(3) << 96n) | (w(2) << 64n) | (w(1) << 32n) | w(0);
    return m[1] === 's' ? q & 0xffffffffn : m[1] === 'd' ? q & M64 : q;
  }
  switch (n) {
    case 'sp': return (BigInt(c.spHi()) << 32n) | BigInt(c.spLo());
    case 'pc': return c.pc;
    case 'lr': return c.xBig(30);
    case 'fp': return c.xBig(29);
    case 'xzr': case 'wzr': return 0n;
    case 'pstate': case 'cpsr': return pstateValue(c);
    case 'nzcv': return BigInt(c.nzcv());
    case 'n': return BigInt(c.nf);
    case 'z': return BigInt(c.zf);
    case 'c': return BigInt(c.cf);
    case 'v': return BigInt(c.vf);
    case 'el': case 'currentel': return BigInt(c.el);
    case 'daif': return BigInt(c.daif);
    case 'spsel': return BigInt(c.spsel);
    case 'fpcr': return BigInt(c.fpcr);
    case 'fpsr': return BigInt(c.fpsr);
  }
  return undefined;
}

export function writeCoreReg(c: Cpu, name: string, v: bigint): boolean {
  const n = name.toLowerCase();
  let m = /^([xw])(\d+)$/.exec(n);
  if (m) {
    const i = Number(m[2]);
    if (i > 30) return false;
    c.setXBig(i, m[1] === 'w' ? v & 0xffffffffn : v & M64);
    return true;
  }
  m = /^([qdsv])(\d+)$/.exec(n);
  if (m) {
    const i = Number(m[2]);
    if (i > 31) return false;
    // Writes to Dn/Sn zero the rest of Vn, as an architectural write of that width does.
    const width = m[1] === 's' ? 32n : m[1] === 'd' ? 64n : 128n;
    const val = v & ((1n << width) - 1n);
    for (let k = 0; k < 4; k++) c.v[4 * i + k] = Number((val >> BigInt(32 * k)) & 0xffffffffn);
    return true;
  }
  switch (n) {
    case 'sp': c.setSp(Number(v & 0xffffffffn), Number((v >> 32n) & 0xffffffffn)); return true;
    case 'pc': c.pc = v & M64; return true;
    case 'lr': c.setXBig(30, v); return true;
    case 'fp': c.setXBig(29, v); return true;
    case 'nzcv': c.setNzcv(Number(v & 0xfn)); return true;
    case 'n': c.nf = Number(v & 1n); return true;
    case 'z': c.zf = Number(v & 1n); return true;
    case 'c': c.cf = Number(v & 1n); return true;
    case 'v': c.vf = Number(v & 1n); return true;
    case 'daif': c.daif = Number(v & 0xfn); return true;
    case 'fpcr': c.fpcr = Number(v & 0xffffffffn); return true;
    case 'fpsr': c.fpsr = Number(v & 0xffffffffn); return true;
  }
  return false;
}

export function fieldValue(v: bigint, f: { lsb: number; width: number }): bigint {
  return (v >> BigInt(f.lsb)) & ((1n << BigInt(f.width)) - 1n);
}

export function withField(v: bigint, f: { lsb: number; width: number }, x: bigint): bigint {
  const mask = ((1n << BigInt(f.width)) - 1n) << BigInt(f.lsb);
  return (v & ~mask) | ((x << BigInt(f.lsb)) & mask);
}

function decodeWith(v: bigint, fields: readonly SysRegField[], prefix = ''): DecodedField[] {
  return [...fields].sort((a, b) => b.lsb - a.lsb).map((f) => {
    const x = fieldValue(v, f);
    const named = f.values?.[Number(x)];
    const num = f.width === 1 ? x.toString() : '0x' + x.toString(16);
    return { name: prefix + f.name, value: x, text: named ? `${num} (${named})` : num, desc: f.desc, lsb: f.lsb, width: f.width };
  });
}

/** Every field of a system register decoded by name; ESR_ELx also gets its ISS decoded by class. */
export function decodeSysreg(name: string, v: bigint): DecodedField[] {
  const d = sysregByName(name);
  if (!d?.fields) return [];
  const out = decodeWith(v, d.fields);
  if (/^ESR_EL[123]$/i.test(d.name)) out.push(...decodeEsrIss(v));
  return out;
}

export function decodeEsrIss(esr: bigint): DecodedField[] {
  const iss = ESR_ISS_FIELDS[Number((esr >> 26n) & 0x3fn)];
  return iss ? decodeWith(esr & 0x1ffffffn, iss, 'ISS.') : [];
}

/** "HVC64: HVC in AArch64" for an ESR value. */
export function ecName(esr: bigint): string {
  const ec = Number((esr >> 26n) & 0x3fn);
  return ESR_EC[ec] ?? `EC 0x${ec.toString(16)}`;
}

/** One-line summary of an ESR: class, then the decoded ISS fields. */
export function describeEsr(esr: bigint): string {
  const iss = decodeEsrIss(esr).filter((f) => f.value !== 0n).map((f) => `${f.name.slice(4)}=${f.text}`);
  return `ESR 0x${esr.toString(16)}: ${ecName(esr)}${iss.length ? ' [' + iss.join(', ') + ']' : ''}`;
}

/** PSTATE fields for the variables view. */
export function decodePstate(c: Cpu): DecodedField[] {
  const f = (name: string, v: number, text?: string): DecodedField => ({ name, value: BigInt(v), text: text ?? String(v), lsb: 0, width: 1 });
  const mode = (c.el << 2) | (c.el === 0 ? 0 : c.spsel);
  return [
    f('EL', c.el, `${c.el} (${MODE_NAMES[mode] ?? '?'})`), f('SPSel', c.spsel),
    f('N', c.nf), f('Z', c.zf), f('C', c.cf), f('V', c.vf),
    f('D', (c.daif >> 3) & 1), f('A', (c.daif >> 2) & 1), f('I', (c.daif >> 1) & 1), f('F', c.daif & 1),
    f('PAN', c.pan), f('UAO', c.uao), f('SS', c.ss), f('IL', c.il), f('DIT', c.dit), f('SSBS', c.ssbs),
  ];
}

/** System registers the core stores, grouped by the EL whose name suffix they carry (ID registers apart). */
export function sysregGroup(group: 'EL1' | 'EL2' | 'EL0' | 'ID'): string[] {
  return SYSREG_BEHAVIORS.filter((r) => {
    if (r.hook === 'pstate') return false;
    if (group === 'ID') return r.cls === 'id';
    return r.cls !== 'id' && r.name.toUpperCase().endsWith('_' + group);
  }).map((r) => r.name);
}

export function isReadOnlySysreg(name: string): boolean {
  const n = sysregCanonical(name);
  return n === undefined || (behaviorByName(n)?.readOnly ?? false);
}

export function sysregByNameFields(name: string): readonly SysRegField[] { return sysregByName(name)?.fields ?? []; }
