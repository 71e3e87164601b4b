// Operand kinds of the data-processing (register) group, ARM ARM C4.1.88: shifted and extended
// register operands, conditions with objdump's "// cc = lo, ul, last" comment, optional and
// implicit registers, and the register forms of aliases shared with C4.1.86 (MOV to/from SP, ROR).

import type { Operand, OperandParser } from '../types';
import { COND_ALT_COMMENT, COND_NAMES, parseCond, parseGpr, regName, type RegClass } from './common';
import type { Bits } from './dp-imm';

const SHIFTS = ['lsl', 'lsr', 'asr', 'ror'] as const;

function amount(p: OperandParser, lo: number, hi: number): number {
  const v = Number(p.imm());
  if (!Number.isInteger(v) || v < lo || v > hi) p.fail(`shift amount must be in range ${lo} to ${hi}`);
  return v;
}

/**
 * "Rm{, shift #imm6}" of the shifted-register forms (C6.2.5 etc.): shift=11 (ROR) is reserved
 * for add/subtract, imm6 >= 32 for the 32-bit forms; objdump omits "lsl #0".
 */
export function shiftedReg(w: 'w' | 'x', bits: Bits, ror: boolean): Operand {
  return {
    syntax: `<${w.toUpperCase()}m>{, <shift> #<amount>}`,
    print: (d) => {
      const shift = d.f('shift'), n = d.f('imm6');
      if ((shift === 3 && !ror) || n >= bits) return null;
      const reg = regName(w, d.f('Rm'));
      return shift === 0 && n === 0 ? reg : `${reg}, ${SHIFTS[shift]} #${n}`;
    },
    parse: (p, e) => {
      e.set('Rm', parseGpr(p, w));
      e.set('shift', 0);
      e.set('imm6', 0);
      if (!p.eat(',')) return;
      const id = p.ident()?.toLowerCase() ?? '';
      const s = (SHIFTS as readonly string[]).indexOf(id);
      if (s < 0 || (s === 3 && !ror)) p.fail(`expected ${ror ? 'lsl, lsr, asr or ror' : 'lsl, lsr or asr'}`);
      e.set('shift', s);
      e.set('imm6', amount(p, 0, bits - 1));
    },
  };
}

const EXTENDS = ['uxtb', 'uxth', 'uxtw', 'uxtx', 'sxtb', 'sxth', 'sxtw', 'sxtx'] as const;

/**
 * "Rm{, extend {#imm3}}" of add/subtract (extended register), C6.2.3: Rm is an X register only
 * for UXTX/SXTX in the 64-bit form. When Rd (if `rdSp`) or Rn is SP and the extend is the
 * register size's UXTW/UXTX, objdump prints LSL, and nothing at all for a zero amount.
 */
export function extendedReg(bits: Bits, rdSp: boolean): Operand {
  const lslOption = bits === 64 ? 3 : 2;
  return {
    syntax: '<R><m>{, <extend> {#<amount>}}',
    print: (d) => {
      const opt = d.f('option'), n = d.f('imm3');
      if (n > 4) return null;
      const reg = regName(bits === 64 && (opt & 3) === 3 ? 'x' : 'w', d.f('Rm'));
      if (opt === lslOption && ((rdSp && d.f('Rd') === 31) || d.f('Rn') === 31)) return n ? `${reg}, lsl #${n}` : reg;
      return `${reg}, ${EXTENDS[opt]}${n ? ` #${n}` : ''}`;
    },
    // GNU as: with an explicit extend the register's width is not checked (the extend decides);
    // LSL or no extend needs SP as Rd or Rn and means UXTX for an X register, UXTW for a W one.
    parse: (p, e) => {
      const start = p.pos;
      const id = p.ident()?.toLowerCase() ?? '';
      const isX = /^(x\d+|xzr)$/.test(id);
      p.pos = start;
      const rm = parseGpr(p, isX && bits === 64 ? 'x' : 'w');
      let opt = -1, n = 0;
      if (p.eat(',')) {
        const ext = p.ident()?.toLowerCase() ?? '';
        opt = (EXTENDS as readonly string[]).indexOf(ext);
        if (ext !== 'lsl' && opt < 0) p.fail('expected an extend (uxtb … sxtx) or lsl');
        if (!p.atEnd() || ext === 'lsl') n = amount(p, 0, 4);
      }
      if (opt < 0) {
        if (!((rdSp && e.get('Rd') === 31) || e.get('Rn') === 31)) p.fail('missing extend operator');
        opt = isX ? 3 : 2;
      }
      e.set('Rm', rm);
      e.set('option', opt);
      e.set('imm3', n);
    },
  };
}

/**
 * A condition, with objdump's comment naming its alternate spellings; invert for CSET & co.,
 * whose AL/NV forms do not exist (GNU as rejects them).
 */
export function condComment(invert = false): Operand {
  return {
    syntax: '<cond>',
    print: (d) => {
      const c = d.f('cond') ^ (invert ? 1 : 0);
      const alt = COND_ALT_COMMENT[c];
      if (alt) d.comment(`${COND_NAMES[c]} = ${alt}`);
      return COND_NAMES[c];
    },
    parse: (p, e) => {
      const c = parseCond(p);
      if (invert && c >= 14) p.fail('condition AL or NV is not allowed here');
      e.set('cond', c ^ (invert ? 1 : 0));
    },
  };
}

/** An optional trailing register, omitted when it is `dflt` (IRG's Xm = XZR). */
export function optReg(field: string, cls: RegClass, dflt: number): Operand {
  return {
    syntax: `{, <${cls.startsWith('x') ? 'X' : 'W'}${field.replace(/^R/, '')}>}`,
    optional: true,
    print: (d) => (d.f(field) === dflt ? '' : regName(cls, d.f(field))),
    parse: (p, e) => e.set(field, parseGpr(p, cls)),
    absent: (e) => e.set(field, dflt),
  };
}

export { implicitField } from './common';

// ---- Register forms of aliases ----

/** MOV (to/from SP)'s source: ADD #0 is MOV only when one side is SP. */
export function spMoveSource(cls: RegClass): Operand {
  return {
    syntax: cls === 'xsp' ? '<Xn|SP>' : '<Wn|WSP>',
    print: (d) => regName(cls, d.f('Rn')),
    parse: (p, e) => {
      const n = parseGpr(p, cls);
      if (n !== 31 && e.get('Rd') !== 31) p.fail('MOV (to/from SP) needs SP as one operand');
      e.set('Rn', n);
    },
  };
}

/** One register written into several fields (ROR's Rs = Rn = Rm, CINC's Rn = Rm). */
export function gprSame(fields: readonly string[], cls: RegClass): Operand {
  return {
    syntax: '<' + (cls.startsWith('x') ? 'X' : 'W') + fields[0].replace(/^R/, '') + '>',
    print: (d) => regName(cls, d.f(fields[0])),
    parse: (p, e) => {
      const n = parseGpr(p, cls);
      for (const f of fields) e.set(f, n);
    },
  };
}
