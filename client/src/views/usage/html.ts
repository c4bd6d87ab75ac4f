/**
 * The Show Usage webview's document: one row per Application, its CPU and memory now against
 * its requests, and a small chart of both over the last samples (as a share of requests, or of
 * the highest sample when nothing is requested). Pure. Names come from the cluster, so all text
 * goes through escapeHtml; there is no script at all, under a Content-Security-Policy that
 * allows only the nonce'd style (the topology panel's rules, minus its script).
 */
import { formatCpuUsage, formatMemoryUsage } from '../../../../kube';
import { escapeHtml } from '../topology/html';
import type { ApplicationSeries } from './history';
import { HISTORY } from './history';

const W = 240;
const H = 56;

/** Points of a polyline: values scaled so that `top` is the chart's top edge. */
function points(values: readonly number[], top: number): string {
  const step = W / (HISTORY - 1);
  const start = W - step * (values.length - 1);
  return values.map((v, i) => `${(start + i * step).toFixed(1)},${(H - (Math.min(v, top) / top) * (H - 2) - 1).toFixed(1)}`).join(' ');
}

function chart(series: ApplicationSeries): string {
  const cpu = series.samples.map((s) => (series.requests.cpu > 0 ? s.cpu / series.requests.cpu : s.cpu));
  const memory = series.samples.map((s) => (series.requests.memory > 0 ? s.memory / series.requests.memory : s.memory));
  // Against requests the chart tops at 100% unless usage exceeds it; without requests, at the highest sample.
  const top = (values: number[], requested: boolean) => Math.max(requested ? 1 : 0, ...values) || 1;
  const lines = [
    `<polyline class="cpu" points="${points(cpu, top(cpu, series.requests.cpu > 0))}"/>`,
    `<polyline class="memory" points="${points(memory, top(memory, series.requests.memory > 0))}"/>`,
  ];
  const label = `CPU and memory of ${series.application} over the last ${series.samples.length} samples`;
  return `<svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(label)}"><rect class="frame" x="0.5" y="0.5" width="${W - 1}" height="${H - 1}"/>${lines.join('')}</svg>`;
}

function row(series: ApplicationSeries): string {
  const now = series.samples[series.samples.length - 1];
  return [
    '<section class="app">',
    `<h2>${escapeHtml(series.application)} <span class="where">${escapeHtml(series.namespace)} · ${series.pods} pod${series.pods === 1 ? '' : 's'}</span></h2>`,
    chart(series),
    `<p><span class="key cpu"></span>CPU ${escapeHtml(formatCpuUsage(now, series.requests))}</p>`,
    `<p><span class="key memory"></span>memory ${escapeHtml(formatMemoryUsage(now, series.requests))}</p>`,
    '</section>',
  ].join('');
}

export function usageBody(context: string, series: readonly ApplicationSeries[], notes: readonly string[]): string {
  const head = `<header><h1>Usage</h1><p class="where">context ${escapeHtml(context)} · Applications by their berth.dev/application label · against requests</p></header>`;
  const noteList = notes.length ? `<ul class="notes">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : '';
  if (series.length === 0) return `${head}${noteList}<p>No running pod carries the berth.dev/application label.</p>`;
  return `${head}${noteList}${series.map(row).join('')}`;
}

export function usageMessage(title: string, lines: readonly string[]): string {
  return `<header><h1>${escapeHtml(title)}</h1></header>${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}`;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 12px 12px; }
h1 { font-size: 1.3em; margin: 12px 0 2px; }
h2 { font-size: 1.05em; margin: 0 0 4px; }
.where { color: var(--vscode-descriptionForeground); font-weight: normal; }
.notes { color: var(--vscode-editorWarning-foreground); padding-left: 18px; }
.app { margin: 12px 0; }
.app p { margin: 2px 0; }
.frame { fill: var(--vscode-editorWidget-background, Canvas); stroke: var(--vscode-panel-border, #8884); }
polyline { fill: none; stroke-width: 1.5; }
polyline.cpu { stroke: var(--vscode-charts-blue, #3794ff); }
polyline.memory { stroke: var(--vscode-charts-orange, #d18616); }
.key { display: inline-block; width: 10px; height: 3px; margin: 0 6px 3px 0; vertical-align: middle; }
.key.cpu { background: var(--vscode-charts-blue, #3794ff); }
.key.memory { background: var(--vscode-charts-orange, #d18616); }
`;

/** The whole document: nothing loads or runs; only the nonce'd style applies. */
export function usageDocument(body: string, nonce: string): string {
  const n = escapeHtml(nonce);
  const csp = `default-src 'none'; style-src 'nonce-${n}'; base-uri 'none'; form-action 'none'`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    '<title>Usage</title>',
    `<style nonce="${n}">${STYLE}</style>`,
    '</head>',
    `<body>${body}</body>`,
    '</html>',
  ].join('\n');
}
