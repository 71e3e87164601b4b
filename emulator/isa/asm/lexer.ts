// Source text → statements, as GNU as reads AArch64 sources: `//` and `/* */` comments, `#` as
// a comment when it starts a line, `;` as statement separator (tc-aarch64.c line_separator_chars),
// strings with C escapes. Comments are blanked rather than removed so columns stay exact.

import { AsmError } from '../types';

/** Where an expanded statement was invoked from (the outermost macro call). */
export interface Site { file: string; line: number; col: number; endCol: number }
/** The innermost macro body position of an expanded statement. */
export interface MacroPos { name: string; file: string; line: number }

export interface Stmt {
  text: string;
  file: string;
  line: number;
  /** 1-based column of text[0] in its line. */
  col: number;
  macro?: MacroPos;
  site?: Site;
}

/** Splits one file into statements. Linear in the size of the text. */
export function lexSource(src: string, file: string): Stmt[] {
  const out: Stmt[] = [];
  const state = { inBlock: false };
  let lineNo = 0;
  let start = 0;
  while (start <= src.length) {
    let end = src.indexOf('\n', start);
    if (end < 0) end = src.length;
    lineNo++;
    let line = src.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    splitLine(line, lineNo, file, state, out);
    start = end + 1;
  }
  return out;
}

function splitLine(line: string, lineNo: number, file: string, state: { inBlock: boolean }, out: Stmt[]): void {
  let clean = '';
  let last = 0;
  let k = 0;
  const seps: number[] = [];
  if (state.inBlock) {
    const e = line.indexOf('*/');
    if (e < 0) return;
    state.inBlock = false;
    clean = ' '.repeat(e + 2);
    last = k = e + 2;
  } else if (/^\s*#/.test(line)) {
    return; // line comment (tc-aarch64.c line_comment_chars), also cpp's "# 1 file" markers
  }
  const n = line.length;
  while (k < n) {
    const c = line[k];
    if (c === '"') {
      k++;
      while (k < n && line[k] !== '"') k += line[k] === '\\' ? 2 : 1;
      k++;
    } else if (c === "'") {
      k += line[k + 1] === '\\' ? 3 : 2;
      if (line[k] === "'") k++;
    } else if (c === '/' && line[k + 1] === '/') {
      clean += line.slice(last, k) + ' '.repeat(n - k);
      last = k = n;
    } else if (c === '/' && line[k + 1] === '*') {
      const e = line.indexOf('*/', k + 2);
      clean += line.slice(last, k);
      if (e < 0) {
        clean += ' '.repeat(n - k);
        state.inBlock = true;
        last = k = n;
      } else {
        clean += ' '.repeat(e + 2 - k);
        last = k = e + 2;
      }
    } else {
      if (c === ';') seps.push(k);
      k++;
    }
  }
  clean += line.slice(last, Math.min(k, n));
  let s = 0;
  seps.push(clean.length);
  for (const e of seps) {
    const text = clean.slice(s, e);
    if (/\S/.test(text)) out.push({ text, file, line: lineNo, col: s + 1 });
    s = e + 1;
  }
}

export interface Head {
  labels: { name: string; col: number }[];
  /** Mnemonic, directive or macro name; '' for a statement with labels only. */
  op: string;
  opCol: number;
  /** Operand text (trimmed at the right) and its 0-based column in the statement text. */
  rest: string;
  restCol: number;
  /** `sym = expr` / `sym == expr`. */
  assign?: boolean;
}

const LABEL_RE = /([A-Za-z_.$][\w.$]*|\d+):/y;
const OP_RE = /[A-Za-z_.$][\w.$]*/y;

/** Labels, operation and operand text of one statement. Columns are 0-based in `text`. */
export function parseHead(text: string): Head {
  const labels: { name: string; col: number }[] = [];
  let p = skipWs(text, 0);
  for (;;) {
    LABEL_RE.lastIndex = p;
    const m = LABEL_RE.exec(text);
    if (!m || text[p + m[0].length] === ':') break;
    labels.push({ name: m[1], col: p });
    p = skipWs(text, p + m[0].length);
  }
  if (p >= text.length) return { labels, op: '', opCol: p, rest: '', restCol: p };
  OP_RE.lastIndex = p;
  const m = OP_RE.exec(text);
  if (!m) throw new AsmError(`expected a label, directive or instruction, found '${text.slice(p).trim()}'`, p);
  const op = m[0];
  const opCol = p;
  p = skipWs(text, p + op.length);
  let assign = false;
  if (text[p] === '=') {
    assign = true;
    p = skipWs(text, p + (text[p + 1] === '=' ? 2 : 1));
  }
  return { labels, op, opCol, rest: text.slice(p).trimEnd(), restCol: p, assign };
}

export function skipWs(s: string, p: number): number {
  while (p < s.length && (s[p] === ' ' || s[p] === '\t' || s[p] === '\f' || s[p] === '\v')) p++;
  return p;
}

export interface Arg { text: string; col: number }

/** Splits at top-level commas (outside (), [], {}, strings and character constants). */
export function splitArgs(text: string, base = 0): Arg[] {
  const out: Arg[] = [];
  if (!/\S/.test(text)) return out;
  let depth = 0;
  let s = 0;
  const push = (e: number): void => {
    const raw = text.slice(s, e);
    const lead = raw.length - raw.trimStart().length;
    out.push({ text: raw.trim(), col: base + s + lead });
  };
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (c === '"') {
      k++;
      while (k < text.length && text[k] !== '"') k += text[k] === '\\' ? 2 : 1;
    } else if (c === "'") {
      k += text[k + 1] === '\\' ? 2 : 1;
      if (text[k + 1] === "'") k++;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      push(k);
      s = k + 1;
    }
  }
  push(text.length);
  return out;
}

const utf8 = new TextEncoder();

/**
 * A string constant at text[pos] (which must be '"'), as GAS reads it (read.c
 * next_char_of_string): \b \f \n \r \t \\ \" , octal \ooo, hex \xhh…; other escapes keep the char.
 */
export function parseString(text: string, pos: number): { bytes: number[]; end: number } {
  if (text[pos] !== '"') throw new AsmError('expected a string in double quotes', pos);
  const bytes: number[] = [];
  let k = pos + 1;
  for (;;) {
    if (k >= text.length) throw new AsmError('unterminated string', pos);
    const c = text[k];
    if (c === '"') return { bytes, end: k + 1 };
    if (c !== '\\') {
      const cp = text.codePointAt(k)!;
      if (cp < 0x80) bytes.push(cp);
      else for (const b of utf8.encode(String.fromCodePoint(cp))) bytes.push(b);
      k += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = text[k + 1];
    k += 2;
    if (e === undefined) throw new AsmError('unterminated string', pos);
    const simple = ESCAPES[e];
    if (simple !== undefined) { bytes.push(simple); continue; }
    if (/[0-7]/.test(e)) {
      let v = Number(e);
      for (let d = 0; d < 2 && /[0-7]/.test(text[k] ?? ''); d++) v = v * 8 + Number(text[k++]);
      bytes.push(v & 0xff);
      continue;
    }
    if (e === 'x' || e === 'X') {
      let v = 0;
      while (/[0-9a-fA-F]/.test(text[k] ?? '')) v = (v * 16 + parseInt(text[k++], 16)) & 0xff;
      bytes.push(v);
      continue;
    }
    bytes.push(e.charCodeAt(0) & 0xff);
  }
}

const ESCAPES: Record<string, number> = { b: 8, f: 12, n: 10, r: 13, t: 9, '\\': 92, '"': 34, "'": 39 };

const NAME_CHAR = /[\w.$\\]/;

/**
 * GAS's input scrubber (app.c) on an operand field: runs of white space outside strings become
 * one space, and only between two name characters; elsewhere they vanish. Macro argument
 * splitting depends on it ("m 1 +2" passes "1+2", "m 1 2" passes two arguments).
 */
export function scrub(text: string): string {
  let out = '';
  let k = 0;
  const n = text.length;
  while (k < n) {
    const c = text[k];
    if (c === '"') {
      let e = k + 1;
      while (e < n && text[e] !== '"') e += text[e] === '\\' ? 2 : 1;
      out += text.slice(k, e + 1);
      k = e + 1;
    } else if (c === ' ' || c === '\t') {
      let e = k;
      while (e < n && (text[e] === ' ' || text[e] === '\t')) e++;
      const prev = out[out.length - 1];
      if (prev !== undefined && e < n && NAME_CHAR.test(prev) && (NAME_CHAR.test(text[e]) || text[e] === '"')) out += ' ';
      k = e;
    } else {
      out += c;
      k++;
    }
  }
  return out;
}

/** Rewrites numeric local label references (1f, 2b) outside strings with `pin`. */
export function mapLocalRefs(text: string, pin: (n: string, dir: 'f' | 'b') => string): string {
  if (!/\d[fb]/.test(text)) return text;
  let out = '';
  let last = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (c === '"') {
      k++;
      while (k < text.length && text[k] !== '"') k += text[k] === '\\' ? 2 : 1;
    } else if (c === "'") {
      k += text[k + 1] === '\\' ? 2 : 1;
    } else if (/\d/.test(c) && (k === 0 || !/[\w.$]/.test(text[k - 1]))) {
      let e = k;
      while (/\d/.test(text[e] ?? '')) e++;
      const d = text[e];
      if ((d === 'f' || d === 'b') && !/[\w.$]/.test(text[e + 1] ?? '')) {
        out += text.slice(last, k) + pin(text.slice(k, e), d);
        last = e + 1;
      }
      k = e;
    }
  }
  return out + text.slice(last);
}
