// createHypSystem(name, opts): the one entry point the CLI, the harness and the debugger use to
// get a board with a hypervisor, its host/Dom0 and guests loaded (types.ts HypSystem).

import { join } from 'node:path';
import { createKvmSystem, createKvmVheSystem } from './kvm/system';
import { HYPERVISORS, type HypervisorName, type HypSystem, type HypSystemOptions } from './types';

export class HypervisorUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HypervisorUnavailable';
  }
}

type Factory = (opts: HypSystemOptions) => HypSystem;

/**
 * The Xen-style system (xen/system.ts createXenSystem) is written in parallel: looked up at run
 * time so this module works before it lands and reports its absence clearly.
 */
function xenFactory(): Factory {
  let mod: { createXenSystem?: Factory };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(join(__dirname, 'xen', 'system')) as { createXenSystem?: Factory };
  } catch (e) {
    if ((e as { code?: string }).code === 'MODULE_NOT_FOUND' && String((e as Error).message).includes('xen')) {
      throw new HypervisorUnavailable('the Xen-style hypervisor (emulator/hypervisors/xen) is not in this build yet');
    }
    throw e;
  }
  if (typeof mod.createXenSystem !== 'function') throw new HypervisorUnavailable('emulator/hypervisors/xen/system.ts exports no createXenSystem');
  return mod.createXenSystem;
}

const FACTORIES: Record<HypervisorName, () => Factory> = {
  'kvm': () => createKvmSystem,
  'kvm-vhe': () => createKvmVheSystem,
  'xen': xenFactory,
};

export function isHypervisorName(s: string): s is HypervisorName {
  return (HYPERVISORS as readonly string[]).includes(s);
}

export function createHypSystem(name: HypervisorName, opts: HypSystemOptions = {}): HypSystem {
  const f = FACTORIES[name];
  if (!f) throw new HypervisorUnavailable(`unknown hypervisor '${String(name)}' (expected ${HYPERVISORS.join(', ')})`);
  return f()(opts);
}
