/** The cluster bench's markdown table (test-results/bench-cluster.md), in the style of bench.md. */
import type { DeployResult, DeployTool } from './deployBench';
import type { FleetTimes } from './podFleet';
import type { ListWatchResult } from './listWatchBench';

export interface Row {
  readonly benchmark: string;
  readonly berth: string;
  readonly kubectl: string;
  readonly ratio: string;
  readonly target: string;
  readonly met: string;
}

export function median(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function fmtMs(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(0)} ms`;
}

export function fmtMB(kib: number | undefined): string {
  return kib === undefined ? '—' : `${(kib / 1024).toFixed(0)} MB`;
}

function ratio(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined || b === 0 ? '—' : `${(a / b).toFixed(2)}×`;
}

function verdict(ok: boolean | undefined): string {
  return ok === undefined ? '—' : ok ? '✅ yes' : '❌ NO';
}

const all = (xs: readonly number[]) => (xs.length ? ` (${xs.map((x) => (x / 1000).toFixed(2)).join(', ')} s)` : '');

export function deployRows(result: DeployResult, objects: number): Row[] {
  const rows: Row[] = [];
  for (const phase of ['cold', 'warm'] as const) {
    const times = (tool: DeployTool) => result.runs.filter((r) => r.tool === tool && r.phase === phase).map((r) => r.wallMs);
    const b = median(times('berth'));
    const k = median(times('kubectl'));
    const allConfirmed = result.runs.filter((r) => r.phase === phase).every((r) => r.confirmed === r.expected);
    rows.push({
      benchmark: `deploy ${objects} objects, ${phase === 'cold' ? 'cold (all created)' : 'warm (re-apply, unchanged)'}, median of ${times('berth').length}`,
      berth: `${fmtMs(b)}${all(times('berth'))}`,
      kubectl: `${fmtMs(k)}${all(times('kubectl'))}`,
      ratio: ratio(b, k),
      target: '≤ 1.00× kubectl' + (allConfirmed ? '' : '; !!! not every object confirmed'),
      met: verdict(b !== undefined && k !== undefined && b <= k && allConfirmed),
    });
  }
  const rss = (tool: DeployTool) => median(result.runs.filter((r) => r.tool === tool && r.peakRssKiB !== undefined).map((r) => r.peakRssKiB!));
  rows.push({ benchmark: 'deploy: peak RSS of the process, median', berth: fmtMB(rss('berth')), kubectl: fmtMB(rss('kubectl')), ratio: ratio(rss('berth'), rss('kubectl')), target: '—', met: '—' });
  return rows;
}

export function listRows(result: ListWatchResult, fleet: FleetTimes | undefined, expectedPods: number): Row[] {
  const bReady = median(result.berth.map((b) => b.spawnToReadyMs));
  const bInProcess = median(result.berth.map((b) => b.ready.sinceOpenMs));
  const bList = median(result.berth.map((b) => b.ready.listMs));
  const k = median(result.kubectl.map((x) => x.wallMs));
  const bRss = Math.max(...result.berth.map((b) => b.ready.vmHWMKiB));
  const kRssAll = result.kubectl.map((x) => x.peakRssKiB).filter((x): x is number => x !== undefined);
  const kRss = kRssAll.length ? Math.max(...kRssAll) : undefined;
  const seen = result.berth.map((b) => b.markerSeenMs);
  const label = `${expectedPods.toLocaleString('en-US')} pods`;
  const rows: Row[] = [
    {
      benchmark: `list+watch ${label}: fresh process → cache ready (listed, stored, watching) vs kubectl get pods -A -o json → exit, median of ${result.berth.length}`,
      berth: `${fmtMs(bReady)}${all(result.berth.map((b) => b.spawnToReadyMs))}`,
      kubectl: `${fmtMs(k)}${all(result.kubectl.map((x) => x.wallMs))}`,
      ratio: ratio(bReady, k),
      target: '≤ 2 s',
      met: verdict(bReady !== undefined && bReady <= 2000),
    },
    { benchmark: `list+watch ${label}: openCluster() → ready, in the process (of which the list request, parse and store)`, berth: `${fmtMs(bInProcess)} (${fmtMs(bList)})`, kubectl: 'n/a', ratio: '', target: '—', met: '—' },
    {
      benchmark: `list+watch ${label}: peak RSS (VmHWM at ready; kubectl: ru_maxrss), worst run`,
      berth: fmtMB(bRss),
      kubectl: fmtMB(kRss),
      ratio: ratio(bRss, kRss),
      target: '≤ 300 MB',
      met: verdict(bRss <= 300 * 1024),
    },
    {
      benchmark: 'pods received (bench pods / all pods), every run',
      berth: [...new Set(result.berth.map((b) => `${b.ready.benchPods}/${b.ready.items}`))].join(', '),
      kubectl: [...new Set(result.kubectl.map((x) => `${x.benchPods}/${x.items}`))].join(', '),
      ratio: '',
      target: `${expectedPods} bench pods`,
      met: verdict(result.berth.every((b) => b.ready.benchPods === expectedPods) && result.kubectl.every((x) => x.benchPods === expectedPods)),
    },
    {
      benchmark: 'watch live after ready: a pod created → seen by the cache',
      berth: seen.map((s) => (s === undefined ? 'NEVER' : fmtMs(s))).join(', '),
      kubectl: 'n/a',
      ratio: '',
      target: 'seen every run',
      met: verdict(seen.every((s) => s !== undefined)),
    },
  ];
  if (fleet) {
    rows.push({
      benchmark: `setup: ${fleet.pods} pods in ${fleet.namespaces.length} namespaces created (bench's concurrent requests), all Running (kwok)`,
      berth: `${fmtMs(fleet.createdMs)} (${Math.round(fleet.pods / (fleet.createdMs / 1000))} pods/s); Running after ${fmtMs(fleet.runningMs)}`,
      kubectl: 'n/a',
      ratio: '',
      target: '—',
      met: '—',
    });
  }
  return rows;
}

export function table(rows: readonly Row[]): string[] {
  return [
    '| Benchmark | Berth | kubectl | Berth/kubectl | Target | Met? |',
    '|---|---:|---:|---:|---|---|',
    ...rows.map((r) => `| ${r.benchmark} | ${r.berth} | ${r.kubectl} | ${r.ratio} | ${r.target} | ${r.met} |`),
  ];
}
