// GNU as macros (as.info "Macro"; gas/macro.c): parameters with defaults, `:req` and
// `:vararg`, positional and `name=value` arguments, and body substitution of `\name`, `\()`
// and `\@`. Arguments are split as macro.c get_any_string splits them, after the scrubber has
// collapsed white space (lexer.ts scrub): commas always separate, white space separates outside
// () and [], and a quoted argument loses its quotes.

import { AsmError } from '../types';
import { scrub, skipWs, type Stmt } from './lexer';

export interface MacroParam { name: string; def?: string; req: boolean; vararg: boolean }

export interface MacroDef {
  name: string;
  params: MacroParam[];
  body: Stmt[];
  file: string;
  line: number;
}

const NAME = /[A-Za-z_.$][\w.$]*/y;

function name(text: string, p: number): string | null {
  NAME.lastIndex = p;
  const m = NAME.exec(text);
  return m ? m[0] : null;
}

/** `.macro name[,] [p1[:req|:vararg][=default]][,] …` → name and parameters. */
export function parseMacroHeader(text: string): { name: string; params: MacroParam[] } {
  let p = skipWs(text, 0);
  const mname = name(text, p);
  if (!mname) throw new AsmError('expected a macro name', p);
  p = skipWs(text, p + mname.length);
  if (text[p] === ',') p = skipWs(text, p + 1);
  const params: MacroParam[] = [];
  while (p < text.length) {
    const pn = name(text, p);
    if (!pn) throw new AsmError(`expected a parameter name, found '${text.slice(p)}'`, p);
    if (params.some((q) => q.name === pn)) throw new AsmError(`parameter '${pn}' is defined twice`, p);
    const prm: MacroParam = { name: pn, req: false, vararg: false };
    p = skipWs(text, p + pn.length);
    if (text[p] === ':') {
      const q = name(text, p + 1);
      if (q === 'req') prm.req = true;
      else if (q === 'vararg') prm.vararg = true;
      else throw new AsmError(`expected ':req' or ':vararg', found ':${q ?? ''}'`, p);
      p = skipWs(text, p + 1 + q.length);
    }
    if (text[p] === '=') {
      p = skipWs(text, p + 1);
      const v = readArg(text, p);
      prm.def = v.value;
      p = skipWs(text, v.end);
    }
    if (prm.vararg && params.some((q) => q.vararg)) throw new AsmError('only the last parameter can be :vararg', p);
    params.push(prm);
    if (text[p] === ',') p = skipWs(text, p + 1);
  }
  if (params.slice(0, -1).some((q) => q.vararg)) throw new AsmError('only the last parameter can be :vararg', 0);
  return { name: mname, params };
}

/** One argument at text[p] (macro.c get_any_string). */
export function readArg(text: string, p: number): { value: string; end: number } {
  if (text[p] === '"') {
    let v = '';
    let k = p + 1;
    while (k < text.length) {
      if (text[k] === '"') {
        if (text[k + 1] === '"') { v += '"'; k += 2; continue; }
        return { value: v, end: k + 1 };
      }
      if (text[k] === '\\' && k + 1 < text.length) { v += text.slice(k, k + 2); k += 2; continue; }
      v += text[k++];
    }
    throw new AsmError('unterminated string in macro argument', p);
  }
  let depth = 0;
  let k = p;
  while (k < text.length) {
    const c = text[k];
    if (c === ',' || ((c === ' ' || c === '\t') && depth === 0)) break;
    if (c === '"') {
      k++;
      while (k < text.length && text[k] !== '"') k += text[k] === '\\' ? 2 : 1;
    } else if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    k++;
  }
  return { value: text.slice(p, Math.min(k, text.length)), end: Math.min(k, text.length) };
}

/** Skips white space and one optional comma (macro.c sb_skip_comma). */
function skipComma(text: string, p: number): number {
  p = skipWs(text, p);
  if (text[p] === ',') p = skipWs(text, p + 1);
  return p;
}

/** Binds the invocation's argument text to the parameters. Throws AsmError. */
export function bindArgs(def: MacroDef, rawArgs: string): Map<string, string> {
  const text = scrub(rawArgs.trim());
  const got = new Map<string, string>();
  let pos = 0;
  let keyword = false;
  let p = skipWs(text, 0);
  while (p < text.length) {
    const id = name(text, p);
    const after = id ? skipWs(text, p + id.length) : p;
    if (id && text[after] === '=' && text[after + 1] !== '=') {
      const prm = def.params.find((q) => q.name === id);
      if (!prm) throw new AsmError(`parameter '${id}' does not exist for macro '${def.name}'`, p);
      const vp = skipWs(text, after + 1);
      if (prm.vararg) { got.set(id, text.slice(vp)); break; }
      const v = readArg(text, vp);
      got.set(id, v.value);
      keyword = true;
      p = skipComma(text, v.end);
      continue;
    }
    if (keyword) throw new AsmError("can't mix positional and keyword arguments", p);
    const prm = def.params[pos++];
    if (!prm) throw new AsmError(`too many positional arguments for macro '${def.name}'`, p);
    if (prm.vararg) { got.set(prm.name, text.slice(p)); break; }
    const v = readArg(text, p);
    got.set(prm.name, v.value);
    p = skipComma(text, v.end);
  }
  const out = new Map<string, string>();
  for (const prm of def.params) {
    let v = got.get(prm.name) ?? '';
    if (v === '') v = prm.def ?? '';
    if (prm.req && v === '') throw new AsmError(`missing value for required parameter '${prm.name}' of macro '${def.name}'`, 0);
    out.set(prm.name, v);
  }
  return out;
}

/** Splits a `.irp` value list like macro arguments. */
export function splitIrpValues(rawValues: string): string[] {
  const text = scrub(rawValues.trim());
  const out: string[] = [];
  let p = skipWs(text, 0);
  while (p < text.length) {
    const v = readArg(text, p);
    out.push(v.value);
    const np = skipComma(text, v.end);
    if (np === p) break;
    p = np;
  }
  return out;
}

const SUBST = /\\(\(\)|@|[A-Za-z_.$][\w.$]*)/g;

/** Body substitution (macro.c macro_expand_body): `\param`, `\()` (nothing) and `\@`. */
export function substitute(text: string, values: ReadonlyMap<string, string>, counter: number | undefined): string {
  if (!text.includes('\\')) return text;
  return text.replace(SUBST, (all, tok: string) => {
    if (tok === '()') return '';
    if (tok === '@') return counter === undefined ? all : String(counter);
    const v = values.get(tok);
    return v === undefined ? all : v;
  });
}

/** Expands a body into statements that remember the macro body position and the call site. */
export function expandBody(body: readonly Stmt[], values: ReadonlyMap<string, string>, counter: number | undefined,
  origin: (s: Stmt) => Pick<Stmt, 'macro' | 'site'>): Stmt[] {
  return body.map((s) => ({ ...s, text: substitute(s.text, values, counter), ...origin(s) }));
}
