// Interrupts, timers and several cores on the virt board (issue 6): the GICv2 wired to the
// cores, physical and virtual interrupt delivery (ARM ARM D1.13), the generic timer (D11) with
// its deterministic time base, WFI/WFE sleep, PSCI CPU_ON, SEV and the global exclusive monitor.

import { strict as assert } from 'node:assert';
import { counterAt, cycleOfCount } from '../../emulator/devices/generic-timer';
import { boot, SYSTEM_OFF_SMC } from './boot';

/**
 * GICv2 at QEMU virt's addresses: enable the distributor and this core's CPU interface, PMR 0xff.
 * HCR_EL2.IMO/FMO route physical interrupts to EL2: with them clear the target is EL1 and EL2
 * never takes them (ARM ARM D1.13.2, routing table "C": not taken at a higher EL).
 */
const GIC_ON = `
    ldr x0, =0x80000018
    msr hcr_el2, x0
    ldr x10, =0x08000000
    ldr x11, =0x08010000
    mov w0, #1
    str w0, [x10]
    str w0, [x11]
    mov w0, #0xff
    str w0, [x11, #4]
`;

/** Vector table at `vec` for VBAR_ELx: the current-EL SPx IRQ entry jumps to `irq`. */
const VECTORS = `
    .balign 0x800
  vec:
    .org vec + 0x200
    b sync
    .org vec + 0x280
    b irq
    .org vec + 0x300
    b fiq
    .org vec + 0x380
    b serror
    .org vec + 0x480
    b lowirq
    .org vec + 0x800
`;

describe('system counter time base', () => {
  it('counts floor(cycles * 5 / 192): 62.5 MHz from a 2.4 GHz core, exactly for large counts', () => {
    assert.equal(counterAt(0), 0n);
    assert.equal(counterAt(38), 0n);
    assert.equal(counterAt(39), 1n);
    assert.equal(counterAt(192), 5n);
    assert.equal(counterAt(2_400_000_000), 62_500_000n);
    const big = 2 ** 50 + 7;
    assert.equal(counterAt(big), (BigInt(big) * 5n) / 192n);
    for (const n of [0n, 1n, 5n, 12345n, 1n << 40n]) {
      const c = cycleOfCount(n);
      assert.ok(counterAt(c) >= n && (c === 0 || counterAt(c - 1) < n), `cycleOfCount(${n}) = ${c}`);
    }
    assert.equal(cycleOfCount(1n << 63n), Infinity);
  });
});

describe('generic timer and GICv2 on the virt board', () => {
  it('fires CNTHP at EL2 as PPI 26 while the core sleeps in WFI: time jumps to the expiry', () => {
    const t = boot(`
      adr x9, vec
      msr vbar_el2, x9
      ${GIC_ON}
      mov w0, #(1 << 26)
      str w0, [x10, #0x100]      // GICD_ISENABLER0: PPI 26
      mov x0, #1000
      msr cnthp_tval_el2, x0
      mov x0, #1
      msr cnthp_ctl_el2, x0
      mrs x24, cnthp_ctl_el2     // enabled, not expired yet
      msr daifclr, #2
      wfi
      mov x23, #1                 // not reached: the handler powers off
    sync: fiq: serror: lowirq:
      ${SYSTEM_OFF_SMC}
    irq:
      ldr w19, [x11, #0xc]        // GICC_IAR
      mrs x20, cnthp_ctl_el2
      mrs x21, cnthp_tval_el2
      mrs x22, cntpct_el0
      mov x0, #2                  // IMASK: the output falls
      msr cnthp_ctl_el2, x0
      str w19, [x11, #0x10]       // GICC_EOIR
      ldr w25, [x11, #0xc]        // nothing pending now: spurious
      ${SYSTEM_OFF_SMC}
      ${VECTORS}
    `);
    assert.equal(t.run()?.kind, 'poweroff');
    assert.equal(t.x(24), 1n, 'CTL: ENABLE, ISTATUS clear before the expiry');
    assert.equal(t.x(19), 26n, 'GICC_IAR: the EL2 physical timer PPI');
    assert.equal(t.x(20), 5n, 'CTL: ENABLE and ISTATUS');
    const tval = Number(BigInt.asIntN(32, t.x(21)));
    // TVAL = CVAL - count, past 0 by the time taken since the expiry (which the cost model decides).
    assert.ok(tval <= 0 && -tval <= Number(counterAt(t.m.cpu.cycles)) - 1000, `TVAL counts down past 0: ${tval}`);
    assert.ok(t.x(22) >= 1000n, 'the counter reached CVAL');
    assert.equal(t.x(25), 1023n);
    assert.equal(t.x(23), 0n);
    assert.ok(t.m.cpu.cycles >= cycleOfCount(1000n), `cycles ${t.m.cpu.cycles} jumped to the expiry`);
    assert.ok(t.m.cpu.icount < 100, 'sleeping costs no instructions');
  });

  it('is deterministic: the same program gives the same cycles, counter values and trace', () => {
    const src = `
      ${GIC_ON}
      mov w0, #(1 << 27)
      str w0, [x10, #0x100]
      ldr x0, =0x12345
      msr cntvoff_el2, x0
      mrs x1, cntvct_el0
      add x1, x1, #500
      msr cntv_cval_el0, x1
      mov x0, #1
      msr cntv_ctl_el0, x0
      wfi                        // masked: wakes without taking it
      mrs x19, cntv_ctl_el0
      mrs x20, cntvct_el0
      ldr w21, [x11, #0xc]
      ${SYSTEM_OFF_SMC}
    `;
    const a = boot(src), b = boot(src);
    assert.equal(a.run()?.kind, 'poweroff');
    assert.equal(b.run()?.kind, 'poweroff');
    assert.equal(a.x(19), 5n);
    assert.equal(a.x(21), 27n, 'the EL1 virtual timer is PPI 27');
    assert.equal(a.m.cpu.cycles, b.m.cpu.cycles);
    assert.equal(a.x(20), b.x(20));
    assert.deepEqual(a.events, b.events);
  });

  it('takes TVAL as a signed 32-bit offset from the count and masks with IMASK', () => {
    const t = boot(`
      ldr x0, =10000
    burn:
      subs x0, x0, #1
      b.ne burn                  // let the counter pass 10
      mov x0, #-10
      msr cntp_tval_el0, x0      // CVAL = count - 10: already expired
      mrs x19, cntp_cval_el0
      mrs x20, cntpct_el0
      mov x0, #3                 // ENABLE | IMASK
      msr cntp_ctl_el0, x0
      mrs x21, cntp_ctl_el0
      mov x0, #0
      msr cntp_ctl_el0, x0
      mrs x22, cntp_ctl_el0      // disabled: ISTATUS reads 0
      ${SYSTEM_OFF_SMC}
    `);
    assert.equal(t.run()?.kind, 'poweroff');
    assert.ok(t.x(20) - t.x(19) >= 10n && t.x(20) - t.x(19) < 12n);
    assert.equal(t.x(21), 7n);
    assert.equal(t.x(22), 0n);
    assert.equal(t.m.timers[0].asserted('phys'), false, 'IMASK and disable keep the output low');
  });

  it('stops as idle only when no timer is armed', () => {
    const t = boot(`
      mov x0, #100
      msr cntp_tval_el0, x0
      mov x0, #3                 // masked: never wakes anything
      msr cntp_ctl_el0, x0
      wfi
      ${SYSTEM_OFF_SMC}
    `);
    assert.equal(t.run()?.kind, 'idle');
  });
});

describe('virtual interrupts (HCR_EL2.IMO/FMO, VI/VF, GICV)', () => {
  /** EL2 sets HCR_EL2 = RW | extra and enters `el1` at EL1h with DAIF masked. */
  const toEl1 = (hcr: string): string => `
      adr x9, vec
      msr vbar_el2, x9
      msr vbar_el1, x9
      ldr x0, =${hcr}
      msr hcr_el2, x0
      adr x0, el1
      msr elr_el2, x0
      mov x0, #0x3c5
      msr spsr_el2, x0
      eret
  `;

  it('delivers HCR_EL2.VI to EL1 through the IRQ vector once PSTATE.I is clear; ISR_EL1 shows it', () => {
    const t = boot(`
      ${toEl1('0x80000090')}       // RW | VI | IMO
    el1:
      mrs x19, isr_el1
      mov x20, #1
      msr daifclr, #2
      mov x20, #2                   // not reached
    sync: fiq: serror: lowirq:
      ${SYSTEM_OFF_SMC}
    irq:
      mrs x21, currentel
      mrs x22, esr_el1
      mrs x23, elr_el1
      ${SYSTEM_OFF_SMC}
      ${VECTORS}
    `);
    assert.equal(t.run()?.kind, 'poweroff');
    assert.equal(t.x(19), 0x80n, 'ISR_EL1.I from the virtual IRQ');
    assert.equal(t.x(20), 1n);
    assert.equal(t.x(21), 4n, 'taken to EL1');
    assert.equal(t.x(22), 0n, 'ESR_EL1 is not written for an interrupt');
  });

  it('delivers HCR_EL2.VF through the FIQ vector and HCR_EL2.VSE as a virtual SError (ESR_EL1.EC 0x2f, VSE cleared)', () => {
    const t = boot(`
      ${toEl1('0x800001e8')}       // RW | VSE | VI | VF | AMO | FMO (IMO clear: VI stays off)
    el1:
      mrs x19, isr_el1              // A and F pending, I not (IMO clear)
      msr daifclr, #4               // SError first
      msr daifclr, #1               // then FIQ
      mov x20, #1
    sync: irq: lowirq:
      mov x28, #1
      ${SYSTEM_OFF_SMC}
    serror:
      mrs x21, esr_el1
      mov x22, #1
      eret
    fiq:
      mrs x23, isr_el1
      mov x24, #1
      ${SYSTEM_OFF_SMC}
      ${VECTORS}
    `);
    assert.equal(t.run()?.kind, 'poweroff');
    assert.equal(t.x(19), 0x140n);
    assert.equal(t.x(21), 0xbe000000n, 'EC 0x2f, IL');
    assert.equal(t.x(22), 1n);
    assert.equal(t.x(24), 1n);
    assert.equal(t.x(23), 0x40n, 'VSE was cleared when the SError was taken; VF stays until EL2 clears it');
    assert.equal(t.x(20), 0n);
    assert.equal(t.x(28), 0n);
  });

  it('does not deliver VI with IMO clear or with TGE set, and wakes WFI only when deliverable', () => {
    const t = boot(`
      ${toEl1('0x80000080')}       // RW | VI, IMO clear
    el1:
      mrs x19, isr_el1
      msr daifclr, #2
      mov x20, #1
      wfi                            // nothing can wake it
    sync: fiq: serror: lowirq: irq:
      mov x21, #1
      ${SYSTEM_OFF_SMC}
      ${VECTORS}
    `);
    assert.equal(t.run()?.kind, 'idle');
    assert.equal(t.x(19), 0n);
    assert.equal(t.x(20), 1n);
    assert.equal(t.x(21), 0n);
  });

  it('takes a physical IRQ routed to EL2 (IMO) from EL1 even with PSTATE.I set', () => {
    const t = boot(`
      ${GIC_ON}
      ldr w0, =0x00010000        // GICD_SGIR: SGI 0 to core 0 (filter 0, target list 1)
      str w0, [x10, #0xf00]
      ${toEl1('0x80000010')}     // RW | IMO
    el1:
      mov x20, #1                  // the IRQ is taken before this
    sync: fiq: serror: irq:
      ${SYSTEM_OFF_SMC}
    lowirq:
      ldr w19, [x11, #0xc]
      mrs x21, elr_el2
      ${SYSTEM_OFF_SMC}
      ${VECTORS}
    `);
    assert.equal(t.run()?.kind, 'poweroff');
    assert.equal(t.x(19) & 0x3ffn, 0n, 'SGI 0 acknowledged at EL2');
    assert.equal(t.x(20), 0n);
  });

  it('delivers a GICH list register to EL1 through GICV: acknowledge and EOI without a trap', () => {
    const t = boot(`
      ${GIC_ON}
      ldr x12, =0x08030000        // GICH
      ldr x13, =0x08040000        // GICV
      mov w0, #1
      str w0, [x12]               // GICH_HCR.En
      ldr w0, =0x1000002a         // LR0: pending, vINTID 42, priority 0
      str w0, [x12, #0x100]
      ${toEl1('0x80000010')}      // RW | IMO
    el1:
      mov w0, #1
      str w0, [x13]               // GICV_CTLR.EnableGrp0
      mov w0, #0xff
      str w0, [x13, #4]           // GICV_PMR
      mrs x24, isr_el1
      msr daifclr, #2
    sync: fiq: serror: lowirq:
      mov x25, #1
      ${SYSTEM_OFF_SMC}
    irq:
      ldr w19, [x13, #0xc]        // GICV_IAR
      str w19, [x13, #0x10]       // GICV_EOIR
      ldr w20, [x13, #0xc]
      mrs x21, currentel
      ${SYSTEM_OFF_SMC}
      ${VECTORS}
    `);
    assert.equal(t.run()?.kind, 'poweroff');
    assert.equal(t.x(24), 0x80n);
    assert.equal(t.x(19), 42n);
    assert.equal(t.x(20), 1023n);
    assert.equal(t.x(21), 4n);
    assert.equal(t.x(25), 0n);
  });
});

describe('several cores: PSCI CPU_ON, SGIs, SEV and the global monitor', () => {
  const CPU_ON = (target: number | string, ctx: number): string =>
    `ldr x0, =0xc4000003\n      ldr x1, =${target}\n      adr x2, secondary\n      mov x3, #${ctx}\n      smc #0`;

  it('starts core 1 with CPU_ON, sends it an SGI it takes and EOIs; the woken core catches up in time', () => {
    const t = boot(`
      adr x9, vec
      msr vbar_el2, x9
      mrs x0, mpidr_el1
      and x0, x0, #0xff
      cbnz x0, secondary
      ${GIC_ON}
      ${CPU_ON(1, 0x77)}
      mov x19, x0                 // SUCCESS
      ${CPU_ON(1, 0)}
      mov x20, x0                 // ALREADY_ON
      ${CPU_ON(5, 0)}
      mov x21, x0                 // INVALID_PARAMETERS: no core 5
      adr x9, flags
    wait_ready:
      ldr w0, [x9]
      cbz w0, wait_ready
      ldr w0, =0x00800005        // SGI 5 to core 7, which does not exist: ignored
      str w0, [x10, #0xf00]
      ldr w0, =0x000fff00        // reserved GICD offset: ignored
      str w0, [x10, #0xfc0]
      mrs x22, cntpct_el0
      ldr w0, =0x00020003        // SGI 3 to core 1
      str w0, [x10, #0xf00]
    wait_off:
      ldr x0, =0xc4000004        // AFFINITY_INFO(core 1, level 0)
      mov x1, #1
      mov x2, #0
      smc #0
      cmp x0, #1                 // OFF
      b.ne wait_off
      ${SYSTEM_OFF_SMC}
    secondary:
      mov x19, x0                 // context id
      adr x9, vec
      msr vbar_el2, x9
      mrs x20, currentel
      mrs x21, mpidr_el1
      ${GIC_ON}
      msr daifclr, #2
      adr x9, flags
      mov w0, #1
      str w0, [x9]                // ready
    sleep:
      wfi
      b sleep
    irq:
      ldr w22, [x11, #0xc]        // GICC_IAR: SGI 3 from core 0 (CPUID 0)
      mrs x23, cntpct_el0
      str w22, [x11, #0x10]
      ldr x0, =0x84000002         // CPU_OFF
      smc #0
    sync: fiq: serror: lowirq:
      mov x28, #1
      ${SYSTEM_OFF_SMC}
      .balign 8
    flags:
      .quad 0
      ${VECTORS}
    `, { cpus: 2 });
    assert.equal(t.run(5_000_000)?.kind, 'poweroff');
    const c1 = t.m.cpus[1];
    assert.equal(t.x(19), 0n);
    assert.equal(t.x(20), BigInt.asUintN(64, -4n));
    assert.equal(t.x(21), BigInt.asUintN(64, -2n));
    assert.equal(c1.xBig(19), 0x77n, 'X0 = context id');
    assert.equal(c1.xBig(20), 8n, 'core 1 starts at EL2');
    assert.equal(c1.xBig(21), 0x80000001n, 'MPIDR_EL1.Aff0 = 1');
    assert.equal(c1.xBig(22), 3n);
    assert.ok(c1.xBig(23) >= t.x(22), 'the woken core is at least at the sender\'s time');
    assert.equal(t.m.cpus[0].xBig(28) | c1.xBig(28), 0n, 'no unexpected exception');
  });

  it('wakes a WFE on another core by SEV and by a store clearing its exclusive monitor', () => {
    const t = boot(`
      mrs x0, mpidr_el1
      and x0, x0, #0xff
      cbnz x0, secondary
      ${CPU_ON(1, 0)}
      adr x9, lock
      ldr x0, =20000
    delay:
      subs x0, x0, #1
      b.ne delay
      mrs x20, cntpct_el0
      mov w0, #1
      str w0, [x9]               // clears core 1's monitor: an event
    wait:
      ldr w0, [x9, #8]
      cbz w0, wait
      ldr x0, =20000
    delay2:
      subs x0, x0, #1
      b.ne delay2
      sev
    wait2:
      ldr w0, [x9, #12]
      cbz w0, wait2
      ${SYSTEM_OFF_SMC}
    secondary:
      adr x9, lock
      sevl
      wfe                        // consumes the local event
    spin:
      ldaxr w0, [x9]
      cbnz w0, got
      wfe
      b spin
    got:
      mrs x20, cntpct_el0
      mov w0, #1
      str w0, [x9, #8]
      wfe                        // woken by core 0's SEV
      mov w0, #1
      str w0, [x9, #12]
    park:
      wfi
      b park
      .balign 64
    lock:
      .quad 0
      .quad 0
    `, { cpus: 2 });
    assert.equal(t.run(5_000_000)?.kind, 'poweroff');
    const c1 = t.m.cpus[1];
    assert.ok(c1.icount < 100, `core 1 slept instead of spinning (${c1.icount} instructions)`);
    assert.ok(c1.xBig(20) >= t.x(20), 'core 1 woke at core 0\'s time or later');
  });

  it('rejects a bad core count and builds the GICv3 board with its redistributors', () => {
    assert.throws(() => boot('nop', { cpus: 9 }), /cpus 9/);
    assert.throws(() => boot('nop', { cpus: 0 }), /cpus 0/);
    const t = boot(`
      mrs x19, icc_sre_el2
      ${SYSTEM_OFF_SMC}
    `, { cpus: 4, gic: 3 });
    assert.equal(t.run()?.kind, 'poweroff');
    assert.equal(t.x(19) & 7n, 7n);
    assert.equal(t.m.cpus.length, 4);
  });
});
