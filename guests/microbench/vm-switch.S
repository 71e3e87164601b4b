// vm-switch.S — VM Switch (Table III): two VMs run this on one physical core. Each round a VM
// stamps the time and yields the core with WFE (trapped by the hypervisor: KVM's
// kvm_vcpu_on_spin, Xen's vcpu_yield), and stamps it again when it runs once more. A switch is
// one VM's yield stamp to the other VM's next resume stamp (the harness pairs them; both VMs
// read the same core's PMCCNTR_EL0). bench_samples holds [yield, resume] per round.
// SEVL first: a WFE with the event register set (as every ERET leaves it) completes at once, so
// the second WFE is the one that traps (ARM ARM C6.2.391).

	.include "../bench.inc"

	.text
	.globl	_start
_start:
	bench_setup
1:	timestamp x21
	sevl
	wfe
	wfe
	timestamp x22
	bench_record x21
	bench_record x22
	bench_next 1b
	bench_done

	bench_data
