// The assembler's symbols and the resolvers that expressions see.
//
// Pass 1 does not know section addresses yet, so a label's pass-1 value is a provisional
// address: PROV(section) + offset. Evaluating an expression twice, with every provisional base
// moved by SHIFT the second time, tells an absolute result (same twice) from one that moves
// with a section (differs by SHIFT) — what GAS calls an expression's section.
// Pass 2 knows every address; `.set` assignments are replayed in order so each use sees the
// value in force at that point, as GAS's one pass does.

import { AsmError } from '../types';
import { evaluate, type SymbolResolver } from './expr';
import type { Stmt } from './lexer';
import type { Section } from './sections';

export interface LabelSym { kind: 'label'; name: string; sec: Section; off: number; stmt: Stmt }
export interface EquSym {
  kind: 'equ';
  name: string;
  /** Absolute value, when known in pass 1. */
  value?: bigint;
  /** Otherwise the expression (local label references pinned) and the location of `.`. */
  text?: string;
  sec: Section;
  off: number;
  stmt: Stmt;
}
export type Sym = LabelSym | EquSym;

export const PROV_BITS = 44n;
export const SHIFT = 1n << 40n;
export const prov = (sec: Section): bigint => BigInt(sec.index + 1) << PROV_BITS;

/** Internal name of the k-th definition of numeric local label n. */
export const pinnedName = (n: string, k: number): string => `$$L${n}$${k}`;
const PINNED = /^\$\$L(\d+)\$(\d+)$/;
const LOCAL_REF = /^(\d+)([fb])$/;

export interface Loc { sec: Section; off: number }

export class SymbolTable {
  readonly syms = new Map<string, Sym>();
  /** Definitions of each numeric local label, in source order. */
  readonly locals = new Map<string, Loc[]>();
  private evaluating = new Set<string>();
  /** Section addresses, set after layout. */
  addrs: bigint[] | null = null;
  private finalEqu = new Map<string, bigint>();

  localCount(n: string): number {
    return this.locals.get(n)?.length ?? 0;
  }

  /** Pass-1 resolver at location `dot`, with provisional bases moved by `shift`. */
  pass1(dot: Loc, shift: bigint): SymbolResolver {
    const at = (l: Loc): bigint => prov(l.sec) + shift + BigInt(l.off);
    const r: SymbolResolver = (name) => {
      if (name === '.') return at(dot);
      let m = LOCAL_REF.exec(name);
      if (m) {
        const defs = this.locals.get(m[1]);
        return m[2] === 'b' && defs?.length ? at(defs[defs.length - 1]) : undefined;
      }
      m = PINNED.exec(name);
      if (m) {
        const d = this.locals.get(m[1])?.[Number(m[2])];
        return d ? at(d) : undefined;
      }
      const s = this.syms.get(name);
      if (!s) return undefined;
      if (s.kind === 'label') return at(s);
      if (s.value !== undefined) return s.value;
      return this.guard(name, () => evaluate(s.text!, this.pass1(s, shift)));
    };
    return r;
  }

  private guard(name: string, f: () => bigint): bigint {
    if (this.evaluating.has(name)) throw new AsmError(`symbol '${name}' is defined in terms of itself`);
    this.evaluating.add(name);
    try {
      return f();
    } finally {
      this.evaluating.delete(name);
    }
  }

  addrOf(l: Loc): bigint {
    return this.addrs![l.sec.index] + BigInt(l.off);
  }

  /** Final value of a symbol (after layout); equates take their last assignment. */
  finalValue(name: string): bigint | undefined {
    const s = this.syms.get(name);
    if (!s) return undefined;
    if (s.kind === 'label') return this.addrOf(s);
    if (s.value !== undefined) return s.value;
    const memo = this.finalEqu.get(name);
    if (memo !== undefined) return memo;
    const v = this.guard(name, () => evaluate(s.text!, this.pass2(this.addrOf(s), new Map(), new Map())));
    this.finalEqu.set(name, v);
    return v;
  }

  /**
   * Pass-2 resolver at address `dot`: `current` holds the replayed `.set` values, `counts` the
   * numeric local labels defined so far (1b is the last of them, 1f the next).
   */
  pass2(dot: bigint, current: ReadonlyMap<string, bigint>, counts: ReadonlyMap<string, number>): SymbolResolver {
    return (name) => {
      if (name === '.') return dot;
      let m = LOCAL_REF.exec(name);
      if (m) {
        const k = (counts.get(m[1]) ?? 0) + (m[2] === 'b' ? -1 : 0);
        const d = this.locals.get(m[1])?.[k];
        return d ? this.addrOf(d) : undefined;
      }
      m = PINNED.exec(name);
      if (m) {
        const d = this.locals.get(m[1])?.[Number(m[2])];
        return d ? this.addrOf(d) : undefined;
      }
      const c = current.get(name);
      return c !== undefined ? c : this.finalValue(name);
    };
  }
}
