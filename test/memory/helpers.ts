// Test support for the memory model: a core with the MMU translator and 64 MB of RAM, a small
// builder of translation tables in that RAM (any granule, either stage), and register helpers.

import { Cpu } from '../../emulator/cpu/cpu';
import { A64_SEMANTICS } from '../../emulator/cpu/semantics';
import { slotOf } from '../../emulator/cpu/sysregs/index';
import { PhysicalBus } from '../../emulator/memory/bus';
import { MmuTranslator } from '../../emulator/memory/translator';
import { levelShift } from '../../emulator/memory/walk';

export const RAM = 0x40000000;
export const RAM_SIZE = 64 << 20;

export const AF = 1n << 10n;
export const NG = 1n << 11n;
export const AP_EL0 = 1n << 6n;
export const AP_RO = 1n << 7n;
export const PXN = 1n << 53n;
export const UXN = 1n << 54n;
export const XN = UXN;
export const SH_IS = 3n << 8n;
export const attrIdx = (i: number): bigint => BigInt(i) << 2n;
/** Stage 2 leaf bits: S2AP read/write, MemAttr (Normal WB = 0xf, Device nGnRE = 0x1). */
export const S2_R = 1n << 6n, S2_W = 1n << 7n, S2_NORMAL = 0xfn << 2n, S2_DEVICE = 0x1n << 2n;

export interface Env { cpu: Cpu; bus: PhysicalBus; mmu: MmuTranslator }

export function env(domain?: MmuTranslator[]): Env {
  const bus = new PhysicalBus(RAM, RAM_SIZE);
  const cpu = new Cpu(0, bus, A64_SEMANTICS);
  const mmu = new MmuTranslator(bus, domain);
  cpu.translator = mmu;
  return { cpu, bus, mmu };
}

export function setReg(c: Cpu, name: string, v: bigint): void {
  c.sys[slotOf(name)] = BigInt.asUintN(64, v);
  c.flushTranslation();
}
export const reg = (c: Cpu, name: string): bigint => c.sys[slotOf(name)];

export function w64(bus: PhysicalBus, pa: number, v: bigint): void {
  bus.view.setBigUint64(pa - RAM, BigInt.asUintN(64, v), true);
}
export function r64(bus: PhysicalBus, pa: number): bigint {
  return bus.view.getBigUint64(pa - RAM, true);
}

/**
 * Builds translation tables in RAM from `next` upwards. For stage 1 under stage 2, the
 * tables' addresses are IPAs: `tableIpaOffset` is added to what the descriptors hold.
 */
export class Tables {
  constructor(readonly bus: PhysicalBus, public next: number, readonly granule = 12) {}

  alloc(bytes = 2 ** this.granule): number {
    const align = Math.max(bytes, 2 ** this.granule);
    this.next = Math.ceil(this.next / align) * align;
    const pa = this.next;
    this.bus.u8.fill(0, pa - RAM, pa - RAM + bytes);
    this.next += bytes;
    return pa;
  }

  /**
   * Maps `input` → `output` with a leaf at `level` (page at 3, block above) with `attrs`, creating
   * tables from `root` (which resolves `startLevel`; entries at the start level can index past
   * one table for concatenated stage 2 tables). Returns the descriptor's address.
   */
  map(root: number, startLevel: number, input: bigint, output: bigint, level: number, attrs: bigint, tableAttrs = 0n): number {
    let table = root;
    const g = this.granule;
    for (let l = startLevel; ; l++) {
      const shift = levelShift(g, l);
      const idx = l === startLevel ? Number((input >> BigInt(shift)) & 0xffffn) : Number((input >> BigInt(shift)) & ((1n << BigInt(g - 3)) - 1n));
      const da = table + idx * 8;
      if (l === level) {
        w64(this.bus, da, output | attrs | (level === 3 ? 3n : 1n) | AF);
        return da;
      }
      let d = r64(this.bus, da);
      if ((d & 3n) !== 3n) {
        const t = this.alloc();
        d = BigInt(t) | 3n | tableAttrs;
        w64(this.bus, da, d);
      }
      table = Number(d & 0xfffffffff000n);
    }
  }
}

/** TCR_EL1 with T0SZ/T1SZ, 4K/16K/64K granules (TG0 0/2/1, TG1 2/1/3), IPS 40 bits, 16-bit ASIDs. */
export function tcrEl1(t0sz: number, g0: number, t1sz = 25, g1 = 12, extra = 0n): bigint {
  const tg0 = g0 === 12 ? 0n : g0 === 14 ? 2n : 1n;
  const tg1 = g1 === 12 ? 2n : g1 === 14 ? 1n : 3n;
  return BigInt(t0sz) | (tg0 << 14n) | (BigInt(t1sz) << 16n) | (tg1 << 30n) | (2n << 32n) | (1n << 36n) | extra;
}

/** VTCR_EL2: T0SZ, SL0, TG0 and PS = 40 bits. */
export function vtcr(t0sz: number, sl0: number, g = 12): bigint {
  const tg = g === 12 ? 0n : g === 14 ? 2n : 1n;
  return BigInt(t0sz) | (BigInt(sl0) << 6n) | (tg << 14n) | (2n << 16n) | (1n << 31n);
}

/** MAIR with attr0 = Device-nGnRnE, attr1 = Normal WB, attr2 = Normal NC. */
export const MAIR = 0x44ff00n;

export const HCR = { VM: 1n, PTW: 1n << 2n, DC: 1n << 12n, TGE: 1n << 27n, RW: 1n << 31n, E2H: 1n << 34n } as const;
