// The device tree of the QEMU `virt` board, as qemu-system-aarch64 7.2 writes it (hw/arm/virt.c
// create_fdt, fdt_add_*_nodes, create_gic, create_uart, create_virtio_devices; hw/arm/boot.c
// arm_load_dtb for /memory and /chosen), for the devices this emulator models. Not described,
// because not modelled: flash@0, fw-cfg, pcie, the GICv2m/ITS MSI frames, pl031 RTC, pl061
// GPIO and gpio-keys, platform-bus, the PMU overflow interrupt (/pmu), and /chosen's random
// rng-seed/kaslr-seed (we are deterministic). test/machine/dtb-qemu.test.ts checks the rest
// against QEMU's dumpdtb node by node and property by property.
//
// Nodes and properties come out in the order QEMU's blob has them (libfdt prepends, so that is
// the reverse of virt.c's creation order), and phandles are allocated as QEMU allocates them
// (from 0x8000: the clock, the cpus from the last down, the GIC), so a `dtc -O dts` of both
// reads the same line for line where we model the device.

import { GICV2_VIRT_MAP } from '../devices/gicv2';
import { GICV3_VIRT_MAP } from '../devices/gicv3';
import { GICV2_MAX_CORES, NUM_INTERNAL, PPI, SPI } from '../devices/irq-types';
import { VIRTIO_MMIO } from '../devices/virtio-mmio';
import { FdtTree, fdtValue, type FdtNode } from './fdt-writer';

/** The parts of virt.c's base_memmap the tree names that no device module exports. */
const VIRT_DTB_MAP = {
  RAM_BASE: 0x40000000,
  UART_BASE: 0x09000000, UART_SIZE: 0x1000,
} as const;

/** include/hw/arm/fdt.h: GIC_FDT_IRQ_TYPE_*, GIC_FDT_IRQ_FLAGS_*, the PPI cpu-mask field [15:8]. */
const IRQ_TYPE = { SPI: 0, PPI: 1 } as const;
const IRQ_FLAGS = { EDGE_LO_HI: 1, LEVEL_HI: 4 } as const;
const PPI_CPU_MASK_SHIFT = 8;

/** PSCI 0.1 function IDs QEMU still lists (fdt_add_psci_node, the SMC64 ones for AArch64; DEN0022D 5.1). */
const PSCI_FN_PROPS: ReadonlyArray<[string, number]> = [
  ['migrate', 0xc4000005], ['cpu_on', 0xc4000003], ['cpu_off', 0x84000002], ['cpu_suspend', 0xc4000001],
];

/** virt.c fdt_add_timer_nodes: secure EL1, non-secure EL1, virtual, EL2 physical (as PPI numbers). */
const TIMER_PPIS: readonly number[] = [PPI.SEC_PHYS_TIMER, PPI.PHYS_TIMER, PPI.VIRT_TIMER, PPI.HYP_TIMER].map((i) => i - 16);

/** QEMU's apb-pclk fixed clock: 24 MHz. */
const APB_PCLK_HZ = 24000000;

export interface VirtioMmioWindow {
  readonly BASE: number;
  readonly SIZE: number;
  readonly COUNT: number;
  readonly FIRST_SPI: number;
}

export interface VirtDtbConfig {
  /** Default 0x4000_0000, virt's RAM base. */
  ramBase?: number;
  ramSize: number;
  /** 1 to 8. */
  cpus: number;
  gic: 2 | 3;
  /** Cores enter at EL2 (virtualization=on): PSCI through SMC, GICH/GICV and the maintenance interrupt described. */
  virtualization: boolean;
  bootargs?: string;
  /** [start, end) of the initrd in RAM (linux,initrd-start/end are u32 cells, as QEMU writes them). */
  initrd?: { start: number; end: number };
  /** The virtio-mmio transports: QEMU's 32 slots by default. */
  virtio?: VirtioMmioWindow;
}

export class DtbConfigError extends RangeError {
  constructor(message: string) {
    super(`device tree: ${message}`);
    this.name = 'DtbConfigError';
  }
}

const hex = (x: number): string => x.toString(16);

function validate(c: VirtDtbConfig): void {
  if (!Number.isInteger(c.cpus) || c.cpus < 1 || c.cpus > GICV2_MAX_CORES) throw new DtbConfigError(`cpus ${c.cpus} must be an integer from 1 to ${GICV2_MAX_CORES}`);
  if (c.gic !== 2 && c.gic !== 3) throw new DtbConfigError(`gic ${String(c.gic)} must be 2 or 3`);
  const base = c.ramBase ?? VIRT_DTB_MAP.RAM_BASE;
  if (!Number.isSafeInteger(base) || base < 0 || base % 4096) throw new DtbConfigError(`RAM base 0x${hex(base)} must be a 4 KiB aligned address`);
  if (!Number.isSafeInteger(c.ramSize) || c.ramSize <= 0 || c.ramSize % 4096) throw new DtbConfigError(`RAM size ${c.ramSize} must be a positive multiple of 4 KiB`);
  if (c.bootargs?.includes('\0')) throw new DtbConfigError('bootargs contain a NUL character');
  if (c.initrd) {
    const { start, end } = c.initrd;
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start > end) throw new DtbConfigError(`initrd [0x${hex(start)}, 0x${hex(end)}) is not a range`);
    if (start < base || end > base + c.ramSize) throw new DtbConfigError(`initrd [0x${hex(start)}, 0x${hex(end)}) is not inside RAM [0x${hex(base)}, 0x${hex(base + c.ramSize)})`);
    if (end > 0xffffffff) throw new DtbConfigError(`initrd end 0x${hex(end)} does not fit the 32-bit linux,initrd-end cell QEMU writes`);
  }
}

/** The virt board's DTB for a configuration; throws DtbConfigError for an impossible one. */
export function buildVirtDtb(config: VirtDtbConfig): Uint8Array {
  return buildVirtTree(config).toDtb();
}

/** The tree before serialization (a caller may add nodes, e.g. /reserved-memory). */
export function buildVirtTree(config: VirtDtbConfig): FdtTree {
  validate(config);
  const c = { ramBase: VIRT_DTB_MAP.RAM_BASE, virtio: VIRTIO_MMIO, ...config };
  const t = new FdtTree(0x8000);
  const root = t.root;

  const uartName = `pl011@${hex(VIRT_DTB_MAP.UART_BASE)}`;
  const gicName = `intc@${hex(GICV2_VIRT_MAP.DIST_BASE)}`;

  // /psci: fdt_add_psci_node; SMC from EL2 boot (virtualization=on), HVC otherwise. Our
  // firmware is PSCI 1.1 (emulator/machine/psci.ts), listed as QEMU does for >= 1.0.
  const psci = root.child('psci');
  for (const [name, fn] of PSCI_FN_PROPS) psci.cells(name, fn);
  psci.strings('method', config.virtualization ? 'smc' : 'hvc')
    .strings('compatible', 'arm,psci-1.0', 'arm,psci-0.2', 'arm,psci');

  // /memory: hw/arm/boot.c arm_load_dtb.
  root.child(`memory@${hex(c.ramBase)}`)
    .set('reg', fdtValue.u64Cells(c.ramBase, c.ramSize))
    .strings('device_type', 'memory');

  // virtio-mmio transports, lowest address first (create_virtio_devices adds them in reverse).
  for (let i = 0; i < c.virtio.COUNT; i++) {
    const base = c.virtio.BASE + i * c.virtio.SIZE;
    root.child(`virtio_mmio@${hex(base)}`)
      .flag('dma-coherent')
      .cells('interrupts', IRQ_TYPE.SPI, c.virtio.FIRST_SPI + i, IRQ_FLAGS.EDGE_LO_HI)
      .set('reg', fdtValue.u64Cells(base, c.virtio.SIZE))
      .strings('compatible', 'virtio,mmio');
  }

  const uart = root.child(uartName);
  const gic = root.child(gicName);
  const cpus = root.child('cpus');
  const timer = root.child('timer');
  const clock = root.child('apb-pclk');
  const chosen = root.child('chosen');

  // Phandles in QEMU's allocation order: clock, cpus (last first), GIC.
  const clockPh = t.phandle(clock);
  cpus.cells('#size-cells', 0).cells('#address-cells', 1);
  const cpuMap = cpus.child('cpu-map').child('socket0').child('cluster0');
  const cpuNodes: FdtNode[] = [];
  for (let i = 0; i < c.cpus; i++) cpuNodes.push(cpus.child(`cpu@${hex(i)}`));
  const cpuPh = new Array<number>(c.cpus);
  for (let i = c.cpus - 1; i >= 0; i--) cpuPh[i] = t.phandle(cpuNodes[i]);
  const gicPh = t.phandle(gic);

  // Root: create_fdt.
  root.cells('interrupt-parent', gicPh)
    .strings('model', 'linux,dummy-virt')
    .cells('#size-cells', 2)
    .cells('#address-cells', 2)
    .strings('compatible', 'linux,dummy-virt');

  // /pl011: create_uart.
  uart.strings('clock-names', 'uartclk', 'apb_pclk')
    .cells('clocks', clockPh, clockPh)
    .cells('interrupts', IRQ_TYPE.SPI, SPI.UART - NUM_INTERNAL, IRQ_FLAGS.LEVEL_HI)
    .set('reg', fdtValue.u64Cells(VIRT_DTB_MAP.UART_BASE, VIRT_DTB_MAP.UART_SIZE))
    .strings('compatible', 'arm,pl011', 'arm,primecell');

  // /intc: create_gic → fdt_add_gic_node. The maintenance interrupt only with virtualization.
  if (config.virtualization) gic.cells('interrupts', IRQ_TYPE.PPI, PPI.MAINTENANCE - 16, IRQ_FLAGS.LEVEL_HI);
  if (c.gic === 2) {
    const M = GICV2_VIRT_MAP;
    const frames: number[] = [M.DIST_BASE, M.DIST_SIZE, M.CPU_BASE, M.CPU_SIZE];
    if (config.virtualization) frames.push(M.HYP_BASE, M.HYP_SIZE, M.VCPU_BASE, M.VCPU_SIZE);
    gic.set('reg', fdtValue.u64Cells(...frames)).strings('compatible', 'arm,cortex-a15-gic');
  } else {
    const M = GICV3_VIRT_MAP;
    gic.set('reg', fdtValue.u64Cells(M.DIST_BASE, M.DIST_SIZE, M.REDIST_BASE, M.REDIST_WINDOW))
      .cells('#redistributor-regions', 1)
      .strings('compatible', 'arm,gic-v3');
  }
  gic.flag('ranges').cells('#size-cells', 2).cells('#address-cells', 2).flag('interrupt-controller').cells('#interrupt-cells', 3);

  // /cpus: fdt_add_cpu_nodes; enable-method only with more than one core, as QEMU.
  for (let i = 0; i < c.cpus; i++) cpuMap.child(`core${i}`).cells('cpu', cpuPh[i]);
  cpuNodes.forEach((n, i) => {
    // reg is MPIDR_EL1.Aff0 here: 8 cores fit in cluster 0 with either GIC (virt.c virt_cpu_mp_affinity).
    n.cells('reg', i);
    if (c.cpus > 1) n.strings('enable-method', 'psci');
    n.strings('compatible', 'arm,cortex-a57').strings('device_type', 'cpu');
  });

  // /timer: fdt_add_timer_nodes. With GICv2 the PPI flags carry the mask of target cores.
  const cpuMask = c.gic === 2 ? ((1 << Math.min(c.cpus, GICV2_MAX_CORES)) - 1) << PPI_CPU_MASK_SHIFT : 0;
  timer.cells('interrupts', ...TIMER_PPIS.flatMap((ppi) => [IRQ_TYPE.PPI, ppi, IRQ_FLAGS.LEVEL_HI | cpuMask]))
    .flag('always-on')
    .strings('compatible', 'arm,armv8-timer', 'arm,armv7-timer');

  // /apb-pclk: create_fdt.
  clock.strings('clock-output-names', 'clk24mhz')
    .cells('clock-frequency', APB_PCLK_HZ)
    .cells('#clock-cells', 0)
    .strings('compatible', 'fixed-clock');

  // /chosen: arm_load_dtb (initrd, bootargs) and create_uart (stdout-path).
  if (config.initrd) chosen.cells('linux,initrd-end', config.initrd.end).cells('linux,initrd-start', config.initrd.start);
  // QEMU writes bootargs only for a non-empty -append.
  if (config.bootargs) chosen.strings('bootargs', config.bootargs);
  chosen.strings('stdout-path', `/${uartName}`);
  return t;
}
