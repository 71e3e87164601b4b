// `armvirt run prog --gdb PORT`: the program loaded and held at its entry (as QEMU -s -S) until
// GDB connects and drives it through the GDB server. Guest output goes to stdout as in a plain run.
// A GDB `detach` lets the program run to its end; `kill` ends it (exit status 137, as a SIGKILL).
// The exit status is the guest's, as `armvirt run`'s.

import { Debugger } from '../../debug-adapter/model/debugger';
import { readSource } from '../../debug-adapter/model/program';
import { Relay } from '../../debug-adapter/model/relay';
import { Target } from '../../debug-adapter/model/target';
import type { Io } from '../main';
import { createHypSystem } from '../../emulator/hypervisors/index';
import type { HypervisorName } from '../../emulator/hypervisors/types';
import { startGdbServer } from './server';

export const EXIT_KILLED = 137;

export interface GdbRunOptions {
  el?: 1 | 2;
  cpus?: number;
  gic?: 2 | 3;
  /** Run the program as the guest of a hypervisor system (one GDB thread per core, as always). */
  hyp?: HypervisorName;
}

export async function runWithGdb(file: string, bytes: Uint8Array, port: number, opts: GdbRunOptions, io: Io): Promise<number> {
  const relay = new Relay();
  const host = { output: (s: string, cat: 'console' | 'stdout' | 'stderr') => (cat === 'stderr' ? io.err(s) : cat === 'stdout' ? io.out(s) : undefined) };
  const { el = 2, cpus = 1, gic = 2, hyp } = opts;
  const t = hyp
    ? new Target({ kind: 'system', build: (trace, uartOutput) => createHypSystem(hyp, { cpus, gic, trace, uartOutput, guest: { fileName: file, text: new TextDecoder().decode(bytes) } }) }, host, readSource)
    : new Target({ kind: 'program', path: file, bytes, el, cpus, gic }, host, readSource);
  const dbg = new Debugger(t, relay);
  return new Promise<number>((resolve, reject) => {
    let status: number | null = null;
    let srv: Awaited<ReturnType<typeof startGdbServer>> | null = null;
    const finish = (code: number): void => { srv?.close(); resolve(code); };
    relay.add({
      output: () => undefined, // the target's host already prints guest output
      stopped: () => undefined,
      exited: (st, reason) => {
        status = st;
        io.err(`armvirt: ${reason}\n`);
        // Without GDB (detached) the run is over; with GDB, once it has seen the exit and goes.
        if (!srv?.connected()) finish(st);
      },
    });
    startGdbServer(dbg, relay, port, {
      onKill: () => { void dbg.halt().then(() => finish(EXIT_KILLED)); },
      onDetach: () => {
        if (status !== null) { finish(status); return; }
        // Detached: run on to the end (a stop left by a breakpoint of another front end is passed).
        const go = (): void => { if (!dbg.exited) void dbg.continue().catch((e: Error) => io.err(`armvirt: ${e.message}\n`)); };
        relay.add({ output: () => undefined, exited: () => undefined, stopped: () => setImmediate(go) });
        go();
      },
    }).then((s) => {
      srv = s;
      io.err(`armvirt: GDB server listening on port ${s.port}; waiting for GDB (target remote :${s.port})\n`);
    }, reject);
  });
}
