// The hypervisor views' rendering and the extension's pure helpers, outside VS Code: what each
// view shows for the adapter's answers (custom-requests.ts bodies), for an adapter that does not
// answer, and for one that fails; zooming; launch-error parsing.

import * as assert from 'node:assert/strict';
import type { MicrobenchBody, Stage2MapBody, TimelineBody, VgicStateBody } from '../../debug-adapter/custom-requests';
import { customRequest, type RequestTarget } from '../../extension/custom';
import { parseSourceErrors } from '../../extension/launch-errors';
import { esc, num } from '../../extension/views/html';
import { axisTop, MicrobenchView, renderMicrobench } from '../../extension/views/microbench';
import { parseIpa, renderStage2, Stage2View } from '../../extension/views/stage2';
import { laneOf, renderTimeline, segments, TimelineView, zoomWindow } from '../../extension/views/timeline';
import { renderVgic, VgicView } from '../../extension/views/vgic';
import type { ViewContext } from '../../extension/views/view';

const map: Stage2MapBody = {
  vmid: 1, vttbr: '0x1000040082000', vtcr: '0x80023558', enabled: true,
  ranges: [
    { ipa: '0x9000000', pa: '0x9000000', size: '0x200000', access: 'rw', xn: true, memType: 'device-nGnRE', level: 2 },
    { ipa: '0x40000000', pa: '0x40000000', size: '0x40000000', access: 'rw', xn: false, memType: 'normal-wb', level: 1 },
  ],
  faults: [{ ipa: '0x9000010', esr: '0x93c18046', ec: 'DABT_LOW', cycle: 42 }],
};

/** A session answering from a table; a missing name answers as @vscode/debugadapter does. */
function fake(answers: Record<string, unknown>): RequestTarget & { calls: [string, unknown][] } {
  const calls: [string, unknown][] = [];
  return {
    calls,
    customRequest(cmd: string, args?: unknown): Thenable<unknown> {
      calls.push([cmd, args]);
      if (!(cmd in answers)) return Promise.reject(new Error('unrecognized request'));
      const a = answers[cmd];
      return a instanceof Error ? Promise.reject(a) : Promise.resolve(a);
    },
  };
}
const ctx = (session: RequestTarget | undefined, paused = true): ViewContext => ({ session, paused, maxEvents: 100, hypervisors: ['kvm', 'xen'] });

describe('extension views (rendering)', () => {
  it('escapes markup and formats numbers without a locale', () => {
    assert.equal(esc('<a href="x">&\'</a>'), '&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
    assert.equal(num(6500), '6,500');
    assert.equal(num(16491234), '16,491,234');
  });

  it('customRequest: ok, not answered, failed, no session', async () => {
    assert.deepEqual(await customRequest(fake({ 'armvirt/worldInfo': { cores: [] } }), 'armvirt/worldInfo', {}), { state: 'ok', body: { cores: [] } });
    assert.equal((await customRequest(fake({}), 'armvirt/stage2Map', {})).state, 'unavailable');
    assert.equal((await customRequest(fake({ 'armvirt/vgicState': new Error('no GIC on this board (the virt board does not expose its interrupt controller yet)') }), 'armvirt/vgicState', {})).state, 'unavailable');
    const e = await customRequest(fake({ 'armvirt/stage2Map': new Error('the target is running: pause it first') }), 'armvirt/stage2Map', {});
    assert.deepEqual(e, { state: 'error', message: 'the target is running: pause it first' });
    assert.equal((await customRequest(undefined, 'armvirt/stage2Map', {})).state, 'unavailable');
  });

  it('Stage-2: ranges with attributes, the fault highlighted, the walk', () => {
    const v = renderStage2(map, { ipa: '0x40080000', body: { steps: [
      { level: 1, tableAddress: '0x40082000', index: 1, descriptor: '0x400007fd', kind: 'block' }], pa: '0x40080000', fault: null } });
    assert.equal(v.state, 'ok');
    assert.match(v.html, /<tr class="fault"><td>0x9000000<\/td>/, 'the range holding the fault');
    assert.match(v.html, /<tr class="hit"><td>0x40000000<\/td>/, 'the range holding the walked IPA');
    assert.match(v.html, /device-nGnRE/);
    assert.match(v.html, /Walk of 0x40080000 → PA <code>0x40080000<\/code>/);
    assert.match(v.html, /DABT_LOW/);
    const off = renderStage2({ ...map, enabled: false, ranges: [], faults: [] }, null);
    assert.match(off.html, /HCR_EL2\.VM = 0/);
  });

  it('Stage-2 view: idle without a session or while running; walk input validated', async () => {
    const v = new Stage2View();
    assert.equal((await v.render(ctx(undefined))).state, 'idle');
    assert.equal((await v.render(ctx(fake({}), false))).state, 'idle');
    assert.equal((await v.render(ctx(fake({})))).state, 'unavailable');
    assert.equal(parseIpa('4000_0000'), '0x40000000');
    assert.equal(parseIpa('0x9000000'), '0x9000000');
    assert.equal(parseIpa('zz'), null);
    const s = fake({ 'armvirt/stage2Map': map, 'armvirt/stage2Walk': { steps: [], pa: null, fault: 'translation fault, level 2' } });
    await v.message('walk', '0xa000000');
    const r = await v.render(ctx(s));
    assert.deepEqual(s.calls[1], ['armvirt/stage2Walk', { ipa: '0xa000000' }]);
    assert.match(r.html, /fault: translation fault, level 2/);
    await v.message('walk', 'not-hex');
    assert.match((await v.render(ctx(s))).html, /not a hexadecimal address/);
  });

  it('vGIC: list registers decoded with the version\'s register names, the distributor beside', async () => {
    const body: VgicStateBody = {
      gicVersion: 3, cpu: 0, hcr: '0x1', vmcr: '0x0', misr: '0x0', eisr: '0x0', elrsr: '0xe', apr: ['0x0'],
      listRegisters: [
        { index: 0, raw: '0x50a0000000000020', state: 'pending', virtualId: 32, physicalId: 32, priority: 0xa0, group: 1, hw: true },
        { index: 1, raw: '0x0', state: 'invalid', virtualId: 0, physicalId: null, priority: 0, group: 0, hw: false },
      ],
      physical: [{ id: 32, enabled: true, pending: false, active: true, priority: 0xa0, targets: [0], group: 1 }],
    };
    const v = renderVgic(body);
    assert.match(v.html, /ICH_LR0_EL2<\/td><td class="pending">pending/);
    assert.match(v.html, /ICH_HCR_EL2 <code>0x1<\/code>/);
    assert.match(v.html, /1 of 2 list registers in use/);
    assert.match(renderVgic({ ...body, gicVersion: 2 }).html, /GICH_LR1/);
    assert.equal((await new VgicView().render(ctx(fake({ 'armvirt/vgicState': body })))).state, 'ok');
  });

  const tl: TimelineBody = {
    cores: 1, fromCycle: 0, toCycle: 100, truncated: false,
    events: [
      { cpu: 0, cycle: 10, icount: 10, kind: 'eret', world: 'vm1', el: 1 },
      { cpu: 0, cycle: 40, icount: 30, kind: 'trap', world: 'hyp', el: 2, ec: 'HVC64', esr: '0x5a000001', cost: 20 },
      { cpu: 0, cycle: 60, icount: 40, kind: 'eret', world: 'vm1', el: 1 },
    ],
  };

  it('timeline: segments per world, trap marks with class and cost, clickable', () => {
    assert.deepEqual(segments(tl).map((s) => [s.lane, s.from, s.to]), [['guest1', 10, 40], ['hyp', 40, 60], ['guest1', 60, 100]]);
    assert.equal(laneOf('host', 2), 'host');
    assert.equal(laneOf('vm2', 0), 'guest0');
    const v = renderTimeline(tl);
    assert.equal(v.state, 'ok');
    assert.match(v.html, /class="mark" data-cmd="jump" data-arg="0:40:30"/);
    assert.match(v.html, /HVC64 ESR 0x5a000001 @ cycle 40 · 20 cycles/);
    assert.equal(renderTimeline({ ...tl, events: [] }).state, 'empty');
  });

  it('timeline: zoom and pan stay inside the run', () => {
    const full = { from: 0, to: 1000 };
    const a = zoomWindow(null, full, 'in');
    assert.deepEqual(a, { from: 250, to: 750 });
    assert.deepEqual(zoomWindow(a, full, 'left'), { from: 0, to: 500 });
    assert.deepEqual(zoomWindow({ from: 0, to: 500 }, full, 'left'), { from: 0, to: 500 });
    assert.equal(zoomWindow(a, full, 'out'), null);
  });

  it('timeline view: zoom asks the adapter for the window; a jump without reverse execution leaves a note', async () => {
    const s = fake({ 'armvirt/timeline': tl });
    const v = new TimelineView();
    await v.render(ctx(s));
    await v.message('zoom', 'in', ctx(s));
    await v.render(ctx(s));
    assert.deepEqual(s.calls[1], ['armvirt/timeline', { maxEvents: 100, fromCycle: 25, toCycle: 75 }]);
    await v.message('jump', '0:40:30', { ...ctx(s), jumpTo: async () => 'reverse execution is not available' });
    assert.match((await v.render(ctx(s))).html, /Cannot go to cycle 40: reverse execution is not available/);
  });

  it('microbenchmarks: table beside the paper and a bar per figure', async () => {
    const body: MicrobenchBody = { results: [
      { hypervisor: 'kvm', benchmark: 'Hypercall', cycles: 6100, paper: 6500, ratio: 6100 / 6500 },
      { hypervisor: 'xen', benchmark: 'Hypercall', cycles: 400, paper: 376, ratio: 400 / 376 },
      { hypervisor: 'kvm', benchmark: 'Virtual IRQ Completion', cycles: 70, paper: 71, ratio: 70 / 71 },
    ] };
    const v = renderMicrobench(body);
    assert.equal((v.html.match(/class="bar-ours"/g) ?? []).length, 3);
    assert.equal((v.html.match(/class="bar-paper"/g) ?? []).length, 3);
    assert.match(v.html, /<td class="num">6,100<\/td><td class="num">6,500<\/td><td class="num">0\.94<\/td>/);
    assert.equal(renderMicrobench({ results: [] }).state, 'empty');
    // The paper's findings, judged on the cells the run has (bench micro's checks): with both
    // hypercalls measured, the order-of-magnitude finding is shown, the others are not judged.
    const cells = (rs: { hypervisor: string; benchmark: string; cycles: number }[]): MicrobenchBody => ({ results: rs.map((r) => ({ ...r, paper: null, ratio: null })) });
    const hv = renderMicrobench(cells([{ hypervisor: 'kvm', benchmark: 'hypercall', cycles: 6500 }, { hypervisor: 'xen', benchmark: 'hypercall', cycles: 376 }]));
    assert.match(hv.html, /<li class="holds"><span title="holds">✓<\/span> A Type 1 hypervisor at EL2/);
    assert.equal((hv.html.match(/<li /g) ?? []).length, 1);
    const bad = renderMicrobench(cells([{ hypervisor: 'kvm', benchmark: 'hypercall', cycles: 3000 }, { hypervisor: 'xen', benchmark: 'hypercall', cycles: 376 }]));
    assert.match(bad.html, /<li class="fails"><span title="does not hold">✗<\/span>/);
    assert.doesNotMatch(v.html, /paper's findings/, 'display names and single cells judge nothing');
    // A runaway measurement is clipped at a decade above the paper's largest figure.
    const runaway = [...body.results, { hypervisor: 'kvm', benchmark: 'Virtual IPI', cycles: 5e21, paper: 11557, ratio: 4e17 }];
    assert.equal(axisTop(runaway), 1e6);
    assert.match(renderMicrobench({ results: runaway }).html, /off the scale/);
    const view = new MicrobenchView();
    assert.equal((await view.render(ctx(fake({})))).state, 'idle');
    const s = fake({ 'armvirt/microbench': body });
    assert.equal((await view.run(ctx(s))).state, 'ok');
    assert.deepEqual(s.calls.map((c) => c[1]), [{ hypervisors: ['kvm'] }, { hypervisors: ['xen'] }]);
    // A hypervisor the adapter cannot run yet: the others' figures stay, with a note.
    const partial: RequestTarget = { customRequest: (_c: string, a?: unknown) => ((a as { hypervisors: string[] }).hypervisors[0] === 'xen'
      ? Promise.reject(new Error('the Xen-style hypervisor is not in this build yet')) : Promise.resolve({ results: body.results.filter((r) => r.hypervisor === 'kvm') })) };
    const pv = await new MicrobenchView().run(ctx(partial));
    assert.equal(pv.state, 'ok');
    assert.match(pv.html, /Not run: xen \(/);
    assert.equal((await new MicrobenchView().run(ctx(fake({})))).state, 'unavailable');
    const cancelled = await new MicrobenchView().run({ ...ctx(s), withProgress: async () => undefined });
    assert.match(cancelled.html, /cancelled/);
  });

  it('launch errors: assembler diagnostics parsed from the adapter\'s message', () => {
    const e = parseSourceErrors("cannot load /w/broken.S: /w/broken.S:3:3: error: unknown instruction 'frobnicate'\n/w/inc/a.inc:7: warning: odd");
    assert.deepEqual(e, [
      { file: '/w/broken.S', line: 3, column: 3, severity: 'error', message: "unknown instruction 'frobnicate'" },
      { file: '/w/inc/a.inc', line: 7, column: 1, severity: 'warning', message: 'odd' },
    ]);
    assert.deepEqual(parseSourceErrors('launch: program does not exist'), []);
  });
});
