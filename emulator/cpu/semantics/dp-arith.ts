// Add/subtract semantics (ARM ARM C6.2: ADR/ADRP, ADD/ADDS/SUB/SUBS immediate, shifted and
// extended register, ADC/ADCS/SBC/SBCS). SUB is computed as Rn + NOT(op2) + 1, as the
// pseudocode's AddWithCarry does, so one closure shape serves ADD and SUB: `inv` is the
// NOT mask (0 or 0xffffffff) and `cin` the carry in. Register 31 is SP for Rn (and Rd of
// the non-flag-setting forms) in the immediate and extended forms, XZR elsewhere.

import { signExtend } from '../../isa/pattern';
import type { Compile, Exec, SemanticsTable } from './types';
import { add64, adds32, adds64, extend32, extend64, shift32, shift64, undef, TWO32 } from './dp-shared';

type Bits = 32 | 64;

// ---- ADR/ADRP (C6.2.10/11): PC-relative, PC read at execution time ----
function pcRel(page: boolean): Compile {
  return (f) => {
    const d = f('Rd');
    const imm = signExtend((f('immhi') << 2) | f('immlo'), 21);
    const off = page ? imm * 4096 : imm;
    const offLo = off >>> 0, offHi = Math.floor(off / TWO32) >>> 0;
    const mask = page ? 0xfffff000 : 0xffffffff;
    return (c) => {
      const lo = ((c.pcLo & mask) >>> 0) + offLo;
      c.setX(d, lo >>> 0, (c.pcHi + offHi + (lo > 0xffffffff ? 1 : 0)) >>> 0);
    };
  };
}

// ---- ADD/SUB (immediate), C6.2.4/C6.2.357 ----
function addSubImm(sub: boolean, flags: boolean, bits: Bits): Compile {
  return (f) => {
    const d = f('Rd'), n = f('Rn');
    const imm = f('imm12') * (f('sh') ? 4096 : 1);
    const inv = sub ? 0xffffffff : 0, cin = sub ? 1 : 0;
    const b = (imm ^ inv) >>> 0;
    const bhi = inv;
    if (flags) {
      if (bits === 32) return (c) => c.setW(d, adds32(c, c.xspLo(n), b, cin));
      return (c) => { adds64(c, c.xspLo(n), c.xspHi(n), b, bhi, cin); c.setX(d, c.t[0], c.t[1]); };
    }
    if (bits === 32) {
      const k = sub ? -imm : imm;
      if (n !== 31 && d !== 31) return (c) => { const x = c.x; x[2 * d] = x[2 * n] + k; x[2 * d + 1] = 0; };
      return (c) => c.setXsp(d, (c.xspLo(n) + k) >>> 0, 0);
    }
    if (n !== 31 && d !== 31) {
      if (sub) {
        return (c) => {
          const x = c.x, lo = x[2 * n] - imm;
          x[2 * d] = lo; x[2 * d + 1] = x[2 * n + 1] - (lo < 0 ? 1 : 0);
        };
      }
      return (c) => {
        const x = c.x, lo = x[2 * n] + imm;
        x[2 * d] = lo; x[2 * d + 1] = x[2 * n + 1] + (lo > 0xffffffff ? 1 : 0);
      };
    }
    return (c) => { add64(c, c.xspLo(n), c.xspHi(n), b, bhi, cin); c.setXsp(d, c.t[0], c.t[1]); };
  };
}

// ---- ADD/SUB (shifted register), C6.2.5/C6.2.358: shift 3 (ROR) is reserved ----
function addSubShifted(sub: boolean, flags: boolean, bits: Bits): Compile {
  return (f) => {
    const d = f('Rd'), n = f('Rn'), m = f('Rm'), type = f('shift'), amt = f('imm6');
    if (type === 3 || (bits === 32 && amt >= 32)) return undef();
    const inv = sub ? 0xffffffff : 0, cin = sub ? 1 : 0;
    if (bits === 32) {
      if (flags) {
        if (amt === 0) return (c) => c.setW(d, adds32(c, c.x[2 * n], (c.x[2 * m] ^ inv) >>> 0, cin));
        return (c) => c.setW(d, adds32(c, c.x[2 * n], (shift32(c.x[2 * m], type, amt) ^ inv) >>> 0, cin));
      }
      if (amt === 0) return (c) => c.setW(d, (c.x[2 * n] + ((c.x[2 * m] ^ inv) >>> 0) + cin) >>> 0);
      return (c) => c.setW(d, (c.x[2 * n] + ((shift32(c.x[2 * m], type, amt) ^ inv) >>> 0) + cin) >>> 0);
    }
    if (flags) {
      if (amt === 0) {
        return (c) => {
          const x = c.x;
          adds64(c, x[2 * n], x[2 * n + 1], (x[2 * m] ^ inv) >>> 0, (x[2 * m + 1] ^ inv) >>> 0, cin);
          c.setX(d, c.t[0], c.t[1]);
        };
      }
      return (c) => {
        const x = c.x, t = c.t;
        shift64(c, x[2 * m], x[2 * m + 1], type, amt);
        adds64(c, x[2 * n], x[2 * n + 1], (t[0] ^ inv) >>> 0, (t[1] ^ inv) >>> 0, cin);
        c.setX(d, t[0], t[1]);
      };
    }
    if (amt === 0) {
      return (c) => {
        const x = c.x;
        add64(c, x[2 * n], x[2 * n + 1], (x[2 * m] ^ inv) >>> 0, (x[2 * m + 1] ^ inv) >>> 0, cin);
        c.setX(d, c.t[0], c.t[1]);
      };
    }
    return (c) => {
      const x = c.x, t = c.t;
      shift64(c, x[2 * m], x[2 * m + 1], type, amt);
      add64(c, x[2 * n], x[2 * n + 1], (t[0] ^ inv) >>> 0, (t[1] ^ inv) >>> 0, cin);
      c.setX(d, t[0], t[1]);
    };
  };
}

// ---- ADD/SUB (extended register), C6.2.3/C6.2.356: a shift above 4 is reserved ----
function addSubExtended(sub: boolean, flags: boolean, bits: Bits): Compile {
  return (f) => {
    const d = f('Rd'), n = f('Rn'), m = f('Rm'), option = f('option'), sh = f('imm3');
    if (sh > 4) return undef();
    const inv = sub ? 0xffffffff : 0, cin = sub ? 1 : 0;
    if (bits === 32) {
      if (flags) return (c) => c.setW(d, adds32(c, c.xspLo(n), (extend32(c.x[2 * m], option, sh) ^ inv) >>> 0, cin));
      return (c) => c.setXsp(d, (c.xspLo(n) + ((extend32(c.x[2 * m], option, sh) ^ inv) >>> 0) + cin) >>> 0, 0);
    }
    if (flags) {
      return (c) => {
        const t = c.t;
        extend64(c, m, option, sh);
        adds64(c, c.xspLo(n), c.xspHi(n), (t[0] ^ inv) >>> 0, (t[1] ^ inv) >>> 0, cin);
        c.setX(d, t[0], t[1]);
      };
    }
    return (c) => {
      const t = c.t;
      extend64(c, m, option, sh);
      add64(c, c.xspLo(n), c.xspHi(n), (t[0] ^ inv) >>> 0, (t[1] ^ inv) >>> 0, cin);
      c.setXsp(d, t[0], t[1]);
    };
  };
}

// ---- ADC/ADCS/SBC/SBCS (C6.2.1/2, C6.2.265/266): Rn + (NOT) Rm + PSTATE.C ----
function carry(sub: boolean, flags: boolean, bits: Bits): Compile {
  return (f): Exec => {
    const d = f('Rd'), n = f('Rn'), m = f('Rm');
    const inv = sub ? 0xffffffff : 0;
    if (bits === 32) {
      if (flags) return (c) => c.setW(d, adds32(c, c.x[2 * n], (c.x[2 * m] ^ inv) >>> 0, c.cf));
      return (c) => c.setW(d, (c.x[2 * n] + ((c.x[2 * m] ^ inv) >>> 0) + c.cf) >>> 0);
    }
    if (flags) {
      return (c) => {
        const x = c.x;
        adds64(c, x[2 * n], x[2 * n + 1], (x[2 * m] ^ inv) >>> 0, (x[2 * m + 1] ^ inv) >>> 0, c.cf);
        c.setX(d, c.t[0], c.t[1]);
      };
    }
    return (c) => {
      const x = c.x;
      add64(c, x[2 * n], x[2 * n + 1], (x[2 * m] ^ inv) >>> 0, (x[2 * m + 1] ^ inv) >>> 0, c.cf);
      c.setX(d, c.t[0], c.t[1]);
    };
  };
}

type Maker = (sub: boolean, flags: boolean, bits: Bits) => Compile;

/** The four ADD/ADDS/SUB/SUBS rows × two sizes of one form, ids `<OP>_<form>_<bits>` (or `<OP>_<bits>`). */
function family(ops: readonly string[], form: string, make: Maker): Record<string, Compile> {
  const out: Record<string, Compile> = {};
  ops.forEach((op, i) => {
    for (const bits of [32, 64] as const) out[`${op}${form}_${bits}`] = make(i >= 2, (i & 1) === 1, bits);
  });
  return out;
}

const ADD_SUB = ['ADD', 'ADDS', 'SUB', 'SUBS'] as const;

export const DP_ARITH_SEMANTICS: SemanticsTable = {
  ADR: pcRel(false),
  ADRP: pcRel(true),
  ...family(ADD_SUB, '_imm', addSubImm),
  ...family(ADD_SUB, '_reg', addSubShifted),
  ...family(ADD_SUB, '_ext', addSubExtended),
  ...family(['ADC', 'ADCS', 'SBC', 'SBCS'], '', carry),
};
