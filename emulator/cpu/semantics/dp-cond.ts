// Conditional compare and select (ARM ARM C6.2: CCMN/CCMP register and immediate, CSEL,
// CSINC, CSINV, CSNEG). ConditionHolds is the branch semantics' helper.

import type { Compile, SemanticsTable } from './types';
import { conditionHolds } from './branch';
import { adds32, adds64 } from './dp-shared';

type Bits = 32 | 64;

// ---- CCMN/CCMP (C6.2.61–64): flags of Rn +/- op2 if cond holds, else the immediate nzcv ----
function condCompare(sub: boolean, imm: boolean, bits: Bits): Compile {
  return (f) => {
    const n = f('Rn'), cond = f('cond'), nzcv = f('nzcv');
    const inv = sub ? 0xffffffff : 0, cin = sub ? 1 : 0;
    if (imm) {
      const b = (f('imm5') ^ inv) >>> 0;
      if (bits === 32) return (c) => { if (conditionHolds(c, cond)) adds32(c, c.x[2 * n], b, cin); else c.setNzcv(nzcv); };
      return (c) => { if (conditionHolds(c, cond)) adds64(c, c.x[2 * n], c.x[2 * n + 1], b, inv, cin); else c.setNzcv(nzcv); };
    }
    const m = f('Rm');
    if (bits === 32) {
      return (c) => {
        if (conditionHolds(c, cond)) adds32(c, c.x[2 * n], (c.x[2 * m] ^ inv) >>> 0, cin); else c.setNzcv(nzcv);
      };
    }
    return (c) => {
      if (conditionHolds(c, cond)) {
        const x = c.x;
        adds64(c, x[2 * n], x[2 * n + 1], (x[2 * m] ^ inv) >>> 0, (x[2 * m + 1] ^ inv) >>> 0, cin);
      } else c.setNzcv(nzcv);
    };
  };
}

// ---- CSEL/CSINC/CSINV/CSNEG (C6.2.73/77/78/79): cond ? Rn : (NOT) Rm (+ 1) ----
function condSelect(invert: boolean, inc: boolean, bits: Bits): Compile {
  return (f) => {
    const d = f('Rd'), n = f('Rn'), m = f('Rm'), cond = f('cond');
    const inv = invert ? 0xffffffff : 0, cin = inc ? 1 : 0;
    if (bits === 32) {
      return (c) => c.setW(d, conditionHolds(c, cond) ? c.x[2 * n] : (((c.x[2 * m] ^ inv) >>> 0) + cin) >>> 0);
    }
    if (!invert && !inc) {
      return (c) => {
        const r = conditionHolds(c, cond) ? n : m;
        c.setX(d, c.x[2 * r], c.x[2 * r + 1]);
      };
    }
    return (c) => {
      const x = c.x;
      if (conditionHolds(c, cond)) { c.setX(d, x[2 * n], x[2 * n + 1]); return; }
      const lo = ((x[2 * m] ^ inv) >>> 0) + cin;
      c.setX(d, lo >>> 0, (((x[2 * m + 1] ^ inv) >>> 0) + (lo > 0xffffffff ? 1 : 0)) >>> 0);
    };
  };
}

function sized(id: string, make: (bits: Bits) => Compile): Record<string, Compile> {
  return { [`${id}_32`]: make(32), [`${id}_64`]: make(64) };
}

export const DP_COND_SEMANTICS: SemanticsTable = {
  ...sized('CCMN_reg', (b) => condCompare(false, false, b)),
  ...sized('CCMN_imm', (b) => condCompare(false, true, b)),
  ...sized('CCMP_reg', (b) => condCompare(true, false, b)),
  ...sized('CCMP_imm', (b) => condCompare(true, true, b)),
  ...sized('CSEL', (b) => condSelect(false, false, b)),
  ...sized('CSINC', (b) => condSelect(false, true, b)),
  ...sized('CSINV', (b) => condSelect(true, false, b)),
  ...sized('CSNEG', (b) => condSelect(true, true, b)),
};
