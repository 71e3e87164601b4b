// dom0.S — a small Dom0 kernel at EL1 (the paper's Figure 2: Dom0 runs the back-end drivers
// and owns the real devices). It registers its shared_info page, enables Xen's event upcall PPI
// in its virtual GIC, brings up the board's virtio-net (dom0-virtio-net.inc), and sleeps in WFI.
// Each event-channel upcall demultiplexes the pending ports to the back end of the DomU behind
// each (Linux drivers/xen/events, drivers/net/xen-netback reduced to a one-slot ring). The
// first event from DomU n connects: Dom0 maps DomU n's granted ring page. The back end records
// the I/O latency out (front end's notify → back end running) and sends the request's packet
// out through the device; when the (loopback) network hands it back, Dom0 answers the front end,
// timestamping just before it notifies it (I/O latency in). Without a device it answers at once.
// Linked and placed at Dom0's RAM, which Xen maps 1:1 (IPA = PA); MMU off.

	.include "xen.inc"
	.include "ring.inc"

	.equ	DOM0_STACK_SIZE, 0x4000
	.equ	WARMUP, 10
	.equ	BENCH_MAX, 4096

	.text
	.globl	_start
_start:
	cbnz	x0, park			// one vCPU does everything
	ldr	x1, =dom0_stack + DOM0_STACK_SIZE
	mov	sp, x1
	ldr	x1, =dom0_vectors
	msr	vbar_el1, x1
	isb
	mov	x0, #HYPERVISOR_memory_op
	mov	x1, #XENMEM_add_to_physmap
	ldr	x2, =shared_info
	hvc	#0
	// the virtual CPU interface (GICC through Stage-2 to GICV: no trap) and the event PPI
	// in the emulated distributor (traps to Xen)
	mov	x1, #VM_GICC
	mov	w2, #0xff
	str	w2, [x1, #GICC_PMR]
	mov	w2, #1
	str	w2, [x1, #GICC_CTLR]
	mov	x1, #VM_GICD
	mov	w2, #(1 << GUEST_EVTCHN_PPI)
	str	w2, [x1, #GICD_ISENABLER]
	mov	w2, #1
	str	w2, [x1, #GICD_CTLR]
	bl	net_probe
	cbnz	x0, 1f
	bl	net_init
1:	msr	daifclr, #2
idle:
	wfi					// Xen blocks this vCPU until an event arrives
	b	idle

park:
	wfi
	b	park

// ---- the event upcall (drivers/xen/events: evtchn_do_upcall) ----
irq_entry:
	stp	x0, x1, [sp, #-176]!
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x30, [sp, #144]
	mov	x1, #VM_GICC
	ldr	w18, [x1, #GICC_IAR]		// (x18 is saved above and left alone by callees)
	and	w2, w18, #0x3ff
	cmp	w2, #GUEST_EVTCHN_PPI
	b.ne	4f
	bl	evtchn_do_upcall
	b	2f
4:	ldr	x3, =net_intid
	ldr	x3, [x3]
	cmp	w2, w3
	b.ne	2f
	bl	net_interrupt
2:	and	w2, w18, #0x3ff
	cmp	w2, #1020
	b.hs	3f
	mov	x1, #VM_GICC
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

// Take every pending port (xchg with 0) and run its handler: Dom0 port n is DomU n's back end.
evtchn_do_upcall:
	stp	x29, x30, [sp, #-16]!
	stp	x19, x20, [sp, #-16]!
	ldr	x1, =shared_info
1:	ldaxr	x20, [x1]
	stlxr	w3, xzr, [x1]
	cbnz	w3, 1b
2:	cbz	x20, 9f
	rbit	x0, x20
	clz	x0, x0				// port = DomU id
	mov	x3, #1
	lsl	x3, x3, x0
	bic	x20, x20, x3
	bl	netback_event
	b	2b
9:	ldp	x19, x20, [sp], #16
	ldp	x29, x30, [sp], #16
	ret

// The back end of DomU x0 (xen-netback: the interrupt names the ring to look at).
netback_event:
	isb
	mrs	x9, pmccntr_el0			// I/O latency out: the back end is running
	stp	x29, x30, [sp, #-16]!
	stp	x19, x20, [sp, #-16]!
	stp	x21, x22, [sp, #-16]!
	mov	x19, x0
	mov	x22, x9
	cmp	x19, #2				// DomU 1 only: one grant window slot per DomU would follow
	b.hs	9f
	ldr	x20, =connected
	ldr	x1, [x20, x19, lsl #3]
	cbnz	x1, 2f
	// connect: map the DomU's ring (grant ref 0) into our grant window
	mov	x0, #HYPERVISOR_grant_table_op
	mov	x1, #GNTTABOP_map_grant_ref
	mov	x2, x19
	mov	x3, #RING_GRANT_REF
	ldr	x4, =GRANT_WINDOW_IPA
	hvc	#0
	cbnz	x0, 9f
	mov	x1, #1
	str	x1, [x20, x19, lsl #3]
	ldr	x21, =GRANT_WINDOW_IPA
	str	x1, [x21, #RING_CONNECTED]
	b	9f
2:	ldr	x21, =GRANT_WINDOW_IPA
	ldr	x20, =req_cons
3:	ldr	x1, [x20]
	ldr	x2, [x21, #RING_REQ_PROD]
	cmp	x1, x2
	b.eq	9f
	add	x1, x1, #1
	str	x1, [x20]
	ldr	x3, [x21, #RING_REQ_MAGIC]
	ldr	x4, =TS_MAGIC
	cmp	x3, x4
	b.ne	4f
	ldr	x3, [x21, #RING_REQ_TS]
	sub	x0, x22, x3
	bl	record_sample
4:	ldr	x1, =net_base			// the packet goes out through the real device
	ldr	x1, [x1]
	cbz	x1, 5f
	ldr	x0, =TS_MAGIC
	mov	x1, x19
	bl	net_xmit
	b	3b
5:	mov	x0, x19				// no device: answer at once
	bl	netback_respond
	b	3b
9:	ldp	x21, x22, [sp], #16
	ldp	x19, x20, [sp], #16
	ldp	x29, x30, [sp], #16
	ret

// A packet came back from the network: the one sent for DomU x1's request (payload TS_MAGIC, domid).
net_receive:
	ldr	x2, =TS_MAGIC
	cmp	x0, x2
	b.ne	1f
	cmp	x1, #2
	b.hs	1f
	mov	x0, x1
	b	netback_respond
1:	ret

// Answer DomU x0's latest request and notify its front end: the I/O latency in starts here.
netback_respond:
	mov	x2, x0
	ldr	x9, =GRANT_WINDOW_IPA
	ldr	x1, =req_cons
	ldr	x1, [x1]
	isb
	mrs	x3, pmccntr_el0
	str	x3, [x9, #RING_RSP_TS]
	dmb	ish
	str	x1, [x9, #RING_RSP_PROD]
	mov	x0, #HYPERVISOR_event_channel_op
	mov	x1, #EVTCHNOP_send
	hvc	#0
	ret

// bench_samples = [count][sample…], after WARMUP requests (the shared timing convention).
record_sample:
	ldr	x9, =seen
	ldr	x10, [x9]
	add	x10, x10, #1
	str	x10, [x9]
	cmp	x10, #WARMUP
	b.ls	1f
	ldr	x9, =bench_samples
	ldr	x10, [x9]
	cmp	x10, #BENCH_MAX
	b.hs	1f
	add	x11, x9, #8
	str	x0, [x11, x10, lsl #3]
	add	x10, x10, #1
	str	x10, [x9]
1:	ret

// An exception Dom0 does not expect: say so on the console and stop.
fault_entry:
	ldr	x1, =fault_msg
	mov	x2, #VM_UART
1:	ldrb	w3, [x1], #1
	cbz	w3, 2f
	str	w3, [x2]
	b	1b
2:	wfi
	b	2b

	.include "dom0-virtio-net.inc"

	.ltorg
fault_msg:
	.asciz	"dom0: unexpected exception\n"

	.balign	2048
dom0_vectors:
	.rept	5
	.balign	128
	b	fault_entry			// EL1t, EL1h synchronous
	.endr
	.balign	128
	b	irq_entry			// EL1h IRQ
	.rept	10
	.balign	128
	b	fault_entry
	.endr

	.data
	.balign	8
connected:
	.quad	0, 0, 0				// per DomU: its ring is mapped
req_cons:
	.quad	0
seen:
	.quad	0
net_base:
	.quad	0				// the virtio-net transport (0: none)
net_intid:
	.quad	-1				// its interrupt
rx_seen:
	.quad	0
tx_seen:
	.quad	0
	.balign	16
rx_desc:
	.skip	16 * NET_QSIZE
tx_desc:
	.skip	16 * NET_QSIZE
rx_avail:
	.skip	4 + 2 * NET_QSIZE + 2
	.balign	4
tx_avail:
	.skip	4 + 2 * NET_QSIZE + 2
	.balign	4
rx_used:
	.skip	4 + 8 * NET_QSIZE + 2
	.balign	4
tx_used:
	.skip	4 + 8 * NET_QSIZE + 2
	.balign	16
tx_buf:
	.skip	64
rx_buf:
	.skip	NET_RXBUF_SIZE
	.globl	bench_samples
bench_samples:
	.quad	0
	.skip	BENCH_MAX * 8
	.balign	4096
	.globl	shared_info
shared_info:
	.skip	4096
	.bss
	.balign	16
dom0_stack:
	.skip	DOM0_STACK_SIZE
