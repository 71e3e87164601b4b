// `armvirt lsp --stdio`: the AArch64 assembly language server over stdin/stdout, for editors
// other than VS Code (the extension starts the same server, dist/language-server.js).

import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { startServer } from '../../language-server/server';
import { UsageError } from '../args';
import type { Io } from '../main';

export async function lspCommand(argv: string[], _io: Io): Promise<number> {
  if (argv.length !== 1 || argv[0] !== '--stdio') throw new UsageError('usage: armvirt lsp --stdio');
  const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
  // The exit code follows the LSP rule: 0 after shutdown + exit, 1 otherwise.
  return new Promise<number>((resolve) => {
    let shutdown = false;
    connection.onShutdown(() => { shutdown = true; });
    connection.onExit(() => resolve(shutdown ? 0 : 1));
    process.stdin.on('end', () => resolve(shutdown ? 0 : 1));
    startServer(connection);
  });
}
