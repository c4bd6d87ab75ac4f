// `berth deploy` of an Application on two clusters, as a user runs it, against two kwok clusters
// of the test's own made by `berth cluster up` (the control plane built from source): the
// replicas divided 2:1 with west on its override image, then west's apiserver down: west is
// named as failed and east still deploys.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { collectionPath, localKwokBinaries, openCluster, staticResource, waitForList, type KubeClient, type KubeObject } from '../../kube';
import { repoRoot } from '../helpers/repo';

const binaries = localKwokBinaries();
const why = !binaries.ok ? binaries.error : binaries.value ? undefined : 'the control plane is not built (npm run cluster -- build)';

function berth(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // Async: the test's own requests keep running while the CLI works.
    const child = spawn(process.execPath, [join(repoRoot(), 'dist/cli.js'), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

const suffix = process.pid;
const east = `east-${suffix}`;
const west = `west-${suffix}`;

/** A kwok Cluster of two simulated nodes, on address ranges of its own. */
const clusterWithPool = (name: string, octet: number) => `apiVersion: berth.dev/v1alpha1
kind: Cluster
metadata: {name: ${name}}
spec: {type: managed, provider: kwok, network: {podCIDR: 10.${octet}.0.0/16, serviceCIDR: 10.${octet + 1}.0.0/16}}
---
apiVersion: berth.dev/v1alpha1
kind: NodePool
metadata: {name: ${name}-general}
spec: {cluster: ${name}, instanceType: ecs.g7.large, scaling: {min: 1, max: 3, desired: 2}}
`;
const clusters = `${clusterWithPool(east, 100)}---\n${clusterWithPool(west, 102)}`;

function application(replicas: number): string {
  return `apiVersion: berth.dev/v1alpha1
kind: Application
metadata: {name: web, namespace: shop}
spec:
  clusters: [${east}, ${west}]
  image: nginx:1.27
  replicas: ${replicas}
  distribution: {replicas: divided, weights: {${east}: 2, ${west}: 1}}
  overrides:
    - {cluster: ${west}, image: nginx:1.27-west}
  ports: [{name: http, port: 8080}]
`;
}

// A blue-green Application on both clusters, for `berth switch --file` in each.
const blueGreen = `apiVersion: berth.dev/v1alpha1
kind: Application
metadata: {name: bg, namespace: shop-bg}
spec:
  clusters: [${east}, ${west}]
  image: nginx:1.27
  replicas: 1
  ports: [{name: http, port: 8080}]
  release: {strategy: blueGreen}
`;

interface Deployment extends KubeObject {
  spec?: { replicas?: number; template?: { spec?: { containers?: { image?: string }[] } } };
}
interface Pod extends KubeObject {
  status?: { phase?: string };
  spec?: { containers?: { image?: string }[] };
}

async function clientOf(kubeconfig: string, context: string): Promise<KubeClient> {
  const opened = await openCluster({ kubeconfigEnv: kubeconfig, context });
  assert.ok(opened.ok, opened.ok ? '' : opened.error.message);
  return opened.value;
}

async function deploymentOf(client: KubeClient): Promise<Deployment> {
  const got = await client.request<Deployment>({ method: 'GET', path: `${collectionPath(staticResource('Deployment'), 'shop')}/web`, operation: { verb: 'get', resource: 'deployments', namespace: 'shop' } });
  assert.ok(got.ok, got.ok ? '' : got.error.message);
  return got.value.body;
}

it('berth deploy: an Application on two clusters divides its replicas 2:1 and a cluster that is down is named while the other deploys', { skip: why ? `needs the local control plane: ${why}` : false, timeout: 600_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-multi-cluster-'));
  const clustersFile = join(dir, 'clusters.yaml');
  const appFile = join(dir, 'app.yaml');
  const bgFile = join(dir, 'bg.yaml');
  writeFileSync(clustersFile, clusters);
  writeFileSync(bgFile, blueGreen);
  const kubeconfig = join(dir, 'kube', 'config');
  const env = { KUBECONFIG: kubeconfig, KWOK_WORKDIR: join(dir, 'kwok') };
  t.after(async () => {
    for (const name of [east, west]) await berth(['cluster', 'down', clustersFile, '--cluster', name], env);
    rmSync(dir, { recursive: true, force: true });
  });

  for (const name of [east, west]) {
    const up = await berth(['cluster', 'up', clustersFile, '--cluster', name], env);
    assert.equal(up.code, 0, up.stdout + up.stderr);
  }

  writeFileSync(appFile, application(6));
  const deployed = await berth(['deploy', appFile, bgFile, clustersFile], env);
  assert.equal(deployed.code, 0, deployed.stdout + deployed.stderr);
  assert.match(deployed.stdout, new RegExp(`Deploying \\d+ objects to cluster ${east} \\(context "kwok-${east}"\\)`));
  assert.match(deployed.stdout, new RegExp(`^CLUSTER +CONTEXT +RESULT\\n${east} +kwok-${east} +\\d+ created\\n${west} +kwok-${west} +\\d+ created\\n`, 'm'));

  const eastClient = await clientOf(kubeconfig, `kwok-${east}`);
  const westClient = await clientOf(kubeconfig, `kwok-${west}`);
  const share = { [east]: { client: eastClient, replicas: 4, image: 'nginx:1.27' }, [west]: { client: westClient, replicas: 2, image: 'nginx:1.27-west' } };
  for (const [name, expected] of Object.entries(share)) {
    const deployment = await deploymentOf(expected.client);
    assert.equal(deployment.spec?.replicas, expected.replicas, `${name} runs its share`);
    assert.equal(deployment.spec?.template?.spec?.containers?.[0]?.image, expected.image, `${name}'s image`);
    assert.equal(deployment.metadata.annotations?.['berth.dev/cluster'], name, 'each object says which cluster it is for');
    const pods = await waitForList<Pod>(expected.client, collectionPath(staticResource('Pod'), 'shop'), {}, (items) => items.length === expected.replicas && items.every((p) => p.status?.phase === 'Running'), {
      timeoutMs: 180_000,
      what: `${expected.replicas} Running pods in ${name}`,
      describe: (items) => items.map((p) => `${p.metadata.name} ${p.status?.phase ?? '-'}`).join(', '),
    });
    assert.ok(pods.ok, pods.ok ? '' : pods.error.message);
    assert.ok(pods.value.every((p) => p.spec?.containers?.[0]?.image === expected.image));
  }

  // Switching acts in every cluster the Application lists (--force: the rollout check is the releases test's).
  const switched = await berth(['switch', 'bg', '--file', bgFile, '--file', clustersFile, '--force'], env);
  assert.equal(switched.code, 0, switched.stdout + switched.stderr);
  assert.equal(switched.stdout.match(/bg: service bg switched from blue to green/g)?.length, 2, switched.stdout);
  assert.match(switched.stdout, new RegExp(`# cluster ${east} \\(context "kwok-${east}"\\)[^#]*# cluster ${west} \\(context "kwok-${west}"\\)[^#]*done in 2 clusters`));
  for (const client of [eastClient, westClient]) assert.equal(await colorOf(client), 'green');

  // West goes down the way a crash takes it: its apiserver killed, the rest of it left as it was.
  const pidFile = join(dir, 'kwok', 'clusters', west, 'pids', 'kube-apiserver.pid');
  assert.ok(existsSync(pidFile), `kwokctl records the apiserver's pid in ${pidFile}`);
  process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGKILL');
  await waitUntilRefused(westClient);

  writeFileSync(appFile, application(9));
  const partial = await berth(['deploy', appFile, clustersFile], env);
  assert.equal(partial.code, 1, 'a cluster that failed fails the deploy');
  assert.match(partial.stdout, new RegExp(`^${east} +kwok-${east} +\\d+ configured`, 'm'), `east still deploys:\n${partial.stdout}`);
  assert.match(partial.stdout, new RegExp(`^${west} +kwok-${west} +(failed: |\\d+ failed)`, 'm'), `west is named as failed:\n${partial.stdout}`);
  assert.match(partial.stderr, new RegExp(`cluster ${west}: nothing more was deployed there: .*ECONNREFUSED`), partial.stderr);
  assert.equal((await deploymentOf(eastClient)).spec?.replicas, 6, 'east runs its new share');

  const back = await berth(['switch', 'bg', '--file', bgFile, '--file', clustersFile, '--to', 'blue', '--force'], env);
  assert.equal(back.code, 1, back.stdout + back.stderr);
  assert.match(back.stdout, new RegExp(`failed in 1 of 2 clusters: ${west}`));
  assert.equal(await colorOf(eastClient), 'blue', 'east still switches');
  const one = await berth(['switch', 'bg', '--file', bgFile, '--file', clustersFile, '--cluster', east, '--to', 'green', '--force'], env);
  assert.equal(one.code, 0, one.stdout + one.stderr);
  assert.doesNotMatch(one.stdout, new RegExp(west), '--cluster leaves the other cluster alone');
  assert.equal(await colorOf(eastClient), 'green');
});

async function colorOf(client: KubeClient): Promise<string | undefined> {
  const got = await client.request<{ spec: { selector: Record<string, string> } }>({ method: 'GET', path: '/api/v1/namespaces/shop-bg/services/bg', operation: { verb: 'get', resource: 'services', namespace: 'shop-bg' } });
  assert.ok(got.ok, got.ok ? '' : got.error.message);
  return got.value.body.spec.selector['berth.dev/color'];
}

/** Resolves once a request to the cluster fails (the kill is asynchronous to us). */
async function waitUntilRefused(client: KubeClient): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const r = await client.request({ method: 'GET', path: '/readyz', operation: { verb: 'get', resource: 'readyz' }, timeoutMs: 2_000 });
    if (!r.ok) return;
    if (Date.now() > deadline) throw new Error('the apiserver still answers 20 s after SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
