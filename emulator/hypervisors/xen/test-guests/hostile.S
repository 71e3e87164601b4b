// hostile.S — a DomU that tries what a guest must not be able to do under Xen: unknown and
// malformed hypercalls, grants of memory it does not own, mappings of grants that do not exist
// or are not its own, bogus event-channel ports, accesses to IPAs with nothing behind them
// (including the GICH frame and the physical memory next to its RAM), accesses the
// hypervisor cannot decode, and garbage written to every virtual distributor register.
// results[i] = what hypercall i returned; each injected abort is counted (faults) with its
// ESR_EL1 and FAR_EL1 logged (fault_log); then it powers its domain off.

	.include "../xen.inc"

// results[\slot] = HVC(x0 = \fn, x1..x4)
	.macro	call slot, fn, a1=0, a2=0, a3=0, a4=0
	ldr	x0, =\fn
	ldr	x1, =\a1
	ldr	x2, =\a2
	ldr	x3, =\a3
	ldr	x4, =\a4
	hvc	#0
	ldr	x9, =results
	str	x0, [x9, #\slot * 8]
	.endm

	.text
	.globl	_start
_start:
	cbnz	x0, .
	ldr	x1, =VM_RAM + 0x100000
	mov	sp, x1
	ldr	x1, =vectors
	msr	vbar_el1, x1
	isb
	mov	x0, #HYPERVISOR_sched_op	// let DomU 2 grant its page to Dom0 first
	mov	x1, #SCHEDOP_yield
	hvc	#0
	call	0, 0xdeadbeef
	call	1, 63
	call	2, 0xffffffffffffffff
	call	3, 0x84000001			// PSCI CPU_SUSPEND: not supported
	call	4, PSCI_CPU_ON, 7, VM_RAM, 0	// no vCPU 7
	call	5, HYPERVISOR_grant_table_op, GNTTABOP_grant_access, 0, 0x41000000, 0	// not its RAM
	call	6, HYPERVISOR_grant_table_op, GNTTABOP_grant_access, 99, VM_RAM + 0x200000, 0	// bad ref
	call	7, HYPERVISOR_grant_table_op, GNTTABOP_grant_access, 1, VM_RAM + 0x200000, 1	// to itself
	call	8, HYPERVISOR_grant_table_op, GNTTABOP_grant_access, 1, VM_RAM + 0x200000, 7	// no such domain
	call	9, HYPERVISOR_grant_table_op, GNTTABOP_map_grant_ref, 0, 0, GRANT_WINDOW_IPA	// Dom0 granted nothing
	call	10, HYPERVISOR_grant_table_op, GNTTABOP_map_grant_ref, 2, 0, GRANT_WINDOW_IPA	// granted to Dom0, not us
	call	11, HYPERVISOR_grant_table_op, GNTTABOP_map_grant_ref, 1, 0, GRANT_WINDOW_IPA	// itself
	call	12, HYPERVISOR_grant_table_op, GNTTABOP_map_grant_ref, 0, 1000, GRANT_WINDOW_IPA	// bad ref
	call	13, HYPERVISOR_grant_table_op, GNTTABOP_map_grant_ref, 0, 0, VM_RAM	// outside the grant window
	call	14, HYPERVISOR_event_channel_op, EVTCHNOP_send, 0
	call	15, HYPERVISOR_event_channel_op, EVTCHNOP_send, 99
	call	16, HYPERVISOR_event_channel_op, EVTCHNOP_send, 5	// unbound
	call	17, HYPERVISOR_memory_op, XENMEM_add_to_physmap, VM_RAM + 0x10	// unaligned
	call	18, HYPERVISOR_memory_op, XENMEM_add_to_physmap, 0x20000000	// not its RAM
	call	19, HYPERVISOR_sched_op, 77
	call	20, HYPERVISOR_event_channel_op, 99
	call	21, HYPERVISOR_grant_table_op, 1234
	call	22, HYPERVISOR_memory_op, 0xffffffff
	// IPAs with nothing behind them: each gets a synchronous external abort injected
	ldr	x1, =0x20000000
	ldr	x2, [x1]
	ldr	x1, =VM_RAM + VM_RAM_SIZE	// next to its RAM: another domain's PA, never its IPA
	ldr	x3, =0x0bad0bad
	str	x3, [x1]
	ldr	x1, =GICH_BASE			// the hypervisor's GIC interface
	ldr	w2, [x1]
	ldr	x1, =VM_VIRTIO0			// no device model behind it under Xen
	str	w3, [x1]
	ldr	x1, =VM_GICD			// a pair access: no syndrome, the hypervisor cannot emulate it
	ldp	x2, x3, [x1]
	ldr	x1, =0xfffff000			// the top of the IPA space
	ldr	x2, [x1]
	// garbage into every distributor register (SGIR included), then it still answers
	ldr	x1, =VM_GICD
	mov	x2, #0
	mov	w3, #-1
1:	str	w3, [x1, x2]
	add	x2, x2, #4
	cmp	x2, #0x1000
	b.lo	1b
	mov	x2, #0				// and every byte and halfword, reads and writes, unaligned
3:	strb	w3, [x1, x2]
	ldrb	w4, [x1, x2]
	strh	w3, [x1, x2]
	ldrh	w4, [x1, x2]
	add	x2, x2, #1
	cmp	x2, #0x1000
	b.lo	3b
	ldr	w2, [x1, #GICD_TYPER]
	ldr	x9, =results
	str	x2, [x9, #23 * 8]
	ldr	x1, =VM_UART			// garbage to the console registers
	mov	x2, #0
2:	str	w3, [x1, x2]
	add	x2, x2, #4
	cmp	x2, #0x100
	b.lo	2b
	ldr	x0, =PSCI_SYSTEM_OFF
	hvc	#0
	b	.

// A synchronous exception from EL1h: log ESR_EL1 and FAR_EL1, skip the instruction.
sync_el1h:
	stp	x9, x10, [sp, #-16]!
	stp	x11, x12, [sp, #-16]!
	ldr	x9, =faults
	ldr	x10, [x9]
	add	x11, x9, #8
	add	x11, x11, x10, lsl #4
	mrs	x12, esr_el1
	str	x12, [x11]
	mrs	x12, far_el1
	str	x12, [x11, #8]
	add	x10, x10, #1
	str	x10, [x9]
	mrs	x9, elr_el1
	add	x9, x9, #4
	msr	elr_el1, x9
	ldp	x11, x12, [sp], #16
	ldp	x9, x10, [sp], #16
	eret

other:
	ldr	x9, =unexpected
	mov	x10, #1
	str	x10, [x9]
	ldr	x0, =PSCI_SYSTEM_OFF
	hvc	#0
	b	.

	.ltorg
	.balign	2048
vectors:
	.rept	4
	.balign	128
	b	other
	.endr
	.balign	128
	b	sync_el1h
	.rept	11
	.balign	128
	b	other
	.endr

	.data
	.balign	8
	.globl	results
results:
	.skip	32 * 8
	.globl	faults
faults:
	.quad	0
	.skip	16 * 16				// fault_log: ESR_EL1, FAR_EL1 each
	.globl	unexpected
unexpected:
	.quad	0
