// Data, section, symbol and layout directives (as.info "Pseudo Ops"), as GNU as for AArch64
// implements them. Sizes follow tc-aarch64.c: .word is 4 bytes, .xword/.dword 8; `.align n`
// is a power of two.

import { AsmError } from '../types';
import { parseString, splitArgs, type Arg, type Head, type Stmt } from './lexer';
import { parseSectionFlags, type Section } from './sections';
import type { AsmState, Handler } from './state';

const DATA_SIZES: Record<string, number> = {
  '.byte': 1, '.hword': 2, '.short': 2, '.2byte': 2, '.half': 2,
  '.word': 4, '.long': 4, '.4byte': 4, '.int': 4,
  '.quad': 8, '.8byte': 8, '.xword': 8, '.dword': 8,
};

/** Directives accepted and ignored: they describe debug info or the target, not bytes here. */
const IGNORED = [
  '.arch', '.cpu', '.arch_extension', '.file', '.loc', '.ident', '.hidden', '.protected', '.internal',
  '.func', '.endfunc', '.variant_pcs', '.loc_mark_labels', '.eabi_attribute', '.gnu_attribute', '.print',
  '.altmacro_off', '.noaltmacro', '.sbttl', '.title', '.psize', '.eject', '.list', '.nolist', '.tlsdesccall',
];

function need(args: Arg[], n: number, h: Head, what: string): void {
  if (args.length < n) throw new AsmError(`expected ${what}`, h.restCol + h.rest.length);
}

/** Data bytes go in a NOBITS section only as zeros (GNU as: "attempt to store non-zero value"). */
function dataSection(st: AsmState, h: Head): Section {
  const sec = st.cur;
  sec.mark('d');
  return sec;
}

const data = (size: number): Handler => (st, h, s) => {
  const args = splitArgs(h.rest, h.restCol);
  const sec = dataSection(st, h);
  const off = sec.skip(size * args.length);
  st.lines.push({ sec, off, stmt: s });
  st.items.push({ k: 'data', sec, off, size, exprs: args, stmt: s });
};

const strings = (nul: boolean): Handler => (st, h, s) => {
  const sec = dataSection(st, h);
  const out: number[] = [];
  for (const a of splitArgs(h.rest, h.restCol)) {
    const r = parseString(a.text, 0);
    if (r.end !== a.text.length) throw new AsmError(`unexpected '${a.text.slice(r.end)}' after string`, a.col + r.end);
    for (const b of r.bytes) out.push(b);
    if (nul) out.push(0);
  }
  if (sec.nobits && out.some((b) => b !== 0)) throw new AsmError(`attempt to store non-zero value in section ${sec.name}`, h.opCol);
  st.lines.push({ sec, off: sec.bytes(out), stmt: s });
};

const floats = (size: 4 | 8): Handler => (st, h, s) => {
  const sec = dataSection(st, h);
  const buf = new DataView(new ArrayBuffer(size));
  const out: number[] = [];
  for (const a of splitArgs(h.rest, h.restCol)) {
    const t = a.text.replace(/^0[fdeFDE]/, '');
    const v = /^[+-]?(inf|nan)$/i.test(t) ? (t.toLowerCase().includes('nan') ? NaN : t.startsWith('-') ? -Infinity : Infinity) : Number(t);
    if (t === '' || Number.isNaN(v) && !/nan/i.test(t)) throw new AsmError(`expected a floating-point number, found '${a.text}'`, a.col);
    if (size === 4) buf.setFloat32(0, v, true); else buf.setFloat64(0, v, true);
    for (let i = 0; i < size; i++) out.push(buf.getUint8(i));
  }
  st.lines.push({ sec, off: sec.bytes(out), stmt: s });
};

const leb = (signed: boolean): Handler => (st, h, s) => {
  const sec = dataSection(st, h);
  const out: number[] = [];
  for (const a of splitArgs(h.rest, h.restCol)) {
    let v = st.abs(a.text, a.col);
    if (!signed) v = BigInt.asUintN(64, v);
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      const last = signed ? (v === 0n && !(b & 0x40)) || (v === -1n && (b & 0x40) !== 0) : v === 0n;
      out.push(last ? b : b | 0x80);
      if (last) break;
    }
  }
  st.lines.push({ sec, off: sec.bytes(out), stmt: s });
};

function checkFill(sec: Section, fill: number, h: Head): void {
  if (sec.nobits && fill !== 0) throw new AsmError(`attempt to store non-zero value in section ${sec.name}`, h.opCol);
}

/** .space/.skip size[, fill] */
const space: Handler = (st, h, s) => {
  const args = splitArgs(h.rest, h.restCol);
  need(args, 1, h, 'a size');
  const n = st.abs(args[0].text, args[0].col, 'size');
  const fill = args[1] ? Number(st.abs(args[1].text, args[1].col, 'fill value') & 0xffn) : 0;
  if (n < 0n) { st.diag(s, args[0].col, args[0].col + args[0].text.length, 'negative size ignored', 'warning'); return; }
  checkFill(st.cur, fill, h);
  st.cur.mark('d');
  st.lines.push({ sec: st.cur, off: st.cur.skip(Number(n), fill), stmt: s });
};

/** .fill repeat[, size[, value]]: value's low 4 bytes, little-endian, zero above (as.info ".fill"). */
const fill: Handler = (st, h, s) => {
  const args = splitArgs(h.rest, h.restCol);
  need(args, 1, h, 'a repeat count');
  const rep = st.abs(args[0].text, args[0].col, 'repeat count');
  let size = args[1] && args[1].text !== '' ? Number(st.abs(args[1].text, args[1].col, 'size')) : 1;
  const value = args[2] ? BigInt.asUintN(32, st.abs(args[2].text, args[2].col, 'value')) : 0n;
  if (size > 8) { st.diag(s, args[1].col, args[1].col + args[1].text.length, '.fill size clamped to 8', 'warning'); size = 8; }
  if (rep < 0n || size < 0) { st.diag(s, args[0].col, st.stmtEnd(s), 'negative .fill count ignored', 'warning'); return; }
  checkFill(st.cur, Number(value), h);
  const one: number[] = [];
  for (let i = 0; i < size; i++) one.push(Number((value >> BigInt(8 * i)) & 0xffn));
  const total = Number(rep) * size;
  st.cur.mark('d');
  const off = st.cur.skip(total);
  if (value !== 0n && size > 0) st.cur.fillPattern(off, total, one);
  st.lines.push({ sec: st.cur, off, stmt: s });
};

/** .align/.p2align (log2) and .balign (bytes): align[, fill[, max]]; the w/l forms fill with a
 *  2- or 4-byte pattern and need padding that is a whole number of patterns. */
const align = (log2: boolean, pattern = 1): Handler => (st, h, s) => {
  const args = splitArgs(h.rest, h.restCol);
  need(args, 1, h, 'an alignment');
  const v = Number(st.abs(args[0].text, args[0].col, 'alignment'));
  let bytes = log2 ? 2 ** v : v;
  if (!log2 && bytes !== 0 && (bytes & (bytes - 1)) !== 0) throw new AsmError('alignment is not a power of 2', args[0].col);
  if (log2 && (v < 0 || v > 28) || bytes > 2 ** 28) throw new AsmError('alignment too large (at most 2^28)', args[0].col);
  if (bytes === 0) bytes = 1;
  const fillText = args[1]?.text ?? '';
  const fillv = fillText === '' ? undefined : st.abs(fillText, args[1].col, 'fill value');
  const max = args[2] && args[2].text !== '' ? Number(st.abs(args[2].text, args[2].col, 'maximum')) : undefined;
  if (fillv !== undefined) checkFill(st.cur, Number(fillv & 0xffffffffn), h);
  if (pattern === 1 || fillv === undefined) {
    if (pattern > 1) st.diag(s, h.opCol, st.stmtEnd(s), 'expected fill pattern missing', 'warning');
    st.cur.alignTo(bytes, fillv === undefined ? undefined : Number(fillv & 0xffn), max);
    return;
  }
  const pad = (bytes - (st.cur.size % bytes)) % bytes;
  if (pad % pattern) throw new AsmError(`alignment padding (${pad} bytes) not a multiple of ${pattern}`, h.opCol);
  const from = st.cur.size;
  st.cur.alignTo(bytes, 0, max);
  for (let o = from; o < st.cur.size; o += pattern) st.cur.put(o, pattern, fillv);
};

/** .org new-lc[, fill]: an offset in the current section (absolute, or a label of this section). */
const org: Handler = (st, h, s) => {
  const args = splitArgs(h.rest, h.restCol);
  need(args, 1, h, 'a location');
  const v = st.eval1(args[0].text, args[0].col);
  let target: bigint;
  if (v.abs) target = v.value;
  else if (v.sec === st.cur) target = BigInt(v.off!);
  else throw new AsmError('.org needs an absolute expression or a location in the current section', args[0].col);
  const fillv = args[1] ? Number(st.abs(args[1].text, args[1].col, 'fill value') & 0xffn) : 0;
  if (target < BigInt(st.cur.size)) throw new AsmError(`attempt to move .org backwards (from 0x${st.cur.size.toString(16)} to 0x${target.toString(16)})`, args[0].col);
  checkFill(st.cur, fillv, h);
  st.cur.skip(Number(target) - st.cur.size, fillv);
  void s;
};

/** `.section name[, "flags"[, @type[, …]]]` (as.info ".section (ELF Version)"). */
function sectionArgs(st: AsmState, h: Head): Section {
  const args = splitArgs(h.rest, h.restCol);
  need(args, 1, h, 'a section name');
  const name = args[0].text.startsWith('"') ? String.fromCharCode(...parseString(args[0].text, 0).bytes) : args[0].text;
  if (!/^[\w.$-]+$/.test(name)) throw new AsmError(`expected a section name, found '${args[0].text}'`, args[0].col);
  if (args.length < 2) return st.section(name);
  const f = args[1].text;
  if (!f.startsWith('"')) throw new AsmError('expected section flags in double quotes, e.g. "ax"', args[1].col);
  const flags = parseSectionFlags(String.fromCharCode(...parseString(f, 0).bytes));
  const type = (args[2]?.text ?? '').replace(/^[@%]/, '');
  if (type !== '' && !/^\w+$/.test(type)) throw new AsmError(`expected a section type (@progbits, @nobits), found '${args[2].text}'`, args[2].col);
  return st.section(name, { flags, nobits: type === 'nobits' });
}

function names(h: Head): Arg[] {
  const args = splitArgs(h.rest, h.restCol);
  for (const a of args) if (!/^[A-Za-z_.$][\w.$]*$/.test(a.text)) throw new AsmError(`expected a symbol name, found '${a.text}'`, a.col);
  return args;
}

/** `.set`/`.equ`/`=`: absolute values are kept; others are evaluated after layout. */
export function assign(st: AsmState, s: Stmt, name: string, nameCol: number, text: string, col: number, mode: 'set' | 'equiv'): void {
  if (!/^[A-Za-z_.$][\w.$]*$/.test(name)) throw new AsmError(`expected a symbol name, found '${name}'`, nameCol);
  if (!/\S/.test(text)) throw new AsmError('expected an expression', col);
  if (name === '.') return org(st, { labels: [], op: '.org', opCol: nameCol, rest: text, restCol: col }, s);
  const old = st.symbols.syms.get(name);
  if (old?.kind === 'label' || (old && mode === 'equiv')) throw new AsmError(`symbol '${name}' is already defined (${old.stmt.file}:${old.stmt.line})`, nameCol);
  const l = st.loc();
  let value: bigint | undefined;
  try {
    const v = st.eval1(text, col);
    if (v.abs) value = v.value;
  } catch (e) {
    if (!(e instanceof AsmError && /^undefined/.test(e.message))) throw e;
  }
  const pinned = value === undefined ? st.pin(text.trim()) : undefined;
  st.symbols.syms.set(name, { kind: 'equ', name, value, text: pinned, sec: l.sec, off: l.off, stmt: s });
  st.items.push({ k: 'set', name, value, text: pinned, sec: l.sec, off: l.off, stmt: s });
}

const equ = (mode: 'set' | 'equiv'): Handler => (st, h, s) => {
  const args = splitArgs(h.rest, h.restCol);
  need(args, 2, h, "a symbol name and a value: '.set name, expr'");
  const comma = h.rest.indexOf(',');
  assign(st, s, args[0].text, args[0].col, h.rest.slice(comma + 1), h.restCol + comma + 1, mode);
};

const TYPES: Record<string, 'func' | 'object' | null> = {
  function: 'func', stt_func: 'func', object: 'object', stt_object: 'object', notype: null, stt_notype: null,
  tls_object: 'object', common: 'object', gnu_indirect_function: 'func',
};

export const DIRECTIVES: [string, Handler][] = [
  ...Object.entries(DATA_SIZES).map(([n, size]) => [n, data(size)] as [string, Handler]),
  ['.inst', (st, h, s) => {
    st.cur.alignTo(4, 0);
    const args = splitArgs(h.rest, h.restCol);
    st.cur.mark('x');
    const off = st.cur.skip(4 * args.length);
    st.lines.push({ sec: st.cur, off, stmt: s });
    st.items.push({ k: 'data', sec: st.cur, off, size: 4, exprs: args, stmt: s });
  }],
  ['.ascii', strings(false)], ['.asciz', strings(true)], ['.string', strings(true)],
  ['.float', floats(4)], ['.single', floats(4)], ['.double', floats(8)],
  ['.uleb128', leb(false)], ['.sleb128', leb(true)],
  ['.space', space], ['.skip', space],
  ['.zero', (st, h, s) => space(st, { ...h, rest: h.rest.split(',')[0] }, s)],
  ['.fill', fill],
  ['.align', align(true)], ['.p2align', align(true)], ['.balign', align(false)],
  ['.p2alignw', align(true, 2)], ['.p2alignl', align(true, 4)], ['.balignw', align(false, 2)], ['.balignl', align(false, 4)],
  ['.org', org],
  ['.ltorg', (st, _h, s) => {
    const off = st.pools.flush(st.cur);
    if (off >= 0) st.lines.push({ sec: st.cur, off, stmt: s });
  }],
  ['.text', (st) => st.switchTo(st.section('.text'))],
  ['.data', (st) => st.switchTo(st.section('.data'))],
  ['.bss', (st) => st.switchTo(st.section('.bss'))],
  ['.rodata', (st) => st.switchTo(st.section('.rodata'))],
  ['.section', (st, h) => st.switchTo(sectionArgs(st, h))],
  ['.pushsection', (st, h) => {
    st.sectionStack.push([st.cur, st.prevSection]);
    st.switchTo(sectionArgs(st, h));
  }],
  ['.popsection', (st, h) => {
    const t = st.sectionStack.pop();
    if (!t) throw new AsmError('.popsection without .pushsection', h.opCol);
    [st.cur, st.prevSection] = t;
  }],
  ['.previous', (st) => st.switchTo(st.prevSection)],
  ['.global', (st, h) => { for (const a of names(h)) st.globals.add(a.text); }],
  ['.weak', (st, h) => { for (const a of names(h)) { st.globals.add(a.text); st.weak.add(a.text); } }],
  ['.local', (st, h) => { for (const a of names(h)) { st.globals.delete(a.text); st.weak.delete(a.text); } }],
  ['.type', (st, h) => {
    const args = splitArgs(h.rest, h.restCol);
    need(args, 2, h, "a symbol and a type: '.type name, %function'");
    const t = TYPES[args[1].text.replace(/^[@%"]|"$/g, '').toLowerCase()];
    if (t === undefined) throw new AsmError(`unknown symbol type '${args[1].text}' (expected %function or %object)`, args[1].col);
    if (t) st.types.set(args[0].text, t); else st.types.delete(args[0].text);
  }],
  ['.size', (st, h, s) => {
    const args = splitArgs(h.rest, h.restCol);
    need(args, 2, h, "a symbol and a size: '.size name, . - name'");
    st.sizes.set(args[0].text, { text: st.pin(args[1].text), loc: st.loc(), stmt: s });
  }],
  ['.set', equ('set')], ['.equ', equ('set')], ['.eqv', equ('set')], ['.equiv', equ('equiv')],
  ['=', (st, h, s) => assign(st, s, h.op, h.opCol, h.rest, h.restCol, 'set')],
  ...IGNORED.map((n) => [n, () => undefined] as [string, Handler]),
];
DIRECTIVES.push(['.globl', DIRECTIVES.find(([n]) => n === '.global')![1]], ['.pool', DIRECTIVES.find(([n]) => n === '.ltorg')![1]]);

/** `.cfi_*` directives are accepted and ignored (no unwind tables here). */
export function isIgnoredPrefix(op: string): boolean {
  return op.startsWith('.cfi_');
}
