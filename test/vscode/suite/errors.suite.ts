// Errors reach the user as VS Code errors: a missing program stops the launch before an
// adapter starts; an assembly error in the program becomes a diagnostic on the source; an
// adapter process that dies is reported.

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, DapLog, isStop, sample, until } from './helpers';

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

    it('reports an adapter process that dies', async () => {
      const a = await api();
      const log = new DapLog();
      try {
        const ok = await vscode.debug.startDebugging(undefined, { type: 'armvirt', request: 'launch', name: 'doomed', program: sample(), stopOnEntry: true });
        assert.ok(ok);
        await log.next(isStop('entry'), 0);
        // The adapter is a child of this extension host (DebugAdapterExecutable, process mode).
        const ps = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
        const line = ps.split('\n').find((l) => /dist\/debug-adapter\.js/.test(l));
        assert.ok(line, `no adapter process among the extension host's children:\n${ps}`);
        process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
        const msg = await until('the error message', () => a.shownErrors().find((m) => /exited unexpectedly/.test(m)));
        assert.match(msg, /signal SIGKILL|exit code/);
      } finally {
        log.dispose();
        // The dead adapter cannot answer the disconnect: VS Code cancels it.
        if (vscode.debug.activeDebugSession) await Promise.resolve(vscode.debug.stopDebugging()).catch(() => undefined);
      }
    });
  });
}
