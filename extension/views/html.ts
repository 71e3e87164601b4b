// HTML helpers shared by the hypervisor views. The views render in the extension host (pure
// functions of the adapter's answers, testable without VS Code) and the webview only swaps the
// markup in; colours come from VS Code's theme variables (--vscode-*), nothing is fetched from
// outside (the Content-Security-Policy allows no remote source).

/** What a view shows; the page's `data-state` carries it so UI tests can tell an empty or failed view. */
export type ViewState = 'ok' | 'idle' | 'unavailable' | 'error' | 'empty' | 'busy';
export interface ViewContent { state: ViewState; html: string }

export function esc(s: string | number | boolean | null | undefined): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** A table row from already-escaped cells, with an optional class ('fault', 'hit'). */
export const row = (cells: readonly string[], cls = ''): string => `<tr${cls ? ` class="${esc(cls)}"` : ''}>${cells.join('')}</tr>`;

/** A table from rows built with row(); a head cell ending in '#' is right-aligned (numbers). */
export function table(head: readonly string[], rows: readonly string[], cls = ''): string {
  const th = head.map((h) => (h.endsWith('#') ? `<th class="num">${esc(h.slice(0, -1))}</th>` : `<th>${esc(h)}</th>`)).join('');
  return `<table${cls ? ` class="${esc(cls)}"` : ''}><thead><tr>${th}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
export const td = (v: string | number | boolean | null | undefined, cls = ''): string => `<td${cls ? ` class="${esc(cls)}"` : ''}>${esc(v)}</td>`;
export const code = (v: string | number): string => `<code>${esc(v)}</code>`;

/** The messages for states that are not data (shown in every view the same way). */
export function notice(state: Exclude<ViewState, 'ok'>, text: string, action?: { cmd: string; label: string }): ViewContent {
  const icon = { idle: 'ⓘ', unavailable: '⊘', error: '⚠', empty: '∅', busy: '⋯' }[state];
  const btn = action ? ` <button data-cmd="${esc(action.cmd)}">${esc(action.label)}</button>` : '';
  return { state, html: `<div class="notice ${state}"><span class="icon">${icon}</span> ${esc(text)}${btn}</div>` };
}

/** Thousands separators, deterministic (no locale). */
export function num(n: number): string {
  const s = Math.round(n).toString();
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const CSS = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 4px 8px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { text-align: left; padding: 2px 6px; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, #8884)); white-space: nowrap; }
th { color: var(--vscode-descriptionForeground); font-weight: normal; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
tr.fault td, .fault { background: var(--vscode-inputValidation-errorBackground, #f003); }
tr.hit td { background: var(--vscode-editor-findMatchHighlightBackground, #ff03); }
.notice { padding: 8px 0; color: var(--vscode-descriptionForeground); }
.notice.error { color: var(--vscode-errorForeground); }
.meta { color: var(--vscode-descriptionForeground); margin: 2px 0; }
h3 { font-size: 1em; margin: 8px 0 2px; font-weight: 600; }
button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 2px 8px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
input { color: var(--vscode-input-foreground); background: var(--vscode-input-background); border: 1px solid var(--vscode-input-border, transparent); padding: 2px 4px; }
.pending { color: var(--vscode-charts-yellow); } .active { color: var(--vscode-charts-green); } .invalid { color: var(--vscode-disabledForeground); }
svg text { fill: var(--vscode-foreground); font-size: 10px; }
svg .lane { fill: var(--vscode-editorWidget-background, #8881); }
svg .w-guest0 { fill: var(--vscode-charts-green); } svg .w-guest1 { fill: var(--vscode-charts-blue); }
svg .w-hyp { fill: var(--vscode-charts-orange); } svg .w-host { fill: var(--vscode-charts-purple); }
svg .w-other { fill: var(--vscode-charts-foreground, #888); }
svg .mark { stroke: var(--vscode-charts-red); stroke-width: 1; cursor: pointer; }
svg .mark:hover { stroke-width: 3; }
svg .bar-ours { fill: var(--vscode-charts-blue); } svg .bar-paper { fill: var(--vscode-charts-orange); }
svg .axis { stroke: var(--vscode-descriptionForeground); stroke-width: 1; }
.legend span { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 10px; vertical-align: middle; }
.scroll { overflow-x: auto; }
ul.findings { list-style: none; padding-left: 0; margin: 2px 0; } ul.findings li { margin: 2px 0; }
ul.findings li.holds > span { color: var(--vscode-charts-green); } ul.findings li.fails > span { color: var(--vscode-errorForeground); }
.toolbar { margin: 4px 0; display: flex; gap: 4px; align-items: center; flex-wrap: wrap; }
`;

/** Swaps in the markup the host sends; clicks on [data-cmd] and form submits go back to the host. */
const SCRIPT = `
const vscode = acquireVsCodeApi();
const root = document.getElementById('root');
window.addEventListener('message', (e) => {
  const m = e.data;
  if (m && m.type === 'render') { root.innerHTML = m.html; root.dataset.state = m.state; }
});
document.addEventListener('click', (e) => {
  const t = e.target instanceof Element ? e.target.closest('[data-cmd]') : null;
  if (t && t.tagName !== 'FORM') vscode.postMessage({ cmd: t.dataset.cmd, arg: t.dataset.arg });
});
document.addEventListener('submit', (e) => {
  e.preventDefault();
  const f = e.target;
  vscode.postMessage({ cmd: f.dataset.cmd, arg: String(new FormData(f).get('value') || '') });
});
vscode.postMessage({ cmd: 'ready' });
`;

/** The page of a webview: strict CSP, one nonce'd inline script, the first content already in place. */
export function page(title: string, first: ViewContent, nonce: string, cspSource: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline'; script-src 'nonce-${nonce}'; img-src ${cspSource} data:;">
<meta name="viewport" content="width=device-width, initial-scale=1.0"><title>${esc(title)}</title><style>${CSS}</style></head>
<body><div id="root" data-state="${first.state}">${first.html}</div><script nonce="${nonce}">${SCRIPT}</script></body></html>`;
}
