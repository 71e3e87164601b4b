// Load/store register pair (ARM ARM C4.1.88.9-12, V = 0): LDP/STP, LDNP/STNP, LDPSW and the
// FEAT_MTE STGP, in the no-allocate (offset only), post-index, offset and pre-index forms.

import { gpr } from '../operands/common';
import { memImm, type IndexMode } from '../operands/ldst';
import type { InsnDef } from '../types';
import { row } from './builder';

/** bits 25:23 of each addressing mode; "np" is the no-allocate pair (LDNP/STNP). */
const MODES: readonly { bits: string; kind: 'np' | 'post' | 'off' | 'pre'; mode: IndexMode; group: string }[] = [
  { bits: '000', kind: 'np', mode: 'offset', group: 'ldst/pair-noalloc' },
  { bits: '001', kind: 'post', mode: 'post', group: 'ldst/pair-post' },
  { bits: '010', kind: 'off', mode: 'offset', group: 'ldst/pair-offset' },
  { bits: '011', kind: 'pre', mode: 'pre', group: 'ldst/pair-pre' },
];

/** opc:L of each pair instruction; LDPSW and STGP have no no-allocate form. */
const PAIRS: readonly {
  opc: string; L: string; mn: string; np?: string; rt: 'w' | 'x'; scale: number; feature?: string; sem: string;
  when?: (f: (n: string) => number, writeback: boolean) => boolean;
}[] = [
  { opc: '00', L: '0', mn: 'stp', np: 'stnp', rt: 'w', scale: 4, sem: 'Mem[addr, 4] = Wt; Mem[addr + 4, 4] = Wt2' },
  { opc: '00', L: '1', mn: 'ldp', np: 'ldnp', rt: 'w', scale: 4, sem: 'Wt = Mem[addr, 4]; Wt2 = Mem[addr + 4, 4]' },
  { opc: '10', L: '0', mn: 'stp', np: 'stnp', rt: 'x', scale: 8, sem: 'Mem[addr, 8] = Xt; Mem[addr + 8, 8] = Xt2' },
  { opc: '10', L: '1', mn: 'ldp', np: 'ldnp', rt: 'x', scale: 8, sem: 'Xt = Mem[addr, 8]; Xt2 = Mem[addr + 8, 8]' },
  { opc: '01', L: '0', mn: 'stgp', rt: 'x', scale: 16, feature: 'mte',
    sem: 'Mem[addr, 8] = Xt; Mem[addr + 8, 8] = Xt2; allocation tag of addr = tag of Xn|SP' },
  // objdump rejects LDPSW with Rt == Rt2, or with writeback to a base that is Rt or Rt2
  // (CONSTRAINED UNPREDICTABLE, C6.2.131); LDP itself is printed either way.
  { opc: '01', L: '1', mn: 'ldpsw', rt: 'x', scale: 4,
    when: (f, wb) => f('Rt') !== f('Rt2') && !(wb && f('Rn') !== 31 && (f('Rn') === f('Rt') || f('Rn') === f('Rt2'))),
    sem: 'Xt = SignExtend(Mem[addr, 4]); Xt2 = SignExtend(Mem[addr + 4, 4])' },
];

function pairs(): InsnDef[] {
  const out: InsnDef[] = [];
  for (const p of PAIRS) {
    for (const m of MODES) {
      if (m.kind === 'np' && !p.np) continue;
      const mn = m.kind === 'np' ? p.np! : p.mn;
      const addr = m.mode === 'post' ? 'addr = Xn|SP' : `addr = Xn|SP + imm7 * ${p.scale}`;
      const wb = m.mode === 'offset' ? '' : `; Xn|SP += imm7 * ${p.scale}`;
      out.push(row({
        id: `${mn.toUpperCase()}_${m.kind === 'np' ? '' : `${m.kind}_`}${p.rt === 'w' ? 32 : 64}`,
        mn, pat: `${p.opc} 101 V=0 ${m.bits} L=${p.L} imm7:7 Rt2:5 Rn:5 Rt:5`, group: m.group, feature: p.feature ?? 'v8.0',
        when: p.when && ((f) => p.when!(f, m.mode !== 'offset')), summary: `${addr}: ${p.sem}${wb}${m.kind === 'np' ? ' (non-temporal hint)' : ''}`,
        ops: [gpr('Rt', p.rt), gpr('Rt2', p.rt), memImm('imm7', m.mode, p.scale, true)],
      }));
    }
  }
  return out;
}

export const LDST_PAIR: InsnDef[] = pairs();
