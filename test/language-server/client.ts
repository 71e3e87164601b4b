// A real LSP client for the tests and the benchmark: the language server runs as a child
// process (`node --import tsx language-server/main.ts --stdio`), and requests go through
// vscode-languageserver-protocol's client-side connection over its stdio.

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter,
  type Diagnostic, type ProtocolConnection, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

const ROOT = join(__dirname, '..', '..');

/** A diagnostic with its message as text (LSP 3.18 also allows Markdown; this server sends text). */
export type Diag = Omit<Diagnostic, 'message'> & { message: string };
const asText = (d: Diagnostic): Diag => ({ ...d, message: typeof d.message === 'string' ? d.message : d.message.value });

export interface Client {
  conn: ProtocolConnection;
  proc: ChildProcess;
  stderr: () => string;
  open(path: string, text: string): Promise<Diag[]>;
  change(path: string, text: string): Promise<Diag[]>;
  /** Next diagnostics for `uri` with a version at least `version`. */
  diagnostics(uri: string, version: number): Promise<Diag[]>;
  request<R>(method: string, params: unknown): Promise<R>;
  close(): Promise<void>;
}

export const uriOf = (path: string): string => pathToFileURL(path).href;

/** `server`: the node arguments that start the server (default: the TypeScript sources via tsx). */
export async function startClient(initializationOptions: Record<string, unknown> = {}, server?: string[]): Promise<Client> {
  const args = server ?? ['--import', 'tsx', join(ROOT, 'language-server', 'main.ts'), '--stdio'];
  const proc = spawn(process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const latest = new Map<string, PublishDiagnosticsParams>();
  const waiters: { uri: string; version: number; resolve: (d: Diag[]) => void }[] = [];
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    latest.set(p.uri, p);
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i];
      if (w.uri === p.uri && (p.version ?? 0) >= w.version) {
        waiters.splice(i, 1);
        w.resolve(p.diagnostics.map(asText));
      }
    }
  });
  conn.onNotification('window/logMessage', () => undefined);
  conn.listen();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions });
  await conn.sendNotification('initialized', {});
  const versions = new Map<string, number>();
  const diagnostics = (uri: string, version: number): Promise<Diag[]> => new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version}; server stderr: ${err}`)), 20000);
    waiters.push({ uri, version, resolve: (d) => { clearTimeout(t); resolve(d); } });
  });
  return {
    conn,
    proc,
    stderr: () => err,
    async open(path, text) {
      const uri = uriOf(path);
      versions.set(uri, 1);
      const d = diagnostics(uri, 1);
      await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'arm64-asm', version: 1, text } });
      return d;
    },
    async change(path, text) {
      const uri = uriOf(path);
      const v = (versions.get(uri) ?? 1) + 1;
      versions.set(uri, v);
      const d = diagnostics(uri, v);
      await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text }] });
      return d;
    },
    diagnostics,
    request: <R>(method: string, params: unknown) => conn.sendRequest(method, params) as Promise<R>,
    async close() {
      try {
        await conn.sendRequest('shutdown');
        await conn.sendNotification('exit');
      } catch {
        // already gone
      }
      conn.dispose();
      await new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        const t = setTimeout(() => { proc.kill(); resolve(); }, 3000);
        proc.on('exit', () => { clearTimeout(t); resolve(); });
      });
    },
  };
}
