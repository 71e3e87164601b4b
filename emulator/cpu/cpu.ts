// One AArch64 core: architectural state in typed arrays, the fetch/execute loop over the
// decoded-instruction cache, data accesses, and exception entry/return (ARM ARM D1.10, D1.11).
// Instruction semantics live in ./semantics (one compiler per table row); system register
// behaviour in ./sysregs and ./traps. The core knows nothing of devices beyond the bus.

import { Decoder } from '../isa/decoder';
import { A64 } from '../isa/table';
import { fieldReader } from '../isa/decoder';
import type { PhysicalBus } from '../memory/bus';
import type { TlbiOp } from '../memory/tlb';
import type { TraceSink } from '../trace/events';
import type { MemoryHierarchy } from '../cost/cache';
import { CodeCache } from './code-cache';
import { insnCost, UNDEFINED_INSN_COST } from '../cost/insn-class';
import { ERET_COST, EXCEPTION_ENTRY } from '../cost/table';
import { Pmu } from './pmu';
import { EC, FSC, IL, VECTOR, VECTOR_KIND, type ExceptionKind } from './exceptions';
import type { Exec, SemanticsTable } from './semantics/types';
import { createSysregStore, defaultConfig, resetSysregs, slotOf, type SysRegConfig } from './sysregs';
import type { SysRegHook } from './sysregs/types';

/** Storage slots of the registers exception entry/return and the hot paths use. */
const S = {
  SPSR_EL1: slotOf('SPSR_EL1'), SPSR_EL2: slotOf('SPSR_EL2'),
  ELR_EL1: slotOf('ELR_EL1'), ELR_EL2: slotOf('ELR_EL2'),
  ESR_EL1: slotOf('ESR_EL1'), ESR_EL2: slotOf('ESR_EL2'),
  FAR_EL1: slotOf('FAR_EL1'), FAR_EL2: slotOf('FAR_EL2'),
  VBAR_EL1: slotOf('VBAR_EL1'), VBAR_EL2: slotOf('VBAR_EL2'),
  SCTLR_EL1: slotOf('SCTLR_EL1'), SCTLR_EL2: slotOf('SCTLR_EL2'),
  HCR_EL2: slotOf('HCR_EL2'), HPFAR_EL2: slotOf('HPFAR_EL2'),
} as const;
export const SLOTS = S;

const TWO32 = 4294967296;
/** Cpu.lineBits: the inputs, then HCR_EL2.VI (bit 7), VF (bit 6), VSE (bit 8) as seen below EL2. */
export const LINE = { IRQ: 1, FIQ: 2, VIRQ: 4, VFIQ: 8, HCR_VI: 16, HCR_VF: 32, HCR_VSE: 64 } as const;
/**
 * At most this many instructions run between two looks at `deadline` while one is armed (the
 * generic timer's expiry): with at least one cycle per instruction a timer is noticed within
 * this many instructions of its firing cycle (exactly at it while instructions cost one cycle).
 */
export const DEADLINE_SLACK = 64;
const TGE = 1n << 27n, HOST = (1n << 34n) | TGE, VM = 1n;
/** HCR_EL2 routing bits of physical FIQ, IRQ, SError to EL2 (and enables of the virtual ones). */
const HCR_FMO = 1n << 3n, HCR_IMO = 1n << 4n, HCR_AMO = 1n << 5n, HCR_VSE = 1n << 8n;
/**
 * Instruction-table features of the Cortex-A57 we report (ARMv8.0-A with the CRC32 option):
 * the LSE atomics, LORegions and FP16 rows have semantics but are UNDEFINED here, as on QEMU
 * -cpu cortex-a57. ISA_FEATURES_MAX is everything the semantics implement (a "-cpu max" core).
 */
export const ISA_FEATURES_A57: ReadonlySet<string> = new Set(['v8.0', 'crc32']);
export const ISA_FEATURES_MAX: ReadonlySet<string> = new Set([...ISA_FEATURES_A57, 'lse', 'lor', 'fp16']);
/** Cortex-A57 (as QEMU models it) has a 40-bit physical address space: ID_AA64MMFR0.PARange=2. */
const PA_BITS = 40;

/** Access kinds for translation and syndromes. */
export const enum Acc { Read = 0, Write = 1, Fetch = 2 }

/** Address translation for an enabled MMU (emulator/memory implements it); returns the PA or -1 after raising the fault. */
export interface Translator {
  translate(c: Cpu, vaLo: number, vaHi: number, acc: Acc, size: number): number;
  /** AT S1Exx and S12Exx (ARM ARM C5.3.1): the PAR_EL1 value for the VA, reporting faults in PAR rather than raising them. */
  at?(c: Cpu, vaLo: number, vaHi: number, op: AtOp): bigint;
  /** TLBI (ARM ARM C5.5): drop the TLB entries the operation covers (Xt as lo/hi). */
  tlbi?(c: Cpu, op: TlbiOp, xLo: number, xHi: number): void;
  /** The core's translation context changed (EL, SCTLR/HCR/TTBR/TCR/VTTBR/VTCR writes): see flushTranslation. */
  invalidateContext?(): void;
}

/** What an AT operation asks: the stage 1 regime of `el` (0 = EL0 permissions), with or without stage 2. */
export interface AtOp {
  readonly name: string;
  readonly el: 0 | 1 | 2;
  readonly stage2: boolean;
  readonly write: boolean;
}

/** A device's view of the system registers it owns (bound per hook in Cpu.sysregHandlers). */
export interface SysregHandler {
  /** MRS after the trap checks passed; `slot` is the register's storage slot (free for the device to use). */
  read(c: Cpu, name: string, slot: number): bigint;
  /** MSR after the trap checks passed: `masked` applies the row's RES0/RES1/read-only masks to `value`. */
  write(c: Cpu, name: string, slot: number, value: bigint, masked: bigint): void;
}

export type StopReason = 'limit' | 'halted' | 'wfi' | 'breakpoint';

export class Cpu {
  // ---- architectural state ----
  /** X0–X30 as (lo, hi) pairs; X31's slots stay zero so XZR reads need no branch. */
  readonly x = new Uint32Array(64);
  /** SP_EL0, SP_EL1, SP_EL2 as (lo, hi) pairs. */
  readonly spRegs = new Uint32Array(6);
  /** V0–V31, four little-endian 32-bit words each. */
  readonly v = new Uint32Array(128);
  pcLo = 0;
  pcHi = 0;
  /** PSTATE.{N,Z,C,V} as 0/1. */
  nf = 0; zf = 0; cf = 0; vf = 0;
  /** PSTATE.{D,A,I,F} as bits 3..0 (DAIF register bits 9..6). */
  daif = 0xf;
  el = 2;
  spsel = 1;
  pan = 0; uao = 0; dit = 0; ssbs = 0; tco = 0; ss = 0; il = 0;
  fpcr = 0;
  fpsr = 0;
  /** System register storage (slots from ./sysregs). */
  readonly sys: BigUint64Array = createSysregStore();

  // ---- execution bookkeeping ----
  /** Set by executors that wrote the PC (branches, exceptions, ERET). */
  branched = false;
  /** Instructions retired (including ones that took an exception). */
  icount = 0;
  /**
   * Emulated cycles of this core: each instruction's class cost (emulator/cost/table.ts, kept per
   * decoded page) plus events — exception entry and return, system register access, MMIO, table
   * walks. The time base of the generic timer and PMCCNTR_EL0.
   */
  cycles = 0;
  /**
   * Cycles and instructions per EL, closed at each EL change (takeException, eret), for the PMU's
   * per-EL filters: [cycles EL0, EL1, EL2, instructions EL0, EL1, EL2, cycles, icount at the last change].
   * The current EL's share is the closed value plus (cycles, icount) since the mark.
   */
  readonly elTime = new Float64Array(8);
  /**
   * Devices that own hooked system registers (sysregs/types.ts SysRegHook): the generic timer
   * binds 'timer'/'cntpct'/'cntvct', a GICv3 'gic', the PMU 'pmu'. An unbound hook is plain storage.
   */
  /** The core's PMU (PMCCNTR_EL0 and the event counters), the default 'pmu' handler. */
  readonly pmu = new Pmu();
  sysregHandlers: Partial<Record<SysRegHook, SysregHandler>> = { isr: ISR_HANDLER, pmu: this.pmu };
  halted = false;
  haltReason = '';
  /** WFI/WFE: waiting for an interrupt or event. */
  waiting: 'wfi' | 'wfe' | null = null;
  eventRegister = 0;
  /** Local exclusive monitor: physical address and size, or -1. */
  exclusivePa = -1;
  exclusiveSize = 0;
  /**
   * Set by LDTR/STTR-class executors around their access: the translation regime's EL0
   * permissions apply and PSTATE.PAN does not (ARM ARM "unprivileged" accesses). The
   * translator reads it; with the MMU off it changes nothing.
   */
  unprivileged = false;
  /**
   * The instruction syndrome of the executing load/store (ESR ISS[24:14]: ISV, SAS, SSE, SRT, SF,
   * AR), set by load/store executors before they access memory and 0 for accesses that have none
   * (pairs, writeback, SIMD&FP, exclusives pairs…); data aborts carry it (ARM ARM D17.2.37, ISS
   * encoding for a Data Abort). It is what a hypervisor decodes to emulate an MMIO access.
   */
  ldstSyndrome = 0;
  /** UNDEFINED instructions taken, by class (row group or "unallocated"). */
  readonly undefinedCounts = new Map<string, number>();
  trace: TraceSink | null = null;
  /**
   * Debugger watchpoints: while `watchActive` is true every data access (fast and slow path) calls
   * `watch` with its VA before it happens. A plain boolean so the hot path pays one check when off.
   */
  watchActive = false;
  watch: ((c: Cpu, lo: number, hi: number, size: number, write: boolean) => void) | null = null;
  translator: Translator | null = null;
  /**
   * The board's cache hierarchy model (emulator/cost/cache.ts, memoryModel 'xgene') or null for
   * the default, where the cost table charges every RAM access as an L1 hit. When set, run()
   * steps instruction by instruction (no runFast) so each fetch of a new 64-byte line is looked
   * up, and every RAM data access takes the slow path and adds the model's latency beyond an L1
   * hit. Set by the board before the core runs (refreshRegime folds it into regimeFast).
   */
  mem: MemoryHierarchy | null = null;
  /** Line (PA >> 6) of the last instruction fetch the model saw: one lookup per new line. */
  private fetchLine = -1;
  /**
   * Interrupt inputs (the GIC drives them) as bits of `lineBits`: physical IRQ/FIQ from the GIC
   * CPU interface, virtual IRQ/FIQ from its virtual CPU interface (GICv2 GICV / GICv3 ICV).
   * HCR_EL2.VI/VF/VSE are folded in by refreshRegime. One number, so the hot loop tests them all
   * at once; they are checked between instructions (ARM ARM D1.13).
   */
  get irqLine(): boolean { return (this.inputBits & LINE.IRQ) !== 0; }
  set irqLine(v: boolean) { this.setInput(LINE.IRQ, v); }
  get fiqLine(): boolean { return (this.inputBits & LINE.FIQ) !== 0; }
  set fiqLine(v: boolean) { this.setInput(LINE.FIQ, v); }
  get virqLine(): boolean { return (this.inputBits & LINE.VIRQ) !== 0; }
  set virqLine(v: boolean) { this.setInput(LINE.VIRQ, v); }
  get vfiqLine(): boolean { return (this.inputBits & LINE.VFIQ) !== 0; }
  set vfiqLine(v: boolean) { this.setInput(LINE.VFIQ, v); }
  /** inputBits | the HCR_EL2 virtual-interrupt bits (LINE.HCR_*): non-zero = check interrupts. */
  lineBits = 0;
  private inputBits = 0;
  private hcrBits = 0;
  /**
   * The cycle at which a device of this core (the generic timer) needs to look at the time, or
   * Infinity. The run loop calls `onDeadline` at its slow points once `cycles` reaches it and ends
   * fast-run chunks early so that happens within DEADLINE_SLACK instructions.
   */
  deadline = Infinity;
  onDeadline: ((c: Cpu) => void) | null = null;
  /** Other cores of the machine (set by the board): a store clears their exclusive monitors too. */
  peers: readonly Cpu[] | null = null;
  /** Firmware services for SMC/HVC when not trapped (PSCI on QEMU virt): returns true if handled. */
  firmwareCall: ((c: Cpu, conduit: 'smc' | 'hvc', imm: number) => boolean) | null = null;
  /** The board's PSCI conduit is HVC (QEMU virt without virtualization=on): HVC goes to firmwareCall first. */
  hvcConduit = false;
  /** Semihosting (HLT #0xf000) when the machine enables it: returns true if handled. */
  semihostingCall: ((c: Cpu, imm: number) => boolean) | null = null;
  /** SEV: the machine sets the event register of every core (this one included); null = single core. */
  sendEvent: ((c: Cpu) => void) | null = null;

  /** Scratch pairs for int64 helpers and memory results. */
  readonly t = new Uint32Array(2);
  readonly m = new Uint32Array(2);

  private regimeValid = false;
  private regimeFlat = true;
  /** regimeFlat with no cache model: the data fast path (RAM, MMU off) may skip translate(). */
  private regimeFast = true;
  private regimeAlign = false;
  private readonly ramBase: number;
  private readonly ramSize: number;
  private readonly ramView: DataView;
  private readonly codePages: Uint8Array;

  private curPageLo = -1;
  private curPageHi = -1;
  private curPage: (Exec | undefined)[] | null = null;
  private curPagePa = 0;
  /** Cycles of each instruction of curPage (CodeCache.costsOf), set when it is decoded. */
  private curCosts: Uint16Array = new Uint16Array(0);
  /** The cost of the word compile() decoded last (emulator/cost/insn-class.ts). */
  private compiledCost = UNDEFINED_INSN_COST;

  constructor(
    readonly index: number,
    readonly bus: PhysicalBus,
    readonly semantics: SemanticsTable,
    readonly code: CodeCache = new CodeCache(bus),
    readonly cfg: SysRegConfig = defaultConfig({ cpuIndex: index }),
    /** Instruction-table features this core executes (InsnDef.feature); see ISA_FEATURES_A57. */
    readonly isaFeatures: ReadonlySet<string> = ISA_FEATURES_A57,
  ) {
    this.ramBase = bus.ramBase; this.ramSize = bus.ramSize; this.ramView = bus.view; this.codePages = code.codePages;
    this.code.onInvalidate((pa) => {
      if (this.curPage && pa === this.curPagePa) { this.curPage = null; this.curPageLo = -1; }
    });
    this.reset();
  }

  /** Cold reset as QEMU virt with virtualization=on and no firmware: EL2h, DAIF masked. */
  reset(): void {
    this.x.fill(0); this.spRegs.fill(0); this.v.fill(0);
    this.pcLo = 0; this.pcHi = 0;
    this.nf = this.zf = this.cf = this.vf = 0;
    this.daif = 0xf; this.el = 2; this.spsel = 1;
    this.pan = this.uao = this.dit = this.ssbs = this.tco = this.ss = this.il = 0;
    this.fpcr = 0; this.fpsr = 0;
    resetSysregs(this.sys, this.cfg);
    this.icount = 0; this.cycles = 0; this.elTime.fill(0); this.pmu.reset(); this.halted = false; this.haltReason = ''; this.waiting = null; this.eventRegister = 0;
    this.exclusivePa = -1; this.undefinedCounts.clear(); this.fetchLine = -1;
    this.curPage = null; this.curPageLo = -1; this.regimeValid = false;
  }

  // ---- registers ----
  /** Index (0..2) of the SP register in use: SP_EL0 unless SPSel=1 at EL1/EL2. */
  spIndex(): number { return this.spsel ? this.el : 0; }
  spLo(): number { return this.spRegs[this.spIndex() * 2]; }
  spHi(): number { return this.spRegs[this.spIndex() * 2 + 1]; }
  setSp(lo: number, hi: number): void { const i = this.spIndex() * 2; this.spRegs[i] = lo; this.spRegs[i + 1] = hi; }
  /** Writes Xn (64-bit); a write to register 31 (XZR) is discarded. */
  setX(n: number, lo: number, hi: number): void { if (n !== 31) { this.x[2 * n] = lo; this.x[2 * n + 1] = hi; } }
  /** Writes Wn, zero-extending. */
  setW(n: number, lo: number): void { if (n !== 31) { this.x[2 * n] = lo; this.x[2 * n + 1] = 0; } }
  /** Reads register n where 31 means SP (the "Xn|SP" operand). */
  xspLo(n: number): number { return n === 31 ? this.spLo() : this.x[2 * n]; }
  xspHi(n: number): number { return n === 31 ? this.spHi() : this.x[2 * n + 1]; }
  setXsp(n: number, lo: number, hi: number): void { if (n === 31) this.setSp(lo, hi); else { this.x[2 * n] = lo; this.x[2 * n + 1] = hi; } }
  get pc(): bigint { return (BigInt(this.pcHi) << 32n) | BigInt(this.pcLo); }
  set pc(v: bigint) { this.pcLo = Number(v & 0xffffffffn); this.pcHi = Number((v >> 32n) & 0xffffffffn); }
  xBig(n: number): bigint { return (BigInt(this.x[2 * n + 1]) << 32n) | BigInt(this.x[2 * n]); }
  setXBig(n: number, v: bigint): void { this.setX(n, Number(v & 0xffffffffn), Number((v >> 32n) & 0xffffffffn)); }
  nzcv(): number { return (this.nf << 3) | (this.zf << 2) | (this.cf << 1) | this.vf; }
  setNzcv(v: number): void { this.nf = (v >> 3) & 1; this.zf = (v >> 2) & 1; this.cf = (v >> 1) & 1; this.vf = v & 1; }

  /** Control flow: the next instruction is at (lo, hi). */
  branchTo(lo: number, hi: number): void { this.pcLo = lo >>> 0; this.pcHi = hi >>> 0; this.branched = true; }

  // ---- execution ----
  /** Runs up to `max` instructions; stops early when halted or waiting with nothing pending. */
  run(max: number): StopReason {
    this.regimeValid = false; // state may have been changed from outside (debugger, board setup)
    this.translator?.invalidateContext?.();
    const stepped = this.mem !== null; // the cache model sees every fetch: no runFast
    let n = 0;
    while (n < max) {
      if (this.halted) return 'halted';
      if (this.cycles >= this.deadline) this.onDeadline?.(this);
      if (this.waiting !== null) {
        if (!this.wakeable()) return 'wfi';
        this.waiting = null;
      }
      if (!this.regimeValid) this.refreshRegime(); // folds HCR_EL2.VI/VF into lineBits
      if (this.lineBits !== 0 && this.checkInterrupts()) continue; // re-check: the vector may be unmapped, halted…
      this.step();
      n++;
      if (stepped) continue;
      const left = max - n;
      n += this.runFast(this.deadline === Infinity ? left : Math.min(left, DEADLINE_SLACK, Math.max(1, Math.ceil(this.deadline - this.cycles))));
    }
    return this.halted ? 'halted' : 'limit';
  }

  /**
   * The hot loop: executes instructions of the current decoded page until the budget is spent,
   * control leaves the page, or something needs the careful path of step()/run() (a halt, WFx,
   * an interrupt line, PSTATE.IL). Returns the number of instructions executed.
   */
  private runFast(budget: number): number {
    let n = 0;
    while (n < budget) {
      const page = this.curPage;
      const lo = this.pcLo;
      if (page === null || (lo & ~0xfff) !== this.curPageLo || this.pcHi !== this.curPageHi || (lo & 3) !== 0) return n;
      if (this.halted || this.waiting !== null || this.lineBits !== 0 || this.il !== 0) return n;
      const i = (lo & 0xfff) >>> 2;
      let exec = page[i];
      if (exec === undefined) { exec = page[i] = this.compile(this.bus.read32(this.curPagePa + (lo & 0xfff)), this.curPagePa + (lo & 0xfff)); this.curCosts[i] = this.compiledCost; }
      this.branched = false;
      this.icount++;
      this.cycles += this.curCosts[i];
      exec(this);
      // The next iteration re-checks the page; only the last word below 2^32 carries into the high half.
      if (!this.branched) {
        const next = (lo + 4) >>> 0;
        if (next === 0) this.pcHi = (this.pcHi + 1) >>> 0;
        this.pcLo = next;
      }
      n++;
    }
    return n;
  }

  /** Executes the instruction at PC (or takes the fault fetching it). */
  step(): void {
    const lo = this.pcLo, hi = this.pcHi;
    this.branched = false;
    this.icount++;
    // An instruction that is never decoded (misaligned PC, fetch abort) costs an UNDEFINED one's issue.
    if ((lo & 3) !== 0) {
      this.cycles += UNDEFINED_INSN_COST;
      this.raiseSync(this.syncTargetEl(), (EC.PC_ALIGN << 26) | IL, lo, hi, true);
      return;
    }
    let page = this.curPage;
    if (page === null || (lo & ~0xfff) !== this.curPageLo || hi !== this.curPageHi) {
      page = this.fetchPage(lo, hi);
      if (page === null) { this.cycles += UNDEFINED_INSN_COST; return; }
    }
    const i = (lo & 0xfff) >>> 2;
    let exec = page[i];
    if (exec === undefined) { exec = page[i] = this.compile(this.bus.read32(this.curPagePa + (lo & 0xfff)), this.curPagePa + (lo & 0xfff)); this.curCosts[i] = this.compiledCost; }
    this.cycles += this.curCosts[i];
    if (this.mem !== null) {
      // Instruction fetch through L1I: one lookup per new 64-byte line (decoded pages are RAM).
      const pa = this.curPagePa + (lo & 0xfff), line = Math.floor(pa / 64);
      if (line !== this.fetchLine) { this.fetchLine = line; this.cycles += this.mem.fetch(this.index, pa); }
    }
    // PSTATE.IL (after an illegal exception return): any instruction takes an Illegal Execution
    // state exception, EC 0x0E, after fetch faults (ARM ARM D1.4.4 prioritization).
    if (this.il !== 0) { this.raiseSync(this.syncTargetEl(), (EC.ILLEGAL << 26) | IL, 0, 0, false); return; }
    exec(this);
    if (!this.branched) {
      const n = (this.pcLo + 4) >>> 0;
      if (n < 4) this.pcHi = (this.pcHi + 1) >>> 0;
      this.pcLo = n;
    }
  }

  private fetchPage(lo: number, hi: number): (Exec | undefined)[] | null {
    // Translate the PC itself so a fault reports it in FAR (not the page base).
    const pa0 = this.translate(lo, hi, Acc.Fetch, 4);
    if (pa0 < 0) return null;
    const pa = pa0 - (lo & 0xfff);
    const page = this.code.page(pa);
    if (page === null) {
      // Instruction fetch from outside RAM: synchronous external abort on the fetch.
      this.instructionAbort(lo, hi, FSC.SYNC_EXTERNAL);
      return null;
    }
    this.curPage = page; this.curPageLo = lo & ~0xfff; this.curPageHi = hi; this.curPagePa = pa;
    this.curCosts = this.code.costsOf(pa);
    return page;
  }

  /** Decodes one word into an executor (base rows only: aliases execute as the row they alias). */
  compile(word: number, pa: number): Exec {
    void pa;
    const def = baseDecoder().decode(word);
    // Cost (emulator/cost): an UNDEFINED word costs its issue; a HINT-space NOP costs as a hint.
    this.compiledCost = UNDEFINED_INSN_COST;
    if (def === null) return undefinedExec('unallocated', word);
    // A row of an extension this core lacks: UNDEFINED, as QEMU -cpu cortex-a57 makes it;
    // in the HINT space (BTI, PACIASP, ESB, …) the architecture makes it a NOP instead.
    if (!this.isaFeatures.has(def.feature)) {
      if ((word & 0xfffff01f) !== (0xd503201f | 0)) return undefinedExec(`feature:${def.feature}`, word);
      this.compiledCost = insnCost(def, word);
      return nopExec;
    }
    const c = this.semantics[def.id];
    if (!c) return undefinedExec(`unimplemented:${def.group}`, word);
    this.compiledCost = insnCost(def, word);
    return c(fieldReader(def, word), word, def);
  }

  /** Drops what the core caches of the current translation (the decoded page pointer): call after
   *  writes to SCTLR/HCR/TTBR/TCR/VTTBR/VTCR and TLB invalidation. */
  flushTranslation(): void { this.curPage = null; this.curPageLo = -1; this.regimeValid = false; this.translator?.invalidateContext?.(); }

  // ---- memory ----
  /** Translates a data/fetch VA to a PA; raises the fault and returns -1 on failure. */
  translate(lo: number, hi: number, acc: Acc, size: number): number {
    // The regime flags are cached as numbers (refreshRegime): no BigInt per access.
    if (!this.regimeValid) this.refreshRegime();
    if (!this.regimeFlat) {
      if (this.translator) return this.translator.translate(this, lo, hi, acc, size);
      this.halt('MMU enabled but this core has no translator installed (the virt board installs emulator/memory MmuTranslator)');
      return -1;
    }
    // MMU off: flat mapping; bits above the PA size give an Address size fault, level 0.
    if (hi >>> (PA_BITS - 32) !== 0) {
      if (acc === Acc.Fetch) this.instructionAbort(lo, hi, FSC.ADDR_SIZE_L0);
      else this.dataAbort(lo, hi, FSC.ADDR_SIZE_L0, acc === Acc.Write);
      return -1;
    }
    return hi * TWO32 + lo;
  }

  /** Reads `size` bytes (1, 2, 4, 8) at VA into this.m; false if an exception was taken. */
  read(lo: number, hi: number, size: 1 | 2 | 4 | 8, alignCheck = false): boolean {
    if (this.watchActive) this.watch?.(this, lo, hi, size, false);
    if (!this.regimeValid) this.refreshRegime();
    if ((alignCheck || this.regimeAlign) && (lo & (size - 1)) !== 0) { this.dataAbort(lo, hi, FSC.ALIGNMENT, false); return false; }
    // Fast path: MMU off and the whole access in RAM (the flat map keeps it contiguous).
    if (this.regimeFast && hi === 0) {
      const off = lo - this.ramBase;
      if (off >= 0 && off + size <= this.ramSize) {
        const v = this.ramView;
        if (size === 8) { this.m[0] = v.getUint32(off, true); this.m[1] = v.getUint32(off + 4, true); }
        else { this.m[0] = size === 4 ? v.getUint32(off, true) : size === 2 ? v.getUint16(off, true) : v.getUint8(off); this.m[1] = 0; }
        return true;
      }
    }
    if (((lo & 0xfff) + size) > 0x1000) return this.splitRead(lo, hi, size);
    const pa = this.translate(lo, hi, Acc.Read, size);
    if (pa < 0) return false;
    this.cycles += this.bus.accessCycles(pa, size, false); // MMIO latency (emulator/cost)
    if (this.mem !== null) this.cacheAccess(pa, size, false);
    if (!this.bus.read(pa, size, this.m)) { this.dataAbort(lo, hi, FSC.SYNC_EXTERNAL, false); return false; }
    return true;
  }

  /** Writes `size` bytes of (vlo, vhi) at VA; false if an exception was taken. */
  write(lo: number, hi: number, size: 1 | 2 | 4 | 8, vlo: number, vhi: number, alignCheck = false): boolean {
    if (this.watchActive) this.watch?.(this, lo, hi, size, true);
    if (!this.regimeValid) this.refreshRegime();
    if ((alignCheck || this.regimeAlign) && (lo & (size - 1)) !== 0) { this.dataAbort(lo, hi, FSC.ALIGNMENT, true); return false; }
    if (this.regimeFast && hi === 0) {
      const off = lo - this.ramBase;
      if (off >= 0 && off + size <= this.ramSize) {
        const v = this.ramView;
        if (size === 8) { v.setUint32(off, vlo, true); v.setUint32(off + 4, vhi, true); }
        else if (size === 4) v.setUint32(off, vlo, true);
        else if (size === 2) v.setUint16(off, vlo, true);
        else v.setUint8(off, vlo);
        // Keep the decoded-instruction cache coherent (self-modifying code, loaders in the guest).
        if (this.codePages[off >>> 12] !== 0 || this.codePages[(off + size - 1) >>> 12] !== 0) this.bus.onRamWrite?.(lo, size);
        if (this.exclusivePa >= 0 || this.peers !== null) this.monitorWrite(lo, size);
        return true;
      }
    }
    if (((lo & 0xfff) + size) > 0x1000) return this.splitWrite(lo, hi, size, vlo, vhi);
    const pa = this.translate(lo, hi, Acc.Write, size);
    if (pa < 0) return false;
    this.cycles += this.bus.accessCycles(pa, size, true); // MMIO latency (emulator/cost)
    if (this.mem !== null) this.cacheAccess(pa, size, true);
    if (!this.bus.write(pa, size, vlo, vhi)) { this.dataAbort(lo, hi, FSC.SYNC_EXTERNAL, true); return false; }
    this.monitorWrite(pa, size);
    return true;
  }

  /** An access crossing a page boundary: byte by byte, so each page is translated. */
  private splitRead(lo: number, hi: number, size: number): boolean {
    let rlo = 0, rhi = 0;
    for (let i = 0; i < size; i++) {
      const a = (lo + i) >>> 0;
      const h = a < lo ? (hi + 1) >>> 0 : hi;
      const pa = this.translate(a, h, Acc.Read, 1);
      if (pa < 0) return false;
      this.cycles += this.bus.accessCycles(pa, 1, false);
      if (this.mem !== null) this.cacheAccess(pa, 1, false);
      if (!this.bus.read(pa, 1, this.m)) { this.dataAbort(a, h, FSC.SYNC_EXTERNAL, false); return false; }
      if (i < 4) rlo |= this.m[0] << (8 * i); else rhi |= this.m[0] << (8 * (i - 4));
    }
    this.m[0] = rlo >>> 0; this.m[1] = rhi >>> 0;
    return true;
  }

  private splitWrite(lo: number, hi: number, size: number, vlo: number, vhi: number): boolean {
    for (let i = 0; i < size; i++) {
      const a = (lo + i) >>> 0;
      const h = a < lo ? (hi + 1) >>> 0 : hi;
      const pa = this.translate(a, h, Acc.Write, 1);
      if (pa < 0) return false;
      const b = i < 4 ? (vlo >>> (8 * i)) & 0xff : (vhi >>> (8 * (i - 4))) & 0xff;
      this.cycles += this.bus.accessCycles(pa, 1, true);
      if (this.mem !== null) this.cacheAccess(pa, 1, true);
      if (!this.bus.write(pa, 1, b, 0)) { this.dataAbort(a, h, FSC.SYNC_EXTERNAL, true); return false; }
      this.monitorWrite(pa, 1);
    }
    return true;
  }

  /**
   * A data access to `pa` through the cache model (this.mem set): RAM only — device (MMIO)
   * accesses bypass the caches and already pay MMIO_COST.
   */
  private cacheAccess(pa: number, size: number, write: boolean): void {
    if (this.mem !== null && this.bus.ramOffset(pa, size) >= 0) this.cycles += this.mem.data(this.index, pa, size, write);
  }

  /** SCTLR_ELx.A: alignment checking of data accesses. */
  strictAlign(): boolean {
    if (!this.regimeValid) this.refreshRegime();
    return this.regimeAlign;
  }

  /**
   * Caches what the data path needs of the current translation regime as numbers, so loads and
   * stores never touch BigInt: whether the MMU is off (flat map) and SCTLR_ELx.A. Invalidated by
   * flushTranslation() (EL changes, writes to SCTLR/HCR/TTBR/TCR/VTTBR/VTCR, TLBI) and per run().
   */
  private refreshRegime(): void {
    // EL0 with HCR_EL2.{E2H,TGE} = {1,1} is in the EL2&0 regime (SCTLR_EL2); TGE alone turns
    // EL1&0 stage 1 off; HCR_EL2.VM turns stage 2 on below EL2 (the translator has the details).
    // (HCR_EL2.DC alone, which acts as VM=1, still runs flat here.)
    const hcr = this.sys[S.HCR_EL2];
    const host = (hcr & HOST) === HOST;
    const sctlr = this.el === 2 || (this.el === 0 && host) ? this.sys[S.SCTLR_EL2] : this.sys[S.SCTLR_EL1];
    const s1 = (sctlr & 1n) !== 0n && (this.el === 2 || host || (hcr & TGE) === 0n);
    this.regimeFlat = !s1 && !(this.el < 2 && !host && (hcr & VM) !== 0n);
    this.regimeAlign = (sctlr & 2n) !== 0n;
    this.regimeFast = this.regimeFlat && this.mem === null;
    // HCR_EL2.VI/VF/VSE (bits 7, 6, 8) assert virtual IRQ/FIQ/SError (ARM ARM D1.13.4).
    const v = Number((hcr >> 6n) & 7n);
    this.hcrBits = (v & 2 ? LINE.HCR_VI : 0) | (v & 1 ? LINE.HCR_VF : 0) | (v & 4 ? LINE.HCR_VSE : 0);
    this.lineBits = this.inputBits | this.hcrBits;
    this.regimeValid = true;
  }

  /**
   * A store to the monitored granule clears this core's exclusive monitor and, through the
   * global monitor, every other core's for that granule (ARM ARM B2.9.4: a store by another
   * observer to a location marked by the global monitor clears it; our granule is 64 bytes).
   */
  monitorWrite(pa: number, size: number): void {
    if (this.exclusivePa >= 0 && pa < this.exclusivePa + 64 && this.exclusivePa < pa + size) {
      // Conservative: any overlapping store (ours or a peer's through the machine) clears it.
      this.exclusivePa = -1;
    }
    const peers = this.peers;
    if (peers === null) return;
    for (let i = 0; i < peers.length; i++) {
      const p = peers[i];
      if (p === this || p.exclusivePa < 0) continue;
      const g = p.exclusivePa - (p.exclusivePa % 64);
      if (pa < g + 64 && g < pa + size) {
        // Clearing a global monitor generates an event (ARM ARM D1.16.1): a WFE spinning on a
        // lock wakes, at the storer's time at least.
        p.exclusivePa = -1;
        p.eventRegister = 1;
        if (p.waiting !== null && p.cycles < this.cycles) p.cycles = this.cycles;
      }
    }
  }

  // ---- exceptions ----
  /** Target EL of a synchronous exception taken from the current EL (no EL3; TGE routes EL0 to EL2). */
  syncTargetEl(): 1 | 2 {
    if (this.el === 2) return 2;
    if (this.el === 0 && (this.sys[S.HCR_EL2] & (1n << 27n)) !== 0n) return 2;
    return 1;
  }

  /** Raises UNDEFINED (EC 0x00) for the current instruction and counts it by class. */
  undefinedInstruction(cls: string): void {
    this.undefinedCounts.set(cls, (this.undefinedCounts.get(cls) ?? 0) + 1);
    this.trace?.({ kind: 'undefined', cpu: this.index, icount: this.icount, pc: hex64(this.pcLo, this.pcHi), word: '', cls });
    this.raiseSync(this.syncTargetEl(), (EC.UNKNOWN << 26) | IL, this.pcLo, this.pcHi, false);
  }

  dataAbort(lo: number, hi: number, fsc: number, write: boolean): void {
    const target = this.syncTargetEl();
    const ec = target === this.el ? EC.DABT_SAME : EC.DABT_LOWER;
    // ISV and the instruction syndrome are reported for aborts taken to EL2, as QEMU 7.2 (our
    // lockstep reference) does; for ESR_EL1 ARMv8.0 leaves them to the implementation.
    const iss = target === 2 ? this.ldstSyndrome : 0;
    this.raiseSync(target, (ec << 26) | IL | iss | (write ? 1 << 6 : 0) | fsc, lo, hi, true);
  }

  instructionAbort(lo: number, hi: number, fsc: number): void {
    const target = this.syncTargetEl();
    const ec = target === this.el ? EC.IABT_SAME : EC.IABT_LOWER;
    this.raiseSync(target, (ec << 26) | IL | fsc, lo, hi, true);
  }

  /**
   * Takes a synchronous exception whose preferred return address is the current instruction
   * (faults, traps, UNDEFINED). SVC/HVC/SMC pass the next instruction through takeException.
   */
  raiseSync(target: 1 | 2, esr: number, farLo: number, farHi: number, setFar: boolean): void {
    this.takeException(target, 'sync', esr >>> 0, this.pcLo, this.pcHi, setFar ? [farLo, farHi] : null);
  }

  /** ARM ARM D1.10 exception entry to `target` in AArch64. */
  takeException(target: 1 | 2, kind: ExceptionKind, esr: number, retLo: number, retHi: number, far: [number, number] | null): void {
    const from = this.el;
    const spsr = this.spsrValue();
    const vbarSlot = target === 2 ? S.VBAR_EL2 : S.VBAR_EL1;
    let off: number = from === target ? (this.spsel ? VECTOR.CURRENT_SPX : VECTOR.CURRENT_SP0) : VECTOR.LOWER_A64;
    off += VECTOR_KIND[kind];
    const sys = this.sys;
    sys[target === 2 ? S.SPSR_EL2 : S.SPSR_EL1] = BigInt(spsr >>> 0);
    sys[target === 2 ? S.ELR_EL2 : S.ELR_EL1] = (BigInt(retHi >>> 0) << 32n) | BigInt(retLo >>> 0);
    if (kind === 'sync') {
      sys[target === 2 ? S.ESR_EL2 : S.ESR_EL1] = BigInt(esr >>> 0);
      if (far) sys[target === 2 ? S.FAR_EL2 : S.FAR_EL1] = (BigInt(far[1] >>> 0) << 32n) | BigInt(far[0] >>> 0);
    }
    // PSTATE on entry: all of DAIF masked, SPSel=1, IL=0, SS=0; PAN set when SCTLR.SPAN=0 (to EL1).
    this.closeElTime();
    this.cycles += target === 2 ? EXCEPTION_ENTRY[kind].toEl2 : EXCEPTION_ENTRY[kind].toEl1; // counted at the target EL
    this.el = target; this.spsel = 1; this.daif = 0xf; this.il = 0; this.ss = 0;
    if (target === 1 && (sys[S.SCTLR_EL1] & (1n << 23n)) === 0n) this.pan = 1;
    this.exclusivePa = -1;
    this.flushTranslation(); // the EL, hence the translation regime, changed
    const vbar = sys[vbarSlot];
    const v = (vbar & ~0x7ffn) + BigInt(off);
    this.branchTo(Number(v & 0xffffffffn), Number((v >> 32n) & 0xffffffffn));
    this.trace?.({
      kind: 'exception', cpu: this.index, icount: this.icount, type: kind, fromEl: from, toEl: target,
      ec: kind === 'sync' ? (esr >>> 26) & 0x3f : -1, esr: '0x' + (esr >>> 0).toString(16),
      elr: hex64(retLo, retHi), far: far ? hex64(far[0], far[1]) : undefined, vector: '0x' + v.toString(16),
    });
  }

  /** Closes the current EL's share of cycles and instructions (elTime) before the EL changes. */
  private closeElTime(): void {
    const t = this.elTime, el = this.el;
    t[el] += this.cycles - t[6]; t[3 + el] += this.icount - t[7];
    t[6] = this.cycles; t[7] = this.icount;
  }

  /** PSTATE packed as SPSR_ELx (ARM ARM C5.2.18). */
  spsrValue(): number {
    return ((this.nf << 31) | (this.zf << 30) | (this.cf << 29) | (this.vf << 28) | (this.tco << 25) | (this.dit << 24) |
      (this.uao << 23) | (this.pan << 22) | (this.ss << 21) | (this.il << 20) | (this.ssbs << 12) | (this.daif << 6) |
      (this.el << 2) | (this.el === 0 ? 0 : this.spsel)) >>> 0;
  }

  /**
   * ERET (ARM ARM D1.11): PSTATE from SPSR_ELx, PC from ELR_ELx. A return to a higher EL, to
   * AArch32 or to a reserved mode is an illegal exception return: PSTATE.IL is set and the EL kept.
   */
  eret(): void {
    const from = this.el;
    const spsr = Number(this.sys[from === 2 ? S.SPSR_EL2 : S.SPSR_EL1] & 0xffffffffn);
    const elr = this.sys[from === 2 ? S.ELR_EL2 : S.ELR_EL1];
    const m = spsr & 0x1f;
    const tEl = (m >> 2) & 3;
    const illegal = (m & 0x10) !== 0 || tEl > from || (m & 2) !== 0 || (tEl === 0 && (m & 1) !== 0) ||
      // HCR_EL2.TGE=1 makes EL1 unusable: a return to EL1 is illegal (IllegalExceptionReturn; QEMU exception_return).
      (tEl === 1 && from === 2 && (this.sys[S.HCR_EL2] & (1n << 27n)) !== 0n) ||
      // HCR_EL2.RW=0: EL1 (and a non-host EL0) are AArch32, so an AArch64 SPSR.M is illegal there.
      (from === 2 && tEl < 2 && (this.sys[S.HCR_EL2] & (1n << 31n)) === 0n &&
        !(tEl === 0 && (this.sys[S.HCR_EL2] & ((1n << 27n) | (1n << 34n))) === ((1n << 27n) | (1n << 34n))));
    this.setNzcv(spsr >>> 28);
    this.daif = (spsr >> 6) & 0xf;
    this.tco = (spsr >> 25) & 1; this.dit = (spsr >> 24) & 1; this.uao = (spsr >> 23) & 1; this.pan = (spsr >> 22) & 1;
    this.ssbs = (spsr >> 12) & 1; this.ss = (spsr >> 21) & 1;
    this.cycles += ERET_COST; // counted at the EL returning from
    this.closeElTime();
    if (illegal) this.il = 1;
    else { this.il = (spsr >> 20) & 1; this.el = tEl; this.spsel = m & 1; }
    // AArch64.ExceptionReturn: ClearExclusiveLocal and SendEventLocal (a WFE after ERET falls through).
    this.exclusivePa = -1;
    this.eventRegister = 1;
    this.flushTranslation();
    let lo = Number(elr & 0xffffffffn), hi = Number((elr >> 32n) & 0xffffffffn);
    // Address tagging is off in this model: the PC keeps all 64 bits; PSTATE.EL decides the regime.
    this.branchTo(lo, hi);
    lo = 0; hi = 0;
    this.trace?.({ kind: 'eret', cpu: this.index, icount: this.icount, fromEl: from, toEl: this.el, pc: hex64(this.pcLo, this.pcHi) });
  }

  // ---- interrupts and low power ----
  private setInput(bit: number, v: boolean): void {
    this.inputBits = v ? this.inputBits | bit : this.inputBits & ~bit;
    this.lineBits = this.inputBits | this.hcrBits;
  }

  /**
   * The interrupts pending for this core as ISR_EL1 reports them (ARM ARM D19.2.60): I, F, A at
   * bits 7, 6, 8. Below EL2 with HCR_EL2.IMO (FMO, AMO) set and TGE clear, the virtual one.
   */
  isrValue(): bigint {
    if (!this.regimeValid) this.refreshRegime();
    const hcr = this.sys[S.HCR_EL2];
    const virt = (route: bigint): boolean => this.el < 2 && (hcr & route) !== 0n && (hcr & TGE) === 0n;
    const b = this.lineBits;
    const i = virt(HCR_IMO) ? b & (LINE.VIRQ | LINE.HCR_VI) : b & LINE.IRQ;
    const f = virt(HCR_FMO) ? b & (LINE.VFIQ | LINE.HCR_VF) : b & LINE.FIQ;
    const a = virt(HCR_AMO) ? b & LINE.HCR_VSE : 0; // no physical SError source is modelled
    return (i ? 0x80n : 0n) | (f ? 0x40n : 0n) | (a ? 0x100n : 0n);
  }

  /**
   * WFI/WFE wake on a pending interrupt even when PSTATE masks it (ARM ARM D1.16.2): a physical
   * one, or a virtual one while it would be delivered to this EL1/EL0 (IMO/FMO set, TGE clear).
   */
  private wakeable(): boolean {
    if (this.waiting === 'wfe' && this.eventRegister) { this.eventRegister = 0; return true; }
    if (!this.regimeValid) this.refreshRegime();
    const b = this.lineBits;
    if ((b & (LINE.IRQ | LINE.FIQ)) !== 0) return true;
    if ((b & ~(LINE.IRQ | LINE.FIQ)) === 0 || this.el === 2) return false;
    return this.virtualTakeable(b, false) !== null;
  }

  /**
   * Takes the highest-priority pending interrupt this EL accepts (ARM ARM D1.13): physical FIQ,
   * IRQ, then virtual SError, FIQ, IRQ. Physical ones routed to EL2 (HCR_EL2.IMO/FMO or TGE)
   * are taken from EL0/EL1 whatever PSTATE.I/F, and at EL2 when unmasked; ones routed to EL1
   * only below EL2 and unmasked. Returns whether an exception was taken.
   */
  private checkInterrupts(): boolean {
    const b = this.lineBits;
    const hcr = this.sys[S.HCR_EL2];
    const tge = (hcr & TGE) !== 0n;
    const takes = (bit: number, mask: number, route: bigint): boolean =>
      (b & bit) !== 0 && ((hcr & route) !== 0n || tge ? this.el < 2 || !(this.daif & mask) : this.el < 2 && !(this.daif & mask));
    let kind: ExceptionKind | null = takes(LINE.FIQ, 1, HCR_FMO) ? 'fiq' : takes(LINE.IRQ, 2, HCR_IMO) ? 'irq' : null;
    if (kind !== null) {
      const routed = (hcr & (kind === 'fiq' ? HCR_FMO : HCR_IMO)) !== 0n || tge;
      this.takeException(this.el === 2 || routed ? 2 : 1, kind, 0, this.pcLo, this.pcHi, null);
      this.branched = false;
      return true;
    }
    if (this.el === 2) return false;
    kind = this.virtualTakeable(b, true);
    if (kind === null) return false;
    if (kind === 'serror') {
      // Virtual SError: ESR_EL1 from VSESR_EL2 needs RAS (absent on the A57); ISS 0 with IDS=0, as
      // QEMU without RAS. Taking it clears HCR_EL2.VSE (ARM ARM D1.13.4).
      this.sys[S.HCR_EL2] = hcr & ~HCR_VSE;
      this.regimeValid = false;
      this.takeException(1, 'serror', 0, this.pcLo, this.pcHi, null);
      this.sys[S.ESR_EL1] = BigInt(((EC.SERROR << 26) | IL) >>> 0); // QEMU syn_serror(0)
    } else {
      this.takeException(1, kind, 0, this.pcLo, this.pcHi, null);
    }
    this.branched = false;
    return true;
  }

  /**
   * A virtual interrupt that EL1/EL0 takes now (or, for a wake-up, regardless of PSTATE): only
   * with its HCR_EL2 routing bit set and TGE clear (ARM ARM D1.13.4, Table D1-?? "virtual
   * interrupt masking"). The effective virtual IRQ is HCR_EL2.VI OR the GIC's virtual IRQ.
   */
  private virtualTakeable(b: number, masked: boolean): ExceptionKind | null {
    const hcr = this.sys[S.HCR_EL2];
    if ((hcr & TGE) !== 0n) return null;
    const on = (bits: number, route: bigint, mask: number): boolean =>
      (b & bits) !== 0 && (hcr & route) !== 0n && (!masked || !(this.daif & mask));
    if (on(LINE.HCR_VSE, HCR_AMO, 4)) return 'serror';
    if (on(LINE.VFIQ | LINE.HCR_VF, HCR_FMO, 1)) return 'fiq';
    if (on(LINE.VIRQ | LINE.HCR_VI, HCR_IMO, 2)) return 'irq';
    return null;
  }

  halt(reason: string): void {
    if (this.halted) return;
    this.halted = true;
    this.haltReason = reason;
    this.branched = true;
    this.trace?.({ kind: 'stop', cpu: this.index, icount: this.icount, reason });
  }
}

let base: Decoder | undefined;
/** Decoder over base rows (no aliases): what the CPU executes. */
export function baseDecoder(): Decoder {
  return (base ??= new Decoder(A64, { aliases: false }));
}

const nopExec: Exec = () => {};

/** ISR_EL1 is read-only (an MSR is UNDEFINED before it gets here): a view of the core's lines. */
const ISR_HANDLER: SysregHandler = { read: (c) => c.isrValue(), write: () => undefined };

function undefinedExec(cls: string, word: number): Exec {
  void word;
  return (c) => c.undefinedInstruction(cls);
}

export function hex64(lo: number, hi: number): string {
  return '0x' + ((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)).toString(16);
}
