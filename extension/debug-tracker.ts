// Watches the DAP messages of each armvirt session: keeps SessionStates (stopped/running), turns
// a failed launch into VS Code errors (assembly errors as diagnostics on the source and lines in
// the debug console), reports an adapter that exits unexpectedly, and shows a cancellable
// progress notification while a launch (assembling, loading, booting) takes long.

import * as vscode from 'vscode';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { parseSourceErrors } from './launch-errors';
import { RUN_REQUESTS, type SessionStates } from './session-state';

export class Tracker implements vscode.DebugAdapterTrackerFactory, vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('armvirt-launch');
  /** Messages shown to the user, newest last (tests read them). */
  readonly shownErrors: string[] = [];

  constructor(private readonly states: SessionStates) {}

  createDebugAdapterTracker(session: vscode.DebugSession): vscode.DebugAdapterTracker {
    const states = this.states;
    let launchSeq = -1;
    let launchDone: (() => void) | undefined;
    const endProgress = (): void => { launchDone?.(); launchDone = undefined; };
    return {
      onWillReceiveMessage: (m: DebugProtocol.ProtocolMessage) => {
        if (m.type !== 'request') return;
        const r = m as DebugProtocol.Request;
        if (r.command === 'launch') {
          launchSeq = r.seq;
          this.diagnostics.clear();
          launchDone = this.progress(session);
        } else if (RUN_REQUESTS.has(r.command)) states.update(session, { paused: false });
        else if (r.command === 'disconnect' || r.command === 'terminate') states.update(session, { ending: true });
      },
      onDidSendMessage: (m: DebugProtocol.ProtocolMessage) => {
        if (m.type === 'response') {
          const r = m as DebugProtocol.Response;
          if (r.request_seq === launchSeq && r.command === 'launch') {
            endProgress();
            if (!r.success) this.launchFailed(session, r.body?.error?.format ?? r.message ?? 'launch failed');
          }
          return;
        }
        if (m.type !== 'event') return;
        const e = m as DebugProtocol.Event;
        switch (e.event) {
          case 'stopped': {
            endProgress();
            const b = (e as DebugProtocol.StoppedEvent).body;
            states.update(session, { paused: true, threadId: b.threadId ?? 0, reason: b.reason });
            break;
          }
          case 'continued': states.update(session, { paused: false }); break;
          case 'terminated': case 'exited': endProgress(); states.update(session, { paused: false, ending: true }); break;
          case 'output': {
            const o = (e as DebugProtocol.OutputEvent).body;
            if (o.category === 'stderr') this.showSourceErrors(o.output, false);
            break;
          }
        }
      },
      onError: (err: Error) => { this.error(`armvirt: debug adapter error: ${err.message}`); },
      onExit: (code: number | undefined, signal: string | undefined) => {
        endProgress();
        const i = states.get(session);
        if (!i.ending && (code !== 0 || signal)) {
          this.error(`armvirt: the debug adapter exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${String(code)}`}). The session '${session.name}' has ended.`);
        }
      },
    };
  }

  private error(msg: string): void {
    this.shownErrors.push(msg);
    void vscode.window.showErrorMessage(msg);
  }

  /** VS Code already shows the error response; add the diagnostics and the debug-console lines. */
  private launchFailed(session: vscode.DebugSession, message: string): void {
    this.shownErrors.push(message);
    vscode.debug.activeDebugConsole.appendLine(`armvirt: ${message}`);
    this.showSourceErrors(message, true);
    void session;
  }

  private showSourceErrors(text: string, reveal: boolean): void {
    const errs = parseSourceErrors(text);
    if (!errs.length) return;
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const e of errs) {
      const pos = new vscode.Position(Math.max(0, e.line - 1), Math.max(0, e.column - 1));
      const d = new vscode.Diagnostic(new vscode.Range(pos, pos.translate(0, 1)), e.message, e.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error);
      d.source = 'armvirt';
      byFile.set(e.file, [...(byFile.get(e.file) ?? []), d]);
    }
    for (const [file, ds] of byFile) this.diagnostics.set(vscode.Uri.file(file), ds);
    if (reveal) void vscode.commands.executeCommand('workbench.actions.view.problems');
  }

  /** A progress notification if the launch is not answered within armvirt.progress.delayMs; cancel stops the session. */
  private progress(session: vscode.DebugSession): () => void {
    let done!: () => void;
    const finished = new Promise<void>((r) => { done = r; });
    const delay = vscode.workspace.getConfiguration('armvirt').get<number>('progress.delayMs', 700);
    let over = false;
    const timer = setTimeout(() => {
      if (over) return;
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `armvirt: loading ${session.configuration.program ?? 'the program'}…`, cancellable: true }, (_p, token) => {
        token.onCancellationRequested(() => { void vscode.debug.stopDebugging(session); done(); });
        return finished;
      });
    }, delay);
    return () => { over = true; clearTimeout(timer); done(); };
  }

  dispose(): void { this.diagnostics.dispose(); }
}
