// Text → diagnostics: the real assembler's errors and warnings (with its exact columns), plus
// the architectural warnings of el.ts for MRS/MSR/SYS and WFI/WFE/SMC. Pure: files are read
// through the `read` callback, so the server can serve unsaved editor buffers to `.include`.

import { dirname, resolve, basename } from 'node:path';
import { assemble, type AsmSymbol } from '../emulator/isa/asm/assembler';
import { splitArgs } from '../emulator/isa/asm/lexer';
import { checkAccess, encodingOf, insnTraps, lookupSysreg, type ArchWarning, type El } from './el';
import { scanFile, type FileIndex } from './scan';

export interface Diag {
  line: number;
  start: number;
  /** End position; usually on `line`. */
  endLine: number;
  end: number;
  severity: 'error' | 'warning' | 'information';
  message: string;
  /** Where an included file's diagnostic really is. */
  related?: { file: string; line: number; start: number; end: number; message: string };
}

export interface AnalysisOptions {
  /** Absolute path of the file (the assembler's file name). */
  file: string;
  /** Reads another file by absolute path (open buffer or disk); null when missing. */
  read: (path: string) => string | null;
  /** HCR_EL2 value the hypervisor runs guests with (el.ts KVM_GUEST_HCR by default). */
  hcr: bigint;
  /** EL assumed where no marker says otherwise. */
  defaultEl?: El;
  /** Above this many UTF-16 units, no live assembly (the server must stay responsive). */
  maxChars: number;
  /** At most this many diagnostics are published; the rest are summarised. */
  maxDiagnostics?: number;
}

export interface Analysis {
  diagnostics: Diag[];
  index: FileIndex;
  /** Symbols after assembly (values are addresses or .equ values), by name. */
  symbols: Map<string, AsmSymbol>;
}

/** Share of control characters (other than tab, CR, LF, FF, VT) that marks data, not source. */
function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 65536);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 11) || c === 0xfffd) bad++;
  }
  return n > 0 && bad / n > 0.01;
}

const EMPTY_INDEX = (file: string): FileIndex => scanFile('', file);

export function analyze(text: string, o: AnalysisOptions): Analysis {
  const first: Diag = { line: 0, start: 0, endLine: 0, end: Math.min(1, text.length), severity: 'error', message: '' };
  if (text.length > o.maxChars) {
    const mb = (text.length / 1048576).toFixed(1);
    return { diagnostics: [{ ...first, severity: 'warning', message: `file too large for live diagnostics (${mb} MB, limit ${(o.maxChars / 1048576).toFixed(1)} MB): assemble it with \`armvirt asm\`` }], index: EMPTY_INDEX(o.file), symbols: new Map() };
  }
  if (looksBinary(text)) {
    return { diagnostics: [{ ...first, message: 'this file holds binary data (control characters), not assembly source' }], index: EMPTY_INDEX(o.file), symbols: new Map() };
  }
  const index = scanFile(text, o.file);
  const lines = text.split('\n');
  const image = assemble(text, {
    fileName: o.file,
    readFile: (path, from) => o.read(resolve(dirname(from), path)),
  });
  const out: Diag[] = [];
  for (const d of image.diagnostics) {
    if (d.file === o.file) {
      const r = refineRange(index, lines[d.line - 1] ?? '', d.line - 1, d.column - 1, d.endColumn - 1, d.message);
      out.push({ line: d.line - 1, start: r.start, endLine: d.line - 1, end: r.end, severity: d.severity, message: d.message });
    } else {
      // A problem in an included file shows on the `.include` that brings it in.
      const inc = includeLineFor(index, o.file, d.file, o.read);
      const at = inc ?? { line: 0, start: 0, end: 1 };
      out.push({
        line: at.line, start: at.start, endLine: at.line, end: at.end, severity: d.severity,
        message: `${basename(d.file)}:${d.line}:${d.column}: ${d.message}`,
        related: { file: d.file, line: d.line - 1, start: d.column - 1, end: d.endColumn - 1, message: d.message },
      });
    }
  }
  for (const w of archWarnings(index, o.hcr, o.defaultEl)) out.push({ line: w.line, start: w.start, endLine: w.line, end: w.end, severity: w.severity, message: w.message });
  out.sort((a, b) => a.line - b.line || a.start - b.start);
  const max = o.maxDiagnostics ?? 1000;
  if (out.length > max) {
    const more = out.length - max;
    out.length = max;
    out.push({ ...first, severity: 'error', message: `${more} more diagnostics not shown` });
  }
  return { diagnostics: out, index, symbols: new Map(image.symbols.map((s) => [s.name, s])) };
}

/**
 * The assembler's columns, narrowed where it spans more than the culprit: an unknown
 * mnemonic, directive or undefined symbol is its name; a position just past the operand text
 * (an operand parsed, then found wanting) becomes the last operand, so the squiggle is visible.
 */
function refineRange(index: FileIndex, rawLine: string, line: number, start: number, end: number, msg: string): { start: number; end: number } {
  const lineLen = rawLine.replace(/\r$/, '').length;
  const named = /^(?:unknown instruction|unknown directive|undefined symbol|undefined local label) '([^']+)'$/.exec(msg);
  if (named && rawLine.slice(start, start + named[1].length) === named[1]) return { start, end: start + named[1].length };
  const found = /found '([^']+)'$/.exec(msg);
  if (found) {
    const at = rawLine.indexOf(found[1], start);
    if (at >= 0 && /^\s*$/.test(rawLine.slice(start, at))) return { start: at, end: at + found[1].length };
  }
  const st = index.statements.find((s) => s.line === line && s.restCol <= start && start >= s.restCol + s.rest.length && s.rest.length > 0);
  if (st) {
    const args = splitArgs(st.rest, st.restCol).filter((a) => a.col < start && a.text);
    const last = args[args.length - 1];
    if (last) return { start: last.col, end: last.col + last.text.length };
  }
  return { start, end: Math.min(Math.max(end, start + 1), Math.max(lineLen, start + 1)) };
}

/** The `.include` statement of `root` through which `file` is reached (depth-first). */
function includeLineFor(index: FileIndex, root: string, file: string, read: (p: string) => string | null): { line: number; start: number; end: number } | null {
  for (const inc of index.includes) {
    const path = resolve(dirname(root), inc.path);
    if (path === file || reaches(path, file, read, new Set([root]))) return inc;
  }
  return null;
}

function reaches(from: string, target: string, read: (p: string) => string | null, seen: Set<string>): boolean {
  if (seen.has(from)) return false;
  seen.add(from);
  const text = read(from);
  if (text === null) return false;
  for (const m of text.matchAll(/^\s*\.include\s+"([^"]+)"/gm)) {
    const p = resolve(dirname(from), m[1]);
    if (p === target || reaches(p, target, read, seen)) return true;
  }
  return false;
}

/** MRS/MSR/SYS-alias accesses and WFI/WFE/SMC, checked against the EL of their line. */
export function archWarnings(index: FileIndex, hcr: bigint, defaultEl?: El): ArchWarning[] {
  const out: ArchWarning[] = [];
  for (const s of index.statements) {
    const mn = s.op.toLowerCase();
    const el = index.elOf(s.line) ?? defaultEl;
    if (mn === 'wfi' || mn === 'wfe' || mn === 'smc') {
      if (el === undefined || el > 1) continue;
      for (const r of insnTraps(mn, el, hcr)) {
        out.push({ line: s.line, start: s.opCol, end: s.opCol + s.op.length, severity: 'information', message: `${mn.toUpperCase()} at EL${el} traps to EL2: ${r.id} is set in the hypervisor's HCR_EL2 (0x${hcr.toString(16)})` });
      }
      continue;
    }
    if (mn !== 'mrs' && mn !== 'msr' && mn !== 'dc' && mn !== 'ic' && mn !== 'tlbi' && mn !== 'at') continue;
    const args = splitArgs(s.rest, s.restCol);
    const a = mn === 'mrs' ? args[1] : args[0];
    if (!a || !/^[A-Za-z][\w]*$/.test(a.text)) continue;
    const sys = mn !== 'mrs' && mn !== 'msr';
    const found = sys ? { enc: encodingOf(`${mn} ${a.text}`) } : lookupSysreg(a.text);
    if (!found || found.enc === null) continue;
    const def = 'def' in found ? found.def : undefined;
    out.push(...checkAccess({ name: sys ? `${mn} ${a.text}` : a.text, start: a.col, end: a.col + a.text.length, line: s.line, dir: mn === 'mrs' ? 'r' : 'w', def, enc: found.enc }, el, hcr));
  }
  return out;
}
