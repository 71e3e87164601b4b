// Interrupt identifiers and the wiring types shared by the interrupt controllers (GICv2 now,
// GICv3 later), the devices that raise interrupts and the board.
//
// INTID ranges (GICv2 architecture spec, ARM IHI 0048B, section 2.2.1 "Interrupt IDs"):
// SGIs 0-15, PPIs 16-31, SPIs 32-1019, special IDs 1020-1023.
// The PPI and SPI numbers of the QEMU `virt` board (hw/arm/virt.h, include/hw/arm/virt.h):
// ARCH_GIC_MAINT_IRQ 9, ARCH_TIMER_{S_EL1 13, NS_EL1 14, VIRT 11, NS_EL2 10} as PPI numbers,
// i.e. INTID = 16 + PPI; SPIs from base_memmap/a15irqmap (UART 1, RTC 2, virtio-mmio 16..47).

export const NUM_SGIS = 16;
/** SGIs and PPIs: the banked, per-core interrupts (IHI 0048B 1.4.2). */
export const NUM_INTERNAL = 32;
/** QEMU virt: 256 SPIs + 32 internal = 288 interrupts (GICD_TYPER.ITLinesNumber = 8). */
export const VIRT_NUM_IRQS = 288;
/** The GICv2 supports at most 8 CPU interfaces (IHI 0048B 4.3.2, CPUNumber is 3 bits). */
export const GICV2_MAX_CORES = 8;

/** Special INTIDs returned by GICC_IAR/HPPIR (IHI 0048B 3.2.5). */
export const INTID_SPURIOUS = 1023;
/** Returned when the highest-priority pending interrupt is Group 1 and GICC_CTLR.AckCtl is 0. */
export const INTID_GROUP1_HIDDEN = 1022;
/** First special INTID: values from here up are never acknowledged or completed. */
export const INTID_SPECIAL_BASE = 1020;

/** PPIs of the QEMU virt board, as INTIDs. */
export const PPI = {
  /** GIC virtual interface maintenance interrupt (virt ARCH_GIC_MAINT_IRQ 9). */
  MAINTENANCE: 25,
  /** EL2 physical timer, CNTHP (ARCH_TIMER_NS_EL2_IRQ 10). */
  HYP_TIMER: 26,
  /** EL1 virtual timer, CNTV (ARCH_TIMER_VIRT_IRQ 11). */
  VIRT_TIMER: 27,
  /** Secure EL1 physical timer, CNTPS (ARCH_TIMER_S_EL1_IRQ 13). */
  SEC_PHYS_TIMER: 29,
  /** Non-secure EL1 physical timer, CNTP (ARCH_TIMER_NS_EL1_IRQ 14). */
  PHYS_TIMER: 30,
} as const;

/** SPIs of the QEMU virt board, as INTIDs (32 + the a15irqmap number). */
export const SPI = {
  UART: 33,
  RTC: 34,
  /** First of 32 virtio-mmio transports (VIRT_MMIO irq 16). */
  VIRTIO_MMIO_BASE: 48,
  VIRTIO_MMIO_COUNT: 32,
} as const;

export type IntidKind = 'sgi' | 'ppi' | 'spi' | 'special' | 'reserved';

/** Classifies an INTID (IHI 0048B 2.2.1). */
export function intidKind(intid: number): IntidKind {
  if (intid < 0 || !Number.isInteger(intid)) return 'reserved';
  if (intid < NUM_SGIS) return 'sgi';
  if (intid < NUM_INTERNAL) return 'ppi';
  if (intid < INTID_SPECIAL_BASE) return 'spi';
  return intid < 1024 ? 'special' : 'reserved';
}

/**
 * The interrupt outputs of one core's CPU interfaces. `irq`/`fiq` come from the physical CPU
 * interface (GICC), `virq`/`vfiq` from the virtual CPU interface (GICV, driven by the list
 * registers), `maintenance` is the GICH maintenance interrupt (also fed back as PPI 25).
 */
export interface CoreIrqLines {
  irq: boolean;
  fiq: boolean;
  virq: boolean;
  vfiq: boolean;
  maintenance: boolean;
}

export function noLines(): CoreIrqLines {
  return { irq: false, fiq: false, virq: false, vfiq: false, maintenance: false };
}

/** A device-side interrupt input: a level-sensitive wire into the controller. */
export interface IrqLine {
  set(level: boolean): void;
}

/** What a device or the board needs from any interrupt controller. */
export interface InterruptController {
  readonly numIrqs: number;
  readonly cores: number;
  /** Drives the input of PPI/SPI `intid` (core selects the PPI bank; ignored for SPIs). */
  setLevel(intid: number, core: number, level: boolean): void;
  /** The current outputs of core `core`. */
  lines(core: number): Readonly<CoreIrqLines>;
  /** Called after any change of a core's outputs. */
  onChange: ((core: number, lines: Readonly<CoreIrqLines>) => void) | null;
}

/** A wire from a device to input `intid` (of core `core` for a PPI). */
export function irqLine(ic: InterruptController, intid: number, core = 0): IrqLine {
  return { set: (level) => ic.setLevel(intid, core, level) };
}
