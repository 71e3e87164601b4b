// Operand kinds of the "Branches, exception generating and system instructions" group
// (ARM ARM C4.1.87): conditional-branch targets with objdump's alternate-name comment, test
// bits, optional registers and immediates, barrier options, PSTATE fields, system register
// names and the SYS operation names.

import { parseSysregName, sysregText } from '../sysregs';
import type { DecodeCtx, EncodeCtx, Operand, OperandParser } from '../types';
import { COND_ALT_COMMENT, fmtImm, label, parseGpr, regName, widthOf, type RegClass } from './common';
import { sysOpAt, sysOpsOf, type SysAliasMnemonic } from './sys-ops';

/** B.cond/BC.cond target; objdump adds the condition's other names ("// b.lo, b.ul, b.last"). */
export function condLabel(field: string, base: 'b' | 'bc'): Operand {
  const l = label(field);
  return {
    ...l,
    print: (d) => {
      const alt = COND_ALT_COMMENT[d.f('cond')];
      if (alt) d.comment(alt.split(', ').map((n) => `${base}.${n}`).join(', '));
      return l.print(d);
    },
  };
}

/** TBZ/TBNZ "#<imm>": the bit number b5:b40; the X form writes b5 from the number. */
export function testBit(wide: boolean): Operand {
  return {
    syntax: '#<imm>',
    print: (d) => `#${(d.has('b5') ? d.f('b5') << 5 : 0) | d.f('b40')}`,
    parse: (p, e) => {
      const v = Number(p.imm());
      const max = wide ? 63 : 31;
      if (!Number.isInteger(v) || v < 0 || v > max) p.fail(`bit number must be 0 to ${max}`);
      e.set('b40', v & 31);
      if (e.has('b5')) e.set('b5', v >>> 5);
      else if (v > 31) p.fail('bit number must be 0 to 31 for a W register');
    },
  };
}

/** A register operand omitted when it holds its default (RET's X30). */
export function optGpr(field: string, cls: RegClass, dflt: number): Operand {
  return {
    syntax: `{<Xn>}`,
    optional: true,
    print: (d) => (d.f(field) === dflt ? '' : regName(cls, d.f(field))),
    parse: (p, e) => e.set(field, parseGpr(p, cls)),
    absent: (e) => e.set(field, dflt),
  };
}

/** A trailing ", Xt" that objdump leaves out when Rt is 31 (SYS). */
export function optXt(field = 'Rt'): Operand {
  return optGpr(field, 'x', 31);
}

/** An immediate omitted when it holds its default (DCPS1's #0, ISB's and CLREX's #15). */
export function optImm(field: string, dflt: number, hex = true): Operand {
  return {
    syntax: `{#<${field}>}`,
    optional: true,
    print: (d) => (d.f(field) === dflt ? '' : `#${fmtImm(d.f(field), hex)}`),
    parse: (p, e) => setImm(p, e, field, Number(p.imm())),
    absent: (e) => e.set(field, dflt),
  };
}

function setImm(p: OperandParser, e: EncodeCtx, field: string, v: number): void {
  const max = 2 ** widthOf(e, field) - 1;
  if (!Number.isInteger(v) || v < 0 || v > max) p.fail(`immediate must be 0 to ${max}`);
  e.set(field, v);
}

/** Parses one of `names` (index = field value); null when the text is an immediate instead. */
function parseNamed(p: OperandParser, names: readonly string[], what: string): number | null {
  const start = p.pos;
  const id = p.ident()?.toLowerCase();
  if (id !== undefined) {
    const i = names.indexOf(id);
    if (i >= 0 && id !== '') return i;
  }
  p.pos = start;
  if (p.peek() === '#' || /[0-9(-]/.test(p.peek())) return null;
  return p.fail(`expected ${what}`);
}

/** HINT #imm: the 7-bit CRm:op2, printed in hex. */
export const hintImm: Operand = {
  syntax: '#<imm>',
  print: (d) => `#0x${((d.f('CRm') << 3) | d.f('op2')).toString(16)}`,
  parse: (p, e) => {
    const v = Number(p.imm());
    if (!Number.isInteger(v) || v < 0 || v > 127) p.fail('hint number must be 0 to 127');
    e.set('CRm', v >>> 3);
    e.set('op2', v & 7);
  },
};

/** DSB/DMB <option>|#imm (C6.2.86): objdump prints unnamed values as two hex digits. */
const BARRIER_NAMES = ['', 'oshld', 'oshst', 'osh', '', 'nshld', 'nshst', 'nsh', '', 'ishld', 'ishst', 'ish', '', 'ld', 'st', 'sy'];
export const barrierOption: Operand = {
  syntax: '<option>|#<imm>',
  print: (d) => BARRIER_NAMES[d.f('CRm')] || `#0x${d.f('CRm').toString(16).padStart(2, '0')}`,
  parse: (p, e) => {
    const n = parseNamed(p, BARRIER_NAMES, 'a barrier option (sy, ish, ld, …) or #imm');
    if (n !== null) e.set('CRm', n);
    else setImm(p, e, 'CRm', Number(p.imm()));
  },
};

/** DSB <option>nXS (FEAT_XS): imm2 selects the domain. */
const NXS_NAMES = ['oshnxs', 'nshnxs', 'ishnxs', 'synxs'];
export const nxsOption: Operand = {
  syntax: '<option>nXS',
  print: (d) => NXS_NAMES[d.f('imm2')],
  parse: (p, e) => {
    const n = parseNamed(p, NXS_NAMES, 'oshnxs, nshnxs, ishnxs or synxs');
    if (n === null) return p.fail('expected oshnxs, nshnxs, ishnxs or synxs');
    e.set('imm2', n);
  },
};

/** ISB {option}: only SY (15) is named and it is left out. */
export const isbOption: Operand = {
  syntax: '{<option>|#<imm>}',
  optional: true,
  print: (d) => (d.f('CRm') === 15 ? '' : `#0x${d.f('CRm').toString(16)}`),
  parse: (p, e) => (p.eat('sy') ? e.set('CRm', 15) : setImm(p, e, 'CRm', Number(p.imm()))),
  absent: (e) => e.set('CRm', 15),
};

/** BTI {<targets>}: none, c, j, jc. */
const BTI_TARGETS = ['', 'c', 'j', 'jc'];
export const btiTargets: Operand = {
  syntax: '{<targets>}',
  optional: true,
  print: (d) => BTI_TARGETS[d.f('targets')],
  parse: (p, e) => {
    const n = parseNamed(p, BTI_TARGETS, 'c, j or jc');
    if (n === null) return p.fail('expected c, j or jc');
    e.set('targets', n);
  },
  absent: (e) => e.set('targets', 0),
};

/** SMSTART/SMSTOP {SM|ZA}: CRm<2:1> selects PSTATE.SM (01), PSTATE.ZA (10) or both (11). */
const SM_OPTS = ['', 'sm', 'za', ''];
export const smOption: Operand = {
  syntax: '{SM|ZA}',
  optional: true,
  print: (d) => (d.f('opt') === 0 ? null : SM_OPTS[d.f('opt')]),
  parse: (p, e) => {
    const n = parseNamed(p, SM_OPTS, 'sm or za');
    if (n === null) return p.fail('expected sm or za');
    e.set('opt', n);
  },
  absent: (e) => e.set('opt', 3),
};

/**
 * MSR (immediate) PSTATE fields (C6.2.229): op1:op2 name the field; one-bit fields need
 * CRm<3:1> = 0, and SVCR's CRm<3:1> selects SM/ZA. `max` bounds the immediate (CRm or CRm<0>).
 */
interface PstateField { name: string; op1: number; op2: number; crmHi: number; max: number; feature: string }
const PSTATE_FIELDS: readonly PstateField[] = [
  { name: 'spsel', op1: 0, op2: 5, crmHi: 0, max: 1, feature: 'v8.0' },
  { name: 'daifset', op1: 3, op2: 6, crmHi: 0, max: 15, feature: 'v8.0' },
  { name: 'daifclr', op1: 3, op2: 7, crmHi: 0, max: 15, feature: 'v8.0' },
  { name: 'uao', op1: 0, op2: 3, crmHi: 0, max: 1, feature: 'uao' },
  { name: 'pan', op1: 0, op2: 4, crmHi: 0, max: 1, feature: 'pan' },
  { name: 'allint', op1: 1, op2: 0, crmHi: 0, max: 1, feature: 'nmi' },
  { name: 'ssbs', op1: 3, op2: 1, crmHi: 0, max: 1, feature: 'ssbs' },
  { name: 'dit', op1: 3, op2: 2, crmHi: 0, max: 1, feature: 'dit' },
  { name: 'tco', op1: 3, op2: 4, crmHi: 0, max: 1, feature: 'mte' },
  { name: 'svcrsm', op1: 3, op2: 3, crmHi: 2, max: 1, feature: 'sme' },
  { name: 'svcrza', op1: 3, op2: 3, crmHi: 4, max: 1, feature: 'sme' },
  { name: 'svcrsmza', op1: 3, op2: 3, crmHi: 6, max: 1, feature: 'sme' },
];

/** The PSTATE field named by an MSR (immediate) encoding, or undefined (objdump: generic MSR). */
export function pstateField(op1: number, op2: number, crm: number): PstateField | undefined {
  return PSTATE_FIELDS.find((p) => p.op1 === op1 && p.op2 === op2 && (crm & ~p.max) === p.crmHi);
}

export const pstateName: Operand = {
  syntax: '<pstatefield>',
  print: (d) => pstateField(d.f('op1'), d.f('op2'), d.f('CRm'))?.name ?? null,
  parse: (p, e) => {
    const start = p.pos;
    const id = p.ident()?.toLowerCase();
    const pf = PSTATE_FIELDS.find((x) => x.name === id);
    if (!pf) { p.pos = start; return p.fail('expected a PSTATE field (spsel, daifset, daifclr, pan, uao, dit, ssbs, tco, allint, svcr…)'); }
    e.set('op1', pf.op1);
    e.set('op2', pf.op2);
    e.set('CRm', pf.crmHi);
  },
};

/** The immediate of MSR (immediate); parsed after the field, whose CRm<3:1> it keeps. */
export const pstateImm: Operand = {
  syntax: '#<imm>',
  print: (d) => `#0x${(d.f('CRm') & (pstateField(d.f('op1'), d.f('op2'), d.f('CRm'))?.max ?? 15)).toString(16)}`,
  parse: (p, e) => {
    const v = Number(p.imm());
    const pf = PSTATE_FIELDS.find((x) => x.op1 === e.get('op1') && x.op2 === e.get('op2') && x.crmHi === e.get('CRm'));
    const max = pf?.max ?? 15;
    if (!Number.isInteger(v) || v < 0 || v > max) p.fail(`immediate must be 0 to ${max}`);
    e.set('CRm', (e.get('CRm') ?? 0) | v);
  },
};

/** op0 of an MRS/MSR row: 2 + o0 in the ARM ARM encoding, or the row's fixed op0 field. */
function op0Of(d: { has(n: string): boolean }, f: (n: string) => number): number {
  return d.has('o0') ? 2 + f('o0') : f('op0');
}

/**
 * MRS/MSR <systemreg>: a name from the system register table, or the generic
 * "s<op0>_<op1>_c<n>_c<m>_<op2>" form (C6.2.224). Rows with field o0 hold op0 = 2 or 3.
 */
export function sysreg(write: boolean): Operand {
  return {
    syntax: '<systemreg>',
    print: (d) => sysregText(op0Of(d, d.f), d.f('op1'), d.f('CRn'), d.f('CRm'), d.f('op2'), write),
    parse: (p, e) => {
      const start = p.pos;
      const id = p.ident();
      const m = id === null ? null : /^s([0-3])_([0-7])_c(\d+)_c(\d+)_([0-7])$/i.exec(id);
      let enc: number | null = null;
      if (m && Number(m[3]) <= 15 && Number(m[4]) <= 15) {
        enc = (Number(m[1]) << 14) | (Number(m[2]) << 11) | (Number(m[3]) << 7) | (Number(m[4]) << 3) | Number(m[5]);
      } else if (id !== null) enc = parseSysregName(id);
      const op0 = enc === null ? -1 : enc >>> 14;
      const ok = e.has('o0') ? op0 >= 2 : op0 === 0;
      if (enc === null || !ok) { p.pos = start; return p.fail(`expected a system register name${id ? `, found '${id}'` : ''}`); }
      if (e.has('o0')) e.set('o0', op0 & 1);
      e.set('op1', (enc >>> 11) & 7);
      e.set('CRn', (enc >>> 7) & 15);
      e.set('CRm', (enc >>> 3) & 15);
      e.set('op2', enc & 7);
    },
  };
}

/** SYS's "Cn"/"Cm" operands (C0-C15). */
export function creg(field: 'CRn' | 'CRm'): Operand {
  return {
    syntax: `<C${field.slice(2).toLowerCase()}>`,
    print: (d) => `C${d.f(field)}`,
    parse: (p, e) => {
      const start = p.pos;
      const m = /^c(\d+)$/i.exec(p.ident() ?? '');
      if (!m || Number(m[1]) > 15) { p.pos = start; return p.fail('expected C0 to C15'); }
      e.set(field, Number(m[1]));
    },
  };
}

/**
 * The operation of an AT/DC/IC/TLBI/CFP/DVP/CPP alias and its Xt, if it takes one. A row
 * holds the operations of one feature, so the assembler reports the row (and feature) used.
 */
export function sysOp(mn: SysAliasMnemonic, feature: string): Operand {
  const byName = new Map([...sysOpsOf(mn)].filter(([, o]) => o.feature === feature));
  const at = (d: DecodeCtx) => sysOpAt(d.f('op1'), d.f('CRn'), d.f('CRm'), d.f('op2'));
  return {
    syntax: mn === 'tlbi' ? '<tlbi_op>{, <Xt>}' : `<${mn}_op>, <Xt>`,
    print: (d) => {
      const o = at(d);
      if (!o || o.mn !== mn || o.feature !== feature) return null;
      return o.reg ? `${o.name}, ${regName('x', d.f('Rt'))}` : o.name;
    },
    parse: (p, e) => {
      const start = p.pos;
      const id = p.ident()?.toLowerCase();
      const o = id === undefined ? undefined : byName.get(id);
      if (!o) { p.pos = start; return p.fail(`expected a ${mn.toUpperCase()} operation${feature === 'v8.0' ? '' : ` (${feature})`}`); }
      e.set('op1', o.op1);
      e.set('CRm', o.crm);
      e.set('op2', o.op2);
      if (!o.reg) { e.set('Rt', 31); return; }
      if (!p.eat(',')) p.fail(`'${o.name}' needs an X register`);
      e.set('Rt', parseGpr(p, 'x'));
    },
  };
}
