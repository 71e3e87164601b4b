// Process entry of the language server: `node dist/language-server.js --stdio` (the extension's
// language client) or `armvirt lsp --stdio`. vscode-languageserver picks the transport from
// the command line (--stdio, --node-ipc, --socket=N).

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

export function main(): void {
  startServer(createConnection(ProposedFeatures.all));
}

if (require.main === module) main();
