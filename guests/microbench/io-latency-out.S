// io-latency-out.S — I/O Latency Out (Table III): the guest signals its virtio-net device (a
// write to QueueNotify of the transmit queue) with a packet whose payload is the PMCCNTR_EL0
// value read just before the write; the back end (KVM: the host kernel's vhost; Xen: Dom0's
// back-end driver) stamps the time when the signal reaches it and records the difference. The
// guest waits for the packet to be used, and thinks, before the next round. Warm-up packets carry
// no TS_MAGIC.

	.include "../bench.inc"
	.include "../virtio.inc"

	.equ	TXQ, 1

	.text
	.globl	_start
_start:
	bench_setup
	virtio_setup_queue TXQ, tx_desc, tx_avail, tx_used
	ldr	x1, =tx_avail			// no used-buffer interrupts: the guest polls
	mov	w2, #VRING_AVAIL_F_NO_INTERRUPT
	strh	w2, [x1, #VQ_AVAIL_FLAGS]
	virtio_desc0 tx_desc, packet, 16, 0
	ldr	x23, =VM_VIRTIO0
	ldr	x24, =packet
	ldr	x25, =tx_used
	ldr	x28, =TS_MAGIC
	mov	w26, #TXQ
1:	cmp	x20, #WARMUP			// warm-up packets carry no timestamp mark
	csel	x2, x28, xzr, hs
	str	x2, [x24]
	virtio_offer0 tx_avail
	ldrh	w27, [x1, #VQ_AVAIL_IDX]	// the index the device must reach
	timestamp x21
	str	x21, [x24, #8]
	str	w26, [x23, #VIRTIO_QUEUE_NOTIFY]
2:	ldrh	w3, [x25, #VQ_USED_IDX]
	cmp	w3, w27
	b.ne	2b
	mrs	x4, cntvct_el0			// think time (10 µs): request-response traffic, so the
	add	x4, x4, #625			// back end has gone idle before the next request, as in
3:	mrs	x5, cntvct_el0			// the paper's measurement (no packet is ever picked up
	cmp	x5, x4				// by a back end still busy with the previous one)
	b.lo	3b
	bench_next 1b
	bench_done

	bench_data
	.balign	16
packet:	.skip	16
	virtio_rings tx_desc, tx_avail, tx_used
