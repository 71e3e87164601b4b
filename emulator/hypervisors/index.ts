// createHypSystem(name, opts): the one entry point the CLI, the harness and the debugger use to
// get a board with a hypervisor, its host/Dom0 and guests loaded (types.ts HypSystem).

import { createKvmSystem, createKvmVheSystem } from './kvm/system';
import { HYPERVISORS, type HypervisorName, type HypSystem, type HypSystemOptions } from './types';
import { createXenSystem } from './xen/system';

export class HypervisorUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HypervisorUnavailable';
  }
}

const FACTORIES: Record<HypervisorName, (opts: HypSystemOptions) => HypSystem> = {
  'kvm': createKvmSystem,
  'kvm-vhe': createKvmVheSystem,
  'xen': createXenSystem,
};

export function isHypervisorName(s: string): s is HypervisorName {
  return (HYPERVISORS as readonly string[]).includes(s);
}

export function createHypSystem(name: HypervisorName, opts: HypSystemOptions = {}): HypSystem {
  const f = FACTORIES[name];
  if (!f) throw new HypervisorUnavailable(`unknown hypervisor '${String(name)}' (expected ${HYPERVISORS.join(', ')})`);
  return f(opts);
}
