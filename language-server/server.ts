// The language server for GNU-syntax AArch64 assembly (issue 9). Wiring only: documents come
// in, analysis.ts assembles them (debounced) and scan.ts outlines them; hover, completion,
// navigation, semantic tokens and folding read those results. Every handler catches its own
// failures: a bad file or request yields an empty answer, never a dead server.
// Settings (initializationOptions, or workspace settings under `armvirt.asm`): see README.md.

import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  DiagnosticSeverity, DocumentSymbol, Location, ResponseError, SymbolKind, TextDocuments, TextDocumentSyncKind,
  type Connection, type Diagnostic, type InitializeResult, type WorkspaceEdit, type WorkspaceSymbol,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { knownMnemonic } from '../emulator/isa/asm/encode';
import { assemble } from '../emulator/isa/asm/assembler';
import { lexSource, parseHead } from '../emulator/isa/asm/lexer';
import { analyze, type Analysis } from './analysis';
import { complete } from './completion';
import { NAME_RE, Workspace } from './definitions';
import { KVM_GUEST_HCR, lookupSysreg, type El } from './el';
import { foldingRanges } from './folding';
import { directiveHover, immediateHover, instructionHover, symbolHover, sysregHover } from './hover';
import { wordAt, type DefKind, type Span } from './scan';
import { LEGEND, semanticTokens } from './semantic-tokens';

export interface ServerSettings {
  /** HCR_EL2 the hypervisor runs guests with (number or "0x..." string). Default: KVM's guest flags. */
  hcrEl2: bigint;
  /** EL assumed where no `// armvirt: elN` marker, section or label says otherwise. */
  defaultEl?: El;
  /** Quiet time after an edit before the file is assembled again. */
  debounceMs: number;
  /** Files larger than this get one diagnostic instead of live assembly. */
  maxFileMB: number;
}

const DEFAULTS: ServerSettings = { hcrEl2: KVM_GUEST_HCR, debounceMs: 15, maxFileMB: 2 };

function parseSettings(raw: unknown, base: ServerSettings): ServerSettings {
  const s = { ...base };
  if (!raw || typeof raw !== 'object') return s;
  const r = raw as Record<string, unknown>;
  try {
    if (typeof r.hcrEl2 === 'string' || typeof r.hcrEl2 === 'number') s.hcrEl2 = BigInt(r.hcrEl2);
  } catch { /* keep the default on a malformed value */ }
  if (typeof r.defaultEl === 'number' && [0, 1, 2, 3].includes(r.defaultEl)) s.defaultEl = r.defaultEl as El;
  if (typeof r.debounceMs === 'number' && r.debounceMs >= 0) s.debounceMs = r.debounceMs;
  if (typeof r.maxFileMB === 'number' && r.maxFileMB > 0) s.maxFileMB = r.maxFileMB;
  return s;
}

export function uriToPath(uri: string): string {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  } catch {
    return uri;
  }
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information } as const;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let settings = DEFAULTS;
  const results = new Map<string, { version: number; a: Analysis }>();
  const timers = new Map<string, NodeJS.Timeout>();
  const uriOf = new Map<string, string>();
  const docByPath = (path: string): TextDocument | undefined => {
    const u = uriOf.get(path);
    return u ? documents.get(u) : undefined;
  };
  const read = (path: string): string | null => {
    const d = docByPath(path);
    if (d) return d.getText();
    try {
      // Refuse what is not a plain, reasonably sized file (a device, a directory, a huge blob).
      const st = statSync(path);
      if (!st.isFile() || st.size > 64 * 1048576) return null;
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  };
  const ws = new Workspace(read);
  const toUri = (path: string): string => uriOf.get(path) ?? (path.startsWith('/') ? pathToFileURL(path).href : path);

  const run = (doc: TextDocument): Analysis => {
    const cached = results.get(doc.uri);
    if (cached && cached.version === doc.version) return cached.a;
    const path = uriToPath(doc.uri);
    const a = analyze(doc.getText(), { file: path, read, hcr: settings.hcrEl2, defaultEl: settings.defaultEl, maxChars: settings.maxFileMB * 1048576 });
    results.set(doc.uri, { version: doc.version, a });
    ws.setOpen(path, a.index);
    return a;
  };

  const publish = (doc: TextDocument): void => {
    const a = run(doc);
    const diagnostics: Diagnostic[] = a.diagnostics.map((d) => ({
      range: { start: { line: d.line, character: d.start }, end: { line: d.endLine, character: d.end } },
      severity: SEVERITY[d.severity],
      source: 'armvirt',
      message: d.message,
      ...(d.related ? { relatedInformation: [{ location: Location.create(toUri(d.related.file), { start: { line: d.related.line, character: d.related.start }, end: { line: d.related.line, character: Math.max(d.related.end, d.related.start) } }), message: d.related.message }] } : {}),
    }));
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  };

  const schedule = (doc: TextDocument): void => {
    clearTimeout(timers.get(doc.uri));
    timers.set(doc.uri, setTimeout(() => {
      timers.delete(doc.uri);
      const cur = documents.get(doc.uri);
      if (!cur) return;
      try {
        publish(cur);
      } catch (e) {
        connection.console.error(`armvirt: analysis failed for ${doc.uri}: ${e instanceof Error ? e.stack : String(e)}`);
      }
    }, settings.debounceMs));
  };

  /** Runs a request handler; any failure is logged and answered with `fallback`. */
  const guard = <T>(what: string, fallback: T, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      connection.console.error(`armvirt: ${what} failed: ${e instanceof Error ? e.stack : String(e)}`);
      return fallback;
    }
  };

  const at = (uri: string, line: number, ch: number) => {
    const doc = documents.get(uri);
    if (!doc) return null;
    const a = run(doc);
    const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
    return { doc, a, path: uriToPath(uri), text, word: wordAt(text, ch) };
  };
  const kindIn = (path: string) => {
    const cache = new Map<string, DefKind | undefined>();
    const all = new Map<string, DefKind>();
    for (const f of ws.scope(path)) for (const d of ws.index(f)?.defs ?? []) if (!all.has(d.name)) all.set(d.name, d.kind);
    return (name: string): DefKind | undefined => {
      if (!cache.has(name)) cache.set(name, all.get(name) ?? (all.get(name.toLowerCase()) === 'macro' ? 'macro' : undefined));
      return cache.get(name);
    };
  };
  const loc = (file: string, s: Span): Location => Location.create(toUri(file), { start: { line: s.line, character: s.start }, end: { line: s.line, character: s.end } });

  connection.onInitialize((p): InitializeResult => {
    settings = parseSettings(p.initializationOptions, DEFAULTS);
    // Warm the assembler's tables and JIT so the first edit is as fast as the rest.
    assemble('warm: add x0, x1, #1\n ldr x2, [x3, #8]\n msr hcr_el2, x0\n b warm\n', { fileName: 'warm.S' });
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['.', ' ', ','] },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        semanticTokensProvider: { legend: LEGEND, full: true },
      },
      serverInfo: { name: 'armvirt-asm', version: '0.1.0' },
    };
  });

  connection.onDidChangeConfiguration((p) => {
    const raw = (p.settings as { armvirt?: { asm?: unknown } } | undefined)?.armvirt?.asm;
    settings = parseSettings(raw, settings);
    results.clear();
    for (const d of documents.all()) schedule(d);
  });

  documents.onDidOpen((e) => uriOf.set(uriToPath(e.document.uri), e.document.uri));
  documents.onDidChangeContent((e) => {
    uriOf.set(uriToPath(e.document.uri), e.document.uri);
    schedule(e.document);
  });
  // Disk copies of included files go stale only when a file is saved or closed.
  documents.onDidSave(() => ws.invalidate());
  documents.onDidClose((e) => {
    const path = uriToPath(e.document.uri);
    clearTimeout(timers.get(e.document.uri));
    results.delete(e.document.uri);
    uriOf.delete(path);
    ws.close(path);
    ws.invalidate();
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onHover((p) => guard('hover', null, () => {
    const c = at(p.textDocument.uri, p.position.line, p.position.character);
    if (!c?.word) return null;
    const w = c.word.text;
    // Is the word the operation of its statement? Read from the line itself, so this works
    // in files too large to index.
    const stmt = lexSource(c.text, '').some((s) => {
      try {
        return s.col - 1 + parseHead(s.text).opCol === c.word!.start;
      } catch {
        return false;
      }
    });
    let md: string | null = null;
    if (/^[#\-+\d]/.test(w)) md = immediateHover(w);
    else if (stmt && w.startsWith('.')) md = directiveHover(w);
    else {
      const defs = ws.defs(c.path, w);
      const sym = c.a.symbols.get(w);
      if (defs.length || sym) md = symbolHover(w, sym, defs[0]?.item, defs[0]?.file);
      else if (stmt && knownMnemonic(w)) md = instructionHover(w);
      else if (lookupSysreg(w) && !/^[xw]\d+$/i.test(w)) md = sysregHover(w, settings.hcrEl2);
    }
    return md ? { contents: { kind: 'markdown' as const, value: md }, range: { start: { line: p.position.line, character: c.word.start }, end: { line: p.position.line, character: c.word.end } } } : null;
  }));

  connection.onCompletion((p) => guard('completion', [], () => {
    const c = at(p.textDocument.uri, p.position.line, p.position.character);
    if (!c) return [];
    const defs = ws.scope(c.path).flatMap((f) => ws.index(f)?.defs ?? []);
    const el = c.a.index.elOf(p.position.line) ?? settings.defaultEl;
    return complete(c.text.slice(0, p.position.character), defs, el);
  }));

  connection.onDefinition((p) => guard('definition', [], () => {
    const c = at(p.textDocument.uri, p.position.line, p.position.character);
    if (!c?.word) return [];
    const local = ws.localLabel(c.path, c.word.text, p.position.line);
    if (local) return [loc(local.file, local.item)];
    return ws.defs(c.path, c.word.text).map((d) => loc(d.file, d.item));
  }));

  connection.onReferences((p) => guard('references', [], () => {
    const c = at(p.textDocument.uri, p.position.line, p.position.character);
    if (!c?.word) return [];
    return ws.refs(c.path, c.word.text, p.context.includeDeclaration).map((r) => loc(r.file, r.item));
  }));

  connection.onPrepareRename((p) => guard('prepareRename', null, () => {
    const c = at(p.textDocument.uri, p.position.line, p.position.character);
    if (!c?.word || !ws.defs(c.path, c.word.text).length) return null;
    return { start: { line: p.position.line, character: c.word.start }, end: { line: p.position.line, character: c.word.end } };
  }));

  connection.onRenameRequest((p) => guard('rename', null, (): WorkspaceEdit | null => {
    const c = at(p.textDocument.uri, p.position.line, p.position.character);
    if (!c?.word) return null;
    if (!NAME_RE.test(p.newName) || /^\d/.test(p.newName)) throw new ResponseError(-32602, `'${p.newName}' is not a valid symbol name`);
    if (knownMnemonic(p.newName) || lookupSysreg(p.newName)) throw new ResponseError(-32602, `'${p.newName}' is an instruction or register name`);
    const refs = ws.refs(c.path, c.word.text, true);
    if (!refs.length) throw new ResponseError(-32602, `'${c.word.text}' is not a label, macro or .equ symbol defined in this file's scope`);
    const changes: NonNullable<WorkspaceEdit['changes']> = {};
    for (const r of refs) (changes[toUri(r.file)] ??= []).push({ range: loc(r.file, r.item).range, newText: p.newName });
    return { changes };
  }));

  connection.onDocumentSymbol((p) => guard('documentSymbol', [], () => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return [];
    const idx = run(doc).index;
    const range = (s: Span) => ({ start: { line: s.line, character: s.start }, end: { line: s.line, character: s.end } });
    const kinds = { label: SymbolKind.Function, macro: SymbolKind.Module, equ: SymbolKind.Constant } as const;
    const syms = idx.defs.map((d) => DocumentSymbol.create(d.name, d.kind, kinds[d.kind], range(d), range(d)));
    const out: DocumentSymbol[] = [];
    const sections = idx.sections.map((s) => ({ s, sym: DocumentSymbol.create(s.name, 'section', SymbolKind.Namespace,
      { start: { line: s.line, character: 0 }, end: { line: s.end, character: 0 } }, { start: { line: s.line, character: 0 }, end: { line: s.line, character: 0 } }, []) }));
    syms.forEach((sym, i) => {
      const line = idx.defs[i].line;
      const sec = [...sections].reverse().find((x) => x.s.line <= line && line <= x.s.end);
      if (sec) sec.sym.children!.push(sym); else out.push(sym);
    });
    return [...out, ...sections.map((x) => x.sym)].sort((a, b) => a.range.start.line - b.range.start.line);
  }));

  connection.onWorkspaceSymbol((p) => guard('workspaceSymbol', [], () => {
    const q = p.query.toLowerCase();
    const out: WorkspaceSymbol[] = [];
    const kinds = { label: SymbolKind.Function, macro: SymbolKind.Module, equ: SymbolKind.Constant } as const;
    for (const f of ws.allFiles()) {
      for (const d of ws.index(f)?.defs ?? []) {
        if (out.length >= 1000) return out;
        if (d.name.toLowerCase().includes(q)) out.push({ name: d.name, kind: kinds[d.kind], location: loc(f, d) });
      }
    }
    return out;
  }));

  connection.languages.semanticTokens.on((p) => guard('semanticTokens', { data: [] }, () => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return { data: [] };
    const a = run(doc);
    return { data: semanticTokens(a.index, kindIn(uriToPath(doc.uri))) };
  }));

  connection.onFoldingRanges((p) => guard('folding', [], () => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? foldingRanges(run(doc).index, doc.getText()) : [];
  }));

  documents.listen(connection);
  connection.listen();
}
