// GICv3 virtual interface: ICH_*_EL2 (IHI 0069 12.4) and the guest's ICV_* view of ICC_* at EL1
// under HCR_EL2.IMO/FMO (12.3); list registers, HW=1 deactivation, EOIcount, the maintenance
// interrupt (PPI 25), and the trap controls (ICH_HCR_EL2.TC/TALL0/TALL1/TDIR, ICC_SRE_EL2.Enable,
// HCR_EL2.IMO/FMO for SGIs) on a real core executing MRS/MSR.

import { strict as assert } from 'node:assert';
import { CodeCache } from '../../emulator/cpu/code-cache';
import { Cpu, SLOTS } from '../../emulator/cpu/cpu';
import { A64_SEMANTICS } from '../../emulator/cpu/semantics';
import { defaultConfig } from '../../emulator/cpu/sysregs/index';
import { GicV3 } from '../../emulator/devices/gicv3';
import { GICD3 } from '../../emulator/devices/gicv3-distributor';
import { GICR_SGI } from '../../emulator/devices/gicv3-redistributor';
import { ICH_HCR, ICH_MISR, ICH_VTR_VALUE, LR_STATE, lr } from '../../emulator/devices/gicv3-virtual-interface';
import { PPI } from '../../emulator/devices/irq-types';
import { assemble } from '../../emulator/isa/asm/assembler';
import { PhysicalBus } from '../../emulator/memory/bus';
import { HCR_FMO, HCR_IMO, rig3, sgiBase, type Rig3 } from './gicv3-helpers';

const G1 = HCR_IMO | HCR_FMO;
/** ICH_HCR_EL2.En and the guest view: VENG1 (and VENG0), VPMR 0xf8. */
function vsetup(r: Rig3, vmcr = 0x3): Rig3 {
  r.on(0, 2).msr('ICH_HCR_EL2', ICH_HCR.En);
  r.msr('ICH_VMCR_EL2', vmcr | (0xf8 << 24));
  return r;
}
const pendingLr = (vintid: number, priority: number, o: { group?: number; hw?: boolean; pintid?: number; eoi?: boolean } = {}): bigint =>
  lr.make({ vintid, state: LR_STATE.PENDING, priority, group: o.group ?? 1, hw: o.hw, pintid: o.pintid, eoi: o.eoi });

describe('GICv3 virtual interface (ICH_*_EL2, ICV_*)', () => {
  it('ICH_VTR_EL2: 4 LRs, 5 priority/preemption bits, TDS, nV4, A3V, IDbits 1 (as QEMU, 0x90b80003)', () => {
    assert.equal(ICH_VTR_VALUE, 0x90b80003);
    assert.equal(rig3().mrs('ICH_VTR_EL2'), 0x90b80003n);
  });

  it('ICH_VMCR_EL2: VFIQEn RES1, minimum VBPRs, the ICV view of PMR/BPR/CTLR/IGRPEN', () => {
    const r = rig3();
    assert.equal(r.mrs('ICH_VMCR_EL2'), 0x8n | (2n << 21n) | (3n << 18n));
    r.msr('ICH_VMCR_EL2', 0);
    assert.equal(r.mrs('ICH_VMCR_EL2'), 0x8n | (2n << 21n) | (3n << 18n));
    r.msr('ICH_VMCR_EL2', 0xffffffffn);
    assert.equal(r.mrs('ICH_VMCR_EL2'), 0xfffc021bn);
    r.msr('ICH_VMCR_EL2', 0x80000002 | (4 << 21) | (5 << 18));
    r.on(0, 1, G1);
    assert.equal(r.mrs('ICC_PMR_EL1'), 0x80n, 'ICV_PMR_EL1');
    assert.equal(r.mrs('ICC_BPR0_EL1'), 4n);
    assert.equal(r.mrs('ICC_BPR1_EL1'), 5n);
    assert.equal(r.mrs('ICC_IGRPEN1_EL1'), 1n);
    assert.equal(r.mrs('ICC_IGRPEN0_EL1'), 0n);
    assert.equal(r.mrs('ICC_CTLR_EL1'), 0x8c00n);
    r.msr('ICC_CTLR_EL1', 3);
    r.msr('ICC_PMR_EL1', 0xff);
    r.msr('ICC_BPR0_EL1', 0);
    assert.equal(r.mrs('ICC_CTLR_EL1'), 0x8c03n);
    assert.equal(r.mrs('ICC_BPR1_EL1'), 3n, 'VCBPR: VBPR0 + 1');
    r.on(0, 2);
    assert.equal(r.mrs('ICH_VMCR_EL2'), 0xf8000000n | 0x8n | 0x2n | 0x10n | 0x200n | (2n << 21n) | (5n << 18n));
    assert.equal(r.mrs('ICC_PMR_EL1'), 0n, 'EL2 sees the physical ICC_PMR_EL1');
  });

  it('ICH_HCR_EL2 keeps its defined bits; LR priority low bits RES0; ELRSR / EISR', () => {
    const r = rig3();
    r.msr('ICH_HCR_EL2', 0xffffffff);
    assert.equal(r.mrs('ICH_HCR_EL2'), 0xf8007cffn);
    r.msr('ICH_HCR_EL2', 0);
    assert.equal(r.mrs('ICH_ELRSR_EL2'), 0xfn);
    r.msr('ICH_LR1_EL2', pendingLr(40, 0xa7));
    assert.equal(lr.priority(r.mrs('ICH_LR1_EL2')), 0xa0);
    r.msr('ICH_LR2_EL2', lr.make({ vintid: 41, state: 0, eoi: true }));
    r.msr('ICH_LR3_EL2', lr.make({ vintid: 42, state: 0, hw: true, pintid: 0x200 | 42 }));
    assert.equal(r.mrs('ICH_ELRSR_EL2'), 0b1001n, 'HW=1 invalid LRs are empty whatever pINTID bit 9 (EOI position) holds');
    assert.equal(r.mrs('ICH_EISR_EL2'), 0b0100n);
  });

  it('EL1 with IMO acknowledges and completes a virtual interrupt through ICC_IAR1/EOIR1 (ICV), no physical effect', () => {
    const r = vsetup(rig3());
    r.msr('ICH_LR0_EL2', pendingLr(27, 0xa0));
    r.msr('ICH_LR1_EL2', pendingLr(40, 0x80));
    assert.equal(r.gic.lines(0).virq, true);
    r.on(0, 1, HCR_IMO);
    assert.equal(r.mrs('ICC_HPPIR1_EL1'), 40n);
    assert.equal(r.mrs('ICC_IAR1_EL1'), 40n);
    assert.equal(r.gic.lines(0).virq, false, '0xa0 cannot preempt 0x80');
    assert.equal(r.mrs('ICC_RPR_EL1'), 0x80n);
    assert.equal(r.mrs('ICC_AP1R0_EL1'), 1n << 16n);
    assert.equal(r.mrs('ICC_IAR1_EL1'), 1023n);
    r.msr('ICC_EOIR1_EL1', 40);
    assert.equal(r.gic.lines(0).virq, true);
    assert.equal(r.mrs('ICC_IAR1_EL1'), 27n);
    r.msr('ICC_EOIR1_EL1', 27);
    r.on(0, 2);
    assert.equal(lr.state(r.mrs('ICH_LR0_EL2')), LR_STATE.INVALID);
    assert.equal(lr.state(r.mrs('ICH_LR1_EL2')), LR_STATE.INVALID);
    assert.equal(r.mrs('ICH_AP1R0_EL2'), 0n);
    assert.equal(r.mrs('ICC_RPR_EL1'), 0xffn, 'physical interface untouched');
    assert.deepEqual(r.events.filter((e) => e.kind === 'irq-ack').map((e) => (e.kind === 'irq-ack' ? [e.intid, e.virtual] : [])), [[40, true], [27, true]]);
  });

  it('routing: IMO selects ICV for Group 1 registers, FMO for Group 0; neither at EL2', () => {
    const r = vsetup(rig3());
    r.msr('ICH_LR0_EL2', pendingLr(50, 0x40, { group: 0 }));
    assert.equal(r.gic.lines(0).vfiq, true);
    r.on(0, 1, HCR_IMO);
    assert.equal(r.mrs('ICC_HPPIR0_EL1'), 1023n, 'IMO only: HPPIR0 is the physical one');
    r.on(0, 1, HCR_FMO);
    assert.equal(r.mrs('ICC_HPPIR0_EL1'), 50n);
    assert.equal(r.mrs('ICC_HPPIR1_EL1'), 1023n, 'ICV_HPPIR1: the HPPVI is Group 0');
    assert.equal(r.mrs('ICC_IAR0_EL1'), 50n);
    r.msr('ICC_EOIR0_EL1', 50);
    assert.equal(r.gic.lines(0).vfiq, false);
  });

  it('HW=1: the guest EOI deactivates the physical interrupt', () => {
    const r = vsetup(rig3());
    r.dw(GICD3.CTLR, 3);
    r.rw(sgiBase(0, GICR_SGI.IGROUPR0), 0xffffffff);
    r.rw(sgiBase(0, GICR_SGI.ISENABLER0), 1 << 27);
    r.msr('ICC_PMR_EL1', 0xff);
    r.msr('ICC_IGRPEN1_EL1', 1);
    r.msr('ICC_CTLR_EL1', 2); // the host drops the priority and leaves deactivation to the guest
    r.gic.setLevel(27, 0, true);
    assert.equal(r.mrs('ICC_IAR1_EL1'), 27n);
    r.msr('ICC_EOIR1_EL1', 27);
    r.gic.setLevel(27, 0, false);
    assert.equal(r.r(sgiBase(0, GICR_SGI.ISACTIVER0)), 1 << 27);
    r.msr('ICH_LR0_EL2', pendingLr(27, 0x80, { hw: true, pintid: 27 }));
    r.on(0, 1, HCR_IMO);
    assert.equal(r.mrs('ICC_IAR1_EL1'), 27n);
    r.msr('ICC_EOIR1_EL1', 27);
    assert.equal(r.r(sgiBase(0, GICR_SGI.ISACTIVER0)), 0);
    const eoi = r.events.filter((e) => e.kind === 'irq-eoi').pop();
    assert.deepEqual(eoi && eoi.kind === 'irq-eoi' ? [eoi.virtual, eoi.pintid, eoi.deactivated] : [], [true, 27, true]);
  });

  it('VEOIM: ICV_EOIR drops the priority only, ICV_DIR deactivates; EOI/DIR of a vINTID in no LR counts in EOIcount', () => {
    const r = vsetup(rig3(), 0x3 | 0x200);
    r.msr('ICH_LR0_EL2', pendingLr(60, 0x80));
    r.on(0, 1, G1);
    assert.equal(r.mrs('ICC_IAR1_EL1'), 60n);
    r.msr('ICC_EOIR1_EL1', 60);
    assert.equal(r.mrs('ICC_RPR_EL1'), 0xffn);
    r.on(0, 2);
    assert.equal(lr.state(r.mrs('ICH_LR0_EL2')), LR_STATE.ACTIVE);
    r.on(0, 1, G1).msr('ICC_DIR_EL1', 60);
    r.msr('ICC_DIR_EL1', 61);
    r.on(0, 2);
    assert.equal(lr.state(r.mrs('ICH_LR0_EL2')), LR_STATE.INVALID);
    assert.equal(r.mrs('ICH_HCR_EL2') >> 27n, 1n);
  });

  it('maintenance: MISR conditions, gated by En, drive PPI 25 and the maintenance line', () => {
    const r = rig3();
    r.dw(GICD3.CTLR, 3);
    r.rw(sgiBase(0, GICR_SGI.IGROUPR0), 0xffffffff);
    r.rw(sgiBase(0, GICR_SGI.ISENABLER0), 1 << PPI.MAINTENANCE);
    r.msr('ICC_PMR_EL1', 0xff);
    r.msr('ICC_IGRPEN1_EL1', 1);
    r.msr('ICH_HCR_EL2', ICH_HCR.UIE | ICH_HCR.NPIE);
    assert.equal(r.mrs('ICH_MISR_EL2'), BigInt(ICH_MISR.U | ICH_MISR.NP));
    assert.equal(r.gic.lines(0).maintenance, false, 'En = 0');
    r.msr('ICH_HCR_EL2', ICH_HCR.En | ICH_HCR.UIE);
    assert.equal(r.gic.lines(0).maintenance, true);
    assert.equal(r.mrs('ICC_HPPIR1_EL1'), 25n, 'PPI 25 pending on the physical interface');
    r.msr('ICH_LR0_EL2', pendingLr(30, 0x80));
    r.msr('ICH_LR1_EL2', pendingLr(31, 0x80));
    assert.equal(r.gic.lines(0).maintenance, false, 'two valid LRs: no underflow');
    r.msr('ICH_VMCR_EL2', 0x2 | (0xf8 << 24));
    r.msr('ICH_HCR_EL2', ICH_HCR.En | ICH_HCR.VGrp1EIE | ICH_HCR.VGrp0DIE);
    assert.equal(r.mrs('ICH_MISR_EL2'), BigInt(ICH_MISR.VGrp1E | ICH_MISR.VGrp0D));
    r.msr('ICH_HCR_EL2', ICH_HCR.En);
    r.msr('ICH_LR0_EL2', pendingLr(30, 0x80, { eoi: true }));
    r.on(0, 1, HCR_IMO).msr('ICC_EOIR1_EL1', Number(r.mrs('ICC_IAR1_EL1')));
    r.on(0, 2);
    assert.equal(r.mrs('ICH_EISR_EL2'), 1n);
    assert.equal(r.mrs('ICH_MISR_EL2'), BigInt(ICH_MISR.EOI));
    assert.ok(r.events.some((e) => e.kind === 'maintenance' && e.level));
  });

  it('misprogrammed LRs: duplicate vINTIDs use the lowest LR; a special vINTID is returned and invalidated; no throw', () => {
    const r = vsetup(rig3());
    r.msr('ICH_LR2_EL2', pendingLr(70, 0x80));
    r.msr('ICH_LR1_EL2', pendingLr(70, 0x80));
    r.on(0, 1, HCR_IMO);
    assert.equal(r.mrs('ICC_IAR1_EL1'), 70n);
    r.on(0, 2);
    assert.equal(lr.state(r.mrs('ICH_LR1_EL2')), LR_STATE.ACTIVE);
    assert.equal(lr.state(r.mrs('ICH_LR2_EL2')), LR_STATE.PENDING);
    r.msr('ICH_LR1_EL2', 0);
    r.msr('ICH_LR2_EL2', 0);
    r.msr('ICH_AP1R0_EL2', 0);
    r.msr('ICH_LR0_EL2', pendingLr(1022, 0x10));
    r.on(0, 1, HCR_IMO);
    assert.equal(r.mrs('ICC_IAR1_EL1'), 1022n);
    r.on(0, 2);
    assert.equal(lr.state(r.mrs('ICH_LR0_EL2')), LR_STATE.INVALID);
    assert.equal(r.mrs('ICH_AP1R0_EL2'), 0n, 'not activated');
    r.msr('ICH_LR3_EL2', (1n << 64n) - 1n); // every bit: pending+active HW LR, never the HPPVI
    r.on(0, 1, HCR_IMO);
    assert.equal(r.mrs('ICC_IAR1_EL1'), 1023n);
    r.msr('ICC_EOIR1_EL1', 0xffffffff);
    r.msr('ICC_DIR_EL1', 5);
  });
});

describe('GICv3: wild guest input', () => {
  it('random MMIO of every size/offset and random system register values never throw (deterministic PRNG)', () => {
    const r = rig3({ cores: 2 });
    let seed = 0x2545f491;
    const rnd = (): number => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return seed >>> 0; };
    const names = ['ICC_PMR_EL1', 'ICC_IAR0_EL1', 'ICC_IAR1_EL1', 'ICC_EOIR0_EL1', 'ICC_EOIR1_EL1', 'ICC_DIR_EL1', 'ICC_BPR0_EL1',
      'ICC_BPR1_EL1', 'ICC_CTLR_EL1', 'ICC_SGI1R_EL1', 'ICC_SGI0R_EL1', 'ICC_ASGI1R_EL1', 'ICC_IGRPEN0_EL1', 'ICC_IGRPEN1_EL1',
      'ICC_AP0R0_EL1', 'ICC_AP1R0_EL1', 'ICH_HCR_EL2', 'ICH_VMCR_EL2', 'ICH_LR0_EL2', 'ICH_LR3_EL2', 'ICH_AP0R0_EL2', 'ICH_AP1R0_EL2'];
    const sizes = [1, 2, 4, 8] as const;
    for (let i = 0; i < 20000; i++) {
      const size = sizes[rnd() & 3];
      const f = rnd() & 1 ? r.gic.distributorFrame : r.gic.redistributorFrame;
      const off = rnd() % 0x50000;
      if (rnd() & 1) f.read(off, size); else f.write(off, size, rnd(), rnd());
      const n = names[rnd() % names.length];
      r.on(rnd() & 1, 1 + (rnd() & 1), BigInt(rnd() & 0x18));
      if (rnd() & 1) r.mrs(n); else r.msr(n, (BigInt(rnd()) << 32n) | BigInt(rnd()));
      r.gic.setLevel(rnd() % 300, rnd() % 3, (rnd() & 1) === 1);
    }
    for (const c of [0, 1]) {
      const l = r.gic.lines(c);
      assert.equal(typeof l.irq, 'boolean');
    }
  });
});

describe('GICv3 system registers on a core: ICV without a trap, the ICH_HCR_EL2 / ICC_SRE_EL2 / HCR_EL2 traps', () => {
  /** A GICv3 core running `src` from EL2; returns the core after `n` instructions. */
  function run(src: string, n: number, setup?: (gic: GicV3) => void): { cpu: Cpu; gic: GicV3 } {
    const bus = new PhysicalBus(0x40000000, 16 << 20);
    const img = assemble(src, { fileName: 't.S', base: 0x40080000n });
    if (!img.ok) throw new Error(img.diagnostics.map((d) => d.message).join('\n'));
    for (const s of img.sections) if (s.flags.alloc && !s.nobits) bus.load(Number(s.addr), s.data);
    const cpu = new Cpu(0, bus, A64_SEMANTICS, new CodeCache(bus), defaultConfig({ gic: 3 }));
    const gic = new GicV3();
    cpu.sysregHandlers.gic = gic.sysregHandler(SLOTS.HCR_EL2);
    setup?.(gic);
    cpu.pc = 0x40080000n;
    for (let i = 0; i < n && !cpu.halted; i++) cpu.step();
    return { cpu, gic };
  }
  // EL2: vectors at 0x40081000 (lower-EL sync at +0x400 records ESR_EL2 in x20 and returns past the access).
  const prologue = `
    ldr x0, =0x40081000
    msr vbar_el2, x0
    ldr x0, =0x80000018        // HCR_EL2: RW, IMO, FMO
    msr hcr_el2, x0
    adr x0, el1
    msr elr_el2, x0
    mov x0, #0x3c5
    msr spsr_el2, x0
  `;
  const vectors = `
    .balign 0x1000
    .skip 0x400
    mrs x20, esr_el2
    mrs x21, elr_el2
    add x21, x21, #4
    msr elr_el2, x21
    eret
    .ltorg
  `;

  it('EL1 ICC_IAR1_EL1 reaches ICV_IAR1_EL1: no exception, the LR goes pending → active', () => {
    const { cpu, gic } = run(`${prologue}
      mov x1, #1
      msr ich_hcr_el2, x1
      ldr x1, =0xf8000002
      msr ich_vmcr_el2, x1
      ldr x1, =0x5080000000000021
      msr ich_lr0_el2, x1
      eret
    el1:
      mrs x2, icc_iar1_el1
      b .
    ${vectors}`, 40);
    assert.equal(cpu.el, 1);
    assert.equal(cpu.xBig(2), 0x21n);
    assert.equal(lr.state(gic.vif.state[0].lrs[0]), LR_STATE.ACTIVE);
    assert.equal(cpu.xBig(20), 0n, 'no trap to EL2');
  });

  const runAccess = (hcr: number, access: string, sre: number): Cpu => run(`${prologue}
      mov x1, #${hcr}
      msr ich_hcr_el2, x1
      mov x1, #${sre}
      msr icc_sre_el2, x1
      eret
    el1:
      ${access}
      b .
    ${vectors}`, 40).cpu;
  it('without ICH_HCR_EL2 trap bits and with ICC_SRE_EL2.Enable = 1, EL1 reaches the registers (ICV) untrapped', () => {
    for (const a of ['mrs x2, icc_pmr_el1', 'mrs x2, icc_iar1_el1', 'msr icc_bpr0_el1, x1', 'msr icc_dir_el1, x1', 'mrs x2, icc_sre_el1']) {
      const cpu = runAccess(ICH_HCR.En, a, 0xf);
      assert.equal(cpu.xBig(20), 0n, a);
      assert.equal(cpu.el, 1);
    }
  });
  const trapCase = (title: string, hcr: number, access: string, sre = 0xf) => it(title, () => {
    const cpu = runAccess(hcr, access, sre);
    assert.equal(Number(cpu.xBig(20) >> 26n), 0x18, `${access}: EC 0x18 to EL2 (ESR ${cpu.xBig(20).toString(16)})`);
    assert.equal(cpu.el, 1, 'returned to EL1');
  });
  trapCase('ICH_HCR_EL2.TC traps ICC_PMR_EL1', ICH_HCR.TC, 'mrs x2, icc_pmr_el1');
  trapCase('ICH_HCR_EL2.TALL1 traps ICC_IAR1_EL1', ICH_HCR.TALL1, 'mrs x2, icc_iar1_el1');
  trapCase('ICH_HCR_EL2.TALL0 traps ICC_BPR0_EL1', ICH_HCR.TALL0, 'msr icc_bpr0_el1, x1');
  trapCase('ICH_HCR_EL2.TDIR traps ICC_DIR_EL1', ICH_HCR.TDIR, 'msr icc_dir_el1, x1');
  trapCase('HCR_EL2.IMO/FMO traps ICC_SGI1R_EL1 (no ICV_SGI1R)', 0, 'msr icc_sgi1r_el1, x1');
  trapCase('ICC_SRE_EL2.Enable = 0 traps ICC_SRE_EL1', 0, 'mrs x2, icc_sre_el1', 7);

  it('with gic: 2 the ICC_*/ICH_* registers are UNDEFINED', () => {
    const bus = new PhysicalBus(0x40000000, 16 << 20);
    const img = assemble('mrs x0, icc_pmr_el1\n', { fileName: 't.S', base: 0x40080000n });
    assert.ok(img.ok);
    for (const s of img.sections) if (s.flags.alloc && !s.nobits) bus.load(Number(s.addr), s.data);
    const cpu = new Cpu(0, bus, A64_SEMANTICS, new CodeCache(bus), defaultConfig({ gic: 2 }));
    cpu.pc = 0x40080000n;
    cpu.step();
    assert.equal([...cpu.undefinedCounts.values()].reduce((a, b) => a + b, 0), 1);
  });
});
