// What a hypervisor view is: a renderer of the adapter's custom-request answers into markup,
// plus the commands its page can send back. No `vscode` import here: the views render and are
// unit-tested in plain Node; view-host.ts puts them in webviews.

import type { RequestTarget } from '../custom';
import { notice, type ViewContent } from './html';

export interface ViewContext {
  /** The armvirt session the views follow, if any. */
  session: RequestTarget | undefined;
  /** True while the target is stopped (the adapter answers state requests only then). */
  paused: boolean;
  /** Most timeline events per request (setting armvirt.timeline.maxEvents). */
  maxEvents: number;
  /** Hypervisors the microbenchmarks run (setting armvirt.microbench.hypervisors). */
  hypervisors: ('kvm' | 'xen' | 'kvm-vhe')[];
  /** Jump the debugger to an event (reverse execution); resolves false when not available. */
  jumpTo?: (cpu: number, cycle: number, icount: number) => Promise<string | null>;
  /** Runs long work under a cancellable progress notification; undefined when cancelled. */
  withProgress?: <T>(title: string, work: (cancelled: () => boolean) => Promise<T>) => Promise<T | undefined>;
}

export interface HypervisorView {
  readonly id: string;
  readonly title: string;
  render(ctx: ViewContext): Promise<ViewContent>;
  /** A command from the page (a click or a form); true when the view must render again. */
  message?(cmd: string, arg: string | undefined, ctx: ViewContext): Promise<boolean>;
}

/** The states before any data: no session, or the target running. */
export function precondition(ctx: ViewContext, what: string): ViewContent | null {
  if (!ctx.session) return notice('idle', `Start an armvirt debug session (Run and Debug) to see ${what}.`);
  if (!ctx.paused) return notice('idle', `The target is running: pause it (or stop at a breakpoint) to read ${what}.`);
  return null;
}
