// The debug adapter on a one-VM program (fixtures/vm.S: Stage 2 on, VMID 3, the guest at EL1):
// thread names by world, address spaces (va:, ipa:, vm3:ipa:, pa:) in readMemory, writeMemory,
// evaluate and data breakpoints, the custom requests (Stage-2 map and walk, timeline, world info,
// vGIC, microbench), goto, modules, loaded sources and breakpoint locations.

import { strict as assert } from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Stage2MapBody, Stage2WalkBody, TimelineBody, WorldInfoBody } from '../../debug-adapter/custom-requests';
import { andStop, evalNum, launch, lineOf, pc, startTcp, stoppedAt, top, VM, type Adapter } from './helpers';

async function read(dc: Adapter['dc'], ref: string, count = 8): Promise<Buffer> {
  const r = await dc.customRequest('readMemory', { memoryReference: ref, count }) as DebugProtocol.ReadMemoryResponse;
  return Buffer.from(r.body!.data!, 'base64');
}

describe('debug adapter: a VM under Stage 2', function () {
  this.timeout(60000);
  let a: Adapter;
  beforeEach(async () => { a = await startTcp(); });
  afterEach(async () => { await a.close(); });

  it('names threads by world, maps Stage 2, reads and writes every address space', async () => {
    const { dc } = a;
    const stop = stoppedAt(dc, 'breakpoint');
    await launch(dc, { program: VM }, () => dc.setBreakpointsRequest({ source: { path: VM }, breakpoints: [{ line: lineOf(VM, 'guest-hvc') }] }));
    await stop;
    assert.equal((await dc.threadsRequest()).body.threads[0].name, 'cpu0 · VM3 vcpu0 · EL1');
    const world = (await dc.customRequest('armvirt/worldInfo')).body as WorldInfoBody;
    assert.deepEqual({ ...world.cores[0], cycles: 0 }, { cpu: 0, world: 'vm3', el: 1, vmid: 3, cycles: 0 });
    assert.ok(world.cores[0].cycles > 0);

    // The Stage-2 map: the 1 GB identity block and the guest page, coalesced, with attributes.
    const map = (await dc.customRequest('armvirt/stage2Map', {})).body as Stage2MapBody;
    assert.equal(map.vmid, 3);
    assert.equal(map.enabled, true);
    const page = await evalNum(dc, '&guest_page');
    const block = map.ranges.find((r) => r.ipa === '0x40000000')!;
    assert.deepEqual(block, { ipa: '0x40000000', pa: '0x40000000', size: '0x40000000', access: 'rw', xn: false, memType: 'normal-wb', level: 1 });
    const pg = map.ranges.find((r) => r.ipa === '0x80000000')!;
    assert.equal(pg.pa, '0x' + page.toString(16));
    assert.equal(pg.size, '0x1000');
    assert.equal(pg.level, 3);
    const walk = (await dc.customRequest('armvirt/stage2Walk', { ipa: '0x80000008' })).body as Stage2WalkBody;
    assert.deepEqual(walk.steps.map((s) => [s.level, s.kind]), [[1, 'table'], [2, 'table'], [3, 'page']]);
    assert.equal(walk.pa, '0x' + (page + 8n).toString(16));
    assert.equal(walk.fault, null);
    const miss = (await dc.customRequest('armvirt/stage2Walk', { ipa: '0xc0000000' })).body as Stage2WalkBody;
    assert.equal(miss.pa, null);
    assert.match(miss.fault!, /translation fault, level 1/);

    // One value, four ways: the guest's VA (its MMU is off: VA = IPA), the IPA (current VM and by VMID), the PA.
    for (const ref of ['0x80000008', 'va:0x80000008', 'ipa:0x80000008', 'vm3:ipa:0x80000008', `pa:0x${(page + 8n).toString(16)}`]) {
      assert.equal((await read(dc, ref)).readBigUInt64LE(0), 7n, ref);
    }
    assert.equal(await evalNum(dc, 'ipa:0x80000008'), 7n);
    assert.equal(await evalNum(dc, 'vm3:ipa:0x80000008 + 1'), 8n);
    assert.equal(await evalNum(dc, `pa:0x${page.toString(16)}`), 0x1111n);
    await assert.rejects(dc.evaluateRequest({ expression: 'vm9:ipa:0x80000000', context: 'repl' }), /VM 9 has not run yet/);
    const w = await dc.customRequest('writeMemory', { memoryReference: 'ipa:0x80000010', data: Buffer.from([0x44, 0x33]).toString('base64') }) as DebugProtocol.WriteMemoryResponse;
    assert.equal(w.body?.bytesWritten, 2);
    assert.equal((await read(dc, `pa:0x${(page + 16n).toString(16)}`, 2)).readUInt16LE(0), 0x3344);
    // Unmapped IPA: nothing readable, the adapter says so.
    const r = await dc.customRequest('readMemory', { memoryReference: 'ipa:0xc0000000', count: 4 }) as DebugProtocol.ReadMemoryResponse;
    assert.equal(r.body?.unreadableBytes, 4);
    await assert.rejects(dc.customRequest('readMemory', { memoryReference: 'vm3:pa:0x0', count: 4 }), /only/);

    // Into the hypervisor: the thread is named for it, the timeline shows the VM entry and the trap.
    await andStop(dc, dc.stepInRequest({ threadId: 0, granularity: 'instruction' }), 'step');
    assert.equal((await dc.threadsRequest()).body.threads[0].name, 'cpu0 · hyp · EL2');
    assert.equal((await top(dc))[0].line, lineOf(VM, 'hyp-handler'));
    await andStop(dc, dc.stepOutRequest({ threadId: 0 }), 'step');
    const tl = (await dc.customRequest('armvirt/timeline', {})).body as TimelineBody;
    assert.equal(tl.cores, 1);
    const kinds = tl.events.map((e) => `${e.kind}:${e.world}`);
    assert.deepEqual(kinds, ['vm-entry:vm3', 'trap:hyp', 'eret:vm3']);
    const trap = tl.events[1];
    assert.equal(trap.ec, 'HVC64');
    assert.match(trap.esr!, /imm16=0x10/);
    assert.ok(trap.cost! > 0 && trap.cost === tl.events[2].cycle - trap.cycle);
    const part = (await dc.customRequest('armvirt/timeline', { fromCycle: trap.cycle, maxEvents: 1 })).body as TimelineBody;
    assert.deepEqual(part.events.map((e) => e.kind), ['trap']);
    assert.equal(part.truncated, true);
    // A stage 2 map asked from EL2 uses the VM last entered.
    assert.equal(((await dc.customRequest('armvirt/stage2Map', { vmid: 3 })).body as Stage2MapBody).ranges.length, 2);
    await assert.rejects(dc.customRequest('armvirt/stage2Map', { vmid: 'x' }), /vmid/);
    await assert.rejects(dc.customRequest('armvirt/stage2Walk', {}), /ipa/);
    await assert.rejects(dc.customRequest('armvirt/timeline', { maxEvents: -1 }), /maxEvents/);
    // Back to the trap's event: the state just after the exception entry (the EL2 vector).
    const back = stoppedAt(dc, 'goto');
    const rt = await dc.customRequest('armvirt/reverseTo', { cpu: 0, icount: trap.icount, cycle: trap.cycle });
    assert.equal(rt.body.machineIcount, trap.machineIcount);
    await back;
    assert.equal(await evalNum(dc, 'el'), 2n);
    assert.equal(await evalNum(dc, 'ESR_EL2'), 0x5a000010n);
    assert.equal((await top(dc))[0].line, lineOf(VM, 'hyp-handler'));
    await assert.rejects(dc.customRequest('armvirt/reverseTo', { cpu: 0, icount: 999999 }), /no recorded event/);
    await assert.rejects(dc.customRequest('armvirt/reverseTo', { cpu: 5, icount: 1 }), /cpu/);
  });

  it('breaks on a data breakpoint by IPA and by PA, and reports the space', async () => {
    const { dc } = a;
    const stop = stoppedAt(dc, 'data breakpoint');
    await launch(dc, { program: VM }, async () => {
      const info = await dc.dataBreakpointInfoRequest({ name: 'vm3:ipa:0x80000008', bytes: 8 });
      assert.equal(info.body.dataId, 'vm3:ipa:0x80000008:8');
      await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId!, accessType: 'write' }] });
    });
    const ev = await stop;
    assert.match(ev.body.description ?? '', /write of 8 bytes at 0x80000008 \(ipa 0x80000008\)/);
    assert.equal((await top(dc))[0].line, lineOf(VM, 'guest-store') + 1);
    // By PA: the second store (after the HVC) hits it.
    const page = await evalNum(dc, '&guest_page');
    const info = await dc.dataBreakpointInfoRequest({ name: `pa:0x${(page + 8n).toString(16)}`, bytes: 8 });
    await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId!, accessType: 'write' }] });
    await andStop(dc, dc.continueRequest({ threadId: 0 }), 'data breakpoint');
    assert.equal(await evalNum(dc, 'ipa:0x80000008'), 8n);
    assert.equal(await evalNum(dc, 'el'), 1n);
  });

  it('lists modules, sources and breakpoint locations; goes to a line; answers vgic and microbench', async () => {
    const { dc } = a;
    const entry = stoppedAt(dc, 'entry');
    await launch(dc, { program: VM, stopOnEntry: true });
    await entry;
    const mods = await dc.customRequest('modules', {}) as DebugProtocol.ModulesResponse;
    assert.equal(mods.body?.totalModules, 1);
    assert.match(mods.body!.modules[0].name, /vm\.S/);
    const srcs = await dc.customRequest('loadedSources', {}) as DebugProtocol.LoadedSourcesResponse;
    assert.deepEqual(srcs.body!.sources.map((s) => s.path), [VM]);
    const locs = await dc.customRequest('breakpointLocations', { source: { path: VM }, line: 1, endLine: lineOf(VM, 'guest-off') }) as DebugProtocol.BreakpointLocationsResponse;
    const lines = locs.body!.breakpoints.map((b) => b.line);
    assert.ok(lines.includes(lineOf(VM, 'guest-hvc')) && !lines.includes(1));
    // goto: skip the hypervisor's set-up and the guest's first store.
    const tg = await dc.customRequest('gotoTargets', { source: { path: VM }, line: lineOf(VM, 'hyp-handler') }) as DebugProtocol.GotoTargetsResponse;
    assert.equal(tg.body!.targets.length, 1);
    const gone = stoppedAt(dc, 'goto');
    await dc.customRequest('goto', { threadId: 0, targetId: tg.body!.targets[0].id });
    await gone;
    assert.equal((await top(dc))[0].line, lineOf(VM, 'hyp-handler'));
    assert.equal(await pc(dc), BigInt(tg.body!.targets[0].instructionPointerReference!));
    await assert.rejects(dc.customRequest('goto', { threadId: 0, targetId: 99 }), /unknown target/);
    // No GIC on the board yet, no microbenchmark harness yet: clear errors, or real answers once they land.
    try {
      const v = await dc.customRequest('armvirt/vgicState', {});
      assert.ok([2, 3].includes(v.body.gicVersion));
    } catch (e) {
      assert.match((e as Error).message, /no GIC on this board/);
    }
    try {
      const m = await dc.customRequest('armvirt/microbench', { hypervisors: ['kvm'], benchmarks: ['hypercall'] });
      assert.ok(m.body.results.length === 1 && m.body.results[0].cycles > 0);
    } catch (e) {
      assert.match((e as Error).message, /not available yet/);
    }
    await assert.rejects(dc.customRequest('armvirt/microbench', { hypervisors: ['vmware'] }), /hypervisors/);
  });
});
