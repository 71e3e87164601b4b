// The assembler: GNU as syntax for AArch64 in, a loadable image out (sections at addresses,
// symbols, a line table, diagnostics). Two passes:
//   pass 1 (state.ts) expands macros, conditionals, repeats and includes, lays out every
//          section (each instruction is 4 bytes) and defines every label;
//   pass 2 (here) lays the sections out at addresses, then encodes each instruction with the
//          one-instruction encoder (encode.ts) and evaluates data expressions, all symbols known.
// Section layout: see sections.ts layoutSections (.text first at `base`, allocated PROGBITS in
// order of first appearance, then NOBITS sections such as .bss, each aligned; non-allocated
// sections at address 0).

import { AsmError } from '../types';
import { CONTROL } from './control';
import { DIRECTIVES } from './directives';
import { encodeInstruction } from './encode';
import { evaluate } from './expr';
import type { Stmt } from './lexer';
import { layoutSections } from './sections';
import { AsmState, type Handler, type Item } from './state';

export interface AsmOptions {
  fileName: string;
  /** Reads an included file: `path` as written in `.include`, relative to the directory of `fromFile`. */
  readFile?: (path: string, fromFile: string) => string | null;
  /** Address of the first section (.text); default 0x40080000 (QEMU virt's kernel load address). */
  base?: bigint;
}

export interface AsmDiagnostic { file: string; line: number; column: number; endColumn: number; severity: 'error' | 'warning'; message: string }

export interface AsmSection {
  name: string;
  addr: bigint;
  /** Contents; for a NOBITS section (.bss), zeros of the section's size. */
  data: Uint8Array;
  align: number;
  flags: { alloc: boolean; write: boolean; exec: boolean };
  nobits: boolean;
  /** Where code ($x) and data ($d) start, as offsets (AArch64 ELF mapping symbols). */
  mapping?: { offset: number; kind: 'x' | 'd' }[];
}

export interface AsmSymbol {
  name: string;
  value: bigint;
  /** null: absolute (.equ) */
  section: string | null;
  global: boolean;
  /** `.weak` symbols are also global. */
  weak?: boolean;
  kind: 'label' | 'equ' | 'func' | 'object';
  size?: number;
  file: string;
  line: number;
}

export interface LineEntry {
  addr: bigint;
  file: string;
  line: number;
  /** innermost macro body position, when expanded from a macro */
  macro?: { name: string; file: string; line: number };
}

export interface AsmImage { sections: AsmSection[]; symbols: AsmSymbol[]; lines: LineEntry[]; entry: bigint; diagnostics: AsmDiagnostic[]; ok: boolean }

export const DEFAULT_BASE = 0x40080000n;

let table: Map<string, Handler> | undefined;
function handlers(): Map<string, Handler> {
  return (table ??= new Map([...DIRECTIVES, ...CONTROL]));
}

export function assemble(source: string, opts: AsmOptions): AsmImage {
  const base = opts.base ?? DEFAULT_BASE;
  const st = new AsmState(handlers(), opts.readFile);
  // Operand parsing reports a failed row alternative by throwing AsmError; stack traces
  // would dominate the time of a large file, and no diagnostic shows one.
  const traceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    st.pushFile(source, opts.fileName);
    st.run();
    finishPass1(st);
    const addrs = layoutSections(st.sections, base);
    st.symbols.addrs = addrs;
    pass2(st, addrs);
    return image(st, addrs, opts.fileName);
  } catch (e) {
    // No exception escapes: an internal failure is one more diagnostic.
    st.diagnostics.push({
      file: opts.fileName, line: 1, column: 1, endColumn: 2, severity: 'error',
      message: `internal assembler error: ${e instanceof Error ? e.message : String(e)}`,
    });
    return { sections: [], symbols: [], lines: [], entry: base, diagnostics: st.diagnostics, ok: false };
  } finally {
    Error.stackTraceLimit = traceLimit;
  }
}

function finishPass1(st: AsmState): void {
  if (st.capture) {
    const c = st.capture;
    const what = c.kind === 'macro' ? '.macro without .endm' : `${c.stmt.text.trim().split(/\s/)[0]} without .endr`;
    st.diag(c.stmt, 0, st.stmtEnd(c.stmt), what);
    st.capture = null;
  }
  for (const c of st.conds) st.diag(c.stmt, 0, st.stmtEnd(c.stmt), '.if without .endif');
  st.conds.length = 0;
  for (const sec of st.pools.pendingSections()) st.pools.flush(sec);
}

/** The expression scanner reports an undefined symbol after its name; point at the name. */
function symbolStart(text: string, col: number, msg: string): number {
  const m = /^undefined (?:symbol|local label) '?([^']+)'?$/.exec(msg);
  if (m && text.slice(Math.max(0, col - m[1].length), col) === m[1]) return col - m[1].length;
  return col;
}

/** GNU as warns when a value does not fit, unless it is a sign extension (read.c emit_expr). */
function fits(v: bigint, size: number): boolean {
  if (size >= 8) return true;
  const mask = (1n << BigInt(8 * size)) - 1n;
  return (v & ~mask) === 0n || (v | mask) === -1n;
}

function pass2(st: AsmState, addrs: bigint[]): void {
  const current = new Map<string, bigint>();
  const counts = new Map<string, number>();
  const sym = st.symbols;
  const err = (s: Stmt, col: number, e: unknown, text = ''): void => {
    if (e instanceof AsmError) st.diag(s, col + symbolStart(text, e.column ?? 0, e.message), st.stmtEnd(s), e.message);
    else st.diag(s, 0, st.stmtEnd(s), `internal error: ${e instanceof Error ? e.message : String(e)}`);
  };
  for (const it of st.items as Item[]) {
    switch (it.k) {
      case 'local':
        counts.set(it.n, (counts.get(it.n) ?? 0) + 1);
        break;
      case 'set': {
        if (it.value !== undefined) { current.set(it.name, it.value); break; }
        try {
          current.set(it.name, evaluate(it.text!, sym.pass2(addrs[it.sec.index] + BigInt(it.off), current, counts)));
        } catch (e) {
          err(it.stmt, 0, e);
          current.delete(it.name);
        }
        break;
      }
      case 'data': {
        const base = addrs[it.sec.index] + BigInt(it.off);
        it.exprs.forEach((a, i) => {
          try {
            if (a.text === '') throw new AsmError('expected an expression', 0);
            const v = evaluate(a.text, sym.pass2(base + BigInt(i * it.size), current, counts));
            if (!fits(v, it.size)) st.diag(it.stmt, a.col, a.col + a.text.length, `value 0x${BigInt.asUintN(64, v).toString(16)} truncated to 0x${BigInt.asUintN(8 * it.size, v).toString(16)}`, 'warning');
            if (it.sec.nobits && v !== 0n) throw new AsmError(`attempt to store non-zero value in section ${it.sec.name}`, 0);
            it.sec.put(it.off + i * it.size, it.size, v);
          } catch (e) {
            err(it.stmt, a.col, e, a.text);
          }
        });
        break;
      }
      case 'insn': {
        const addr = addrs[it.sec.index] + BigInt(it.off);
        const resolve = sym.pass2(addr, current, counts);
        let ops = it.ops;
        try {
          if (it.pool) {
            const p = it.pool;
            const at = addrs[p.sec.index] + BigInt(p.off);
            if (!p.written) {
              p.written = true;
              const v = p.value ?? evaluate(p.text!, resolve);
              if (!fits(v, p.size)) st.diag(it.stmt, it.opsCol + ops.length, st.stmtEnd(it.stmt), `literal 0x${BigInt.asUintN(64, v).toString(16)} truncated to ${p.size} bytes`, 'warning');
              // A Q-register literal can be a 128-bit number (GNU as keeps it as a bignum).
              const wide = p.size === 16 && p.text !== undefined ? bigLiteral(p.text) : null; // before p.value: it is truncated
              if (wide !== null) {
                p.sec.put(p.off, 8, BigInt.asUintN(64, wide));
                p.sec.put(p.off + 8, 8, BigInt.asUintN(64, wide >> 64n));
              } else {
                p.sec.put(p.off, Math.min(p.size, 8), v);
                if (p.size === 16) p.sec.put(p.off + 8, 8, v < 0n ? -1n : 0n);
              }
            }
            ops = `${ops}0x${at.toString(16)}`;
          }
          const r = encodeInstruction(it.mn, ops, addr, resolve);
          if (r.ok) it.sec.put32(it.off, r.word);
          else if (/^unknown mnemonic/.test(r.error)) st.diag(it.stmt, it.opCol, it.opCol + it.mn.length, r.error);
          else st.diag(it.stmt, it.opsCol + symbolStart(ops, r.column, r.error), st.stmtEnd(it.stmt), r.error);
        } catch (e) {
          err(it.stmt, it.opsCol, e);
        }
        break;
      }
    }
  }
}

function image(st: AsmState, addrs: bigint[], fileName: string): AsmImage {
  const sym = st.symbols;
  const sections: AsmSection[] = st.sections.map((s) => ({
    name: s.name,
    addr: addrs[s.index],
    data: s.content(),
    align: s.align,
    flags: { ...s.flags },
    nobits: s.nobits,
    mapping: s.mapping.map((m) => ({ ...m })),
  }));
  const symbols: AsmSymbol[] = [];
  for (const s of sym.syms.values()) {
    const pos = s.stmt.site ?? s.stmt;
    let value: bigint | undefined;
    let section: string | null = null;
    try {
      value = sym.finalValue(s.name);
    } catch (e) {
      st.diag(s.stmt, 0, st.stmtEnd(s.stmt), e instanceof Error ? e.message : String(e));
    }
    if (value === undefined) continue;
    if (s.kind === 'label') section = s.sec.name;
    else if (s.value === undefined) section = sectionOfValue(st, addrs, value);
    const kind = st.types.get(s.name) ?? (s.kind === 'equ' ? 'equ' : 'label');
    const out: AsmSymbol = { name: s.name, value, section, global: st.globals.has(s.name), kind, file: pos.file, line: pos.line };
    if (st.weak.has(s.name)) out.weak = true;
    const size = st.sizes.get(s.name);
    if (size) {
      try {
        out.size = Number(evaluate(size.text, sym.pass2(sym.addrOf(size.loc), new Map(), new Map())));
      } catch (e) {
        st.diag(size.stmt, 0, st.stmtEnd(size.stmt), e instanceof Error ? e.message : String(e));
      }
    }
    symbols.push(out);
  }
  const lines: LineEntry[] = st.lines.map((l) => {
    const pos = l.stmt.site ?? l.stmt;
    const e: LineEntry = { addr: addrs[l.sec.index] + BigInt(l.off), file: pos.file, line: pos.line };
    if (l.stmt.macro) e.macro = { ...l.stmt.macro };
    return e;
  });
  const start = symbols.find((s) => s.name === '_start');
  const entry = start ? start.value : addrs[0];
  const order = new Map<string, number>([[fileName, 0]]);
  for (const d of st.diagnostics) if (!order.has(d.file)) order.set(d.file, order.size);
  const diagnostics = st.diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => order.get(a.d.file)! - order.get(b.d.file)! || a.d.line - b.d.line || a.d.column - b.d.column || a.i - b.i)
    .map((x) => x.d);
  return { sections, symbols, lines, entry, diagnostics, ok: !diagnostics.some((d) => d.severity === 'error') };
}

/** The section a relocatable `.set` symbol lands in: the one whose address range holds it. */
function sectionOfValue(st: AsmState, addrs: bigint[], v: bigint): string | null {
  for (const s of st.sections) {
    if (!s.flags.alloc) continue;
    const a = addrs[s.index];
    if (v >= a && v <= a + BigInt(s.size)) return s.name;
  }
  return null;
}

/** A plain numeric literal of up to 128 bits, or null for any other expression. */
function bigLiteral(text: string): bigint | null {
  const t = text.trim();
  return /^(0[xX][0-9a-fA-F]+|[1-9][0-9]*|0)$/.test(t) ? BigInt.asUintN(128, BigInt(t)) : null;
}
