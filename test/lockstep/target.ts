// What the lockstep runner needs from a machine under test: one instruction per step, the
// architectural registers after it, and the UART text. QEMU (qemu-target.ts) implements it over
// the GDB remote protocol; the armvirt CPU implements it directly.

export interface ArchRegs {
  pc: bigint;
  /** X0–X30. */
  x: bigint[];
  /** The SP of the current EL and SPSel, as GDB shows it (QEMU's register 31). */
  sp: bigint;
  /** PSTATE.{N,Z,C,V} as bits 3..0 (CPSR[31:28] >> 28). */
  nzcv: number;
  /** PSTATE.EL (CPSR M[3:2]). */
  el: number;
}

export interface LockstepTarget {
  /**
   * Executes one instruction. An instruction that takes an exception completes the step with
   * the PC at the vector (the handler's first instruction not yet executed), as QEMU's
   * gdbstub single-step does. When the step powers the machine off (PSCI SYSTEM_OFF), the
   * step resolves and `exited()` becomes true; `regs()` is then no longer meaningful.
   */
  step(): Promise<void>;
  regs(): Promise<ArchRegs>;
  /** True once the program has powered off (PSCI SYSTEM_OFF / semihosting exit). */
  exited(): boolean;
  /** Everything written to the PL011 UART so far (complete once exited() is true). */
  uart(): Promise<string>;
  close(): Promise<void>;
}

/** A built test program, as build.ts returns it. */
export interface LockstepProgram {
  /** File name without .S, e.g. "alu-addsub". */
  name: string;
  /** Absolute path of the source. */
  source: string;
  /** Absolute path of the linked ELF (entry at EL2h). */
  elf: string;
  /** QEMU -cpu model (cortex-a57 unless the source says `// lockstep: cpu=max`). */
  cpu: string;
  /** The UART text the program prints when it reaches its end (its `done` line). */
  expectUart: string;
  /** Entry point (e_entry), 0x40080000. */
  entry: bigint;
  /** The loadable segments (address and bytes), for a target that loads the image itself. */
  segments: Array<{ addr: bigint; data: Uint8Array }>;
}

/** Builds a target for one program; the armvirt side passes its own factory to runLockstep. */
export type TargetFactory = (prog: LockstepProgram) => Promise<LockstepTarget>;

/** PSCI SYSTEM_OFF function id (PSCI 1.1, §5.1.9), as the programs pass it in x0 to `smc #0`. */
export const PSCI_SYSTEM_OFF = 0x84000008n;
