// One debugger, several front ends: the DAP session and the GDB server both drive the same
// Debugger, and an attached DAP client takes over from a detached one. The Debugger reports to a
// Relay, which forwards each report to every front end listening now.

import type { DebuggerHost } from './debugger';
import type { StopInfo } from './target';

export class Relay implements DebuggerHost {
  private readonly listeners = new Set<DebuggerHost>();

  add(h: DebuggerHost): () => void {
    this.listeners.add(h);
    return () => { this.listeners.delete(h); };
  }

  get size(): number { return this.listeners.size; }

  output(text: string, category: 'console' | 'stdout' | 'stderr'): void { for (const h of [...this.listeners]) h.output(text, category); }
  stopped(s: StopInfo): void { for (const h of [...this.listeners]) h.stopped(s); }
  exited(status: number, reason: string): void { for (const h of [...this.listeners]) h.exited(status, reason); }
}
