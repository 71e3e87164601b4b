// dom0.S — Dom0's kernel at EL1 (the paper's Figure 2: Dom0 runs the back-end drivers and owns
// the real devices), doing on the I/O path what Linux 4.0 (arm64) does there, with the
// linux-*.inc library: the idle task sleeps in cpu_idle_loop with the NO_HZ tick stopped and
// RCU idle; an interrupt comes in through el1_irq, gic_handle_irq and handle_domain_irq (irq
// domain, descriptors, irq_enter/exit); Xen's event PPI runs the event upcall
// (evtchn_2l_handle_events), each port its irq with handle_edge_irq. The back end is
// xen-netback reduced to a one-slot ring: xenvif_interrupt (the handler; the I/O latency out
// ends as it starts) schedules NAPI, the NET_RX softirq polls (xenvif_poll → xenvif_tx_action)
// and the request's packet goes out through the board's virtio-net (dom0-virtio-net.inc,
// drivers/net/virtio_net.c with NAPI too). When the (loopback) network hands the packet back
// (xenvif_start_xmit), the queue's rx kthread is woken (linux-sched.inc: wait queue,
// try_to_wake_up, the idle loop's schedule and a context switch); it answers the front end on
// its ring and notifies it — timestamped just before the notify (I/O latency in). Without a
// device the packet goes straight back. Softirqs left over while a task was woken go to
// ksoftirqd. The first event from DomU n connects: Dom0 maps DomU n's granted ring page
// (xenbus' connect, reduced).
// Linked and placed at Dom0's RAM, which Xen maps 1:1 (IPA = PA); MMU off.

	.include "xen.inc"
	.include "ring.inc"
	.include "linux.inc"

	.equ	WARMUP, 10
	.equ	BENCH_MAX, 4096
// struct xenvif_queue (one per DomU; its NAPI context first)
	.equ	Q_NAPI, 0
	.equ	Q_DOMID, 48
	.equ	Q_IRQ, 56
	.equ	Q_CONNECTED, 64
	.equ	Q_RING, 72			// the mapped shared ring
	.equ	Q_REQ_CONS, 80
	.equ	Q_RSP_PROD_PVT, 88
	.equ	Q_STAMP, 96			// PMCCNTR_EL0 when xenvif_interrupt last ran
	.equ	Q_WQ, 104			// wait_queue_head_t the rx kthread sleeps on
	.equ	Q_RX_QUEUE, 128			// packets queued for the front end (rx_queue)
	.equ	Q_RX_LOCK, 136			// rx_queue.lock
	.equ	Q_TASK, 144			// the rx kthread
	.equ	Q_SIZE, 160
	.equ	NR_QUEUES, MAX_DOMAINS

	.text
	.globl	_start
_start:
	cbnz	x0, park			// one vCPU does everything
	ldr	x1, =init_thread_union + THREAD_SIZE - 16	// THREAD_START_SP
	mov	sp, x1
	ldr	x1, =dom0_vectors
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
	bl	xen_guest_percpu_irqs_init	// the event PPI and the virtual timer's (their
						// distributor enables below trap to Xen)
	mov	x1, #VM_GICD
	mov	w2, #(1 << GUEST_EVTCHN_PPI)
	str	w2, [x1, #GICD_ISENABLER]
	mov	w2, #(1 << PPI_VTIMER)
	str	w2, [x1, #GICD_ISENABLER]
	mov	w2, #1
	str	w2, [x1, #GICD_CTLR]
	bl	netback_init
	bl	net_probe
	cbnz	x0, 1f
	bl	net_init
1:	msr	daifclr, #2
	b	cpu_idle_loop			// cpu_startup_entry

park:
	wfi
	b	park

// netback's boot: one queue per possible DomU, its port (Dom0's port n is DomU n's) bound to
// xenvif_interrupt (bind_interdomain_evtchn_to_irqhandler), its NAPI context (xenvif_poll),
// its rx kthread (xenvif_kthread_guest_rx), started.
netback_init:
	enter	1
	mov	x19, #1
1:	ldr	x0, =queues
	mov	x1, #Q_SIZE
	madd	x20, x19, x1, x0
	str	x19, [x20, #Q_DOMID]
	add	x0, x20, #Q_WQ
	bl	init_waitqueue_head
	mov	x0, x20
	ldr	x1, =xenvif_poll
	bl	netif_napi_add
	mov	w0, w19
	ldr	x1, =xenvif_interrupt
	mov	x2, x20
	bl	bind_evtchn_to_irqhandler
	str	w0, [x20, #Q_IRQ]
	ldr	x0, =xenvif_kthread_guest_rx
	mov	x1, x20
	bl	kthread_create
	str	x0, [x20, #Q_TASK]
	bl	wake_up_process
	add	x19, x19, #1
	cmp	x19, #NR_QUEUES
	b.lo	1b
	leave	1

// xenvif_interrupt(irq, queue x1): the back end's handler — I/O latency out ends here.
// xenvif_tx_interrupt: unconsumed requests schedule NAPI; xenvif_rx_interrupt: kick the rx
// thread (wake_up on its wait queue).
xenvif_interrupt:
	isb
	mrs	x9, pmccntr_el0
	str	x9, [x1, #Q_STAMP]
	enter	1
	mov	x19, x1
	ldr	x2, [x19, #Q_CONNECTED]
	cbnz	x2, 1f
	mov	x0, x19
	bl	xenvif_connect
	b	9f
1:	mov	x0, x19
	bl	ring_unconsumed_requests
	cbz	x0, 2f
	mov	x0, x19
	bl	napi_schedule
2:	add	x0, x19, #Q_WQ
	bl	__wake_up
9:	mov	w0, #IRQ_HANDLED
	leave	1

// Map DomU's ring page (grant ref 0) into our grant window and say so in the page.
xenvif_connect:
	enter	1
	mov	x19, x0
	mov	x0, #HYPERVISOR_grant_table_op
	mov	x1, #GNTTABOP_map_grant_ref
	ldr	x2, [x19, #Q_DOMID]
	cmp	x2, #2				// DomU 1 only: one grant window slot per DomU would follow
	b.hs	9f
	mov	x3, #RING_GRANT_REF
	ldr	x4, =GRANT_WINDOW_IPA
	hvc	#0
	cbnz	x0, 9f
	ldr	x1, =GRANT_WINDOW_IPA
	str	x1, [x19, #Q_RING]
	mov	x2, #1
	str	x2, [x19, #Q_CONNECTED]
	str	x2, [x1, #RING_CONNECTED]
9:	leave	1

// RING_HAS_UNCONSUMED_REQUESTS(&queue->tx) for queue x0 → x0
ring_unconsumed_requests:
	ldr	x1, [x0, #Q_RING]
	ldr	x2, [x1, #RING_REQ_PROD]
	ldr	x3, [x0, #Q_REQ_CONS]
	sub	x4, x2, x3			// requests produced, not consumed
	ldr	x5, [x0, #Q_RSP_PROD_PVT]
	sub	x5, x3, x5
	mov	x6, #RING_SIZE
	sub	x5, x6, x5			// slots free for their responses
	cmp	x4, x5
	csel	x0, x5, x4, hi
	ret

// xenvif_poll(napi = queue x0, budget w1) → w0 = work done; done early: napi_complete and
// xenvif_napi_schedule_or_enable_events (RING_FINAL_CHECK_FOR_REQUESTS: ask for an event at
// the next request, then look once more).
xenvif_poll:
	enter	2
	mov	x19, x0
	mov	w21, w1
	bl	xenvif_tx_action
	mov	w20, w0
	cmp	w20, w21
	b.ge	9f
	mov	x0, x19
	bl	napi_complete
	mov	x0, x19
	bl	ring_unconsumed_requests
	cbnz	x0, 1f
	ldr	x1, [x19, #Q_RING]
	ldr	x2, [x19, #Q_REQ_CONS]
	add	x2, x2, #1
	str	x2, [x1, #RING_REQ_EVENT]
	dmb	ish
	mov	x0, x19
	bl	ring_unconsumed_requests
	cbz	x0, 9f
1:	mov	x0, x19
	bl	napi_schedule
9:	mov	w0, w20
	leave	2

// xenvif_tx_action(queue x0, budget w1) → w0: take the requests (xenvif_tx_build_gops; the
// payload is read from the mapped page where netback would GNTTABOP_copy it), then hand each
// packet on (xenvif_tx_submit → the bridge → the physical NIC's start_xmit).
xenvif_tx_action:
	enter	3
	mov	x19, x0
	mov	w21, w1
	mov	w20, #0
1:	cmp	w20, w21
	b.hs	9f
	mov	x0, x19
	bl	ring_unconsumed_requests
	cbz	x0, 9f
	ldr	x22, [x19, #Q_RING]
	ldr	x1, [x19, #Q_REQ_CONS]
	dmb	ishld				// rmb: the request after the index
	ldp	x23, x24, [x22, #RING_REQ_MAGIC]	// memcpy(&txreq, RING_GET_REQUEST(...))
	add	x1, x1, #1
	str	x1, [x19, #Q_REQ_CONS]
	add	w20, w20, #1
	ldr	x2, =TS_MAGIC
	cmp	x23, x2
	b.ne	2f
	ldr	x0, [x19, #Q_STAMP]		// I/O latency out: handler start − the front end's stamp
	sub	x0, x0, x24
	bl	record_sample
2:	ldr	x1, =net_base			// xenvif_tx_submit: out through the real device
	ldr	x1, [x1]
	cbz	x1, 3f
	ldr	x0, =TS_MAGIC
	ldr	x1, [x19, #Q_DOMID]
	bl	net_xmit
	b	1b
3:	mov	x0, x19				// no device: straight back to the front end
	bl	xenvif_start_xmit
	b	1b
9:	mov	w0, w20
	leave	3

// A packet came back from the network (netif_receive_skb → bridge → xenvif_start_xmit): the
// one sent for DomU x1's request (payload TS_MAGIC, domid) goes to that DomU's queue.
net_receive:
	ldr	x2, =TS_MAGIC
	cmp	x0, x2
	b.ne	1f
	cmp	x1, #NR_QUEUES
	b.hs	1f
	cbz	x1, 1f
	ldr	x0, =queues
	mov	x2, #Q_SIZE
	madd	x0, x1, x2, x0
	ldr	x2, [x0, #Q_CONNECTED]
	cbz	x2, 1f
	b	xenvif_start_xmit
1:	ret

// xenvif_start_xmit(queue x0): the packet onto the queue's rx_queue (xenvif_rx_queue_tail,
// under its lock), and the rx kthread kicked (xenvif_kick_thread: wake_up(&queue->wq)).
xenvif_start_xmit:
	stp	x29, x30, [sp, #-16]!
	add	x1, x0, #Q_RX_LOCK
	local_irq_save x8
	spin_lock x1, 2, 3, 4
	ldr	x2, [x0, #Q_RX_QUEUE]
	add	x2, x2, #1
	str	x2, [x0, #Q_RX_QUEUE]
	spin_unlock x1, 2
	local_irq_restore x8
	add	x0, x0, #Q_WQ
	bl	__wake_up
	ldp	x29, x30, [sp], #16
	ret

// xenvif_kthread_guest_rx(queue x0): sleep until there is rx work (wait_event_interruptible
// on queue->wq), take the queued packets and answer the front end (xenvif_rx_action), again.
xenvif_kthread_guest_rx:
	mov	x19, x0
	sub	sp, sp, #48			// DEFINE_WAIT(wait)
1:	ldr	x0, [x19, #Q_RX_QUEUE]		// rx_work_todo
	cbnz	x0, 4f
	mov	x0, sp
	bl	init_wait
2:	add	x0, x19, #Q_WQ
	mov	x1, sp
	mov	x2, #TASK_INTERRUPTIBLE
	bl	prepare_to_wait
	ldr	x0, [x19, #Q_RX_QUEUE]
	cbnz	x0, 3f
	bl	schedule
	b	2b
3:	add	x0, x19, #Q_WQ
	mov	x1, sp
	bl	finish_wait
4:	add	x20, x19, #Q_RX_LOCK		// skb_dequeue, under the rx_queue lock
	local_irq_save x21
	spin_lock x20, 2, 3, 4
	ldr	x22, [x19, #Q_RX_QUEUE]
	str	xzr, [x19, #Q_RX_QUEUE]
	spin_unlock x20, 2
	local_irq_restore x21
5:	cbz	x22, 6f
	mov	x0, x19
	bl	xenvif_rx_action
	sub	x22, x22, #1
	b	5b
6:	get_thread_info x0			// cond_resched
	ldr	x0, [x0, #TI_FLAGS]
	tbz	x0, #TIF_NEED_RESCHED, 1b
	bl	schedule
	b	1b

// xenvif_rx_action(queue x0): answer the front end's request and push the response
// (RING_PUSH_RESPONSES_AND_CHECK_NOTIFY); if it asked for an event, notify_remote_via_irq.
// The I/O latency in starts at the stamp just before the notify.
xenvif_rx_action:
	enter	1
	mov	x19, x0
	ldr	x9, [x19, #Q_RING]
	ldr	x1, [x19, #Q_RSP_PROD_PVT]
	add	x1, x1, #1
	str	x1, [x19, #Q_RSP_PROD_PVT]
	ldr	x2, [x9, #RING_RSP_PROD]	// old
	dmb	ishst				// wmb: the response before the index
	str	x1, [x9, #RING_RSP_PROD]
	dmb	ish				// mb: the index before reading rsp_event
	ldr	x3, [x9, #RING_RSP_EVENT]
	sub	x3, x1, x3
	sub	x2, x1, x2
	cmp	x3, x2
	b.hs	9f				// the front end is polling: no event needed
	isb
	mrs	x3, pmccntr_el0
	str	x3, [x9, #RING_RSP_TS]
	dmb	ish
	ldr	w0, [x19, #Q_IRQ]
	bl	notify_remote_via_irq
9:	leave	1

// bench_samples = [count][sample…], after WARMUP requests (the shared timing convention).
record_sample:
	ldr	x9, =seen
	ldr	x10, [x9]
	add	x10, x10, #1
	str	x10, [x9]
	cmp	x10, #WARMUP
	b.ls	1f
	bench_samples_append
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

	.include "linux-entry.inc"
	.include "linux-irq.inc"
	.include "linux-time.inc"
	.include "linux-idle.inc"
	.include "linux-sched.inc"
	.include "linux-evtchn.inc"
	.include "linux-napi.inc"
	.include "dom0-virtio-net.inc"

	.ltorg
fault_msg:
	.asciz	"dom0: unexpected exception\n"

	linux_vectors dom0_vectors, fault_entry

	.data
	.balign	8
xen_vcpu:					// per-CPU: its vcpu_info (in shared_info here)
	.quad	shared_info
seen:
	.quad	0
	.balign	64
queues:
	.skip	Q_SIZE * NR_QUEUES
	.globl	bench_samples
bench_samples:
	.quad	0
	.skip	BENCH_MAX * 8
	.balign	4096
	.globl	shared_info
shared_info:
	.skip	4096
	.bss
	.balign	THREAD_SIZE
init_thread_union:				// the idle task's stack, thread_info at its base
	.skip	THREAD_SIZE
