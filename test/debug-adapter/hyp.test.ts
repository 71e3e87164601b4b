// The debug adapter on the KVM-style system (emulator/hypervisors/kvm: lowvisor at EL2, host
// kernel at EL1, the sample guest in VM 1): one module per placed image, a source breakpoint in
// the guest bound to its VM, thread names by world, the HVC trap class in the lowvisor, the
// guest's Stage-2 map, the vGIC list registers, the world-switch timeline.

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Stage2MapBody, TimelineBody, VgicStateBody, WorldInfoBody } from '../../debug-adapter/custom-requests';
import { andStop, evalNum, launch, ROOT, startStdio, startTcp, stoppedAt, top, type Adapter } from './helpers';

const GUEST = join(ROOT, 'guests/hello.S');
const lineWith = (file: string, text: string): number => readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;

for (const transport of ['tcp', 'stdio'] as const) describe(`debug adapter over ${transport}: the KVM-style hypervisor with a guest`, function () {
  this.timeout(120000);
  let a: Adapter;
  beforeEach(async () => { a = transport === 'tcp' ? await startTcp() : await startStdio(); });
  afterEach(async () => { await a.close(); });

  it('binds a guest breakpoint to VM 1, names worlds, maps Stage 2, breaks on the guest HVC in the lowvisor', async () => {
    const { dc } = a;
    const line = lineWith(GUEST, 'ldr\tx0, =hello_msg');
    const stop = stoppedAt(dc, 'breakpoint');
    const moduleEvents: string[] = [];
    dc.on('module', (e: DebugProtocol.ModuleEvent) => moduleEvents.push(`${e.body.reason} ${String(e.body.module.id)}`));
    let bound: DebugProtocol.Breakpoint[] = [];
    await launch(dc, { hypervisor: 'kvm', guests: [GUEST] }, async () => {
      bound = (await dc.setBreakpointsRequest({ source: { path: GUEST }, breakpoints: [{ line }] })).body.breakpoints;
    });
    assert.equal(bound[0].verified, true);
    assert.equal(bound[0].instructionReference, '0x40000008'); // the guest's IPA (linked at VM RAM 0x4000_0000)
    await stop;
    const mods = (await dc.customRequest('modules', {}) as DebugProtocol.ModulesResponse).body!.modules;
    assert.deepEqual(mods.map((m) => m.id), ['hyp', 'host', 'vm1#1']);
    assert.deepEqual(moduleEvents, ['new hyp', 'new host', 'new vm1#1']);
    assert.equal((await dc.threadsRequest()).body.threads[0].name, 'cpu0 · VM1 vcpu0 · EL1');
    const f = (await top(dc))[0];
    assert.equal(f.source?.path, GUEST);
    assert.equal(f.line, line);
    assert.match(f.name, /^_start\+0x8/);
    // The guest's RAM: IPA 0x4000_0000 → PA 0x4400_0000 (kvm.inc VM_RAM_PA_BASE).
    const map = (await dc.customRequest('armvirt/stage2Map', {})).body as Stage2MapBody;
    assert.equal(map.vmid, 1);
    const ram = map.ranges.find((r) => BigInt(r.ipa) <= 0x40000000n && BigInt(r.ipa) + BigInt(r.size) > 0x40000000n)!;
    assert.equal(BigInt(ram.pa) + (0x40000000n - BigInt(ram.ipa)), 0x44000000n);
    assert.equal(ram.access, 'rw');
    // The same map as a scope, and the vGIC beside it.
    const scopes = (await dc.scopesRequest({ frameId: f.id })).body.scopes;
    const s2 = (await dc.variablesRequest({ variablesReference: scopes.find((x) => x.name === 'Stage 2 (IPA → PA)')!.variablesReference })).body.variables;
    assert.equal(s2.find((x) => x.name === 'VMID')?.value, '1');
    assert.match(s2.find((x) => x.name.startsWith(`IPA ${ram.ipa}-`))!.value, new RegExp(`^PA ${ram.pa} rw normal-wb`));
    const vg = (await dc.variablesRequest({ variablesReference: scopes.find((x) => x.name === 'vGIC')!.variablesReference })).body.variables;
    assert.deepEqual(vg.filter((x) => /^LR\d$/.test(x.name)).map((x) => x.name), ['LR0', 'LR1', 'LR2', 'LR3']);
    // The same instruction through the guest's VA, its IPA and the PA.
    const word = await evalNum(dc, '*(u32*)0x40000008');
    assert.equal(await evalNum(dc, '*(u32*)0x40000008'), await evalNum(dc, 'ipa:0x40000008 & 0xffffffff'));
    assert.equal(word, await evalNum(dc, 'pa:0x44000008 & 0xffffffff'));
    // The guest's HVC (PSCI SYSTEM_OFF) traps to the lowvisor at EL2.
    await dc.setBreakpointsRequest({ source: { path: GUEST }, breakpoints: [] });
    await dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'hvc', condition: 'from == 1 && vm == 1' }] });
    const ev = await andStop(dc, dc.continueRequest({ threadId: 0 }), 'exception');
    assert.match(ev.body.description ?? '', /HVC/);
    assert.equal((await dc.threadsRequest()).body.threads[0].name, 'cpu0 · hyp · EL2');
    const info = await dc.exceptionInfoRequest({ threadId: 0 });
    assert.match(info.body.description ?? '', /HVC64/);
    const frames = await top(dc);
    assert.match(frames[0].source?.path ?? '', /lowvisor\.S$/);
    const guestFrame = frames.find((fr) => fr.source?.path === GUEST);
    assert.equal(guestFrame?.line, lineWith(GUEST, 'hvc\t#0'), frames.map((x) => x.name).join(' | '));
    assert.match(guestFrame!.name, /· VM1 EL1 \(called: HVC64\)/);
    // The timeline: the VM entries and exits so far, with the worlds they entered.
    const tl = (await dc.customRequest('armvirt/timeline', {})).body as TimelineBody;
    assert.ok(tl.events.some((e) => e.kind === 'trap' && e.ec === 'HVC64' && e.world === 'hyp'));
    assert.ok(tl.events.some((e) => e.world === 'vm1' && e.el === 1));
    assert.ok(tl.events.some((e) => e.world === 'host'));
    for (let i = 1; i < tl.events.length; i++) assert.ok(tl.events[i].cycle >= tl.events[i - 1].cycle || tl.events[i].cpu !== tl.events[i - 1].cpu);
    // The virtual interface: the timer interrupt was injected and completed through a list register.
    const v = (await dc.customRequest('armvirt/vgicState', {})).body as VgicStateBody;
    assert.equal(v.gicVersion, 2);
    assert.equal(v.listRegisters.length, 4);
    assert.ok(v.physical.some((p) => p.enabled));
  });
});

describe('debug adapter: one guest source in two VMs', function () {
  this.timeout(120000);
  let a: Adapter;
  beforeEach(async () => { a = await startTcp(); });
  afterEach(async () => { await a.close(); });

  it('binds a source line once per VM (two places) and stops in each VM', async () => {
    const { dc } = a;
    const SRC = join(ROOT, 'guests/microbench/vm-switch.S');
    const line = lineWith(SRC, '\tsevl');
    const first = stoppedAt(dc, 'breakpoint');
    let bp: DebugProtocol.Breakpoint | undefined;
    await launch(dc, { hypervisor: 'kvm', benchmark: 'vm-switch', iterations: 2 }, async () => {
      bp = (await dc.setBreakpointsRequest({ source: { path: SRC }, breakpoints: [{ line }] })).body.breakpoints[0];
    });
    assert.equal(bp?.verified, true);
    const mods = (await dc.customRequest('modules', {}) as DebugProtocol.ModulesResponse).body!.modules;
    assert.deepEqual(mods.map((m) => m.id), ['hyp', 'host', 'vm1#1', 'vm2#2']);
    await first;
    const seen = new Set<string>();
    seen.add((await dc.threadsRequest()).body.threads[0].name);
    const where = await evalNum(dc, 'pc');
    // The same VA, in the other VM: a different PA, and a different thread name.
    for (let i = 0; i < 3 && seen.size < 2; i++) {
      await andStop(dc, dc.continueRequest({ threadId: 0 }), 'breakpoint');
      assert.equal(await evalNum(dc, 'pc'), where);
      seen.add((await dc.threadsRequest()).body.threads[0].name);
    }
    assert.deepEqual([...seen].sort(), ['cpu0 · VM1 vcpu0 · EL1', 'cpu0 · VM2 vcpu0 · EL1']);
  });
});

describe('debug adapter: load progress and several cores', function () {
  this.timeout(120000);
  let a: Adapter;
  beforeEach(async () => { a = await startTcp(); });
  afterEach(async () => { await a.close(); });

  it('reports the load as progress and shows one thread per core', async () => {
    const { dc } = a;
    const events: string[] = [];
    dc.on('progressStart', (e: DebugProtocol.ProgressStartEvent) => events.push(`start ${e.body.title}`));
    dc.on('progressEnd', () => events.push('end'));
    await dc.initializeRequest({ adapterID: 'armvirt', pathFormat: 'path', supportsProgressReporting: true });
    const init = dc.waitForEvent('initialized');
    const entry = stoppedAt(dc, 'entry');
    await dc.launchRequest({ hypervisor: 'kvm', guests: [GUEST], cpus: 2, stopOnEntry: true } as DebugProtocol.LaunchRequestArguments);
    await init;
    await dc.configurationDoneRequest();
    await entry;
    assert.deepEqual(events, ['start Loading kvm with hello.S', 'end']);
    const threads = (await dc.threadsRequest()).body.threads;
    assert.deepEqual(threads.map((t) => t.name), ['cpu0 · hyp · EL2', 'cpu1 · hyp · EL2']);
    const w = (await dc.customRequest('armvirt/worldInfo', {})).body as WorldInfoBody;
    assert.equal(w.cores.length, 2);
  });
});

describe('debug adapter: stepping through a KVM exit', function () {
  this.timeout(120000);
  let a: Adapter;
  beforeEach(async () => { a = await startTcp(); });
  afterEach(async () => { await a.close(); });

  it('steps into the lowvisor on an MMIO trap, out back into the guest, over it, and back across the switch', async () => {
    const { dc } = a;
    const store = lineWith(GUEST, 'str\tw2, [x1]');
    const stop = stoppedAt(dc, 'breakpoint');
    await launch(dc, { hypervisor: 'kvm', guests: [GUEST] }, () => dc.setBreakpointsRequest({ source: { path: GUEST }, breakpoints: [{ line: store }] }));
    await stop;
    const at = await evalNum(dc, 'pc');
    // Into the hypervisor: the UART store faults at Stage 2 (the UART is not mapped for the VM).
    await andStop(dc, dc.stepInRequest({ threadId: 0, granularity: 'instruction' }), 'step');
    assert.equal((await dc.threadsRequest()).body.threads[0].name, 'cpu0 · hyp · EL2');
    assert.match((await top(dc))[0].source?.path ?? '', /lowvisor\.S$/);
    assert.equal((await evalNum(dc, 'ESR_EL2.EC')), 0x24n); // data abort from a lower EL
    // The Stage-2 fault is in the VM's map view: its IPA is the page HPFAR_EL2 names, its ESR the abort's.
    const faults = ((await dc.customRequest('armvirt/stage2Map', { vmid: 1 })).body as Stage2MapBody).faults;
    const last = faults[faults.length - 1];
    assert.equal(last.ec, 'DABT_LOW');
    assert.equal(BigInt(last.esr), await evalNum(dc, 'ESR_EL2'));
    assert.equal(BigInt(last.ipa) >> 12n, (await evalNum(dc, 'HPFAR_EL2')) >> 4n);
    // Out: through the host's emulation of the UART, back in the guest after the store.
    await dc.setBreakpointsRequest({ source: { path: GUEST }, breakpoints: [] });
    await andStop(dc, dc.stepOutRequest({ threadId: 0 }), 'step');
    assert.equal((await dc.threadsRequest()).body.threads[0].name, 'cpu0 · VM1 vcpu0 · EL1');
    assert.equal(await evalNum(dc, 'pc'), at + 4n);
    // Back across the world switch: the instruction before is the lowvisor's ERET.
    await andStop(dc, dc.stepBackRequest({ threadId: 0, granularity: 'instruction' }), 'step');
    assert.equal((await dc.threadsRequest()).body.threads[0].name, 'cpu0 · hyp · EL2');
    const back = await evalNum(dc, 'pc');
    assert.equal((await dc.disassembleRequest({ memoryReference: '0x' + back.toString(16), instructionCount: 1 })).body!.instructions[0].instruction, 'eret');
    // Forward again, then over the next character's store in one step.
    await andStop(dc, dc.stepInRequest({ threadId: 0, granularity: 'instruction' }), 'step');
    assert.equal(await evalNum(dc, 'pc'), at + 4n);
    while ((await evalNum(dc, 'pc')) !== at) await andStop(dc, dc.stepInRequest({ threadId: 0, granularity: 'instruction' }), 'step');
    await andStop(dc, dc.nextRequest({ threadId: 0, granularity: 'instruction' }), 'step');
    assert.equal(await evalNum(dc, 'pc'), at + 4n);
    assert.equal((await dc.threadsRequest()).body.threads[0].name, 'cpu0 · VM1 vcpu0 · EL1');
  });
});

describe('debug adapter: a data breakpoint on a guest variable', function () {
  this.timeout(120000);
  let a: Adapter;
  beforeEach(async () => { a = await startTcp(); });
  afterEach(async () => { await a.close(); });

  it('watches `ticks` of VM 1 by IPA and stops at the guest store in its interrupt handler', async () => {
    const { dc } = a;
    const stop = stoppedAt(dc, 'data breakpoint');
    let id = '';
    await launch(dc, { hypervisor: 'kvm', guests: [GUEST] }, async () => {
      const info = await dc.dataBreakpointInfoRequest({ name: 'vm1:ticks', bytes: 8 });
      id = info.body.dataId!;
      await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: id, accessType: 'write' }] });
    });
    assert.match(id, /^vm1:ipa:0x4000[0-9a-f]+:8$/);
    await stop;
    assert.equal((await dc.threadsRequest()).body.threads[0].name, 'cpu0 · VM1 vcpu0 · EL1');
    const f = (await top(dc))[0];
    assert.equal(f.source?.path, GUEST);
    assert.equal(f.line, lineWith(GUEST, 'str\tx3, [x2]') + 1);
    const ipa = id.split(':')[2];
    assert.equal(await evalNum(dc, `vm1:ipa:${ipa}`), 1n);
    assert.equal(await evalNum(dc, `pa:0x${(BigInt(ipa) - 0x40000000n + 0x44000000n).toString(16)}`), 1n);
  });
});

describe('debug adapter: the Xen-style hypervisor', function () {
  this.timeout(120000);
  let a: Adapter;
  beforeEach(async () => { a = await startTcp(); });
  afterEach(async () => { await a.close(); });

  it('stops in the guest domain, and steps over a trapped UART store back into it', async () => {
    const { dc } = a;
    const store = lineWith(GUEST, 'str\tw2, [x1]');
    const stop = stoppedAt(dc, 'breakpoint');
    await launch(dc, { hypervisor: 'xen', guests: [GUEST] }, () => dc.setBreakpointsRequest({ source: { path: GUEST }, breakpoints: [{ line: store }] }));
    await stop;
    const mods = (await dc.customRequest('modules', {}) as DebugProtocol.ModulesResponse).body!.modules;
    assert.ok(mods.some((m) => /^dom0#\d+$/.test(String(m.id))) && mods.some((m) => m.path === GUEST), JSON.stringify(mods));
    const name = (await dc.threadsRequest()).body.threads[0].name;
    assert.match(name, /^cpu0 · VM\d+ vcpu0 · EL1$/);
    const at = await evalNum(dc, 'pc');
    await dc.setBreakpointsRequest({ source: { path: GUEST }, breakpoints: [] });
    await andStop(dc, dc.nextRequest({ threadId: 0, granularity: 'instruction' }), 'step');
    assert.equal(await evalNum(dc, 'pc'), at + 4n);
    assert.equal((await dc.threadsRequest()).body.threads[0].name, name);
    const tl = (await dc.customRequest('armvirt/timeline', {})).body as TimelineBody;
    const last = tl.events.filter((e) => e.kind === 'trap').pop()!;
    assert.equal(last.ec, 'DABT_LOW'); // the isa table's EC name
    assert.ok(last.cost! > 0);
  });
});

describe('debug adapter: Stage-2 fault and injection filters', function () {
  this.timeout(120000);
  let a: Adapter;
  beforeEach(async () => { a = await startTcp(); });
  afterEach(async () => { await a.close(); });

  it('breaks on the guest UART Stage-2 fault, then on the injection of the timer interrupt', async () => {
    const { dc } = a;
    const stop = stoppedAt(dc, 'exception');
    await launch(dc, { hypervisor: 'kvm', guests: [GUEST] }, () => dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 's2-dabt', condition: 'vmid == 1 && write' }] }));
    const ev = await stop;
    assert.match(ev.body.description ?? '', /Stage-2 data abort.*stage 2 translation fault .* on write of VA 0x[0-9a-f]+, IPA 0x[0-9a-f]+, VMID 1/);
    assert.equal((await dc.threadsRequest()).body.threads[0].name, 'cpu0 · hyp · EL2'); // the abort was taken
    const info = await dc.exceptionInfoRequest({ threadId: 0 });
    assert.equal(info.body.exceptionId, 's2-dabt');
    await dc.setExceptionBreakpointsRequest({ filters: ['virq-inject'] });
    const inj = await andStop(dc, dc.continueRequest({ threadId: 0 }), 'exception');
    assert.match(inj.body.description ?? '', /vINTID 27 pending in LR\d/);
    const v = (await dc.customRequest('armvirt/vgicState', {})).body as VgicStateBody;
    assert.ok(v.listRegisters.some((l) => l.virtualId === 27 && l.state === 'pending'), JSON.stringify(v.listRegisters));
  });
});
