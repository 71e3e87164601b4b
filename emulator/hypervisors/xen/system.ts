// The Xen-style system as a HypSystem (the paper's Figure 2): xen.S at EL2 owning the machine,
// dom0.S as Dom0 and the guest(s) as DomUs. This file assembles the images, copies each domain's
// kernel into that domain's RAM (xen.inc: DOM_RAM_PA_BASE + id * VM_RAM_SIZE), writes the
// toolstack's request (cores, domains, vCPUs and their cores) into xen_config, and points core 0
// at Xen's reset entry. Everything after that is the AArch64 code running.

import { join } from 'node:path';
import { VirtioNet } from '../../devices/virtio-net';
import { createVirtMachine, type VirtMachine } from '../../machine/virt';
import { assembleImage, ImageError, placeImage, readSamples, readU64, sourceRoot, symbolPa, writeU64 } from '../images';
import { benchmarkGuestPath, vmSwitchSamples } from '../kvm/system';
import type { HypSystem, HypSystemOptions, MicroBenchmark, PlacedImage } from '../types';

/** xen.inc's physical layout. */
export const XEN_LAYOUT = {
  XEN_BASE: 0x40000000,
  DOM_RAM_PA_BASE: 0x41000000,
  VM_RAM_SIZE: 0x01000000,
  VM_RAM_IPA: 0x40000000n,
  MAX_PCPUS: 4,
  MAX_DOMAINS: 3,
  /** RAM the board gets: Xen plus three domains fit in QEMU virt's default 128 MiB. */
  RAM_SIZE: 0x08000000,
} as const;

/** xen.inc CFG_* (byte offsets into xen_config). */
const CFG = { NR_PCPUS: 0, NR_DOMS: 8, DOMS: 16, DOM_NR_VCPUS: 0, DOM_PCPU0: 8, DOM_PCPU1: 16, DOM_SIZE: 24 } as const;

/** One DomU: its vCPUs' physical cores. */
interface DomUPlan { pcpus: number[] }

/**
 * Where each benchmark runs. Dom0 shares core 0 with the DomU except for I/O, where it has its
 * own core as in the paper's setup (Dom0 and DomU never share a core there): the front end's
 * notify crosses cores by a physical SGI and Dom0's vCPU, idle in WFI, is scheduled in.
 */
interface Plan {
  cpus: number;
  dom0Pcpu: number;
  domUs: DomUPlan[];
  /** The DomU program: the shared guest, or Xen's own front end for the I/O path. */
  guest: 'shared' | 'netfront';
  samples: 'domu' | 'dom0' | 'vm-switch';
}

const PLANS: Record<MicroBenchmark, Plan> = {
  'hypercall': { cpus: 1, dom0Pcpu: 0, domUs: [{ pcpus: [0] }], guest: 'shared', samples: 'domu' },
  'irq-controller-trap': { cpus: 1, dom0Pcpu: 0, domUs: [{ pcpus: [0] }], guest: 'shared', samples: 'domu' },
  'virtual-ipi': { cpus: 2, dom0Pcpu: 0, domUs: [{ pcpus: [0, 1] }], guest: 'shared', samples: 'domu' },
  'virtual-irq-completion': { cpus: 1, dom0Pcpu: 0, domUs: [{ pcpus: [0] }], guest: 'shared', samples: 'domu' },
  'vm-switch': { cpus: 1, dom0Pcpu: 0, domUs: [{ pcpus: [0] }, { pcpus: [0] }], guest: 'shared', samples: 'vm-switch' },
  'io-latency-out': { cpus: 2, dom0Pcpu: 1, domUs: [{ pcpus: [0] }], guest: 'netfront', samples: 'dom0' },
  'io-latency-in': { cpus: 2, dom0Pcpu: 1, domUs: [{ pcpus: [0] }], guest: 'netfront', samples: 'domu' },
};

export interface XenSystemOptions extends HypSystemOptions {
  /** Other DomU programs (tests: hostile guests); placed like the sample guest. */
  domUs?: { fileName: string; text?: string; pcpus?: number[] }[];
  /** Assemble Xen with PERFC=1: its perfc_incr counters count (stats()); off by default, as in Xen. */
  perfc?: boolean;
}

export class XenSystem implements HypSystem {
  readonly hypervisor = 'xen' as const;
  readonly machine: VirtMachine;
  readonly images: PlacedImage[] = [];
  readonly xen: PlacedImage;
  readonly dom0: PlacedImage;
  readonly domUs: PlacedImage[] = [];
  /** The board's network device (Dom0's). */
  readonly net = new VirtioNet();
  private readonly plan: Plan;

  constructor(private readonly opts: XenSystemOptions = {}) {
    const b = opts.benchmark;
    const sampleCpus = opts.cpus ?? 1;
    const plan: Plan = b ? PLANS[b] : {
      cpus: sampleCpus, dom0Pcpu: sampleCpus > 1 ? 1 : 0, guest: 'shared', samples: 'domu',
      domUs: opts.domUs ? opts.domUs.map((d) => ({ pcpus: d.pcpus ?? [0] })) : [{ pcpus: [0] }],
    };
    this.plan = plan;
    const cpus = Math.max(plan.cpus, opts.cpus ?? 1);
    const L = XEN_LAYOUT;
    if (cpus > L.MAX_PCPUS) throw new ImageError(`the Xen-style hypervisor supports up to ${L.MAX_PCPUS} cores`);
    if ((opts.gic ?? 2) !== 2) throw new ImageError('the Xen-style hypervisor drives the GICv2 virtual interface (GICH): use gic 2');
    if (plan.domUs.length + 1 > L.MAX_DOMAINS) throw new ImageError(`at most ${L.MAX_DOMAINS - 1} DomUs`);
    for (const d of plan.domUs) {
      if (d.pcpus.length < 1 || d.pcpus.length > 2) throw new ImageError('a DomU has 1 or 2 vCPUs');
      for (const p of d.pcpus) if (!Number.isInteger(p) || p < 0 || p >= cpus) throw new ImageError(`vCPU core ${p} is not one of the ${cpus} cores`);
    }
    // The board's one real network device, a loopback virtio-net (QEMU -device virtio-net-device:
    // the highest virtio-mmio slot); Xen leaves it to Dom0, whose back end sends DomU's packets.
    const m = (this.machine = createVirtMachine({
      cpus, gic: 2, ramSize: L.RAM_SIZE, trace: opts.trace ?? null, uartOutput: opts.uartOutput, virtio: [this.net], memoryModel: opts.memoryModel,
    }));

    const root = sourceRoot();
    const dir = join(root, 'emulator', 'hypervisors', 'xen');
    const xen = assembleImage(join(dir, 'xen.S'), BigInt(L.XEN_BASE), { defines: opts.perfc ? { PERFC: 1 } : undefined });
    this.xen = placeImage(m.bus, xen, { role: 'hyp', vmid: null, linkBase: BigInt(L.XEN_BASE), loadPa: L.XEN_BASE, window: L.DOM_RAM_PA_BASE - L.XEN_BASE });
    this.images.push(this.xen);
    // Domain n's RAM at its PA; DomUs see it at the shared VM view's IPA, Dom0 1:1 (domain.inc).
    const ipaOf = (id: number): bigint => (id === 0 ? BigInt(L.DOM_RAM_PA_BASE) : L.VM_RAM_IPA);
    const place = (img: ReturnType<typeof assembleImage>, id: number): PlacedImage => placeImage(m.bus, img, {
      role: id === 0 ? 'dom0' : `vm${id}`, vmid: id + 1, linkBase: ipaOf(id),
      loadPa: L.DOM_RAM_PA_BASE + id * L.VM_RAM_SIZE, window: L.VM_RAM_SIZE,
    });
    this.dom0 = place(assembleImage(join(dir, 'dom0.S'), ipaOf(0)), 0);
    this.images.push(this.dom0);

    plan.domUs.forEach((_, i) => {
      const custom = !b ? opts.domUs?.[i] : undefined;
      const file = custom?.fileName
        ?? (b ? (plan.guest === 'netfront' ? join(dir, 'domu-netfront.S') : benchmarkGuestPath(b)) : opts.guest?.fileName ?? join(root, 'guests', 'hello.S'));
      const text = custom ? custom.text : b ? undefined : opts.guest?.text;
      const g = place(assembleImage(file, L.VM_RAM_IPA, { text }), i + 1);
      if (opts.iterations !== undefined && g.symbols.has('bench_iterations')) writeU64(m.bus, symbolPa(g, 'bench_iterations'), BigInt(opts.iterations));
      this.domUs.push(g);
      this.images.push(g);
    });

    // The toolstack's request: cores, domains, and where each vCPU runs.
    const cfg = symbolPa(this.xen, 'xen_config');
    writeU64(m.bus, cfg + CFG.NR_PCPUS, BigInt(cpus));
    writeU64(m.bus, cfg + CFG.NR_DOMS, BigInt(1 + plan.domUs.length));
    const doms: number[][] = [[plan.dom0Pcpu], ...plan.domUs.map((d) => d.pcpus)];
    doms.forEach((pcpus, id) => {
      const at = cfg + CFG.DOMS + id * CFG.DOM_SIZE;
      writeU64(m.bus, at + CFG.DOM_NR_VCPUS, BigInt(pcpus.length));
      writeU64(m.bus, at + CFG.DOM_PCPU0, BigInt(pcpus[0]));
      writeU64(m.bus, at + CFG.DOM_PCPU1, BigInt(pcpus[1] ?? pcpus[0]));
    });

    // Reset: core 0 at Xen's entry, EL2 (the board's boot state).
    m.cpu.pc = BigInt(L.XEN_BASE);
    m.cpu.setX(0, 0, 0);
  }

  benchmarkCycles(): number | null {
    if (!this.opts.benchmark) return null;
    const bus = this.machine.bus;
    let samples: bigint[];
    switch (this.plan.samples) {
      case 'domu': samples = readSamples(bus, this.domUs[0]); break;
      case 'dom0': samples = readSamples(bus, this.dom0); break;
      case 'vm-switch': samples = vmSwitchSamples(this.domUs.map((g) => readSamples(bus, g))); break;
    }
    if (samples.length === 0) return null;
    let sum = 0n;
    for (const s of samples) sum += s;
    return Number(sum) / samples.length;
  }

  /** Xen's perfc counters (xen.S xen_stats); all zero unless built with `perfc`. */
  stats(): { hypercalls: number; mmio: number; injectedFaults: number; strayIrqs: number; switches: number } {
    const at = symbolPa(this.xen, 'xen_stats');
    const r = (i: number): number => Number(readU64(this.machine.bus, at + 8 * i));
    return { hypercalls: r(0), mmio: r(1), injectedFaults: r(2), strayIrqs: r(3), switches: r(4) };
  }
}

export function createXenSystem(opts: XenSystemOptions = {}): XenSystem {
  return new XenSystem(opts);
}
