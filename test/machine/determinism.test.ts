// Determinism (DESIGN.md): the same image and configuration give the same instruction stream,
// instruction count, registers and trace. Runs a compiled C program twice with a full trace and
// compares everything observable; and a trap-heavy assembly program, event for event.

import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createVirtMachine } from '../../emulator/machine/virt';
import type { TraceEvent } from '../../emulator/trace/events';
import { buildProgram, haveCrossGcc } from '../programs/c/build';

interface RunRecord { uart: string; icount: number; regs: string; trace: string; pcs: string }

function runOnce(file: string, bytes: Uint8Array, stepEach: boolean): RunRecord {
  let uart = '';
  const events: TraceEvent[] = [];
  const m = createVirtMachine({ uartOutput: (b) => { uart += String.fromCharCode(b); }, trace: (e) => events.push(e) });
  m.loadAndBoot(file, bytes);
  const pcs = createHash('sha256');
  if (stepEach) {
    // The instruction stream itself: hash every PC executed.
    while (!m.stopped && m.instructions < 5_000_000) {
      pcs.update(m.cpu.pc.toString(16));
      m.runSlice(1);
    }
  } else {
    while (!m.stopped && m.instructions < 50_000_000) m.runSlice(1_000_000);
  }
  const c = m.cpu;
  const regs = [...Array(31).keys()].map((i) => c.xBig(i).toString(16)).join(',') + `|${c.pc}|${c.nzcv()}|${c.el}|${[...c.sys].join(',')}`;
  return { uart, icount: m.instructions, regs, trace: JSON.stringify(events), pcs: pcs.digest('hex') };
}

describe('determinism', function () {
  this.timeout(120000);

  it('a trap-heavy program gives identical instruction streams and traces', () => {
    const src = `
      .global _start
    _start:
      adr x0, vec
      msr vbar_el2, x0
      mov x1, #200
    1: hvc #1
      svc #2
      .inst 0xffffffff
      subs x1, x1, #1
      b.ne 1b
      ldr x0, =0x84000008
      smc #0
      .align 11
    vec:
      .rept 16
      mrs x2, elr_el2
      mrs x3, esr_el2
      lsr x3, x3, #26
      cbnz x3, 2f                  // HVC/SVC return past themselves; UNDEFINED (EC 0) does not
      add x2, x2, #4
      msr elr_el2, x2
    2: eret
      .balign 128
      .endr
    `;
    const bytes = new TextEncoder().encode(src);
    const a = runOnce('det.S', bytes, true);
    const b = runOnce('det.S', bytes, true);
    assert.ok(a.icount > 2000);
    assert.equal(a.pcs, b.pcs);
    assert.equal(a.icount, b.icount);
    assert.equal(a.regs, b.regs);
    assert.equal(a.trace, b.trace);
    assert.ok(JSON.parse(a.trace).filter((e: TraceEvent) => e.kind === 'exception').length >= 600);
  });

  it('a compiled C program gives identical output, counts, registers and trace', function () {
    if (!haveCrossGcc()) this.skip();
    const elf = buildProgram('sort');
    const bytes = readFileSync(elf);
    const a = runOnce(elf, bytes, false);
    const b = runOnce(elf, bytes, false);
    assert.ok(a.uart.length > 0);
    assert.deepEqual(a, b);
  });
});
