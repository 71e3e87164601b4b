// Logical semantics (ARM ARM C6.2: AND/ORR/EOR/ANDS immediate; AND/BIC/ORR/ORN/EOR/EON/ANDS/
// BICS shifted register) and move wide (MOVZ/MOVN/MOVK). The N bit of the register forms
// inverts op2 (an XOR mask captured at compile time). Logical immediates are decoded once
// (DecodeBitMasks) into constant (lo, hi) halves.

import type { Compile, Exec, SemanticsTable } from './types';
import { decodeBitMasks, nz32, nz64, shift32, shift64, undef } from './dp-shared';

type Bits = 32 | 64;
const enum Op { And = 0, Orr = 1, Eor = 2, Ands = 3 }

// ---- Logical (immediate), C6.2.12/C6.2.205/C6.2.120/C6.2.14 ----
function logicalImm(op: Op, bits: Bits): Compile {
  return (f): Exec => {
    const d = f('Rd'), n = f('Rn'), N = f('N');
    // sf=0 with N=1 and the reserved bitmask encodings are UNDEFINED.
    if (bits === 32 && N === 1) return undef();
    const mk = decodeBitMasks(N, f('imms'), f('immr'), true, bits);
    if (mk === null) return undef();
    const lo = mk.wlo, hi = mk.whi;
    if (bits === 32) {
      switch (op) {
        case Op.And: return (c) => c.setXsp(d, (c.x[2 * n] & lo) >>> 0, 0);
        case Op.Orr: return (c) => c.setXsp(d, (c.x[2 * n] | lo) >>> 0, 0);
        case Op.Eor: return (c) => c.setXsp(d, (c.x[2 * n] ^ lo) >>> 0, 0);
        default: return (c) => { const r = (c.x[2 * n] & lo) >>> 0; nz32(c, r); c.setW(d, r); };
      }
    }
    switch (op) {
      case Op.And: return (c) => c.setXsp(d, (c.x[2 * n] & lo) >>> 0, (c.x[2 * n + 1] & hi) >>> 0);
      case Op.Orr: return (c) => c.setXsp(d, (c.x[2 * n] | lo) >>> 0, (c.x[2 * n + 1] | hi) >>> 0);
      case Op.Eor: return (c) => c.setXsp(d, (c.x[2 * n] ^ lo) >>> 0, (c.x[2 * n + 1] ^ hi) >>> 0);
      default: return (c) => {
        const rl = (c.x[2 * n] & lo) >>> 0, rh = (c.x[2 * n + 1] & hi) >>> 0;
        nz64(c, rl, rh); c.setX(d, rl, rh);
      };
    }
  };
}

// ---- Logical (shifted register), C6.2.13/C6.2.32/C6.2.206/C6.2.204/C6.2.121/C6.2.119/C6.2.15/C6.2.33 ----
function logicalReg(op: Op, invert: boolean, bits: Bits): Compile {
  return (f): Exec => {
    const d = f('Rd'), n = f('Rn'), m = f('Rm'), type = f('shift'), amt = f('imm6');
    if (bits === 32 && amt >= 32) return undef();
    const inv = invert ? 0xffffffff : 0;
    if (bits === 32) {
      // One shape per op; the shift is skipped (a constant branch) for the common LSL #0.
      const sh = amt !== 0;
      switch (op) {
        case Op.And: return (c) => c.setW(d, (c.x[2 * n] & ((sh ? shift32(c.x[2 * m], type, amt) : c.x[2 * m]) ^ inv)) >>> 0);
        case Op.Orr: return (c) => c.setW(d, (c.x[2 * n] | ((sh ? shift32(c.x[2 * m], type, amt) : c.x[2 * m]) ^ inv)) >>> 0);
        case Op.Eor: return (c) => c.setW(d, (c.x[2 * n] ^ (sh ? shift32(c.x[2 * m], type, amt) : c.x[2 * m]) ^ inv) >>> 0);
        default: return (c) => {
          const r = (c.x[2 * n] & ((sh ? shift32(c.x[2 * m], type, amt) : c.x[2 * m]) ^ inv)) >>> 0;
          nz32(c, r); c.setW(d, r);
        };
      }
    }
    if (amt === 0) {
      switch (op) {
        case Op.And: return (c) => { const x = c.x; c.setX(d, (x[2 * n] & (x[2 * m] ^ inv)) >>> 0, (x[2 * n + 1] & (x[2 * m + 1] ^ inv)) >>> 0); };
        case Op.Orr: return (c) => { const x = c.x; c.setX(d, (x[2 * n] | (x[2 * m] ^ inv)) >>> 0, (x[2 * n + 1] | (x[2 * m + 1] ^ inv)) >>> 0); };
        case Op.Eor: return (c) => { const x = c.x; c.setX(d, (x[2 * n] ^ x[2 * m] ^ inv) >>> 0, (x[2 * n + 1] ^ x[2 * m + 1] ^ inv) >>> 0); };
        default: return (c) => {
          const x = c.x, rl = (x[2 * n] & (x[2 * m] ^ inv)) >>> 0, rh = (x[2 * n + 1] & (x[2 * m + 1] ^ inv)) >>> 0;
          nz64(c, rl, rh); c.setX(d, rl, rh);
        };
      }
    }
    switch (op) {
      case Op.And: return (c) => {
        const x = c.x, t = c.t; shift64(c, x[2 * m], x[2 * m + 1], type, amt);
        c.setX(d, (x[2 * n] & (t[0] ^ inv)) >>> 0, (x[2 * n + 1] & (t[1] ^ inv)) >>> 0);
      };
      case Op.Orr: return (c) => {
        const x = c.x, t = c.t; shift64(c, x[2 * m], x[2 * m + 1], type, amt);
        c.setX(d, (x[2 * n] | (t[0] ^ inv)) >>> 0, (x[2 * n + 1] | (t[1] ^ inv)) >>> 0);
      };
      case Op.Eor: return (c) => {
        const x = c.x, t = c.t; shift64(c, x[2 * m], x[2 * m + 1], type, amt);
        c.setX(d, (x[2 * n] ^ t[0] ^ inv) >>> 0, (x[2 * n + 1] ^ t[1] ^ inv) >>> 0);
      };
      default: return (c) => {
        const x = c.x, t = c.t; shift64(c, x[2 * m], x[2 * m + 1], type, amt);
        const rl = (x[2 * n] & (t[0] ^ inv)) >>> 0, rh = (x[2 * n + 1] & (t[1] ^ inv)) >>> 0;
        nz64(c, rl, rh); c.setX(d, rl, rh);
      };
    }
  };
}

// ---- Move wide, C6.2.192/191/190: sf=0 with hw>=2 is UNDEFINED ----
const enum Wide { N, Z, K }
function moveWide(kind: Wide, bits: Bits): Compile {
  return (f): Exec => {
    const d = f('Rd'), hw = f('hw'), imm = f('imm16');
    if (bits === 32 && hw >= 2) return undef();
    const pos = (hw & 1) * 16, half = hw >> 1; // which 32-bit half, and the bit position in it
    const v = (imm << pos) >>> 0;
    if (kind === Wide.K) {
      const keep = ~(0xffff << pos) >>> 0;
      if (bits === 32) return (c) => c.setW(d, ((c.x[2 * d] & keep) | v) >>> 0);
      if (half === 0) return (c) => c.setX(d, ((c.x[2 * d] & keep) | v) >>> 0, c.x[2 * d + 1]);
      return (c) => c.setX(d, c.x[2 * d], ((c.x[2 * d + 1] & keep) | v) >>> 0);
    }
    let lo = half ? 0 : v, hi = half ? v : 0;
    if (kind === Wide.N) { lo = ~lo >>> 0; hi = bits === 32 ? 0 : ~hi >>> 0; }
    return (c) => c.setX(d, lo, hi);
  };
}

function sized(id: string, make: (bits: Bits) => Compile): Record<string, Compile> {
  return { [`${id}_32`]: make(32), [`${id}_64`]: make(64) };
}

export const DP_LOGIC_SEMANTICS: SemanticsTable = {
  ...sized('AND_imm', (b) => logicalImm(Op.And, b)),
  ...sized('ORR_imm', (b) => logicalImm(Op.Orr, b)),
  ...sized('EOR_imm', (b) => logicalImm(Op.Eor, b)),
  ...sized('ANDS_imm', (b) => logicalImm(Op.Ands, b)),
  ...sized('AND_reg', (b) => logicalReg(Op.And, false, b)),
  ...sized('BIC_reg', (b) => logicalReg(Op.And, true, b)),
  ...sized('ORR_reg', (b) => logicalReg(Op.Orr, false, b)),
  ...sized('ORN_reg', (b) => logicalReg(Op.Orr, true, b)),
  ...sized('EOR_reg', (b) => logicalReg(Op.Eor, false, b)),
  ...sized('EON_reg', (b) => logicalReg(Op.Eor, true, b)),
  ...sized('ANDS_reg', (b) => logicalReg(Op.Ands, false, b)),
  ...sized('BICS_reg', (b) => logicalReg(Op.Ands, true, b)),
  ...sized('MOVN', (b) => moveWide(Wide.N, b)),
  ...sized('MOVZ', (b) => moveWide(Wide.Z, b)),
  ...sized('MOVK', (b) => moveWide(Wide.K, b)),
};
