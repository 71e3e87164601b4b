// Loads and stores of one general register (ARM ARM C4.1.88 with V = 0; C6.2 LDR/STR/LDRB/…/
// LDRSW (immediate, register, literal), LDUR/STUR, LDTR/STTR, PRFM/PRFUM). One compiler per
// addressing form reads size (bits 31:30) and opc (bits 23:22) from the word:
//   opc 00 store, 01 load zero-extended, 10 load sign-extended to 64 bits, 11 to 32 bits.
// Writeback with Rn == Rt (Rn != 31) is CONSTRAINED UNPREDICTABLE (C6.2 LDR (immediate)); we do
// what QEMU does (trans_LDR_i/trans_STR_i): a store writes the old Rt, a load's base
// writeback comes last, so Rn ends up holding the address and the loaded value is lost.
// Forms without writeback give their data aborts an instruction syndrome (ldst-common.ts).

import { LDST_SINGLE } from '../../isa/table/ldst-single';
import type { Cpu } from '../cpu';
import * as L from './ldst-common';
import { Ext } from './ldst-common';
import type { Compile, Exec, SemanticsTable } from './types';

// Module-level aliases: under tsx (tests, bench) each file is CommonJS and a named import
// is a getter call at every use; the executors read these locals instead.
const { addOff, baseOff, baseReg, EA, pcOff, setLoaded, simm, syndrome, unprivileged, WB, writeBack } = L;

type Bytes = 1 | 2 | 4 | 8;

/** The size:opc of the word: bytes, direction, extension of the loaded value, data-abort syndrome. */
function accessOf(word: number): { bytes: Bytes; store: boolean; ext: Ext; iss: number } {
  const size = word >>> 30, opc = (word >>> 22) & 3;
  const ext = opc === 2 ? Ext.Sign64 : opc === 3 ? Ext.Sign32 : Ext.Zero;
  // SF as QEMU's disas_ldst_compute_iss_sf: the register width the load extends into.
  const sf = ext === Ext.Sign64 || (ext === Ext.Zero && size === 3);
  return { bytes: (1 << size) as Bytes, store: opc === 0, ext, iss: syndrome(1 << size, ext !== Ext.Zero, word & 31, sf, false) };
}

/** LDR/STR (immediate, unsigned offset), LDUR/STUR: EA = Xn|SP + constant. */
function offsetForm(scaled: boolean): Compile {
  return (f, word): Exec => {
    const { bytes, store, ext, iss } = accessOf(word);
    const t = f('Rt'), n = f('Rn');
    const off = scaled ? f('imm12') * bytes : simm(f('imm9'), 9);
    if (store) {
      return (c) => {
        baseOff(c, n, off);
        c.ldstSyndrome = iss;
        c.write(EA[0], EA[1], bytes, c.x[2 * t], c.x[2 * t + 1]);
        c.ldstSyndrome = 0;
      };
    }
    return (c) => {
      baseOff(c, n, off);
      c.ldstSyndrome = iss;
      const ok = c.read(EA[0], EA[1], bytes);
      c.ldstSyndrome = 0;
      if (ok) setLoaded(c, t, bytes, ext);
    };
  };
}

/** LDR/STR (immediate, pre-index or post-index): the access, then Xn|SP = Xn|SP + imm9. */
function indexForm(pre: boolean): Compile {
  return (f, word): Exec => {
    const { bytes, store, ext } = accessOf(word);
    const t = f('Rt'), n = f('Rn');
    const off = simm(f('imm9'), 9);
    const address = pre
      ? (c: Cpu) => { baseOff(c, n, off); WB[0] = EA[0]; WB[1] = EA[1]; }
      : (c: Cpu) => { baseOff(c, n, 0); addOff(WB, EA[0], EA[1], off); };
    if (store) {
      return (c) => {
        address(c);
        if (c.write(EA[0], EA[1], bytes, c.x[2 * t], c.x[2 * t + 1])) writeBack(c, n);
      };
    }
    return (c) => {
      address(c);
      if (!c.read(EA[0], EA[1], bytes)) return;
      setLoaded(c, t, bytes, ext);
      writeBack(c, n);
    };
  };
}

/** LDTR/STTR (unprivileged): EA = Xn|SP + imm9, accessed with EL0 permissions where that applies. */
const unprivForm: Compile = (f, word): Exec => {
  const { bytes, store, ext, iss } = accessOf(word);
  const t = f('Rt'), n = f('Rn');
  const off = simm(f('imm9'), 9);
  if (store) {
    return (c) => {
      baseOff(c, n, off);
      c.unprivileged = unprivileged(c); c.ldstSyndrome = iss;
      c.write(EA[0], EA[1], bytes, c.x[2 * t], c.x[2 * t + 1]);
      c.unprivileged = false; c.ldstSyndrome = 0;
    };
  }
  return (c) => {
    baseOff(c, n, off);
    c.unprivileged = unprivileged(c); c.ldstSyndrome = iss;
    const ok = c.read(EA[0], EA[1], bytes);
    c.unprivileged = false; c.ldstSyndrome = 0;
    if (ok) setLoaded(c, t, bytes, ext);
  };
};

/** LDR/STR (register): EA = Xn|SP + (ExtendReg(Rm, option) << (S ? size : 0)). */
const regForm: Compile = (f, word): Exec => {
  const { bytes, store, ext, iss } = accessOf(word);
  const t = f('Rt'), n = f('Rn'), m = f('Rm'), option = f('option');
  const shift = f('S') ? word >>> 30 : 0;
  if (store) {
    return (c) => {
      baseReg(c, n, m, option, shift);
      c.ldstSyndrome = iss;
      c.write(EA[0], EA[1], bytes, c.x[2 * t], c.x[2 * t + 1]);
      c.ldstSyndrome = 0;
    };
  }
  return (c) => {
    baseReg(c, n, m, option, shift);
    c.ldstSyndrome = iss;
    const ok = c.read(EA[0], EA[1], bytes);
    c.ldstSyndrome = 0;
    if (ok) setLoaded(c, t, bytes, ext);
  };
};

/** LDR/LDRSW (literal), C6.2: EA = PC + imm19 * 4. */
function literal(bytes: 4 | 8, ext: Ext): Compile {
  return (f): Exec => {
    const t = f('Rt'), off = simm(f('imm19'), 19, 4);
    const iss = syndrome(bytes, ext !== Ext.Zero, t, bytes === 8 || ext === Ext.Sign64, false);
    return (c) => {
      pcOff(c, off);
      c.ldstSyndrome = iss;
      const ok = c.read(EA[0], EA[1], bytes);
      c.ldstSyndrome = 0;
      if (ok) setLoaded(c, t, bytes, ext);
    };
  };
}

/** PRFM/PRFUM: a hint with no architectural effect and no faults (C6.2 PRFM). */
const prefetch: Compile = (): Exec => nop;
const nop: Exec = () => {};

const BY_GROUP: Readonly<Record<string, Compile>> = {
  'ldst/unsigned-imm': offsetForm(true),
  'ldst/unscaled-imm': offsetForm(false),
  'ldst/imm-pre': indexForm(true),
  'ldst/imm-post': indexForm(false),
  'ldst/unprivileged': unprivForm,
  'ldst/reg-offset': regForm,
};

const LITERAL: Readonly<Record<string, Compile>> = {
  LDR_lit_32: literal(4, Ext.Zero),
  LDR_lit_64: literal(8, Ext.Zero),
  LDRSW_lit: literal(4, Ext.Sign64),
  PRFM_lit: prefetch,
};

function build(): SemanticsTable {
  const out: Record<string, Compile> = {};
  for (const r of LDST_SINGLE) {
    if (r.asmOnly || r.aliasOf) continue;
    const c = r.id.startsWith('PRF') ? prefetch : LITERAL[r.id] ?? BY_GROUP[r.group];
    if (!c) throw new Error(`ldst-single: no semantics for ${r.id} (${r.group})`);
    out[r.id] = c;
  }
  return out;
}

export const LDST_SINGLE_SEMANTICS: SemanticsTable = build();
