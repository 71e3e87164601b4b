// Operand kinds shared by every instruction group: general registers, immediates, PC-relative
// labels and condition codes. Each kind prints from fields (disassembly, objdump's text) and
// parses into fields (assembly, GNU as syntax), so the two can never drift apart.

import type { DecodeCtx, EncodeCtx, Operand, OperandParser } from '../types';
import { signExtend } from '../pattern';

export type RegClass = 'w' | 'x' | 'wsp' | 'xsp';

export function regName(cls: RegClass, n: number): string {
  if (n === 31) {
    if (cls === 'xsp') return 'sp';
    if (cls === 'wsp') return 'wsp';
    return cls === 'x' ? 'xzr' : 'wzr';
  }
  return (cls === 'x' || cls === 'xsp' ? 'x' : 'w') + n;
}

/** Parses a general register of the given class, returning its number. */
export function parseGpr(p: OperandParser, cls: RegClass): number {
  const start = p.pos;
  const id = p.ident();
  const n = id === null ? null : gprNumber(id.toLowerCase(), cls);
  if (n === null) {
    p.pos = start;
    const want = { w: 'a W register', x: 'an X register', wsp: 'a W register or WSP', xsp: 'an X register or SP' }[cls];
    p.fail(`expected ${want}${id ? `, found '${id}'` : ''}`);
  }
  return n;
}

export function gprNumber(id: string, cls: RegClass): number | null {
  const wide = cls === 'x' || cls === 'xsp';
  const sp = cls === 'xsp' || cls === 'wsp';
  if (wide && id === 'sp') return sp ? 31 : null;
  if (!wide && id === 'wsp') return sp ? 31 : null;
  if (wide && id === 'xzr') return sp ? null : 31;
  if (!wide && id === 'wzr') return sp ? null : 31;
  if (wide && (id === 'lr')) return 30;
  const m = /^([wx])(\d+)$/.exec(id);
  if (!m || (m[1] === 'x') !== wide) return null;
  const n = Number(m[2]);
  return n <= 30 && String(n) === m[2] ? n : null;
}

/** A general register in a 5-bit field. */
export function gpr(field: string, cls: RegClass): Operand {
  const syntax = { w: '<Wn>', x: '<Xn>', wsp: '<Wn|WSP>', xsp: '<Xn|SP>' }[cls].replace('n', field.replace(/^R/, ''));
  return {
    syntax,
    print: (d) => regName(cls, d.f(field)),
    parse: (p, e) => e.set(field, parseGpr(p, cls)),
  };
}

export interface ImmOptions {
  /** Print in hex ("#0x10") as objdump does for most immediates, or decimal ("#16"). */
  hex?: boolean;
  signed?: boolean;
  /** The value printed is field * scale (+ add). */
  scale?: number;
  add?: number;
  /** Print without the leading '#'. */
  bare?: boolean;
  syntax?: string;
}

/** An immediate held in one field. */
export function imm(field: string, o: ImmOptions = {}): Operand {
  const scale = o.scale ?? 1;
  const add = o.add ?? 0;
  return {
    syntax: o.syntax ?? `#<${field}>`,
    print: (d) => {
      const raw = d.f(field);
      const width = fieldWidth(d, field);
      const v = (o.signed ? signExtend(raw, width) : raw) * scale + add;
      return (o.bare ? '' : '#') + fmtImm(v, o.hex ?? false);
    },
    parse: (p, e) => {
      const v = Number(o.bare ? p.expr() : p.imm());
      const raw = (v - add) / scale;
      if (!Number.isInteger(raw)) p.fail(`immediate ${v} must be a multiple of ${scale}`);
      const width = widthOf(e, field);
      const lo = o.signed ? -(2 ** (width - 1)) : 0;
      const hi = o.signed ? 2 ** (width - 1) - 1 : 2 ** width - 1;
      if (raw < lo || raw > hi) p.fail(`immediate ${v} out of range ${lo * scale + add} to ${hi * scale + add}`);
      e.set(field, raw & (width >= 32 ? 0xffffffff : (1 << width) - 1));
    },
  };
}

export function fmtImm(v: number | bigint, hex: boolean): string {
  if (!hex) return String(v);
  const n = BigInt(v);
  return n < 0n ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`;
}

function fieldWidth(d: DecodeCtx, field: string): number {
  return d.def.pattern.fields.get(field)?.width ?? 32;
}

export function widthOf(e: EncodeCtx, field: string): number {
  const span = e.def.pattern.fields.get(field);
  if (!span) throw new Error(`row ${e.def.id} has no field ${field}`);
  return span.width;
}

/** A target address as objdump prints it: "0x1c" raw, "1c <sym+0x4>" with symbols. */
export function addressText(d: DecodeCtx, target: bigint): string {
  const sym = d.symbolize?.(target);
  return sym !== undefined ? `${target.toString(16)} <${sym}>` : `0x${target.toString(16)}`;
}

/** A PC-relative target: field * scale + address of the instruction (objdump prints "0x..."). */
export function label(field: string, scale = 4): Operand {
  return {
    syntax: '<label>',
    print: (d) => {
      const off = BigInt(signExtend(d.f(field), fieldWidth(d, field))) * BigInt(scale);
      return addressText(d, BigInt.asUintN(64, d.addr + off));
    },
    parse: (p, e) => {
      const target = BigInt.asUintN(64, p.imm());
      const off = BigInt.asIntN(64, target - e.addr);
      if (off % BigInt(scale) !== 0n) p.fail(`branch target is not ${scale}-byte aligned`);
      const width = widthOf(e, field);
      const q = off / BigInt(scale);
      const lim = 1n << BigInt(width - 1);
      if (q < -lim || q >= lim) p.fail(`target out of range (±${(lim * BigInt(scale)).toString()} bytes)`);
      e.set(field, Number(BigInt.asUintN(width, q)));
    },
  };
}

export const COND_NAMES = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al', 'nv'] as const;
/** Alternate names GNU as accepts (hs/lo and the SVE-style names); objdump lists them in a comment. */
export const COND_ALIASES: Record<string, number> = {
  hs: 2, lo: 3, none: 0, any: 1, nlast: 2, last: 3, first: 4, nfrst: 5, pmore: 8, plast: 9, tcont: 10, tstop: 11,
};
/** objdump's "// b.none" comment lists these alternates per condition. */
export const COND_ALT_COMMENT: readonly string[] = [
  'none', 'any', 'hs, nlast', 'lo, ul, last', 'first', 'nfrst', '', '', 'pmore', 'plast', 'tcont', 'tstop', '', '', '', '',
];

export function parseCond(p: OperandParser): number {
  const start = p.pos;
  const id = p.ident()?.toLowerCase();
  if (id !== undefined) {
    const i = (COND_NAMES as readonly string[]).indexOf(id);
    if (i >= 0) return i;
    if (id in COND_ALIASES) return COND_ALIASES[id];
    if (id === 'ul') return 3;
  }
  p.pos = start;
  return p.fail('expected a condition (eq, ne, cs, cc, mi, pl, vs, vc, hi, ls, ge, lt, gt, le, al, nv)');
}

/** A condition operand ("eq"); invert=true prints the inverse (CSET, CINC, …). */
export function cond(field = 'cond', invert = false): Operand {
  return {
    syntax: '<cond>',
    print: (d) => COND_NAMES[d.f(field) ^ (invert ? 1 : 0)],
    parse: (p, e) => e.set(field, parseCond(p) ^ (invert ? 1 : 0)),
  };
}

/** An operand that must be present with a fixed text (e.g. "lsl #12" spelled out elsewhere). */
export function literal(text: string): Operand {
  return {
    syntax: text,
    print: () => text,
    parse: (p) => {
      for (const part of text.split(/\s+/)) if (!p.eat(part)) p.fail(`expected '${text}'`);
    },
  };
}

/** Reads a GNU as relocation operator (":lo12:", "#:abs_g1:", …) if next; returns its name. */
export function relocOperator(p: OperandParser): string | null {
  const save = p.pos;
  p.eat('#');
  if (p.peek() === ':') {
    p.pos++;
    const name = p.ident()?.toLowerCase();
    if (name && p.peek() === ':') { p.pos++; return name; }
  }
  p.pos = save;
  return null;
}

/**
 * A load/store offset: "#imm", or "#:lo12:sym" / ":lo12:sym", which GNU as resolves to the low
 * 12 bits of the address (R_AARCH64_LDST*_ABS_LO12_NC; the instruction scales it).
 */
export function offsetImm(p: OperandParser): bigint {
  const reloc = relocOperator(p);
  if (reloc === null) return p.imm();
  if (reloc !== 'lo12') p.fail(`relocation :${reloc}: is not supported in an address`);
  return BigInt.asUintN(12, p.expr());
}

/**
 * A field the text never names but the assembler must set to what GNU as writes (SMULH's Ra
 * "(1)(1)(1)(1)(1)", LDXR's Rs/Rt2 = 11111): objdump decodes any value, so the printed text is
 * empty and assembled words match binutils bit for bit.
 */
export function implicitField(field: string, value: number): Operand {
  return {
    syntax: '',
    optional: true,
    print: () => '',
    parse: (p) => p.fail('unexpected operand'),
    absent: (e) => e.set(field, value),
  };
}
