// Drives a GicV2 through its MMIO frames the way a core would (32-bit accesses unless stated),
// with a settable "current core" for the banked frames.

import { GicV2, type GicV2Options } from '../../emulator/devices/gicv2';
import type { MmioDevice } from '../../emulator/memory/bus';
import type { TraceEvent } from '../../emulator/trace/events';

export interface Rig {
  gic: GicV2;
  events: TraceEvent[];
  /** Which core the next access comes from. */
  on(core: number): Rig;
  d(off: number): number;
  dw(off: number, v: number): void;
  c(off: number): number;
  cw(off: number, v: number): void;
  h(off: number): number;
  hw(off: number, v: number): void;
  v(off: number): number;
  vw(off: number, v: number): void;
}

export function rig(opts: GicV2Options = {}): Rig {
  let cur = 0;
  const events: TraceEvent[] = [];
  const gic = new GicV2({ currentCore: () => cur, trace: (e) => events.push(e), ...opts });
  const r32 = (f: MmioDevice, o: number): number => {
    const v = f.read(o, 4);
    if (typeof v !== 'number') throw new Error(`bus error reading ${f.name}+0x${o.toString(16)}`);
    return v;
  };
  const w32 = (f: MmioDevice, o: number, v: number): void => {
    if (!f.write(o, 4, v >>> 0, 0)) throw new Error(`bus error writing ${f.name}+0x${o.toString(16)}`);
  };
  const r: Rig = {
    gic,
    events,
    on(core) { cur = core; return r; },
    d: (o) => r32(gic.distributorFrame, o),
    dw: (o, v) => w32(gic.distributorFrame, o, v),
    c: (o) => r32(gic.cpuFrame, o),
    cw: (o, v) => w32(gic.cpuFrame, o, v),
    h: (o) => r32(gic.hypFrame, o),
    hw: (o, v) => w32(gic.hypFrame, o, v),
    v: (o) => r32(gic.vcpuFrame, o),
    vw: (o, v) => w32(gic.vcpuFrame, o, v),
  };
  return r;
}
