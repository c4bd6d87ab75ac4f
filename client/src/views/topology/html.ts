/**
 * The topology webview's document: the graph of model.ts laid out as SVG boxes (rendered objects
 * in tiers on top, one column per node pool below, nodes in it, pods in the nodes, a column of
 * pods not scheduled yet) and edges between them. Pure. Every name comes from the cluster or a
 * workspace file, so all text goes through `escapeHtml`; the only script is the nonce'd one here,
 * under a Content-Security-Policy that allows nothing else (no network, no other resources).
 */
import type { Health } from '../clusters/summaries';
import type { EdgeRelation, PoolGroup, TopologyModel, TopologyObject, TopologyPod } from './model';

export interface DocumentOptions {
  /** A fresh random value per document (base64 or hex). */
  readonly nonce: string;
}

const MARGIN = 16;
const GAP = 24;
const BOX_W = 200;
const BOX_H = 44;
const TIER_GAP = 36;
const BAND_GAP = 56;
const COL_W = 232;
const POOL_HEAD = 44;
const NODE_HEAD = 24;
const POD_W = COL_W - 32;
const POD_H = 36;
const POD_GAP = 6;
const LINE = 18;
/** Characters a box line holds at the font sizes below; the full text is in the tooltip. */
const BOX_CHARS = 28;

interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Text and attribute values: the five characters HTML (and SVG in HTML) gives meaning to. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Cut by code points (not UTF-16 units, which could split a character). */
function truncate(text: string, max = BOX_CHARS): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const KIND_LABELS: Record<TopologyObject['kind'], string> = {
  Ingress: 'Ingress',
  Service: 'Service',
  HorizontalPodAutoscaler: 'HPA',
  Deployment: 'Deployment',
  PersistentVolumeClaim: 'PVC',
};

/** Tiers top to bottom: traffic enters at the Ingress, the HPA sits above what it scales. */
const TIERS: readonly (readonly TopologyObject['kind'][])[] = [['Ingress'], ['Service', 'HorizontalPodAutoscaler'], ['Deployment', 'PersistentVolumeClaim']];

const RELATION_LABELS: Record<EdgeRelation, string> = {
  routes: 'routes to',
  selects: 'selects',
  manages: 'manages',
  scales: 'scales',
  mounts: 'mounts',
};

interface Layout {
  readonly boxes: Map<string, Box>;
  readonly width: number;
  readonly height: number;
  /** Columns and nodes: drawn first, so edges run over them to the pods. */
  readonly back: string[];
  /** Object and pod boxes: drawn last, over the edges' ends. */
  readonly front: string[];
}

function healthClass(health: Health): string {
  return `health-${health}`;
}

function objectSvg(object: TopologyObject, box: Box): string {
  const title = `${object.kind} ${object.name} — ${object.presence === 'missing' ? 'not deployed' : object.presence === 'unknown' ? 'live state unknown' : 'live'}: ${object.detail}`;
  return [
    `<g class="object ${healthClass(object.health)} presence-${object.presence}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" rx="4"/>`,
    `<text x="${box.x + 8}" y="${box.y + 17}" class="name"><tspan class="kind">${escapeHtml(KIND_LABELS[object.kind])}</tspan> ${escapeHtml(truncate(object.name, BOX_CHARS - KIND_LABELS[object.kind].length - 1))}</text>`,
    `<text x="${box.x + 8}" y="${box.y + 34}" class="detail">${escapeHtml(truncate(object.detail))}</text>`,
    '</g>',
  ].join('');
}

function podSvg(pod: TopologyPod, box: Box): string {
  const title = `Pod ${pod.name}${pod.node ? ` on ${pod.node}` : ' (no node)'}: ${pod.description}. Click to describe.`;
  return [
    `<g class="pod ${healthClass(pod.health)}" data-pod="${escapeHtml(pod.name)}" tabindex="0" role="button" aria-label="${escapeHtml(`Describe pod ${pod.name}`)}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" rx="3"/>`,
    `<text x="${box.x + 8}" y="${box.y + 15}" class="name">${escapeHtml(truncate(pod.name))}</text>`,
    `<text x="${box.x + 8}" y="${box.y + 29}" class="detail">${escapeHtml(truncate(pod.description, BOX_CHARS + 4))}</text>`,
    '</g>',
  ].join('');
}

/** One column: a pool (its nodes and their pods) or the pods without a node. Returns the column's height. */
function columnSvg(back: string[], x: number, y: number, title: string, subtitle: string, extraClass: string, body: (top: number) => number): number {
  const start = back.length;
  const bottom = body(y + POOL_HEAD);
  const height = Math.max(bottom - y + 8, POOL_HEAD + LINE);
  back.splice(
    start,
    0,
    `<g class="column ${extraClass}"><rect x="${x}" y="${y}" width="${COL_W}" height="${height}" rx="6"/>` +
      `<text x="${x + 10}" y="${y + 18}" class="column-title">${escapeHtml(truncate(title, BOX_CHARS + 2))}</text>` +
      `<text x="${x + 10}" y="${y + 34}" class="detail">${escapeHtml(truncate(subtitle, BOX_CHARS + 6))}</text></g>`,
  );
  return height;
}

function podStack(front: string[], boxes: Map<string, Box>, pods: readonly TopologyPod[], x: number, top: number): number {
  let y = top;
  for (const pod of pods) {
    const box = { x, y, w: POD_W, h: POD_H };
    boxes.set(pod.id, box);
    front.push(podSvg(pod, box));
    y += POD_H + POD_GAP;
  }
  return y;
}

function poolBody(back: string[], front: string[], boxes: Map<string, Box>, group: PoolGroup, x: number, top: number): number {
  let y = top;
  for (const node of group.nodes) {
    const start = back.length;
    const bottom = podStack(front, boxes, node.pods, x + 16, y + NODE_HEAD);
    back.splice(
      start,
      0,
      `<g class="node${node.ready ? '' : ' not-ready'}"><title>${escapeHtml(`Node ${node.name}${node.ready ? '' : ' (not Ready)'}`)}</title>` +
        `<rect x="${x + 8}" y="${y}" width="${COL_W - 16}" height="${bottom - y}" rx="4"/>` +
        `<text x="${x + 16}" y="${y + 16}" class="node-name">${escapeHtml(truncate(`${node.name}${node.ready ? '' : ' · NotReady'}`, BOX_CHARS + 2))}</text></g>`,
    );
    y = bottom + 8;
  }
  if (group.otherNodes > 0 || group.nodes.length === 0) {
    const text = group.nodes.length === 0 ? (group.otherNodes > 0 ? `${group.otherNodes} node${group.otherNodes === 1 ? '' : 's'}, none running a pod of this Application` : 'no nodes') : `+ ${group.otherNodes} other node${group.otherNodes === 1 ? '' : 's'}`;
    back.push(`<text x="${x + 10}" y="${y + 12}" class="detail">${escapeHtml(text)}</text>`);
    y += LINE;
  }
  return y;
}

function layout(model: TopologyModel): Layout {
  const boxes = new Map<string, Box>();
  const back: string[] = [];
  const front: string[] = [];
  let y = MARGIN;
  let width = 0;
  for (const kinds of TIERS) {
    const tier = model.objects.filter((o) => kinds.includes(o.kind));
    if (tier.length === 0) continue;
    tier.forEach((object, i) => {
      const box = { x: MARGIN + i * (BOX_W + GAP), y, w: BOX_W, h: BOX_H };
      boxes.set(object.id, box);
      front.push(objectSvg(object, box));
      width = Math.max(width, box.x + BOX_W);
    });
    y += BOX_H + TIER_GAP;
  }
  const bandTop = y + (model.objects.length > 0 ? BAND_GAP - TIER_GAP : 0);
  let bottom = bandTop;
  let x = MARGIN;
  for (const group of model.pools) {
    const pods = group.nodes.reduce((n, node) => n + node.pods.length, 0);
    const subtitle = `${group.placement ? 'placement pool · ' : ''}${pods} pod${pods === 1 ? '' : 's'} on ${group.nodes.length} node${group.nodes.length === 1 ? '' : 's'}`;
    const height = columnSvg(back, x, bandTop, group.title, subtitle, group.placement ? 'placement' : '', (top) => poolBody(back, front, boxes, group, x, top));
    bottom = Math.max(bottom, bandTop + height);
    x += COL_W + GAP;
  }
  if (model.pending.length > 0) {
    const columnX = x;
    const height = columnSvg(back, columnX, bandTop, 'Pending', `${model.pending.length} pod${model.pending.length === 1 ? '' : 's'} without a node`, 'pending', (top) => podStack(front, boxes, model.pending, columnX + 16, top));
    bottom = Math.max(bottom, bandTop + height);
    x += COL_W + GAP;
  }
  width = Math.max(width, x - GAP);
  return { boxes, width: width + MARGIN, height: bottom + MARGIN, back, front };
}

/** Downwards from bottom to top; sideways (same tier, e.g. Deployment → PVC) from side to side. */
function edgePath(from: Box, to: Box): string {
  if (to.y >= from.y + from.h) {
    const x1 = from.x + from.w / 2;
    const y1 = from.y + from.h;
    const x2 = to.x + to.w / 2;
    const y2 = to.y;
    const mid = (y1 + y2) / 2;
    return `M${x1} ${y1} C${x1} ${mid} ${x2} ${mid} ${x2} ${y2}`;
  }
  const leftToRight = to.x >= from.x;
  const x1 = leftToRight ? from.x + from.w : from.x;
  const x2 = leftToRight ? to.x : to.x + to.w;
  const y1 = from.y + from.h / 2;
  const y2 = to.y + to.h / 2;
  const mid = (x1 + x2) / 2;
  return `M${x1} ${y1} C${mid} ${y1} ${mid} ${y2} ${x2} ${y2}`;
}

function edgesSvg(model: TopologyModel, boxes: ReadonlyMap<string, Box>): string {
  const paths: string[] = [];
  for (const edge of model.edges) {
    const from = boxes.get(edge.from);
    const to = boxes.get(edge.to);
    if (!from || !to) continue;
    paths.push(`<path class="edge edge-${edge.relation}" d="${edgePath(from, to)}" marker-end="url(#arrow-${edge.relation})"><title>${escapeHtml(`${edge.from} ${RELATION_LABELS[edge.relation]} ${edge.to}`)}</title></path>`);
  }
  return paths.join('');
}

function markers(): string {
  return (Object.keys(RELATION_LABELS) as EdgeRelation[])
    .map((r) => `<marker id="arrow-${r}" class="arrow-${r}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z"/></marker>`)
    .join('');
}

function legend(): string {
  const items = (Object.keys(RELATION_LABELS) as EdgeRelation[]).map(
    (r) => `<li><svg width="28" height="10" aria-hidden="true"><path class="edge edge-${r}" d="M0 5 L28 5"/></svg>${escapeHtml(RELATION_LABELS[r])}</li>`,
  );
  return `<ul class="legend">${items.join('')}<li class="hint">click a pod to describe it</li></ul>`;
}

/** The body: a header naming the Application, notes, the legend and the picture. */
export function topologyBody(model: TopologyModel): string {
  const { application } = model;
  const podCount = model.pools.reduce((n, g) => n + g.nodes.reduce((m, node) => m + node.pods.length, 0), 0) + model.pending.length;
  const { boxes, width, height, back, front } = layout(model);
  const notes = model.notes.length > 0 ? `<ul class="notes">${model.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : '';
  return [
    `<header><h1>${escapeHtml(application.name)}</h1>`,
    `<p class="where">namespace ${escapeHtml(application.namespace)} · context ${escapeHtml(application.context)} · ${podCount} pod${podCount === 1 ? '' : 's'}</p></header>`,
    notes,
    legend(),
    `<svg class="topology" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(`Topology of ${application.name}`)}">`,
    `<defs>${markers()}</defs>`,
    back.join(''),
    edgesSvg(model, boxes),
    front.join(''),
    '</svg>',
  ].join('\n');
}

/** A body that only says something (connecting, no cluster, a failure). */
export function messageBody(title: string, lines: readonly string[]): string {
  return `<header><h1>${escapeHtml(title)}</h1></header><div class="message">${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</div>`;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 12px 12px; }
h1 { font-size: 1.3em; margin: 12px 0 2px; }
.where, .hint { color: var(--vscode-descriptionForeground); margin: 0 0 8px; }
.notes { margin: 4px 0 8px; padding-left: 18px; color: var(--vscode-editorWarning-foreground); }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 14px; padding: 0; margin: 0 0 8px; color: var(--vscode-descriptionForeground); }
.legend svg { vertical-align: middle; margin-right: 4px; }
.message p { margin: 4px 0; }
svg text { fill: var(--vscode-foreground, CanvasText); font-size: 12px; }
svg text.detail { fill: var(--vscode-descriptionForeground, GrayText); font-size: 11px; }
svg text .kind { fill: var(--vscode-descriptionForeground); font-weight: 600; }
.column rect { fill: var(--vscode-sideBar-background, Canvas); stroke: var(--vscode-panel-border, #8884); }
.column.placement rect { stroke: var(--vscode-focusBorder); }
.column.pending rect { stroke-dasharray: 6 4; }
.column-title { font-weight: 600; }
.node rect { fill: var(--vscode-editor-background, Canvas); stroke: var(--vscode-panel-border, #8884); }
.node.not-ready rect { stroke: var(--vscode-errorForeground); stroke-dasharray: 4 3; }
.node-name { font-size: 11px; }
.object rect, .pod rect { fill: var(--vscode-editorWidget-background, var(--vscode-editor-background, Canvas)); stroke-width: 2; }
.presence-missing rect { stroke-dasharray: 5 4; opacity: 0.7; }
.pod { cursor: pointer; }
.pod:hover rect, .pod:focus rect { fill: var(--vscode-list-hoverBackground, Highlight); }
.pod:focus { outline: none; }
.pod:focus rect { stroke: var(--vscode-focusBorder); }
.health-ok rect { stroke: var(--vscode-testing-iconPassed, #3fb950); }
.health-progress rect { stroke: var(--vscode-charts-blue, #3794ff); }
.health-warning rect { stroke: var(--vscode-charts-yellow, #cca700); }
.health-error rect { stroke: var(--vscode-errorForeground, #f14c4c); }
.health-idle rect { stroke: var(--vscode-disabledForeground, #888); }
.edge { fill: none; stroke-width: 1.5; }
.edge-routes { stroke: var(--vscode-charts-purple, #b180d7); }
.edge-selects { stroke: var(--vscode-charts-blue, #3794ff); stroke-dasharray: 5 3; }
.edge-manages { stroke: var(--vscode-charts-green, #89d185); }
.edge-scales { stroke: var(--vscode-charts-orange, #d18616); }
.edge-mounts { stroke: var(--vscode-descriptionForeground, #888); stroke-dasharray: 2 3; }
.arrow-routes path { fill: var(--vscode-charts-purple, #b180d7); }
.arrow-selects path { fill: var(--vscode-charts-blue, #3794ff); }
.arrow-manages path { fill: var(--vscode-charts-green, #89d185); }
.arrow-scales path { fill: var(--vscode-charts-orange, #d18616); }
.arrow-mounts path { fill: var(--vscode-descriptionForeground, #888); }
`;

/*
 * Clicking (or Enter on) a pod asks the extension to describe it; the scroll position is kept in
 * the webview's state because each refresh replaces the document.
 */
const SCRIPT = `
(function () {
  const vscode = acquireVsCodeApi();
  const state = vscode.getState();
  if (state && typeof state.x === 'number') window.scrollTo(state.x, state.y);
  window.addEventListener('scroll', function () { vscode.setState({ x: window.scrollX, y: window.scrollY }); });
  function podOf(target) { return target instanceof Element ? target.closest('[data-pod]') : null; }
  function describe(el) { vscode.postMessage({ type: 'describe', pod: el.getAttribute('data-pod') }); }
  document.addEventListener('click', function (e) { const el = podOf(e.target); if (el) describe(el); });
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    const el = podOf(e.target);
    if (el) { e.preventDefault(); describe(el); }
  });
})();
`;

/** The whole document around a body: nothing loads or runs but its own nonce'd style and script. */
export function topologyDocument(title: string, body: string, options: DocumentOptions): string {
  const nonce = escapeHtml(options.nonce);
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    `<title>${escapeHtml(title)}</title>`,
    `<style nonce="${nonce}">${STYLE}</style>`,
    '</head>',
    '<body>',
    body,
    `<script nonce="${nonce}">${SCRIPT}</script>`,
    '</body>',
    '</html>',
  ].join('\n');
}
