// virtual-irq-completion.S — Virtual IRQ Completion (Table III): the guest acknowledges
// (GICC_IAR) and completes (GICC_EOIR) a virtual interrupt through the GIC virtual CPU interface
// — on ARM no trap. Timed from before the IAR read to after the EOIR write. The interrupt is an
// SGI the guest sends itself through the (trapping) distributor, outside the timed interval.

	.include "../bench.inc"
	.include "../gic.inc"

	.equ	SGI_SELF, 3

	.text
	.globl	_start
_start:
	bench_setup
	gic_dist_enable 0
	gic_cpu_enable
	ldr	x23, =VM_GICD
	ldr	x24, =VM_GICC
	ldr	x25, =handled
	msr	daifclr, #2
1:	ldr	x26, [x25]
	ldr	w2, =(2 << 24) | SGI_SELF	// TargetListFilter = this vCPU only
	str	w2, [x23, #GICD_SGIR]
2:	ldr	x3, [x25]			// the handler has run
	cmp	x3, x26
	b.eq	2b
	bench_next 1b
	bench_done

irq_handler:
	timestamp x21
	ldr	w0, [x24, #GICC_IAR]
	str	w0, [x24, #GICC_EOIR]
	timestamp x22
	sub	x22, x22, x21
	bench_record x22
	ldr	x3, [x25]
	add	x3, x3, #1
	str	x3, [x25]
	ret

	guest_vector_table

	bench_data
handled:
	.quad	0
