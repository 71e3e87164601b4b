// The microbenchmarks view: runs the paper's microbenchmarks (Dall et al., ISCA 2016, Table III:
// hypercall, interrupt controller trap, virtual IPI, virtual IRQ completion, VM switch, I/O
// latency out/in) on the shipped hypervisors and shows emulated cycles beside the paper's, as a
// table and a grouped bar chart (log scale: the figures span 71 to 16,491 cycles).

import { CUSTOM_REQUESTS, customRequest } from '../custom';
import type { MicrobenchBody } from '../../debug-adapter/custom-requests';
import { esc, notice, num, row, table, td, type ViewContent } from './html';
import type { HypervisorView, ViewContext } from './view';

type Result = MicrobenchBody['results'][number];

const BAR_W = 7, GROUP_GAP = 14, H = 180, TOP = 10, LEFT = 40;

/** Log-scaled bar height: 10 cycles at the axis, the largest figure at the top. */
function scale(max: number): (v: number) => number {
  const hi = Math.log10(Math.max(100, max)), lo = 1;
  return (v: number) => (v <= 10 ? 0 : ((Math.log10(v) - lo) / (hi - lo)) * (H - TOP));
}

export function renderMicrobench(body: MicrobenchBody): ViewContent {
  const rs = body.results;
  if (!rs.length) return notice('empty', 'The adapter ran no microbenchmark (no hypervisor selected?).');
  const benches = [...new Set(rs.map((r) => r.benchmark))];
  const hyps = [...new Set(rs.map((r) => r.hypervisor))];
  const get = (b: string, h: string): Result | undefined => rs.find((r) => r.benchmark === b && r.hypervisor === h);
  // Table: one row per benchmark, per hypervisor "ours / paper / ratio".
  const head = ['microbenchmark', ...hyps.flatMap((h) => [`${h}#`, `${h} paper#`, `ratio#`])];
  const rows = benches.map((b) => row([td(b), ...hyps.flatMap((h) => {
    const r = get(b, h);
    return [td(r ? num(r.cycles) : '', 'num'), td(r?.paper != null ? num(r.paper) : '—', 'num'), td(r?.ratio != null ? r.ratio.toFixed(2) : '—', 'num')];
  })]));
  // Chart: per benchmark a group; per hypervisor two bars (ours, paper).
  const max = Math.max(...rs.flatMap((r) => [r.cycles, r.paper ?? 0]));
  const y = scale(max);
  const groupW = hyps.length * 2 * BAR_W + GROUP_GAP;
  const W = LEFT + benches.length * groupW + 10;
  const parts: string[] = [];
  for (const t of [10, 100, 1000, 10000, 100000].filter((t) => t <= Math.max(100, max) * 1.01)) {
    const yy = H - y(t);
    parts.push(`<line class="axis" x1="${LEFT - 3}" x2="${W}" y1="${yy.toFixed(1)}" y2="${yy.toFixed(1)}" stroke-dasharray="2,3"/><text x="${LEFT - 5}" y="${(yy + 3).toFixed(1)}" text-anchor="end">${num(t)}</text>`);
  }
  benches.forEach((b, bi) => {
    const gx = LEFT + bi * groupW;
    hyps.forEach((h, hi) => {
      const r = get(b, h);
      if (!r) return;
      const bars: [string, number | null][] = [['ours', r.cycles], ['paper', r.paper]];
      bars.forEach(([kind, v], k) => {
        if (v == null) return;
        const bh = y(v), x = gx + (hi * 2 + k) * BAR_W;
        parts.push(`<rect class="bar-${kind}" x="${x}" y="${(H - bh).toFixed(1)}" width="${BAR_W - 1}" height="${bh.toFixed(1)}"><title>${esc(b)} · ${esc(h)} · ${kind === 'ours' ? 'armvirt' : 'paper'}: ${num(v)} cycles</title></rect>`);
      });
    });
    parts.push(`<text x="${gx + (groupW - GROUP_GAP) / 2}" y="${H + 12}" text-anchor="middle">${esc(short(b))}</text>`);
  });
  parts.push(`<line class="axis" x1="${LEFT}" x2="${W}" y1="${H}" y2="${H}"/>`);
  const svg = `<svg viewBox="0 0 ${W} ${H + 18}" width="100%" role="img" aria-label="microbenchmark cycles, armvirt beside the paper">${parts.join('')}</svg>`;
  const legend = `<div class="legend"><span style="background:var(--vscode-charts-blue)"></span>armvirt (emulated cycles)<span style="background:var(--vscode-charts-orange)"></span>paper (ARM, X-Gene)`
    + ` <span class="meta">bars per benchmark in the order ${hyps.map(esc).join(', ')}; log scale</span></div>`;
  const toolbar = `<div class="toolbar"><button data-cmd="run">Run again</button></div>`;
  return { state: 'ok', html: toolbar + svg + legend + table(head, rows) };
}

/** Axis labels: the paper's names, shortened to fit under a group. */
function short(b: string): string {
  return b.replace(/Interrupt Controller/i, 'IntCtl').replace(/Virtual /i, 'v').replace(/Completion/i, 'EOI').replace(/Latency /i, '').replace(/Hypercall/i, 'HVC');
}

export class MicrobenchView implements HypervisorView {
  readonly id = 'armvirt.microbench';
  readonly title = 'Microbenchmarks';
  private last: ViewContent | null = null;

  async render(ctx: ViewContext): Promise<ViewContent> {
    if (this.last) return this.last;
    if (!ctx.session) return notice('idle', 'Start an armvirt debug session (Run and Debug) to run the paper\'s microbenchmarks.');
    return notice('idle', `Runs the paper's microbenchmarks on ${ctx.hypervisors.join(', ')} and compares the cycles with Table III.`, { cmd: 'run', label: 'Run microbenchmarks' });
  }

  /** Runs the benchmarks (under a progress notification when the host offers one). */
  async run(ctx: ViewContext): Promise<ViewContent> {
    const work = async (): Promise<ViewContent> => {
      const r = await customRequest(ctx.session, CUSTOM_REQUESTS.microbench, { hypervisors: ctx.hypervisors });
      return r.state === 'ok' ? renderMicrobench(r.body) : notice(r.state, r.message);
    };
    const v = ctx.withProgress ? await ctx.withProgress('armvirt: running the microbenchmarks', work) : await work();
    this.last = v ?? notice('idle', 'Microbenchmark run cancelled.', { cmd: 'run', label: 'Run microbenchmarks' });
    return this.last;
  }

  async message(cmd: string, _arg: string | undefined, ctx: ViewContext): Promise<boolean> {
    if (cmd !== 'run') return false;
    await this.run(ctx);
    return true;
  }

  /** A new session forgets the last results. */
  reset(): void { this.last = null; }
}
