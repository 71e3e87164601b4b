// irq-controller-trap.S — Interrupt Controller Trap (Table III): a read of the virtual GIC
// distributor (GICD_ISENABLER0), which the hypervisor emulates after a Stage-2 fault (under KVM
// in the host kernel). Timed around the load.

	.include "../bench.inc"

	.text
	.globl	_start
_start:
	bench_setup
	ldr	x23, =VM_GICD
1:	timestamp x21
	ldr	w2, [x23, #GICD_ISENABLER]
	timestamp x22
	sub	x22, x22, x21
	bench_record x22
	bench_next 1b
	bench_done

	bench_data
