// The Stage-2 map view: the coalesced IPA → PA ranges of the current VM (VTTBR_EL2/VTCR_EL2),
// the walk of a chosen IPA level by level, and the VM's recent Stage-2 faults highlighted
// (ARM ARM D8.3 Stage-2 descriptors: S2AP, MemAttr, XN).

import { CUSTOM_REQUESTS, customRequest } from '../custom';
import type { Stage2MapBody, Stage2WalkBody } from '../../debug-adapter/custom-requests';
import { code, esc, notice, row, table, td, type ViewContent } from './html';
import { precondition, type HypervisorView, type ViewContext } from './view';

const HEX = /^(0x)?[0-9a-f_]+$/i;

/** Normalises "4000_0000", "0x40000000" → "0x40000000"; null when not a hex address. */
export function parseIpa(s: string): string | null {
  const t = s.trim();
  if (!HEX.test(t)) return null;
  const v = BigInt('0x' + t.replace(/^0x/i, '').replace(/_/g, ''));
  return '0x' + v.toString(16);
}

/** Whether an address lies in a range; false for anything that is not a number (adapter strings are data, not trusted). */
function inRange(ipa: string, r: { ipa: string; size: string }): boolean {
  try {
    const a = BigInt(ipa), lo = BigInt(r.ipa);
    return a >= lo && a < lo + BigInt(r.size);
  } catch {
    return false;
  }
}

export function renderStage2(map: Stage2MapBody, walk: { ipa: string; body: Stage2WalkBody | null; error?: string } | null): ViewContent {
  const meta = `<div class="meta">VMID ${esc(map.vmid ?? '—')} · VTTBR_EL2 ${code(map.vttbr)} · VTCR_EL2 ${code(map.vtcr)}</div>`;
  const form = `<form class="toolbar" data-cmd="walk"><label>Walk IPA <input name="value" size="18" placeholder="0x40000000" value="${esc(walk?.ipa ?? '')}"></label><button type="submit">Walk</button></form>`;
  if (!map.enabled) {
    return { state: 'ok', html: `${meta}<div class="notice">Stage 2 is off on this core (HCR_EL2.VM = 0): IPA = PA.</div>${faults(map)}` };
  }
  const faultIpas = map.faults.map((f) => f.ipa);
  const rows = map.ranges.map((r) => {
    const cls = walk && inRange(walk.ipa, r) ? 'hit' : faultIpas.some((f) => inRange(f, r)) ? 'fault' : '';
    return row([td(r.ipa), td(r.pa), td(r.size, 'num'), td(r.access), td(r.xn ? 'XN' : 'X'), td(r.memType), td(r.level, 'num')], cls);
  });
  const body = map.ranges.length
    ? table(['IPA', 'PA', 'size#', 'S2AP', 'exec', 'memory type', 'level#'], rows)
    : '<div class="notice">No valid Stage-2 mappings.</div>';
  return { state: 'ok', html: `${meta}${form}${walkHtml(walk)}${body}${faults(map)}` };
}

function walkHtml(walk: { ipa: string; body: Stage2WalkBody | null; error?: string } | null): string {
  if (!walk) return '';
  if (!walk.body) return `<div class="notice error">Walk of ${esc(walk.ipa)}: ${esc(walk.error ?? 'not available')}</div>`;
  const w = walk.body;
  const steps = w.steps.map((s) => row([td(s.level, 'num'), td(s.tableAddress), td(s.index, 'num'), td(s.descriptor), td(s.kind)], s.kind === 'invalid' ? 'fault' : ''));
  const result = w.fault ? `<span class="fault">fault: ${esc(w.fault)}</span>` : `PA ${code(w.pa ?? '—')}`;
  return `<h3>Walk of ${esc(walk.ipa)} → ${result}</h3>${table(['level#', 'table', 'index#', 'descriptor', 'kind'], steps)}`;
}

function faults(map: Stage2MapBody): string {
  if (!map.faults.length) return '';
  const rows = map.faults.map((f) => row([td(f.ipa), td(f.ec), td(f.esr), td(f.cycle, 'num')], 'fault'));
  return `<h3>Stage-2 faults</h3>${table(['IPA', 'class', 'ESR_EL2', 'cycle#'], rows)}`;
}

export class Stage2View implements HypervisorView {
  readonly id = 'armvirt.stage2';
  readonly title = 'Stage-2 Map';
  private walkIpa: string | null = null;
  private walkError: string | null = null;

  /** Sets the address to walk (from the page's form or the armvirt.stage2Walk command). */
  setWalk(ipa: string | null): void { this.walkIpa = ipa; this.walkError = null; }

  async render(ctx: ViewContext): Promise<ViewContent> {
    const pre = precondition(ctx, 'the Stage-2 tables');
    if (pre) return pre;
    const r = await customRequest(ctx.session, CUSTOM_REQUESTS.stage2Map, {});
    if (r.state !== 'ok') return notice(r.state, r.message);
    let walk: { ipa: string; body: Stage2WalkBody | null; error?: string } | null = null;
    if (this.walkError) walk = { ipa: this.walkError, body: null, error: 'not a hexadecimal address' };
    else if (this.walkIpa) {
      const w = await customRequest(ctx.session, CUSTOM_REQUESTS.stage2Walk, { ipa: this.walkIpa });
      walk = w.state === 'ok' ? { ipa: this.walkIpa, body: w.body } : { ipa: this.walkIpa, body: null, error: w.message };
    }
    return renderStage2(r.body, walk);
  }

  async message(cmd: string, arg: string | undefined): Promise<boolean> {
    if (cmd !== 'walk') return false;
    const ipa = parseIpa(arg ?? '');
    if (ipa) this.setWalk(ipa);
    else { this.walkIpa = null; this.walkError = arg ?? ''; }
    return true;
  }
}
