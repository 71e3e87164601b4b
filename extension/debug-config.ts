// The `armvirt` debugger's configuration side: resolving launch configurations (F5 on an open
// .S file works without a launch.json; a missing program is a VS Code error before any adapter
// starts) and choosing where the adapter runs — its own Node process (default), inside the
// extension host (setting armvirt.debugAdapter.mode = "inline", for tests), or a running
// `armvirt dap --port N` for attach.

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const DEBUG_TYPE = 'armvirt';

/** The launch configurations VS Code offers in a new launch.json (package.json has the same). */
export const INITIAL_CONFIGURATIONS: vscode.DebugConfiguration[] = [
  { type: DEBUG_TYPE, request: 'launch', name: 'armvirt: bare metal', program: '${file}', hypervisor: 'none', stopOnEntry: true },
];

export class ConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] { return INITIAL_CONFIGURATIONS; }

  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    // F5 without a launch.json: debug the assembly file in the editor.
    if (!config.type && !config.request && !config.name) {
      const ed = vscode.window.activeTextEditor;
      if (ed && ed.document.languageId === 'arm64-asm') {
        return { type: DEBUG_TYPE, request: 'launch', name: 'armvirt: current file', program: ed.document.uri.fsPath, stopOnEntry: true };
      }
      void vscode.window.showErrorMessage('armvirt: open an AArch64 assembly (.S) file or add an armvirt launch configuration to debug.');
      return undefined;
    }
    return config;
  }

  /** After ${…} substitution: check what can be checked before an adapter starts. */
  resolveDebugConfigurationWithSubstitutedVariables(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    if (config.request === 'attach') {
      const port = config.port;
      if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
        void vscode.window.showErrorMessage(`armvirt: attach needs 'port', the TCP port of a running 'armvirt dap --port N' (got ${JSON.stringify(port)}).`);
        return undefined;
      }
      return config;
    }
    const prog = config.program;
    if (typeof prog !== 'string' || !prog) {
      void vscode.window.showErrorMessage("armvirt: the launch configuration needs 'program', the .S, ELF or Image file to run.");
      return undefined;
    }
    const abs = path.isAbsolute(prog) ? prog : path.resolve(folder?.uri.fsPath ?? process.cwd(), prog);
    if (!existsSync(abs)) {
      void vscode.window.showErrorMessage(`armvirt: the program '${prog}' does not exist.`);
      return undefined;
    }
    for (const g of Array.isArray(config.guests) ? (config.guests as unknown[]) : []) {
      const gp = typeof g === 'string' ? g : (g as { program?: unknown } | null)?.program;
      if (typeof gp === 'string' && !existsSync(path.isAbsolute(gp) ? gp : path.resolve(folder?.uri.fsPath ?? process.cwd(), gp))) {
        void vscode.window.showErrorMessage(`armvirt: the guest image '${gp}' does not exist.`);
        return undefined;
      }
    }
    return { ...config, program: abs };
  }
}

export type AdapterMode = 'process' | 'inline';

export class AdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly context: vscode.ExtensionContext) {}

  async createDebugAdapterDescriptor(session: vscode.DebugSession): Promise<vscode.DebugAdapterDescriptor> {
    const c = session.configuration;
    if (c.request === 'attach') return new vscode.DebugAdapterServer(Number(c.port), typeof c.host === 'string' && c.host ? c.host : '127.0.0.1');
    const mode = vscode.workspace.getConfiguration('armvirt').get<AdapterMode>('debugAdapter.mode', 'process');
    if (mode === 'inline') {
      // Loaded on first use: the emulator is large and only inline sessions need it here.
      const { ArmvirtSession } = await import('../debug-adapter/session');
      return new vscode.DebugAdapterInlineImplementation(new ArmvirtSession());
    }
    // The extension host's own runtime runs the bundle: Node under code-server, Electron (as
    // Node) in desktop VS Code — no separate Node installation needed.
    const adapter = this.context.asAbsolutePath(path.join('dist', 'debug-adapter.js'));
    if (!existsSync(adapter)) throw new Error(`armvirt: the debug adapter bundle ${adapter} is missing (run 'npm run build').`);
    return new vscode.DebugAdapterExecutable(process.execPath, [adapter], { env: { ELECTRON_RUN_AS_NODE: '1' } });
  }
}
