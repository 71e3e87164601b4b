// The vGIC view: the virtual CPU interface's list registers decoded (state, vINTID, pINTID, HW,
// priority, group) with the control registers, beside the physical distributor's interrupts.
// Register names follow the GIC version: GICH_* (IHI 0048B 5.3) or ICH_*_EL2 (IHI 0069 12.4).

import { CUSTOM_REQUESTS, customRequest } from '../custom';
import type { VgicStateBody } from '../../debug-adapter/custom-requests';
import { code, esc, notice, row, table, td, type ViewContent } from './html';
import { precondition, type HypervisorView, type ViewContext } from './view';

/** Control register names by GIC version. */
const NAMES = {
  2: { hcr: 'GICH_HCR', vmcr: 'GICH_VMCR', misr: 'GICH_MISR', eisr: 'GICH_EISR0', elrsr: 'GICH_ELRSR0', apr: (i: number) => (i ? `GICH_APR${i}` : 'GICH_APR'), lr: (i: number) => `GICH_LR${i}` },
  3: { hcr: 'ICH_HCR_EL2', vmcr: 'ICH_VMCR_EL2', misr: 'ICH_MISR_EL2', eisr: 'ICH_EISR_EL2', elrsr: 'ICH_ELRSR_EL2', apr: (i: number) => `ICH_AP1R${i}_EL2`, lr: (i: number) => `ICH_LR${i}_EL2` },
} as const;

const yes = (b: boolean): string => (b ? '●' : '');

export function renderVgic(v: VgicStateBody): ViewContent {
  const n = NAMES[v.gicVersion];
  const ctl = [[n.hcr, v.hcr], [n.vmcr, v.vmcr], [n.misr, v.misr], [n.eisr, v.eisr], [n.elrsr, v.elrsr], ...v.apr.map((a, i) => [n.apr(i), a])]
    .map(([k, val]) => `${esc(k)} ${code(val)}`).join(' · ');
  const lrs = v.listRegisters.map((l) => row([
    td(n.lr(l.index)), `<td class="${l.state === 'invalid' ? 'invalid' : l.state.includes('active') ? 'active' : 'pending'}">${esc(l.state)}</td>`,
    td(l.state === 'invalid' ? '' : l.virtualId, 'num'), td(l.hw && l.physicalId !== null ? l.physicalId : '', 'num'),
    td(l.priority, 'num'), td(l.group, 'num'), td(l.hw ? 'HW' : ''), td(l.raw),
  ]));
  const live = v.listRegisters.filter((l) => l.state !== 'invalid').length;
  const phys = v.physical.map((p) => row([
    td(p.id, 'num'), td(yes(p.enabled)), td(yes(p.pending), 'pending'), td(yes(p.active), 'active'), td(p.priority, 'num'), td(p.targets.join(',')), td(p.group, 'num'),
  ], p.pending || p.active ? 'hit' : ''));
  const html = `<div class="meta">GICv${v.gicVersion} · cpu${v.cpu} · ${live} of ${v.listRegisters.length} list registers in use</div>`
    + `<div class="meta">${ctl}</div>`
    + `<h3>Virtual CPU interface (list registers)</h3>`
    + (v.listRegisters.length ? table(['register', 'state', 'vINTID#', 'pINTID#', 'priority#', 'group#', 'HW', 'raw'], lrs) : '<div class="notice">No list registers (the virtual interface is not implemented on this core).</div>')
    + `<h3>Physical distributor</h3>`
    + (v.physical.length ? table(['INTID#', 'enabled', 'pending', 'active', 'priority#', 'targets', 'group#'], phys) : '<div class="notice">No interrupt is enabled, pending or active.</div>');
  return { state: 'ok', html };
}

export class VgicView implements HypervisorView {
  readonly id = 'armvirt.vgic';
  readonly title = 'vGIC';
  cpu = 0;

  async render(ctx: ViewContext): Promise<ViewContent> {
    const pre = precondition(ctx, 'the vGIC state');
    if (pre) return pre;
    const r = await customRequest(ctx.session, CUSTOM_REQUESTS.vgicState, { cpu: this.cpu });
    return r.state === 'ok' ? renderVgic(r.body) : notice(r.state, r.message);
  }
}
