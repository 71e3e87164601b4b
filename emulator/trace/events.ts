// Everything observable is an event (DESIGN.md): exception entry (traps, with the ESR class),
// exception return, UNDEFINED instructions, MMIO and machine stops go on one typed stream that
// the CLI's --trace, the debugger's exception breakpoints and the timeline view subscribe to.

export type TraceEvent = (
  | {
      readonly kind: 'exception';
      readonly cpu: number;
      readonly icount: number;
      /** 'sync' | 'irq' | 'fiq' | 'serror' */
      readonly type: string;
      readonly fromEl: number;
      readonly toEl: number;
      /** ESR_ELx.EC (sync only; -1 otherwise) and the whole syndrome as hex. */
      readonly ec: number;
      readonly esr: string;
      readonly elr: string;
      readonly far?: string;
      readonly vector: string;
    }
  | { readonly kind: 'eret'; readonly cpu: number; readonly icount: number; readonly fromEl: number; readonly toEl: number; readonly pc: string }
  | { readonly kind: 'undefined'; readonly cpu: number; readonly icount: number; readonly pc: string; readonly word: string; readonly cls: string }
  | { readonly kind: 'mmio'; readonly cpu: number; readonly icount: number; readonly device: string; readonly write: boolean; readonly pa: string; readonly size: number; readonly value: string }
  | { readonly kind: 'psci'; readonly cpu: number; readonly icount: number; readonly fn: string; readonly result: string }
  | { readonly kind: 'stop'; readonly cpu: number; readonly icount: number; readonly reason: string }
  | {
      // A GICH_LRn write that leaves the list register pending (emulator/devices/gicv2-hyp-interface.ts):
      // the hypervisor injecting a virtual interrupt. pintid is -1 unless HW=1.
      readonly kind: 'irq-inject';
      readonly cpu: number;
      readonly icount: number;
      readonly lr: number;
      readonly vintid: number;
      readonly pintid: number;
      readonly hw: boolean;
      readonly group: number;
      /** The 8-bit priority (LR Priority[27:23] << 3). */
      readonly priority: number;
    }
  | {
      // A GICC_IAR (virtual: GICV_IAR) read that activated an interrupt; source is the SGI's source core or -1.
      readonly kind: 'irq-ack';
      readonly cpu: number;
      readonly icount: number;
      readonly intid: number;
      readonly source: number;
      readonly virtual: boolean;
    }
  | {
      // A GICC_EOIR/GICC_DIR write (virtual: GICV_*). op 'eoi' drops priority (and deactivates unless
      // EOImode=1); op 'dir' deactivates. pintid is the physical interrupt deactivated through an HW=1 LR, else -1.
      readonly kind: 'irq-eoi';
      readonly cpu: number;
      readonly icount: number;
      readonly intid: number;
      readonly op: 'eoi' | 'dir';
      readonly deactivated: boolean;
      readonly virtual: boolean;
      readonly pintid: number;
    }
  | { readonly kind: 'maintenance'; readonly cpu: number; readonly icount: number; readonly level: boolean; readonly misr: number }
  | {
      // A translation fault taken as an abort (emulator/memory/translator.ts), emitted before the
      // exception entry it causes, so the debugger can break on Stage-2 faults by IPA or VMID.
      readonly kind: 'translation-fault';
      readonly cpu: number;
      readonly icount: number;
      /** 1 or 2; a stage 2 fault on a stage 1 walk is stage 2 with s1ptw. */
      readonly stage: number;
      readonly level: number;
      /** 'address size' | 'translation' | 'access flag' | 'permission' | 'external abort on walk' */
      readonly fault: string;
      /** 'read' | 'write' | 'fetch' */
      readonly access: string;
      readonly va: string;
      /** The faulting IPA (stage 2 only; HPFAR_EL2 holds its page). */
      readonly ipa?: string;
      readonly vmid: number;
      readonly s1ptw: boolean;
      readonly toEl: number;
    }
) & TraceStamp;

/**
 * What every event carries besides its own fields: `cycle`, the emitting core's Cpu.cycles when
 * it happened (emulator/cost), set centrally by stampCycles where the machine installs the sink,
 * so emitters need not; for machine events (cpu -1) the latest core's. Absent only on a sink
 * installed without a machine.
 */
export interface TraceStamp {
  cycle?: number;
}

export type TraceSink = (e: TraceEvent) => void;

/** Wraps a sink so each event gets its core's cycle count (TraceStamp) before `sink` sees it. */
export function stampCycles(sink: TraceSink, cpus: readonly { readonly cycles: number }[]): TraceSink {
  return (e) => {
    const c = cpus[e.cpu];
    e.cycle = c !== undefined ? c.cycles : cpus.reduce((m, x) => Math.max(m, x.cycles), 0);
    sink(e);
  };
}

/** ESR_ELx.EC names for trace output and the debugger (ARM ARM D17.2.37). */
export const EC_NAMES: Readonly<Record<number, string>> = {
  0x00: 'UNKNOWN', 0x01: 'WFx', 0x07: 'FP_ACCESS', 0x0e: 'ILLEGAL_STATE', 0x15: 'SVC64', 0x16: 'HVC64', 0x17: 'SMC64',
  0x18: 'SYS64', 0x20: 'IABT_LOWER', 0x21: 'IABT_SAME', 0x22: 'PC_ALIGN', 0x24: 'DABT_LOWER', 0x25: 'DABT_SAME',
  0x26: 'SP_ALIGN', 0x2c: 'FP_EXC64', 0x2f: 'SERROR', 0x30: 'BREAKPT_LOWER', 0x31: 'BREAKPT_SAME', 0x32: 'SSTEP_LOWER',
  0x33: 'SSTEP_SAME', 0x34: 'WATCHPT_LOWER', 0x35: 'WATCHPT_SAME', 0x3c: 'BRK64',
};
