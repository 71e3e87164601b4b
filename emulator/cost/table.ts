// The calibration table of the cycle cost model (DESIGN.md "Costs emerge"): ONE set of
// per-operation costs, the same for every run and every program. Nothing here is tied to a
// benchmark: each value is derived, in the comment next to it, from
//   [T4]  Dall et al., ISCA 2016, Table IV (KVM ARM hypercall save/restore cost per state class,
//         measured on the HP m400 / Applied Micro X-Gene, ../shared/notes/paper-figures.md),
//         divided over the instructions Linux 4.0's arm64 KVM world switch (arch/arm64/kvm/hyp.S,
//         vgic-v2-switch.S) executes for that class — the count is written next to each value;
//   [A57] the Cortex-A57 Software Optimization Guide (ARM UAN 0015B, §3 instruction latencies and
//         throughputs, as also encoded in LLVM's AArch64SchedA57.td; X-Gene is a comparable
//         out-of-order ARMv8 core);
//   [PUB] public descriptions of the same class of core, named where used; where no figure exists
//         the value is marked as an assumption with its reasoning.
// A cost is the cycles one operation adds to Cpu.cycles. Instructions are charged their issue
// cost (reciprocal throughput, at least 1) for computation; memory and system operations are
// charged what [T4] shows the X-Gene spends on them in a world switch.
//
// Derivation of the memory and system register figures from [T4]. Each row counts BOTH worlds
// that KVM 4.0 switches in that phase where the host has such state (an exit saves the guest's
// GP/FP/EL1 registers and restores the host's; an entry the reverse): Table IV's total, 5,708,
// plus four exception entries/returns reaches the paper's 6,500-cycle hypercall only that way —
// with guest-only rows the host's half would add ~1,700 cycles more (measured by `armvirt bench
// micro --breakdown`). vGIC, timer and EL2 rows have no host half (KVM 4.0 keeps no host copy).
//   GP save     152 = 2 × (15 STP + 1 STR) of x0..x30 (save guest, restore host)
//                   → 2.45 per 64-bit register: STP 5, STR 2 (check: 30·5 + 2·2 = 154)
//   GP restore  184 = 2 × (15 LDP + 1 LDR) → 2.97 per register: LDP 6, LDR 3 (30·6 + 2·3 = 186)
//   EL1 save    230 = 2 × (22 MRS + 11 STP) (save_sysregs: VMPIDR..MDSCR) → MRS (230 − 110)/44 = 2.7 → 3 (242)
//   EL1 restore 511 = 2 × (11 LDP + 22 MSR) (restore_sysregs) → MSR (511 − 132)/44 = 8.6 → 9 (528)
//   FP save     282 = 2 × (16 STP Q + 2 MRS + 2 STR W) (fpsimd_save) → STP Q (282 − 12 − 8)/32 = 8.2 → 8 (276)
//   FP restore  310 = 2 × (16 LDP Q + 2 LDR W + 2 MSR) (fpsimd_restore) → LDP Q (310 − 12 − 36)/32 = 8.2 → 8 (304)
//   EL2 config  92 = deactivate_traps: 4 MSR (HCR, CPTR, HSTR, MDCR_EL2) + 1 MRS + 2 ALU → MSR (92 − 3 − 2)/4 = 21.8 → 22 (93)
//              107 = activate_traps: 4 MSR + 1 MRS + 2 LDR + 6 ALU/branch → 88 + 3 + 6 + 6 = 103 (agrees, −4 %)
//   EL2 VM       92 = deactivate_vm: 1 MSR VTTBR_EL2; 107 = activate_vm: 2 LDR + 1 ALU + 1 MSR → 100 → 96 (96 / 103)
//   Timer       104 = save_timer_state: 3 MRS + 3 MSR of CNTV_CTL/CNTV_CVAL/CNTHCTL/CNTVOFF, ISB (15),
//                     2 LDR + 2 STR + 5 ALU/branch (30); 106 = restore_timer_state: 1 MRS + 4 MSR, ISB,
//                     5 LDR + 4 ALU/branch (34) → 3r + 3w = 74, r + 4w = 72 → MSR 16, MRS 9 (105 / 107)
//   VGIC save  3250 = 12 GICH reads (HCR, VMCR, MISR, EISR0/1, ELRSR0/1, APR, LR0..3 — X-Gene has 4 LRs)
//                     + 1 GICH write (HCR ← 0) + 3 LDR + 12 STR + 14 ALU/branch (62, save_vgic_v2_state)
//   VGIC restore 181 = 7 GICH writes (HCR, VMCR, APR, LR0..3) + 10 LDR + 14 ALU/branch (44)
//                     → write (181 − 44)/7 = 19.6 → 20; read (3250 − 62 − 20)/12 = 264 → 266 (3,254)

/** Instruction classes (emulator/cost/insn-class.ts maps every table row to one). */
export type InsnClass =
  | 'alu' | 'mul32' | 'mul64' | 'mulh' | 'div32' | 'div64' | 'crc'
  | 'branch' | 'load' | 'store' | 'load-pair' | 'store-pair'
  | 'fp-load' | 'fp-store' | 'fp-load-q' | 'fp-store-q' | 'fp-load-pair' | 'fp-store-pair' | 'fp-load-pair-q' | 'fp-store-pair-q'
  | 'simd-struct1' | 'simd-struct2' | 'simd-struct3' | 'simd-struct4'
  | 'load-exclusive' | 'store-exclusive' | 'load-acquire' | 'store-release' | 'atomic'
  | 'dmb' | 'dsb' | 'isb' | 'clrex' | 'hint' | 'wfx' | 'pstate'
  | 'dc' | 'dc-zva' | 'ic' | 'tlbi' | 'at' | 'sysreg' | 'exception-gen' | 'eret' | 'undefined';

/** Cycles per executed instruction of each class (exception entry/return, sysreg access extra are events). */
export const INSN_COST: Readonly<Record<InsnClass, number>> = {
  alu: 1, // [A57] integer ALU/move/logical/shift/bitfield/extend: latency 1 (2 with a shifted register), 2 pipes → issue 1
  mul32: 1, // [A57] MUL/MADD W-form and SMADDL/UMADDL: latency 3, throughput 1
  mul64: 3, // [A57] MUL/MADD X-form: latency 5, throughput 1/3
  mulh: 4, // [A57] SMULH/UMULH: latency 6; charged between the X-form multiply's 3 and that latency (assumption)
  // [A57] SDIV/UDIV block the M pipe for 4–20 (W) / 4–36 (X) cycles depending on the operands
  // (LLVM's AArch64SchedA57.td models the worst case, 19 and 35): the midpoints, operand
  // independent so that a cost is fixed at decode time.
  div32: 12,
  div64: 20,
  crc: 1, // [A57] CRC32*: latency 3, throughput 1
  branch: 1, // [A57] B/BL/B.cond/CBZ/TBZ/BR/BLR/RET: throughput 1 (predicted; no mispredict model)
  load: 3, // [T4] GP restore: 2.97 per 64-bit register loaded (LDR)
  store: 2, // [T4] GP save: 2.45 per 64-bit register stored (STR)
  'load-pair': 6, // [T4] GP restore: LDP of two registers
  'store-pair': 5, // [T4] GP save: STP of two registers
  'fp-load': 3, // B/H/S/D register: as a GP register load ([T4] GP restore)
  'fp-store': 2, // as a GP store ([T4] GP save)
  'fp-load-q': 4, // [T4] FP restore: half an LDP Q (8)
  'fp-store-q': 4, // [T4] FP save: half an STP Q (8)
  'fp-load-pair': 6, // S/D pairs: as LDP of GP registers
  'fp-store-pair': 5, // S/D pairs: as STP of GP registers
  'fp-load-pair-q': 8, // [T4] FP restore: 32 LDP Q
  'fp-store-pair-q': 8, // [T4] FP save: 32 STP Q
  'simd-struct1': 4, // LD1..4/ST1..4 (multiple, single, replicate): per register 4, the Q-register rate of [T4] FP
  'simd-struct2': 8,
  'simd-struct3': 12,
  'simd-struct4': 16,
  'load-exclusive': 3, // LDXR/LDAXR/LDXP: a load ([T4]); the monitor is local (A57 L1)
  'store-exclusive': 2, // STXR/STLXR/STXP: a store ([T4])
  'load-acquire': 3, // LDAR/LDLAR: a load; acquire needs no barrier on an in-order-retire core
  'store-release': 2, // STLR/STLLR: a store
  atomic: 5, // CAS/LDADD/SWP (LSE, only on -cpu max): one load + one store
  dmb: 5, // no public X-Gene figure; DMB orders without draining the pipeline: charged as one STP (assumption, ARM ARM B2.3.10)
  dsb: 15, // waits for completion: a pipeline drain, as ISB (assumption)
  isb: 15, // pipeline flush and refetch: one refill of the A57's integer pipeline, 15+ stages ([PUB] ARM's Cortex-A57 descriptions; not measured on X-Gene)
  clrex: 1, // [A57] no memory access
  hint: 1, // NOP/YIELD/SEV/SEVL/CSDB/BTI…: one issue slot
  wfx: 1, // WFI/WFE: the sleep itself is modelled by the machine (time advances to the waking event)
  pstate: 1, // MSR DAIFSet/DAIFClr/SPSel (immediate), CFINV: [A57] flag/PSTATE moves, 1
  dc: 20, // DC CIVAC/CVAC/IVAC…: one access to the shared L2 (WALK_COST.s1Level: an assumed L2 latency)
  'dc-zva': 16, // DC ZVA zeroes one 64-byte line: the 64 bytes of two STP Q ([T4] FP save: 8 each)
  ic: 20, // IC IVAU/IALLU(IS): one L2-level operation (as DC)
  tlbi: 20, // TLBI: one L2-TLB operation, broadcast by the interconnect (as DC; no public X-Gene figure)
  at: 20, // AT S1E1R…: the walk itself (its descriptor reads are not charged separately for AT)
  sysreg: 1, // MRS/MSR issue; the register's access class adds SYSREG_COST − 1 when the access happens
  'exception-gen': 1, // SVC/HVC/SMC/BRK/HLT issue; the exception entry is an event (EXCEPTION_ENTRY)
  eret: 1, // ERET issue; the return is an event (ERET_COST)
  undefined: 1, // an UNDEFINED encoding: issue, then the exception entry event
};

/** System register access classes (emulator/cost/sysreg-class.ts maps every register to one). */
export type SysregClass = 'plain' | 'el2-config' | 'el2-vm' | 'timer' | 'gic' | 'pmu' | 'id' | 'debug' | 'pstate' | 'fp';

/** Total cycles of one MRS (read) / MSR (write) of a register of each class, issue included. */
export const SYSREG_COST: Readonly<Record<SysregClass, { readonly read: number; readonly write: number }>> = {
  plain: { read: 3, write: 9 }, // [T4] EL1 save/restore: MRS 3, MSR 9 (2 × 22 registers); also EL0/EL2 non-config registers
  'el2-config': { read: 3, write: 22 }, // [T4] EL2 config: MSR of HCR/CPTR/HSTR/MDCR_EL2 22; MRS as EL1 (the one MRS of MDCR_EL2 fits)
  'el2-vm': { read: 3, write: 96 }, // [T4] EL2 virtual memory: MSR VTTBR_EL2 92–100 (a new VMID/stage-2 context)
  timer: { read: 9, write: 16 }, // [T4] Timer: 3r + 3w = 74, r + 4w = 72 (CNTV_CTL, CNTV_CVAL, CNTHCTL, CNTVOFF)
  gic: { read: 3, write: 22 }, // GICv3 ICC/ICH system registers: no [T4] row (the m400 has GICv2); as EL2 config registers (assumption)
  pmu: { read: 3, write: 9 }, // PMU registers: as plain EL1 registers (no separate measurement)
  id: { read: 3, write: 9 }, // ID registers (MIDR, ID_AA64*, CTR…): as the one ID-like read of [T4] EL1 save (VMPIDR_EL2)
  debug: { read: 3, write: 9 }, // debug registers (MDSCR_EL1 is in [T4] EL1 save): as plain EL1
  pstate: { read: 1, write: 1 }, // NZCV, DAIF, SPSel, CurrentEL: [A57] flag/PSTATE moves, one cycle
  fp: { read: 3, write: 9 }, // FPCR/FPSR: as plain EL1 registers (the FP derivation above assumes it)
};

/** Exception entry (ARM ARM D1.10): PSTATE/ELR/SPSR/ESR update, vector fetch. */
export const EXCEPTION_ENTRY: Readonly<Record<'sync' | 'irq' | 'fiq' | 'serror', { readonly toEl1: number; readonly toEl2: number }>> = {
  // No public per-exception figure for X-Gene or A57: an exception redirects fetch like a
  // mispredicted branch, so it costs one pipeline refill, as ISB (15). The architecture does the
  // same work for every kind and target EL, so they are equal; asynchronous ones have no extra
  // delivery cost here because the line is sampled between instructions (ARM ARM D1.13).
  sync: { toEl1: 15, toEl2: 15 },
  irq: { toEl1: 15, toEl2: 15 },
  fiq: { toEl1: 15, toEl2: 15 },
  serror: { toEl1: 15, toEl2: 15 },
};

/** ERET (ARM ARM D1.11): a context-synchronising return, one pipeline refill as ISB. */
export const ERET_COST = 15;

/** MMIO access latency per device, by the bus device name (PhysicalBus.map), read / write. */
export const MMIO_COST: Readonly<Record<string, { readonly read: number; readonly write: number }>> = {
  // [T4] VGIC: GICH reads 266 (non-posted, over the X-Gene interconnect), writes 20 (posted).
  'gic-hyp': { read: 266, write: 20 },
  // The distributor sits behind the same interconnect port: the same figures (assumption; [T4]
  // measures only GICH).
  'gic-dist': { read: 266, write: 20 },
  // [T3] The CPU interfaces are not: the paper's Virtual IRQ Completion (71 cycles on X-Gene) is
  // one GICV_IAR read and one GICV_EOIR write between two timestamps (guests/bench.inc: ISB + MRS
  // PMCCNTR_EL0 each side), so a GICV read costs 71 − (ISB 15 + MRS PMCCNTR 3 + LDR issue 3 +
  // STR issue 2 + posted write 20) = 28: a core-near register file, unlike GICH's 266. This is the
  // only published measurement of that device, so it calibrates it — and the Virtual IRQ
  // Completion row is therefore not an independent check of the model. GICC is the same
  // CPU-interface logic for physical interrupts (GIC-400 TRM: GICV is its virtual alias): same figures.
  'gic-cpu': { read: 28, write: 20 },
  'gic-vcpu': { read: 28, write: 20 },
  // GICv3 frames and the peripherals: no measurement on the paper's hardware; device registers
  // reached over the same interconnect, so the GICv2 figures (assumption).
  'gicv3-dist': { read: 266, write: 20 },
  'gicv3-redist': { read: 266, write: 20 },
  pl011: { read: 266, write: 20 },
  'virtio-mmio': { read: 266, write: 20 },
};

/** A device not listed in MMIO_COST: an interconnect device as the GIC ([T4] VGIC). */
export const MMIO_DEFAULT_COST = { read: 266, write: 20 } as const;

/** TLB miss and translation table walk (charged by the MMU on a miss, emulator/memory/translator.ts). */
export const WALK_COST = {
  /**
   * Fixed cost of a miss before the first descriptor read: 0, because the A57's second-level
   * (1024-entry main) TLB is not modelled — our single TLB's miss goes straight to the walk.
   */
  tlbMiss: 0,
  /**
   * Per stage 1 descriptor read: an L2 hit, as tables are cacheable and walks miss the L1 D-cache
   * mostly. ≈ 20 cycles is the order of published A57 shared-L2 load-to-use latencies; an
   * assumption, not a measurement of X-Gene (whose walks [T4] does not break out).
   */
  s1Level: 20,
  /** Per stage 2 descriptor read (nested walks read up to 24 descriptors): the same L2 hit. */
  s2Level: 20,
} as const;
