// The explorer bench's cluster side, run by bench/explorer/main.mjs as a child (it is bundled
// from TypeScript; main.mjs is not): `fleet.js create` starts the bench's own control plane if it
// is down, deletes what an interrupted run left and creates the pod fleet; `fleet.js clean`
// deletes the fleet and its nodes; `fleet.js describe` names the fleet a BENCH_KEEP run left. The last line of stdout is `FLEET <json>`.
// The pods are not awaited Running: kwok on this two-core machine marks them over 7 to more than
// 15 minutes (slower while an earlier fleet is being deleted), and the view lists pods in any phase;
// kwok's status updates arrive as watch events while the view is driven, with the cluster's
// processes at the lowest CPU priority (main.mjs).
//   BENCH_EXPLORER_PODS=30000 BENCH_EXPLORER_NAMESPACES=3000 BENCH_EXPLORER_NODES=300 BENCH_CONCURRENCY=64
//   BENCH_EXPLORER_RUNNING=1 (wait until kwok marks every pod Running; at most 15 minutes)
import { join } from 'node:path';
import type { KubeClient } from '../../kube';
import { connectToBenchCluster, ensureBenchCluster, numberKnob, type BenchCluster } from '../cluster/benchCluster';
import { listNames, must } from '../cluster/kubeCalls';
import { BENCH_LABEL, createFleet, deleteBenchObjects, NODE_LABEL_VALUE, PODS_LABEL_VALUE } from '../cluster/podFleet';
import { collectionPath, staticResource } from '../../kube';

const repoRoot = join(__dirname, '..', '..', '..');

const num = numberKnob;

const say = (message: string): void => console.log(`[bench-explorer fleet] ${message}`);

const connectTo = (cluster: BenchCluster): Promise<KubeClient> => connectToBenchCluster(cluster, 120_000);

async function main(action: string | undefined): Promise<void> {
  if (action !== 'create' && action !== 'clean' && action !== 'describe') throw new Error('usage: fleet.js create|clean|describe');
  const cluster = await ensureBenchCluster(repoRoot, say);
  const client = await connectTo(cluster);
  if (action === 'clean') {
    const deleted = await deleteBenchObjects(client, { nodes: true });
    console.log(`FLEET ${JSON.stringify({ deleted })}`);
    return;
  }
  if (action === 'describe') {
    const namespaces = (await listNames(client, collectionPath(staticResource('Namespace'), undefined), `${BENCH_LABEL}=${PODS_LABEL_VALUE}`)).filter((n) => !n.terminating).map((n) => n.name);
    // One item and the server's count of the rest, so the fleet's 30,000 pods are not read here;
    // the server counts only without a selector: every pod of the cluster, the system's too.
    const page = await must<{ items: unknown[]; metadata?: { remainingItemCount?: number } }>(client, { method: 'GET', path: collectionPath(staticResource('Pod'), undefined), query: { limit: 1 }, operation: { verb: 'list', resource: 'pods' } });
    const pods = (page?.items.length ?? 0) + (page?.metadata?.remainingItemCount ?? 0);
    const nodes = (await listNames(client, collectionPath(staticResource('Node'), undefined), `${BENCH_LABEL}=${NODE_LABEL_VALUE}`)).length;
    if (namespaces.length === 0) throw new Error('No bench fleet to reuse: run without BENCH_EXPLORER_FLEET=keep (and with BENCH_KEEP=1 to leave one).');
    console.log(`FLEET ${JSON.stringify({ kubeconfig: cluster.kubeconfig, server: cluster.server, teardown: cluster.teardown, pods, namespaces, nodes })}`);
    return;
  }
  const pods = num('BENCH_EXPLORER_PODS', 30_000);
  const namespaces = num('BENCH_EXPLORER_NAMESPACES', 3_000);
  const nodes = num('BENCH_EXPLORER_NODES', 300);
  const leftovers = await deleteBenchObjects(client, { nodes: false });
  if (leftovers) say(`deleted ${leftovers} namespaces left by an earlier run`);
  // '0' and a count down with the clock: a run's namespaces sort before those an earlier run (or
  // the cluster bench, whose ids are random) left terminating, so its first namespace is the
  // first row of the Namespaces folder.
  const runId = `0${(36 ** 5 - 1 - (Math.floor(Date.now() / 1000) % 36 ** 5)).toString(36).padStart(5, '0')}`;
  const podsPerNamespace = Math.ceil(pods / namespaces);
  const podsPerNode = Math.ceil((pods * 1.1) / nodes);
  say(`${namespaces} namespaces × ${podsPerNamespace} pods on ${nodes} bench nodes (run ${runId})`);
  const fleet = await createFleet(client, { runId, namespaces, podsPerNamespace, nodes, podsPerNode, concurrency: num('BENCH_CONCURRENCY', 64), awaitRunning: process.env.BENCH_EXPLORER_RUNNING === '1' }, say);
  console.log(`FLEET ${JSON.stringify({ kubeconfig: cluster.kubeconfig, server: cluster.server, teardown: cluster.teardown, pods: fleet.pods, namespaces: fleet.namespaces, nodes, runningMs: Math.round(fleet.runningMs) })}`);
}

main(process.argv[2]).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[bench-explorer fleet] ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
