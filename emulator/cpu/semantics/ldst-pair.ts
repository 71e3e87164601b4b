// Load/store register pair (ARM ARM C4.1.88.9-12, V = 0; C6.2 LDP, STP, LDNP, STNP, LDPSW):
// two consecutive accesses of 4 or 8 bytes at Xn|SP (+ imm7 * size), with the offset, pre-index
// and post-index forms. LDNP/STNP are LDP/STP with a non-temporal hint, which we ignore.
// CONSTRAINED UNPREDICTABLE cases, as QEMU (trans_LDP/trans_STP) does them:
//  - LDP with Rt == Rt2: the register keeps the FIRST value, as QEMU 7.2 (our installed
//    lockstep reference; disas_ldst_pair loads Rt into a temporary, Rt2, then moves Rt) and
//    Unicorn do. QEMU >= 8.1 (trans_LDP) leaves the second value instead;
//  - writeback with Rn == Rt or Rt2: the base writeback comes last and wins;
//  - STP with writeback and Rn == Rt/Rt2: the old register values are stored.
// STGP (FEAT_MTE) is not implemented: the core makes it UNDEFINED (feature 'mte').

import { LDST_PAIR } from '../../isa/table/ldst-pair';
import type { Cpu } from '../cpu';
import * as L from './ldst-common';
import type { Compile, Exec, SemanticsTable } from './types';

// Module-level aliases: under tsx (tests, bench) each file is CommonJS and a named import
// is a getter call at every use; the executors read these locals instead.
const { addOff, baseOff, EA, simm, WB, writeBack } = L;

type Mode = 'offset' | 'pre' | 'post';

/** EA (and WB for pre/post) of a pair access. */
function addresser(mode: Mode, n: number, off: number): (c: Cpu) => void {
  switch (mode) {
    case 'offset': return (c) => baseOff(c, n, off);
    case 'pre': return (c) => { baseOff(c, n, off); WB[0] = EA[0]; WB[1] = EA[1]; };
    case 'post': return (c) => { baseOff(c, n, 0); addOff(WB, EA[0], EA[1], off); };
  }
}

/** A second EA, one element further on. */
const EA2 = new Uint32Array(2);

function pair(mode: Mode): Compile {
  return (f, word): Exec => {
    const opc = word >>> 30, load = ((word >>> 22) & 1) === 1;
    const bytes: 4 | 8 = opc === 2 ? 8 : 4;
    const sign = opc === 1; // LDPSW
    const t = f('Rt'), t2 = f('Rt2'), n = f('Rn');
    const off = simm(f('imm7'), 7, bytes);
    const address = addresser(mode, n, off);
    const wb = mode !== 'offset';
    if (!load) {
      return (c) => {
        address(c);
        // Both values are read before any writeback (QEMU: the old values are stored).
        const alo = c.x[2 * t], ahi = c.x[2 * t + 1], blo = c.x[2 * t2], bhi = c.x[2 * t2 + 1];
        addOff(EA2, EA[0], EA[1], bytes);
        if (!c.write(EA[0], EA[1], bytes, alo, ahi)) return;
        if (!c.write(EA2[0], EA2[1], bytes, blo, bhi)) return;
        if (wb) writeBack(c, n);
      };
    }
    return (c) => {
      address(c);
      addOff(EA2, EA[0], EA[1], bytes);
      // No register changes until both loads have succeeded (a fault leaves Rt intact).
      if (!c.read(EA[0], EA[1], bytes)) return;
      const alo = c.m[0], ahi = c.m[1];
      if (!c.read(EA2[0], EA2[1], bytes)) return;
      // Rt2 first, then Rt: with Rt == Rt2 the first value stays (see the header).
      if (sign) {
        c.setX(t2, c.m[0], (c.m[0] | 0) < 0 ? 0xffffffff : 0);
        c.setX(t, alo, (alo | 0) < 0 ? 0xffffffff : 0);
      } else {
        c.setX(t2, c.m[0], c.m[1]);
        c.setX(t, alo, ahi);
      }
      if (wb) writeBack(c, n);
    };
  };
}

const BY_GROUP: Readonly<Record<string, Compile>> = {
  'ldst/pair-noalloc': pair('offset'),
  'ldst/pair-offset': pair('offset'),
  'ldst/pair-pre': pair('pre'),
  'ldst/pair-post': pair('post'),
};

function build(): SemanticsTable {
  const out: Record<string, Compile> = {};
  for (const r of LDST_PAIR) {
    if (r.asmOnly || r.aliasOf || r.feature === 'mte') continue;
    const c = BY_GROUP[r.group];
    if (!c) throw new Error(`ldst-pair: no semantics for ${r.id} (${r.group})`);
    out[r.id] = c;
  }
  return out;
}

export const LDST_PAIR_SEMANTICS: SemanticsTable = build();
