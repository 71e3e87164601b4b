// The later additions to the load/store group (ARM ARM C4.1.88): pointer-authenticated loads
// LDRAA/LDRAB (FEAT_PAuth), the RCpc unscaled forms LDAPUR/STLUR (FEAT_LRCPC2), the memory
// tagging loads/stores (FEAT_MTE) and the memory copy/set sequences (FEAT_MOPS).

import { gpr } from '../operands/common';
import { gprWb, memBase, memImm, memWb } from '../operands/ldst';
import type { InsnDef } from '../types';
import { row } from './builder';

type F = (name: string) => number;

// ---- LDRAA/LDRAB, C6.2.146: 11 111 0 00 M S 1 imm9 W 1; offset S:imm9 * 8, W = pre-index ----
const PAUTH: InsnDef[] = (['a', 'b'] as const).flatMap((key, M) =>
  ([['off', '0', 'offset'], ['pre', '1', 'pre']] as const).map(([kind, W, mode]) =>
    row({ id: `LDRA${key.toUpperCase()}_${kind}`, mn: `ldra${key}`, pat: `11 111 V=0 00 M=${M} S:1 1 imm9:9 W=${W} 1 Rn:5 Rt:5`,
      group: 'ldst/pauth', feature: 'pauth',
      summary: `Xt = Mem[Auth${key.toUpperCase()}(Xn|SP, zero modifier, key D${key.toUpperCase()}) + S:imm9 * 8, 8]${W === '1' ? '; Xn|SP = that address' : ''}`,
      ops: [gpr('Rt', 'x'), memImm(['S', 'imm9'], mode, 8, true, true)] })));

// ---- LDAPR/STLR (unscaled immediate), C4.1.88.5 (FEAT_LRCPC2) ----
const RCPC2_ACCESSES = [
  { size: '00', opc: '00', mn: 'stlurb', rt: 'w', sem: 'Mem[addr, 1] = Wt<7:0>' },
  { size: '00', opc: '01', mn: 'ldapurb', rt: 'w', sem: 'Wt = ZeroExtend(Mem[addr, 1])' },
  { size: '00', opc: '10', mn: 'ldapursb', rt: 'x', sem: 'Xt = SignExtend(Mem[addr, 1])' },
  { size: '00', opc: '11', mn: 'ldapursb', rt: 'w', sem: 'Wt = SignExtend(Mem[addr, 1])' },
  { size: '01', opc: '00', mn: 'stlurh', rt: 'w', sem: 'Mem[addr, 2] = Wt<15:0>' },
  { size: '01', opc: '01', mn: 'ldapurh', rt: 'w', sem: 'Wt = ZeroExtend(Mem[addr, 2])' },
  { size: '01', opc: '10', mn: 'ldapursh', rt: 'x', sem: 'Xt = SignExtend(Mem[addr, 2])' },
  { size: '01', opc: '11', mn: 'ldapursh', rt: 'w', sem: 'Wt = SignExtend(Mem[addr, 2])' },
  { size: '10', opc: '00', mn: 'stlur', rt: 'w', sem: 'Mem[addr, 4] = Wt' },
  { size: '10', opc: '01', mn: 'ldapur', rt: 'w', sem: 'Wt = Mem[addr, 4]' },
  { size: '10', opc: '10', mn: 'ldapursw', rt: 'x', sem: 'Xt = SignExtend(Mem[addr, 4])' },
  { size: '11', opc: '00', mn: 'stlur', rt: 'x', sem: 'Mem[addr, 8] = Xt' },
  { size: '11', opc: '01', mn: 'ldapur', rt: 'x', sem: 'Xt = Mem[addr, 8]' },
] as const;

const RCPC2: InsnDef[] = RCPC2_ACCESSES.map((a) =>
  row({ id: `${a.mn.toUpperCase()}_${a.rt === 'w' ? 32 : 64}`, mn: a.mn, pat: `size=${a.size} 011001 opc=${a.opc} 0 imm9:9 00 Rn:5 Rt:5`,
    group: 'ldst/rcpc-unscaled', feature: 'rcpc2',
    summary: `addr = Xn|SP + imm9: ${a.sem} (${a.mn.startsWith('st') ? 'release' : 'acquire, RCpc'})`,
    ops: [gpr('Rt', a.rt), memImm('imm9', 'offset')] }));

// ---- Load/store memory tags, C4.1.88.18 (FEAT_MTE): 11011001 opc 1 imm9 op2 Rn Rt ----
const TAG_STORES = [
  { opc: '00', mn: 'stg', sem: 'tag of [addr, 16] = tag of Xt|SP' },
  { opc: '01', mn: 'stzg', sem: 'tag of [addr, 16] = tag of Xt|SP; zero the granule' },
  { opc: '10', mn: 'st2g', sem: 'tags of [addr, 32] = tag of Xt|SP' },
  { opc: '11', mn: 'stz2g', sem: 'tags of [addr, 32] = tag of Xt|SP; zero both granules' },
] as const;
const TAG_MODES = [['01', 'post', 'post'], ['10', 'off', 'offset'], ['11', 'pre', 'pre']] as const;
const tagPat = (opc: string, op2: string): string => `11011001 opc=${opc} 1 imm9:9 op2=${op2} Rn:5 Rt:5`;

const MTE: InsnDef[] = [
  ...TAG_STORES.flatMap((t) => TAG_MODES.map(([op2, kind, mode]) =>
    row({ id: `${t.mn.toUpperCase()}_${kind}`, mn: t.mn, pat: tagPat(t.opc, op2), group: 'ldst/mte', feature: 'mte',
      summary: `${mode === 'post' ? 'addr = Xn|SP' : 'addr = Xn|SP + imm9 * 16'}: ${t.sem}${mode === 'offset' ? '' : '; Xn|SP += imm9 * 16'}`,
      ops: [gpr('Rt', 'xsp'), memImm('imm9', mode, 16, true)] }))),
  row({ id: 'LDG', mn: 'ldg', pat: tagPat('01', '00'), group: 'ldst/mte', feature: 'mte',
    summary: 'Xt<59:56> = allocation tag of Xn|SP + imm9 * 16', ops: [gpr('Rt', 'x'), memImm('imm9', 'offset', 16, true)] }),
  // The bulk forms take no offset: imm9 must be zero (C6.2.143, C6.2.363, C6.2.369).
  ...([['STZGM', '00', 'zero the block at Xn and set its tags from Xt<3:0>'], ['STGM', '10', 'tags of the block at Xn = Xt<3:0> (EL1+)'],
    ['LDGM', '11', 'Xt = tags of the block at Xn (EL1+)']] as const).map(([id, opc, summary]) =>
    row({ id, mn: id.toLowerCase(), pat: tagPat(opc, '00').replace('imm9:9', '000000000'), group: 'ldst/mte', feature: 'mte',
      summary, ops: [gpr('Rt', 'x'), memBase()] })),
];

// ---- Memory copy and set, C4.1.88.3 (FEAT_MOPS): sz 011 o0 01 op1 0 Rs op2 01 Rn Rd ----
/** CPY* option suffixes by op2 (read/write unprivileged, non-temporal). */
const CPY_OPTS = ['', 'wt', 'rt', 't', 'wn', 'wtwn', 'rtwn', 'twn', 'rn', 'wtrn', 'rtrn', 'trn', 'n', 'wtn', 'rtn', 'tn'];
const STAGES = [['p', '00', 'prologue'], ['m', '01', 'main'], ['e', '10', 'epilogue']] as const;
/** CPY: Xd, Xs, Xn distinct and not 31; SET: Xd, Xn, Xs distinct, Xd and Xn not 31 (Xs may be XZR). */
const cpyOk = (f: F): boolean => {
  const d = f('Rd'), s = f('Rs'), n = f('Rn');
  return d !== s && d !== n && s !== n && d !== 31 && s !== 31 && n !== 31;
};
const setOk = (f: F): boolean => {
  const d = f('Rd'), s = f('Rs'), n = f('Rn');
  return d !== s && d !== n && s !== n && d !== 31 && n !== 31;
};

const MOPS: InsnDef[] = [
  ...(['0', '1'] as const).flatMap((o0) => STAGES.flatMap(([st, op1, stage]) => CPY_OPTS.map((opt, op2) => {
    const mn = `cpy${o0 === '0' ? 'f' : ''}${st}${opt}`;
    return row({ id: mn.toUpperCase(), mn, pat: `00 011 o0=${o0} 01 op1=${op1} 0 Rs:5 op2=${op2.toString(2).padStart(4, '0')} 01 Rn:5 Rd:5`,
      group: 'ldst/mops', feature: 'mops', when: cpyOk,
      summary: `Memory copy${o0 === '0' ? ' forward-only' : ''} (${stage}${opt ? `, ${opt}` : ''}): Xn bytes from [Xs] to [Xd], updating all three`,
      ops: [memWb('Rd'), memWb('Rs'), gprWb('Rn')] });
  }))),
  ...(['0', '1'] as const).flatMap((o0) => STAGES.flatMap(([st, op1, stage]) => ['', 't', 'n', 'tn'].map((opt, k) => {
    const mn = `set${o0 === '1' ? 'g' : ''}${st}${opt}`;
    return row({ id: mn.toUpperCase(), mn, pat: `00 011 o0=${o0} 01 11 0 Rs:5 op2=${op1}${k === 0 ? '00' : k === 1 ? '01' : k === 2 ? '10' : '11'} 01 Rn:5 Rd:5`,
      group: 'ldst/mops', feature: 'mops', when: setOk,
      summary: `Memory set${o0 === '1' ? ' with tags' : ''} (${stage}${opt ? `, ${opt}` : ''}): Xn bytes at [Xd] = Xs<7:0>, updating Xd and Xn`,
      ops: [memWb('Rd'), gprWb('Rn'), gpr('Rs', 'x')] });
  }))),
];

export const LDST_MISC: InsnDef[] = [...PAUTH, ...RCPC2, ...MTE, ...MOPS];
