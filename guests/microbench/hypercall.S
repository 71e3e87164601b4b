// hypercall.S — Hypercall (Table III): a null HVC, guest → hypervisor → guest. Timed from just
// before the HVC to just after it returns.

	.include "../bench.inc"

	.text
	.globl	_start
_start:
	bench_setup
1:	timestamp x21
	mov	x0, #HVC_NULL
	hvc	#0
	timestamp x22
	sub	x22, x22, x21
	bench_record x22
	bench_next 1b
	bench_done

	bench_data
