// Which cost class (table.ts INSN_COST) each row of the instruction table belongs to: a list of
// rules over the row id and group, first match wins, then SYS operations by their encoding.
// Every non-alias row maps to a class (test/cost/table.test.ts checks it), so the per-page cost
// array the core fills at decode time never holds a guess.

import type { InsnDef } from '../isa/types';
import { INSN_COST, type InsnClass } from './table';

/** [pattern over "group id", class]: the first rule whose pattern matches the row wins. */
const RULES: readonly (readonly [RegExp, InsnClass])[] = [
  // Data processing (register): the long-latency units first.
  [/ [US]DIV_32$/, 'div32'],
  [/ [US]DIV_64$/, 'div64'],
  [/ M(ADD|SUB)_32$/, 'mul32'],
  [/ [SU]M(ADD|SUB)L$/, 'mul32'],
  [/ M(ADD|SUB)_64$/, 'mul64'],
  [/ [SU]MULH$/, 'mulh'],
  [/ CRC32/, 'crc'],
  [/^(dp-imm|dp-reg)\//, 'alu'],
  // Branches, exceptions.
  [/^branch\//, 'branch'],
  [/^exc\/eret /, 'eret'],
  [/^exc\/gen /, 'exception-gen'],
  // System.
  [/^sys\/hint (WFE|WFI|WFET|WFIT)$/, 'wfx'],
  [/^sys\/hint /, 'hint'],
  [/ DMB$/, 'dmb'],
  [/ (DSB|DSB_nXS|SB)$/, 'dsb'],
  [/ ISB$/, 'isb'],
  [/ CLREX$/, 'clrex'],
  [/^sys\/pstate /, 'pstate'],
  [/^sys\/tme /, 'hint'], // TME rows are UNDEFINED on this core (feature gate): issue only
  [/^sys\/sysreg /, 'sysreg'],
  // Loads and stores, general registers.
  [/^ldst\/(cas|atomic|ls64|mops|mte) /, 'atomic'],
  [/^ldst\/exclusive LDA?XP?/, 'load-exclusive'],
  [/^ldst\/exclusive STL?XP?/, 'store-exclusive'],
  [/^ldst\/exclusive LD[L]?AR/, 'load-acquire'],
  [/^ldst\/exclusive ST[L]?LR/, 'store-release'],
  [/^ldst\/(rcpc|rcpc-unscaled) LD/, 'load-acquire'],
  [/^ldst\/(rcpc|rcpc-unscaled) ST/, 'store-release'],
  [/^ldst\/pair-\w+ LD/, 'load-pair'],
  [/^ldst\/pair-\w+ ST/, 'store-pair'],
  [/^ldst\/[\w-]+ PRF/, 'load'], // a prefetch occupies a load slot
  [/^ldst\/[\w-]+ LD/, 'load'],
  [/^ldst\/[\w-]+ ST/, 'store'],
  // SIMD&FP loads and stores.
  [/^simd-ldst\/pair LD\w+_Q$/, 'fp-load-pair-q'],
  [/^simd-ldst\/pair ST\w+_Q$/, 'fp-store-pair-q'],
  [/^simd-ldst\/pair LD/, 'fp-load-pair'],
  [/^simd-ldst\/pair ST/, 'fp-store-pair'],
  [/^simd-ldst\/(reg-\w+|literal) LD\w+_Q$/, 'fp-load-q'],
  [/^simd-ldst\/(reg-\w+|literal) ST\w+_Q$/, 'fp-store-q'],
  [/^simd-ldst\/(reg-\w+|literal) LD/, 'fp-load'],
  [/^simd-ldst\/(reg-\w+|literal) ST/, 'fp-store'],
  // Structures: LD1 {…} with 1–4 registers (_mult_N) or LDn/STn (n registers or elements).
  [/^simd-ldst\/multiple (LD|ST)1_mult_(\d)/, 'simd-struct1'], // refined by structRegs below
  [/^simd-ldst\/(multiple|single|replicate) (LD|ST)(\d)/, 'simd-struct1'],
  [/^simd-move\//, 'alu'],
  [/^reserved\//, 'undefined'],
];

const STRUCT: readonly InsnClass[] = ['simd-struct1', 'simd-struct2', 'simd-struct3', 'simd-struct4'];

/** Registers an LD1–LD4/ST1–ST4 row transfers: ST1_mult_3 → 3, LD4_single_B → 4, LD2R → 2. */
function structRegs(id: string): number {
  const m = /^(?:LD|ST)1_mult_(\d)/.exec(id) ?? /^(?:LD|ST)(\d)/.exec(id);
  return m ? Number(m[1]) : 1;
}

/** The class of a row (the encoding-independent part). */
export function rowClass(def: InsnDef): InsnClass | null {
  const key = `${def.group} ${def.id}`;
  for (const [re, cls] of RULES) {
    if (!re.test(key)) continue;
    return cls === 'simd-struct1' ? STRUCT[structRegs(def.id) - 1] : cls;
  }
  return null;
}

/**
 * SYS (ARM ARM C5.3): the operation by CRn/CRm of the word — CRn=7 is the cache maintenance and
 * address translation space (CRm 1/5 IC, 8/9 AT, 4 with op1=3 DC ZVA, others DC), CRn=8 TLBI.
 */
function sysClass(word: number): InsnClass {
  const crn = (word >>> 12) & 0xf, crm = (word >>> 8) & 0xf, op1 = (word >>> 16) & 7;
  if (crn === 8) return 'tlbi';
  if (crn !== 7) return 'sysreg';
  if (crm === 1 || crm === 5) return 'ic';
  if (crm === 8 || crm === 9) return 'at';
  if (crm === 4 && op1 === 3) return 'dc-zva';
  return 'dc';
}

/** The class of an instruction word decoded as `def` (SYS/SYSL by their encoding). */
export function insnClass(def: InsnDef, word: number): InsnClass {
  if (def.group === 'sys/sys') return sysClass(word);
  return rowClass(def) ?? 'alu';
}

/** Cycles of one instruction word (its class's INSN_COST): what the decoded page records. */
export function insnCost(def: InsnDef, word: number): number {
  return INSN_COST[insnClass(def, word)];
}

/** An UNDEFINED word (unallocated, unimplemented, or of an absent feature): issue only. */
export const UNDEFINED_INSN_COST = INSN_COST.undefined;
