// Row constructors for the instruction table. `row` fills defaults; `bySf` writes the 32- and
// 64-bit forms of an sf-selected instruction once (ARM ARM: "sf == 0: 32-bit variant").

import { parsePattern } from '../pattern';
import type { InsnDef, Operand } from '../types';

export interface RowSpec {
  id: string;
  /** Mnemonic; "b.{cond}" binds the 4-bit field "cond" into the mnemonic. */
  mn: string;
  pat: string;
  ops?: Operand[];
  aliasOf?: string;
  when?: (f: (name: string) => number) => boolean;
  prio?: number;
  feature?: string;
  group: string;
  summary?: string;
  disasmOnly?: boolean;
  asmOnly?: boolean;
}

export function row(s: RowSpec): InsnDef {
  return {
    id: s.id,
    mnemonic: s.mn,
    pattern: parsePattern(s.pat),
    operands: s.ops ?? [],
    aliasOf: s.aliasOf,
    when: s.when,
    // Aliases are preferred over the instruction they alias when their condition holds.
    prio: s.prio ?? (s.aliasOf ? 1 : 0),
    feature: s.feature ?? 'v8.0',
    group: s.group,
    summary: s.summary ?? '',
    disasmOnly: s.disasmOnly,
    asmOnly: s.asmOnly,
  };
}

export type Width = 'w' | 'x';

/**
 * Expands a row whose pattern has a 1-bit "sf" field into its 32-bit (sf=0, W registers)
 * and 64-bit (sf=1, X registers) rows, ids suffixed _32/_64.
 */
export function bySf(s: Omit<RowSpec, 'ops'> & { ops: (w: Width, bits: 32 | 64) => Operand[] }): InsnDef[] {
  if (!/\bsf:1\b/.test(s.pat)) throw new Error(`${s.id}: bySf needs an sf:1 field`);
  return ([['w', 32, '0'], ['x', 64, '1']] as const).map(([w, bits, v]) =>
    row({
      ...s,
      id: `${s.id}_${bits}`,
      aliasOf: s.aliasOf ? `${s.aliasOf}_${bits}` : undefined,
      pat: s.pat.replace(/\bsf:1\b/, `sf=${v}`),
      ops: s.ops(w, bits),
    }),
  );
}
