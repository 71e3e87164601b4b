// What the extension knows about each armvirt debug session from the messages it sees pass
// (debug-tracker.ts): stopped or running, where it last stopped. The views and the status bar
// follow it. DAP: a 'stopped' event stops, a run request or 'continued' event resumes.

import * as vscode from 'vscode';

export interface SessionInfo {
  session: vscode.DebugSession;
  paused: boolean;
  /** The core (DAP thread) of the last stop and the stop's reason. */
  threadId: number;
  reason: string;
  /** Set once the adapter said it terminated, or VS Code asked it to: its exit is then expected. */
  ending: boolean;
}

/** Requests after which the target runs (DAP: the response precedes the next 'stopped'). */
export const RUN_REQUESTS = new Set(['continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue', 'goto', 'restart']);

export class SessionStates implements vscode.Disposable {
  private readonly byId = new Map<string, SessionInfo>();
  private readonly emitter = new vscode.EventEmitter<SessionInfo>();
  readonly onDidChange = this.emitter.event;

  get(s: vscode.DebugSession): SessionInfo {
    let i = this.byId.get(s.id);
    if (!i) { i = { session: s, paused: false, threadId: 0, reason: '', ending: false }; this.byId.set(s.id, i); }
    return i;
  }
  update(s: vscode.DebugSession, patch: Partial<Omit<SessionInfo, 'session'>>): void {
    const i = Object.assign(this.get(s), patch);
    this.emitter.fire(i);
  }
  delete(s: vscode.DebugSession): void {
    const i = this.byId.get(s.id);
    this.byId.delete(s.id);
    if (i) this.emitter.fire({ ...i, paused: false });
  }
  dispose(): void { this.emitter.dispose(); }
}
