// The QEMU `virt` board (hw/arm/virt.c base_memmap), one Cortex-A57-like core:
//
//   0x0800_0000  GIC distributor / CPU interface   not modelled yet: accesses raise a synchronous
//                                                    external abort like any unmapped address
//   0x0900_0000  PL011 UART (4 KiB)                  emulator/devices/pl011.ts
//   0x4000_0000  RAM (128 MiB by default, as QEMU)
//
// Flash at 0, the RTC, fw_cfg, GPIO and virtio-mmio are not modelled either (external abort).
// Firmware: PSCI through SMC when the core boots at EL2 (virtualization=on), through HVC when
// it boots at EL1 (QEMU without virtualization=on); Arm semihosting (HLT #0xF000) on request.

import { CodeCache } from '../cpu/code-cache';
import { Cpu, ISA_FEATURES_A57, ISA_FEATURES_MAX, SLOTS } from '../cpu/cpu';
import { A64_SEMANTICS } from '../cpu/semantics';
import { MmuTranslator } from '../memory/translator';
import { Pl011 } from '../devices/pl011';
import { PhysicalBus } from '../memory/bus';
import type { TraceSink } from '../trace/events';
import { loadImage, type LoadedImage } from './loader';
import { Machine, tracedDevice } from './machine';
import { PsciFirmware } from './psci';
import { Semihosting } from './semihosting';

export const VIRT = {
  RAM_BASE: 0x40000000,
  /** QEMU virt's default -m. */
  RAM_SIZE_DEFAULT: 128 * 1024 * 1024,
  UART_BASE: 0x09000000,
  UART_SIZE: 0x1000,
  GIC_DIST_BASE: 0x08000000,
  GIC_CPU_BASE: 0x08010000,
  /** RAM above 0x4000_0000 may extend to 255 GiB on QEMU; we cap it at what an ArrayBuffer holds. */
  RAM_SIZE_MAX: 2 * 1024 * 1024 * 1024 - 4096,
} as const;

const HCR_RW = 1n << 31n;

export interface VirtOptions {
  ramSize?: number;
  /** EL at entry: 2 as QEMU -M virt,virtualization=on (default), 1 as QEMU without it. */
  el?: 1 | 2;
  /** Arm semihosting through HLT #0xF000 (QEMU -semihosting). */
  semihosting?: boolean;
  trace?: TraceSink | null;
  /** Also emit an 'mmio' event for each device access (--trace all). */
  traceMmio?: boolean;
  /** PL011 transmit. */
  uartOutput?: (byte: number) => void;
  /** Semihosting console output (fd 1 stdout, fd 2 stderr). */
  hostWrite?: (fd: 1 | 2, bytes: Uint8Array) => void;
  /** CPU model as QEMU's -cpu: 'cortex-a57' (default, ARMv8.0 + CRC) or 'max' (every extension we implement). */
  cpu?: 'cortex-a57' | 'max';
}

export class VirtMachine extends Machine {
  readonly uart: Pl011;
  readonly psci: PsciFirmware;
  readonly semihosting: Semihosting | null = null;
  readonly ramSize: number;

  constructor(opts: VirtOptions = {}) {
    const ramSize = opts.ramSize ?? VIRT.RAM_SIZE_DEFAULT;
    if (!Number.isInteger(ramSize) || ramSize <= 0 || ramSize % 4096 !== 0 || ramSize > VIRT.RAM_SIZE_MAX) {
      throw new RangeError(`RAM size ${ramSize} must be a positive multiple of 4 KiB up to ${VIRT.RAM_SIZE_MAX}`);
    }
    const el = opts.el ?? 2;
    const bus = new PhysicalBus(VIRT.RAM_BASE, ramSize);
    const code = new CodeCache(bus);
    const cpu = new Cpu(0, bus, A64_SEMANTICS, code, undefined, opts.cpu === 'max' ? ISA_FEATURES_MAX : ISA_FEATURES_A57);
    cpu.translator = new MmuTranslator(bus);
    const trace = opts.trace ?? null;
    super(bus, [cpu], code, el, trace);
    this.ramSize = ramSize;

    this.uart = new Pl011({ output: opts.uartOutput });
    bus.map(VIRT.UART_BASE, VIRT.UART_SIZE, trace && opts.traceMmio ? tracedDevice(this.uart, VIRT.UART_BASE, trace, () => cpu) : this.uart);

    // virt.c machvirt_init: the SMC conduit with EL2 (virtualization=on), HVC without.
    const psci = (this.psci = new PsciFirmware(this, el === 2 ? 'smc' : 'hvc'));
    cpu.firmwareCall = (c, conduit) => psci.call(c, conduit);
    cpu.hvcConduit = el === 1;

    if (opts.semihosting) {
      const semi = (this.semihosting = new Semihosting(bus, {
        write: opts.hostWrite ?? (() => undefined),
        exit: (status) => this.stop('exit', `semihosting: exit ${status}`, status),
        fail: (msg) => this.stop('halted', `semihosting: ${msg}`, null),
      }));
      cpu.semihostingCall = (c) => semi.call(c);
    }
    bootCore(cpu, el);
  }

  get cpu(): Cpu { return this.cpus[0]; }

  /** Points core 0 at a loaded image: PC = entry, X0 = 0 (the DTB address once the DTB writer lands). */
  boot(img: LoadedImage): void {
    this.cpu.pc = img.entry;
    this.cpu.setX(0, 0, 0);
  }

  /** Loads a file's contents by format (ELF, .S, raw/Image) and boots it; throws LoadError. */
  loadAndBoot(fileName: string, bytes: Uint8Array, readFile?: (path: string, fromFile: string) => string | null): LoadedImage {
    const img = loadImage(this.bus, fileName, bytes, readFile);
    this.boot(img);
    return img;
  }
}

export function createVirtMachine(opts: VirtOptions = {}): VirtMachine {
  return new VirtMachine(opts);
}

/**
 * Entry state as QEMU's -kernel boot leaves it: EL2h (or EL1h), DAIF masked, MMU off. At EL1
 * the board has no EL2 for the guest: HCR_EL2.RW=1 so EL1 is AArch64 (our core always has EL2).
 */
export function bootCore(cpu: Cpu, el: 1 | 2): void {
  cpu.el = el;
  cpu.spsel = 1;
  cpu.daif = 0xf;
  // NZCV is UNKNOWN at reset; QEMU's reset leaves Z set (CPSR 0x400003c9), and lockstep
  // comparison against QEMU starts from its state.
  cpu.setNzcv(0b0100);
  if (el === 1) cpu.sys[SLOTS.HCR_EL2] |= HCR_RW;
}
