// `armvirt dap [--port N]`: the debug adapter over stdio, or a TCP server on a port.

import { dapMain } from '../../debug-adapter/main';
import { parseArgs, UsageError } from '../args';
import type { Io } from '../main';

export async function dapCommand(argv: string[], io: Io): Promise<number> {
  const a = parseArgs(argv, { values: ['--port'], booleans: [] });
  if (a.positionals.length) throw new UsageError('usage: armvirt dap [--port N]');
  void io; // DAP owns stdout in stdio mode; messages go to stderr
  return dapMain(argv);
}
