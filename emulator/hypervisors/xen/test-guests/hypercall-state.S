// hypercall-state.S — a DomU that checks what a hypercall round trip leaves behind: with known
// values in x1..x30, q0..q31, NZCV, SP and the EL1 registers a guest owns, it snapshots all of
// them, issues HVC #0 with function x0, and snapshots them again. The test compares the
// snapshots (only x0 may differ: it is the result) for the null hypercall and for unknown
// functions (which must return -38, ENOSYS). Snapshot n is at snaps + n * SNAP_SIZE:
// [x0..x30, NZCV][q0..q31] before, then the same after.

	.include "../../../../guests/vm.inc"

	.equ	SNAP_HALF, 1024
	.equ	SNAP_SIZE, 2 * SNAP_HALF

// x0..x30 and NZCV at [sp], q0..q31 at [sp + 256]; clobbers nothing (x30 holds NZCV briefly
// after it was stored).
	.macro	snapshot
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	str	x30, [sp, #240]
	mrs	x30, nzcv
	str	x30, [sp, #248]
	ldr	x30, [sp, #240]
	stp	q0, q1, [sp, #256]
	stp	q2, q3, [sp, #288]
	stp	q4, q5, [sp, #320]
	stp	q6, q7, [sp, #352]
	stp	q8, q9, [sp, #384]
	stp	q10, q11, [sp, #416]
	stp	q12, q13, [sp, #448]
	stp	q14, q15, [sp, #480]
	stp	q16, q17, [sp, #512]
	stp	q18, q19, [sp, #544]
	stp	q20, q21, [sp, #576]
	stp	q22, q23, [sp, #608]
	stp	q24, q25, [sp, #640]
	stp	q26, q27, [sp, #672]
	stp	q28, q29, [sp, #704]
	stp	q30, q31, [sp, #736]
	.endm

// One round: function \fn into snapshot slot \slot (sp points at the slot's "before" half).
	.macro	round fn, slot
	ldr	x0, =snaps + \slot * SNAP_SIZE
	mov	sp, x0
	bl	set_patterns
	ldr	x0, =\fn
	snapshot
	hvc	#0
	add	sp, sp, #SNAP_HALF
	snapshot
	.endm

	.text
	.globl	_start
_start:
	mov	x1, #(3 << 20)			// CPACR_EL1.FPEN: FP/SIMD at EL1
	msr	cpacr_el1, x1
	ldr	x1, =0x5a5a000000001000		// EL1 registers a guest owns, with patterns
	msr	tpidr_el1, x1
	ldr	x1, =0x5a5a000000002000
	msr	tpidr_el0, x1
	ldr	x1, =0x5a5a000000003000
	msr	sp_el0, x1
	ldr	x1, =0x5a5a000000004000
	msr	elr_el1, x1
	mov	x1, #0x3c4
	msr	spsr_el1, x1
	ldr	x1, =0x40001800
	msr	vbar_el1, x1
	ldr	x1, =0x5a5a5000		// CONTEXTIDR_EL1 is 32 bits
	msr	contextidr_el1, x1
	isb
	round	HVC_NULL, 0
	round	1, 1
	round	0x12345678, 2
	round	0xffffffffffffffff, 3
	// the EL1 registers after all of that
	ldr	x0, =el1_after
	mrs	x1, tpidr_el1
	mrs	x2, tpidr_el0
	stp	x1, x2, [x0, #0]
	mrs	x1, sp_el0
	mrs	x2, elr_el1
	stp	x1, x2, [x0, #16]
	mrs	x1, spsr_el1
	mrs	x2, vbar_el1
	stp	x1, x2, [x0, #32]
	mrs	x1, contextidr_el1
	mrs	x2, sctlr_el1
	stp	x1, x2, [x0, #48]
	ldr	x0, =PSCI_SYSTEM_OFF
	hvc	#0
	b	.

// x1..x30 = 0x1111_0000_0000_00nn, q0..q31 bytes = 0x10 + n, NZCV = N and C (-1 - 0 sets N, C).
set_patterns:
	mov	x0, x30
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	mov	w1, #(0x10 + \n)
	dup	v\n\().16b, w1
	.endr
	.irp	n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29
	ldr	x\n, =0x1111000000000000 + \n
	.endr
	mov	x30, #-1
	cmp	x30, #0
	mov	x30, x0
	ldr	x0, =0x111100000000001e		// x30 is the return address: left as it is
	ret

	.ltorg
	.data
	.balign	16
	.globl	snaps
snaps:
	.skip	4 * SNAP_SIZE
	.globl	el1_after
el1_after:
	.skip	64
