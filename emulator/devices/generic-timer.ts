// The generic timer of one core (ARM ARM D11 "The Generic Timer in AArch64 state", D19.10):
// the system counter (CNTPCT_EL0, CNTVCT_EL0 = CNTPCT - CNTVOFF_EL2) and four timers, EL1
// physical (CNTP_*), EL1 virtual (CNTV_*), EL2 physical (CNTHP_*) and, with VHE, EL2 virtual
// (CNTHV_*). Each timer has CTL (ENABLE, IMASK, ISTATUS), a 64-bit CVAL and TVAL, a signed
// 32-bit view of CVAL - count (D11.2.4). Its output, ENABLE && ISTATUS && !IMASK, is a
// level-sensitive PPI of the core (QEMU hw/arm/virt.c: CNTP 30, CNTV 27, CNTHP 26, CNTHV 28).
//
// Time is derived from the core's emulated cycles, deterministically: a 2.4 GHz core (the
// paper's X-Gene) and a 62.5 MHz counter (QEMU virt's CNTFRQ_EL0), count = floor(cycles * 5 /
// 192). The timer never polls: it tells the core the cycle of its next expiry (Cpu.deadline),
// and the run loop calls back at its slow points once that cycle is reached (within
// DEADLINE_SLACK instructions, see cpu.ts). Registers live in the core's sysreg slots.
// Not modelled: the event stream (CNTKCTL_EL1/CNTHCTL_EL2.EVNTEN), secure CNTPS_*.

import type { Cpu, SysregHandler } from '../cpu/cpu';
import { slotOf } from '../cpu/sysregs';

const M64 = (1n << 64n) - 1n;
const M32 = 0xffffffffn;
/** Counter ticks per core cycle: 62.5 MHz / 2.4 GHz = 5 / 192. */
export const COUNTER_NUM = 5;
export const COUNTER_DEN = 192;
/** HCR_EL2.E2H and TGE. */
const E2H = 1n << 34n, TGE = 1n << 27n;
/** CNTx_CTL bits (D19.10). */
const ENABLE = 1n, IMASK = 2n, ISTATUS = 4n;

export type TimerId = 'phys' | 'virt' | 'hyp' | 'hypvirt';

/** The register prefix, the PPI (INTID) QEMU virt wires it to, and whether CNTVOFF_EL2 applies. */
export const TIMERS: readonly { id: TimerId; prefix: string; intid: number; offset: boolean }[] = [
  { id: 'phys', prefix: 'CNTP', intid: 30, offset: false }, // ARCH_TIMER_NS_EL1_IRQ 14
  { id: 'virt', prefix: 'CNTV', intid: 27, offset: true }, // ARCH_TIMER_VIRT_IRQ 11
  { id: 'hyp', prefix: 'CNTHP', intid: 26, offset: false }, // ARCH_TIMER_NS_EL2_IRQ 10
  { id: 'hypvirt', prefix: 'CNTHV', intid: 28, offset: false }, // ARCH_TIMER_NS_EL2_VIRT_IRQ 12
];

const regName = (prefix: string, field: string): string => `${prefix}_${field}_${prefix.startsWith('CNTH') ? 'EL2' : 'EL0'}`;
const CTL_SLOTS = TIMERS.map((t) => slotOf(regName(t.prefix, 'CTL')));
const CVAL_SLOTS = TIMERS.map((t) => slotOf(regName(t.prefix, 'CVAL')));
const CNTVOFF = slotOf('CNTVOFF_EL2');
const HCR = slotOf('HCR_EL2');

/** Register name → (timer index, field), for the 'timer' hook. */
const BY_NAME = new Map<string, { t: number; field: 'CTL' | 'CVAL' | 'TVAL' }>();
TIMERS.forEach((t, i) => { for (const f of ['CTL', 'CVAL', 'TVAL'] as const) BY_NAME.set(regName(t.prefix, f), { t: i, field: f }); });

/** The system counter at a cycle count: floor(cycles * 5 / 192), exact for any safe integer. */
export function counterAt(cycles: number): bigint {
  const q = Math.floor(cycles / COUNTER_DEN);
  return BigInt(q) * BigInt(COUNTER_NUM) + BigInt(Math.floor(((cycles - q * COUNTER_DEN) * COUNTER_NUM) / COUNTER_DEN));
}

/** The first cycle at which the counter reads `count` or more. */
export function cycleOfCount(count: bigint): number {
  const c = (count * BigInt(COUNTER_DEN) + BigInt(COUNTER_NUM - 1)) / BigInt(COUNTER_NUM);
  return c > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(c);
}

export class GenericTimer {
  /** Current output level of each timer (TIMERS order). */
  private readonly level = [false, false, false, false];

  /**
   * @param cpu the core whose cycles drive the counter and whose sysreg slots hold the registers
   * @param output drives the timer's PPI (INTID) of this core at the interrupt controller
   */
  constructor(readonly cpu: Cpu, private readonly output: (intid: number, level: boolean) => void) {}

  /** Binds the hooks ('timer', 'cntpct', 'cntvct') and the deadline callback of the core. */
  attach(): void {
    const c = this.cpu;
    c.sysregHandlers.timer = this.timerHandler;
    c.sysregHandlers.cntpct = { read: () => this.count(), write: () => undefined };
    c.sysregHandlers.cntvct = { read: (cpu) => this.virtualCountAsRead(cpu), write: () => undefined };
    c.onDeadline = () => this.update();
    this.update();
  }

  /** The physical count now. */
  count(): bigint {
    return counterAt(this.cpu.cycles);
  }

  /** CNTVCT_EL0 as the reader sees it: CNTVOFF_EL2 is 0 in the EL2&0 regime (E2H=1 at EL2, E2H=TGE=1 at EL0), as QEMU. */
  private virtualCountAsRead(c: Cpu): bigint {
    const hcr = c.sys[HCR];
    const host = (c.el === 2 && (hcr & E2H) !== 0n) || (c.el === 0 && (hcr & (E2H | TGE)) === (E2H | TGE));
    const pct = this.count();
    return host ? pct : (pct - c.sys[CNTVOFF]) & M64;
  }

  /** The count timer `t` compares against: CNTV uses CNTVOFF_EL2 (D11.2.2), the others the physical count. */
  private timerCount(t: number): bigint {
    const pct = this.count();
    return TIMERS[t].offset ? (pct - this.cpu.sys[CNTVOFF]) & M64 : pct;
  }

  /** ISTATUS: the timer is enabled and its condition (count - offset >= CVAL, unsigned) holds. */
  private istatus(t: number): boolean {
    const ctl = this.cpu.sys[CTL_SLOTS[t]];
    return (ctl & ENABLE) !== 0n && this.timerCount(t) >= this.cpu.sys[CVAL_SLOTS[t]];
  }

  private readonly timerHandler: SysregHandler = {
    read: (_c, name, slot) => {
      const r = BY_NAME.get(name);
      const sys = this.cpu.sys;
      if (r === undefined) return sys[slot]; // CNTVOFF_EL2: plain storage
      switch (r.field) {
        case 'CTL': return (sys[CTL_SLOTS[r.t]] & (ENABLE | IMASK)) | (this.istatus(r.t) ? ISTATUS : 0n);
        case 'CVAL': return sys[CVAL_SLOTS[r.t]];
        // TVAL = CVAL - count, the low 32 bits (a signed down-counter; bits 63:32 RES0).
        case 'TVAL': return (sys[CVAL_SLOTS[r.t]] - this.timerCount(r.t)) & M32;
      }
    },
    write: (_c, name, slot, value, masked) => {
      const r = BY_NAME.get(name);
      const sys = this.cpu.sys;
      if (r === undefined) { sys[slot] = masked; this.update(); return; } // CNTVOFF_EL2
      switch (r.field) {
        case 'CTL': sys[CTL_SLOTS[r.t]] = masked & (ENABLE | IMASK); break;
        case 'CVAL': sys[CVAL_SLOTS[r.t]] = value & M64; break;
        case 'TVAL': {
          // CVAL = count + SignExtend(TVAL[31:0]) (D19.10 CNTP_TVAL_EL0).
          const tval = BigInt.asIntN(32, value & M32);
          sys[CVAL_SLOTS[r.t]] = (this.timerCount(r.t) + tval) & M64;
          break;
        }
      }
      this.update();
    },
  };

  /**
   * Recomputes the outputs now and the next expiry: the core's deadline becomes the earliest
   * cycle at which an enabled, unmasked timer whose condition does not hold yet will fire.
   * Call after anything that changes the registers from outside (reset, CPU_ON, CNTVOFF_EL2).
   */
  update(): void {
    const sys = this.cpu.sys;
    let next = Infinity;
    for (let t = 0; t < TIMERS.length; t++) {
      const ctl = sys[CTL_SLOTS[t]];
      const met = this.istatus(t);
      const level = met && (ctl & IMASK) === 0n;
      if (level !== this.level[t]) {
        this.level[t] = level;
        this.output(TIMERS[t].intid, level);
      }
      if (met || (ctl & ENABLE) === 0n || (ctl & IMASK) !== 0n) continue;
      // The timer's count rises to CVAL after (CVAL - now) more ticks (no wrap: now < CVAL).
      const ticks = sys[CVAL_SLOTS[t]] - this.timerCount(t);
      const at = cycleOfCount(this.count() + ticks);
      if (at < next) next = at;
    }
    this.cpu.deadline = next;
  }

  /** Output level of a timer (for tests and the debugger). */
  asserted(id: TimerId): boolean {
    return this.level[TIMERS.findIndex((t) => t.id === id)];
  }
}
