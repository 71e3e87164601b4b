// The microbenchmarks view: runs the paper's microbenchmarks (Dall et al., ISCA 2016, Table III:
// hypercall, interrupt controller trap, virtual IPI, virtual IRQ completion, VM switch, I/O
// latency out/in) on the shipped hypervisors and shows emulated cycles beside the paper's, as a
// table and a grouped bar chart (log scale: the figures span 71 to 16,491 cycles).

import { CUSTOM_REQUESTS, customRequest } from '../custom';
import type { MicrobenchBody } from '../../debug-adapter/custom-requests';
import { judgeFindings, type Finding } from '../../emulator/hypervisors/findings';
import { HYPERVISORS, MICROBENCHMARKS, type MicroResult } from '../../emulator/hypervisors/types';
import { esc, notice, num, row, table, td, type ViewContent } from './html';
import type { HypervisorView, ViewContext } from './view';

type Result = MicrobenchBody['results'][number];

const BAR_W = 7, GROUP_GAP = 16, H = 180, TOP = 10, LEFT = 52;

/**
 * The log axis: from 10 cycles to a decade above the paper's largest figure (or the largest
 * measurement, if that is smaller), so one runaway measurement cannot flatten the others; bars
 * beyond the top are clipped and marked.
 */
export function axisTop(rs: readonly Result[]): number {
  const paper = Math.max(0, ...rs.map((r) => r.paper ?? 0));
  const ours = Math.max(0, ...rs.map((r) => (Number.isFinite(r.cycles) ? r.cycles : 0)));
  const cap = paper > 0 ? paper * 10 : Infinity;
  return 10 ** Math.max(2, Math.ceil(Math.log10(Math.max(100, Math.min(ours, cap), paper))));
}

/** Short labels under the groups for the paper's benchmarks (Table III); others are cut to fit. */
const SHORT: Record<string, string> = {
  'hypercall': 'HVC', 'irq-controller-trap': 'GICD trap', 'virtual-ipi': 'vIPI', 'virtual-irq-completion': 'vEOI',
  'vm-switch': 'VM sw', 'io-latency-out': 'I/O out', 'io-latency-in': 'I/O in',
};
const short = (b: string): string => SHORT[b.toLowerCase().replace(/\s+/g, '-')] ?? (b.length > 10 ? b.slice(0, 9) + '…' : b);

/**
 * The paper's findings judged on the cells of this run (emulator/hypervisors/findings.ts, the same
 * checks as `armvirt bench micro`); only findings whose cells were all measured are shown.
 */
export function findingsOf(rs: readonly Result[]): Finding[] {
  const cells: MicroResult[] = [];
  for (const r of rs) {
    const h = HYPERVISORS.find((x) => x === r.hypervisor);
    const b = MICROBENCHMARKS.find((x) => x === r.benchmark);
    if (h && b && Number.isFinite(r.cycles)) cells.push({ hypervisor: h, benchmark: b, cycles: r.cycles });
  }
  return judgeFindings(cells).filter((f) => f.holds !== null);
}

function renderFindings(fs: readonly Finding[]): string {
  if (!fs.length) return '';
  const items = fs.map((f) => `<li class="${f.holds ? 'holds' : 'fails'}"><span title="${f.holds ? 'holds' : 'does not hold'}">${f.holds ? '✓' : '✗'}</span> `
    + `${esc(f.claim)}<div class="meta">${esc(f.criterion)}: ${esc(f.evidence)}</div></li>`);
  return `<h3>The paper's findings in this run</h3><ul class="findings">${items.join('')}</ul>`;
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
  const top = axisTop(rs);
  const hi = Math.log10(top);
  const y = (v: number): number => (v <= 10 ? 0 : Math.min(1, (Math.log10(v) - 1) / (hi - 1)) * (H - TOP));
  const groupW = hyps.length * 2 * BAR_W + GROUP_GAP;
  const W = LEFT + benches.length * groupW + 10;
  const parts: string[] = [];
  for (let t = 10; t <= top; t *= 10) {
    const yy = H - y(t);
    parts.push(`<line class="axis" x1="${LEFT - 3}" x2="${W}" y1="${yy.toFixed(1)}" y2="${yy.toFixed(1)}" stroke-dasharray="2,3"/><text x="${LEFT - 5}" y="${(yy + 3).toFixed(1)}" text-anchor="end">${num(t)}</text>`);
  }
  benches.forEach((b, bi) => {
    const gx = LEFT + bi * groupW;
    hyps.forEach((h, hi2) => {
      const r = get(b, h);
      if (!r) return;
      const bars: [string, number | null][] = [['ours', r.cycles], ['paper', r.paper]];
      bars.forEach(([kind, v], k) => {
        if (v == null) return;
        const bh = y(v), x = gx + (hi2 * 2 + k) * BAR_W;
        const clipped = v > top;
        parts.push(`<rect class="bar-${kind}" x="${x}" y="${(H - bh).toFixed(1)}" width="${BAR_W - 1}" height="${bh.toFixed(1)}"><title>${esc(b)} · ${esc(h)} · ${kind === 'ours' ? 'armvirt' : 'paper'}: ${num(v)} cycles${clipped ? ' (off the scale)' : ''}</title></rect>`);
        if (clipped) parts.push(`<text x="${x + BAR_W / 2}" y="${TOP - 1}" text-anchor="middle">▲</text>`);
      });
    });
    parts.push(`<text x="${gx + (groupW - GROUP_GAP) / 2}" y="${H + 12}" text-anchor="middle">${esc(short(b))}</text>`);
  });
  parts.push(`<line class="axis" x1="${LEFT}" x2="${W}" y1="${H}" y2="${H}"/>`);
  const svg = `<svg viewBox="0 0 ${W} ${H + 18}" width="100%" role="img" aria-label="microbenchmark cycles, armvirt beside the paper">${parts.join('')}</svg>`;
  const legend = `<div class="legend"><span style="background:var(--vscode-charts-blue)"></span>armvirt (emulated cycles)<span style="background:var(--vscode-charts-orange)"></span>paper (ARM, X-Gene)</div>`
    + `<div class="meta">Bars per benchmark in the order ${hyps.map(esc).join(', ')}; log scale; ▲ off the scale.</div>`;
  const toolbar = `<div class="toolbar"><button data-cmd="run">Run again</button></div>`;
  return { state: 'ok', html: toolbar + svg + legend + `<div class="scroll">${table(head, rows)}</div>` + renderFindings(findingsOf(rs)) };
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
    // One request per hypervisor: one that is not built yet leaves the others' figures standing.
    const work = async (cancelled: () => boolean): Promise<ViewContent> => {
      const results: MicrobenchBody['results'] = [];
      const missing: string[] = [];
      for (const h of ctx.hypervisors) {
        if (cancelled()) break;
        const r = await customRequest(ctx.session, CUSTOM_REQUESTS.microbench, { hypervisors: [h] });
        if (r.state === 'error') return notice('error', `${h}: ${r.message}`);
        if (r.state === 'unavailable') missing.push(`${h} (${r.message})`);
        else results.push(...r.body.results);
      }
      if (!results.length) return notice('unavailable', missing.join('; ') || 'no hypervisor selected (armvirt.microbench.hypervisors)');
      const v = renderMicrobench({ results });
      return missing.length ? { state: v.state, html: `<div class="notice">Not run: ${esc(missing.join('; '))}</div>${v.html}` } : v;
    };
    const v = ctx.withProgress ? await ctx.withProgress('armvirt: running the microbenchmarks', work) : await work(() => false);
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
