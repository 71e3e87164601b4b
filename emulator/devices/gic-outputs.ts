// The outputs a GIC (v2 or v3) drives into each core: physical IRQ/FIQ from the CPU interface,
// virtual IRQ/FIQ from the virtual CPU interface, and the maintenance interrupt, which is also
// the input of PPI 25 of that core (IHI 0048B 5.3.6, IHI 0069 9.7.4; QEMU virt wires it so).
// Both GIC models recompute them the same way after every access.

import type { TraceSink } from '../trace/events';
import { PPI, type CoreIrqLines } from './irq-types';

/** What a GIC model exposes for the recomputation (bound once, in its constructor). */
export interface GicOutputSources {
  cores(): number;
  /** Last reported lines per core (updated in place). */
  readonly out: CoreIrqLines[];
  /** Drives the maintenance PPI input of the distributor. */
  setLevel(intid: number, core: number, level: boolean): void;
  maintenance(core: number): boolean;
  misr(core: number): number;
  physical(core: number): { irq: boolean; fiq: boolean };
  virtual(core: number): { virq: boolean; vfiq: boolean };
  trace(): TraceSink | null;
  icount(core: number): number;
  onChange(): ((core: number, lines: Readonly<CoreIrqLines>) => void) | null;
}

/** Recomputes every core's outputs (maintenance first: it feeds PPI 25) and reports the changes. */
export function updateGicOutputs(s: GicOutputSources): void {
  const changed: number[] = [];
  const trace = s.trace();
  for (let c = 0, n = s.cores(); c < n; c++) {
    const maintenance = s.maintenance(c);
    s.setLevel(PPI.MAINTENANCE, c, maintenance);
    const o = s.out[c];
    if (maintenance !== o.maintenance && trace) {
      trace({ kind: 'maintenance', cpu: c, icount: s.icount(c), level: maintenance, misr: s.misr(c) });
    }
    const { irq, fiq } = s.physical(c);
    const { virq, vfiq } = s.virtual(c);
    if (irq !== o.irq || fiq !== o.fiq || virq !== o.virq || vfiq !== o.vfiq || maintenance !== o.maintenance) {
      s.out[c] = { irq, fiq, virq, vfiq, maintenance };
      changed.push(c);
    }
  }
  const cb = s.onChange();
  if (cb) for (const c of changed) cb(c, s.out[c]);
}
