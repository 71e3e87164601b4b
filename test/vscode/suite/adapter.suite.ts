// Where the adapter runs: inside the extension host with armvirt.debugAdapter.mode = "inline"
// (the default, a separate process, is what debug.suite.ts uses).

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { DapLog, isStop, sample } from './helpers';

export function registerAdapterSuite(): void {
  describe('adapter placement', function () {
    this.timeout(60000);

    it('runs a session inside the extension host in inline mode', async () => {
      const cfg = vscode.workspace.getConfiguration('armvirt');
      await cfg.update('debugAdapter.mode', 'inline', vscode.ConfigurationTarget.Global);
      const log = new DapLog();
      try {
        assert.ok(await vscode.debug.startDebugging(undefined, { type: 'armvirt', request: 'launch', name: 'inline', program: sample(), stopOnEntry: true }));
        await log.next(isStop('entry'), 0);
        const s = vscode.debug.activeDebugSession;
        assert.ok(s);
        const { threads } = (await s.customRequest('threads')) as { threads: { name: string }[] };
        assert.match(threads[0].name, /cpu0/);
        const ps = execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
        assert.ok(!/dist\/debug-adapter\.js/.test(ps), `an adapter process runs:\n${ps}`);
        await vscode.debug.stopDebugging(s);
      } finally {
        log.dispose();
        await cfg.update('debugAdapter.mode', undefined, vscode.ConfigurationTarget.Global);
      }
    });
  });
}
