// grant-page.S — a well-behaved DomU for the isolation test: it grants one of its pages to
// Dom0 (ref 0), so a third domain that tries to map that grant must be refused (EPERM), then
// runs the null-hypercall benchmark loop, proving it keeps running beside a hostile domain.

	.include "../../../../guests/bench.inc"
	.include "../xen.inc"

	.text
	.globl	_start
_start:
	bench_setup
	mov	x0, #HYPERVISOR_grant_table_op
	mov	x1, #GNTTABOP_grant_access
	mov	x2, #0
	ldr	x3, =page
	mov	x4, #0
	hvc	#0
	ldr	x1, =grant_result
	str	x0, [x1]
	mov	x0, #HYPERVISOR_sched_op	// let the other DomU run its attempts first
	mov	x1, #SCHEDOP_yield
	hvc	#0
1:	timestamp x21
	mov	x0, #HVC_NULL
	hvc	#0
	timestamp x22
	sub	x22, x22, x21
	bench_record x22
	bench_next 1b
	bench_done

	bench_data
	.globl	grant_result
grant_result:
	.quad	-1
	.balign	4096
page:
	.skip	4096
