// The language client in a real VS Code: diagnostics from the real assembler and hover from the
// system register table, in an .S file.

import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, sample, until } from './helpers';

export function registerLspSuite(): void {
  describe('language client', () => {
    before(async () => { await (await api()).languageClientReady(); });

    it('reports an assembly error as a diagnostic', async () => {
      const f = path.join(mkdtempSync(path.join(tmpdir(), 'armvirt-lsp-')), 'bad.S');
      writeFileSync(f, '_start:\n  mov x0, #1\n  bogus x1, x2\n  b .\n');
      const doc = await vscode.workspace.openTextDocument(f);
      await vscode.window.showTextDocument(doc);
      assert.equal(doc.languageId, 'arm64-asm');
      const ds = await until('diagnostics on bad.S', () => {
        const d = vscode.languages.getDiagnostics(doc.uri);
        return d.length ? d : undefined;
      });
      const d = ds.find((x) => /bogus/.test(x.message));
      assert.ok(d, `diagnostics: ${ds.map((x) => x.message).join(' | ')}`);
      assert.equal(d.range.start.line, 2);
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    });

    it('hovers a system register with its description', async () => {
      const doc = await vscode.workspace.openTextDocument(sample());
      await vscode.window.showTextDocument(doc);
      const line = doc.getText().split('\n').findIndex((l) => /msr vtcr_el2/.test(l));
      const pos = new vscode.Position(line, doc.lineAt(line).text.indexOf('vtcr_el2') + 2);
      const hovers = await until('a hover', async () => {
        const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
        return h?.length ? h : undefined;
      });
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.match(text, /VTCR_EL2/);
    });
  });
}
