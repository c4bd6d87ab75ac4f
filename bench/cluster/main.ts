/**
 * `npm run bench -- cluster`, also run after the language-server benchmarks by
 * `npm run bench`: Berth's cluster hands against kubectl on the bench's own local cluster.
 *  1. deploy 500 objects (+ their 5 namespaces): `berth deploy <dir>` vs `kubectl apply
 *     --server-side -f <dir>`, cold and warm, alternating repetitions;
 *  2. list-and-watch 10,000 pods in 1,000 namespaces: Berth's watch cache in a fresh process vs
 *     `kubectl get pods -A -o json`, time and peak RSS.
 * Results: test-results/bench-cluster.md. The bench's namespaces and nodes are deleted at the
 * end; the cluster stays up for the next run (BERTH_CLUSTER_DIR=.cache/bench-cluster npm run
 * cluster -- down stops it).
 *
 * Knobs: BENCH_CLUSTER_PARTS=deploy,list  BENCH_DEPLOY_OBJECTS=500  BENCH_DEPLOY_NAMESPACES=5
 *   BENCH_DEPLOY_REPS=3  BENCH_PODS=10000  BENCH_POD_NAMESPACES=1000  BENCH_LIST_REPS=3
 *   BENCH_NODES=10  BENCH_CONCURRENCY=64  BENCH_KEEP=1 (keep the bench's objects)
 *   BENCH_CLUSTER_DIR (default <repo>/.cache/bench-cluster; never the shared .cache/cluster)
 *   BENCH_BERTH_CLI=<bundled cli.js>, BENCH_CACHE_CHILD=<bundled cacheChild.js> (time another
 *   build, e.g. a candidate fix)  BENCH_CLUSTER_REPORT=<file> (default test-results/bench-cluster.md)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { KubeClient } from '../../kube';
import { connectToBenchCluster, ensureBenchCluster, numberKnob, type BenchCluster } from './benchCluster';
import { runDeployBench, type DeployResult } from './deployBench';
import { hasGnuTime } from './measuredRun';
import { benchNodeNames, BENCH_LABEL, createFleet, deleteBenchObjects, PODS_LABEL_VALUE, type FleetTimes } from './podFleet';
import { childScriptPath, runListWatchBench, type ListWatchResult } from './listWatchBench';
import { deployRows, listRows, table, type Row } from './report';

const repoRoot = join(__dirname, '..', '..', '..');
const num = numberKnob;
const PARTS = new Set((process.env.BENCH_CLUSTER_PARTS ?? 'deploy,list').split(',').map((s) => s.trim()));
const DEPLOY_OBJECTS = num('BENCH_DEPLOY_OBJECTS', 500);
const DEPLOY_NAMESPACES = num('BENCH_DEPLOY_NAMESPACES', 5);
const DEPLOY_REPS = num('BENCH_DEPLOY_REPS', 3);
const PODS = num('BENCH_PODS', 10_000);
const POD_NAMESPACES = num('BENCH_POD_NAMESPACES', 1000);
const LIST_REPS = num('BENCH_LIST_REPS', 3);
const NODES = num('BENCH_NODES', 10);
const CONCURRENCY = num('BENCH_CONCURRENCY', 64);
const KEEP = process.env.BENCH_KEEP === '1';
const BERTH_CLI = process.env.BENCH_BERTH_CLI ? resolve(process.env.BENCH_BERTH_CLI) : join(__dirname, 'berth.js');
const CACHE_CHILD = process.env.BENCH_CACHE_CHILD ? resolve(process.env.BENCH_CACHE_CHILD) : childScriptPath(__dirname);

const startedAt = performance.now();
const elapsed = (): string => `${((performance.now() - startedAt) / 1000).toFixed(1)} s`;
const say = (message: string): void => console.log(`[bench-cluster ${elapsed()}] ${message}`);

const connectTo = (cluster: BenchCluster): Promise<KubeClient> => connectToBenchCluster(cluster, 60_000);

async function main(): Promise<number> {
  const load = { start: loadavg()[0] ?? 0, max: loadavg()[0] ?? 0 };
  const loadTimer = setInterval(() => (load.max = Math.max(load.max, loadavg()[0] ?? 0)), 5000);
  loadTimer.unref();
  const runId = Math.random().toString(36).slice(2, 8);
  const workDir = mkdtempSync(join(tmpdir(), 'berth-bench-cluster-'));
  say(`${cpus().length} CPUs; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; run ${runId}`);

  const cluster = await ensureBenchCluster(repoRoot, say);
  const client = await connectTo(cluster);
  say(`cluster ${cluster.server} (kubeconfig ${cluster.kubeconfig}); kubectl ${cluster.kubectl}`);
  const leftovers = await deleteBenchObjects(client, { nodes: false });
  if (leftovers) say(`deleted ${leftovers} namespaces left by an earlier interrupted run`);

  const rows: Row[] = [];
  const notes: string[] = [];
  let deploy: DeployResult | undefined;
  let fleet: FleetTimes | undefined;
  let list: ListWatchResult | undefined;
  try {
    if (PARTS.has('deploy')) {
      say(`deploy: ${DEPLOY_OBJECTS} objects in ${DEPLOY_NAMESPACES} namespaces, berth deploy vs kubectl apply --server-side, ${DEPLOY_REPS} alternating repetitions`);
      deploy = await runDeployBench(
        { cluster, client, berthCli: BERTH_CLI, workDir, runId, objects: DEPLOY_OBJECTS, namespacesPerRun: DEPLOY_NAMESPACES, repetitions: DEPLOY_REPS },
        say,
      );
      rows.push(...deployRows(deploy, DEPLOY_OBJECTS + DEPLOY_NAMESPACES));
      notes.push(...deploy.notes);
      if (!KEEP) say(`deploy: deleted its ${await deleteBenchObjects(client, { nodes: false })} namespaces`);
    }
    if (PARTS.has('list')) {
      const podsPerNamespace = Math.ceil(PODS / POD_NAMESPACES);
      const podsPerNode = Math.ceil((PODS * 1.1) / NODES);
      say(`list: ${PODS} pods in ${POD_NAMESPACES} namespaces on ${NODES} bench nodes (${podsPerNode} pods each)`);
      fleet = await createFleet(client, { runId, namespaces: POD_NAMESPACES, podsPerNamespace, nodes: NODES, podsPerNode, concurrency: CONCURRENCY }, say);
      say(`list: Berth watch cache (fresh process) vs kubectl get pods -A -o json, ${LIST_REPS} alternating repetitions`);
      list = await runListWatchBench(
        {
          cluster,
          client,
          childScript: CACHE_CHILD,
          markerNamespace: fleet.namespaces[0]!,
          markerNode: benchNodeNames(NODES)[0]!,
          benchLabel: `${BENCH_LABEL}=${PODS_LABEL_VALUE}`,
          repetitions: LIST_REPS,
        },
        say,
      );
      rows.push(...listRows(list, fleet, POD_NAMESPACES * podsPerNamespace));
    }
  } finally {
    if (!KEEP) {
      const t = performance.now();
      const n = await deleteBenchObjects(client, { nodes: true }).catch((e: unknown) => {
        notes.push(`!!! cleanup failed: ${(e as Error).message}`);
        return 0;
      });
      say(`cleanup: deleted ${n} bench namespaces (their pods at once, with no grace period) and the bench nodes in ${((performance.now() - t) / 1000).toFixed(1)} s; the namespace controller removes the namespaces in the background`);
    }
    rmSync(workDir, { recursive: true, force: true });
    clearInterval(loadTimer);
  }

  const end = loadavg()[0] ?? 0;
  load.max = Math.max(load.max, end);
  const text = [
    `# Berth cluster bench — ${new Date().toISOString()}`,
    '',
    `Node ${process.version}, ${cpus().length} CPUs. Load average (1 min) at start ${load.start.toFixed(2)}, max seen ${load.max.toFixed(2)}, at end ${end.toFixed(2)}` +
      (load.max > cpus().length ? ' — **taken under load** (the machine is shared).' : '.'),
    `Cluster: the bench's own local control plane (kube-apiserver, controller-manager, scheduler, etcd built from source; kwok nodes) at ${cluster.server}, folder ${cluster.dir}; stop it with \`${cluster.teardown}\`.`,
    `kubectl: ${cluster.kubectl} (built with the control plane), discovery cache warm. Berth: ${process.env.BENCH_BERTH_CLI ? `the CLI ${BERTH_CLI} (BENCH_BERTH_CLI)` : 'the CLI bundled from cli/src of the working tree'} (\`berth deploy\`: server-side apply, field manager berth); ${process.env.BENCH_CACHE_CHILD ? `the watch cache child ${CACHE_CHILD} (BENCH_CACHE_CHILD)` : 'the watch cache of kube/'} in a fresh Node process. Both bundled minified, as \`npm run package\` ships them.`,
    `Times are wall clock from spawn to exit (deploy, kubectl get) or to "ready" (the cache), so process start is included for both. Peak RSS: ${hasGnuTime() ? "ru_maxrss of the process (GNU time's %M)" : 'sampled VmHWM (a lower bound)'}; the cache reports its own VmHWM at ready.`,
    '',
    ...table(rows),
    '',
    ...(notes.length ? ['## Notes', '', ...notes.map((n) => `- ${n}`), ''] : []),
    `Total run time ${elapsed()}.`,
  ].join('\n');
  console.log(`\n${text}`);
  const out = process.env.BENCH_CLUSTER_REPORT ? resolve(process.env.BENCH_CLUSTER_REPORT) : join(repoRoot, 'test-results', 'bench-cluster.md');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${text}\n`);
  console.log(`\nWritten to ${out}\nThe bench cluster stays up for the next run; stop it with: ${cluster.teardown}`);
  return notes.some((n) => n.startsWith('!!!')) ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`[bench-cluster] interrupted: the next run deletes this run's namespaces and nodes first (or BERTH_CLUSTER_DIR=<dir> npm run cluster -- down)`);
    process.exit(130);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[bench-cluster] ${(error as Error)?.stack ?? String(error)}`);
    process.exit(1);
  },
);
