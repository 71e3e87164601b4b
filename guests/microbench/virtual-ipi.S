// virtual-ipi.S — Virtual IPI (Table III): a vCPU sends an IPI to a vCPU on another physical core
// through the (emulated) distributor's GICD_SGIR, until the receiving vCPU's handler runs.
// Measured as half a round trip on one core's counter (cycle counters of different cores are not
// comparable while both run): vCPU 0 stamps the time and sends SGI_PING to vCPU 1, whose handler
// at once sends SGI_PONG back the same way; vCPU 0's handler stamps the time again. Both idle in
// WFI between messages, so each direction takes the same path (trap on the sender, emulation,
// a physical IPI to the target core, wake-up and entry there, the handler).

	.include "../bench.inc"
	.include "../gic.inc"

	.equ	SGI_PING, 5
	.equ	SGI_PONG, 6
	.equ	SH_READY, 0
	.equ	SH_PONGS, 8

	.text
	.globl	_start
_start:
	cbnz	x0, secondary
	bench_setup
	gic_dist_enable 0
	gic_cpu_enable
	ldr	x0, =PSCI_CPU_ON		// start vCPU 1
	mov	x1, #1
	ldr	x2, =_start
	mov	x3, #1
	hvc	#0
	ldr	x23, =VM_GICD
	ldr	x24, =shared
	ldr	x25, =VM_GICC
	ldr	w27, =(1 << 17) | SGI_PING	// CPUTargetList = vCPU 1
3:	ldr	x3, [x24, #SH_READY]		// vCPU 1 is up
	cbz	x3, 3b
1:	ldr	x26, [x24, #SH_PONGS]
	timestamp x21
	str	w27, [x23, #GICD_SGIR]
2:	ldr	x3, [x24, #SH_PONGS]		// until the pong's handler has run: check with IRQs
	cmp	x3, x26				// masked, WFI (it wakes on a pending interrupt even
	b.ne	4f				// masked), then take the interrupt
	wfi
	msr	daifclr, #2
	isb
	msr	daifset, #2
	b	2b
4:	bench_next 1b
	bench_done

secondary:
	ldr	x1, =STACKS
	mov	x2, #STACK_SIZE
	msub	x1, x0, x2, x1
	mov	sp, x1
	gic_cpu_enable
	ldr	x23, =VM_GICD
	ldr	x24, =shared
	ldr	x25, =VM_GICC
	mov	x3, #1
	str	x3, [x24, #SH_READY]
	msr	daifclr, #2
5:	wfi
	b	5b

irq_handler:
	timestamp x22
	ldr	w0, [x25, #GICC_IAR]
	and	w1, w0, #0x3ff
	cmp	w1, #SGI_PING
	b.ne	6f
	ldr	w3, =(1 << 16) | SGI_PONG	// vCPU 1: answer vCPU 0 at once
	str	w3, [x23, #GICD_SGIR]
	b	7f
6:	cmp	w1, #SGI_PONG
	b.ne	7f
	sub	x22, x22, x21			// vCPU 0: half the round trip
	lsr	x22, x22, #1
	bench_record x22
	ldr	x3, [x24, #SH_PONGS]
	add	x3, x3, #1
	str	x3, [x24, #SH_PONGS]
7:	str	w0, [x25, #GICC_EOIR]
	ret

	guest_vector_table

	bench_data
	.balign	64
shared:	.skip	64
