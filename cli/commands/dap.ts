// `armvirt dap [--port N]`: the debug adapter over stdio, or a TCP server on a port. The CLI
// gives the adapter its GDB server (cli/gdb), so the launch option `gdbPort` works here (the
// adapter itself imports only the emulator, DESIGN.md "Layers").

import { dapMain } from '../../debug-adapter/main';
import { setGdbStarter } from '../../debug-adapter/session';
import { parseArgs, UsageError } from '../args';
import type { Io } from '../main';
import { startGdbServer } from '../gdb/server';

export async function dapCommand(argv: string[], io: Io): Promise<number> {
  const a = parseArgs(argv, { values: ['--port'], booleans: [] });
  if (a.positionals.length) throw new UsageError('usage: armvirt dap [--port N]');
  void io; // DAP owns stdout in stdio mode; messages go to stderr
  setGdbStarter((dbg, relay, port) => startGdbServer(dbg, relay, port));
  return dapMain(argv);
}
