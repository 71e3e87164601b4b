// The language client (lsp-sample's client shape): starts the AArch64 assembly language server
// as a separate process over stdio (the same server `armvirt lsp --stdio` serves to other editors).

import * as path from 'node:path';
import type * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export async function startLanguageClient(context: vscode.ExtensionContext): Promise<LanguageClient> {
  // The bundled server sits beside the extension's bundle in dist/.
  const serverModule = context.asAbsolutePath(path.join('dist', 'language-server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio, args: ['--stdio'] },
    debug: { module: serverModule, transport: TransportKind.stdio, args: ['--stdio'], options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'arm64-asm' }],
  };
  const client = new LanguageClient('armvirt-asm', 'armvirt AArch64 assembly', serverOptions, clientOptions);
  await client.start();
  return client;
}
