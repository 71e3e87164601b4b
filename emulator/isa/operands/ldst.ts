// Operand kinds of the loads and stores (ARM ARM C4.1.88, addressing modes C1.3.3): the base
// + immediate forms (offset, pre-index, post-index), the register-offset form, the bare base,
// prefetch operations, register pairs (CASP) and the FEAT_MOPS writeback operands. The address
// kinds are independent of the transfer register, so the SIMD&FP loads/stores can share them.

import { signExtend } from '../pattern';
import type { DecodeCtx, EncodeCtx, Operand, OperandParser } from '../types';
import { offsetImm, parseGpr, regName, widthOf, type RegClass } from './common';

export type IndexMode = 'offset' | 'pre' | 'post';

/** Fields read most significant first, e.g. LDRAA's S:imm9. */
type Fields = string | readonly string[];
const list = (f: Fields): readonly string[] => (typeof f === 'string' ? [f] : f);

function span(d: { def: DecodeCtx['def'] }, field: string): number {
  const s = d.def.pattern.fields.get(field);
  if (!s) throw new Error(`row ${d.def.id} has no field ${field}`);
  return s.width;
}

/** "[Xn|SP" — the opening of every address; the caller parses the rest. */
export function parseBase(p: OperandParser, e: EncodeCtx, field = 'Rn'): void {
  if (!p.eat('[')) p.fail("expected '['");
  e.set(field, parseGpr(p, 'xsp'));
}

export function closeBracket(p: OperandParser): void {
  if (!p.eat(']')) p.fail("expected ']'");
}

const base = (d: DecodeCtx, field = 'Rn'): string => regName('xsp', d.f(field));

/**
 * An immediate offset in one field or several concatenated fields, scaled; `signed` for
 * imm9/imm7/S:imm9. Range-checks and encodes a byte offset.
 */
export interface Offset {
  fields: Fields;
  scale: number;
  signed: boolean;
}

export function offsetValue(d: DecodeCtx, o: Offset): number {
  let raw = 0, width = 0;
  for (const f of list(o.fields)) {
    const w = span(d, f);
    raw = raw * 2 ** w + d.f(f);
    width += w;
  }
  return (o.signed ? signExtend(raw, width) : raw) * o.scale;
}

export function setOffset(p: OperandParser, e: EncodeCtx, o: Offset, v: bigint): void {
  const fs = list(o.fields);
  const widths = fs.map((f) => widthOf(e, f));
  const width = widths.reduce((a, b) => a + b, 0);
  if (v % BigInt(o.scale) !== 0n) p.fail(`offset must be a multiple of ${o.scale}`);
  const q = Number(v / BigInt(o.scale));
  const lo = o.signed ? -(2 ** (width - 1)) : 0;
  const hi = o.signed ? 2 ** (width - 1) - 1 : 2 ** width - 1;
  if (q < lo || q > hi) p.fail(`offset out of range ${lo * o.scale} to ${hi * o.scale}`);
  let u = q & ((1 << width) - 1);
  for (let k = fs.length - 1; k >= 0; k--) {
    e.set(fs[k], u & ((1 << widths[k]) - 1));
    u >>>= widths[k];
  }
}

/**
 * "[Xn|SP{, #imm}]", "[Xn|SP, #imm]!" or "[Xn|SP], #imm" (decimal, as objdump prints it).
 * The offset form leaves a zero offset out; the indexed forms print it, except where
 * `omitZero` (LDRAA/LDRAB's "[Xn|SP]!").
 */
export function memImm(fields: Fields, mode: IndexMode, scale = 1, signed = true, omitZero = false): Operand {
  const o: Offset = { fields, scale, signed };
  const syntax = { offset: '[<Xn|SP>{, #<imm>}]', pre: '[<Xn|SP>, #<imm>]!', post: '[<Xn|SP>], #<imm>' }[mode];
  return {
    syntax,
    print: (d) => {
      const v = offsetValue(d, o);
      if (mode === 'post') return `[${base(d)}], #${v}`;
      if (mode === 'pre') return v === 0 && omitZero ? `[${base(d)}]!` : `[${base(d)}, #${v}]!`;
      return v === 0 ? `[${base(d)}]` : `[${base(d)}, #${v}]`;
    },
    parse: (p, e) => {
      parseBase(p, e);
      let v = 0n;
      if (mode === 'post') {
        closeBracket(p);
        if (!p.eat(',')) p.fail("expected ', #<imm>' after the address");
        v = p.imm();
      } else {
        if (p.eat(',')) v = offsetImm(p);
        else if (mode === 'pre' && !omitZero) p.fail("expected ', #<imm>'");
        closeBracket(p);
        if (mode === 'pre' && !p.eat('!')) p.fail("expected '!'");
      }
      setOffset(p, e, o, v);
    },
  };
}

/** "[Xn|SP]"; GNU as also takes an explicit "[Xn|SP, #0]". */
export function memBase(field = 'Rn'): Operand {
  return {
    syntax: '[<Xn|SP>{, #0}]',
    print: (d) => `[${base(d, field)}]`,
    parse: (p, e) => {
      parseBase(p, e, field);
      if (p.eat(',') && p.imm() !== 0n) p.fail('offset must be #0');
      closeBracket(p);
    },
  };
}

const EXTEND_NAMES: Record<number, string> = { 2: 'uxtw', 3: 'lsl', 6: 'sxtw', 7: 'sxtx' };

/**
 * "[Xn|SP, (Wm|Xm){, extend {#amount}}]" of the register-offset form (C6.2.132 etc.): option
 * selects UXTW/LSL/SXTW/SXTX (option<1> = 0 is unallocated) and S scales Rm by the access size.
 * objdump leaves out "lsl" when S = 0, and writes the amount (#0 for bytes) only when S = 1.
 */
export function memReg(scaleLog2: number): Operand {
  return {
    syntax: '[<Xn|SP>, (<Wm>|<Xm>){, <extend> {<amount>}}]',
    print: (d) => {
      const opt = d.f('option');
      const ext = EXTEND_NAMES[opt];
      if (ext === undefined) return null;
      const rm = regName(opt & 1 ? 'x' : 'w', d.f('Rm'));
      const s = d.f('S');
      if (opt === 3 && !s) return `[${base(d)}, ${rm}]`;
      return `[${base(d)}, ${rm}, ${ext}${s ? ` #${scaleLog2}` : ''}]`;
    },
    parse: (p, e) => {
      parseBase(p, e);
      if (!p.eat(',')) p.fail("expected ', <Wm|Xm>'");
      const wide = (p.peekIdent()?.toLowerCase() ?? '').startsWith('x');
      e.set('Rm', parseGpr(p, wide ? 'x' : 'w'));
      let opt = 3, s = 0;
      if (p.eat(',')) {
        const ext = p.ident()?.toLowerCase();
        const o = Object.entries(EXTEND_NAMES).find(([, n]) => n === ext);
        if (!o) return p.fail('expected lsl, uxtw, sxtw or sxtx');
        opt = Number(o[0]);
        if (p.peek() !== ']') {
          const amt = Number(p.imm());
          if (amt !== 0 && amt !== scaleLog2) p.fail(`shift amount must be 0 or ${scaleLog2}`);
          // A byte access encodes an explicit "#0" as S = 1 (objdump prints it back that way).
          s = amt === scaleLog2 && (amt !== 0 || scaleLog2 === 0) ? 1 : 0;
        } else if (ext === 'lsl') p.fail('expected a shift amount after lsl');
      }
      if (((opt & 1) === 1) !== wide) p.fail(wide ? 'an X index register needs lsl or sxtx' : 'a W index register needs uxtw or sxtw');
      closeBracket(p);
      e.set('option', opt);
      e.set('S', s);
    },
  };
}

/** Prefetch operations by Rt = type:target:policy (C6.2.248 "<prfop>"); others print "#0x..". */
const PRF_TYPES = ['pld', 'pli', 'pst'] as const;
export function prfopName(v: number): string | null {
  const type = v >> 3, target = (v >> 1) & 3;
  if (type > 2 || target > 2) return null;
  return `${PRF_TYPES[type]}l${target + 1}${v & 1 ? 'strm' : 'keep'}`;
}

export function prfop(field = 'Rt'): Operand {
  return {
    syntax: '(<prfop>|#<imm5>)',
    print: (d) => {
      const v = d.f(field);
      return prfopName(v) ?? `#0x${v.toString(16).padStart(2, '0')}`;
    },
    parse: (p, e) => {
      const start = p.pos;
      const id = p.ident()?.toLowerCase();
      if (id !== undefined) {
        for (let v = 0; v < 32; v++) if (prfopName(v) === id) return e.set(field, v);
        p.pos = start;
      }
      const v = Number(p.imm());
      if (!Number.isInteger(v) || v < 0 || v > 31) p.fail('prefetch operation must be a name or #0 to #31');
      e.set(field, v);
    },
  };
}

/**
 * An even/odd register pair "<R>s, <R>(s+1)" (CASP, C6.2.60): the first register must be even,
 * so "x30, xzr" is the last pair.
 */
export function gprPair(field: string, cls: 'w' | 'x'): Operand {
  return {
    syntax: `<${cls.toUpperCase()}${field.replace(/^R/, '')}>, <${cls.toUpperCase()}${field.replace(/^R/, '')}+1>`,
    print: (d) => {
      const n = d.f(field);
      return n & 1 ? null : `${regName(cls, n)}, ${regName(cls, n + 1)}`;
    },
    parse: (p, e) => {
      const n = parseGpr(p, cls);
      if (n & 1) p.fail('the first register of a pair must be even-numbered');
      if (!p.eat(',')) p.fail("expected ',' and the second register of the pair");
      if (parseGpr(p, cls) !== n + 1) p.fail('the registers of a pair must be consecutive');
      e.set(field, n);
    },
  };
}

/** "[Xn]!" — a FEAT_MOPS address register updated by the instruction (C6.2.73 CPYFP etc.). */
export function memWb(field: string): Operand {
  return {
    syntax: `[<X${field.replace(/^R/, '')}>]!`,
    print: (d) => `[${regName('x', d.f(field))}]!`,
    parse: (p, e) => {
      if (!p.eat('[')) p.fail("expected '['");
      e.set(field, parseGpr(p, 'x'));
      closeBracket(p);
      if (!p.eat('!')) p.fail("expected '!'");
    },
  };
}

/** "Xn!" — a FEAT_MOPS count register updated by the instruction. */
export function gprWb(field: string, cls: RegClass = 'x'): Operand {
  return {
    syntax: `<X${field.replace(/^R/, '')}>!`,
    print: (d) => `${regName(cls, d.f(field))}!`,
    parse: (p, e) => {
      e.set(field, parseGpr(p, cls));
      if (!p.eat('!')) p.fail("expected '!'");
    },
  };
}

/** Nothing in the text: a field the instruction ignores, set as GNU as sets it (see implicitField). */
export { implicitField as filler } from './common';
