// Directives that steer the input rather than emit bytes: conditionals (.if family), macros
// (.macro/.endm/.exitm/.purgem), repetition (.rept/.irp/.irpc), .include, diagnostics
// (.err/.error/.warning) and .end (as.info "Pseudo Ops").

import { AsmError } from '../types';
import { parseString, type Head, type Stmt } from './lexer';
import { bindArgs, expandBody, parseMacroHeader, readArg, splitIrpValues } from './macros';
import { MAX_INCLUDE_DEPTH, MAX_MACRO_DEPTH, type AsmState, type Handler } from './state';

const cmp = (f: (v: bigint) => boolean): Handler => (st, h, s) => st.pushCond(s, () => f(st.abs(h.rest, h.restCol)));

function isDefined(st: AsmState, h: Head): boolean {
  const n = h.rest.trim();
  if (!/^[A-Za-z_.$][\w.$]*$/.test(n)) throw new AsmError(`expected a symbol name, found '${n}'`, h.restCol);
  return st.symbols.syms.has(n);
}

/** One operand of .ifc: a "quoted string" or the text up to the comma (as.info ".ifc"). */
function ifcStrings(h: Head, quoted: boolean): [string, string] {
  const t = h.rest;
  const one = (p: number, last: boolean): { v: string; end: number } => {
    while (t[p] === ' ' || t[p] === '\t') p++;
    if (t[p] === '"' || t[p] === "'") {
      const q = t[p];
      const e = t.indexOf(q, p + 1);
      if (e < 0) throw new AsmError('unterminated string', h.restCol + p);
      return { v: t.slice(p + 1, e), end: e + 1 };
    }
    if (quoted) throw new AsmError('expected a string in double quotes', h.restCol + p);
    const e = last ? t.length : t.indexOf(',', p);
    if (e < 0) throw new AsmError("expected ',' between the two strings", h.restCol + t.length);
    return { v: t.slice(p, e).trim(), end: e };
  };
  const a = one(0, false);
  let p = a.end;
  while (t[p] === ' ' || t[p] === '\t') p++;
  if (t[p] !== ',') throw new AsmError("expected ',' between the two strings", h.restCol + p);
  const b = one(p + 1, true);
  return [a.v, b.v];
}

function stringArg(h: Head, what: string): string {
  const t = h.rest.trim();
  if (t === '') return what;
  return stringValue(t);
}

/** Starts capturing a body up to the matching .endm/.endr. */
function capture(st: AsmState, s: Stmt, kind: 'macro' | 'rept', done: (body: Stmt[]) => void): void {
  st.capture = { kind, depth: 1, body: [], stmt: s, done };
}

/** `.irp sym[,] values`: the symbol, then the rest (a comma after the symbol is optional). */
function irpHead(h: Head): { name: string; rest: string } {
  const m = /^\s*([A-Za-z_.$][\w.$]*)\s*,?/.exec(h.rest);
  if (!m) throw new AsmError(`expected a symbol name, found '${h.rest.trim()}'`, h.restCol);
  return { name: m[1], rest: h.rest.slice(m[0].length) };
}

/** One iteration of a .irp/.irpc body; statements keep their own positions. */
function repeated(body: Stmt[], sym: string, value: string): Stmt[] {
  return expandBody(body, new Map([[sym, value]]), undefined, (b) => ({ macro: b.macro, site: b.site }));
}

const latin = new TextDecoder();
function stringValue(text: string): string {
  return latin.decode(new Uint8Array(parseString(text, 0).bytes));
}

export const CONTROL: [string, Handler][] = [
  ['.if', cmp((v) => v !== 0n)], ['.ifne', cmp((v) => v !== 0n)], ['.ifeq', cmp((v) => v === 0n)],
  ['.ifge', cmp((v) => v >= 0n)], ['.ifgt', cmp((v) => v > 0n)], ['.ifle', cmp((v) => v <= 0n)], ['.iflt', cmp((v) => v < 0n)],
  ['.ifdef', (st, h, s) => st.pushCond(s, () => isDefined(st, h))],
  ['.ifndef', (st, h, s) => st.pushCond(s, () => !isDefined(st, h))],
  ['.ifnotdef', (st, h, s) => st.pushCond(s, () => !isDefined(st, h))],
  ['.ifb', (st, h, s) => st.pushCond(s, () => h.rest.trim() === '')],
  ['.ifnb', (st, h, s) => st.pushCond(s, () => h.rest.trim() !== '')],
  ['.ifc', (st, h, s) => st.pushCond(s, () => { const [a, b] = ifcStrings(h, false); return a === b; })],
  ['.ifnc', (st, h, s) => st.pushCond(s, () => { const [a, b] = ifcStrings(h, false); return a !== b; })],
  ['.ifeqs', (st, h, s) => st.pushCond(s, () => { const [a, b] = ifcStrings(h, true); return a === b; })],
  ['.ifnes', (st, h, s) => st.pushCond(s, () => { const [a, b] = ifcStrings(h, true); return a !== b; })],
  ['.elseif', (st, h) => {
    const c = st.topCond('.elseif', h);
    if (c.sawElse) throw new AsmError('.elseif after .else', h.opCol);
    c.active = false;
    if (c.parentActive && !c.done) {
      c.active = st.abs(h.rest, h.restCol) !== 0n;
      c.done = c.active;
    }
  }],
  ['.else', (st, h) => {
    const c = st.topCond('.else', h);
    if (c.sawElse) throw new AsmError('duplicate .else', h.opCol);
    c.sawElse = true;
    c.active = c.parentActive && !c.done;
    c.done = true;
  }],
  ['.endif', (st, h) => {
    st.topCond('.endif', h);
    st.conds.pop();
  }],

  ['.macro', (st, h, s) => {
    // The body is captured even when the header is wrong, so it is not assembled as code.
    let hdr: ReturnType<typeof parseMacroHeader> | undefined;
    try {
      hdr = parseMacroHeader(h.rest);
    } finally {
      capture(st, s, 'macro', (body) => {
        if (!hdr) return;
        const name = hdr.name.toLowerCase();
        if (st.macros.has(name)) {
          st.diag(s, h.restCol, st.stmtEnd(s), `macro '${hdr.name}' is already defined`);
          return;
        }
        st.macros.set(name, { name, params: hdr.params, body, file: s.file, line: s.line });
      });
    }
  }],
  ['.endm', (_st, h) => { throw new AsmError('.endm without .macro', h.opCol); }],
  ['.endr', (_st, h) => { throw new AsmError('.endr without .rept, .irp or .irpc', h.opCol); }],
  ['.exitm', (st, h) => { if (!st.exitMacro()) throw new AsmError('.exitm outside a macro', h.opCol); }],
  ['.purgem', (st, h) => {
    const n = h.rest.trim().toLowerCase();
    if (!st.macros.delete(n)) throw new AsmError(`no macro named '${h.rest.trim()}'`, h.restCol);
  }],
  ['\0invoke', (st, h, s) => {
    const def = st.macros.get(h.op.toLowerCase())!;
    if (st.macroDepth >= MAX_MACRO_DEPTH) throw new AsmError(`macros nested too deeply (more than ${MAX_MACRO_DEPTH})`, h.opCol);
    let values: Map<string, string>;
    try {
      values = bindArgs(def, h.rest);
    } catch (e) {
      if (e instanceof AsmError) throw new AsmError(e.message, h.restCol);
      throw e;
    }
    const site = st.siteOf(s, h);
    const counter = st.macroCounter++;
    st.pushMacro(expandBody(def.body, values, counter, (b) => ({ macro: { name: def.name, file: b.file, line: b.line }, site })));
  }],
  ['.rept', (st, h, s) => {
    let n = 0;
    capture(st, s, 'rept', (body) => st.pushRepeat(n, () => body));
    n = Number(st.abs(h.rest, h.restCol, 'repeat count'));
  }],
  ['.irp', (st, h, s) => {
    let sym = '';
    let values: string[] = [];
    capture(st, s, 'rept', (body) => st.pushRepeat(sym ? values.length : 0, (i) => repeated(body, sym, values[i])));
    const { name, rest } = irpHead(h);
    const list = splitIrpValues(rest);
    values = list.length ? list : [''];
    sym = name;
  }],
  ['.irpc', (st, h, s) => {
    let sym = '';
    let chars: string[] = [];
    capture(st, s, 'rept', (body) => st.pushRepeat(sym ? chars.length : 0, (i) => repeated(body, sym, chars[i])));
    const { name, rest } = irpHead(h);
    const raw = rest.trim();
    chars = raw === '' ? [''] : [...readArg(raw, 0).value];
    sym = name;
  }],

  ['.include', (st, h, s) => {
    const t = h.rest.trim();
    const path = t.startsWith('"') ? stringValue(t) : t;
    if (path === '') throw new AsmError('expected a file name in double quotes', h.restCol);
    const from = s.file;
    const resolved = joinPath(from, path);
    const stack = st.includeStack();
    if (stack.includes(resolved)) {
      throw new AsmError(`include cycle: ${[...stack.slice(stack.indexOf(resolved)), resolved].join(' -> ')}`, h.restCol);
    }
    if (stack.length >= MAX_INCLUDE_DEPTH) throw new AsmError(`includes nested too deeply (more than ${MAX_INCLUDE_DEPTH})`, h.restCol);
    if (!st.readFile) throw new AsmError(`cannot include '${path}': no file reader was given`, h.restCol);
    let text: string | null;
    try {
      text = st.readFile(path, from);
    } catch (e) {
      throw new AsmError(`cannot read '${path}': ${e instanceof Error ? e.message : String(e)}`, h.restCol);
    }
    if (text === null) throw new AsmError(`cannot read '${path}' (included from ${from})`, h.restCol);
    st.pushFile(text, resolved);
  }],
  ['.err', (_st, h) => { throw new AsmError('.err encountered', h.opCol); }],
  ['.error', (_st, h) => { throw new AsmError(stringArg(h, '.error directive invoked in source file'), h.opCol); }],
  ['.warning', (st, h, s) => st.diag(s, h.opCol, st.stmtEnd(s), stringArg(h, '.warning directive invoked in source file'), 'warning')],
  ['.end', (st) => { st.ended = true; }],
  ['.unreq', (st, h) => {
    if (!st.aliases.delete(h.rest.trim().toLowerCase())) throw new AsmError(`unknown register alias '${h.rest.trim()}'`, h.restCol);
  }],
];

/** `path` relative to the directory of `from` (POSIX separators; absolute paths unchanged). */
export function joinPath(from: string, path: string): string {
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)) return path;
  const i = Math.max(from.lastIndexOf('/'), from.lastIndexOf('\\'));
  const parts = (i < 0 ? path : from.slice(0, i + 1) + path).split(/[\\/]/);
  const out: string[] = [];
  for (const p of parts) {
    if (p === '.' ) continue;
    if (p === '..' && out.length && out[out.length - 1] !== '..' && out[out.length - 1] !== '') out.pop();
    else out.push(p);
  }
  return out.join('/');
}
