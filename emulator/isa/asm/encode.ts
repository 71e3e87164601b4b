// Assembling one instruction: the mnemonic selects candidate rows (aliases included); each
// row's operand kinds parse the operand text into fields. The first row that accepts the
// whole text wins; otherwise the error from the row that parsed furthest is reported.

import { insert } from '../pattern';
import { A64 } from '../table';
import { COND_ALIASES, COND_NAMES } from '../operands/common';
import { AsmError, type EncodeCtx, type InsnDef } from '../types';
import type { SymbolResolver } from './expr';
import { TextOperandParser } from './operand-parser';

export type EncodeResult = { ok: true; word: number; def: InsnDef } | { ok: false; error: string; column: number };

interface Candidate { def: InsnDef; cond?: number }

let index: Map<string, Candidate[]> | undefined;

/** Mnemonic → rows, with "b.{cond}" expanded to every condition spelling. */
export function mnemonicIndex(): Map<string, Candidate[]> {
  if (index) return index;
  const m = new Map<string, Candidate[]>();
  const add = (k: string, c: Candidate): void => {
    const l = m.get(k);
    if (l) l.push(c); else m.set(k, [c]);
  };
  for (const def of A64) {
    if (def.disasmOnly) continue;
    if (def.mnemonic.includes('{cond}')) {
      const names: [string, number][] = [...COND_NAMES.map((n, i) => [n, i] as [string, number]), ...Object.entries(COND_ALIASES), ['ul', 3]];
      for (const [n, v] of names) {
        add(def.mnemonic.replace('{cond}', n), { def, cond: v });
        // GNU as also accepts the dotless spelling ("beq") of B.cond.
        if (def.mnemonic === 'b.{cond}') add(`b${n}`, { def, cond: v });
      }
    } else add(def.mnemonic, { def });
  }
  return (index = m);
}

export function knownMnemonic(mn: string): boolean {
  return mnemonicIndex().has(mn.toLowerCase());
}

export function encodeInstruction(mnemonic: string, operands: string, addr: bigint, resolve: SymbolResolver): EncodeResult {
  const cands = mnemonicIndex().get(mnemonic.toLowerCase());
  if (!cands) return { ok: false, error: `unknown mnemonic '${mnemonic}'`, column: 0 };
  let best: { error: string; column: number } | undefined;
  for (const c of cands) {
    const r = tryRow(c, operands, addr, resolve);
    if (r.ok) return r;
    if (!best || r.column > best.column) best = r;
  }
  return { ok: false, ...best! };
}

function tryRow(c: Candidate, text: string, addr: bigint, resolve: SymbolResolver): EncodeResult {
  const def = c.def;
  let word = def.pattern.value;
  const set = new Map<string, number>();
  const e: EncodeCtx = {
    addr,
    def,
    set: (name, v) => {
      const span = def.pattern.fields.get(name);
      if (!span) throw new Error(`row ${def.id} has no field ${name}`);
      set.set(name, v);
      word = insert(word, span, v);
    },
    get: (name) => set.get(name),
    has: (name) => def.pattern.fields.has(name),
  };
  if (c.cond !== undefined) e.set('cond', c.cond);
  const p = new TextOperandParser(text, resolve);
  try {
    let first = true;
    for (const op of def.operands) {
      if (op.optional) {
        const save = p.pos;
        if (p.atEnd()) { op.absent?.(e); continue; }
        if (!first && !p.eat(',')) { p.pos = save; op.absent?.(e); continue; }
        op.parse(p, e);
      } else {
        if (!first && !p.eat(',')) p.fail(`expected ',' before ${op.syntax}`);
        op.parse(p, e);
      }
      first = false;
    }
    if (!p.atEnd()) p.fail(`unexpected '${text.slice(p.pos).trim()}'`);
  } catch (err) {
    if (err instanceof AsmError) return { ok: false, error: err.message, column: err.column ?? p.pos };
    throw err;
  }
  // A fixed-bit violation means an operand kind wrote outside its field: a table bug.
  if (((word & def.pattern.mask) >>> 0) !== def.pattern.value) {
    return { ok: false, error: `operands do not fit ${def.id}`, column: 0 };
  }
  return { ok: true, word: word >>> 0, def };
}
