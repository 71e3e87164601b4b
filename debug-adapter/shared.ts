// Targets that outlive their DAP session in a server process (`armvirt dap --port N`): a client
// that disconnects with terminateDebuggee = false leaves its target here (running or stopped), and
// the next `attach` to that server takes it over. One parked target per server process (the last).

import type { Debugger } from './model/debugger';
import type { Relay } from './model/relay';

export interface Parked { dbg: Debugger; relay: Relay; program: string; started: boolean }

let parked: Parked | null = null;

export function park(p: Parked): void {
  // A target parked earlier and never attached is replaced: stop it so it burns no CPU.
  if (parked && parked.dbg !== p.dbg) parked.dbg.pause();
  parked = p;
}

export function takeParked(): Parked | null {
  const p = parked;
  parked = null;
  return p;
}

export function hasParked(): boolean { return parked !== null; }
