// host-vhe.S — the KVM host kernel with the Virtualization Host Extensions (ARMv8.1,
// HCR_EL2.E2H = 1): the host kernel itself runs at EL2 (TGE = 1 while it runs, 0 while a guest
// runs), so entering and leaving a guest is a function call and an ERET/exception at EL2 — no
// HVC to a lowvisor, no second exception level to leave — and the host's own EL1 system
// registers are not switched: its "EL1" registers are the EL2 ones (E2H redirection), and the
// guest's EL1 state is reached through the *_EL12 / *_EL02 names (the paper's Section 6;
// Linux 4.x arch/arm64/kvm/hyp/switch.c __kvm_vcpu_run_vhe, sysreg-sr.c).
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
	mov	x1, #1				// the cycle counter for every EL (shared timing convention)
	msr	pmcr_el0, x1
	mov	x1, #(1 << 31)
	msr	pmcntenset_el0, x1
	mov	x1, #(1 << 27)
	msr	pmccfiltr_el0, x1
	mov	x1, #1
	msr	pmuserenr_el0, x1
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

// ---- the world switch at EL2 (kvm_vcpu_run_vhe): x0 = vcpu; returns the exit code ----
// The host's state that the guest would clobber: callee-saved GP registers, FP/SIMD, and the
// few EL0/EL1 registers E2H does not redirect that a host uses (sysreg_save_host_state_vhe:
// MDSCR_EL1, SP_EL0, TPIDR_EL0, TPIDRRO_EL0).
kvm_call_vcpu_run:
	bd_stamp BD_ENTRY_START
	ldr	x2, [x0, #VCPU_HOST_CTXT]
	save_callee_saved x2
	bd_stamp BD_HOST_GP_SAVED
	save_fpsimd x2
	bd_stamp BD_HOST_FP_SAVED
	add	x3, x2, #CTX_SYS
	mrs	x4, mdscr_el1
	mrs	x5, tpidr_el0
	mrs	x6, tpidrro_el0
	str	x4, [x3, #SYS_MDSCR * 8]
	str	x5, [x3, #SYS_TPIDR_EL0 * 8]
	str	x6, [x3, #SYS_TPIDRRO_EL0 * 8]
	mrs	x4, sp_el0
	str	x4, [x2, #CTX_SP_EL0]
	bd_stamp BD_HOST_SYS_SAVED

	// activate_traps_vhe: the guest's HCR_EL2 with E2H kept (TGE = 0), trace/CP15/debug traps
	ldr	x2, [x0, #VCPU_HCR]
	orr	x2, x2, #HCR_E2H
	msr	hcr_el2, x2
	ldr	x2, =(CPACR_FPEN | CPACR_TTA)
	msr	cptr_el2, x2
	mov	x2, #HSTR_T15
	msr	hstr_el2, x2
	mrs	x2, mdcr_el2
	and	x2, x2, #MDCR_EL2_HPMN_MASK
	orr	x2, x2, #(MDCR_EL2_TDRA | MDCR_EL2_TDOSA)
	msr	mdcr_el2, x2
	isb
	bd_stamp BD_TRAPS_ON
	ldr	x2, [x0, #VCPU_VTTBR]
	msr	vttbr_el2, x2
	bd_stamp BD_VM_ON
	restore_vgic_state
	bd_stamp BD_VGIC_RESTORED
	restore_timer_state el02, CNTHCTL_E2H_SHIFT
	bd_stamp BD_TIMER_RESTORED

	add	x2, x0, #VCPU_CTXT
	restore_sysregs x2, el12
	bd_stamp BD_GUEST_SYS_RESTORED
	restore_fpsimd x2
	bd_stamp BD_GUEST_FP_RESTORED
	restore_el1_banked x2, el12
	stp	x0, xzr, [sp, #-16]!		// the vcpu, for the exit vector (__guest_enter)
	restore_common_regs x2
	restore_guest_caller_saved x2
	bd_stamp BD_GUEST_GP_RESTORED
	ldp	x2, x3, [x0, #CTX_X + 2 * 8]
	ldp	x0, x1, [x0, #CTX_X + 0 * 8]
	eret

// ---- __guest_exit: x0 = vcpu, x1 = exit code; guest x0..x3 and then the vcpu on the stack ----
__guest_exit:
	bd_stamp BD_EXIT_START
	add	x2, x0, #VCPU_CTXT
	save_guest_caller_saved x2
	add	sp, sp, #16			// the vcpu slot
	save_common_regs x2
	save_el1_banked x2, el12
	bd_stamp BD_GUEST_GP_SAVED
	save_fpsimd x2
	bd_stamp BD_GUEST_FP_SAVED
	save_sysregs x2, el12
	bd_stamp BD_GUEST_SYS_SAVED
	save_timer_state el02, CNTHCTL_E2H_SHIFT
	bd_stamp BD_TIMER_SAVED
	save_vgic_state
	bd_stamp BD_VGIC_SAVED

	// deactivate_traps_vhe: the host's EL2&0 configuration back
	ldr	x2, =HCR_HOST_VHE_FLAGS
	msr	hcr_el2, x2
	mov	x2, #CPACR_FPEN
	msr	cptr_el2, x2
	msr	hstr_el2, xzr
	mrs	x2, mdcr_el2
	and	x2, x2, #MDCR_EL2_HPMN_MASK
	msr	mdcr_el2, x2
	isb
	bd_stamp BD_TRAPS_OFF
	msr	vttbr_el2, xzr
	bd_stamp BD_VM_OFF

	ldr	x2, [x0, #VCPU_HOST_CTXT]
	add	x3, x2, #CTX_SYS
	ldr	x4, [x3, #SYS_MDSCR * 8]
	ldr	x5, [x3, #SYS_TPIDR_EL0 * 8]
	ldr	x6, [x3, #SYS_TPIDRRO_EL0 * 8]
	msr	mdscr_el1, x4
	msr	tpidr_el0, x5
	msr	tpidrro_el0, x6
	ldr	x4, [x2, #CTX_SP_EL0]
	msr	sp_el0, x4
	bd_stamp BD_HOST_SYS_RESTORED
	restore_fpsimd x2
	bd_stamp BD_HOST_FP_RESTORED
	restore_callee_saved x2
	bd_exit_done
	mov	x0, x1
	ret

// A guest trap: the syndrome for the run loop, then the exit.
el1_sync:
	stp	x0, x1, [sp, #-16]!
	stp	x2, x3, [sp, #-16]!
	ldr	x0, [sp, #32]			// the vcpu
	mrs	x1, esr_el2
	mrs	x2, far_el2
	mrs	x3, hpfar_el2
	str	x1, [x0, #VCPU_ESR]
	str	x2, [x0, #VCPU_FAR]
	str	x3, [x0, #VCPU_HPFAR]
	mov	x1, #ARM_EXCEPTION_TRAP
	b	__guest_exit

// A physical interrupt while the guest runs: exit; the host takes it with IRQs unmasked.
el1_irq:
	stp	x0, x1, [sp, #-16]!
	stp	x2, x3, [sp, #-16]!
	ldr	x0, [sp, #32]
	mov	x1, #ARM_EXCEPTION_IRQ
	b	__guest_exit

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
