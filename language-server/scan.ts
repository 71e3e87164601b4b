// A per-file outline of an assembly source, without assembling it: statements with their
// mnemonic/directive, label/macro/.equ definitions, identifier references, includes, sections,
// foldable blocks and the exception level each line runs at. Navigation, semantic tokens,
// folding and completion read this; diagnostics come from the real assembler (analysis.ts).
// Columns here are 0-based UTF-16 offsets in the line, as LSP positions are.

import { lexSource, parseHead, splitArgs } from '../emulator/isa/asm/lexer';
import { elMarker, type El } from './el';

export interface Span { line: number; start: number; end: number }
export type DefKind = 'label' | 'macro' | 'equ';
export interface Def extends Span { name: string; kind: DefKind }
export interface Ref extends Span { name: string }
export interface Include extends Span { path: string }
export interface Fold { start: number; end: number; kind: 'macro' | 'rept' | 'if' | 'section' }
export interface SectionMark { name: string; line: number; end: number }

export interface Statement {
  line: number;
  /** Column of the operation (mnemonic, directive or macro name) and its text. */
  opCol: number;
  op: string;
  /** Operand text as in the source (comments blanked) and its column. */
  rest: string;
  restCol: number;
  labels: Def[];
}

export interface FileIndex {
  file: string;
  lineCount: number;
  statements: Statement[];
  defs: Def[];
  refs: Ref[];
  includes: Include[];
  sections: SectionMark[];
  folds: Fold[];
  /** Numeric local labels ("1:") by number, in line order. */
  locals: Map<string, Span[]>;
  /** EL per line, from the `// armvirt: elN` convention, section names or label names (el.ts). */
  elOf(line: number): El | undefined;
}

const IDENT = /[A-Za-z_.$][\w.$]*/g;
const EQU_OPS = new Set(['.equ', '.set', '.equiv', '.eqv']);
/** Directives whose operands name symbols without being expressions worth resolving as refs. */
const NAME_OPS = new Set(['.global', '.globl', '.weak', '.local', '.hidden', '.type', '.size', '.purgem']);

/** Outline of one file. Linear in the text; never throws. */
export function scanFile(text: string, file: string): FileIndex {
  const stmts = lexSource(text, file);
  const rawLines = text.split('\n');
  const out: FileIndex = {
    file, lineCount: rawLines.length, statements: [], defs: [], refs: [], includes: [], sections: [], folds: [],
    locals: new Map(), elOf: () => undefined,
  };
  const open: { kind: Fold['kind']; line: number }[] = [];
  const elMarks: { line: number; el: El | undefined; strong: boolean }[] = [];
  // Explicit comments are found in the raw text: the lexer blanks comments.
  rawLines.forEach((l, i) => {
    const m = /armvirt:\s*el\s*([0-3]|auto)\b/i.exec(l);
    if (m && /\/\/|\/\*|^\s*#|@/.test(l.slice(0, m.index))) elMarks.push({ line: i, el: m[1] === 'auto' ? undefined : (Number(m[1]) as El), strong: true });
  });
  let curSection: SectionMark | null = null;
  const startSection = (name: string, line: number): void => {
    if (curSection) curSection.end = line - 1;
    curSection = { name, line, end: rawLines.length - 1 };
    out.sections.push(curSection);
    const el = elMarker(name);
    if (el !== undefined) elMarks.push({ line, el, strong: false });
  };
  for (const s of stmts) {
    const line = s.line - 1;
    const base = s.col - 1;
    let h;
    try {
      h = parseHead(s.text);
    } catch {
      continue; // the assembler reports it
    }
    const labels: Def[] = [];
    for (const l of h.labels) {
      const start = base + l.col;
      if (/^\d+$/.test(l.name)) {
        const sp = { line, start: base + l.col, end: base + l.col + l.name.length };
        const arr = out.locals.get(l.name);
        if (arr) arr.push(sp); else out.locals.set(l.name, [sp]);
        continue;
      }
      const d: Def = { name: l.name, kind: 'label', line, start, end: start + l.name.length };
      labels.push(d);
      out.defs.push(d);
      const el = elMarker(l.name, true);
      if (el !== undefined) elMarks.push({ line, el, strong: false });
    }
    const op = h.op.toLowerCase();
    const st: Statement = { line, opCol: base + h.opCol, op: h.op, rest: h.rest, restCol: base + h.restCol, labels };
    out.statements.push(st);
    if (h.assign) {
      out.defs.push({ name: h.op, kind: 'equ', line, start: st.opCol, end: st.opCol + h.op.length });
      collectRefs(h.rest, st.restCol, line, out.refs);
      continue;
    }
    if (op === '') continue;
    if (op === '.macro') {
      IDENT.lastIndex = 0;
      const m = IDENT.exec(h.rest);
      if (m) out.defs.push({ name: m[0], kind: 'macro', line, start: st.restCol + m.index, end: st.restCol + m.index + m[0].length });
      open.push({ kind: 'macro', line });
    } else if (op === '.rept' || op === '.irp' || op === '.irpc') {
      open.push({ kind: 'rept', line });
      if (op === '.rept') collectRefs(h.rest, st.restCol, line, out.refs);
    } else if (op.startsWith('.if')) {
      open.push({ kind: 'if', line });
      collectRefs(h.rest, st.restCol, line, out.refs);
    } else if (op === '.endm' || op === '.endr' || op === '.endif') {
      const want = op === '.endm' ? 'macro' : op === '.endr' ? 'rept' : 'if';
      for (let k = open.length - 1; k >= 0; k--) {
        if (open[k].kind !== want) continue;
        if (line > open[k].line) out.folds.push({ start: open[k].line, end: line, kind: want });
        open.splice(k);
        break;
      }
    } else if (EQU_OPS.has(op)) {
      const args = splitArgs(h.rest, st.restCol);
      if (args[0] && /^[A-Za-z_.$][\w.$]*$/.test(args[0].text)) {
        out.defs.push({ name: args[0].text, kind: 'equ', line, start: args[0].col, end: args[0].col + args[0].text.length });
      }
      for (const a of args.slice(1)) collectRefs(a.text, a.col, line, out.refs);
    } else if (op === '.include') {
      const m = /^"((?:[^"\\]|\\.)*)"/.exec(h.rest) ?? /^(\S+)/.exec(h.rest);
      if (m) out.includes.push({ path: m[1], line, start: st.restCol, end: st.restCol + m[0].length });
    } else if (op === '.section' || op === '.pushsection') {
      const name = /^"?([^",\s]+)/.exec(h.rest)?.[1];
      if (name) startSection(name, line);
    } else if (op === '.text' || op === '.data' || op === '.bss' || op === '.rodata') {
      startSection(op, line);
    } else if (NAME_OPS.has(op)) {
      collectRefs(h.rest.replace(/[%@]\w+/g, (t) => ' '.repeat(t.length)), st.restCol, line, out.refs);
    } else if (!op.startsWith('.')) {
      // A macro invocation is a reference to the macro; a mnemonic is not in any def table.
      out.refs.push({ name: h.op, line, start: st.opCol, end: st.opCol + h.op.length });
      collectRefs(h.rest, st.restCol, line, out.refs);
    } else {
      collectRefs(h.rest, st.restCol, line, out.refs);
    }
  }
  for (const s of out.sections) if (s.end > s.line) out.folds.push({ start: s.line, end: s.end, kind: 'section' });
  out.elOf = elResolver(elMarks);
  return out;
}

/** Identifier tokens of operand text, outside strings, not `\param` macro substitutions. */
export function collectRefs(text: string, col: number, line: number, into: Ref[]): void {
  const clean = text.replace(/"(?:[^"\\]|\\.)*"?/g, (t) => ' '.repeat(t.length));
  IDENT.lastIndex = 0;
  for (let m = IDENT.exec(clean); m; m = IDENT.exec(clean)) {
    const prev = clean[m.index - 1];
    if (prev === '\\' || (prev !== undefined && /\d/.test(prev))) continue;
    into.push({ name: m[0], line, start: col + m.index, end: col + m.index + m[0].length });
  }
}

/** Markers sorted by line; an explicit comment outranks a heuristic on the same line. */
function elResolver(marks: { line: number; el: El | undefined; strong: boolean }[]): (line: number) => El | undefined {
  if (marks.length === 0) return () => undefined;
  marks.sort((a, b) => a.line - b.line || Number(a.strong) - Number(b.strong));
  return (line) => {
    let lo = 0;
    let hi = marks.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (marks[mid].line <= line) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    if (found < 0) return undefined;
    // Several markers on one line: the strong (comment) one is last after sorting.
    return marks[found].el;
  };
}

/** The identifier (or numeric local reference like 1b) covering `ch` in `lineText`. */
export function wordAt(lineText: string, ch: number): { text: string; start: number; end: number } | null {
  const re = /#?[-+]?(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|\d+[fb]?)\b|[A-Za-z_.$][\w.$]*/g;
  for (let m = re.exec(lineText); m; m = re.exec(lineText)) {
    if (m.index <= ch && ch <= m.index + m[0].length) return { text: m[0], start: m.index, end: m.index + m[0].length };
    if (m.index > ch) break;
  }
  return null;
}
