// domu-netfront.S — the DomU side of the Xen I/O path for I/O Latency Out and In (Table III):
// a Linux 4.0 (arm64) guest kernel's xen-netfront on a one-slot ring instead of the virtio-mmio
// driver of guests/microbench/io-latency-*.S, since a Xen DomU reaches Dom0's back end through
// a granted ring page and event channels, not an emulated device. It runs the same Linux paths
// as Dom0 (linux-*.inc): the benchmark task blocks while its request is out and the CPU idles
// in cpu_idle_loop (NO_HZ tick stopped, RCU idle); the response event comes in through
// el1_irq → gic_handle_irq → handle_domain_irq → the event upcall → handle_edge_irq →
// xennet_interrupt, whose NAPI poll (xennet_poll) takes the response and wakes the task
// (a kernel thread here: linux-sched.inc's wait queue, wake-up and context switch).
//   setup: shared_info registered, event PPI enabled, ring page granted to Dom0 (ref 0), its
//          port bound to xennet_interrupt, one event to make Dom0 connect (map the page), wait
//          for RING_CONNECTED.
//   round: a TS_MAGIC request is produced, PMCCNTR_EL0 stamped into it just before it is
//          pushed and Dom0 notified (xennet_start_xmit: RING_PUSH_REQUESTS_AND_CHECK_NOTIFY,
//          notify_remote_via_irq — I/O latency out starts; Dom0's back end ends it); then the
//          task sleeps until the response. xennet_interrupt stamps the time first thing and
//          xennet_poll records it minus the back end's stamp (I/O latency in).

	.include "../../../guests/bench.inc"
	.include "xen.inc"
	.include "ring.inc"
	.include "linux.inc"

// struct netfront_queue (its NAPI context first)
	.equ	NQ_NAPI, 0
	.equ	NQ_IRQ, 48
	.equ	NQ_RSP_CONS, 56
	.equ	NQ_STAMP, 64			// PMCCNTR_EL0 when xennet_interrupt last ran
	.equ	NQ_RX_LOCK, 72
	.equ	NQ_TX_LOCK, 76
	.equ	NQ_SIZE, 80

	.text
	.globl	_start
_start:
	cbnz	x0, park
	bench_setup
	ldr	x1, =init_thread_union + THREAD_SIZE - 16	// THREAD_START_SP; thread_info at the base
	mov	sp, x1
	ldr	x1, =vectors
	msr	vbar_el1, x1
	isb
	ldr	x0, =init_thread_union
	bl	sched_init
	mov	x0, #HYPERVISOR_memory_op	// xen_guest_init: the shared_info page
	mov	x1, #XENMEM_add_to_physmap
	ldr	x2, =shared_info
	hvc	#0
	bl	irq_init
	bl	xen_events_init
	bl	net_dev_init
	bl	time_init
	bl	spawn_ksoftirqd
	bl	xen_guest_percpu_irqs_init	// the event PPI and the virtual timer's
	ldr	x1, =VM_GICD
	mov	w2, #1
	str	w2, [x1, #GICD_CTLR]
	mov	w2, #(1 << GUEST_EVTCHN_PPI)
	str	w2, [x1, #GICD_ISENABLER]
	mov	w2, #(1 << PPI_VTIMER)
	str	w2, [x1, #GICD_ISENABLER]
	// xennet_connect: the shared ring (SHARED_RING_INIT: events wanted from index 1), granted
	// to Dom0; the port bound to xennet_interrupt; NAPI
	ldr	x24, =ring
	mov	x1, #1
	str	x1, [x24, #RING_REQ_EVENT]
	str	x1, [x24, #RING_RSP_EVENT]
	mov	x0, #HYPERVISOR_grant_table_op
	mov	x1, #GNTTABOP_grant_access
	mov	x2, #RING_GRANT_REF
	mov	x3, x24
	mov	x4, #0
	hvc	#0
	cbnz	x0, failed
	ldr	x0, =queue
	ldr	x1, =xennet_poll
	bl	netif_napi_add
	mov	w0, #RING_PORT
	ldr	x1, =xennet_interrupt
	ldr	x2, =queue
	bl	bind_evtchn_to_irqhandler
	ldr	x1, =queue
	str	w0, [x1, #NQ_IRQ]
	bl	notify_remote_via_irq		// Dom0, connect
1:	ldr	x1, [x24, #RING_CONNECTED]
	cbz	x1, 1b
	ldr	x0, =rsp_wq
	bl	init_waitqueue_head
	ldr	x0, =bench_main			// the benchmark runs as a kernel thread
	mov	x1, x19
	bl	kthread_create
	bl	wake_up_process
	msr	daifclr, #2
	b	cpu_idle_loop			// the boot thread becomes the idle task

failed:
	ldr	x0, =PSCI_SYSTEM_OFF
	hvc	#0
park:
	wfi
	b	park

// The benchmark thread (x0 = rounds to run).
bench_main:
	mov	x19, x0
	mov	x20, #0
	ldr	x23, =TS_MAGIC
	ldr	x24, =ring
	ldr	x25, =rsp_seen
	sub	sp, sp, #48			// DEFINE_WAIT(wait)
2:	str	x23, [x24, #RING_REQ_MAGIC]	// xennet_start_xmit: the request …
	add	x26, x20, #1			// request number of this round
	timestamp x21
	str	x21, [x24, #RING_REQ_TS]
	ldr	x2, [x24, #RING_REQ_PROD]	// … pushed (RING_PUSH_REQUESTS_AND_CHECK_NOTIFY)
	dmb	ishst
	str	x26, [x24, #RING_REQ_PROD]
	dmb	ish
	ldr	x3, [x24, #RING_REQ_EVENT]
	sub	x3, x26, x3
	sub	x2, x26, x2
	cmp	x3, x2
	b.hs	3f
	ldr	x0, =queue
	ldr	w0, [x0, #NQ_IRQ]
	bl	notify_remote_via_irq
3:	ldr	x1, [x25]			// wait_event_interruptible(rsp_wq, the response came)
	cmp	x1, x26
	b.hs	6f
	mov	x0, sp
	bl	init_wait
4:	ldr	x0, =rsp_wq
	mov	x1, sp
	mov	x2, #TASK_INTERRUPTIBLE
	bl	prepare_to_wait
	ldr	x1, [x25]
	cmp	x1, x26
	b.hs	5f
	bl	schedule
	b	4b
5:	ldr	x0, =rsp_wq
	mov	x1, sp
	bl	finish_wait
6:	bench_next 2b
	bench_done

// xennet_interrupt(irq, queue x1): the front end's handler — the I/O latency in ends here.
// xennet_tx_interrupt: xennet_tx_buf_gc under tx_lock (it finds no tx responses: on this
// one-slot ring the rx response answers the request); xennet_rx_interrupt: unconsumed
// responses schedule NAPI.
xennet_interrupt:
	isb
	mrs	x9, pmccntr_el0
	str	x9, [x1, #NQ_STAMP]
	enter	1
	mov	x19, x1
	local_irq_save x20
	add	x0, x19, #NQ_TX_LOCK
	spin_lock x0, 2, 3, 4
	spin_unlock x0, 2
	local_irq_restore x20
	ldr	x1, =ring			// RING_HAS_UNCONSUMED_RESPONSES(&queue->rx)
	ldr	x1, [x1, #RING_RSP_PROD]
	ldr	x2, [x19, #NQ_RSP_CONS]
	cmp	x1, x2
	b.eq	9f
	mov	x0, x19
	bl	napi_schedule
9:	mov	w0, #IRQ_HANDLED
	leave	1

// xennet_poll(napi = queue x0, budget w1) → w0: under rx_lock take the responses (the packet
// for the benchmark's socket: its task is woken), record each one's latency; done early:
// napi_complete and RING_FINAL_CHECK_FOR_RESPONSES (an event at the next response).
xennet_poll:
	enter	3
	mov	x19, x0
	mov	w20, w1
	mov	w21, #0
	add	x0, x19, #NQ_RX_LOCK
	spin_lock x0, 2, 3, 4
	ldr	x22, =ring
	ldr	x23, [x22, #RING_RSP_PROD]	// rp
	dmb	ishld
	ldr	x24, [x19, #NQ_RSP_CONS]
1:	cmp	x24, x23
	b.eq	2f
	cmp	w21, w20
	b.hs	2f
	add	x24, x24, #1
	add	w21, w21, #1
	ldr	x6, [x22, #RING_RSP_TS]
	ldr	x0, [x19, #NQ_STAMP]
	sub	x0, x0, x6
	mov	x1, x24
	bl	record_sample
	ldr	x0, =rsp_seen
	str	x24, [x0]
	ldr	x0, =rsp_wq			// sk_data_ready: wake the benchmark thread
	bl	__wake_up
	b	1b
2:	str	x24, [x19, #NQ_RSP_CONS]
	cmp	w21, w20
	b.hs	9f
	mov	x0, x19
	bl	napi_complete
	ldr	x1, [x22, #RING_RSP_PROD]	// RING_FINAL_CHECK_FOR_RESPONSES
	cmp	x1, x24
	b.ne	3f
	add	x1, x24, #1
	str	x1, [x22, #RING_RSP_EVENT]
	dmb	ish
	ldr	x1, [x22, #RING_RSP_PROD]
	cmp	x1, x24
	b.eq	9f
3:	mov	x0, x19
	bl	napi_schedule
9:	add	x0, x19, #NQ_RX_LOCK
	spin_unlock x0, 2
	mov	w0, w21
	leave	3

// record_sample(x0 = sample, x1 = response number): responses to warm-up requests are skipped
record_sample:
	cmp	x1, #WARMUP
	b.ls	1f
	bench_samples_append
1:	ret

unexpected:
	ldr	x0, =PSCI_SYSTEM_OFF
	hvc	#0
	b	.

	.include "linux-entry.inc"
	.include "linux-irq.inc"
	.include "linux-time.inc"
	.include "linux-idle.inc"
	.include "linux-sched.inc"
	.include "linux-evtchn.inc"
	.include "linux-napi.inc"

	.ltorg
	linux_vectors vectors, unexpected

	bench_data
rsp_seen:
	.quad	0
xen_vcpu:
	.quad	shared_info
rsp_wq:
	.skip	WQ_HEAD_SIZE
	.balign	8
queue:
	.skip	NQ_SIZE
	.balign	4096
	.globl	ring
ring:
	.skip	4096
	.globl	shared_info
shared_info:
	.skip	4096
	.bss
	.balign	THREAD_SIZE
init_thread_union:
	.skip	THREAD_SIZE
