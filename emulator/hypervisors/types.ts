// What every hypervisor system (emulator/hypervisors/<name>/) offers the benchmark harness, the
// CLI (`armvirt run --hyp`, `armvirt bench micro`) and the debugger: a board with the hypervisor,
// its host/Dom0 and guests loaded, ready to run. The hypervisors themselves are AArch64 sources
// (.S) assembled by emulator/isa/asm; this file only fixes the shape around them.

import type { VirtMachine } from '../machine/virt';

export const HYPERVISORS = ['kvm', 'xen', 'kvm-vhe'] as const;
export type HypervisorName = (typeof HYPERVISORS)[number];

/** The paper's Table III rows (Dall et al., ISCA 2016), in its order. */
export const MICROBENCHMARKS = [
  'hypercall', 'irq-controller-trap', 'virtual-ipi', 'virtual-irq-completion', 'vm-switch', 'io-latency-out', 'io-latency-in',
] as const;
export type MicroBenchmark = (typeof MICROBENCHMARKS)[number];

/** One image placed in physical memory: its symbols let tools find what it wrote (result mailboxes). */
export interface PlacedImage {
  /** 'hyp', 'host' (KVM host kernel), 'dom0', 'vm1'…: what the debugger shows as the world. */
  readonly role: string;
  /** Source file (for the debugger's line table). */
  readonly source: string;
  /** Where it is loaded (PA) and where it is linked (VA/IPA it runs at). */
  readonly loadPa: number;
  readonly linkAddress: bigint;
  readonly size: number;
  /** VMID of the VM it runs in (guests, Dom0), or null for the hypervisor and a KVM host. */
  readonly vmid: number | null;
  /** Symbol → link address. */
  readonly symbols: ReadonlyMap<string, bigint>;
}

export interface HypSystemOptions {
  /** Physical cores (the virtual IPI benchmark needs 2). */
  cpus?: number;
  gic?: 2 | 3;
  /** Run one microbenchmark (the guest loops `iterations` times and records cycles) instead of the sample guest. */
  benchmark?: MicroBenchmark;
  iterations?: number;
  /** A guest source to run instead of the built-in one (`armvirt run --hyp xen guests/hello.S`). */
  guest?: { fileName: string; text: string };
  trace?: import('../trace/events').TraceSink | null;
  uartOutput?: (byte: number) => void;
  /** The board's memory timing (VirtOptions.memoryModel): 'l1' (default) or 'xgene' caches. */
  memoryModel?: import('../cost/cache').MemoryModel;
}

export interface HypSystem {
  readonly hypervisor: HypervisorName;
  readonly machine: VirtMachine;
  readonly images: readonly PlacedImage[];
  /**
   * After a benchmark run: the mean emulated cycles of one timed interval, as the guest/back end
   * measured them with PMCCNTR_EL0 at the paper's start and end points; null if it did not finish.
   */
  benchmarkCycles(): number | null;
}

export interface MicroResult {
  hypervisor: HypervisorName;
  benchmark: MicroBenchmark;
  cycles: number;
}
