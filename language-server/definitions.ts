// Navigation across `.include`: the scope of a file is every file it includes (transitively)
// and every known file that includes it, with theirs. Definitions, references and rename look
// for labels, macros and .equ symbols in that scope. Macro names compare case-insensitively,
// as GNU as looks them up; symbols are case-sensitive.

import { dirname, resolve } from 'node:path';
import { scanFile, type Def, type FileIndex, type Span } from './scan';

export interface Located<T extends Span> { file: string; item: T }

export class Workspace {
  /** Indexes of open documents (kept fresh by the server) and of files read from disk. */
  private readonly open = new Map<string, FileIndex>();
  private readonly disk = new Map<string, FileIndex | null>();

  constructor(private readonly read: (path: string) => string | null) {}

  setOpen(path: string, index: FileIndex): void {
    this.open.set(path, index);
  }

  close(path: string): void {
    this.open.delete(path);
  }

  /** Forgets disk copies (a file changed on disk or an editor buffer was closed). */
  invalidate(): void {
    this.disk.clear();
  }

  index(path: string): FileIndex | null {
    const o = this.open.get(path);
    if (o) return o;
    if (this.disk.has(path)) return this.disk.get(path)!;
    const text = this.read(path);
    // A huge or unreadable file is not indexed: navigation degrades, the server stays up.
    const idx = text === null || text.length > 4 * 1048576 ? null : scanFile(text, path);
    this.disk.set(path, idx);
    return idx;
  }

  includesOf(path: string): string[] {
    const idx = this.index(path);
    return idx ? idx.includes.map((i) => resolve(dirname(path), i.path)) : [];
  }

  /** `path` and everything it includes; cycles are cut. */
  closure(path: string, into = new Set<string>()): Set<string> {
    if (into.has(path) || into.size > 500) return into;
    into.add(path);
    for (const p of this.includesOf(path)) this.closure(p, into);
    return into;
  }

  scope(path: string): string[] {
    const out = this.closure(path);
    for (const root of [...this.open.keys()]) {
      if (out.has(root)) continue;
      const c = this.closure(root);
      if (c.has(path)) for (const p of c) out.add(p);
    }
    return [...out];
  }

  allFiles(): string[] {
    const out = new Set<string>();
    for (const p of this.open.keys()) this.closure(p, out);
    return [...out];
  }

  defs(path: string, name: string): Located<Def>[] {
    const out: Located<Def>[] = [];
    const lower = name.toLowerCase();
    for (const f of this.scope(path)) {
      const idx = this.index(f);
      if (!idx) continue;
      for (const d of idx.defs) if (d.name === name || (d.kind === 'macro' && d.name.toLowerCase() === lower)) out.push({ file: f, item: d });
    }
    return out;
  }

  /** References (and, if asked, definitions) of the symbol/macro `name` defined in scope. */
  refs(path: string, name: string, withDecl: boolean): Located<Span>[] {
    const defs = this.defs(path, name);
    if (!defs.length) return [];
    const macro = defs.every((d) => d.item.kind === 'macro');
    const same = (n: string): boolean => (macro ? n.toLowerCase() === name.toLowerCase() : n === name);
    const out: Located<Span>[] = withDecl ? defs.map((d) => ({ file: d.file, item: d.item })) : [];
    for (const f of this.scope(path)) {
      const idx = this.index(f);
      if (!idx) continue;
      for (const r of idx.refs) if (same(r.name)) out.push({ file: f, item: r });
    }
    return out;
  }

  /** `1b` / `1f`: the nearest numeric label backwards/forwards in the same file. */
  localLabel(path: string, ref: string, line: number): Located<Span> | null {
    const m = /^(\d+)([fb])$/.exec(ref);
    const idx = this.index(path);
    if (!m || !idx) return null;
    const lines = idx.locals.get(m[1]) ?? [];
    // GNU as: `Nb` includes a definition on the same line before it; `Nf` looks strictly after.
    const target = m[2] === 'b' ? [...lines].reverse().find((l) => l.line <= line) : lines.find((l) => l.line > line);
    return target ? { file: path, item: target } : null;
  }
}

export const NAME_RE = /^[A-Za-z_.$][\w.$]*$/;
