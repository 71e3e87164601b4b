// The VS Code client. It stays thin (lsp-sample's client shape): it starts the debug adapter
// and the language server as processes and hosts the hypervisor views. Those pieces are built
// by their own issues; this entry point is bundled and activated so packaging is exercised.

import type * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  void context;
}

export function deactivate(): void {}
