// vgic-regs.S — a DomU that reads back what the emulated distributor (Xen's vgic-v2) holds after
// it wrote it: every access traps (Stage-2 abort on GICD) and is emulated at EL2. Each value
// read goes to results[i] for the test to compare with IHI 0048B's register layouts.

	.include "../xen.inc"

	.text
	.globl	_start
_start:
	cbnz	x0, .
	ldr	x1, =VM_GICD
	ldr	x9, =results
	mov	w2, #1
	str	w2, [x1, #GICD_CTLR]
	ldr	w2, [x1, #GICD_CTLR]
	str	x2, [x9, #0 * 8]		// 1
	ldr	w2, [x1, #GICD_TYPER]
	str	x2, [x9, #1 * 8]		// ITLinesNumber 3 (128 INTIDs), one vCPU
	ldr	w2, [x1, #GICD_IIDR]
	str	x2, [x9, #2 * 8]		// 0x43b
	ldr	w2, =(1 << 27) | (1 << 31)
	str	w2, [x1, #GICD_ISENABLER]
	ldr	w2, [x1, #GICD_ISENABLER]
	str	x2, [x9, #3 * 8]		// 0x8800ffff: SGIs always enabled
	mov	w2, #(1 << 27)
	str	w2, [x1, #GICD_ICENABLER]
	ldr	w2, [x1, #GICD_ISENABLER]
	str	x2, [x9, #4 * 8]		// 0x8000ffff
	mov	w2, #0xa0
	strb	w2, [x1, #GICD_IPRIORITYR + 31]	// byte access
	ldr	w2, [x1, #GICD_IPRIORITYR + 28]
	str	x2, [x9, #5 * 8]		// 0xa0000000
	ldr	w2, =0x11223344
	str	w2, [x1, #GICD_IPRIORITYR + 32]	// an SPI word
	ldrb	w2, [x1, #GICD_IPRIORITYR + 33]
	str	x2, [x9, #6 * 8]		// 0x33
	ldr	w2, [x1, #GICD_ITARGETSR]
	str	x2, [x9, #7 * 8]		// 0x01010101: this vCPU
	ldr	w2, [x1, #0x0c00]		// ICFGR: not emulated, reads as zero
	str	x2, [x9, #8 * 8]
	mov	w2, #2
	str	w2, [x1, #GICD_ITARGETSR + 4]	// read-only for SGIs/PPIs
	ldr	w2, [x1, #GICD_ITARGETSR + 4]
	str	x2, [x9, #9 * 8]		// 0x01010101
	ldr	x0, =PSCI_SYSTEM_OFF
	hvc	#0
	b	.

	.ltorg
	.data
	.balign	8
	.globl	results
results:
	.skip	16 * 8
