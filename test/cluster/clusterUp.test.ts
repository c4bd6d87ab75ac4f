// `berth cluster up` of a kwok Cluster, run as a user runs it, on the control plane built from
// source: a cluster of its own (own kubeconfig, own kwokctl work folder), deleted afterwards.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { collectionPath, localKwokBinaries, openCluster, staticResource, waitForList, type KubeClient, type KubeObject } from '../../kube';
import { repoRoot } from '../helpers/repo';

const binaries = localKwokBinaries();
const why = !binaries.ok ? binaries.error : binaries.value ? undefined : 'the control plane is not built (npm run cluster -- build)';

function berth(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    // Async: the test's own requests keep running while the CLI works.
    const child = spawn(process.execPath, [join(repoRoot(), 'dist/cli.js'), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Whether an IPv4 address lies in a.b.c.d/bits. */
function inRange(ip: string, cidr: string): boolean {
  const toNumber = (text: string) => text.split('.').reduce((n, part) => n * 256 + Number(part), 0);
  const [base, bits] = cidr.split('/') as [string, string];
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toNumber(ip) / size) === Math.floor(toNumber(base) / size);
}

interface Pod extends KubeObject {
  status?: { phase?: string; podIP?: string };
}

it("berth cluster up: pods of a kwok cluster get addresses from the Cluster's network.podCIDR", { skip: why ? `needs the local control plane: ${why}` : false, timeout: 300_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-cluster-up-'));
  const name = `up-${process.pid}`;
  const file = join(dir, 'cluster.yaml');
  writeFileSync(
    file,
    `apiVersion: berth.dev/v1alpha1
kind: Cluster
metadata: {name: ${name}}
spec:
  type: managed
  provider: kwok
  network: {podCIDR: 10.244.0.0/16, serviceCIDR: 10.96.0.0/16}
---
apiVersion: berth.dev/v1alpha1
kind: NodePool
metadata: {name: general}
spec: {cluster: ${name}, instanceType: ecs.g7.large, scaling: {min: 1, max: 3, desired: 2}}
`,
  );
  const kubeconfigFile = join(dir, 'kube', 'config');
  const env = { KUBECONFIG: kubeconfigFile, KWOK_WORKDIR: join(dir, 'kwok') };
  t.after(async () => {
    await berth(['cluster', 'down', file], env);
    rmSync(dir, { recursive: true, force: true });
  });

  const up = await berth(['cluster', 'up', file], env);
  assert.equal(up.code, 0, up.output);
  assert.match(up.output, new RegExp(`Cluster ${name} is up: context "kwok-${name}"`));

  const opened = await openCluster({ kubeconfigEnv: kubeconfigFile });
  assert.ok(opened.ok, opened.ok ? '' : opened.error.message);
  const client: KubeClient = opened.value;
  const nodes = await client.request<{ items: (KubeObject & { spec?: { podCIDR?: string } })[] }>({ method: 'GET', path: collectionPath(staticResource('Node'), undefined), operation: { verb: 'list', resource: 'nodes' } });
  assert.ok(nodes.ok, nodes.ok ? '' : nodes.error.message);
  assert.deepEqual(nodes.value.body.items.map((n) => [n.metadata.name, n.metadata.labels?.['node-role.kubernetes.io/agent'], n.spec?.podCIDR]).sort(), [
    ['general-1', '', '10.244.0.0/16'],
    ['general-2', '', '10.244.0.0/16'],
  ]);

  // The ServiceAccount admission plugin refuses pods until the controller-manager made `default`.
  const account = await waitForList(client, collectionPath(staticResource('ServiceAccount'), 'default'), {}, (items) => items.some((a) => a.metadata.name === 'default'), { timeoutMs: 120_000, what: 'the default service account' });
  assert.ok(account.ok, account.ok ? '' : account.error.message);
  for (const index of [1, 2, 3]) {
    const created = await client.request({
      method: 'POST',
      path: collectionPath(staticResource('Pod'), 'default'),
      body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: `web-${index}`, labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
      operation: { verb: 'create', resource: 'pods', namespace: 'default' },
    });
    assert.ok(created.ok, created.ok ? '' : created.error.message);
  }
  const pods = await waitForList<Pod>(client, collectionPath(staticResource('Pod'), 'default'), { labelSelector: 'app=web' }, (items) => items.length === 3 && items.every((p) => p.status?.phase === 'Running' && p.status.podIP), {
    timeoutMs: 120_000,
    what: 'three Running pods with addresses',
    describe: (items) => items.map((p) => `${p.metadata.name} ${p.status?.phase ?? '-'} ${p.status?.podIP ?? '-'}`).join(', '),
  });
  assert.ok(pods.ok, pods.ok ? '' : pods.error.message);
  for (const pod of pods.value) assert.ok(inRange(pod.status!.podIP!, '10.244.0.0/16'), `${pod.metadata.name} got ${pod.status!.podIP}, outside 10.244.0.0/16`);
  assert.equal(new Set(pods.value.map((p) => p.status!.podIP)).size, 3, 'every pod has its own address');
});
