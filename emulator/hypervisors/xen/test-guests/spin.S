// spin.S — a DomU that never gives its core back: it spins with interrupts masked, no
// hypercall, no WFI. Only Xen's scheduler tick (the EL2 timer, routed to EL2 whatever the
// guest masks) lets the other vCPUs of its core run.

	.text
	.globl	_start
_start:
	msr	daifset, #0xf
1:	add	x1, x1, #1
	b	1b
