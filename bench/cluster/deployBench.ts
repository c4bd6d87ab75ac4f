/**
 * Deploying a folder of objects: `berth deploy <dir>` (the CLI, bundled from cli/src as users
 * run it: server-side apply, field manager berth) against `kubectl apply --server-side -f <dir>`
 * with the kubectl built with the control plane. Same objects, same cluster; each tool applies
 * into fresh namespaces of its own (cold: everything is created), then once more unchanged
 * (warm). Repetitions alternate which tool goes first. Between runs the bench waits until the
 * controllers have finished with the Deployments just made (all available), so neither tool is
 * timed while the other's pods are still being started.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { collectionPath, objectPath, staticResource, watchCache, type KubeClient, type KubeObject } from '../../kube';
import type { BenchCluster } from './benchCluster';
import { DEPLOY_LABEL, DEPLOY_LABEL_VALUE, writeDeploySet, type DeploySet } from './deployManifests';
import { must } from './kubeCalls';
import { measuredRun, type MeasuredRun } from './measuredRun';

export type DeployTool = 'berth' | 'kubectl';

export interface DeployRun {
  readonly tool: DeployTool;
  readonly rep: number;
  readonly phase: 'cold' | 'warm';
  readonly wallMs: number;
  readonly peakRssKiB: number | undefined;
  /** Objects the tool reported as applied (kubectl: "serverside-applied"; Berth: created or unchanged as expected). */
  readonly confirmed: number;
  readonly expected: number;
  /** The tool's own summary (Berth's counts line; kubectl's line count). */
  readonly summary: string;
}

export interface DeploySpec {
  readonly cluster: BenchCluster;
  readonly client: KubeClient;
  readonly berthCli: string;
  readonly workDir: string;
  readonly runId: string;
  readonly objects: number;
  readonly namespacesPerRun: number;
  readonly repetitions: number;
}

export interface DeployResult {
  readonly runs: DeployRun[];
  readonly settleMs: number[];
  readonly notes: string[];
}

function available(d: KubeObject): boolean {
  const status = (d['status'] ?? {}) as { observedGeneration?: number; availableReplicas?: number; updatedReplicas?: number };
  const replicas = ((d['spec'] ?? {}) as { replicas?: number }).replicas ?? 1;
  const generation = (d.metadata['generation'] as number | undefined) ?? 0;
  return (status.observedGeneration ?? 0) >= generation && (status.availableReplicas ?? 0) >= replicas && (status.updatedReplicas ?? 0) >= replicas;
}

/**
 * Resolves once every Deployment of this run is available (watching, not polling), or after
 * `timeoutMs` with false. Those of an earlier run, whose namespaces are being deleted, never will.
 */
function settled(client: KubeClient, runId: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const items = new Map<string, KubeObject>();
    const key = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;
    let done = false;
    const cache = watchCache(client, staticResource('Deployment'), { labelSelector: `${DEPLOY_LABEL}=${DEPLOY_LABEL_VALUE}` }, (event) => {
      if (event.type === 'synced') {
        items.clear();
        for (const d of event.items) items.set(key(d), d);
      } else if (event.type === 'deleted') items.delete(key(event.object));
      else if (event.type !== 'error') items.set(key(event.object), event.object);
      const ours = [...items.values()].filter((d) => d.metadata.namespace?.startsWith(`bench-deploy-${runId}-`));
      if (event.type !== 'error' && ours.every((d) => d.metadata['deletionTimestamp'] || available(d))) finish(true);
    });
    const timer = setTimeout(() => finish(false), timeoutMs);
    function finish(value: boolean) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      cache.dispose();
      resolve(value);
    }
  });
}

function berthCommand(spec: DeploySpec, set: DeploySet): Promise<MeasuredRun> {
  return measuredRun(process.execPath, [spec.berthCli, 'deploy', set.dir], { env: { ...process.env, KUBECONFIG: spec.cluster.kubeconfig } });
}

function kubectlCommand(spec: DeploySpec, set: DeploySet): Promise<MeasuredRun> {
  const { kubectl, kubeconfig, kubectlCacheDir } = spec.cluster;
  return measuredRun(kubectl, ['--kubeconfig', kubeconfig, '--cache-dir', kubectlCacheDir, 'apply', '--server-side', '-f', set.dir]);
}

function check(tool: DeployTool, phase: 'cold' | 'warm', run: MeasuredRun, expected: number): { confirmed: number; summary: string } {
  if (tool === 'kubectl') {
    const confirmed = run.stdout.split('\n').filter((l) => / serverside-applied$/.test(l)).length;
    return { confirmed, summary: `${confirmed} serverside-applied${run.code ? `, exit ${run.code}: ${run.stderr.trim().split('\n')[0]}` : ''}` };
  }
  const want = phase === 'cold' ? ': created' : ': unchanged';
  const confirmed = run.stdout.split('\n').filter((l) => l.endsWith(want)).length;
  const summary = run.stdout.trim().split('\n').pop() ?? '';
  return { confirmed, summary: `${summary}${run.code ? `, exit ${run.code}: ${run.stderr.trim().split('\n')[0] ?? ''}` : ''}` };
}

export async function runDeployBench(spec: DeploySpec, say: (m: string) => void): Promise<DeployResult> {
  const runs: DeployRun[] = [];
  const settleMs: number[] = [];
  const notes: string[] = [];
  const settle = async () => {
    const t = performance.now();
    if (!(await settled(spec.client, spec.runId, 180_000))) notes.push('The controllers had not finished the previous Deployments after 180 s; the next run was timed anyway.');
    settleMs.push(performance.now() - t);
  };
  // kubectl caches discovery on disk (as on a user's machine); fill it before timing.
  await measuredRun(spec.cluster.kubectl, ['--kubeconfig', spec.cluster.kubeconfig, '--cache-dir', spec.cluster.kubectlCacheDir, 'api-resources']);
  for (let rep = 1; rep <= spec.repetitions; rep++) {
    const order: DeployTool[] = rep % 2 === 1 ? ['berth', 'kubectl'] : ['kubectl', 'berth'];
    for (const tool of order) {
      const namespaces = Array.from({ length: spec.namespacesPerRun }, (_, i) => `bench-deploy-${spec.runId}-${tool}-r${rep}-${i + 1}`);
      const set = writeDeploySet(join(spec.workDir, `${tool}-r${rep}`), namespaces, spec.objects);
      const expected = set.objects + set.namespaces.length;
      for (const phase of ['cold', 'warm'] as const) {
        await settle();
        const run = await (tool === 'berth' ? berthCommand(spec, set) : kubectlCommand(spec, set));
        const { confirmed, summary } = check(tool, phase, run, expected);
        runs.push({ tool, rep, phase, wallMs: run.wallMs, peakRssKiB: run.peakRssKiB, confirmed, expected, summary });
        say(`  rep ${rep} ${tool} ${phase}: ${(run.wallMs / 1000).toFixed(2)} s, ${confirmed}/${expected} confirmed (${summary})`);
        if (run.code !== 0 || confirmed !== expected) notes.push(`!!! ${tool} ${phase} run ${rep}: ${confirmed}/${expected} objects confirmed, exit ${run.code}: ${run.stderr.trim().slice(0, 300)}`);
      }
      rmSync(set.dir, { recursive: true, force: true });
      // Untimed: the run's pods would otherwise fill the nodes, and the next run's Deployments
      // would wait for room (settle() ignores namespaces being deleted).
      await removeNamespaces(spec.client, set.namespaces);
    }
  }
  return { runs, settleMs, notes };
}

async function removeNamespaces(client: KubeClient, namespaces: readonly string[]): Promise<void> {
  for (const namespace of namespaces) {
    await must(client, { method: 'DELETE', path: collectionPath(staticResource('Pod'), namespace), query: { gracePeriodSeconds: 0 }, operation: { verb: 'deletecollection', resource: 'pods', namespace }, timeoutMs: 120_000 }, ['notFound']);
    await must(client, { method: 'DELETE', path: objectPath(staticResource('Namespace'), undefined, namespace), operation: { verb: 'delete', resource: 'namespaces', name: namespace } }, ['notFound', 'conflict']);
  }
}
