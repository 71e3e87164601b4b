// domu-netfront.S — the DomU side of the Xen I/O path for I/O Latency Out and In (Table III):
// a Xen front end (Linux xen-netfront reduced to a one-slot ring) instead of the virtio-mmio
// driver of guests/microbench/io-latency-*.S, since a Xen DomU reaches Dom0's back end through
// a granted ring page and event channels, not an emulated device.
//   setup: shared_info registered, event PPI enabled, ring page granted to Dom0 (ref 0), one
//          event to make Dom0 connect (map the page), wait for RING_CONNECTED.
//   round: a TS_MAGIC request is produced, PMCCNTR_EL0 stamped into it just before the
//          event-channel notify (I/O latency out starts; Dom0's back end ends it); then the
//          vCPU waits in WFI for the response event, whose handler stamps the time first thing
//          and records it minus the back end's stamp (I/O latency in).

	.include "../../../guests/bench.inc"
	.include "xen.inc"
	.include "ring.inc"

	.text
	.globl	_start
_start:
	cbnz	x0, park
	bench_setup
	ldr	x1, =vectors
	msr	vbar_el1, x1
	isb
	mov	x0, #HYPERVISOR_memory_op
	mov	x1, #XENMEM_add_to_physmap
	ldr	x2, =shared_info
	hvc	#0
	ldr	x1, =VM_GICC
	mov	w2, #0xff
	str	w2, [x1, #GICC_PMR]
	mov	w2, #1
	str	w2, [x1, #GICC_CTLR]
	ldr	x1, =VM_GICD
	mov	w2, #1
	str	w2, [x1, #GICD_CTLR]
	mov	w2, #(1 << GUEST_EVTCHN_PPI)
	str	w2, [x1, #GICD_ISENABLER]
	ldr	x24, =ring
	mov	x0, #HYPERVISOR_grant_table_op	// the ring page, to Dom0
	mov	x1, #GNTTABOP_grant_access
	mov	x2, #RING_GRANT_REF
	mov	x3, x24
	mov	x4, #0
	hvc	#0
	cbnz	x0, failed
	bl	notify
1:	ldr	x1, [x24, #RING_CONNECTED]
	cbz	x1, 1b
	ldr	x23, =TS_MAGIC
	ldr	x25, =rsp_seen
	msr	daifclr, #2
2:	str	x23, [x24, #RING_REQ_MAGIC]
	add	x26, x20, #1			// request number of this round
	str	x26, [x24, #RING_REQ_PROD]
	timestamp x21
	str	x21, [x24, #RING_REQ_TS]
	dmb	ish
	bl	notify
3:	ldr	x1, [x25]			// until the response event was handled
	cmp	x1, x26
	b.hs	4f
	wfi
	b	3b
4:	bench_next 2b
	bench_done

notify:
	mov	x0, #HYPERVISOR_event_channel_op
	mov	x1, #EVTCHNOP_send
	mov	x2, #RING_PORT
	hvc	#0
	ret

failed:
	ldr	x0, =PSCI_SYSTEM_OFF
	hvc	#0
park:
	wfi
	b	park

// The event upcall: the I/O latency in ends at its first instructions.
irq_entry:
	stp	x0, x1, [sp, #-176]!
	isb
	mrs	x0, pmccntr_el0
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x30, [sp, #144]
	ldr	x1, =VM_GICC
	ldr	w18, [x1, #GICC_IAR]
	and	w2, w18, #0x3ff
	cmp	w2, #GUEST_EVTCHN_PPI
	b.ne	2f
	ldr	x3, =shared_info		// take the pending ports
1:	ldaxr	x4, [x3]
	stlxr	w5, xzr, [x3]
	cbnz	w5, 1b
	tbz	x4, #RING_PORT, 2f
	ldr	x3, =ring
	ldr	x4, [x3, #RING_RSP_PROD]
	ldr	x5, =rsp_seen
	ldr	x6, [x5]
	cmp	x4, x6
	b.ls	2f
	str	x4, [x5]
	ldr	x6, [x3, #RING_RSP_TS]
	sub	x17, x0, x6
	bench_record x17			// x20 is the main loop's round: warm-up rounds are skipped
2:	cmp	w2, #1020
	b.hs	3f
	ldr	x1, =VM_GICC
	str	w18, [x1, #GICC_EOIR]
3:	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x30, [sp, #144]
	ldp	x0, x1, [sp], #176
	eret

unexpected:
	ldr	x0, =PSCI_SYSTEM_OFF
	hvc	#0
	b	.

	.ltorg
	.balign	2048
vectors:
	.rept	5
	.balign	128
	b	unexpected
	.endr
	.balign	128
	b	irq_entry
	.rept	10
	.balign	128
	b	unexpected
	.endr

	bench_data
rsp_seen:
	.quad	0
	.balign	4096
	.globl	ring
ring:
	.skip	4096
	.globl	shared_info
shared_info:
	.skip	4096
