// The Xen-style hypervisor (emulator/hypervisors/xen): xen.S at EL2, dom0.S and DomUs, run on
// the virt board. Each test boots the whole system and checks what the AArch64 code did: the
// samples its guests recorded, what its hypercalls returned, the registers a round trip left,
// the values its emulated distributor answered, and that hostile guests get errors or
// injected aborts while the other domains keep running.

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { slotOf } from '../../emulator/cpu/sysregs';
import { createHypSystem } from '../../emulator/hypervisors/index';
import { readSamples, readU64, symbolPa } from '../../emulator/hypervisors/images';
import { createXenSystem, XenSystem, type XenSystemOptions } from '../../emulator/hypervisors/xen/system';
import type { HypSystem, MicroBenchmark } from '../../emulator/hypervisors/types';
import type { TraceEvent } from '../../emulator/trace/events';

const ROOT = join(__dirname, '..', '..');
const TEST_GUESTS = join(ROOT, 'emulator', 'hypervisors', 'xen', 'test-guests');
const ENOSYS = -38n, EINVAL = -22n, ENOENT = -2n, EPERM = -1n;

function run(sys: HypSystem, max = 20_000_000): void {
  const m = sys.machine;
  while (!m.stopped && m.instructions < max) m.runSlice(1_000_000);
  assert.equal(m.stopped?.kind, 'poweroff', m.stopped ? m.stopped.reason : 'did not stop');
}

function bench(b: MicroBenchmark, iterations = 20): XenSystem {
  const sys = createXenSystem({ benchmark: b, iterations, perfc: true });
  run(sys);
  return sys;
}

function withGuests(domUs: XenSystemOptions['domUs'], extra: XenSystemOptions = {}): XenSystem {
  const sys = new XenSystem({ perfc: true, ...extra, domUs });
  run(sys);
  return sys;
}

const s64 = (v: bigint): bigint => BigInt.asIntN(64, v);
/** A copy of RAM bytes [pa, pa + n). */
const ramBytes = (sys: HypSystem, pa: number, n: number): Uint8Array => {
  const v = sys.machine.bus.view;
  return new Uint8Array(v.buffer, v.byteOffset + pa - sys.machine.bus.ramBase, n).slice();
};
const words = (sys: XenSystem, img: number, symbol: string, n: number): bigint[] => {
  const at = symbolPa(sys.domUs[img], symbol);
  return Array.from({ length: n }, (_, i) => s64(readU64(sys.machine.bus, at + 8 * i)));
};

describe('Xen-style hypervisor', function () {
  this.timeout(600000);

  it('boots Dom0 and a DomU on core 0 and times the null hypercall end to end', () => {
    const sys = bench('hypercall');
    const samples = readSamples(sys.machine.bus, sys.domUs[0]);
    assert.equal(samples.length, 20);
    const st = sys.stats();
    assert.ok(st.mmio >= 2, 'Dom0 configured its virtual GIC (trapped GICD writes)');
    assert.ok(st.switches >= 2, 'the scheduler ran Dom0, then switched to the DomU');
    assert.ok(st.hypercalls >= 30, `${st.hypercalls} hypercalls`);
    const c = sys.benchmarkCycles();
    assert.ok(c !== null && c > 0);
    // Every round takes the same path: the same cycles (deterministic), and again on a new board.
    assert.ok(samples.every((s) => s === samples[0]));
    assert.equal(bench('hypercall').benchmarkCycles(), c);
  });

  it('shows its world switches in the trace: HVC traps and ERETs into Dom0 (VMID 1) and the DomU (VMID 2)', () => {
    const events: TraceEvent[] = [];
    const vmidAtEret: number[] = [];
    const VTTBR = slotOf('VTTBR_EL2');
    let sys: XenSystem | null = null;
    sys = createXenSystem({
      benchmark: 'hypercall', iterations: 10,
      trace: (e) => {
        events.push(e);
        if (e.kind === 'eret' && e.toEl === 1 && sys) vmidAtEret.push(Number(sys.machine.cpus[e.cpu].sys[VTTBR] >> 48n));
      },
    });
    run(sys);
    const hvcs = events.filter((e) => e.kind === 'exception' && e.fromEl === 1 && e.toEl === 2 && e.ec === 0x16);
    const gicdAborts = events.filter((e) => e.kind === 'exception' && e.fromEl === 1 && e.toEl === 2 && e.ec === 0x24);
    assert.ok(hvcs.length >= 20, `${hvcs.length} HVC traps`);
    assert.ok(gicdAborts.length >= 2, 'Dom0\'s distributor writes trapped as Stage-2 data aborts');
    assert.deepEqual([...new Set(vmidAtEret)].sort(), [1, 2]);
    assert.equal(vmidAtEret[0], 1, 'Dom0 boots first');
  });

  it('leaves the DomU\'s registers intact across a hypercall; unknown functions return ENOSYS', () => {
    const sys = withGuests([{ fileName: join(TEST_GUESTS, 'hypercall-state.S') }]);
    const bus = sys.machine.bus;
    const snaps = symbolPa(sys.domUs[0], 'snaps');
    const results = [0n, ENOSYS, ENOSYS, ENOSYS];
    results.forEach((want, round) => {
      const base = snaps + round * 2048;
      for (let i = 0; i < (256 + 512) / 8; i++) {
        const before = readU64(bus, base + 8 * i), after = readU64(bus, base + 1024 + 8 * i);
        if (i === 0) assert.equal(s64(after), want, `round ${round}: x0`);
        else assert.equal(after, before, `round ${round}: ${i < 31 ? `x${i}` : i === 31 ? 'NZCV' : `q${(i - 32) >> 1}`}`);
      }
      assert.equal(readU64(bus, base + 8 * 5), 0x1111000000000005n, 'the patterns were in place');
    });
    const el1 = words(sys, 0, 'el1_after', 7);
    assert.deepEqual(el1.slice(0, 6).map((v) => BigInt.asUintN(64, v)), [
      0x5a5a000000001000n, 0x5a5a000000002000n, 0x5a5a000000003000n, 0x5a5a000000004000n, 0x3c4n, 0x40001800n,
    ]);
    assert.equal(el1[6], 0x5a5a5000n, 'CONTEXTIDR_EL1');
  });

  it('emulates the virtual distributor after Stage-2 aborts (interrupt controller trap)', () => {
    const sys = withGuests([{ fileName: join(TEST_GUESTS, 'vgic-regs.S') }]);
    assert.deepEqual(words(sys, 0, 'results', 10).map((v) => Number(v)), [
      1, 3, 0x43b, 0x8800ffff, 0x8000ffff, 0xa0000000, 0x33, 0x01010101, 0, 0x01010101,
    ]);
    const b = bench('irq-controller-trap');
    assert.equal(readSamples(b.machine.bus, b.domUs[0]).length, 20);
    assert.ok(b.stats().mmio >= 20);
    assert.ok(b.benchmarkCycles()! > bench('hypercall').benchmarkCycles()!, 'decoding and emulating costs more than a null hypercall');
  });

  it('switches between two DomUs on one core (full EL1 context switch at EL2)', () => {
    const sys = bench('vm-switch');
    assert.equal(sys.domUs.length, 2);
    for (const g of sys.domUs) assert.equal(readSamples(sys.machine.bus, g).length, 40, 'yield and resume stamps per round');
    assert.ok(sys.stats().switches >= 40);
    const c = sys.benchmarkCycles();
    assert.ok(c !== null && c > bench('hypercall').benchmarkCycles()!);
  });

  it('schedules with the credit scheduler: runstates accounted, time charged, a woken vCPU boosted, locks released', () => {
    const sym = (sys: XenSystem, name: string): number => Number(sys.xen.symbols.get(name)!);
    /** A field of vCPU `idx` of domain `dom` (struct vcpu blocks follow each other from `vcpus`). */
    const field = (sys: XenSystem, dom: number, idx: number, name: string, i = 0): bigint =>
      s64(readU64(sys.machine.bus, sym(sys, 'vcpus') + (dom * 2 + idx) * sym(sys, 'VCPU_SIZE') + sym(sys, name) + 8 * i));
    const [RUNNING, RUNNABLE, BLOCKED] = [0, 1, 2];
    // Two DomUs yielding to each other on core 0: each ran, and waited runnable while the other
    // ran; Dom0 slept blocked; running is charged.
    const sw = bench('vm-switch');
    for (const dom of [1, 2]) {
      assert.ok(field(sw, dom, 0, 'VCPU_RUNSTATE_TIME', RUNNING) > 0n, `DomU${dom} ran`);
      assert.ok(field(sw, dom, 0, 'VCPU_RUNSTATE_TIME', RUNNABLE) > 0n, `DomU${dom} waited on the run queue`);
      // burn_credits: 10 credits per ms run; what is below one credit is kept as the residual
      const credit = BigInt.asIntN(32, field(sw, dom, 0, 'VCPU_CS_CREDIT'));
      assert.ok(credit < 0n || field(sw, dom, 0, 'VCPU_CS_RESIDUAL') > 0n, `DomU${dom} is charged for its time`);
    }
    assert.equal(field(sw, 0, 0, 'VCPU_STATE'), BigInt(BLOCKED), 'Dom0 sleeps blocked in WFI');
    // The virtual IPI wakes vCPU 1 from WFI on core 1 each round: a blocked UNDER vCPU is woken
    // BOOSTed (csched_vcpu_wake).
    const ipi = bench('virtual-ipi');
    assert.equal(field(ipi, 1, 1, 'VCPU_CS_PRI'), 0n, 'CSCHED_PRI_TS_BOOST');
    assert.ok(field(ipi, 1, 1, 'VCPU_RUNSTATE_TIME', BLOCKED) > 0n, 'it slept between the IPIs');
    // Every spin lock core 0 took was released, and its preemption and IRQ nesting counts are
    // back to zero when it powers the machine off (core 1 may be stopped anywhere, inside a
    // critical section included).
    for (const sys of [sw, ipi]) {
      const pcpu = sym(sys, 'pcpus');
      for (const f of ['PCPU_PREEMPT_COUNT', 'PCPU_IRQ_COUNT', 'PCPU_SCHED_LOCK', 'PCPU_TIMERS_LOCK']) {
        assert.equal(readU64(sys.machine.bus, pcpu + sym(sys, f)), 0n, `core 0 ${f}`);
      }
    }
  });

  it('completes virtual interrupts through the GICV frame without a trap', () => {
    const sys = bench('virtual-irq-completion');
    assert.equal(readSamples(sys.machine.bus, sys.domUs[0]).length, 20);
    const c = sys.benchmarkCycles()!;
    const trapped = bench('hypercall').benchmarkCycles()!;
    assert.ok(c < trapped / 2, `IAR+EOIR ${c} cycles vs a hypercall round trip ${trapped}`);
  });

  it('delivers a virtual IPI from vCPU 0 to vCPU 1 on another physical core', () => {
    const sys = bench('virtual-ipi');
    assert.equal(sys.machine.cpus.length, 2);
    assert.equal(readSamples(sys.machine.bus, sys.domUs[0]).length, 20, 'vCPU 1\'s handler ran once per IPI');
    assert.ok(sys.benchmarkCycles()! > 0);
  });

  it('carries I/O from the DomU front end to Dom0\'s back end on another core and back', () => {
    const out = bench('io-latency-out');
    const bus = out.machine.bus;
    assert.equal(readSamples(bus, out.dom0).length, 20, 'Dom0\'s back end saw every timed request');
    assert.equal(readSamples(bus, out.domUs[0]).length, 20, 'the DomU\'s handler saw every response');
    // Each request went out through Dom0's virtio-net and came back on the loopback wire before
    // Dom0 answered: 10 warm-up rounds and 20 timed ones.
    assert.deepEqual(out.net.stats, { txPackets: 30, rxPackets: 30, rxDropped: 0, txDropped: 0 });
    const o = out.benchmarkCycles()!, i = bench('io-latency-in').benchmarkCycles()!;
    assert.ok(o > 0 && o < 1e6 && i > 0 && i < 1e6, `out ${o}, in ${i}: stamps from two cores are comparable`);
  });

  it('refuses a hostile DomU\'s hypercalls and injects aborts for its wild accesses; the others keep running', () => {
    const sys = new XenSystem({ iterations: 10, perfc: true, domUs: [{ fileName: join(TEST_GUESTS, 'hostile.S') }, { fileName: join(TEST_GUESTS, 'grant-page.S') }] });
    const xenBefore = ramBytes(sys, sys.xen.loadPa, 0x2000);
    const dom0Before = ramBytes(sys, sys.dom0.loadPa, 0x1000);
    run(sys);
    assert.deepEqual(words(sys, 0, 'results', 24), [
      ENOSYS, ENOSYS, ENOSYS, -1n /* PSCI NOT_SUPPORTED */, -2n /* PSCI INVALID_PARAMETERS */,
      EINVAL, EINVAL, EINVAL, EINVAL, // grants: not its RAM, bad ref, to itself, to nobody
      ENOENT, EPERM, EINVAL, EINVAL, EINVAL, // maps: nothing granted, granted to Dom0, itself, bad ref, outside the window
      EINVAL, EINVAL, ENOENT, // event channels: port 0, out of range, unbound
      EINVAL, EINVAL, EINVAL, ENOSYS, ENOSYS, ENOSYS,
      3n, // GICD_TYPER still answers after garbage in every distributor register
    ]);
    const log = words(sys, 0, 'faults', 1 + 12).map((v) => BigInt.asUintN(64, v));
    assert.equal(log[0], 6n, 'one injected abort per wild access');
    const fars = [0x20000000n, 0x41000000n, 0x08030000n, 0x0a000000n, 0x08000000n, 0xfffff000n];
    fars.forEach((far, i) => {
      assert.equal(log[1 + 2 * i] >> 26n, 0x25n, `abort ${i}: ESR_EL1.EC = data abort, same EL`);
      assert.equal(log[1 + 2 * i] & 0x3fn, 0x10n, `abort ${i}: synchronous external abort`);
      assert.equal(log[2 + 2 * i], far, `abort ${i}: FAR_EL1`);
    });
    assert.equal(words(sys, 0, 'unexpected', 1)[0], 0n);
    // The well-behaved DomU granted its page and finished its benchmark after the hostile one died.
    assert.equal(words(sys, 1, 'grant_result', 1)[0], 0n);
    assert.equal(readSamples(sys.machine.bus, sys.domUs[1]).length, 10);
    assert.deepEqual(ramBytes(sys, sys.xen.loadPa, 0x2000), xenBefore, 'Xen\'s code is untouched');
    assert.deepEqual(ramBytes(sys, sys.dom0.loadPa, 0x1000), dom0Before, 'Dom0\'s code is untouched');
    assert.equal(sys.stats().injectedFaults, 6);
  });

  it('survives 2000 hypercalls with pseudo-random arguments and random distributor writes', () => {
    const out: number[] = [];
    const sys = withGuests([{ fileName: join(TEST_GUESTS, 'fuzz.S') }], { uartOutput: (b) => out.push(b) });
    const [, calls] = words(sys, 0, 'results', 2);
    assert.ok(calls > 1900n, `${calls} calls made`);
    const st = sys.stats();
    assert.equal(BigInt(st.hypercalls), calls + 2n, 'every call reached Xen (plus Dom0\'s one and the final SYSTEM_OFF)');
    assert.ok(st.mmio >= Number(calls));
    assert.equal(Buffer.from(out).toString(), '', 'no panic message from Xen or Dom0');
  });

  it('preempts a DomU that spins forever with the scheduler tick, so its core\'s other domain runs', () => {
    const sys = new XenSystem({
      iterations: 10, perfc: true,
      domUs: [{ fileName: join(TEST_GUESTS, 'spin.S') }, { fileName: join(ROOT, 'guests', 'microbench', 'hypercall.S') }],
    });
    const m = sys.machine;
    while (!m.stopped && m.instructions < 8_000_000 && readSamples(m.bus, sys.domUs[1]).length < 10) m.runSlice(500_000);
    assert.equal(m.stopped, null, 'the spinner is still alive: the machine keeps running');
    assert.equal(readSamples(m.bus, sys.domUs[1]).length, 10, 'the other DomU finished its rounds');
    assert.ok(sys.stats().switches >= 3);
  });

  it('runs the sample guest (armvirt run --hyp xen guests/hello.S): UART output and a virtual timer interrupt', () => {
    const file = join(ROOT, 'guests', 'hello.S');
    const out: number[] = [];
    const sys = createHypSystem('xen', { guest: { fileName: file, text: readFileSync(file, 'utf8') }, uartOutput: (b) => out.push(b) });
    run(sys);
    const text = Buffer.from(out).toString();
    assert.match(text, /Hello from a guest/);
    assert.match(text, /virtual timer interrupt \(INTID 27\) taken and completed/);
  });
});
