// The opt-in X-Gene 1 cache hierarchy (emulator/cost/cache.ts): hits, capacity and conflict misses,
// the PMD-shared L2, MESI-like ownership across cores; its wiring into the core (every RAM access
// and each new fetch line pays the model's latency, MMIO bypasses it); and that the default board
// ('l1', the option unset) runs bit-identically to the committed code path.

import assert from 'node:assert/strict';
import {
  LINE_BYTES, XGENE_GEOMETRY, XGENE_LATENCY as LAT, XGeneCaches, TagArray, type CacheCounters,
} from '../../emulator/cost/cache';
import { createHypSystem } from '../../emulator/hypervisors/index';
import { runToStop } from '../../emulator/hypervisors/microbench';
import type { HypervisorName, MicroBenchmark } from '../../emulator/hypervisors/types';
import { boot, SYSTEM_OFF_SMC } from '../machine/boot';
import { main } from '../../cli/main';

const RAM = 0x40000000;
/** PA of line `n` from the start of RAM. */
const line = (n: number): number => RAM + n * LINE_BYTES;
const L1_SETS = XGENE_GEOMETRY.l1d.bytes / LINE_BYTES / XGENE_GEOMETRY.l1d.ways; // 64
const L2_SETS = XGENE_GEOMETRY.l2.bytes / LINE_BYTES / XGENE_GEOMETRY.l2.ways; // 256

describe('X-Gene cache model (emulator/cost/cache.ts)', () => {
  it('TagArray: LRU within a set, invalidate, conflict eviction', () => {
    const t = new TagArray({ bytes: 4 * 2 * LINE_BYTES, ways: 2 }); // 4 sets of 2 ways
    const ev = new Int32Array(2);
    t.insert(0, ev); t.insert(4, ev); // both in set 0
    assert.ok(t.lookup(0) >= 0); // 0 is now the most recent: 4 is the victim
    t.insert(8, ev);
    assert.equal(ev[0], 4);
    assert.ok(t.has(0) && t.has(8) && !t.has(4));
    assert.ok(t.invalidate(0));
    assert.ok(!t.has(0) && !t.invalidate(0));
    t.insert(12, ev);
    assert.equal(ev[0], -1, 'the invalidated way is reused first');
  });

  it('a cold line comes from DRAM, then hits in L1 for free', () => {
    const c = new XGeneCaches(1);
    assert.equal(c.data(0, line(1), 8, false), LAT.dram);
    assert.equal(c.data(0, line(1) + 8, 8, false), 0);
    assert.equal(c.data(0, line(1), 4, true), 0, 'a store to a line only we hold: no invalidation to wait for');
    assert.equal(c.data(0, line(1), 4, true), 0);
    const k = c.counters(0);
    assert.deepEqual([k.read.dram, k.read.l1, k.write.l1], [1, 1, 2]);
    assert.equal(c.addedCycles(), LAT.dram);
  });

  it('conflict misses: the ninth line of an 8-way L1 set evicts the first, which the L2 still holds', () => {
    const c = new XGeneCaches(1);
    for (let k = 0; k <= 8; k++) assert.equal(c.data(0, line(k * L1_SETS), 8, false), LAT.dram);
    assert.equal(c.data(0, line(8 * L1_SETS), 8, false), 0);
    assert.equal(c.data(0, line(0), 8, false), LAT.l2, 'evicted from L1D, in L2');
  });

  it('capacity misses: 32 KiB + 1 line of streaming evicts L1; past 256 KiB the L2 too, and L3 serves', () => {
    const c = new XGeneCaches(1);
    const l1Lines = XGENE_GEOMETRY.l1d.bytes / LINE_BYTES;
    for (let k = 0; k <= l1Lines; k++) c.data(0, line(k), 8, false);
    assert.equal(c.data(0, line(0), 8, false), LAT.l2, 'L1D holds 512 lines: line 0 was the LRU');
    const c2 = new XGeneCaches(1);
    for (let k = 0; k <= XGENE_GEOMETRY.l2.ways; k++) c2.data(0, line(k * L2_SETS), 8, false); // 17 lines in one L2 set
    assert.equal(c2.data(0, line(0), 8, false), LAT.l3);
  });

  it('instruction fetches go through L1I (unified L2 below): data in L2 does not hit L1I', () => {
    const c = new XGeneCaches(1);
    c.data(0, line(3), 8, false);
    assert.equal(c.fetch(0, line(3)), LAT.l2);
    assert.equal(c.fetch(0, line(3) + 60), 0);
    assert.equal(c.counters(0).fetch.l2, 1);
  });

  it('the L2 is shared by the two cores of a PMD (cores 2k, 2k+1); other PMDs find the line in L3', () => {
    const c = new XGeneCaches(4);
    assert.equal(c.data(0, line(5), 8, false), LAT.dram);
    assert.equal(c.data(1, line(5), 8, false), LAT.l2, 'core 1 shares PMD 0');
    assert.equal(c.data(2, line(5), 8, false), LAT.l3, 'core 2 is in PMD 1');
    assert.equal(c.data(3, line(5), 8, false), LAT.l2);
  });

  it('a write invalidates other cores\' copies and waits for the farthest', () => {
    const c = new XGeneCaches(4);
    for (const core of [0, 1, 2]) c.data(core, line(7), 8, false);
    // Core 0 holds it Shared: the upgrade must reach core 2 in the other PMD, through the switch.
    assert.equal(c.data(0, line(7), 8, true), LAT.remote);
    assert.ok(!c.l1d[1].has(line(7) >>> 6) && !c.l1d[2].has(line(7) >>> 6) && !c.l2[1].has(line(7) >>> 6));
    assert.ok(c.l2[0].has(line(7) >>> 6), 'the writer\'s own PMD L2 keeps it');
    // Shared within the PMD only: the invalidation stays in the PMD.
    const d = new XGeneCaches(4);
    d.data(0, line(7), 8, false); d.data(1, line(7), 8, false);
    assert.equal(d.data(0, line(7), 8, true), LAT.sibling);
    assert.equal(d.counters(0).write.sibling, 1);
  });

  it('a read of a line another core modified is served from that core at the level they share', () => {
    const c = new XGeneCaches(4);
    c.data(0, line(9), 8, true); // core 0 owns it (from DRAM)
    assert.equal(c.data(1, line(9), 8, false), LAT.sibling, 'same PMD: through the shared L2');
    assert.equal(c.data(0, line(9), 8, false), 0, 'the owner keeps a (now clean) copy');
    c.data(0, line(9), 8, true); // owns it again: invalidates core 1
    assert.equal(c.data(3, line(9), 8, false), LAT.remote, 'other PMD: through the coherent switch');
    assert.equal(c.data(1, line(9), 8, false), LAT.l2, 'now clean in PMD 0\'s L2 (the write-back)');
    // A store to a line another core owns: read for ownership from it.
    c.data(2, line(10), 8, true);
    assert.equal(c.data(0, line(10), 8, true), LAT.remote);
    assert.equal(c.data(2, line(10), 8, false), LAT.remote);
  });

  it('a modified line evicted from the owner\'s L1D is still served from its PMD', () => {
    const c = new XGeneCaches(4);
    c.data(0, line(0), 8, true);
    for (let k = 1; k <= 8; k++) c.data(0, line(k * L1_SETS), 8, false); // evicts line 0 from core 0's L1D
    assert.ok(!c.l1d[0].has(line(0) >>> 6));
    assert.equal(c.data(2, line(0), 8, false), LAT.remote);
  });

  it('an access straddling two lines looks up both', () => {
    const c = new XGeneCaches(1);
    assert.equal(c.data(0, line(1) - 4, 8, false), 2 * LAT.dram);
  });
});

/** Accesses of one kind, all sources. */
const total = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);
/** Accesses that missed L1, all kinds. */
const misses = (k: CacheCounters): number => total(k.fetch) + total(k.read) + total(k.write) - k.fetch.l1 - k.read.l1 - k.write.l1;

describe('the core with memoryModel \'xgene\'', () => {
  // A loop over a 16 KiB buffer (256 lines), a UART write (MMIO) each pass, then SYSTEM_OFF (whose
  // function id is the program's one literal load).
  const SRC = `
    movz x1, #0x4010, lsl #16
    movz x3, #0x0900, lsl #16
    mov x4, #3
  2:mov x2, #0
  1:ldr x0, [x1, x2]
    add x0, x0, #1
    str x0, [x1, x2]
    add x2, x2, #64
    cmp x2, #0x4000
    b.ne 1b
    mov w5, #0x2e
    strb w5, [x3]
    subs x4, x4, #1
    b.ne 2b
    ${SYSTEM_OFF_SMC}
  `;

  it('adds exactly the model\'s latency to the table\'s cycles; MMIO bypasses the caches', () => {
    const a = boot(SRC);
    const b = boot(SRC, { memoryModel: 'xgene' });
    assert.equal(a.m.caches, null);
    assert.equal(a.run()?.kind, 'poweroff');
    assert.equal(b.run()?.kind, 'poweroff');
    assert.equal(b.uart(), '...');
    assert.equal(b.m.cpu.icount, a.m.cpu.icount);
    const caches = b.m.caches!;
    assert.equal(b.m.cpu.cycles - a.m.cpu.cycles, caches.addedCycles(0));
    const k = caches.counters(0);
    // 3 passes × 256 lines: the first pass misses to DRAM, later ones hit (16 KiB fits in L1D).
    assert.equal(k.read.dram + k.read.l2, 256 + 1, 'the buffer and the literal pool');
    assert.equal(k.read.l1, 2 * 256);
    assert.equal(k.write.l1, 3 * 256, 'each store follows its load: the line is ours alone');
    assert.equal(total(k.read) + total(k.write), 6 * 256 + 1, 'the three UART stores are not looked up');
    assert.ok(k.fetch.dram >= 1, 'the code is fetched through L1I');
    assert.ok(total(k.fetch) < b.m.cpu.icount / 2, `one lookup per new line: ${total(k.fetch)} for ${b.m.cpu.icount} instructions`);
  });

  it('with the MMU on (translated accesses) too', () => {
    // The same counts through the slow path: the KVM hypercall benchmark's guest runs with stage 1 + 2.
    const sys = createHypSystem('kvm', { benchmark: 'hypercall', iterations: 3, memoryModel: 'xgene' });
    runToStop(sys, 23 * 200_000);
    const k = sys.machine.caches!.counters();
    assert.ok(k.read.l1 > 1000 && k.write.l1 > 1000 && k.fetch.l1 > 1000, JSON.stringify(k));
    assert.ok(misses(k) > 0);
  });
});

describe('the default memory model is the cost table alone', () => {
  // When the model landed, these cells were checked bit-identical (mean, and each core's cycles
  // and instructions) to the code before it existed. What must keep holding: the option unset and
  // 'l1' are the same run — no cache attached, the same instruction stream and cycles — and
  // 'xgene' does engage (a two-core cell moves).
  const CELLS: readonly { h: HypervisorName; b: MicroBenchmark }[] = [
    { h: 'kvm', b: 'hypercall' }, { h: 'kvm', b: 'virtual-ipi' }, { h: 'xen', b: 'io-latency-in' },
  ];
  const run = (h: HypervisorName, b: MicroBenchmark, memoryModel?: 'l1' | 'xgene'): { mean: number | null; cores: number[][]; caches: unknown } => {
    const sys = createHypSystem(h, { benchmark: b, iterations: 5, memoryModel });
    runToStop(sys, 25 * 200_000);
    return { mean: sys.benchmarkCycles(), cores: sys.machine.cpus.map((c) => [c.cycles, c.icount]), caches: sys.machine.caches };
  };
  for (const { h, b } of CELLS) {
    it(`${h} ${b}: unset and 'l1' are the same run, with no cache model attached`, () => {
      const unset = run(h, b), l1 = run(h, b, 'l1');
      assert.equal(unset.caches, null);
      assert.equal(l1.caches, null);
      assert.equal(l1.mean, unset.mean);
      assert.deepEqual(l1.cores, unset.cores);
      if (b === 'virtual-ipi') assert.notEqual(run(h, b, 'xgene').mean, unset.mean, 'the X-Gene model charges the cross-core lines');
    });
  }
});

describe('armvirt bench micro --memory-model', () => {
  const run = async (argv: string[]): Promise<{ code: number; out: string; err: string }> => {
    let out = '', err = '';
    const code = await main(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } });
    return { code, out, err };
  };
  const cell = ['bench', 'micro', '--hyp', 'kvm', '--benchmark', 'virtual-ipi', '--iterations', '5', '--json'];

  it('runs the cells with X-Gene caches and says so in the JSON; l1 is the default', async () => {
    const x = await run([...cell, '--memory-model', 'xgene']);
    const d = await run(cell);
    assert.equal(x.code, 0, x.err);
    assert.equal(d.code, 0, d.err);
    const jx = JSON.parse(x.out) as { memoryModel: string; results: { cycles: number }[] };
    const jd = JSON.parse(d.out) as { memoryModel: string; results: { cycles: number }[] };
    assert.equal(jx.memoryModel, 'xgene');
    assert.equal(jd.memoryModel, 'l1');
    // Two cores exchange lines (the IPI's queues and the GIC state in RAM): the caches can only add.
    assert.ok(jx.results[0].cycles > jd.results[0].cycles, `${jx.results[0].cycles} vs ${jd.results[0].cycles}`);
  });

  it('rejects an unknown model, and --breakdown with the cache model', async () => {
    const bad = await run([...cell, '--memory-model', 'l3']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.err, /--memory-model: 'l3' must be l1 or xgene/);
    const both = await run([...cell, '--memory-model', 'xgene', '--breakdown']);
    assert.notEqual(both.code, 0);
    assert.match(both.err, /--breakdown is measured with --memory-model l1 only/);
  });
});
