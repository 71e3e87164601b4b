// io-latency-in.S — I/O Latency In (Table III): the back end (KVM: the host's vhost worker, a
// host thread; Xen: Dom0's back-end driver) puts a packet whose payload is its PMCCNTR_EL0 stamp
// into the receive buffer the guest posted and signals the guest (virtio-net's SPI, INTID 48);
// the guest's interrupt handler stamps the time on entry and records the difference. The guest
// idles in WFI between packets and reposts the buffer after each one.

	.include "../bench.inc"
	.include "../gic.inc"
	.include "../virtio.inc"

	.equ	RXQ, 0

	.text
	.globl	_start
_start:
	bench_setup
	gic_dist_enable VM_VIRTIO0_INTID
	gic_cpu_enable
	virtio_setup_queue RXQ, rx_desc, rx_avail, rx_used
	virtio_desc0 rx_desc, packet, 16, 1
	ldr	x23, =VM_VIRTIO0
	ldr	x24, =packet
	ldr	x25, =VM_GICC
	mov	w26, #RXQ
	ldr	x27, =rounds			// the handler counts rounds in memory (the interrupted
	virtio_offer0 rx_avail			// code's registers come back from the IRQ frame)
	str	w26, [x23, #VIRTIO_QUEUE_NOTIFY]
1:	ldr	x20, [x27]
	cmp	x20, x19			// rounds left? Check with IRQs masked, WFI (it wakes on a
	b.hs	2f				// pending interrupt even masked), then take the interrupt
	wfi
	msr	daifclr, #2
	isb
	msr	daifset, #2
	b	1b
2:	bench_done

irq_handler:
	timestamp x22
	ldr	w0, [x25, #GICC_IAR]
	ldr	x20, [x27]
	ldp	x2, x21, [x24]			// TS_MAGIC, the back end's stamp
	ldr	x3, =TS_MAGIC
	cmp	x2, x3
	b.ne	2f
	sub	x22, x22, x21
	bench_record x22
	add	x20, x20, #1
	str	x20, [x27]
2:	ldr	w3, [x23, #VIRTIO_INT_STATUS]	// acknowledge the device, then the GIC
	str	w3, [x23, #VIRTIO_INT_ACK]
	str	w0, [x25, #GICC_EOIR]
	stp	xzr, xzr, [x24]
	cmp	x20, x19			// the last round posts no buffer: the back end goes idle
	b.hs	3f
	virtio_offer0 rx_avail
	str	w26, [x23, #VIRTIO_QUEUE_NOTIFY]
3:	ret

	guest_vector_table

	bench_data
	.balign	16
packet:	.skip	16
rounds:	.quad	0
	virtio_rings rx_desc, rx_avail, rx_used
