// The custom DAP requests the extension's views use (issue 8 / issue 10 contract). Both sides
// import these types: the adapter answers them (session.ts customRequest), the extension's views
// call `session.customRequest(name, args)`. Addresses are hex strings ("0x4000_0000" style
// without underscores) so 64-bit values survive JSON.

export const CUSTOM_REQUESTS = {
  stage2Map: 'armvirt/stage2Map',
  stage2Walk: 'armvirt/stage2Walk',
  vgicState: 'armvirt/vgicState',
  timeline: 'armvirt/timeline',
  microbench: 'armvirt/microbench',
  worldInfo: 'armvirt/worldInfo',
  reverseTo: 'armvirt/reverseTo',
} as const;

/** armvirt/stage2Map: the coalesced IPA → PA map of a VM (VTTBR_EL2 of that VMID), or of the current one. */
export interface Stage2MapArgs { vmid?: number; cpu?: number }
export interface Stage2Range {
  ipa: string; pa: string; size: string;
  /** 'rw', 'ro', 'wo', 'none' (S2AP), execute-never, memory type ('normal-wb', 'device-nGnRE', …). */
  access: string; xn: boolean; memType: string;
  /** Descriptor level that mapped it (1, 2, 3) and the block/page size. */
  level: number;
}
export interface Stage2MapBody {
  vmid: number | null; vttbr: string; vtcr: string;
  /** False when HCR_EL2.VM is 0 on that core (stage 2 off): ranges is then empty. */
  enabled: boolean;
  ranges: Stage2Range[];
  /** Recent Stage-2 faults of this VM (from the trap history): IPA, ESR decoded. */
  faults: { ipa: string; esr: string; ec: string; cycle: number }[];
}

/** armvirt/stage2Walk: the walk for one IPA, level by level. */
export interface Stage2WalkArgs { ipa: string; vmid?: number; cpu?: number }
export interface Stage2WalkBody {
  steps: { level: number; tableAddress: string; index: number; descriptor: string; kind: 'table' | 'block' | 'page' | 'invalid' }[];
  pa: string | null; fault: string | null;
}

/** armvirt/vgicState: the virtual CPU interface of a core (list registers decoded) beside the physical GIC. */
export interface VgicStateArgs { cpu?: number }
export interface VgicListRegister {
  index: number; raw: string;
  state: 'invalid' | 'pending' | 'active' | 'pending+active';
  virtualId: number; physicalId: number | null; priority: number; group: 0 | 1; hw: boolean;
}
export interface VgicStateBody {
  gicVersion: 2 | 3;
  cpu: number;
  hcr: string; vmcr: string; misr: string; eisr: string; elrsr: string; apr: string[];
  listRegisters: VgicListRegister[];
  /** Physical distributor: per interrupt that is enabled, pending or active. */
  physical: { id: number; enabled: boolean; pending: boolean; active: boolean; priority: number; targets: number[]; group: 0 | 1 }[];
}

/** armvirt/timeline: world-switch and trap events of every core between two cycle counts. */
export interface TimelineArgs { fromCycle?: number; toCycle?: number; maxEvents?: number }
export interface TimelineEvent {
  cpu: number; cycle: number; icount: number;
  kind: 'trap' | 'eret' | 'irq' | 'virq-inject' | 'vm-entry' | 'vm-exit' | 'world-switch';
  /** The world entered after the event: 'hyp', 'host', 'vm1', … and its EL. */
  world: string; el: number;
  /** For traps: ESR_ELx.EC name and the decoded ESR; cost in cycles until the matching return. */
  ec?: string; esr?: string; cost?: number;
  /** Instructions retired by the whole machine at the event (the point armvirt/reverseTo returns to). */
  machineIcount?: number;
}
export interface TimelineBody { cores: number; fromCycle: number; toCycle: number; events: TimelineEvent[]; truncated: boolean }

/** armvirt/microbench: run the paper's microbenchmarks (emulator/hypervisors) and return cycles beside the paper's. */
export interface MicrobenchArgs { hypervisors?: ('kvm' | 'xen' | 'kvm-vhe')[]; benchmarks?: string[] }
export interface MicrobenchBody {
  results: { hypervisor: string; benchmark: string; cycles: number; paper: number | null; ratio: number | null }[];
}

/**
 * armvirt/reverseTo: run back (checkpoints + deterministic replay) to a timeline event, named by
 * its core and that core's instruction count (and cycle, to tell apart events at one icount).
 * The session then reports a stop (reason 'goto') at the state just after the event.
 */
export interface ReverseToArgs { cpu: number; icount: number; cycle?: number }
export interface ReverseToBody { cpu: number; icount: number; cycle: number; machineIcount: number }

/** armvirt/worldInfo: what each core is running now (thread names use it). */
export interface WorldInfoBody { cores: { cpu: number; world: string; el: number; vmid: number | null; cycles: number }[] }
