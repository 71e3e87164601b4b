// Decoded-instruction cache, per 4 KB physical page of RAM (DESIGN.md "Decode once"): an array
// of 1024 executors filled lazily. Shared by all cores of a machine; any write to a page that
// holds decoded code (a CPU store, a device's DMA, the loader) drops that page.

import { PAGE_SIZE, type PhysicalBus } from '../memory/bus';
import type { Exec } from './semantics/types';

const NO_COSTS = new Uint16Array(PAGE_SIZE / 4);

export class CodeCache {
  private readonly pages = new Map<number, (Exec | undefined)[]>();
  /** Cycles of each decoded instruction (emulator/cost), parallel to its page's executors. */
  private readonly costs = new Map<number, Uint16Array>();
  private readonly listeners: ((pa: number) => void)[] = [];
  /** One flag per RAM page: 1 when the page holds decoded code (checked on every RAM write). */
  readonly codePages: Uint8Array;

  constructor(readonly bus: PhysicalBus) {
    this.codePages = new Uint8Array(bus.ramSize / PAGE_SIZE);
    bus.onRamWrite = (pa, size) => {
      const first = Math.floor((pa - bus.ramBase) / PAGE_SIZE);
      const last = Math.floor((pa + size - 1 - bus.ramBase) / PAGE_SIZE);
      for (let p = first; p <= last; p++) if (this.codePages[p]) this.invalidate(bus.ramBase + p * PAGE_SIZE);
    };
  }

  /** The executor array of the RAM page at `pa` (page aligned), or null if it is not RAM. */
  page(pa: number): (Exec | undefined)[] | null {
    let p = this.pages.get(pa);
    if (p) return p;
    if (this.bus.ramOffset(pa, PAGE_SIZE) < 0) return null;
    p = new Array<Exec | undefined>(PAGE_SIZE / 4);
    this.pages.set(pa, p);
    this.costs.set(pa, new Uint16Array(PAGE_SIZE / 4));
    this.codePages[(pa - this.bus.ramBase) / PAGE_SIZE] = 1;
    return p;
  }

  /** The cost array of the page at `pa` (filled by the core as it decodes); empty if not decoded. */
  costsOf(pa: number): Uint16Array {
    return this.costs.get(pa) ?? NO_COSTS;
  }

  invalidate(pa: number): void {
    if (!this.pages.delete(pa)) return;
    this.costs.delete(pa);
    this.codePages[(pa - this.bus.ramBase) / PAGE_SIZE] = 0;
    for (const l of this.listeners) l(pa);
  }

  onInvalidate(l: (pa: number) => void): void {
    this.listeners.push(l);
  }
}
