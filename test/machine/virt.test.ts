// The virt board's memory map seen from guest code: RAM, the GIC frames, the PL011, and the
// synchronous external abort for every physical access outside RAM and devices (including the
// parts of a GIC window past its frame, as QEMU); the machine's stop conditions; semihosting.

import { strict as assert } from 'node:assert';
import { SLOTS } from '../../emulator/cpu/cpu';
import { createVirtMachine, VIRT } from '../../emulator/machine/virt';
import { boot, SYSTEM_OFF_SMC } from './boot';

/** Accesses `addr` with `insn` (x1 = addr), records ESR/FAR/ELR in x20-x22 from the EL2 vector. */
function access(insn: string, addr: number): ReturnType<typeof boot> {
  const t = boot(`
    adr x9, vec
    msr vbar_el2, x9
    ldr x1, =0x${addr.toString(16)}
    mov x2, #0x55
  at: ${insn}
    mov x23, #1
    ${SYSTEM_OFF_SMC}
    .balign 0x800
  vec:
    .org vec + 0x200
    mrs x20, esr_el2
    mrs x21, far_el2
    mrs x22, elr_el2
    ${SYSTEM_OFF_SMC}
  `);
  assert.equal(t.run()?.kind, 'poweroff');
  return t;
}

const EXT_ABORT_SAME_EL = 0x25;

describe('virt board memory map', () => {
  it('has 128 MiB of RAM at 0x40000000 by default, the GICv2 frames at 0x08000000, the PL011 at 0x09000000 and virtio-mmio at 0x0a000000', () => {
    const m = createVirtMachine();
    assert.equal(m.bus.ramBase, VIRT.RAM_BASE);
    assert.equal(m.bus.ramSize, 128 << 20);
    assert.deepEqual(m.bus.mmioRegions.map((r) => [r.base, r.size, r.device.name]), [
      [0x08000000, 0x10000, 'gic-dist'], [0x08010000, 0x10000, 'gic-cpu'], [0x08030000, 0x10000, 'gic-hyp'],
      [0x08040000, 0x10000, 'gic-vcpu'], [0x09000000, 0x1000, 'pl011'], [0x0a000000, 32 * 0x200, 'virtio-mmio']]);
    const m3 = createVirtMachine({ gic: 3, cpus: 2 });
    assert.deepEqual(m3.bus.mmioRegions.map((r) => [r.base, r.size]), [[0x08000000, 0x10000], [0x080a0000, 0x40000], [0x09000000, 0x1000], [0x0a000000, 0x4000]]);
    assert.throws(() => createVirtMachine({ ramSize: 1000 }), /multiple of 4 KiB/);
  });

  it('reads the PL011 flag register from guest code and prints through UARTDR', () => {
    const t = boot(`
      ldr x1, =0x09000000
      ldr w19, [x1, #0x18]
      mov w2, #'A'
      str w2, [x1]
      ldr w20, [x1, #0xfe0]
      ${SYSTEM_OFF_SMC}
    `);
    assert.equal(t.run()?.kind, 'poweroff');
    assert.equal(t.x(19), 0x90n);
    assert.equal(t.x(20), 0x11n);
    assert.equal(t.uart(), 'A');
  });

  for (const [what, addr] of [['the GIC distributor window past its 4 KiB frame', 0x08008000],
    ['the GIC CPU interface window past its 8 KiB frame', 0x08012000], ['between the GICV and ITS windows', 0x08050000],
    ['unmapped space', 0x0a100000], ['flash at 0 (not modelled)', 0x0], ['the first byte past RAM', 0x48000000]] as const) {
    it(`raises a synchronous external abort for a load from ${what}`, () => {
      const t = access('ldr w0, [x1]', addr);
      assert.equal(t.x(23), 0n, 'the load must not complete');
      const esr = t.x(20);
      assert.equal(esr >> 26n, BigInt(EXT_ABORT_SAME_EL));
      assert.equal(esr & 0x3fn, 0x10n, 'DFSC: synchronous external abort');
      assert.equal(esr & (1n << 6n), 0n, 'WnR = 0 for a load');
      assert.equal(t.x(21), BigInt(addr));
      assert.equal(t.x(22) & 0xfffn, 0x010n, 'ELR = the faulting load (5th instruction)');
    });
  }

  it('raises the external abort with WnR set for a store past the GIC distributor frame', () => {
    const t = access('str w2, [x1]', 0x08001000);
    assert.equal(t.x(20) >> 26n, BigInt(EXT_ABORT_SAME_EL));
    assert.equal(t.x(20) & (1n << 6n), 1n << 6n);
  });

  it('reads and writes the last word of RAM', () => {
    const t = boot(`
      ldr x1, =0x47fffffc
      mov w2, #0x1234
      str w2, [x1]
      ldr w19, [x1]
      ${SYSTEM_OFF_SMC}
    `);
    assert.equal(t.run()?.kind, 'poweroff');
    assert.equal(t.x(19), 0x1234n);
  });

  it('emits an mmio trace event for each PL011 access when asked', () => {
    const t = boot(`
      ldr x1, =0x09000000
      mov w2, #'z'
      strb w2, [x1]
      ldr w3, [x1, #0x18]
      ${SYSTEM_OFF_SMC}
    `, { traceMmio: true });
    t.run();
    const mmio = t.events.filter((e) => e.kind === 'mmio');
    assert.deepEqual(mmio.map((e) => e.kind === 'mmio' && [e.write, e.pa, e.size, e.value]), [
      [true, '0x9000000', 1, '0x7a'], [false, '0x9000018', 4, '0x90'],
    ]);
  });
});

describe('virt machine stops', () => {
  it('stops at an instruction limit with the machine still runnable', () => {
    const t = boot('1: b 1b');
    assert.equal(t.run(5000), null);
    assert.equal(t.m.instructions, 5000);
  });

  it('stops a core stuck taking an instruction abort at its own vector (VBAR_EL2 unset)', () => {
    const t = boot('.inst 0xffffffff');
    const s = t.run();
    assert.equal(s?.kind, 'halted');
    assert.match(s?.reason ?? '', /stuck.*vector at 0x200/);
    assert.equal(t.m.cpu.undefinedCounts.get('unallocated'), 1);
    assert.ok(t.m.instructions < 5000);
  });

  it('stops as idle when the core waits in WFI with no interrupt source', () => {
    const t = boot('wfi\nb .');
    assert.equal(t.run()?.kind, 'idle');
  });
});

describe('semihosting (HLT #0xF000)', () => {
  const prog = `
    mov x0, #0x04            // SYS_WRITE0
    adr x1, msg
    hlt #0xf000
    mov x0, #0x03            // SYS_WRITEC
    adr x1, bang
    hlt #0xf000
    mov x0, #0x01            // SYS_OPEN(":tt", "w")
    adr x1, open
    hlt #0xf000
    mov x19, x0
    adr x1, wblk
    str x0, [x1]
    mov x0, #0x05            // SYS_WRITE(handle, "wri", 3)
    hlt #0xf000
    mov x20, x0
    mov x0, #0x18            // SYS_EXIT(ApplicationExit, 3)
    adr x1, exitblk
    hlt #0xf000
    b .
  msg: .asciz "semi "
  bang: .byte '!'
  tt: .asciz ":tt"
    .balign 8
  open: .quad tt, 4, 3
  wblk: .quad 0, msg + 1, 3
  exitblk: .quad 0x20026, 3
  `;

  it('writes to the host console and exits with the guest status', () => {
    const out: [number, string][] = [];
    const t = boot(prog, { semihosting: true, hostWrite: (fd, b) => out.push([fd, Buffer.from(b).toString()]) });
    assert.deepEqual(t.run(), { kind: 'exit', reason: 'semihosting: exit 3', exitStatus: 3 });
    assert.deepEqual(out, [[1, 'semi '], [1, '!'], [1, 'emi']]);
    assert.equal(t.x(19), 1n, 'first handle');
    assert.equal(t.x(20), 0n, 'no bytes left unwritten');
  });

  it('is UNDEFINED when the machine does not enable it, as QEMU without -semihosting', () => {
    const t = boot(prog, { semihosting: false });
    assert.equal(t.run()?.kind, 'halted'); // UNDEFINED → vector 0x200 outside RAM → stuck
    assert.equal(t.m.cpu.sys[SLOTS.ESR_EL2] >> 26n, 0x21n);
    assert.equal(t.m.cpu.undefinedCounts.size, 1);
  });

  it('stops the machine with a message on an unsupported operation, never throwing', () => {
    const t = boot('mov x0, #0x12\nhlt #0xf000\nb .', { semihosting: true });
    const s = t.run();
    assert.equal(s?.kind, 'halted');
    assert.match(s?.reason ?? '', /unsupported semihosting operation 0x12/);
  });
});
