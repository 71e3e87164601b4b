// Errors reach the user as VS Code errors: a missing program stops the launch before an
// adapter starts; an assembly error in the program becomes a diagnostic on the source.

import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, until } from './helpers';

export function registerErrorSuite(): void {
  describe('launch errors', function () {
    this.timeout(60000);

    it('refuses a launch configuration naming a missing file', async () => {
      const ok = await vscode.debug.startDebugging(undefined, { type: 'armvirt', request: 'launch', name: 'missing', program: '/nonexistent/prog.S' });
      assert.equal(ok, false);
      assert.equal(vscode.debug.activeDebugSession, undefined);
    });

    it('shows an assembly error of the program as a diagnostic', async () => {
      const a = await api();
      const f = path.join(mkdtempSync(path.join(tmpdir(), 'armvirt-launch-')), 'broken.S');
      writeFileSync(f, '_start:\n  mov x0, #1\n  frobnicate x1\n  b .\n');
      // VS Code shows the adapter's error response in a dialog; the test workbench refuses dialogs
      // and rejects instead, which is the same failure seen from here.
      await Promise.resolve(vscode.debug.startDebugging(undefined, { type: 'armvirt', request: 'launch', name: 'broken', program: f })).catch((e: Error) => {
        assert.match(e.message, /frobnicate/);
      });
      const d = await until('a launch diagnostic', () => vscode.languages.getDiagnostics(vscode.Uri.file(f)).find((x) => x.source === 'armvirt'));
      assert.match(d.message, /frobnicate/);
      assert.equal(d.range.start.line, 2);
      assert.ok(a.shownErrors().some((m) => /frobnicate/.test(m)));
      if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
    });
  });
}
