// Drives a GicV3 the way cores would: MMIO through its Distributor/Redistributor frames and the
// system registers through its 'gic' hook, from a chosen core, EL and HCR_EL2 (IMO/FMO routing).

import { SLOTS } from '../../emulator/cpu/cpu';
import { createSysregStore, slotOf } from '../../emulator/cpu/sysregs/index';
import { GicV3, type GicSysregCore, type GicV3Options } from '../../emulator/devices/gicv3';
import type { MmioDevice } from '../../emulator/memory/bus';
import type { TraceEvent } from '../../emulator/trace/events';

export const HCR_IMO = 1n << 4n;
export const HCR_FMO = 1n << 3n;

export interface Rig3 {
  gic: GicV3;
  events: TraceEvent[];
  /** The cores' register views (index, el, sys with HCR_EL2 in its slot). */
  cores: { index: number; el: number; sys: BigUint64Array }[];
  /** Which core the next system register access comes from, at which EL, with which HCR_EL2. */
  on(core: number, el?: number, hcr?: bigint): Rig3;
  d(off: number): number;
  dw(off: number, v: number): void;
  /** Redistributor window offset (core * 0x20000 + frame offset). */
  r(off: number): number;
  rw(off: number, v: number): void;
  mrs(name: string): bigint;
  msr(name: string, v: bigint | number): void;
}

export function rig3(opts: GicV3Options = {}): Rig3 {
  const events: TraceEvent[] = [];
  const gic = new GicV3({ trace: (e) => events.push(e), ...opts });
  const h = gic.sysregHandler(SLOTS.HCR_EL2);
  const cores = Array.from({ length: gic.cores }, (_, index) => ({ index, el: 2, sys: createSysregStore() }));
  let cur: GicSysregCore = cores[0];
  const r32 = (f: MmioDevice, o: number): number => {
    const v = f.read(o, 4);
    if (typeof v !== 'number') throw new Error(`bus error reading ${f.name}+0x${o.toString(16)}`);
    return v;
  };
  const w32 = (f: MmioDevice, o: number, v: number): void => {
    if (!f.write(o, 4, v >>> 0, 0)) throw new Error(`bus error writing ${f.name}+0x${o.toString(16)}`);
  };
  const rig: Rig3 = {
    gic,
    events,
    cores,
    on(core, el = 2, hcr = 0n) {
      const c = cores[core];
      c.el = el;
      c.sys[SLOTS.HCR_EL2] = hcr;
      cur = c;
      return rig;
    },
    d: (o) => r32(gic.distributorFrame, o),
    dw: (o, v) => w32(gic.distributorFrame, o, v),
    r: (o) => r32(gic.redistributorFrame, o),
    rw: (o, v) => w32(gic.redistributorFrame, o, v),
    mrs: (name) => h.read(cur, name, slotOf(name)),
    msr: (name, v) => h.write(cur, name, slotOf(name), BigInt(v), BigInt(v)),
  };
  return rig;
}

/** GICR SGI_base offset of core `c`'s register `off`. */
export const sgiBase = (c: number, off: number): number => c * 0x20000 + 0x10000 + off;
