// The KVM-style systems as HypSystems: split mode (lowvisor.S at EL2 + host.S at EL1, the
// paper's Figure 3) and VHE (host-vhe.S at EL2 with HCR_EL2.E2H=1). This file assembles the
// images, copies them into physical memory where the host kernel's layout (kvm.inc) says they
// live, writes the VMM's request (how many VMs, vCPUs and cores) into the host's kvm_config,
// and points core 0 at the reset entry. Everything after that is the AArch64 code running.

import { join } from 'node:path';
import { createVirtMachine, type VirtMachine, type VirtOptions } from '../../machine/virt';
import { assembleImage, ImageError, placeImage, readSamples, readU64, sourceRoot, symbolPa, writeU64 } from '../images';
import type { HypervisorName, HypSystem, HypSystemOptions, MicroBenchmark, PlacedImage } from '../types';

/** kvm.inc's physical layout. */
export const KVM_LAYOUT = {
  HYP_BASE: 0x40000000,
  HOST_BASE: 0x40200000,
  VM_RAM_PA_BASE: 0x44000000,
  VM_RAM_SIZE: 0x01000000,
  VM_RAM_IPA: 0x40000000n,
  MAX_CPUS: 4,
  /** RAM the board needs: up to the end of the second VM. */
  RAM_SIZE: 0x08000000,
} as const;

/** kvm-host.inc kvm_config fields (byte offsets). */
const CFG = { NR_CPUS: 0, NR_VMS: 8, NR_VCPUS: 16, VHOST_CORE: 24 } as const;

/**
 * Where each benchmark runs: the paper's setups (two vCPUs on two cores for the IPI, two VMs on
 * one core for the switch; the VM and the host's I/O back end pinned to separate cores).
 */
export interface Topology {
  cpus: number;
  vms: number;
  vcpus: number;
  /** Core the vhost worker threads (the I/O back end) are pinned to. */
  vhostCore: number;
  /** Who records the samples. */
  samples: 'guest' | 'host' | 'vm-switch';
}

export const TOPOLOGY: Record<MicroBenchmark, Topology> = {
  'hypercall': { cpus: 1, vms: 1, vcpus: 1, vhostCore: 0, samples: 'guest' },
  'irq-controller-trap': { cpus: 1, vms: 1, vcpus: 1, vhostCore: 0, samples: 'guest' },
  'virtual-ipi': { cpus: 2, vms: 1, vcpus: 2, vhostCore: 0, samples: 'guest' },
  'virtual-irq-completion': { cpus: 1, vms: 1, vcpus: 1, vhostCore: 0, samples: 'guest' },
  'vm-switch': { cpus: 1, vms: 2, vcpus: 1, vhostCore: 0, samples: 'vm-switch' },
  'io-latency-out': { cpus: 2, vms: 1, vcpus: 1, vhostCore: 1, samples: 'host' },
  'io-latency-in': { cpus: 2, vms: 1, vcpus: 1, vhostCore: 1, samples: 'guest' },
};

export interface KvmSystemOptions extends HypSystemOptions {
  /** Assemble the lowvisor with BREAKDOWN=1: PMCCNTR_EL0 stamps around each state class. */
  breakdown?: boolean;
}

/** The guest source of a benchmark (shared with the Xen-style system). */
export function benchmarkGuestPath(b: MicroBenchmark): string {
  return join(sourceRoot(), 'guests', 'microbench', `${b}.S`);
}

export class KvmSystem implements HypSystem {
  readonly machine: VirtMachine;
  readonly images: PlacedImage[] = [];
  readonly topology: Topology;
  private readonly host: PlacedImage;
  private readonly guests: PlacedImage[] = [];

  constructor(readonly hypervisor: HypervisorName, private readonly opts: KvmSystemOptions) {
    const vhe = hypervisor === 'kvm-vhe';
    const b = opts.benchmark;
    const base: Topology = { cpus: 1, vms: 1, vcpus: 1, vhostCore: 0, samples: 'guest' };
    const topo = b ? TOPOLOGY[b] : { ...base, cpus: opts.cpus ?? 1, vcpus: Math.min(opts.cpus ?? 1, 2) };
    this.topology = topo;
    const cpus = Math.max(topo.cpus, opts.cpus ?? 1);
    if (cpus > KVM_LAYOUT.MAX_CPUS) throw new ImageError(`the KVM host supports up to ${KVM_LAYOUT.MAX_CPUS} cores`);
    if ((opts.gic ?? 2) !== 2) throw new ImageError('the KVM-style hypervisor drives the GICv2 virtual interface (GICH): use gic 2');
    const vopts: VirtOptions = { cpus, gic: 2, ramSize: KVM_LAYOUT.RAM_SIZE, trace: opts.trace ?? null, uartOutput: opts.uartOutput, memoryModel: opts.memoryModel };
    const m = (this.machine = createVirtMachine(vopts));

    const root = sourceRoot();
    const kvmDir = join(root, 'emulator', 'hypervisors', 'kvm');
    const L = KVM_LAYOUT;
    if (!vhe) {
      const hypFile = join(kvmDir, 'lowvisor.S');
      const hyp = assembleImage(hypFile, BigInt(L.HYP_BASE), { defines: opts.breakdown ? { BREAKDOWN: 1 } : undefined });
      this.images.push(placeImage(m.bus, hyp, { role: 'hyp', vmid: null, linkBase: BigInt(L.HYP_BASE), loadPa: L.HYP_BASE, window: L.HOST_BASE - L.HYP_BASE }));
    }
    const hostFile = join(kvmDir, vhe ? 'host-vhe.S' : 'host.S');
    const hostImg = assembleImage(hostFile, BigInt(L.HOST_BASE), { defines: opts.breakdown && vhe ? { BREAKDOWN: 1 } : undefined });
    this.host = placeImage(m.bus, hostImg, { role: 'host', vmid: null, linkBase: BigInt(L.HOST_BASE), loadPa: L.HOST_BASE, window: L.VM_RAM_PA_BASE - L.HOST_BASE });
    this.images.push(this.host);

    const guestFile = b ? benchmarkGuestPath(b) : opts.guest?.fileName ?? join(root, 'guests', 'hello.S');
    const guestImg = assembleImage(guestFile, L.VM_RAM_IPA, { text: b ? undefined : opts.guest?.text });
    for (let vm = 0; vm < topo.vms; vm++) {
      const g = placeImage(m.bus, guestImg, {
        role: `vm${vm + 1}`, vmid: vm + 1, linkBase: L.VM_RAM_IPA, loadPa: L.VM_RAM_PA_BASE + vm * L.VM_RAM_SIZE, window: L.VM_RAM_SIZE,
      });
      if (opts.iterations !== undefined && g.symbols.has('bench_iterations')) writeU64(m.bus, symbolPa(g, 'bench_iterations'), BigInt(opts.iterations));
      this.guests.push(g);
      this.images.push(g);
    }

    // The VMM's request, as user space would make it with KVM_CREATE_VM / KVM_CREATE_VCPU.
    const cfg = symbolPa(this.host, 'kvm_config');
    writeU64(m.bus, cfg + CFG.NR_CPUS, BigInt(cpus));
    writeU64(m.bus, cfg + CFG.NR_VMS, BigInt(topo.vms));
    writeU64(m.bus, cfg + CFG.NR_VCPUS, BigInt(topo.vcpus));
    writeU64(m.bus, cfg + CFG.VHOST_CORE, BigInt(topo.vhostCore));

    // Reset: core 0 at the EL2 entry (the lowvisor, or the VHE host kernel).
    m.cpu.pc = BigInt(vhe ? L.HOST_BASE : L.HYP_BASE);
    m.cpu.setX(0, 0, 0);
  }

  benchmarkCycles(): number | null {
    if (!this.opts.benchmark) return null;
    const bus = this.machine.bus;
    let samples: bigint[];
    switch (this.topology.samples) {
      case 'guest': samples = readSamples(bus, this.guests[0]); break;
      case 'host': samples = readSamples(bus, this.host); break;
      case 'vm-switch': samples = vmSwitchSamples(this.guests.map((g) => readSamples(bus, g))); break;
    }
    if (samples.length === 0) return null;
    // Cross-core intervals (virtual IPI) subtract two cores' counters: a negative one means the
    // board did not keep them comparable (it only syncs a core woken from WFI to its waker).
    const signed = samples.map((x) => BigInt.asIntN(64, x));
    const bad = signed.findIndex((x) => x < 0n);
    if (bad >= 0) {
      throw new ImageError(`${this.hypervisor} ${this.opts.benchmark}: sample ${bad} is negative (${signed[bad]} cycles): ` +
        'the cores\' cycle counters were not comparable at the start and end points');
    }
    let sum = 0n;
    for (const x of signed) sum += x;
    return Number(sum) / samples.length;
  }

  /**
   * The breakdown build's per-class sums (lowvisor BD_* segments) for vCPU 0 of VM 1: cycles per
   * round trip, averaged over the switches it made. Null without `breakdown`.
   */
  breakdownSegments(): number[] | null {
    if (!this.opts.breakdown) return null;
    const bus = this.machine.bus;
    const vcpu = symbolPa(this.host, 'kvm_vcpu_structs');
    const sums = this.vcpuOffset('VCPU_BD_SUM');
    const n = Number(readU64(bus, vcpu + this.vcpuOffset('VCPU_BD_N')));
    if (n === 0) return null;
    const out: number[] = [];
    for (let i = 0; i < this.vcpuOffset('BD_SLOTS'); i++) out.push(Number(readU64(bus, vcpu + sums + 8 * i)) / n);
    return out;
  }

  /** vCPU struct offsets and sizes are kvm.inc .equs: the host image exports them as absolute symbols. */
  private vcpuOffset(name: string): number {
    const v = this.host.symbols.get(name);
    if (v === undefined) throw new ImageError(`host image has no ${name}`);
    return Number(v);
  }
}

/**
 * VM switch: each VM records [yield, resume] timestamps per round on the same core; a switch is a
 * yield of one VM followed by the next resume, which is the other VM's.
 */
export function vmSwitchSamples(perVm: bigint[][]): bigint[] {
  const events: { t: bigint; vm: number; resume: boolean }[] = [];
  perVm.forEach((s, vm) => s.forEach((t, i) => events.push({ t, vm, resume: i % 2 === 1 })));
  events.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
  const out: bigint[] = [];
  for (let i = 0; i + 1 < events.length; i++) {
    const a = events[i], z = events[i + 1];
    if (!a.resume && z.resume && a.vm !== z.vm) out.push(z.t - a.t);
  }
  return out;
}

export function createKvmSystem(opts: KvmSystemOptions = {}): KvmSystem {
  return new KvmSystem('kvm', opts);
}

export function createKvmVheSystem(opts: KvmSystemOptions = {}): KvmSystem {
  return new KvmSystem('kvm-vhe', opts);
}
