// Loads and stores of one general register (ARM ARM C4.1.88 with V = 0): unsigned offset,
// unscaled (LDUR/STUR), pre/post-index, unprivileged (LDTR/STTR), register offset, literal,
// and the prefetches PRFM/PRFUM that take the size = 11, opc = 10 slot of each form.

import { gpr, label } from '../operands/common';
import { memImm, memReg, prfop, type IndexMode } from '../operands/ldst';
import type { InsnDef, Operand } from '../types';
import { row } from './builder';

/** One size:opc combination of C4.1.88's "Load/store register" tables. */
interface Access {
  size: number;
  opc: number;
  /** Mnemonic suffix: "b", "sh", "sw", … */
  sfx: string;
  rt: 'w' | 'x';
  /** True when another access has the same mnemonic with the other register width. */
  both?: boolean;
}

const ACCESSES: readonly Access[] = [
  { size: 0, opc: 0, sfx: 'b', rt: 'w' }, { size: 0, opc: 1, sfx: 'b', rt: 'w' },
  { size: 0, opc: 2, sfx: 'sb', rt: 'x', both: true }, { size: 0, opc: 3, sfx: 'sb', rt: 'w', both: true },
  { size: 1, opc: 0, sfx: 'h', rt: 'w' }, { size: 1, opc: 1, sfx: 'h', rt: 'w' },
  { size: 1, opc: 2, sfx: 'sh', rt: 'x', both: true }, { size: 1, opc: 3, sfx: 'sh', rt: 'w', both: true },
  { size: 2, opc: 0, sfx: '', rt: 'w', both: true }, { size: 2, opc: 1, sfx: '', rt: 'w', both: true },
  { size: 2, opc: 2, sfx: 'sw', rt: 'x' },
  { size: 3, opc: 0, sfx: '', rt: 'x', both: true }, { size: 3, opc: 1, sfx: '', rt: 'x', both: true },
];

const bin = (v: number, n: number): string => v.toString(2).padStart(n, '0');

/** "Wt = SignExtend(Mem[addr, 2])" style one-line semantics. */
function access(a: Access, addr: string): string {
  const bytes = 1 << a.size;
  const t = `${a.rt.toUpperCase()}t`;
  const full = bytes * 8 === (a.rt === 'w' ? 32 : 64);
  if (a.opc === 0) return `Mem[${addr}, ${bytes}] = ${full ? t : `${t}<${bytes * 8 - 1}:0>`}`;
  return full ? `${t} = Mem[${addr}, ${bytes}]` : `${t} = ${a.opc === 1 ? 'ZeroExtend' : 'SignExtend'}(Mem[${addr}, ${bytes}])`;
}

type Form = 'uoff' | 'unscaled' | 'post' | 'pre' | 'unpriv' | 'reg';

/** The encoding diagram of each form, with size/opc fixed. */
function pattern(form: Form, size: number, opc: number): string {
  const head = `size=${bin(size, 2)} 111 V=0`;
  const o = `opc=${bin(opc, 2)}`;
  switch (form) {
    case 'uoff': return `${head} 01 ${o} imm12:12 Rn:5 Rt:5`;
    case 'unscaled': return `${head} 00 ${o} 0 imm9:9 00 Rn:5 Rt:5`;
    case 'post': return `${head} 00 ${o} 0 imm9:9 01 Rn:5 Rt:5`;
    case 'unpriv': return `${head} 00 ${o} 0 imm9:9 10 Rn:5 Rt:5`;
    case 'pre': return `${head} 00 ${o} 0 imm9:9 11 Rn:5 Rt:5`;
    case 'reg': return `${head} 00 ${o} 1 Rm:5 option:3 S:1 10 Rn:5 Rt:5`;
  }
}

const FORMS: readonly { form: Form; stem: string; id: string; group: string; addr: string; wb?: IndexMode }[] = [
  { form: 'uoff', stem: 'r', id: 'uoff', group: 'ldst/unsigned-imm', addr: 'Xn|SP + imm12 * size' },
  { form: 'unscaled', stem: 'ur', id: 'unscaled', group: 'ldst/unscaled-imm', addr: 'Xn|SP + imm9' },
  { form: 'post', stem: 'r', id: 'post', group: 'ldst/imm-post', addr: 'Xn|SP', wb: 'post' },
  { form: 'pre', stem: 'r', id: 'pre', group: 'ldst/imm-pre', addr: 'Xn|SP', wb: 'pre' },
  { form: 'unpriv', stem: 'tr', id: 'unpriv', group: 'ldst/unprivileged', addr: 'Xn|SP + imm9 (EL0 access)' },
  { form: 'reg', stem: 'r', id: 'reg', group: 'ldst/reg-offset', addr: 'Xn|SP + (extend(Rm) << (S ? log2(size) : 0))' },
];

function address(form: Form, size: number): Operand {
  switch (form) {
    case 'uoff': return memImm('imm12', 'offset', 1 << size, false);
    case 'unscaled': case 'unpriv': return memImm('imm9', 'offset');
    case 'post': return memImm('imm9', 'post');
    case 'pre': return memImm('imm9', 'pre');
    case 'reg': return memReg(size);
  }
}

/** option<1> = 0 is unallocated in the register-offset form. */
const regWhen = (f: (n: string) => number): boolean => (f('option') & 2) !== 0;

function singles(): InsnDef[] {
  const out: InsnDef[] = [];
  for (const a of ACCESSES) {
    for (const F of FORMS) {
      const mn = `${a.opc === 0 ? 'st' : 'ld'}${F.stem}${a.sfx}`;
      const id = `${mn.toUpperCase()}_${F.id}${a.both ? `_${a.rt === 'w' ? 32 : 64}` : ''}`;
      const sem = access(a, F.addr);
      const summary = F.wb === 'post' ? `${sem}; Xn|SP += imm9` : F.wb === 'pre' ? `Xn|SP += imm9; ${sem}` : sem;
      out.push(row({ id, mn, pat: pattern(F.form, a.size, a.opc), group: F.group, summary,
        when: F.form === 'reg' ? regWhen : undefined, ops: [gpr('Rt', a.rt), address(F.form, a.size)] }));
      // GNU as turns an LDR/STR offset that the scaled form cannot hold into LDUR/STUR.
      if (F.form === 'unscaled') {
        const scaled = `${a.opc === 0 ? 'st' : 'ld'}r${a.sfx}`;
        out.push(row({ id: `${scaled.toUpperCase()}_as_unscaled${a.both ? `_${a.rt === 'w' ? 32 : 64}` : ''}`, mn: scaled,
          pat: pattern('unscaled', a.size, a.opc), group: F.group, asmOnly: true, summary: `${sem} (assembled as ${mn})`,
          ops: [gpr('Rt', a.rt), address('unscaled', a.size)] }));
      }
    }
  }
  return out;
}

// ---- PRFM/PRFUM (C6.2.248-251): hints, so objdump names the prefetch operation in Rt ----
const PREFETCH: InsnDef[] = [
  row({ id: 'PRFM_uoff', mn: 'prfm', pat: pattern('uoff', 3, 2), group: 'ldst/unsigned-imm',
    summary: 'Prefetch hint for Xn|SP + imm12 * 8', ops: [prfop(), memImm('imm12', 'offset', 8, false)] }),
  row({ id: 'PRFUM', mn: 'prfum', pat: pattern('unscaled', 3, 2), group: 'ldst/unscaled-imm',
    summary: 'Prefetch hint for Xn|SP + imm9 (unscaled)', ops: [prfop(), memImm('imm9', 'offset')] }),
  row({ id: 'PRFM_as_unscaled', mn: 'prfm', pat: pattern('unscaled', 3, 2), group: 'ldst/unscaled-imm', asmOnly: true,
    summary: 'Prefetch hint for Xn|SP + imm9 (assembled as PRFUM)', ops: [prfop(), memImm('imm9', 'offset')] }),
  row({ id: 'PRFM_reg', mn: 'prfm', pat: pattern('reg', 3, 2), group: 'ldst/reg-offset', when: regWhen,
    summary: 'Prefetch hint for Xn|SP + (extend(Rm) << (S ? 3 : 0))', ops: [prfop(), memReg(3)] }),
];

// ---- Load register (literal), C4.1.88.4: opc 00 LDR W, 01 LDR X, 10 LDRSW, 11 PRFM ----
const LITERAL: InsnDef[] = [
  row({ id: 'LDR_lit_32', mn: 'ldr', pat: '00 011 V=0 00 imm19:19 Rt:5', group: 'ldst/literal',
    summary: 'Wt = Mem[PC + imm19 * 4, 4]', ops: [gpr('Rt', 'w'), label('imm19')] }),
  row({ id: 'LDR_lit_64', mn: 'ldr', pat: '01 011 V=0 00 imm19:19 Rt:5', group: 'ldst/literal',
    summary: 'Xt = Mem[PC + imm19 * 4, 8]', ops: [gpr('Rt', 'x'), label('imm19')] }),
  row({ id: 'LDRSW_lit', mn: 'ldrsw', pat: '10 011 V=0 00 imm19:19 Rt:5', group: 'ldst/literal',
    summary: 'Xt = SignExtend(Mem[PC + imm19 * 4, 4])', ops: [gpr('Rt', 'x'), label('imm19')] }),
  row({ id: 'PRFM_lit', mn: 'prfm', pat: '11 011 V=0 00 imm19:19 Rt:5', group: 'ldst/literal',
    summary: 'Prefetch hint for PC + imm19 * 4', ops: [prfop(), label('imm19')] }),
];

export const LDST_SINGLE: InsnDef[] = [...singles(), ...PREFETCH, ...LITERAL];
