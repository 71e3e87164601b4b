// Puts the hypervisor views into VS Code: each is a webview view in the Run and Debug side bar
// and can also open as an editor panel (wider, for the timeline and the chart). All webviews of
// a view show the same rendering; a refresh after each stop re-asks the adapter.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { page, type ViewContent } from './views/html';
import type { HypervisorView, ViewContext } from './views/view';

export class ViewHost implements vscode.WebviewViewProvider, vscode.Disposable {
  private readonly webviews = new Set<vscode.Webview>();
  private readonly disposables: vscode.Disposable[] = [];
  private content: ViewContent = { state: 'busy', html: '' };
  private rendering: Promise<void> | null = null;
  private again = false;
  /** Fires after each completed rendering (tests wait on it). */
  private readonly emitter = new vscode.EventEmitter<ViewContent>();
  readonly onDidRender = this.emitter.event;

  constructor(readonly view: HypervisorView, private readonly ctx: () => ViewContext) {}

  get last(): ViewContent { return this.content; }

  resolveWebviewView(wv: vscode.WebviewView): void {
    this.attach(wv.webview, wv.onDidDispose);
    wv.onDidChangeVisibility(() => { if (wv.visible) void this.refresh(); }, undefined, this.disposables);
    void this.refresh();
  }

  /** Opens (or reveals) the view as an editor panel. */
  openPanel(): vscode.WebviewPanel {
    const p = vscode.window.createWebviewPanel(this.view.id, `armvirt: ${this.view.title}`, vscode.ViewColumn.Beside, { enableScripts: true, retainContextWhenHidden: true });
    this.attach(p.webview, p.onDidDispose);
    void this.refresh();
    return p;
  }

  private attach(w: vscode.Webview, onDispose: vscode.Event<void>): void {
    w.options = { enableScripts: true, localResourceRoots: [] };
    w.html = page(this.view.title, this.content, randomBytes(16).toString('base64'), w.cspSource);
    this.webviews.add(w);
    onDispose(() => this.webviews.delete(w), undefined, this.disposables);
    w.onDidReceiveMessage((m: { cmd?: unknown; arg?: unknown }) => void this.onMessage(w, m), undefined, this.disposables);
  }

  private async onMessage(w: vscode.Webview, m: { cmd?: unknown; arg?: unknown }): Promise<void> {
    if (m.cmd === 'ready') { void w.postMessage({ type: 'render', ...this.content }); return; }
    if (typeof m.cmd !== 'string' || !this.view.message) return;
    try {
      if (await this.view.message(m.cmd, typeof m.arg === 'string' ? m.arg : undefined, this.ctx())) await this.refresh();
    } catch (e) {
      this.show({ state: 'error', html: `<div class="notice error">${String(e instanceof Error ? e.message : e).replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'))}</div>` });
    }
  }

  /** Renders again; calls during a rendering coalesce into one more. */
  refresh(): Promise<void> {
    if (this.rendering) { this.again = true; return this.rendering; }
    this.rendering = (async () => {
      do {
        this.again = false;
        let c: ViewContent;
        try { c = await this.view.render(this.ctx()); } catch (e) { c = { state: 'error', html: `<div class="notice error">${String(e instanceof Error ? e.message : e).replace(/[<&]/g, (ch) => (ch === '<' ? '&lt;' : '&amp;'))}</div>` }; }
        this.show(c);
      } while (this.again);
      this.rendering = null;
    })();
    return this.rendering;
  }

  private show(c: ViewContent): void {
    this.content = c;
    for (const w of this.webviews) void w.postMessage({ type: 'render', ...c });
    this.emitter.fire(c);
  }

  dispose(): void { for (const d of this.disposables) d.dispose(); this.emitter.dispose(); }
}
