// The VS Code client: the AArch64 language client, the `armvirt` debugger (configuration,
// adapter placement, message tracking), the hypervisor views in the Run and Debug side bar and
// the status bar. activate() returns a small API the in-VS Code test suites read.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { armvirtSession, customRequest } from './custom';
import { AdapterFactory, ConfigurationProvider, DEBUG_TYPE } from './debug-config';
import { Tracker } from './debug-tracker';
import { startLanguageClient } from './language-client';
import { SessionStates } from './session-state';
import { StatusBar } from './status-bar';
import { ViewHost } from './view-host';
import type { ViewContent } from './views/html';
import { MicrobenchView } from './views/microbench';
import { parseIpa, Stage2View } from './views/stage2';
import { TimelineView } from './views/timeline';
import type { ViewContext } from './views/view';
import { VgicView } from './views/vgic';

/** Run back to an event of the timeline: a custom request the adapter adds with reverse execution to a cycle. */
export const REVERSE_TO_REQUEST = 'armvirt/reverseTo' as const;

export interface ArmvirtApi {
  /** The last rendering of each view, by view id (armvirt.stage2, armvirt.vgic, armvirt.timeline, armvirt.microbench). */
  view(id: string): ViewContent | undefined;
  /** Re-renders every view and resolves when all are done. */
  refreshViews(): Promise<void>;
  statusBarText(): string;
  /** Errors the extension showed the user (launch failures, adapter exits). */
  shownErrors(): readonly string[];
  languageClientReady(): Promise<void>;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<ArmvirtApi> {
  const sub = <T extends vscode.Disposable>(d: T): T => { context.subscriptions.push(d); return d; };

  // ---- language client (failure to start it must not take the debugger down) ----
  const lsp = startLanguageClient(context).then((c) => { client = c; }, (e: Error) => {
    void vscode.window.showErrorMessage(`armvirt: the AArch64 language server did not start: ${e.message}`);
  });
  sub({ dispose: () => void client?.stop() });

  // ---- debugger ----
  const states = sub(new SessionStates());
  const tracker = sub(new Tracker(states));
  sub(vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new ConfigurationProvider()));
  sub(vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new AdapterFactory(context)));
  sub(vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, tracker));

  // ---- views ----
  const cfg = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('armvirt');
  const ctx = (): ViewContext => {
    const session = armvirtSession(vscode);
    return {
      session,
      paused: session ? states.get(session).paused : false,
      maxEvents: cfg().get<number>('timeline.maxEvents', 2000),
      hypervisors: cfg().get<('kvm' | 'xen' | 'kvm-vhe')[]>('microbench.hypervisors', ['kvm', 'xen', 'kvm-vhe']),
      jumpTo: async (cpu, cycle, icount) => {
        const r = await customRequest(session, REVERSE_TO_REQUEST, { cpu, cycle, icount });
        return r.state === 'ok' ? null : r.state === 'unavailable' ? 'the debug adapter cannot run back to a cycle yet (reverse execution to an event)' : r.message;
      },
      withProgress: (title, work) => Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_p, token) => {
        // The adapter cannot abandon a run midway (no DAP cancel yet): cancelling drops its result.
        const cancelled = new Promise<undefined>((r) => token.onCancellationRequested(() => r(undefined)));
        return Promise.race([work(() => token.isCancellationRequested), cancelled]);
      })),
    };
  };
  const stage2 = new Stage2View(), vgic = new VgicView(), timeline = new TimelineView(), micro = new MicrobenchView();
  const hosts = [stage2, vgic, timeline, micro].map((v) => sub(new ViewHost(v, ctx)));
  for (const h of hosts) sub(vscode.window.registerWebviewViewProvider(h.view.id, h, { webviewOptions: { retainContextWhenHidden: true } }));
  const host = (id: string): ViewHost | undefined => hosts.find((h) => h.view.id === id);
  const refreshAll = async (): Promise<void> => { await Promise.all(hosts.map((h) => h.refresh())); };

  // ---- status bar ----
  const status = sub(new StatusBar());
  sub(states.onDidChange((i) => {
    if (armvirtSession(vscode)?.id === i.session.id) { void status.update(i); void refreshAll(); }
  }));
  sub(vscode.debug.onDidChangeActiveDebugSession((s) => {
    void status.update(s && s.type === DEBUG_TYPE ? states.get(s) : undefined);
    void refreshAll();
  }));
  sub(vscode.debug.onDidStartDebugSession((s) => {
    if (s.type !== DEBUG_TYPE) return;
    timeline.reset(); micro.reset();
    void vscode.commands.executeCommand('setContext', 'armvirt.views.visible', true);
  }));
  sub(vscode.debug.onDidTerminateDebugSession((s) => {
    if (s.type !== DEBUG_TYPE) return;
    states.delete(s); status.forget(s);
    void status.update(undefined);
    void refreshAll();
  }));

  // ---- commands ----
  const cmd = (id: string, f: (...a: unknown[]) => unknown): void => { sub(vscode.commands.registerCommand(id, f)); };
  cmd('armvirt.refreshViews', refreshAll);
  cmd('armvirt.showViews', async () => {
    await vscode.commands.executeCommand('setContext', 'armvirt.views.visible', true);
    await vscode.commands.executeCommand('workbench.view.debug');
  });
  cmd('armvirt.stage2Walk', async (arg?: unknown) => {
    const text = typeof arg === 'string' ? arg : await vscode.window.showInputBox({ prompt: 'IPA to walk through Stage 2 (hex)', placeHolder: '0x40000000', validateInput: (v) => (parseIpa(v) ? null : 'a hexadecimal address') });
    const ipa = text ? parseIpa(text) : null;
    if (!ipa) return;
    stage2.setWalk(ipa);
    await host('armvirt.stage2')?.refresh();
  });
  cmd('armvirt.runMicrobenchmarks', async () => {
    await micro.run(ctx());
    await host('armvirt.microbench')?.refresh();
  });
  for (const [c, id] of [['armvirt.openStage2', 'armvirt.stage2'], ['armvirt.openVgic', 'armvirt.vgic'], ['armvirt.openTimeline', 'armvirt.timeline'], ['armvirt.openMicrobench', 'armvirt.microbench']] as const) {
    cmd(c, () => { host(id)?.openPanel(); });
  }

  return {
    view: (id) => host(id)?.last,
    refreshViews: refreshAll,
    statusBarText: () => status.text,
    shownErrors: () => tracker.shownErrors,
    languageClientReady: () => lsp,
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
