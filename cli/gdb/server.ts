// The GDB server's TCP server: one GDB connection at a time on a debugger (a second client is
// refused, as QEMU's gdbstub does), for `armvirt run --gdb PORT` and the DAP launch option gdbPort.

import { createServer, type Server } from 'node:net';
import type { Debugger } from '../../debug-adapter/model/debugger';
import type { Relay } from '../../debug-adapter/model/relay';
import { GdbConnection, type ConnectionOptions } from './connection';

export interface GdbServer { port: number; server: Server; close(): void; connected(): boolean }

export function startGdbServer(dbg: Debugger, relay: Relay, port: number, opts: ConnectionOptions & { onConnect?: () => void } = {}, host = '127.0.0.1'): Promise<GdbServer> {
  return new Promise((resolve, reject) => {
    let current: GdbConnection | null = null;
    const server = createServer((sock) => {
      if (current) { sock.end(); return; }
      opts.onConnect?.();
      current = new GdbConnection(dbg, relay, sock, {
        onKill: () => { current = null; opts.onKill?.(); },
        onDetach: () => { current = null; opts.onDetach?.(); },
      });
    });
    server.once('error', (e) => reject(new Error(`GDB server: cannot listen on port ${port}: ${e.message}`)));
    server.listen(port, host, () => {
      const a = server.address();
      resolve({ port: typeof a === 'object' && a ? a.port : port, server, close: () => server.close(), connected: () => current !== null });
    });
  });
}
