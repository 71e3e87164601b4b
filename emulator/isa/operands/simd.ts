// Operand kinds of the SIMD&FP loads/stores and moves: scalar FP/SIMD registers by size (B/H/S/D/Q),
// vectors with arrangements, vector elements, register lists (objdump's "{v0.16b-v3.16b}"
// ranges), the base+offset addressing modes of the SIMD&FP transfer register, and FMOV's 8-bit
// floating-point immediate (ARM ARM C2.2.3 "Modified immediate constants in A64 floating-point").

import { signExtend } from '../pattern';
import type { DecodeCtx, EncodeCtx, Operand, OperandParser } from '../types';
import { offsetImm, parseGpr, regName, widthOf } from './common';

/** Scalar SIMD&FP register sizes, by access size (log2 bytes). */
export type FpSize = 'b' | 'h' | 's' | 'd' | 'q';
export const FP_SIZES: readonly FpSize[] = ['b', 'h', 's', 'd', 'q'];

/** A vector element size letter. */
export type Elem = 'b' | 'h' | 's' | 'd';

/** Parses "v7" / "q7" style register names of one prefix letter; returns the number or null. */
function regNum(id: string | null, prefix: string): number | null {
  if (id === null) return null;
  const m = new RegExp(`^${prefix}(\\d+)$`, 'i').exec(id);
  if (!m) return null;
  const n = Number(m[1]);
  return n <= 31 && String(n) === m[1] ? n : null;
}

/** A scalar SIMD&FP register ("q0", "d31") in a 5-bit field. */
export function fpr(field: string, size: FpSize): Operand {
  return {
    syntax: `<${size.toUpperCase()}${field.replace(/^R/, '')}>`,
    print: (d) => `${size}${d.f(field)}`,
    parse: (p, e) => {
      const start = p.pos;
      const n = regNum(p.ident(), size);
      if (n === null) { p.pos = start; return p.fail(`expected a ${size.toUpperCase()} register`); }
      e.set(field, n);
    },
  };
}

/** Arrangement of a vector of `elem` elements in 64 (Q=0) or 128 (Q=1) bits: "8b", "2d", … */
export function arrangement(elem: Elem, q: number): string {
  const lanes = { b: 8, h: 4, s: 2, d: 1 }[elem] << q;
  return `${lanes}${elem}`;
}

/** Arrangements indexed by size:Q, as in LD1–LD4/ST1–ST4's T (C7.2 "<T>"). */
export const SIZE_Q_ARRANGEMENTS = ['8b', '16b', '4h', '8h', '2s', '4s', '1d', '2d'] as const;

/** "v<n>.<T>" parsed as one identifier: returns the register number and the suffix. */
function parseVecToken(p: OperandParser): { n: number; suffix: string } {
  const start = p.pos;
  const id = p.ident();
  const m = id === null ? null : /^v(\d+)\.(\w+)$/i.exec(id);
  const n = m ? regNum(`v${m[1]}`, 'v') : null;
  if (!m || n === null) { p.pos = start; p.fail('expected a vector register such as v0.16b'); }
  return { n, suffix: m[2].toLowerCase() };
}

/** A vector with an arrangement "v0.16b" whose lane count comes from the Q field. */
export function vec(field: string, elem: Elem, also?: string): Operand {
  return {
    syntax: `<V${field.replace(/^R/, '')}>.<T>`,
    print: (d) => `v${d.f(field)}.${arrangement(elem, d.f('Q'))}`,
    parse: (p, e) => {
      const { n, suffix } = parseVecToken(p);
      const q = [0, 1].find((x) => arrangement(elem, x) === suffix);
      if (q === undefined) return p.fail(`expected a .${arrangement(elem, 0)} or .${arrangement(elem, 1)} vector`);
      const prev = e.get('Q');
      if (prev !== undefined && prev !== q) p.fail('operands must have the same arrangement');
      e.set('Q', q);
      e.set(field, n);
      if (also) e.set(also, n);
    },
  };
}

/** A vector element "v1.s[2]"; the index is a field or (FMOV's top half) a constant. */
export function velem(field: string, elem: Elem, index: string | number): Operand {
  return {
    syntax: `<V${field.replace(/^R/, '')}>.${elem.toUpperCase()}[<index>]`,
    print: (d) => `v${d.f(field)}.${elem}[${typeof index === 'number' ? index : d.f(index)}]`,
    parse: (p, e) => {
      const { n, suffix } = parseVecToken(p);
      if (suffix !== elem) p.fail(`expected a .${elem} element`);
      e.set(field, n);
      const i = parseIndex(p);
      if (typeof index === 'number') {
        if (i !== index) p.fail(`element index must be ${index}`);
      } else {
        if (i >= 1 << widthOf(e, index)) p.fail('element index out of range');
        e.set(index, i);
      }
    },
  };
}

function parseIndex(p: OperandParser): number {
  if (!p.eat('[')) p.fail("expected '['");
  const i = Number(p.expr());
  if (!p.eat(']')) p.fail("expected ']'");
  if (!Number.isInteger(i) || i < 0) p.fail('bad element index');
  return i;
}

/**
 * objdump's register list: a range "{v0.16b-v3.16b}" when there are more than two registers
 * and they do not wrap past v31, otherwise "{v31.16b, v0.16b}".
 */
export function listText(first: number, count: number, suffix: string): string {
  const regs = Array.from({ length: count }, (_, i) => `v${(first + i) % 32}.${suffix}`);
  if (count > 2 && first + count - 1 <= 31) return `{${regs[0]}-${regs[count - 1]}}`;
  return `{${regs.join(', ')}}`;
}

/** Parses "{v0.4s-v3.4s}" or "{v0.4s, v1.4s}"; registers must be consecutive modulo 32. */
function parseList(p: OperandParser, count: number): { first: number; suffix: string } {
  if (!p.eat('{')) p.fail("expected '{'");
  const a = parseVecToken(p);
  let n = 1;
  if (p.eat('-')) {
    const b = parseVecToken(p);
    if (b.suffix !== a.suffix) p.fail('registers in a list must have the same arrangement');
    n = ((b.n - a.n + 32) % 32) + 1;
  } else {
    while (p.eat(',')) {
      const b = parseVecToken(p);
      if (b.suffix !== a.suffix) p.fail('registers in a list must have the same arrangement');
      if (b.n !== (a.n + n) % 32) p.fail('registers in a list must be consecutive');
      n++;
    }
  }
  if (!p.eat('}')) p.fail("expected '}'");
  if (n !== count) p.fail(`expected a list of ${count} register${count > 1 ? 's' : ''}`);
  return { first: a.n, suffix: a.suffix };
}

/** A list of `count` vectors with the size:Q arrangement (LDn/STn multiple, LDnR). */
export function vlist(count: number, field = 'Rt', no1d = false): Operand {
  return {
    syntax: `{<Vt>.<T>${count > 1 ? ', …' : ''}}`,
    print: (d) => listText(d.f(field), count, SIZE_Q_ARRANGEMENTS[(d.f('size') << 1) | d.f('Q')]),
    parse: (p, e) => {
      const { first, suffix } = parseList(p, count);
      const i = (SIZE_Q_ARRANGEMENTS as readonly string[]).indexOf(suffix);
      if (i < 0 || (no1d && suffix === '1d')) p.fail(`invalid arrangement .${suffix}`);
      e.set(field, first);
      e.set('size', i >> 1);
      e.set('Q', i & 1);
    },
  };
}

/**
 * A list of `count` elements with one lane index "{v0.s, v1.s}[3]" (LDn/STn single structure);
 * the index is the concatenation of `indexFields`, most significant first (C7.2 "<index>").
 */
export function vlane(count: number, elem: Elem, indexFields: readonly string[], field = 'Rt'): Operand {
  return {
    syntax: `{<Vt>.${elem.toUpperCase()}${count > 1 ? ', …' : ''}}[<index>]`,
    print: (d) => `${listText(d.f(field), count, elem)}[${indexFields.reduce((v, k) => (v << widthOf1(d, k)) | d.f(k), 0)}]`,
    parse: (p, e) => {
      const { first, suffix } = parseList(p, count);
      if (suffix !== elem) p.fail(`expected .${elem} elements`);
      e.set(field, first);
      let i = parseIndex(p);
      const widths = indexFields.map((k) => widthOf(e, k));
      if (i >= 1 << widths.reduce((a, b) => a + b, 0)) p.fail('lane index out of range');
      for (let k = indexFields.length - 1; k >= 0; k--) {
        e.set(indexFields[k], i & ((1 << widths[k]) - 1));
        i >>>= widths[k];
      }
    },
  };
}

function widthOf1(d: DecodeCtx, field: string): number {
  return d.def.pattern.fields.get(field)?.width ?? 0;
}

// ---- Addressing modes (C1.3.3 "Load/store addressing modes") ----

/** "[Xn|SP" — the opening of every address; the caller parses the rest. */
function parseBase(p: OperandParser, e: EncodeCtx): void {
  if (!p.eat('[')) p.fail("expected '['");
  e.set('Rn', parseGpr(p, 'xsp'));
}

function close(p: OperandParser): void {
  if (!p.eat(']')) p.fail("expected ']'");
}

function setOffset(p: OperandParser, e: EncodeCtx, field: string, v: bigint, scale: number, signed: boolean): void {
  const width = widthOf(e, field);
  if (v % BigInt(scale) !== 0n) p.fail(`offset must be a multiple of ${scale}`);
  const q = Number(v / BigInt(scale));
  const lo = signed ? -(2 ** (width - 1)) : 0;
  const hi = signed ? 2 ** (width - 1) - 1 : 2 ** width - 1;
  if (q < lo || q > hi) p.fail(`offset out of range ${lo * scale} to ${hi * scale}`);
  e.set(field, q & ((1 << width) - 1));
}

const base = (d: DecodeCtx): string => regName('xsp', d.f('Rn'));

export type IndexMode = 'offset' | 'pre' | 'post';

/**
 * "[Xn|SP{, #imm}]", "[Xn|SP, #imm]!" or "[Xn|SP], #imm" with imm = field * scale; `signed`
 * for imm9/imm7. The plain offset form leaves a zero offset out, as objdump does.
 */
export function mem(field: string, mode: IndexMode, scale: number, signed: boolean): Operand {
  const offset = (d: DecodeCtx): number => {
    const raw = d.f(field);
    return (signed ? signExtend(raw, widthOf1(d, field)) : raw) * scale;
  };
  const syntax = { offset: '[<Xn|SP>{, #<imm>}]', pre: '[<Xn|SP>, #<imm>]!', post: '[<Xn|SP>], #<imm>' }[mode];
  return {
    syntax,
    print: (d) => {
      const o = offset(d);
      if (mode === 'post') return `[${base(d)}], #${o}`;
      if (mode === 'pre') return `[${base(d)}, #${o}]!`;
      return o === 0 ? `[${base(d)}]` : `[${base(d)}, #${o}]`;
    },
    parse: (p, e) => {
      parseBase(p, e);
      let v = 0n;
      if (mode === 'post') {
        close(p);
        if (!p.eat(',')) p.fail("expected ', #<imm>' after the address");
        v = p.imm();
      } else {
        if (p.eat(',')) v = offsetImm(p);
        else if (mode === 'pre') p.fail("expected ', #<imm>'");
        close(p);
        if (mode === 'pre' && !p.eat('!')) p.fail("expected '!'");
      }
      setOffset(p, e, field, v, scale, signed);
    },
  };
}

// The register-offset address "[Xn|SP, (Wm|Xm){, extend {#amount}}]" is the same operand for
// general and SIMD&FP transfers: reuse the load/store one.
export { memReg } from './ldst';

/** "[Xn|SP]" alone, the address of the structure loads/stores. */
export const memBase: Operand = {
  syntax: '[<Xn|SP>]',
  print: (d) => `[${base(d)}]`,
  parse: (p, e) => { parseBase(p, e); close(p); },
};

/**
 * The post-index of the structure loads/stores: "#<imm>" (Rm = 31), where imm is the number
 * of bytes transferred and so fixed by the list, or "<Xm>".
 */
export function postIndex(bytes: (f: (name: string) => number) => number): Operand {
  return {
    syntax: '(#<imm>|<Xm>)',
    print: (d) => (d.f('Rm') === 31 ? `#${bytes(d.f)}` : regName('x', d.f('Rm'))),
    parse: (p, e) => {
      const c = p.peek();
      if (c === '#' || /[0-9(+-]/.test(c)) {
        const want = bytes((k) => e.get(k) ?? 0);
        if (Number(p.imm()) !== want) p.fail(`post-index immediate must be #${want}`);
        e.set('Rm', 31);
        return;
      }
      const n = parseGpr(p, 'x');
      if (n === 31) p.fail('xzr cannot be a post-index register');
      e.set('Rm', n);
    },
  };
}

// ---- FMOV's floating-point immediate (C2.2.3, VFPExpandImm) ----

/** The value of imm8 = a:b:c:d:e:f:g:h: (-1)^a × (16 + efgh)/16 × 2^(NOT(b):c:d − 3). */
export function fpImmValue(imm8: number): number {
  const sign = imm8 & 0x80 ? -1 : 1;
  const exp = ((((imm8 >> 6) & 1) ^ 1) << 2 | ((imm8 >> 4) & 3)) - 3;
  return sign * ((16 + (imm8 & 15)) / 16) * 2 ** exp;
}

/** objdump prints the value with printf's "%.18e". */
export function fpImmText(imm8: number): string {
  const [m, x] = fpImmValue(imm8).toExponential(18).split('e');
  const n = Number(x);
  return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
}

/** "#<imm>": a float that VFPExpandImm can produce; GNU as also takes S/D IEEE bits in hex. */
export function fpImm(field: string, size: 'h' | 's' | 'd'): Operand {
  return {
    syntax: '#<imm>',
    print: (d) => `#${fpImmText(d.f(field))}`,
    parse: (p, e) => {
      p.skipSpace();
      p.eat('#');
      p.skipSpace();
      const rest = p.text.slice(p.pos);
      const hex = size === 'h' ? null : /^0x[0-9a-f]+/i.exec(rest);
      const dec = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(rest);
      let v: number;
      if (hex) v = ieeeValue(BigInt(hex[0]), size);
      else if (dec) v = Number(dec[0]);
      else return p.fail('expected a floating-point immediate');
      const imm8 = Array.from({ length: 256 }, (_, i) => i).find((i) => fpImmValue(i) === v);
      if (imm8 === undefined) return p.fail(`${v} cannot be encoded as an 8-bit floating-point immediate`);
      p.pos += (hex ?? dec)![0].length;
      e.set(field, imm8);
    },
  };
}

function ieeeValue(bits: bigint, size: 'h' | 's' | 'd'): number {
  const dv = new DataView(new ArrayBuffer(8));
  if (size === 'd') { dv.setBigUint64(0, BigInt.asUintN(64, bits)); return dv.getFloat64(0); }
  if (size === 's') { dv.setUint32(0, Number(BigInt.asUintN(32, bits))); return dv.getFloat32(0); }
  const h = Number(BigInt.asUintN(16, bits));
  const e = (h >> 10) & 31, f = h & 1023, s = h & 0x8000 ? -1 : 1;
  return e === 0 ? s * f * 2 ** -24 : e === 31 ? (f ? NaN : s * Infinity) : s * (1 + f / 1024) * 2 ** (e - 15);
}
