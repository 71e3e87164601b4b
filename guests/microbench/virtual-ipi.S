// virtual-ipi.S — Virtual IPI (Table III): vCPU 0 sends an SGI to vCPU 1, which runs on another
// physical core, through the (emulated) distributor's GICD_SGIR; timed until vCPU 1's interrupt
// handler runs. vCPU 0 stores its start stamp in shared memory; vCPU 1 (idle in WFI) takes the
// virtual interrupt, stamps the time and records the difference (the board keeps the per-core
// counters comparable: a woken core starts no earlier than its waker), then lets vCPU 0 go on.

	.include "../bench.inc"
	.include "../gic.inc"

	.equ	SGI_IPI, 5

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
	ldr	w25, =(1 << 17) | SGI_IPI	// CPUTargetList = vCPU 1
3:	ldr	x3, [x24, #SH_READY]		// vCPU 1 is up
	cbz	x3, 3b
1:	ldr	x26, [x24, #SH_HANDLED]
	timestamp x21
	str	x21, [x24, #SH_START]
	str	w25, [x23, #GICD_SGIR]
2:	ldr	x3, [x24, #SH_HANDLED]
	cmp	x3, x26
	b.eq	2b
	bench_next 1b
	bench_done

secondary:
	bench_setup				// x19/x20: vCPU 1 counts rounds for bench_record
	gic_cpu_enable
	ldr	x24, =shared
	ldr	x25, =VM_GICC
	mov	x3, #1
	str	x3, [x24, #SH_READY]
	msr	daifclr, #2
4:	wfi
	b	4b

irq_handler:
	timestamp x22
	ldr	w0, [x25, #GICC_IAR]
	ldr	x21, [x24, #SH_START]
	sub	x22, x22, x21
	bench_record x22
	add	x20, x20, #1
	str	w0, [x25, #GICC_EOIR]
	ldr	x3, [x24, #SH_HANDLED]
	add	x3, x3, #1
	str	x3, [x24, #SH_HANDLED]
	ret

	guest_vector_table

	bench_data
	.equ	SH_READY, 0
	.equ	SH_START, 8
	.equ	SH_HANDLED, 16
	.balign	64
shared:	.skip	64
