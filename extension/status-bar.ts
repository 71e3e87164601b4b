// The status bar item while an armvirt session is paused: the stopped core, its world and EL,
// and the cycles that core ran since the previous stop (armvirt/worldInfo; the thread name when
// the adapter does not answer it).

import * as vscode from 'vscode';
import { CUSTOM_REQUESTS, customRequest } from './custom';
import type { SessionInfo } from './session-state';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('armvirt.status', vscode.StatusBarAlignment.Left, 50);
  /** Cycles per core at the previous stop, per session. */
  private readonly lastCycles = new Map<string, Map<number, number>>();
  private seq = 0;

  constructor() {
    this.item.name = 'armvirt core';
    this.item.command = 'workbench.debug.action.focusCallStackView';
  }

  get text(): string { return this.item.text; }

  async update(i: SessionInfo | undefined): Promise<void> {
    const n = ++this.seq;
    if (!i || !i.paused) { this.item.hide(); return; }
    const text = await this.describe(i);
    if (n !== this.seq) return; // a newer stop or run arrived meanwhile
    this.item.text = `$(debug-pause) ${text}`;
    this.item.tooltip = 'armvirt: the core the debugger stopped on, its world and exception level, and the cycles it ran since the last stop';
    this.item.show();
  }

  private async describe(i: SessionInfo): Promise<string> {
    const w = await customRequest(i.session, CUSTOM_REQUESTS.worldInfo, {});
    if (w.state === 'ok') {
      const core = w.body.cores.find((c) => c.cpu === i.threadId) ?? w.body.cores[0];
      if (core) {
        const prev = this.lastCycles.get(i.session.id) ?? new Map<number, number>();
        const delta = prev.has(core.cpu) ? core.cycles - (prev.get(core.cpu) ?? 0) : core.cycles;
        for (const c of w.body.cores) prev.set(c.cpu, c.cycles);
        this.lastCycles.set(i.session.id, prev);
        return `cpu${core.cpu} · ${core.world} · EL${core.el} · +${delta.toLocaleString('en-US')} cycles`;
      }
    }
    // Thread names are "cpuN · ELn" (debug-adapter/session.ts threadsRequest).
    try {
      const t = (await i.session.customRequest('threads')) as { threads?: { id: number; name: string }[] };
      const th = t.threads?.find((x) => x.id === i.threadId) ?? t.threads?.[0];
      if (th) return `${th.name} · cycles n/a`;
    } catch { /* the session ended meanwhile */ }
    return 'paused';
  }

  forget(session: vscode.DebugSession): void { this.lastCycles.delete(session.id); }
  dispose(): void { this.item.dispose(); }
}
