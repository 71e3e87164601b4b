// The debug adapter's entry point: DAP over stdio by default, or a TCP server with `--port N`
// (one session per connection; `armvirt dap --port N` and the extension's debugServer use it).

import { createServer, type Server } from 'node:net';
import { ArmvirtSession } from './session';

/** Serves sessions on a TCP port; resolves with the server once listening. */
export function serveDap(port: number, host = '127.0.0.1'): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => {
      // A step answers with a response and a stopped event: without this, Nagle's algorithm holds
      // the event back for the client's delayed ACK (~40 ms).
      socket.setNoDelay(true);
      const s = new ArmvirtSession();
      s.setRunAsServer(true);
      s.start(socket, socket);
      socket.on('error', () => socket.destroy());
      // A client gone without a disconnect request must not leave its target running.
      socket.on('close', () => s.connectionClosed());
    });
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** Runs one session over stdin/stdout until the client disconnects (the session exits the process). */
export function runStdio(): void {
  const s = new ArmvirtSession();
  s.start(process.stdin, process.stdout);
  // No client any more: nothing to debug for (a proxied attach leaves the server's target as it is).
  process.stdin.on('end', () => { s.connectionClosed(); process.exit(0); });
}

export async function dapMain(argv: string[]): Promise<number> {
  const i = argv.indexOf('--port');
  if (i >= 0) {
    const port = Number(argv[i + 1]);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      process.stderr.write(`armvirt dap: --port needs a port number, not '${argv[i + 1] ?? ''}'\n`);
      return 2;
    }
    const server = await serveDap(port);
    const addr = server.address();
    process.stderr.write(`armvirt dap: listening on port ${typeof addr === 'object' && addr ? addr.port : port}\n`);
    await new Promise<void>((r) => server.on('close', () => r()));
    return 0;
  }
  runStdio();
  return new Promise<number>(() => undefined); // runs until the session ends the process
}

// Run only as the adapter's own entry (debug-adapter/main.ts, or its bundle dist/debug-adapter.js):
// bundles that import serveDap (the CLI, benchmarks) share `require.main` with this module.
if (require.main === module && /(debug-adapter[\\/]main\.[tj]s|debug-adapter\.js)$/.test(process.argv[1] ?? '')) {
  dapMain(process.argv.slice(2)).then((code) => { if (code) process.exit(code); }, (e: Error) => {
    process.stderr.write(`armvirt dap: ${e.message}\n`);
    process.exit(1);
  });
}
