// hello.S — the sample guest: prints over its virtual UART (a PL011 the hypervisor emulates),
// arms its virtual timer 1 ms ahead, idles in WFI until the timer's interrupt (PPI 27, injected
// by the hypervisor through a GIC list register) arrives, acknowledges it through the virtual
// CPU interface, says so, and powers its VM off. Runs under every hypervisor here (guests/vm.inc).

	.include "vm.inc"
	.include "gic.inc"

	.text
	.globl	_start
_start:
	ldr	x1, =VM_RAM + 0x100000		// stack
	mov	sp, x1
	ldr	x0, =hello_msg
	bl	puts
	gic_dist_enable PPI_VTIMER
	gic_cpu_enable
	mrs	x1, cntfrq_el0			// 1 ms of the virtual counter
	mov	x2, #1000
	udiv	x1, x1, x2
	msr	cntv_tval_el0, x1
	mov	x1, #1				// ENABLE, not masked
	msr	cntv_ctl_el0, x1
	isb
	ldr	x19, =ticks
1:	ldr	x1, [x19]			// check with IRQs masked, WFI (it wakes on a pending
	cbnz	x1, 2f				// interrupt even masked), then take the interrupt
	wfi
	msr	daifclr, #2
	isb
	msr	daifset, #2
	b	1b
2:
	ldr	x0, =tick_msg
	bl	puts
	ldr	x0, =PSCI_SYSTEM_OFF
	hvc	#0
	b	.

// x0 = GICC_IAR was not read yet: acknowledge, handle the timer (disable it), complete.
irq_handler:
	ldr	x1, =VM_GICC
	ldr	w0, [x1, #GICC_IAR]
	and	w2, w0, #0x3ff
	cmp	w2, #PPI_VTIMER
	b.ne	1f
	msr	cntv_ctl_el0, xzr		// one tick is enough
	ldr	x2, =ticks
	ldr	x3, [x2]
	add	x3, x3, #1
	str	x3, [x2]
1:	str	w0, [x1, #GICC_EOIR]
	ret

// Writes the NUL-terminated string at x0 to the UART (each UARTDR write traps to the hypervisor).
puts:
	ldr	x1, =VM_UART
1:	ldrb	w2, [x0], #1
	cbz	w2, 2f
	str	w2, [x1]
	b	1b
2:	ret

	guest_vector_table

	.ltorg
hello_msg:
	.asciz	"Hello from a guest at EL1, through the hypervisor's virtual UART\n"
tick_msg:
	.asciz	"virtual timer interrupt (INTID 27) taken and completed\n"
	.data
	.balign	8
ticks:	.quad	0
