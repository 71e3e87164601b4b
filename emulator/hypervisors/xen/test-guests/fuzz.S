// fuzz.S — a DomU that throws ROUNDS hypercalls with pseudo-random arguments at Xen (xorshift64,
// fixed seed: the same stream every run), mixing real hypercall numbers and sub-operations with
// arbitrary ones, and random writes into the emulated distributor. Skipped: the calls that
// would legitimately stop it (PSCI ids, SCHEDOP_block). Then it powers off; the test checks
// that it got there and what Xen answered (a sum of the results).

	.include "../xen.inc"

	.equ	ROUNDS, 2000

	.text
	.globl	_start
_start:
	cbnz	x0, .
	ldr	x1, =VM_RAM + 0x100000
	mov	sp, x1
	ldr	x19, =0x9e3779b97f4a7c15	// xorshift64 state
	mov	x20, #0				// round
	mov	x21, #0				// sum of the results
	mov	x22, #0				// calls made
	ldr	x23, =hypercall_numbers
1:	bl	next
	and	x9, x0, #7			// x0: one of 8 interesting numbers, or raw (1 in 8)
	cmp	x9, #7
	b.eq	2f
	ldr	x0, [x23, x9, lsl #3]
2:	mov	x24, x0
	bl	next
	and	x25, x0, #0x1f			// x1: small sub-ops mostly
	tbz	x0, #5, 3f
	mov	x25, x0
3:	bl	next
	mov	x26, x0
	tbz	x0, #6, 4f			// x2..x4: sometimes small, sometimes IPAs, sometimes raw
	and	x26, x0, #0xf
4:	bl	next
	mov	x27, x0
	tbz	x0, #7, 5f
	ldr	x9, =VM_RAM
	and	x27, x0, #0x01fff000		// around (and beyond) its RAM
	add	x27, x27, x9
5:	bl	next
	mov	x28, x0
	tbz	x0, #8, 6f
	and	x28, x0, #3
6:	lsr	x9, x24, #24			// skip PSCI and SCHEDOP_block
	cmp	x9, #0x84
	b.eq	8f
	cmp	x9, #0xc4
	b.eq	8f
	cmp	x24, #HYPERVISOR_sched_op
	ccmp	x25, #SCHEDOP_block, #0, eq
	b.eq	8f
	mov	x0, x24
	mov	x1, x25
	mov	x2, x26
	mov	x3, x27
	mov	x4, x28
	hvc	#0
	add	x21, x21, x0
	add	x22, x22, #1
	// and a random distributor write
	bl	next
	ldr	x1, =VM_GICD
	and	x2, x0, #0xffc
	lsr	x3, x0, #32
	str	w3, [x1, x2]			// (SGIs to itself stay pending: its IRQs are masked)
8:	add	x20, x20, #1
	ldr	x9, =ROUNDS
	cmp	x20, x9
	b.lo	1b
	ldr	x9, =results
	stp	x21, x22, [x9]
	ldr	x0, =PSCI_SYSTEM_OFF
	hvc	#0
	b	.

// x0 = the next xorshift64 value (x19 the state).
next:
	eor	x19, x19, x19, lsl #13
	eor	x19, x19, x19, lsr #7
	eor	x19, x19, x19, lsl #17
	mov	x0, x19
	ret

	.ltorg
	.data
	.balign	8
hypercall_numbers:
	.quad	HYPERVISOR_null, HYPERVISOR_memory_op, HYPERVISOR_grant_table_op, HYPERVISOR_sched_op
	.quad	HYPERVISOR_event_channel_op, HYPERVISOR_grant_table_op, HYPERVISOR_event_channel_op, 63
	.globl	results
results:
	.quad	0, 0
