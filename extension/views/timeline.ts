// The world-switch timeline: per core, one row per world class (guest EL0, guest EL1,
// hypervisor EL2, host) with the time spent there as bars, and each trap / VM exit as a mark
// carrying its ESR class and cycle cost (paper Figures 2 and 3: where a hypercall's cycles go).
// Zoom narrows the cycle window the adapter is asked for; a click on a mark asks the debugger to
// run back to that event (reverse execution), when the adapter offers it.

import { CUSTOM_REQUESTS, customRequest } from '../custom';
import type { TimelineBody, TimelineEvent } from '../../debug-adapter/custom-requests';
import { esc, notice, num, row, table, td, type ViewContent } from './html';
import { precondition, type HypervisorView, type ViewContext } from './view';

/** The rows of a core's lane, top to bottom. */
export const LANES = [
  { id: 'guest0', label: 'guest EL0' },
  { id: 'guest1', label: 'guest EL1' },
  { id: 'hyp', label: 'hyp EL2' },
  { id: 'host', label: 'host' },
] as const;
export type LaneId = (typeof LANES)[number]['id'];

/** Which row a world/EL pair belongs to: named worlds first, then by EL (bare metal has no VM). */
export function laneOf(world: string, el: number): LaneId {
  if (world === 'host') return 'host';
  if (world === 'hyp' || el === 2) return 'hyp';
  return el === 0 ? 'guest0' : 'guest1';
}

/** Trap-like events get a mark. */
const MARKED = new Set<TimelineEvent['kind']>(['trap', 'vm-exit', 'irq', 'virq-inject']);

export interface Segment { cpu: number; lane: LaneId; from: number; to: number; world: string }

/** Time in each world per core: from each event to the next event of that core (or the window's end). */
export function segments(t: TimelineBody): Segment[] {
  const out: Segment[] = [];
  for (let cpu = 0; cpu < t.cores; cpu++) {
    const ev = t.events.filter((e) => e.cpu === cpu).sort((a, b) => a.cycle - b.cycle || a.icount - b.icount);
    ev.forEach((e, i) => {
      const to = i + 1 < ev.length ? ev[i + 1].cycle : t.toCycle;
      if (to > e.cycle) out.push({ cpu, lane: laneOf(e.world, e.el), from: e.cycle, to, world: e.world });
    });
  }
  return out;
}

const W = 480, LANE_H = 16, LABEL_W = 84, GAP = 10;

export function renderTimeline(t: TimelineBody): ViewContent {
  if (!t.events.length) return notice('empty', `No trap or world-switch events between cycles ${num(t.fromCycle)} and ${num(t.toCycle)}.`);
  const span = Math.max(1, t.toCycle - t.fromCycle);
  const x = (c: number): number => LABEL_W + ((c - t.fromCycle) / span) * (W - LABEL_W - 4);
  const coreH = LANES.length * LANE_H + GAP;
  const laneY = (cpu: number, lane: LaneId): number => 16 + cpu * coreH + LANES.findIndex((l) => l.id === lane) * LANE_H;
  const parts: string[] = [];
  for (let cpu = 0; cpu < t.cores; cpu++) {
    for (const l of LANES) {
      const y = laneY(cpu, l.id);
      parts.push(`<rect class="lane" x="${LABEL_W}" y="${y}" width="${W - LABEL_W - 4}" height="${LANE_H - 2}"/>`);
      parts.push(`<text x="2" y="${y + LANE_H - 4}">cpu${cpu} ${esc(l.label)}</text>`);
    }
  }
  for (const s of segments(t)) {
    const w = Math.max(1, x(s.to) - x(s.from));
    parts.push(`<rect class="w-${s.lane}" x="${x(s.from).toFixed(1)}" y="${laneY(s.cpu, s.lane)}" width="${w.toFixed(1)}" height="${LANE_H - 2}"><title>${esc(s.world)} · cycles ${num(s.from)}–${num(s.to)} (${num(s.to - s.from)})</title></rect>`);
  }
  const marks = t.events.filter((e) => MARKED.has(e.kind));
  for (const e of marks) {
    const y0 = 16 + e.cpu * coreH, y1 = y0 + LANES.length * LANE_H;
    const title = `${e.kind}${e.ec ? ' ' + e.ec : ''}${e.esr ? ' ESR ' + e.esr : ''} @ cycle ${num(e.cycle)}${e.cost !== undefined ? ` · ${num(e.cost)} cycles` : ''}`;
    parts.push(`<line class="mark" data-cmd="jump" data-arg="${e.cpu}:${e.cycle}:${e.icount}" x1="${x(e.cycle).toFixed(1)}" x2="${x(e.cycle).toFixed(1)}" y1="${y0}" y2="${y1}"><title>${esc(title)}</title></line>`);
  }
  const h = 16 + t.cores * coreH;
  parts.push(`<text x="${LABEL_W}" y="10">${num(t.fromCycle)}</text><text x="${W - 4}" y="10" text-anchor="end">${num(t.toCycle)} cycles</text>`);
  const svg = `<svg viewBox="0 0 ${W} ${h}" width="100%" role="img" aria-label="world-switch timeline">${parts.join('')}</svg>`;
  const toolbar = `<div class="toolbar"><button data-cmd="zoom" data-arg="in">+ zoom in</button><button data-cmd="zoom" data-arg="out">− zoom out</button>`
    + `<button data-cmd="pan" data-arg="left">◀</button><button data-cmd="pan" data-arg="right">▶</button><button data-cmd="zoom" data-arg="reset">all</button>`
    + `<span class="meta">${num(t.events.length)} events${t.truncated ? ' (truncated: zoom in for the rest)' : ''}</span></div>`;
  const legend = `<div class="legend"><span class="w-guest0" style="background:var(--vscode-charts-green)"></span>guest EL0<span style="background:var(--vscode-charts-blue)"></span>guest EL1<span style="background:var(--vscode-charts-orange)"></span>hyp EL2<span style="background:var(--vscode-charts-purple)"></span>host<span style="background:var(--vscode-charts-red)"></span>trap (click: go there)</div>`;
  // The ESR as its raw value; the adapter's decoded text (after the value) goes in the tooltip.
  const esrCell = (esr: string | undefined): string => {
    const [raw, ...rest] = (esr ?? '').split(/:\s*/);
    return `<td title="${esc(rest.join(': '))}"><code>${esc(raw)}</code></td>`;
  };
  const rows = marks.slice(-200).map((e) => row([td(e.cycle, 'num'), td(`cpu${e.cpu}`), td(e.kind), td(e.ec ?? ''), td(e.cost !== undefined ? num(e.cost) : '', 'num'), esrCell(e.esr),
    `<td><button data-cmd="jump" data-arg="${e.cpu}:${e.cycle}:${e.icount}">go</button></td>`]));
  const list = marks.length ? `<h3>Traps${marks.length > 200 ? ' (last 200)' : ''}</h3>${table(['cycle#', 'core', 'kind', 'class', 'cost#', 'ESR', ''], rows)}` : '';
  return { state: 'ok', html: toolbar + svg + legend + list };
}

/** A cycle window after a zoom or pan step; null is "everything". */
export function zoomWindow(win: { from: number; to: number } | null, full: { from: number; to: number }, op: string): { from: number; to: number } | null {
  const cur = win ?? full;
  const span = Math.max(1, cur.to - cur.from), mid = cur.from + span / 2;
  const clamp = (f: number, t: number): { from: number; to: number } | null => {
    const s = t - f;
    const from = Math.max(full.from, Math.min(f, full.to - s));
    return s >= full.to - full.from ? null : { from: Math.round(from), to: Math.round(from + s) };
  };
  switch (op) {
    case 'in': return span <= 8 ? cur : clamp(mid - span / 4, mid + span / 4);
    case 'out': return clamp(mid - span, mid + span);
    case 'left': return clamp(cur.from - span / 2, cur.to - span / 2);
    case 'right': return clamp(cur.from + span / 2, cur.to + span / 2);
    default: return null;
  }
}

export class TimelineView implements HypervisorView {
  readonly id = 'armvirt.timeline';
  readonly title = 'World-Switch Timeline';
  private win: { from: number; to: number } | null = null;
  private full = { from: 0, to: 0 };
  /** Shown once after a click that could not jump. */
  private note: string | null = null;

  async render(ctx: ViewContext): Promise<ViewContent> {
    const pre = precondition(ctx, 'the world-switch timeline');
    if (pre) return pre;
    const r = await customRequest(ctx.session, CUSTOM_REQUESTS.timeline, { maxEvents: ctx.maxEvents, ...(this.win ? { fromCycle: this.win.from, toCycle: this.win.to } : {}) });
    if (r.state !== 'ok') return notice(r.state, r.message);
    if (!this.win) this.full = { from: r.body.fromCycle, to: r.body.toCycle };
    const v = renderTimeline(r.body);
    const note = this.note ? `<div class="notice">${esc(this.note)}</div>` : '';
    this.note = null;
    return { state: v.state, html: note + v.html };
  }

  async message(cmd: string, arg: string | undefined, ctx: ViewContext): Promise<boolean> {
    if (cmd === 'zoom' || cmd === 'pan') {
      this.win = arg === 'reset' ? null : zoomWindow(this.win, this.full, arg ?? '');
      return true;
    }
    if (cmd === 'jump') {
      const [cpu, cycle, icount] = (arg ?? '').split(':').map(Number);
      if (![cpu, cycle, icount].every(Number.isFinite)) return false;
      const why = ctx.jumpTo ? await ctx.jumpTo(cpu, cycle, icount) : 'reverse execution is not available';
      this.note = why ? `Cannot go to cycle ${num(cycle)}: ${why}` : null;
      return true;
    }
    return false;
  }

  /** A new session starts with the whole run in view. */
  reset(): void { this.win = null; }
}
