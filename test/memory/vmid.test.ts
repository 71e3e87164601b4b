// VMID tagging of the TLB (armvirt's own behaviour; QEMU flushes its TLB on a VMID change, so
// the lockstep program mmu-vmid.S can only show that each VM sees its own memory): entries of two
// VMs live at once, and a TLBI under one VMID leaves the other's entries in place. Also the
// 'translation-fault' trace event of a stage 2 fault.

import { strict as assert } from 'node:assert';
import type { TraceEvent } from '../../emulator/trace/events';
import { decodeTlbi } from '../../emulator/memory/tlb';
import { env, HCR, RAM, S2_NORMAL, S2_R, S2_W, setReg, SH_IS, Tables, vtcr } from './helpers';

describe('memory: VMIDs', () => {
  function twoVms() {
    const e = env();
    const t = new Tables(e.bus, RAM + 0x100000);
    const a = t.alloc(8192), b = t.alloc(8192);
    t.map(a, 1, 0x100000n, BigInt(RAM + 0x800000), 3, S2_R | S2_W | S2_NORMAL | SH_IS);
    t.map(b, 1, 0x100000n, BigInt(RAM + 0x900000), 3, S2_R | S2_W | S2_NORMAL | SH_IS);
    setReg(e.cpu, 'VTCR_EL2', vtcr(24, 1));
    setReg(e.cpu, 'HCR_EL2', HCR.RW | HCR.VM);
    e.cpu.el = 1;
    const run = (root: number, vmid: number): number => {
      setReg(e.cpu, 'VTTBR_EL2', BigInt(root) | (BigInt(vmid) << 48n));
      return e.mmu.translate(e.cpu, 0x100008, 0, 0, 8);
    };
    return { e, a, b, run };
  }

  it('keeps both VMs\' entries, and a TLBI under one VMID spares the other', () => {
    const { e, a, b, run } = twoVms();
    assert.equal(run(a, 1), RAM + 0x800008);
    assert.equal(run(b, 2), RAM + 0x900008);
    const misses = e.mmu.tlb.misses;
    assert.equal(run(a, 1), RAM + 0x800008);
    assert.equal(run(b, 2), RAM + 0x900008);
    assert.equal(e.mmu.tlb.misses, misses, 'both translations hit');
    setReg(e.cpu, 'VTTBR_EL2', BigInt(a) | (1n << 48n));
    e.mmu.tlbi(e.cpu, decodeTlbi('vmalls12e1is')!, 0, 0);
    assert.equal(run(b, 2), RAM + 0x900008);
    assert.equal(e.mmu.tlb.misses, misses, 'VMID 2 survives a VMALLS12E1IS under VMID 1');
    assert.equal(run(a, 1), RAM + 0x800008);
    assert.equal(e.mmu.tlb.misses, misses + 1, 'VMID 1 walks again');
    e.mmu.tlbi(e.cpu, decodeTlbi('ipas2e1is')!, 0x100, 0);
    assert.equal(run(b, 2), RAM + 0x900008);
    assert.equal(e.mmu.tlb.misses, misses + 1, 'VMID 2 survives an IPAS2E1IS under VMID 1');
  });

  it('emits a translation-fault event for a stage 2 fault', () => {
    const { e, a, run } = twoVms();
    const events: TraceEvent[] = [];
    e.cpu.trace = (ev) => events.push(ev);
    setReg(e.cpu, 'VTTBR_EL2', BigInt(a) | (5n << 48n));
    assert.equal(e.mmu.translate(e.cpu, 0x200000, 0, 1, 4), -1);
    void run;
    const f = events.find((ev) => ev.kind === 'translation-fault');
    assert.deepEqual(f && { ...f, icount: 0 }, {
      kind: 'translation-fault', cpu: 0, icount: 0, stage: 2, level: 2, fault: 'translation', access: 'write',
      va: '0x200000', ipa: '0x200000', vmid: 5, s1ptw: false, toEl: 2,
    });
  });
});
