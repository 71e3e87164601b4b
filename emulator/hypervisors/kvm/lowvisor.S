// lowvisor.S — KVM/ARM's split-mode EL2 code (Linux 4.0 arch/arm64/kvm/hyp.S, hyp-init.S; the
// paper's Figure 3): it only initialises EL2 and switches worlds. The host kernel (host.S, EL1)
// owns everything else and calls __kvm_vcpu_run with HVC; every exit saves the guest's state,
// restores the host's, and returns the exit code to the host's HVC call site.
// Runs with the EL2 MMU off (VA = PA), linked and placed at HYP_BASE.

	.include "kvm.inc"
	.include "switch.inc"

	.text
	.globl	_start
_start:
	b	hyp_boot
	.balign	8
	// The call table the host uses (kvm_call_hyp targets), at HYP_BASE + HYP_FN_*.
	.quad	__kvm_vcpu_run
	.quad	_start				// PSCI CPU_ON entry of secondary cores

// ---- boot: every core arrives here at EL2 (reset or PSCI CPU_ON) ----
hyp_boot:
	mrs	x19, mpidr_el1
	and	x19, x19, #0xff			// core index (Aff0: one cluster of <= 8 cores on virt)
	ldr	x1, =hyp_stacks + HYP_STACK_SIZE
	mov	x2, #HYP_STACK_SIZE
	madd	x1, x19, x2, x1
	mov	sp, x1
	ldr	x1, =__kvm_hyp_vector
	msr	vbar_el2, x1
	// EL2 configuration while the host runs (KVM 4.0 __kvm_hyp_init, deactivate_traps)
	mov	x1, #HCR_HOST_NVHE_FLAGS
	msr	hcr_el2, x1
	mov	x1, #CPTR_EL2_RES1
	msr	cptr_el2, x1
	msr	hstr_el2, xzr
	mrs	x1, pmcr_el0			// MDCR_EL2.HPMN = PMCR_EL0.N: every counter for EL1/EL0
	ubfx	x1, x1, #11, #5
	msr	mdcr_el2, x1
	msr	vttbr_el2, xzr			// VMID 0, Stage-2 off: the host
	ldr	x1, =VTCR_VALUE
	msr	vtcr_el2, x1
	mov	x1, #3				// CNTHCTL_EL2.EL1PCEN | EL1PCTEN: the host owns the physical timer
	msr	cnthctl_el2, x1
	msr	cntvoff_el2, xzr
	mrs	x1, midr_el1
	msr	vpidr_el2, x1
	mrs	x1, mpidr_el1
	msr	vmpidr_el2, x1
	kvm_cycle_counter_init
	// Enter the host kernel at EL1h with DAIF masked, x0 = core index.
	ldr	x1, =HOST_BASE
	msr	elr_el2, x1
	mov	x1, #0x3c5
	msr	spsr_el2, x1
	mov	x0, x19
	isb
	eret

// ---- __kvm_vcpu_run(vcpu): the host → guest world switch (KVM 4.0 order) ----
// x0 = vcpu (VA = PA). Returns the exit code in x0 to the host, through el1_sync's ERET.
	.balign	16
__kvm_vcpu_run:
	msr	tpidr_el2, x0			// the running vCPU, for the vectors
	bd_stamp BD_ENTRY_START
	ldr	x2, [x0, #VCPU_HOST_CTXT]
	save_common_regs x2
	save_el1_banked x2, el1
	bd_stamp BD_HOST_GP_SAVED
	save_fpsimd x2
	bd_stamp BD_HOST_FP_SAVED
	save_sysregs x2, el1
	bd_stamp BD_HOST_SYS_SAVED

	// activate_traps: the guest's HCR_EL2, trap trace/CP15 c15/debug-ROM accesses
	ldr	x2, [x0, #VCPU_HCR]
	msr	hcr_el2, x2
	ldr	x2, =(CPTR_EL2_RES1 | CPTR_EL2_TTA)
	msr	cptr_el2, x2
	mov	x2, #HSTR_T15
	msr	hstr_el2, x2
	mrs	x2, mdcr_el2
	and	x2, x2, #MDCR_EL2_HPMN_MASK
	orr	x2, x2, #(MDCR_EL2_TDRA | MDCR_EL2_TDOSA)
	msr	mdcr_el2, x2
	bd_stamp BD_TRAPS_ON
	// activate_vm: the VM's VMID and Stage-2 tables
	ldr	x2, [x0, #VCPU_VTTBR]
	msr	vttbr_el2, x2
	bd_stamp BD_VM_ON
	restore_vgic_state
	bd_stamp BD_VGIC_RESTORED
	restore_timer_state el0, 0
	bd_stamp BD_TIMER_RESTORED

	add	x2, x0, #VCPU_CTXT
	restore_sysregs x2, el1
	bd_stamp BD_GUEST_SYS_RESTORED
	restore_fpsimd x2
	bd_stamp BD_GUEST_FP_RESTORED
	restore_el1_banked x2, el1
	restore_common_regs x2
	restore_guest_caller_saved x2
	bd_stamp BD_GUEST_GP_RESTORED
	ldp	x2, x3, [x0, #CTX_X + 2 * 8]
	ldp	x0, x1, [x0, #CTX_X + 0 * 8]
	eret

// ---- __kvm_vcpu_return: guest → host. x0 = vcpu, x1 = exit code; guest x0..x3 on the stack ----
__kvm_vcpu_return:
	bd_stamp BD_EXIT_START
	add	x2, x0, #VCPU_CTXT
	save_guest_caller_saved x2
	save_common_regs x2
	save_el1_banked x2, el1
	bd_stamp BD_GUEST_GP_SAVED
	save_fpsimd x2
	bd_stamp BD_GUEST_FP_SAVED
	save_sysregs x2, el1
	bd_stamp BD_GUEST_SYS_SAVED
	save_timer_state el0, 0
	bd_stamp BD_TIMER_SAVED
	save_vgic_state
	bd_stamp BD_VGIC_SAVED

	// deactivate_traps: back to the host's EL2 configuration
	mov	x2, #HCR_HOST_NVHE_FLAGS
	msr	hcr_el2, x2
	mov	x2, #CPTR_EL2_RES1
	msr	cptr_el2, x2
	msr	hstr_el2, xzr
	mrs	x2, mdcr_el2
	and	x2, x2, #MDCR_EL2_HPMN_MASK
	msr	mdcr_el2, x2
	bd_stamp BD_TRAPS_OFF
	// deactivate_vm
	msr	vttbr_el2, xzr
	bd_stamp BD_VM_OFF

	ldr	x2, [x0, #VCPU_HOST_CTXT]
	restore_sysregs x2, el1
	bd_stamp BD_HOST_SYS_RESTORED
	restore_fpsimd x2
	bd_stamp BD_HOST_FP_RESTORED
	restore_el1_banked x2, el1
	restore_common_regs x2
	bd_exit_done
	mov	x0, x1
	ret					// to el1_sync's host-call path, which ERETs to the host

// ---- EL2 vectors (KVM 4.0 __kvm_hyp_vector) ----
	.macro	invalid_vector label
	.balign	128
\label:
	b	hyp_panic
	.endm

	.balign	2048
__kvm_hyp_vector:
	invalid_vector el2t_sync_invalid
	invalid_vector el2t_irq_invalid
	invalid_vector el2t_fiq_invalid
	invalid_vector el2t_error_invalid
	invalid_vector el2h_sync_invalid
	invalid_vector el2h_irq_invalid
	invalid_vector el2h_fiq_invalid
	invalid_vector el2h_error_invalid
	.balign	128
el1_sync_vector:
	b	el1_sync
	.balign	128
el1_irq_vector:
	b	el1_irq
	invalid_vector el1_fiq_invalid
	invalid_vector el1_error_invalid
	invalid_vector el1_32_sync_invalid
	invalid_vector el1_32_irq_invalid
	invalid_vector el1_32_fiq_invalid
	invalid_vector el1_32_error_invalid

// A synchronous exception from EL1: the host calling us (HVC with VTTBR_EL2 = 0) or a guest trap.
el1_sync:
	stp	x0, x1, [sp, #-16]!
	stp	x2, x3, [sp, #-16]!
	mrs	x1, esr_el2
	lsr	x2, x1, #ESR_EC_SHIFT
	cmp	x2, #EC_HVC64
	b.ne	el1_trap
	mrs	x3, vttbr_el2			// a guest's HVC: Stage-2 is on
	cbnz	x3, el1_trap
	// The host called HVC: x0 = function, x1..x3 its arguments; 0 asks for the vectors
	// (KVM 4.0 __hyp_get_vectors).
	ldp	x2, x3, [sp], #16
	ldp	x0, x1, [sp], #16
	cbnz	x0, 1f
	mrs	x0, vbar_el2
	eret
1:	stp	lr, xzr, [sp, #-16]!
	mov	lr, x0
	mov	x0, x1
	mov	x1, x2
	mov	x2, x3
	blr	lr
	ldp	lr, xzr, [sp], #16
	eret

// A guest trap: record the syndrome for the host (ESR_EL2, FAR_EL2, HPFAR_EL2) and exit.
el1_trap:
	mrs	x2, far_el2
	mrs	x3, hpfar_el2
	mrs	x0, tpidr_el2
	str	x1, [x0, #VCPU_ESR]
	str	x2, [x0, #VCPU_FAR]
	str	x3, [x0, #VCPU_HPFAR]
	mov	x1, #ARM_EXCEPTION_TRAP
	b	__kvm_vcpu_return

// A physical interrupt while the guest runs (HCR_EL2.IMO): exit; the host takes it once it
// unmasks interrupts.
el1_irq:
	stp	x0, x1, [sp, #-16]!
	stp	x2, x3, [sp, #-16]!
	mrs	x0, tpidr_el2
	mov	x1, #ARM_EXCEPTION_IRQ
	b	__kvm_vcpu_return

// An exception the lowvisor never expects (from EL2 itself, or AArch32): report and stop the core.
hyp_panic:
	ldr	x1, =panic_msg
	mov	x2, #0x09000000			// PL011 UARTDR
1:	ldrb	w3, [x1], #1
	cbz	w3, 2f
	str	w3, [x2]
	b	1b
2:	wfi
	b	2b

	.ltorg
panic_msg:
	.asciz	"lowvisor: unexpected exception at EL2\n"

	.equ	HYP_STACK_SIZE, 4096
	.bss
	.balign	16
hyp_stacks:
	.skip	HYP_STACK_SIZE * MAX_CPUS
