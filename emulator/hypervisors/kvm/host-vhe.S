// host-vhe.S — the KVM host kernel with the Virtualization Host Extensions (ARMv8.1,
// HCR_EL2.E2H = 1): the host kernel itself runs at EL2 (TGE = 1 while it runs, 0 while a guest
// runs), so entering and leaving a guest is a function call and an ERET/exception at EL2 — no
// HVC to a lowvisor, no second exception level to leave — and the host's own EL1 system
// registers are not switched: its "EL1" registers are the EL2 ones (E2H redirection), and the
// guest's EL1 state is reached through the *_EL12 / *_EL02 names. The guest's EL1 state, GICH_VMCR
// and FP stay in the CPU across exits (switch-vhe.inc: the paper's Section 6 argument, as Linux
// 4.16+ restructured KVM for VHE).
// The run loop, exit handling and devices are the same code as split mode (kvm-host.inc).
// Linked and placed at HOST_BASE; cores start here at EL2 (reset and PSCI CPU_ON); MMU off.

	.include "kvm.inc"
	.include "switch.inc"

	// This core's index: the per-CPU offset register of a kernel at EL2 (Linux VHE: TPIDR_EL2).
	.macro	host_cpu_index reg
	mrs	\reg, tpidr_el2
	.endm
	.macro	host_set_cpu_index reg
	msr	tpidr_el2, \reg
	.endm
	.equ	HOST_TIMER_PPI, 26		// the EL2 physical timer (CNTHP): CNTP_* from EL2 with E2H
	.equ	CNTHCTL_E2H_SHIFT, 10		// EL1PCTEN/EL1PCEN with E2H = 1
	.equ	CPACR_FPEN, (3 << 20)		// CPTR_EL2 in its E2H (CPACR) layout
	.equ	CPACR_TTA, (1 << 28)

	.text
	.globl	_start
_start:
	mrs	x19, mpidr_el1
	and	x19, x19, #0xff			// core index (Aff0)
	ldr	x1, =HCR_HOST_VHE_FLAGS		// the host owns the EL2&0 regime
	msr	hcr_el2, x1
	isb
	ldr	x1, =host_vectors
	msr	vbar_el2, x1
	mov	x1, #CPACR_FPEN
	msr	cptr_el2, x1
	msr	hstr_el2, xzr
	mrs	x1, pmcr_el0			// MDCR_EL2.HPMN = PMCR_EL0.N
	ubfx	x1, x1, #11, #5
	msr	mdcr_el2, x1
	msr	vttbr_el2, xzr
	ldr	x1, =VTCR_VALUE
	msr	vtcr_el2, x1
	mov	x1, #(3 << CNTHCTL_E2H_SHIFT)
	msr	cnthctl_el2, x1
	msr	cntvoff_el2, xzr
	mrs	x1, midr_el1
	msr	vpidr_el2, x1
	mrs	x1, mpidr_el1
	msr	vmpidr_el2, x1
	kvm_cycle_counter_init
	isb
	b	host_start

// Start physical core x0 here (PSCI CPU_ON through SMC: no EL3, the firmware answers).
kvm_cpu_on:
	mov	x1, x0
	ldr	x0, =PSCI_CPU_ON
	ldr	x2, =HOST_BASE
	mov	x3, #0
	smc	#0
	ret

kvm_system_off:
	ldr	x0, =PSCI_SYSTEM_OFF
	smc	#0
	b	.

// ---- the world switch at EL2 (kvm_vcpu_run_vhe), its exit vectors, vcpu_load/put and the
// lazy FP/SIMD switch ----
	.include "switch-vhe.inc"

	.include "kvm-host.inc"

// ---- EL2 vectors: the host's own interrupts (current EL) and its guests' exits (lower EL) ----
	.text
	.balign	2048
host_vectors:
	.rept	4
	host_vector_panic			// current EL with SP_EL0
	.endr
	host_vector_panic			// current EL with SP_EL2: synchronous
	host_vector_irq
	host_vector_panic
	host_vector_panic
	.balign	128
	b	el1_sync			// lower EL, AArch64: the guest
	.balign	128
	b	el1_irq
	host_vector_panic
	host_vector_panic
	.rept	4
	host_vector_panic			// lower EL, AArch32
	.endr
