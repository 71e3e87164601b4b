// Hover, completion, navigation across .include, rename, symbols, semantic tokens and folding,
// all requested over a real LSP connection to the server in a child process.

import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompletionItem, DocumentSymbol, FoldingRange, Hover, Location, SemanticTokens, WorkspaceEdit, WorkspaceSymbol } from 'vscode-languageserver-protocol';
import { startClient, uriOf, type Client } from './client';

const DEFS = [
  '.equ UART_BASE, 0x09000000',
  '.macro save_regs a, b',
  '    stp \\a, \\b, [sp, #-16]!',
  '.endm',
  'helper:',
  '    ret',
  '',
].join('\n');

const MAIN = [
  '// armvirt: el2',
  '    .include "defs.inc"',
  '    .text',
  '_start:',
  '    ldr x0, =UART_BASE',
  '    save_regs x0, x1',
  '    bl helper',
  '    mov x1, #0x2a',
  '    msr hcr_el2, x0',
  '1:  b 1b',
  '.if 1',
  '    nop',
  '.endif',
  'loop:',
  '    b loop',
  '    .data',
  'msg: .asciz "hi"',
  '',
].join('\n');

const GUEST = '// armvirt: el1\nguest_main:\n    msr \n    mrs x0, \n';

/** Position of the n-th occurrence of `needle` on line `line` of `text` (plus `off`). */
function pos(text: string, line: number, needle: string, off = 0): { line: number; character: number } {
  const ch = text.split('\n')[line].indexOf(needle);
  assert.ok(ch >= 0, `'${needle}' not on line ${line}`);
  return { line, character: ch + off };
}

describe('language server: features', () => {
  let c: Client;
  let dir: string;
  let main: string;
  let defs: string;
  const td = () => ({ uri: uriOf(main) });
  const hover = (p: { line: number; character: number }, uri = uriOf(main)) => c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: p });
  const hoverText = async (p: { line: number; character: number }) => {
    const h = await hover(p);
    assert.ok(h, 'no hover');
    return (h.contents as { value: string }).value;
  };
  const complete = (uri: string, p: { line: number; character: number }) => c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: p });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'armvirt-lsp-f-'));
    main = join(dir, 'main.S');
    defs = join(dir, 'defs.inc');
    writeFileSync(defs, DEFS);
    writeFileSync(main, MAIN);
    c = await startClient();
    assert.deepEqual(await c.open(main, MAIN), []);
  });
  after(async () => {
    await c.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('hover', () => {
    it('an instruction: encoding class, syntax and semantics from the table', async () => {
      const t = await hoverText(pos(MAIN, 4, 'ldr', 1));
      assert.match(t, /^\*\*ldr\*\*/);
      assert.match(t, /`ldr <Xt>, \[<Xn\|SP>\{, #<imm>\}\]` — Xt = Mem\[Xn\|SP \+ imm12 \* size, 8\]/);
      assert.match(t, /class `ldst\/unsigned-imm`/);
    });

    it('HCR_EL2: full name, encoding and every field', async () => {
      const t = await hoverText(pos(MAIN, 8, 'hcr_el2', 2));
      assert.match(t, /^\*\*HCR_EL2\*\* — Hypervisor Configuration/);
      assert.match(t, /op0=3 op1=4 CRn=1 CRm=1 op2=0 \(`S3_4_C1_C1_0`\)/);
      for (const f of ['VM', 'SWIO', 'FMO', 'IMO', 'AMO', 'TWI', 'TWE', 'TSC', 'TVM', 'TGE', 'E2H', 'RW']) assert.match(t, new RegExp(`\\| ${f} \\|`), f);
      assert.match(t, /\| 34 \| E2H \|/);
    });

    it('a symbol: its value after assembly', async () => {
      assert.match(await hoverText(pos(MAIN, 6, 'helper', 1)), /Value: `0x40080000` .*in \.text[\s\S]*Defined at defs\.inc:5/);
      assert.match(await hoverText(pos(MAIN, 3, '_start', 1)), /Value: `0x40080004`/);
      assert.match(await hoverText(pos(MAIN, 4, 'UART_BASE', 1)), /\.equ symbol\n\nValue: `0x9000000` \(150994944\) \(absolute\)/);
    });

    it('an immediate: hex, decimal and binary', async () => {
      const t = await hoverText(pos(MAIN, 7, '#0x2a', 2));
      assert.match(t, /hex: `0x2a`/);
      assert.match(t, /decimal: `42`/);
      assert.match(t, /binary: `0b10_1010`/);
    });
  });

  describe('completion', () => {
    it('mnemonics with operand snippets', async () => {
      const items = await complete(td().uri, pos(MAIN, 12, '.endif', 0));
      const add = items.find((i) => i.label === 'add');
      assert.ok(add);
      assert.equal(add.insertTextFormat, 2);
      assert.match(add.insertText!, /^add \$\{1:<Wd\|WSP>\}, \$\{2:<Wn\|WSP>\}, \$\{3:#<imm>\{, lsl #12\\\}\}$/);
      assert.ok(items.some((i) => i.label === 'save_regs'), 'macros in scope');
      assert.ok(items.some((i) => i.label === 'eret'));
    });

    it('directives after a dot', async () => {
      await c.change(main, MAIN.replace('    .data', '    .sec'));
      const items = await complete(td().uri, pos(MAIN, 15, '.data', 4));
      assert.ok(items.some((i) => i.label === '.section' && /name/.test(i.detail ?? '')));
      assert.ok(items.every((i) => i.label.startsWith('.')));
      await c.change(main, MAIN);
    });

    it('registers and symbols in scope (including .include’d ones) for operands', async () => {
      const items = await complete(td().uri, pos(MAIN, 7, '#0x2a'));
      const labels = new Set(items.map((i) => i.label));
      for (const l of ['x0', 'w30', 'sp', 'xzr', 'helper', 'UART_BASE', 'loop', 'msg']) assert.ok(labels.has(l), l);
    });

    it('system registers filtered by the EL of the line', async () => {
      const guest = join(dir, 'guest.S');
      await c.open(guest, GUEST);
      const el1 = new Set((await complete(uriOf(guest), { line: 2, character: 8 })).map((i) => i.label));
      assert.ok(el1.has('sctlr_el1') && el1.has('cntv_ctl_el0'));
      assert.ok(!el1.has('hcr_el2') && !el1.has('scr_el3'));
      const el1r = new Set((await complete(uriOf(guest), { line: 3, character: 12 })).map((i) => i.label));
      assert.ok(el1r.has('midr_el1') && !el1r.has('vttbr_el2'));
      const el2 = new Set((await complete(td().uri, pos(MAIN, 8, 'hcr_el2'))).map((i) => i.label));
      assert.ok(el2.has('hcr_el2') && el2.has('sctlr_el1') && !el2.has('scr_el3'));
    });
  });

  describe('navigation', () => {
    it('go to definition of a label, a macro and an .equ in an included file', async () => {
      const def = (p: { line: number; character: number }) => c.request<Location[]>('textDocument/definition', { textDocument: td(), position: p });
      assert.deepEqual(await def(pos(MAIN, 6, 'helper', 2)), [{ uri: uriOf(defs), range: { start: { line: 4, character: 0 }, end: { line: 4, character: 6 } } }]);
      assert.deepEqual(await def(pos(MAIN, 5, 'save_regs', 3)), [{ uri: uriOf(defs), range: { start: { line: 1, character: 7 }, end: { line: 1, character: 16 } } }]);
      assert.deepEqual(await def(pos(MAIN, 4, 'UART_BASE')), [{ uri: uriOf(defs), range: { start: { line: 0, character: 5 }, end: { line: 0, character: 14 } } }]);
      assert.deepEqual(await def(pos(MAIN, 9, '1b')), [{ uri: uriOf(main), range: { start: { line: 9, character: 0 }, end: { line: 9, character: 1 } } }]);
    });

    it('find references across files', async () => {
      const refs = await c.request<Location[]>('textDocument/references', { textDocument: td(), position: pos(MAIN, 6, 'helper'), context: { includeDeclaration: true } });
      const got = refs.map((r) => `${r.uri === uriOf(defs) ? 'defs' : 'main'}:${r.range.start.line}:${r.range.start.character}`).sort();
      assert.deepEqual(got, ['defs:4:0', 'main:6:7']);
    });

    it('rename a label: every reference, in every file', async () => {
      const edit = await c.request<WorkspaceEdit>('textDocument/rename', { textDocument: td(), position: pos(MAIN, 6, 'helper'), newName: 'assist' });
      assert.deepEqual(Object.keys(edit.changes!).sort(), [uriOf(defs), uriOf(main)].sort());
      assert.deepEqual(edit.changes![uriOf(defs)], [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 6 } }, newText: 'assist' }]);
      assert.deepEqual(edit.changes![uriOf(main)], [{ range: { start: { line: 6, character: 7 }, end: { line: 6, character: 13 } }, newText: 'assist' }]);
      const local = await c.request<WorkspaceEdit>('textDocument/rename', { textDocument: td(), position: pos(MAIN, 14, 'loop'), newName: 'again' });
      assert.equal(local.changes![uriOf(main)].length, 2);
    });

    it('rename refuses a bad name or a register', async () => {
      await assert.rejects(c.request('textDocument/rename', { textDocument: td(), position: pos(MAIN, 14, 'loop'), newName: '9lives' }), /not a valid symbol name/);
      await assert.rejects(c.request('textDocument/rename', { textDocument: td(), position: pos(MAIN, 4, 'x0'), newName: 'y' }), /not a label, macro or \.equ/);
      assert.equal(await c.request('textDocument/prepareRename', { textDocument: td(), position: pos(MAIN, 4, 'ldr') }), null);
    });

    it('document symbols: labels within sections; workspace symbols', async () => {
      const syms = await c.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: td() });
      const text = syms.find((s) => s.name === '.text');
      assert.ok(text);
      assert.deepEqual(text.children!.map((s) => s.name), ['_start', 'loop']);
      assert.deepEqual(syms.find((s) => s.name === '.data')!.children!.map((s) => s.name), ['msg']);
      const ws = await c.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'help' });
      assert.deepEqual(ws.map((s) => [s.name, (s.location as Location).uri]), [['helper', uriOf(defs)]]);
    });
  });

  it('semantic tokens classify mnemonics, macros, labels, registers and system registers', async () => {
    const t = await c.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: td() });
    const legend = ['keyword', 'macro', 'function', 'variable', 'number', 'string', 'property', 'parameter'];
    const lines = MAIN.split('\n');
    const toks: string[] = [];
    let line = 0;
    let ch = 0;
    for (let i = 0; i < t.data.length; i += 5) {
      line += t.data[i];
      ch = t.data[i] ? t.data[i + 1] : ch + t.data[i + 1];
      toks.push(`${lines[line].slice(ch, ch + t.data[i + 2])}:${legend[t.data[i + 3]]}`);
    }
    for (const e of ['_start:function', 'ldr:keyword', 'x0:parameter', 'UART_BASE:variable', 'save_regs:macro', 'helper:function', '#0x2a:number', 'hcr_el2:property', '"hi":string', '.include:keyword']) {
      assert.ok(toks.includes(e), `${e} in ${toks.join(' ')}`);
    }
  });

  it('folding: conditionals, sections and macros', async () => {
    const f = await c.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: td() });
    const r = f.map((x) => [x.startLine, x.endLine]);
    assert.ok(r.some(([s, e]) => s === 10 && e === 11), JSON.stringify(r));
    assert.ok(r.some(([s, e]) => s === 2 && e === 14), JSON.stringify(r));
    await c.open(defs, DEFS);
    const m = await c.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: uriOf(defs) } });
    assert.deepEqual(m.map((x) => [x.startLine, x.endLine]), [[1, 2]]);
  });
});

describe('armvirt lsp --stdio', () => {
  it('serves the same server through the CLI and exits 0 after shutdown/exit', async () => {
    const bin = join(__dirname, '..', '..', 'bin', 'armvirt.js');
    process.env.ARMVIRT_FROM_SOURCE = '1';
    let c: Client | undefined;
    try {
      c = await startClient({}, [bin, 'lsp', '--stdio']);
      const d = await c.open(join(tmpdir(), 'cli-lsp.S'), '    frob\n');
      assert.equal(d[0].message, "unknown instruction 'frob'");
      const exited = new Promise<number | null>((resolve) => c!.proc.on('exit', (code) => resolve(code)));
      await c.close();
      assert.equal(await exited, 0);
    } finally {
      delete process.env.ARMVIRT_FROM_SOURCE;
    }
  });
});
