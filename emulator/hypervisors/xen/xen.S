// xen.S — a Xen 4.5-style Type 1 hypervisor (the paper's Figure 2): it owns EL2 and the machine,
// builds Dom0 and the DomUs (Stage-2 tables with their own VMIDs, vCPUs), schedules vCPUs on
// each physical core, handles hypercalls at EL2 without leaving it, emulates the virtual GIC
// distributor, and connects domains with event channels and grant-mapped pages.
// Structure after Xen 4.5 xen/arch/arm: arm64/entry.S (vectors, guest frame), traps.c (trap
// dispatch, leave_hypervisor_tail), domain.c (context switch), vgic*.c, event_channel.c,
// grant_table.c. Runs with the EL2 MMU off (VA = PA), linked and placed at XEN_BASE.

	.include "xen.inc"

// The running vCPU: its structure starts the VCPU_SIZE block holding the stack (Xen's current).
	.macro	current reg
	mov	\reg, sp
	and	\reg, \reg, #~(VCPU_SIZE - 1)
	.endm

// This core's per-CPU data.
	.macro	this_pcpu reg
	mrs	\reg, tpidr_el2
	.endm

// Xen's performance counters (perfc_incr, CONFIG_PERF_COUNTERS): only in a PERFC=1 build, so
// the measured paths carry no bookkeeping Xen does not have by default. Clobbers x9, x10.
	.ifndef PERFC
	.equ	PERFC, 0
	.endif
	.macro	perfc_incr slot
	.if PERFC
	ldr	x9, =xen_stats
	ldr	x10, [x9, #\slot]
	add	x10, x10, #1
	str	x10, [x9, #\slot]
	.endif
	.endm

// trace_* / TRACE_nD (xen/include/xen/trace.h, schedule.c): every trace point Xen compiles in
// first tests tb_init_done; no trace buffers are ever set up here, so each is that load and
// the branch past it (never taken). Clobbers x16.
	.macro	trace_point
	ldr	x16, =tb_init_done
	ldr	w16, [x16]
	cbnz	w16, hyp_panic
	.endm

	.include "spinlock.inc"

	.text
	.globl	_start
_start:					// every core, at EL2 (reset, or PSCI CPU_ON from core 0)
	mrs	x19, mpidr_el1
	and	x19, x19, #0xff			// core index (Aff0: one cluster on virt)
	ldr	x20, =pcpus
	mov	x1, #PCPU_SIZE
	madd	x20, x19, x1, x20
	msr	tpidr_el2, x20
	ldr	x21, =idle_vcpus		// this core's idle vCPU: its stack is ours until the scheduler runs
	mov	x1, #VCPU_SIZE
	madd	x21, x19, x1, x21
	add	sp, x21, #VCPU_SIZE
	mov	x1, #-1
	str	x1, [x21, #VCPU_ID]
	str	x19, [x21, #VCPU_PCPU]
	str	x21, [x20, #PCPU_IDLE]
	str	x21, [x20, #PCPU_CURR]
	str	x19, [x20, #PCPU_ID]
	bl	init_el2
	bl	gic_cpu_init
	cbnz	x19, 1f
	bl	init_xen_time
	bl	init_percpu_areas
	bl	gic_dist_init
	bl	build_domains
	bl	route_dom0_irqs
	bl	start_secondary_cpus
1:	ldr	x1, =cpu_online_map		// set_cpu_online
	mov	x2, #1
	lsl	x2, x2, x19
2:	ldxr	x3, [x1]
	orr	x3, x3, x2
	stxr	w4, x3, [x1]
	cbnz	w4, 2b
	mov	x1, #SCHEDULE_SOFTIRQ		// run the scheduler from the idle vCPU
	bl	raise_softirq
	b	idle_loop

// Every core's scheduler and timer data, prepared by core 0 before any domain exists (what the
// CPU_UP_PREPARE notifiers do for each pCPU: init_timers_cpu, cpu_schedule_up,
// csched_alloc_pdata): empty run queue and timer heap, the s_timer, the idle vCPU as current
// (priority IDLE), and the pCPU in the scheduler's idlers.
init_percpu_areas:
	stp	x29, x30, [sp, #-16]!
	stp	x19, x20, [sp, #-16]!
	stp	x21, x22, [sp, #-16]!
	stp	x23, x24, [sp, #-16]!
	ldr	x22, =xen_config
	ldr	x22, [x22, #CFG_NR_PCPUS]
	mov	x20, #0
1:	cmp	x20, x22
	b.hs	9f
	pcpu_of	x23, x20, x1
	str	x20, [x23, #PCPU_ID]
	ldr	x1, =sched_credit_ops		// per_cpu(scheduler, cpu) = &ops (schedule.c cpu_schedule_up)
	str	x1, [x23, #PCPU_SCHEDULER]
	add	x1, x23, #PCPU_RUNQ		// INIT_LIST_HEAD
	stp	x1, x1, [x1]
	add	x1, x23, #PCPU_TIMERS_INACTIVE
	stp	x1, x1, [x1]
	mov	w1, #TIMER_HEAP_LIMIT
	strh	w1, [x23, #PCPU_HEAP + 2]
	add	x0, x23, #PCPU_S_TIMER
	ldr	x1, =s_timer_fn
	mov	x2, #0
	mov	x3, x20
	bl	init_timer
	ldr	x19, =idle_vcpus
	mov	x1, #VCPU_SIZE
	madd	x19, x20, x1, x19
	mov	x1, #-1
	str	x1, [x19, #VCPU_ID]
	str	x20, [x19, #VCPU_PCPU]
	str	x19, [x23, #PCPU_IDLE]
	str	x19, [x23, #PCPU_CURR]
	mov	x1, #CSCHED_PRI_IDLE
	str	x1, [x19, #VCPU_CS_PRI]
	mov	x1, #RUNSTATE_RUNNING
	str	x1, [x19, #VCPU_STATE]
	mov	x1, #1
	str	x1, [x19, #VCPU_IS_RUNNING]
	lsl	x1, x1, x20
	str	x1, [x19, #VCPU_AFFINITY]
	ldr	x2, =csched_priv
	ldr	x3, [x2, #PRV_IDLERS]
	orr	x3, x3, x1
	str	x3, [x2, #PRV_IDLERS]
	bl	sched_init_vcpu_common
	add	x20, x20, #1
	b	1b
9:	ldp	x23, x24, [sp], #16
	ldp	x21, x22, [sp], #16
	ldp	x19, x20, [sp], #16
	ldp	x29, x30, [sp], #16
	ret

// EL2 configuration, the same for every domain (Xen 4.5 init_traps, setup_virt_paging).
init_el2:
	ldr	x1, =xen_vectors
	msr	vbar_el2, x1
	ldr	x1, =HCR_XEN
	msr	hcr_el2, x1
	mov	x1, #CPTR_EL2_RES1		// FP/SIMD for everyone (Xen switches it eagerly)
	msr	cptr_el2, x1
	msr	hstr_el2, xzr
	ldr	x1, =VTCR_VALUE
	msr	vtcr_el2, x1
	mov	x1, #1				// CNTHCTL_EL2.EL1PCTEN: guests read the counter; the physical timer is Xen's
	msr	cnthctl_el2, x1
	msr	cntvoff_el2, xzr
	mrs	x1, midr_el1
	msr	vpidr_el2, x1
	// The cycle counter for every EL (the shared timing convention): PMCR_EL0.E,
	// PMCNTENSET_EL0.C, PMCCFILTR_EL0.NSH counts at EL2, PMUSERENR_EL0.EN; MDCR_EL2.TPM = 0 and
	// HPMN = PMCR_EL0.N leave every counter to EL1/EL0.
	mrs	x1, pmcr_el0
	ubfx	x1, x1, #11, #5
	msr	mdcr_el2, x1
	mov	x1, #1
	msr	pmcr_el0, x1
	mov	x1, #(1 << 31)
	msr	pmcntenset_el0, x1
	mov	x1, #(1 << 27)
	msr	pmccfiltr_el0, x1
	mov	x1, #1
	msr	pmuserenr_el0, x1
	// Each core starts its cycle counter from the system counter, the time base all cores
	// share (CNTPCT_EL0 at CNTFRQ_EL0 Hz, this core at CPU_HZ), so stamps taken on different
	// cores are comparable (as an OS synchronizes per-CPU cycle counters at boot).
	mrs	x1, cntpct_el0
	ldr	x2, =CPU_HZ
	mul	x1, x1, x2
	mrs	x2, cntfrq_el0
	udiv	x1, x1, x2
	msr	pmccntr_el0, x1
	isb
	ret

// The physical GIC: Xen owns it (gic-v2.c gicv2_cpu_init, gicv2_dist_init). Each core learns
// its GIC CPU-interface bit from the banked GICD_ITARGETSR0 (gic_cpu_id).
gic_cpu_init:
	mov	x1, #GICD_BASE
	ldr	w2, [x1, #GICD_ITARGETSR]
	and	w2, w2, #0xff
	mrs	x3, tpidr_el2
	str	x2, [x3, #PCPU_GIC_ID]
	ldr	w2, =0xffff | (1 << PPI_HYPTIMER) | (1 << PPI_VTIMER)	// SGIs (event check), Xen's timer, the guests' timer
	str	w2, [x1, #GICD_ISENABLER]
	mov	x1, #GICC_BASE
	mov	w2, #0xff
	str	w2, [x1, #GICC_PMR]
	mov	w2, #(1 | GICC_CTLR_EOIMODE)	// Xen 4.5 gicv2_cpu_init: split priority drop and deactivation
	str	w2, [x1, #GICC_CTLR]
	ret

gic_dist_init:
	mov	x1, #GICD_BASE
	mov	w2, #1
	str	w2, [x1, #GICD_CTLR]
	// The number of list registers (GICH_VTR.ListRegs + 1), capped to what a vCPU saves.
	mov	x1, #GICH_BASE
	ldr	w2, [x1, #GICH_VTR]
	and	w2, w2, #0x3f
	add	w2, w2, #1
	mov	w3, #MAX_LRS
	cmp	w2, w3
	csel	w2, w2, w3, lo
	ldr	x1, =gic_nr_lrs
	str	x2, [x1]
	ret

// The physical SPIs of Dom0's devices (route_irq_to_guest): priority 0xa0, targeted at the core
// of Dom0's vCPU 0, enabled, and marked in Dom0's DOM_IRQ_HW so they are injected 1:1 as
// hardware interrupts.
route_dom0_irqs:
	ldr	x1, =xen_config
	ldr	x1, [x1, #CFG_DOMS + CFG_DOM_PCPU0]
	mov	w2, #1
	lsl	w2, w2, w1
	mov	w3, #0x01010101
	mul	w2, w2, w3			// the target byte in each byte of a word
	mov	x1, #GICD_BASE
	mov	x4, #DOM0_SPI_FIRST
	ldr	w5, =0xa0a0a0a0
1:	add	x6, x1, x4
	str	w5, [x6, #GICD_IPRIORITYR]
	str	w2, [x6, #GICD_ITARGETSR]
	add	x4, x4, #4
	cmp	x4, #(DOM0_SPI_FIRST + DOM0_SPI_COUNT)
	b.lo	1b
	ldr	x7, =domains			// Dom0's DOM_IRQ_HW and the physical enables, bit by bit
	add	x7, x7, #DOM_IRQ_HW
	mov	x4, #DOM0_SPI_FIRST
2:	lsr	x8, x4, #6
	ldr	x9, [x7, x8, lsl #3]
	mov	x10, #1
	lsl	x10, x10, x4
	orr	x9, x9, x10
	str	x9, [x7, x8, lsl #3]
	lsr	x8, x4, #5
	mov	w10, #1
	lsl	w10, w10, w4
	add	x11, x1, #GICD_ISENABLER
	str	w10, [x11, x8, lsl #2]
	add	x4, x4, #1
	cmp	x4, #(DOM0_SPI_FIRST + DOM0_SPI_COUNT)
	b.lo	2b
	ret

// PSCI CPU_ON of the other physical cores at Xen's entry (Xen's firmware conduit is SMC).
start_secondary_cpus:
	stp	x29, x30, [sp, #-16]!
	stp	x19, x20, [sp, #-16]!
	ldr	x1, =xen_config
	ldr	x20, [x1, #CFG_NR_PCPUS]
	mov	x19, #1
1:	cmp	x19, x20
	b.hs	2f
	ldr	x0, =PSCI_CPU_ON
	mov	x1, x19
	ldr	x2, =_start
	mov	x3, #0
	smc	#0
	add	x19, x19, #1
	b	1b
2:	ldp	x19, x20, [sp], #16
	ldp	x29, x30, [sp], #16
	ret

// ---- the idle vCPU (arch/arm/domain.c idle_loop): sleep unless a softirq is pending
// (cpu_is_haltable), take the interrupt that woke the core (hyp_irq), run the softirqs ----
idle_loop:
	this_pcpu x20
	ldr	x1, [x20, #PCPU_ID]		// cpu_is_offline(cpu): stop_cpu (never here)
	ldr	x2, =cpu_online_map
	ldr	x2, [x2]
	lsr	x2, x2, x1
	tbz	x2, #0, hyp_panic
	msr	daifset, #2			// local_irq_disable
	ldr	x1, [x20, #PCPU_SOFTIRQ]	// cpu_is_haltable: no softirq pending, online, no tasklet work
	cbnz	x1, 1f
	ldr	x1, [x20, #PCPU_ID]
	ldr	x2, =cpu_online_map
	ldr	x2, [x2]
	lsr	x2, x2, x1
	tbz	x2, #0, 1f
	ldr	x1, [x20, #PCPU_TASKLET_WORK]
	cbnz	x1, 1f
	dsb	sy
	wfi					// wakes on a pending interrupt even while masked
1:	msr	daifclr, #2			// local_irq_enable: the interrupt is taken here (hyp_irq)
	msr	daifset, #2			// (this Xen runs its softirqs with IRQs masked)
	ldr	x1, [x20, #PCPU_TASKLET_WORK]	// do_tasklet: work enqueued and scheduled? (never here)
	cmp	x1, #3
	b.eq	hyp_panic
	bl	do_softirq
	b	idle_loop

	.include "entry.inc"
	.include "softirq.inc"
	.include "time.inc"
	.include "timer.inc"
	.include "traps.inc"
	.include "hypercall.inc"
	.include "sched.inc"
	.include "vgic.inc"
	.include "evtchn.inc"
	.include "domain.inc"

// An exception Xen never expects (from EL2 itself, AArch32): report and stop this core.
hyp_panic:
	ldr	x1, =panic_msg
	mov	x2, #VM_UART			// PL011 UARTDR (the physical UART)
1:	ldrb	w3, [x1], #1
	cbz	w3, 2f
	str	w3, [x2]
	b	1b
2:	msr	daifset, #0xf
3:	wfi
	b	3b

	.ltorg
panic_msg:
	.asciz	"xen: unexpected exception at EL2\n"

// ---- Xen's configuration (system.ts fills it like the toolstack's domain configs) ----
	.data
	.balign	8
	.globl	xen_config
xen_config:
	.quad	1				// physical cores
	.quad	2				// domains: Dom0 and DomU1
	.rept	MAX_DOMAINS			// per domain: vCPUs, pCPU of vCPU 0, pCPU of vCPU 1
	.quad	1, 0, 0
	.endr
gic_nr_lrs:					// gicv2_info (struct gic_info): nr_lrs
	.quad	4
gic_hw_ops:					// register_gic_ops: the GICv2 driver's table
	.quad	gicv2_ops
gicv2_ops:
	.quad	gic_nr_lrs			// .info
	.quad	gicv2_save_state
	.quad	gicv2_restore_state
	.quad	gicv2_send_SGI
	.quad	gicv2_read_irq
	.quad	gicv2_eoi_irq
	.quad	gicv2_dir_irq
gicv2_map:					// struct gicv2: map_dbase, map_cbase[0..1], map_hbase (ioremapped;
	.quad	GICD_BASE			// Xen's VA = PA here)
	.quad	GICC_BASE, GICC_BASE + 0x1000
	.quad	GICH_BASE
	.equ	MAP_DBASE, 0
	.equ	MAP_CBASE, 8
	.equ	MAP_HBASE, 24
boot_count:					// CNTPCT_EL0 at boot (time.c)
	.quad	0
cpu_khz:
	.quad	0
cpu_online_map:
	.quad	0
tb_init_done:					// trace.c: trace buffers initialised (never: xentrace unused)
	.quad	0
rcu_ctrlblk:					// struct rcu_ctrlblk: cur, completed
	.quad	0, 0
csched_priv:					// struct csched_private
	.quad	0				// lock
	.quad	0				// idlers
	.quad	1				// tslice_ms: sched_credit_tslice_ms=1 (30 by default): a test
						// sees a spinning domain preempted in fewer instructions
	.quad	1000				// ratelimit_us (sched_ratelimit_us, the default)
sched_credit_ops:				// struct scheduler sched_credit_def (sched_credit.c)
	.quad	csched_schedule			// .do_schedule
	.quad	csched_vcpu_wake		// .wake
	.quad	csched_vcpu_yield		// .yield
	.quad	0				// .context_saved: none in credit1
	.globl	xen_stats
xen_stats:					// perfc_incr counters (PERFC=1 builds)
	.quad	0				// +0  hypercalls
	.quad	0				// +8  Stage-2 aborts emulated
	.quad	0				// +16 faults injected into domains
	.quad	0				// +24 physical interrupts Xen did not expect
	.quad	0				// +32 context switches
	.equ	STAT_HYPERCALLS, 0
	.equ	STAT_MMIO, 8
	.equ	STAT_INJECTED_FAULTS, 16
	.equ	STAT_STRAY_IRQS, 24
	.equ	STAT_SWITCHES, 32

	.bss
	.balign	VCPU_SIZE
	.globl	vcpus
vcpus:
	.skip	MAX_DOMAINS * MAX_DOM_VCPUS * VCPU_SIZE
idle_vcpus:
	.skip	MAX_PCPUS * VCPU_SIZE
	.balign	4096
stage2_tables:
	.skip	MAX_DOMAINS * S2_TABLES_PER_DOM * 4096
	.balign	64
	.globl	domains
domains:
	.skip	MAX_DOMAINS * DOM_SIZE
pcpus:
	.skip	MAX_PCPUS * PCPU_SIZE
irq_desc_spi:					// irq_desc[32..1019]: each its lock word
	.skip	(1020 - 32) * 8
