// Operand kinds of the data-processing (immediate) group, ARM ARM C4.1.86: the add/sub 12-bit
// immediate, the bitmask immediate (DecodeBitMasks, C6.2 "shared pseudocode"), move-wide
// immediates and their MOV forms, bitfield lsb/width forms, PC-relative ADR/ADRP targets.

import { relocOperator } from './common';
export { relocOperator };
import type { DecodeCtx, EncodeCtx, Operand, OperandParser } from '../types';
import { signExtend } from '../pattern';
import { addressText } from './common';

/** Register size of a 32/64-bit form. */
export type Bits = 32 | 64;

const mask = (bits: Bits): bigint => (1n << BigInt(bits)) - 1n;

/**
 * An immediate written for a register of `bits`: GNU as accepts a 64-bit expression whose upper
 * half is all zeros or all ones for a W register and keeps the low 32 bits.
 */
export function regValue(p: OperandParser, v: bigint, bits: Bits): bigint {
  const u = BigInt.asUintN(64, v);
  if (bits === 32) {
    const hi = u >> 32n;
    if (hi !== 0n && hi !== 0xffffffffn) p.fail('immediate out of range');
  }
  return u & mask(bits);
}

/** Signed decimal text of a register-sized value, for objdump's "// #-1" comments. */
export function signedText(v: bigint, bits: Bits): string {
  return BigInt.asIntN(bits, v).toString();
}

// GNU as's relocation operators ("#:lo12:sym", ":abs_g1:sym") are read by relocOperator
// (operands/common.ts). Every symbol is known when instructions are encoded, so the operand
// kinds apply the operator's bit selection themselves instead of emitting a relocation.

// ---- ADD/SUB (immediate), C6.2.4: imm12 with an optional LSL #12 ----

/** "#imm{, lsl #12}"; `negate` accepts the negated value (GNU as turns ADD #-n into SUB #n). */
export function aimm(negate = false): Operand {
  return {
    syntax: '#<imm>{, lsl #12}',
    print: (d) => `#0x${d.f('imm12').toString(16)}${d.f('sh') ? ', lsl #12' : ''}`,
    parse: (p, e) => {
      const reloc = negate ? null : relocOperator(p);
      if (reloc !== null) {
        if (reloc !== 'lo12') p.fail(`relocation :${reloc}: is not supported here`);
        e.set('imm12', Number(BigInt.asUintN(12, p.expr())));
        e.set('sh', 0);
        return;
      }
      let v = Number(p.imm());
      if (negate) {
        v = -v;
        // The negated form only exists for values that were negative (GNU as keeps ADD #0).
        if (v <= 0) p.fail('immediate out of range');
      }
      if (p.eat(',')) {
        if (!p.eat('lsl')) p.fail("expected 'lsl'");
        const s = Number(p.imm());
        if (s !== 0 && s !== 12) p.fail('shift must be 0 or 12');
        if (v < 0 || v > 0xfff) p.fail('immediate out of range 0 to 4095');
        e.set('imm12', v);
        e.set('sh', s === 12 ? 1 : 0);
        return;
      }
      if (v >= 0 && v <= 0xfff) { e.set('imm12', v); e.set('sh', 0); return; }
      if (v > 0 && (v & 0xfff) === 0 && v <= 0xfff000) { e.set('imm12', v / 4096); e.set('sh', 1); return; }
      p.fail('immediate out of range');
    },
  };
}

// ---- Bitmask immediate (logical immediate), DecodeBitMasks ----

/** The value of N:immr:imms for a register of `bits`, or null when the encoding is reserved. */
export function decodeBitMask(n: number, immr: number, imms: number, bits: Bits): bigint | null {
  const combined = (n << 6) | (~imms & 0x3f);
  if (combined === 0) return null;
  const len = 31 - Math.clz32(combined);
  if (len < 1 || (1 << len) > bits) return null;
  const levels = (1 << len) - 1;
  const s = imms & levels;
  if (s === levels) return null;
  const r = immr & levels;
  const esize = BigInt(1 << len);
  const emask = (1n << esize) - 1n;
  const welem = (1n << BigInt(s + 1)) - 1n;
  const rot = r === 0 ? welem : ((welem >> BigInt(r)) | (welem << (esize - BigInt(r)))) & emask;
  let v = 0n;
  for (let i = 0n; i < BigInt(bits); i += esize) v |= rot << i;
  return v;
}

/** N, immr, imms for a value of `bits`, or null when it is no bitmask immediate. */
export function encodeBitMask(value: bigint, bits: Bits): { N: number; immr: number; imms: number } | null {
  const v = value & mask(bits);
  if (v === 0n || v === mask(bits)) return null;
  // The smallest element size whose replication gives the value.
  let esize: number = bits;
  while (esize > 2) {
    const half = esize / 2;
    const hm = (1n << BigInt(half)) - 1n;
    if ((v & hm) !== ((v >> BigInt(half)) & hm)) break;
    esize = half;
  }
  const emask = (1n << BigInt(esize)) - 1n;
  const elem = v & emask;
  // Rotate right until the run of ones starts at bit 0 and is contiguous.
  for (let r = 0; r < esize; r++) {
    const rotl = r === 0 ? elem : ((elem << BigInt(r)) | (elem >> BigInt(esize - r))) & emask;
    if ((rotl & 1n) === 0n || (rotl & (rotl + 1n)) !== 0n) continue;
    const ones = rotl.toString(2).length;
    const immsHigh = (~(esize * 2 - 1) & 0x3f) >>> 0;
    return { N: esize === 64 ? 1 : 0, immr: r, imms: (immsHigh | (ones - 1)) & 0x3f };
  }
  return null;
}

function bitmaskOf(d: DecodeCtx, bits: Bits): bigint | null {
  return decodeBitMask(d.f('N'), d.f('immr'), d.f('imms'), bits);
}

function setBitmask(p: OperandParser, e: EncodeCtx, v: bigint, bits: Bits): void {
  const enc = encodeBitMask(v, bits);
  if (!enc) p.fail(`immediate 0x${v.toString(16)} is not a valid bitmask immediate`);
  e.set('N', enc.N);
  e.set('immr', enc.immr);
  e.set('imms', enc.imms);
}

/** The logical-immediate operand "#0xff00" (N:immr:imms); `invert` for GNU as's BIC #imm. */
export function bitmaskImm(bits: Bits, invert = false): Operand {
  return {
    syntax: '#<imm>',
    print: (d) => {
      const v = bitmaskOf(d, bits);
      return v === null ? null : `#0x${v.toString(16)}`;
    },
    parse: (p, e) => {
      const v = regValue(p, p.imm(), bits);
      setBitmask(p, e, invert ? ~v & mask(bits) : v, bits);
    },
  };
}

// ---- Move wide (immediate), C6.2.191–193, and MOV's wide-immediate forms ----

/** True if the value is one MOVZ (a single 16-bit chunk at a 16-bit aligned position). */
export function movzShift(v: bigint, bits: Bits): number | null {
  for (let hw = 0; hw < bits / 16; hw++) {
    if ((v & ~(0xffffn << BigInt(16 * hw)) & mask(bits)) === 0n) return hw;
  }
  return null;
}

/** Which move-wide instruction an operand belongs to: MOVZ, MOVN or MOVK. */
export type MoveWide = 'z' | 'n' | 'k';

/**
 * "#imm16{, lsl #shift}" of MOVZ/MOVN/MOVK; the shift is printed only when nonzero.
 * `signedRelocOnly` marks GNU as's cross-over rows: ":abs_gN_s:" picks MOVN for a negative value
 * and MOVZ otherwise, whichever of the two was written.
 */
export function movImm16(bits: Bits, kind: MoveWide, signedRelocOnly = false): Operand {
  return {
    syntax: '#<imm16>{, lsl #<shift>}',
    print: (d) => (d.f('hw') * 16 >= bits ? null : `#0x${d.f('imm16').toString(16)}${d.f('hw') ? `, lsl #${d.f('hw') * 16}` : ''}`),
    parse: (p, e) => {
      const reloc = relocOperator(p);
      if (reloc !== null) return movReloc(p, e, reloc, bits, kind, signedRelocOnly);
      if (signedRelocOnly) p.fail('expected :abs_gN_s:');
      const v = p.imm();
      if (v < 0n || v > 0xffffn) p.fail('immediate out of range 0 to 65535');
      let hw = 0;
      if (p.eat(',')) {
        if (!p.eat('lsl')) p.fail("expected 'lsl'");
        const s = Number(p.imm());
        if (s % 16 !== 0 || s < 0 || s >= bits) p.fail(`shift must be a multiple of 16 below ${bits}`);
        hw = s / 16;
      }
      e.set('imm16', Number(v));
      e.set('hw', hw);
    },
  };
}

/**
 * ":abs_gN:" (checked: the value fits in 16(N+1) bits) and ":abs_gN_nc:" select chunk N;
 * ":abs_gN_s:" (signed, 16(N+1) bits) writes MOVN of the inverted chunk for a negative value.
 */
function movReloc(p: OperandParser, e: EncodeCtx, reloc: string, bits: Bits, kind: MoveWide, signedOnly: boolean): void {
  const m = /^abs_g([0-3])(_nc|_s)?$/.exec(reloc);
  if (!m || (m[2] === '_s' && (kind === 'k' || m[1] === '3')) || (signedOnly && m[2] !== '_s')) {
    return p.fail(`relocation :${reloc}: is not supported here`);
  }
  const hw = Number(m[1]);
  if (hw * 16 >= bits) p.fail(`:${reloc}: selects bits beyond a ${bits}-bit register`);
  const raw = p.expr();
  let v = BigInt.asUintN(64, raw);
  if (m[2] === '_s') {
    const s = BigInt.asIntN(64, raw), lim = 1n << BigInt(16 * (hw + 1) - 1);
    if (s < -lim || s >= lim) p.fail('signed value out of range');
    if ((s < 0n) !== (kind === 'n')) p.fail(`a ${s < 0n ? 'negative' : 'nonnegative'} value needs ${s < 0n ? 'MOVN' : 'MOVZ'}`);
    if (s < 0n) v = BigInt.asUintN(64, ~s);
  } else if (!m[2] && hw < 3 && v >> BigInt(16 * (hw + 1)) !== 0n) p.fail('unsigned value out of range');
  e.set('hw', hw);
  e.set('imm16', Number((v >> BigInt(16 * hw)) & 0xffffn));
}

/** The value MOVZ (inverted=false) or MOVN (true) writes. */
function wideValue(d: DecodeCtx, inverted: boolean, bits: Bits): bigint {
  const v = BigInt(d.f('imm16')) << BigInt(16 * d.f('hw'));
  return inverted ? ~v & mask(bits) : v;
}

/** MOV (wide immediate) "#0x12340000" of MOVZ/MOVN, with objdump's "// #decimal" comment. */
export function movWideValue(inverted: boolean, bits: Bits): Operand {
  return {
    syntax: '#<imm>',
    print: (d) => {
      if (d.f('hw') * 16 >= bits) return null;
      const v = wideValue(d, inverted, bits);
      d.comment(`#${signedText(v, bits)}`);
      return `#0x${v.toString(16)}`;
    },
    parse: (p, e) => {
      const v = regValue(p, p.imm(), bits);
      const target = inverted ? ~v & mask(bits) : v;
      const hw = movzShift(target, bits);
      if (hw === null) return p.fail(`immediate cannot be moved by one ${inverted ? 'MOVN' : 'MOVZ'}`);
      e.set('hw', hw);
      e.set('imm16', Number(target >> BigInt(16 * hw)));
    },
  };
}

/** MOV (bitmask immediate) of ORR, printed with the decimal comment as objdump does. */
export function movBitmaskValue(bits: Bits): Operand {
  return {
    syntax: '#<imm>',
    print: (d) => {
      const v = bitmaskOf(d, bits);
      if (v === null) return null;
      d.comment(`#${signedText(v, bits)}`);
      return `#0x${v.toString(16)}`;
    },
    parse: (p, e) => setBitmask(p, e, regValue(p, p.imm(), bits), bits),
  };
}

/** ORR's MOV alias applies unless MOVZ or MOVN could write the same value (objdump's rule). */
export function movBitmaskPreferred(f: (n: string) => number, bits: Bits): boolean {
  const v = decodeBitMask(f('N'), f('immr'), f('imms'), bits);
  if (v === null) return false;
  return movzShift(v, bits) === null && movzShift(~v & mask(bits), bits) === null;
}

// ---- Bitfield (SBFM/BFM/UBFM, C6.2.*) alias operands ----

function smallImm(p: OperandParser, lo: number, hi: number, what: string): number {
  const v = Number(p.imm());
  if (!Number.isInteger(v) || v < lo || v > hi) p.fail(`${what} must be in range ${lo} to ${hi}`);
  return v;
}

/** The shift of ASR/LSR (immediate): immr, with imms = size-1. */
export function shiftRight(bits: Bits): Operand {
  return {
    syntax: '#<shift>',
    print: (d) => `#${d.f('immr')}`,
    parse: (p, e) => {
      e.set('immr', smallImm(p, 0, bits - 1, 'shift'));
      e.set('imms', bits - 1);
    },
  };
}

/** The shift of LSL (immediate): immr = -shift MOD size, imms = size-1-shift. */
export function shiftLeft(bits: Bits): Operand {
  return {
    syntax: '#<shift>',
    print: (d) => `#${bits - 1 - d.f('imms')}`,
    parse: (p, e) => {
      const s = smallImm(p, 0, bits - 1, 'shift');
      e.set('immr', (bits - s) & (bits - 1));
      e.set('imms', bits - 1 - s);
    },
  };
}

/** "#lsb" of the extract forms (SBFX/UBFX/BFXIL): lsb = immr. */
export function lsbExtract(bits: Bits): Operand {
  return {
    syntax: '#<lsb>',
    print: (d) => `#${d.f('immr')}`,
    parse: (p, e) => e.set('immr', smallImm(p, 0, bits - 1, 'lsb')),
  };
}

/** "#width" of the extract forms: imms = lsb + width - 1. */
export function widthExtract(bits: Bits): Operand {
  return {
    syntax: '#<width>',
    print: (d) => `#${d.f('imms') + 1 - d.f('immr')}`,
    parse: (p, e) => {
      const lsb = e.get('immr') ?? 0;
      const w = smallImm(p, 1, bits - lsb, 'width');
      e.set('imms', lsb + w - 1);
    },
  };
}

/** "#lsb" of the insert forms (SBFIZ/UBFIZ/BFI/BFC): immr = -lsb MOD size. */
export function lsbInsert(bits: Bits): Operand {
  return {
    syntax: '#<lsb>',
    print: (d) => `#${(bits - d.f('immr')) & (bits - 1)}`,
    parse: (p, e) => e.set('immr', (bits - smallImm(p, 0, bits - 1, 'lsb')) & (bits - 1)),
  };
}

/** "#width" of the insert forms: imms = width - 1. */
export function widthInsert(bits: Bits): Operand {
  return {
    syntax: '#<width>',
    print: (d) => `#${d.f('imms') + 1}`,
    parse: (p, e) => {
      const lsb = (bits - (e.get('immr') ?? 0)) & (bits - 1);
      e.set('imms', smallImm(p, 1, bits - lsb, 'width') - 1);
    },
  };
}

/** A 6-bit field that is reserved at 32 and above in the 32-bit form (immr, imms of SBFM, EXTR's lsb). */
export function bfImm(field: string, bits: Bits): Operand {
  return {
    syntax: `#<${field}>`,
    print: (d) => `#${d.f(field)}`,
    parse: (p, e) => e.set(field, smallImm(p, 0, bits - 1, field)),
  };
}

// ---- PC-relative addressing, C6.2.10/11 ----

/** ADR's target (PC + immhi:immlo) or ADRP's (page of PC + immhi:immlo << 12). */
export function adrTarget(page: boolean): Operand {
  const scale = page ? 4096n : 1n;
  return {
    syntax: '<label>',
    print: (d) => {
      const off = BigInt(signExtend((d.f('immhi') << 2) | d.f('immlo'), 21)) * scale;
      const base = page ? d.addr & ~0xfffn : d.addr;
      return addressText(d, BigInt.asUintN(64, base + off));
    },
    // ADRP takes the page of any address (GNU as: R_AARCH64_ADR_PREL_PG_HI21, Page(S) - Page(PC)).
    parse: (p, e) => {
      const reloc = relocOperator(p);
      if (reloc !== null && reloc !== (page ? 'pg_hi21' : 'prel_lo21')) p.fail(`relocation :${reloc}: is not supported here`);
      const target = BigInt.asUintN(64, p.imm());
      const off = page ? BigInt.asIntN(64, (target & ~0xfffn) - (e.addr & ~0xfffn)) >> 12n : BigInt.asIntN(64, target - e.addr);
      if (off < -(1n << 20n) || off >= 1n << 20n) p.fail('target out of range');
      const v = Number(BigInt.asUintN(21, off));
      e.set('immlo', v & 3);
      e.set('immhi', v >>> 2);
    },
  };
}

// ---- Add/subtract (immediate, with tags) and min/max (immediate) ----

/** ADDG/SUBG's "#uimm6*16". */
export const tagOffset: Operand = {
  syntax: '#<uimm6>',
  print: (d) => `#0x${(d.f('uimm6') * 16).toString(16)}`,
  parse: (p, e) => {
    const v = Number(p.imm());
    if (v < 0 || v > 1008 || v % 16 !== 0) p.fail('offset must be a multiple of 16 in range 0 to 1008');
    e.set('uimm6', v / 16);
  },
};

/** The CSSC min/max 8-bit immediate, printed in decimal (signed for SMAX/SMIN). */
export function minMaxImm(signed: boolean): Operand {
  return {
    syntax: '#<imm>',
    print: (d) => `#${signed ? signExtend(d.f('imm8'), 8) : d.f('imm8')}`,
    parse: (p, e) => {
      const v = Number(p.imm());
      const [lo, hi] = signed ? [-128, 127] : [0, 255];
      if (!Number.isInteger(v) || v < lo || v > hi) p.fail(`immediate out of range ${lo} to ${hi}`);
      e.set('imm8', v & 0xff);
    },
  };
}
