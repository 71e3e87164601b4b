// host.S — the KVM host kernel in split mode: the "highvisor" at EL1 with Stage-2 off (the
// paper's Figure 3). It creates the VMs (Stage-2 tables, vCPUs), owns the run loop
// (kvm_arch_vcpu_ioctl_run), enters guests through the lowvisor (HVC → __kvm_vcpu_run) and
// handles every exit. The exit handling, the vGIC distributor, virtio-mmio and the vhost-like
// back end are in kvm-host.inc, shared with the VHE host (host-vhe.S).
// Linked and placed at HOST_BASE; MMU off (VA = PA).

	.include "kvm.inc"

	// This core's index: the per-CPU offset register of an EL1 kernel.
	.macro	host_cpu_index reg
	mrs	\reg, tpidr_el1
	.endm
	.macro	host_set_cpu_index reg
	msr	tpidr_el1, \reg
	.endm
	.equ	HOST_TIMER_PPI, 30		// the EL1 physical timer (CNTP)

	.text
	.globl	_start
_start:					// from the lowvisor's ERET: EL1h, x0 = core index
	mov	x19, x0
	ldr	x1, =host_vectors
	msr	vbar_el1, x1
	mov	x1, #(3 << 20)			// CPACR_EL1.FPEN: the host kernel uses FP/SIMD
	msr	cpacr_el1, x1
	isb
	b	host_start

// Enter vCPU x0 through the lowvisor; returns the exit code in x0.
kvm_call_vcpu_run:
	mov	x1, x0
	ldr	x0, =HYP_BASE
	ldr	x0, [x0, #HYP_FN_VCPU_RUN]
	hvc	#0
	ret

// Start physical core x0 at the lowvisor's entry (PSCI CPU_ON through SMC: the host's
// HCR_EL2.TSC is 0, so the firmware answers).
kvm_cpu_on:
	mov	x1, x0
	ldr	x0, =PSCI_CPU_ON
	ldr	x2, =HYP_BASE
	mov	x3, #0
	smc	#0
	ret

// kvm_vcpu_sysregs_sync: split mode saves the guest's EL1 state at every exit, so memory is
// always current (the VHE host keeps it in the CPU: switch-vhe.inc).
kvm_vcpu_sysregs_sync:
	ret

kvm_system_off:
	ldr	x0, =PSCI_SYSTEM_OFF
	smc	#0
	b	.

	.include "kvm-host.inc"

	.text
	.balign	2048
host_vectors:
	.rept	4
	host_vector_panic			// current EL with SP_EL0
	.endr
	host_vector_panic			// current EL with SP_EL1: synchronous
	host_vector_irq
	host_vector_panic
	host_vector_panic
	.rept	8
	host_vector_panic			// lower ELs: the host kernel runs no EL0 here
	.endr
