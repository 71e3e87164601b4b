// PSCI firmware as QEMU's virt board provides it without EL3 firmware (ARM DEN 0022 "Power State
// Coordination Interface"; QEMU target/arm/psci.c). The conduit is SMC when the board has EL2
// (virtualization=on) and HVC when it boots at EL1 (hw/arm/virt.c machvirt_init). Every call
// through the conduit is a firmware call: unknown function ids return NOT_SUPPORTED in X0.
// Results checked against qemu-system-aarch64 7.2: VERSION 0x10001, FEATURES 0/-1,
// MIGRATE_INFO_TYPE 2, AFFINITY_INFO 0/-2, CPU_ON of a running core -4, of no core -2.

import type { Cpu } from '../cpu/cpu';
import type { TraceSink } from '../trace/events';

/** Function ids (SMC32 0x84…, SMC64 0xC4…) and QEMU's PSCI 0.1 ids (base 0x95c1ba5e). */
export const PSCI_FN = {
  VERSION: 0x84000000,
  CPU_SUSPEND: 0x84000001, CPU_SUSPEND64: 0xc4000001,
  CPU_OFF: 0x84000002,
  CPU_ON: 0x84000003, CPU_ON64: 0xc4000003,
  AFFINITY_INFO: 0x84000004, AFFINITY_INFO64: 0xc4000004,
  MIGRATE: 0x84000005, MIGRATE64: 0xc4000005,
  MIGRATE_INFO_TYPE: 0x84000006,
  SYSTEM_OFF: 0x84000008,
  SYSTEM_RESET: 0x84000009,
  FEATURES: 0x8400000a,
  V01_CPU_SUSPEND: 0x95c1ba5e, V01_CPU_OFF: 0x95c1ba5f, V01_CPU_ON: 0x95c1ba60, V01_MIGRATE: 0x95c1ba61,
} as const;

export const PSCI_RET = {
  SUCCESS: 0, NOT_SUPPORTED: -1, INVALID_PARAMETERS: -2, DENIED: -3, ALREADY_ON: -4, ON_PENDING: -5,
  INTERNAL_FAILURE: -6, NOT_PRESENT: -7, DISABLED: -8, INVALID_ADDRESS: -9,
} as const;

/** PSCI 1.1 as QEMU 7.2 reports it (major 1 in bits 31:16, minor 1). */
export const PSCI_VERSION = 0x00010001;
/** MIGRATE_INFO_TYPE: no Trusted OS, migration not required. */
const TOS_NOT_PRESENT_MP = 2;

const NAMES = new Map<number, string>(Object.entries(PSCI_FN).map(([k, v]) => [v, k]));

/** Functions FEATURES reports as implemented (QEMU 7.2's list; 64-bit ones only from AArch64). */
const FEATURES = new Set<number>([
  PSCI_FN.VERSION, PSCI_FN.MIGRATE_INFO_TYPE, PSCI_FN.AFFINITY_INFO, PSCI_FN.AFFINITY_INFO64, PSCI_FN.SYSTEM_RESET,
  PSCI_FN.SYSTEM_OFF, PSCI_FN.CPU_ON, PSCI_FN.CPU_ON64, PSCI_FN.CPU_OFF, PSCI_FN.CPU_SUSPEND, PSCI_FN.CPU_SUSPEND64,
  PSCI_FN.FEATURES,
]);

const NO_RETURN = new Set<number>([PSCI_FN.SYSTEM_OFF, PSCI_FN.SYSTEM_RESET, PSCI_FN.CPU_OFF, PSCI_FN.V01_CPU_OFF]);

export type PowerState = 'on' | 'off' | 'on-pending';
/** AFFINITY_INFO values. */
const POWER_VALUE: Record<PowerState, number> = { on: 0, off: 1, 'on-pending': 2 };

/** What the firmware needs of the board. */
export interface PsciBoard {
  readonly cpus: readonly Cpu[];
  /** Power state per core (index as in cpus). */
  readonly power: PowerState[];
  /** Highest EL the board gives the guest (2 with virtualization, else 1): CPU_ON starts there. */
  readonly bootEl: 1 | 2;
  /** SYSTEM_OFF / SYSTEM_RESET / last core off: stop the machine. */
  shutdown(kind: 'poweroff' | 'reset' | 'cpus-off', reason: string): void;
  /**
   * CPU_ON reset `core` (powered on by `by`): put it in the board's boot state (EL, HCR_EL2.RW)
   * and at the caller's time; the firmware then sets PC and X0.
   */
  coreStarted?(core: Cpu, by: Cpu): void;
  trace: TraceSink | null;
}

/** MPIDR affinity of core i on virt (QEMU arm_cpu_mp_affinity: 8 cores per cluster with GICv2). */
export function mpAffinity(i: number): number {
  return ((i >> 3) << 8) | (i & 7);
}

export class PsciFirmware {
  constructor(readonly board: PsciBoard, readonly conduit: 'smc' | 'hvc') {}

  /** Cpu.firmwareCall: handles every call through our conduit, returns false for the other one. */
  call(c: Cpu, conduit: 'smc' | 'hvc'): boolean {
    if (conduit !== this.conduit) return false;
    const fn = c.x[0] >>> 0;
    const fnFull = c.x[1] === 0 ? fn : -1; // X0[63:32] must be zero for a valid id
    const name = this.board.trace ? NAMES.get(fnFull) ?? '0x' + c.xBig(0).toString(16) : '';
    // Calls that do not return stop the core inside dispatch: trace them first, so the 'psci'
    // event precedes the 'stop' event on the stream.
    const noReturn = NO_RETURN.has(fnFull);
    if (noReturn) this.board.trace?.({ kind: 'psci', cpu: c.index, icount: c.icount, fn: name, result: 'none' });
    const r = this.dispatch(c, fnFull);
    if (r !== null) c.setX(0, r >>> 0, r < 0 ? 0xffffffff : 0); // int32 result, sign-extended as QEMU
    if (!noReturn) this.board.trace?.({ kind: 'psci', cpu: c.index, icount: c.icount, fn: name, result: String(r) });
    return true;
  }

  /** Returns the X0 result, or null when the call does not return (the core stopped). */
  private dispatch(c: Cpu, fn: number): number | null {
    const x1 = c.xBig(1), x2 = c.xBig(2), x3 = c.xBig(3);
    switch (fn) {
      case PSCI_FN.VERSION: return PSCI_VERSION;
      case PSCI_FN.MIGRATE_INFO_TYPE: return TOS_NOT_PRESENT_MP;
      case PSCI_FN.FEATURES: {
        const f = Number(x1 & 0xffffffffn);
        return x1 <= 0xffffffffn && FEATURES.has(f) ? PSCI_RET.SUCCESS : PSCI_RET.NOT_SUPPORTED;
      }
      case PSCI_FN.AFFINITY_INFO: case PSCI_FN.AFFINITY_INFO64: {
        // Levels above 0 are always on (QEMU); level 0 needs an exact MPIDR affinity match.
        if (x2 !== 0n) return 0;
        const t = this.coreOf(x1);
        return t < 0 ? PSCI_RET.INVALID_PARAMETERS : POWER_VALUE[this.board.power[t]];
      }
      case PSCI_FN.SYSTEM_OFF:
        this.board.shutdown('poweroff', 'psci: SYSTEM_OFF');
        return null;
      case PSCI_FN.SYSTEM_RESET:
        this.board.shutdown('reset', 'psci: SYSTEM_RESET');
        return null;
      case PSCI_FN.CPU_ON: case PSCI_FN.CPU_ON64: case PSCI_FN.V01_CPU_ON:
        return this.cpuOn(c, x1, x2, x3);
      case PSCI_FN.CPU_OFF: case PSCI_FN.V01_CPU_OFF:
        this.cpuOff(c);
        return null;
      case PSCI_FN.CPU_SUSPEND: case PSCI_FN.CPU_SUSPEND64: case PSCI_FN.V01_CPU_SUSPEND:
        // No power-down states: QEMU rejects affinity bits, else returns 0 and waits as WFI.
        if ((x1 & 0xfffe0000n) !== 0n) return PSCI_RET.INVALID_PARAMETERS;
        c.waiting = 'wfi';
        return PSCI_RET.SUCCESS;
      default:
        // MIGRATE, MIGRATE_INFO_UP_CPU, SYSTEM_RESET2, SMCCC calls, anything else.
        return PSCI_RET.NOT_SUPPORTED;
    }
  }

  private coreOf(mpidr: bigint): number {
    for (let i = 0; i < this.board.cpus.length; i++) if (BigInt(mpAffinity(i)) === mpidr) return i;
    return -1;
  }

  /** ARM DEN 0022 5.6: start a powered-off core at `entry` in the highest EL, X0 = context id. */
  private cpuOn(caller: Cpu, mpidr: bigint, entry: bigint, context: bigint): number {
    const t = this.coreOf(mpidr);
    if (t < 0) return PSCI_RET.INVALID_PARAMETERS;
    if (this.board.power[t] === 'on') return PSCI_RET.ALREADY_ON;
    if (this.board.power[t] === 'on-pending') return PSCI_RET.ON_PENDING;
    const core = this.board.cpus[t];
    core.reset();
    core.el = this.board.bootEl;
    this.board.coreStarted?.(core, caller);
    core.pc = entry;
    core.setXBig(0, context);
    this.board.power[t] = 'on';
    return PSCI_RET.SUCCESS;
  }

  private cpuOff(c: Cpu): void {
    this.board.power[c.index] = 'off';
    c.halt('psci: CPU_OFF');
    if (this.board.power.every((p) => p === 'off')) this.board.shutdown('cpus-off', 'psci: CPU_OFF of the last running core');
  }
}
