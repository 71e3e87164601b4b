// Pass 1 of the assembler: reads statements from a stack of input frames (files, macro
// expansions, .rept/.irp bodies), follows conditionals, captures macro and repeat bodies,
// defines labels, lays out every section byte, and records the items that pass 2 encodes
// (instructions, data expressions, `.set` replays, local label definitions).

import { knownMnemonic } from './encode';
import { evaluate } from './expr';
import { lexSource, mapLocalRefs, parseHead, type Arg, type Head, type Site, type Stmt } from './lexer';
import { LiteralPools, poolSizeFor, type PoolEntry } from './literal-pool';
import type { MacroDef } from './macros';
import { defaultSectionAttrs, Section, type SectionFlags } from './sections';
import { pinnedName, prov, SHIFT, SymbolTable, type Loc } from './symbols';
import { AsmError } from '../types';
import type { AsmDiagnostic } from './assembler';

export type Item =
  | { k: 'insn'; sec: Section; off: number; mn: string; ops: string; opsCol: number; opCol: number; stmt: Stmt; pool?: PoolEntry }
  | { k: 'data'; sec: Section; off: number; size: number; exprs: Arg[]; stmt: Stmt }
  | { k: 'set'; name: string; value?: bigint; text?: string; sec: Section; off: number; stmt: Stmt }
  | { k: 'local'; n: string };

export interface PendingLine { sec: Section; off: number; stmt: Stmt }

interface Frame {
  kind: 'file' | 'macro' | 'rept';
  stmts: Stmt[];
  i: number;
  file?: string;
  count?: number;
  iter?: number;
  gen?: (iter: number) => Stmt[];
  condDepth: number;
}

interface Cond { active: boolean; done: boolean; sawElse: boolean; parentActive: boolean; stmt: Stmt }

export interface Capture { kind: 'macro' | 'rept'; depth: number; body: Stmt[]; stmt: Stmt; done: (body: Stmt[]) => void }

/** Statements processed in one assembly, a guard against runaway .rept or recursion. */
export const MAX_STATEMENTS = 5_000_000;
export const MAX_MACRO_DEPTH = 100;
export const MAX_INCLUDE_DEPTH = 64;

export interface Value { value: bigint; abs: boolean; sec?: Section; off?: number }

export type Handler = (st: AsmState, h: Head, s: Stmt) => void;

export class AsmState {
  readonly sections: Section[] = [];
  private readonly byName = new Map<string, Section>();
  cur: Section;
  prevSection: Section;
  readonly sectionStack: [Section, Section][] = [];
  readonly symbols = new SymbolTable();
  readonly pools = new LiteralPools();
  readonly items: Item[] = [];
  readonly lines: PendingLine[] = [];
  readonly diagnostics: AsmDiagnostic[] = [];
  readonly macros = new Map<string, MacroDef>();
  readonly globals = new Set<string>();
  readonly weak = new Set<string>();
  readonly types = new Map<string, 'func' | 'object'>();
  readonly sizes = new Map<string, { text: string; loc: Loc; stmt: Stmt }>();
  readonly frames: Frame[] = [];
  readonly conds: Cond[] = [];
  capture: Capture | null = null;
  macroCounter = 0;
  macroDepth = 0;
  ended = false;
  private statements = 0;

  constructor(readonly directives: ReadonlyMap<string, Handler>, readonly readFile?: (path: string, from: string) => string | null) {
    this.cur = this.prevSection = this.section('.text');
  }

  // ---- sections -------------------------------------------------------------------------

  /** Finds or creates a section; flags apply when it is created. */
  section(name: string, attrs?: { flags: SectionFlags; nobits: boolean }): Section {
    let s = this.byName.get(name);
    if (!s) {
      const a = attrs ?? defaultSectionAttrs(name);
      s = new Section(name, this.sections.length, a.flags, a.nobits);
      this.sections.push(s);
      this.byName.set(name, s);
    }
    return s;
  }

  switchTo(s: Section): void {
    if (s !== this.cur) this.prevSection = this.cur;
    this.cur = s;
  }

  loc(): Loc {
    return { sec: this.cur, off: this.cur.size };
  }

  // ---- diagnostics ----------------------------------------------------------------------

  diag(s: Stmt, col: number, endCol: number, message: string, severity: 'error' | 'warning' = 'error'): void {
    if (s.site) {
      const m = s.macro ? ` (in macro '${s.macro.name}', ${s.macro.file}:${s.macro.line})` : '';
      this.diagnostics.push({ file: s.site.file, line: s.site.line, column: s.site.col, endColumn: s.site.endCol, severity, message: message + m });
      return;
    }
    this.diagnostics.push({ file: s.file, line: s.line, column: s.col + col, endColumn: Math.max(s.col + endCol, s.col + col + 1), severity, message });
  }

  /** Reports at the statement's end of text when no better column is known. */
  stmtEnd(s: Stmt): number {
    return s.text.trimEnd().length;
  }

  // ---- expressions ----------------------------------------------------------------------

  /** Evaluates in pass 1 at the current location; `col` is the text's column in the statement. */
  eval1(text: string, col: number): Value {
    const dot = this.loc();
    try {
      const v1 = evaluate(text, this.symbols.pass1(dot, 0n));
      const v2 = evaluate(text, this.symbols.pass1(dot, SHIFT));
      if (v1 === v2) return { value: v1, abs: true };
      if (v2 - v1 === SHIFT) {
        const sec = this.sections[Number(v1 >> 44n) - 1];
        if (sec) return { value: v1, abs: false, sec, off: Number(v1 - prov(sec)) };
      }
      return { value: v1, abs: false };
    } catch (e) {
      if (e instanceof AsmError) {
        let c = e.column ?? 0;
        const m = /^undefined (?:symbol|local label) '?([^']+)'?$/.exec(e.message);
        if (m && text.slice(Math.max(0, c - m[1].length), c) === m[1]) c -= m[1].length;
        throw new AsmError(e.message, col + c);
      }
      throw e;
    }
  }

  /** An absolute expression, as .space, .rept, .if and friends need. */
  abs(text: string, col: number, what = 'expression'): bigint {
    if (!/\S/.test(text)) throw new AsmError(`expected an absolute ${what}`, col);
    const v = this.eval1(text, col);
    if (!v.abs) throw new AsmError(`${what} is not absolute (it depends on a section address)`, col);
    return v.value;
  }

  /** Pins `1b`/`1f` to the label definitions they mean here, for later evaluation. */
  pin(text: string): string {
    return mapLocalRefs(text, (n, d) => {
      const k = this.symbols.localCount(n) - (d === 'b' ? 1 : 0);
      return k < 0 ? `${n}${d}` : pinnedName(n, k);
    });
  }

  // ---- input ----------------------------------------------------------------------------

  pushFile(text: string, file: string): void {
    this.frames.push({ kind: 'file', stmts: lexSource(text, file), i: 0, file, condDepth: this.conds.length });
  }

  pushMacro(stmts: Stmt[]): void {
    this.macroDepth++;
    this.frames.push({ kind: 'macro', stmts, i: 0, condDepth: this.conds.length });
  }

  pushRepeat(count: number, gen: (iter: number) => Stmt[]): void {
    if (count <= 0) return;
    this.frames.push({ kind: 'rept', stmts: gen(0), i: 0, count, iter: 0, gen, condDepth: this.conds.length });
  }

  includeStack(): string[] {
    return this.frames.filter((f) => f.kind === 'file').map((f) => f.file!);
  }

  private popFrame(): void {
    const f = this.frames.pop()!;
    if (f.kind === 'macro') this.macroDepth--;
  }

  /** .exitm: leaves the innermost macro expansion and the conditionals opened inside it. */
  exitMacro(): boolean {
    const i = this.frames.map((f) => f.kind).lastIndexOf('macro');
    if (i < 0) return false;
    const depth = this.frames[i].condDepth;
    while (this.frames.length > i) this.popFrame();
    this.conds.length = Math.min(this.conds.length, depth);
    return true;
  }

  private next(): Stmt | undefined {
    while (this.frames.length) {
      const f = this.frames[this.frames.length - 1];
      if (f.i < f.stmts.length) return f.stmts[f.i++];
      if (f.kind === 'rept' && ++f.iter! < f.count!) {
        f.stmts = f.gen!(f.iter!);
        f.i = 0;
        continue;
      }
      this.popFrame();
    }
    return undefined;
  }

  run(): void {
    for (let s = this.next(); s && !this.ended; s = this.next()) {
      if (++this.statements > MAX_STATEMENTS) {
        this.diag(s, 0, this.stmtEnd(s), `more than ${MAX_STATEMENTS} statements: runaway .rept or macro recursion?`);
        return;
      }
      this.statement(s);
    }
  }

  // ---- one statement --------------------------------------------------------------------

  private statement(s: Stmt): void {
    let h: Head;
    try {
      h = parseHead(s.text);
    } catch (e) {
      if (this.capture) { this.capture.body.push(s); return; }
      if (!this.active()) return;
      return this.fail(s, e, 0);
    }
    const op = h.op.toLowerCase();
    if (this.capture) return this.captureStmt(s, op);
    if (COND_OPS.has(op)) {
      try {
        if (this.active()) for (const l of h.labels) this.defineLabel(l.name, s, l.col);
        this.directives.get(op)!(this, h, s);
      } catch (e) {
        this.fail(s, e, h.restCol);
      }
      return;
    }
    if (!this.active()) return;
    try {
      for (const l of h.labels) this.defineLabel(l.name, s, l.col);
      if (h.assign) return this.directives.get('=')!(this, h, s);
      const req = /^\.req\s+([A-Za-z_][\w]*)$/i.exec(h.rest);
      if (req) return this.defineAlias(h.op, req[1]);
      if (op === '') return;
      if (op.startsWith('.')) {
        const d = this.directives.get(op);
        if (d) return d(this, h, s);
      }
      const m = this.macros.get(op);
      if (m) return this.directives.get('\0invoke')!(this, h, s);
      if (op.startsWith('.cfi_')) return; // unwind info: meaningless here
      if (op.startsWith('.')) throw new AsmError(`unknown directive '${h.op}'`, h.opCol);
      this.instruction(h, s);
    } catch (e) {
      this.fail(s, e, h.restCol);
    }
  }

  fail(s: Stmt, e: unknown, defCol: number): void {
    if (e instanceof AsmError) {
      const col = e.column ?? defCol;
      this.diag(s, col, Math.max(col + 1, this.stmtEnd(s)), e.message);
    } else {
      this.diag(s, 0, this.stmtEnd(s), `internal error: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  active(): boolean {
    const c = this.conds[this.conds.length - 1];
    return c ? c.active : true;
  }

  pushCond(s: Stmt, value: () => boolean): void {
    const parentActive = this.active();
    let v = false;
    let err: unknown;
    if (parentActive) {
      try { v = value(); } catch (e) { err = e; }
    }
    this.conds.push({ active: v, done: v || !parentActive, sawElse: false, parentActive, stmt: s });
    if (err !== undefined) throw err;
  }

  topCond(what: string, h: Head): Cond {
    const c = this.conds[this.conds.length - 1];
    if (!c) throw new AsmError(`${what} without a matching .if`, h.opCol);
    return c;
  }

  private captureStmt(s: Stmt, op: string): void {
    const c = this.capture!;
    const opens = c.kind === 'macro' ? op === '.macro' : op === '.rept' || op === '.irp' || op === '.irpc';
    const closes = c.kind === 'macro' ? op === '.endm' : op === '.endr';
    if (opens) c.depth++;
    else if (closes && --c.depth === 0) {
      this.capture = null;
      c.done(c.body);
      return;
    }
    c.body.push(s);
  }

  /** Where statements expanded from `s` are reported: the outermost call. */
  siteOf(s: Stmt, h: Head): Site {
    return s.site ?? { file: s.file, line: s.line, col: s.col + h.opCol, endCol: s.col + this.stmtEnd(s) };
  }

  // ---- register aliases (`name .req reg`, `.unreq name`; as.info "AArch64 Directives") -----

  readonly aliases = new Map<string, string>();

  defineAlias(name: string, reg: string): void {
    const target = this.aliases.get(reg.toLowerCase()) ?? reg;
    this.aliases.set(name.toLowerCase(), target);
  }

  private applyAliases(ops: string): string {
    return ops.replace(/"(?:[^"\\]|\\.)*"|[A-Za-z_][\w]*/g, (t) => (t.startsWith('"') ? t : this.aliases.get(t.toLowerCase()) ?? t));
  }

  // ---- labels and instructions ------------------------------------------------------------

  defineLabel(name: string, s: Stmt, col: number): void {
    const l = this.loc();
    if (/^\d+$/.test(name)) {
      const defs = this.symbols.locals.get(name);
      if (defs) defs.push(l); else this.symbols.locals.set(name, [l]);
      this.items.push({ k: 'local', n: name });
      return;
    }
    const old = this.symbols.syms.get(name);
    if (old) throw new AsmError(`symbol '${name}' is already defined (${old.stmt.file}:${old.stmt.line})`, col);
    this.symbols.syms.set(name, { kind: 'label', name, sec: l.sec, off: l.off, stmt: s });
  }

  private instruction(h: Head, s: Stmt): void {
    const sec = this.cur;
    if (sec.nobits) throw new AsmError(`instruction in section ${sec.name}, which holds no data (NOBITS)`, h.opCol);
    // GNU as aligns instructions to 4 bytes with zeros and records 4-byte section alignment.
    sec.alignTo(4, 0);
    sec.mark('x');
    const off = sec.skip(4);
    this.lines.push({ sec, off, stmt: s });
    if (!knownMnemonic(h.op)) throw new AsmError(`unknown instruction '${h.op}'`, h.opCol);
    const mn = h.op.toLowerCase();
    let ops = this.aliases.size ? this.applyAliases(h.rest) : h.rest;
    let pool: PoolEntry | undefined;
    const m = (mn === 'ldr' || mn === 'ldrsw') ? /^([^,]*),\s*=/.exec(ops) : null;
    if (m) {
      const size = poolSizeFor(mn, m[1]);
      if (size === null) throw new AsmError(`'${mn} ${m[1].trim()}, =…' needs a W, X, S, D or Q register`, h.restCol);
      const exprText = ops.slice(m[0].length);
      pool = this.poolEntry(sec, size, exprText, h.restCol + m[0].length);
      ops = m[0].slice(0, -1);
    }
    this.items.push({ k: 'insn', sec, off, mn, ops, opsCol: h.restCol, opCol: h.opCol, stmt: s, pool });
  }

  /** Adds `=expr` to the section's pool, shared as tc-aarch64.c add_to_lit_pool shares. */
  private poolEntry(sec: Section, size: 4 | 8 | 16, text: string, col: number): PoolEntry {
    if (!/\S/.test(text)) throw new AsmError('expected an expression after =', col);
    let v: Value | undefined;
    try {
      v = this.eval1(text, col);
    } catch (e) {
      if (!(e instanceof AsmError && /^undefined/.test(e.message))) throw e;
    }
    if (v?.abs) {
      // Keep the text of a Q literal: it may be a 128-bit number the 64-bit evaluator truncates.
      const key = size === 16 ? `c:${text.trim()}` : `c:${v.value}`;
      return this.pools.add(sec, size, key, { value: v.value, text: size === 16 ? text.trim() : undefined });
    }
    const pinned = this.pin(text.trim());
    const m = /^([A-Za-z_.$][\w.$]*)\s*(?:([+-])(.+))?$/.exec(pinned);
    if (m && m[1] !== '.') {
      let add = 0n;
      try {
        if (m[3] !== undefined) add = this.abs(m[3], col) * (m[2] === '-' ? -1n : 1n);
        return this.pools.add(sec, size, `s:${m[1]}:${add}`, { text: pinned });
      } catch {
        // not "symbol ± constant": its own entry
      }
    }
    return this.pools.add(sec, size, null, { text: pinned });
  }
}

export const COND_OPS = new Set([
  '.if', '.ifdef', '.ifndef', '.ifnotdef', '.ifc', '.ifnc', '.ifeq', '.ifne', '.ifge', '.ifgt', '.ifle', '.iflt',
  '.ifb', '.ifnb', '.ifeqs', '.ifnes', '.else', '.elseif', '.endif',
]);
