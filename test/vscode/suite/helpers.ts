// Helpers of the in-VS Code suites: the extension's API, the sample workspace, waiting for DAP
// events through a tracker, and the screenshot handshake with the Playwright driver.

import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { ArmvirtApi } from '../../../extension/extension';

export const EXTENSION_ID = 'armvirt.armvirt';

export async function api(): Promise<ArmvirtApi> {
  const ext = vscode.extensions.getExtension<ArmvirtApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

export function workspaceDir(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error('the suites need the test/vscode/workspace folder open');
  return f.uri.fsPath;
}
export const sample = (): string => path.join(workspaceDir(), 'hvc-trap.S');

/** 1-based line of the first line containing `marker` in a file. */
export function lineOf(file: string, marker: string): number {
  const i = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`'${marker}' not in ${file}`);
  return i + 1;
}

/** Collects what armvirt adapters send, for waiting on events. */
export class DapLog implements vscode.Disposable {
  readonly events: DebugProtocol.Event[] = [];
  private waiters: (() => void)[] = [];
  private readonly reg: vscode.Disposable;
  constructor() {
    this.reg = vscode.debug.registerDebugAdapterTrackerFactory('armvirt', {
      createDebugAdapterTracker: () => ({
        onDidSendMessage: (m: DebugProtocol.ProtocolMessage) => {
          if (m.type === 'event') { this.events.push(m as DebugProtocol.Event); for (const w of this.waiters.splice(0)) w(); }
        },
      }),
    });
  }
  /** Waits for the next event (after index `from`) satisfying `pred`. */
  async next(pred: (e: DebugProtocol.Event) => boolean, from: number, ms = 60000): Promise<DebugProtocol.Event> {
    const end = Date.now() + ms;
    for (;;) {
      const hit = this.events.slice(from).find(pred);
      if (hit) return hit;
      if (Date.now() > end) throw new Error(`timed out waiting for a DAP event; got ${this.events.slice(from).map((e) => e.event).join(', ') || 'none'}`);
      await new Promise<void>((r) => { this.waiters.push(r); setTimeout(r, 500); });
    }
  }
  dispose(): void { this.reg.dispose(); }
}

export const isStop = (reason?: string) => (e: DebugProtocol.Event): boolean => e.event === 'stopped' && (!reason || (e as DebugProtocol.StoppedEvent).body.reason === reason);

export async function until<T>(what: string, f: () => T | undefined | Promise<T | undefined>, ms = 30000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Asks the Playwright driver (run-server.ts) to check the webviews titled `viewTitle` (at least
 * `webviews` of them open, each showing data) and screenshot the workbench as docs/<name>.png; resolves with what the page showed. Undefined when no driver
 * listens (run-electron.ts).
 */
export async function uiCheck(name: string, viewTitle: string, webviews = 1): Promise<{ state: string; text: string; screenshot: string } | undefined> {
  const dir = process.env.ARMVIRT_VSCODE_HANDSHAKE;
  if (!dir) return undefined;
  const file = path.join(dir, `${name}.json`);
  console.log(`ARMVIRT_UI ${name} ${encodeURIComponent(viewTitle)} ${webviews}`);
  const got = await until(`the driver's check of ${name}`, () => (existsSync(file) ? readFileSync(file, 'utf8') : undefined), 60000);
  return JSON.parse(got) as { state: string; text: string; screenshot: string };
}
