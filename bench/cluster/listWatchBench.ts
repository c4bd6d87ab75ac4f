/**
 * List-and-watch of every pod in the cluster: Berth's watch cache in a fresh child process
 * (process start → listed, stored and watching; its peak RSS) against `kubectl get pods -A -o
 * json` with the locally built kubectl (spawn → exit; its peak RSS), alternating, after one
 * unmeasured run of each. Each Berth run also proves its watch is live: the bench creates a
 * marker pod once the child is ready and times until the child sees it.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { collectionPath, objectPath, staticResource, type KubeClient } from '../../kube';
import type { BenchCluster } from './benchCluster';
import type { FailedLine, ReadyLine, SeenLine } from './cacheChild';
import { createIn, must } from './kubeCalls';
import { measuredRun } from './measuredRun';

export interface BerthListRun {
  readonly spawnToReadyMs: number;
  readonly ready: ReadyLine;
  /** Marker pod created → seen by the child's watch; undefined if never seen. */
  readonly markerSeenMs: number | undefined;
}

export interface KubectlListRun {
  readonly wallMs: number;
  readonly peakRssKiB: number | undefined;
  readonly peakSource: string;
  readonly items: number;
  readonly benchPods: number;
  readonly outputMB: number;
}

export interface ListWatchResult {
  readonly berth: BerthListRun[];
  readonly kubectl: KubectlListRun[];
}

export interface ListWatchSpec {
  readonly cluster: BenchCluster;
  readonly client: KubeClient;
  readonly childScript: string;
  /** Namespace for the marker pods (one of the bench's). */
  readonly markerNamespace: string;
  readonly markerNode: string;
  readonly benchLabel: string;
  readonly repetitions: number;
}

type ChildLine = ReadyLine | SeenLine | FailedLine;

async function runBerthChild(spec: ListWatchSpec, run: number): Promise<BerthListRun> {
  const markerName = `marker-${run}-${Math.random().toString(36).slice(2, 7)}`;
  const marker = `${spec.markerNamespace}/${markerName}`;
  const started = performance.now();
  const child = spawn(process.execPath, [spec.childScript, marker, spec.benchLabel], {
    env: { ...process.env, KUBECONFIG: spec.cluster.kubeconfig },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr.on('data', (c: Buffer) => stderr.push(c.toString('utf8')));
  let buffered = '';
  const lines: ChildLine[] = [];
  const waiters: ((line: ChildLine | undefined) => void)[] = [];
  child.stdout.on('data', (c: Buffer) => {
    buffered += c.toString('utf8');
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const text = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      const line = JSON.parse(text) as ChildLine;
      const waiter = waiters.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    }
  });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  const nextLine = (timeoutMs: number): Promise<ChildLine | undefined> =>
    lines.length
      ? Promise.resolve(lines.shift())
      : new Promise((resolve) => {
          const timer = setTimeout(() => resolve(undefined), timeoutMs);
          waiters.push((line) => (clearTimeout(timer), resolve(line)));
          void exited.then(() => setImmediate(() => (clearTimeout(timer), resolve(undefined))));
        });
  try {
    const first = await nextLine(300_000);
    const spawnToReadyMs = performance.now() - started;
    if (!first || first.type !== 'ready') {
      throw new Error(`The Berth cache child did not get ready: ${first?.type === 'failed' ? first.message : 'no answer'}${stderr.length ? `; stderr: ${stderr.join('').slice(0, 500)}` : ''}`);
    }
    const markerCreated = performance.now();
    await createIn(spec.client, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: markerName, namespace: spec.markerNamespace, labels: { 'berth.dev/bench-marker': 'true' } },
      spec: { nodeName: spec.markerNode, automountServiceAccountToken: false, containers: [{ name: 'app', image: 'nginx:1.27' }] },
    }, collectionPath(staticResource('Pod'), spec.markerNamespace), []);
    const seen = await nextLine(30_000);
    const markerSeenMs = seen?.type === 'seen' ? performance.now() - markerCreated : undefined;
    await must(spec.client, { method: 'DELETE', path: objectPath(staticResource('Pod'), spec.markerNamespace, markerName), query: { gracePeriodSeconds: 0 }, operation: { verb: 'delete', resource: 'pods', name: markerName } }, ['notFound']);
    return { spawnToReadyMs, ready: first, markerSeenMs };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
  }
}

async function runKubectl(spec: ListWatchSpec): Promise<KubectlListRun> {
  const { kubectl, kubeconfig, kubectlCacheDir } = spec.cluster;
  const r = await measuredRun(kubectl, ['--kubeconfig', kubeconfig, '--cache-dir', kubectlCacheDir, 'get', 'pods', '-A', '-o', 'json', '--request-timeout=300s']);
  if (r.code !== 0) throw new Error(`kubectl get pods -A -o json exited ${r.code}: ${r.stderr.slice(0, 500)}`);
  const [key, value] = spec.benchLabel.split('=');
  const items = (JSON.parse(r.stdout) as { items: { metadata: { labels?: Record<string, string> } }[] }).items;
  return {
    wallMs: r.wallMs,
    peakRssKiB: r.peakRssKiB,
    peakSource: r.peakSource,
    items: items.length,
    benchPods: key ? items.filter((p) => p.metadata.labels?.[key] === value).length : 0,
    outputMB: Buffer.byteLength(r.stdout) / 1e6,
  };
}

export async function runListWatchBench(spec: ListWatchSpec, say: (m: string) => void): Promise<ListWatchResult> {
  const berth: BerthListRun[] = [];
  const kubectl: KubectlListRun[] = [];
  const showBerth = (b: BerthListRun) =>
    `Berth cache ready ${b.spawnToReadyMs.toFixed(0)} ms from spawn (in process ${b.ready.sinceProcessStartMs.toFixed(0)}, list ${b.ready.listMs.toFixed(0)}), ${b.ready.items} pods (${b.ready.benchPods} bench), VmHWM ${(b.ready.vmHWMKiB / 1024).toFixed(0)} MB, marker seen ${b.markerSeenMs === undefined ? 'NEVER' : `${b.markerSeenMs.toFixed(0)} ms`}`;
  const showKubectl = (k: KubectlListRun) =>
    `kubectl get pods -A -o json ${k.wallMs.toFixed(0)} ms, ${k.items} pods (${k.benchPods} bench), ${k.outputMB.toFixed(1)} MB of JSON, peak RSS ${k.peakRssKiB === undefined ? '?' : (k.peakRssKiB / 1024).toFixed(0)} MB`;
  say(`  warm-up (not counted): ${showBerth(await runBerthChild(spec, 0))}`);
  say(`  warm-up (not counted): ${showKubectl(await runKubectl(spec))}`);
  for (let rep = 1; rep <= spec.repetitions; rep++) {
    const order = rep % 2 === 1 ? (['berth', 'kubectl'] as const) : (['kubectl', 'berth'] as const);
    for (const tool of order) {
      if (tool === 'berth') {
        const b = await runBerthChild(spec, rep);
        berth.push(b);
        say(`  run ${rep}: ${showBerth(b)}`);
      } else {
        const k = await runKubectl(spec);
        kubectl.push(k);
        say(`  run ${rep}: ${showKubectl(k)}`);
      }
    }
  }
  return { berth, kubectl };
}

export function childScriptPath(benchDist: string): string {
  return join(benchDist, 'cache-child.js');
}
