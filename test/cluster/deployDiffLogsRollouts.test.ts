// Cluster operations added for the cluster-operations issue's remaining gaps, against the real
// local control plane (kube-apiserver, controller-manager, scheduler, kwok nodes): deploy --diff
// and dry-run findings with their source documents, followed workload logs with pods joining,
// StatefulSet/DaemonSet history and undo, delete with propagation, and autoscaled node pools.
// Every wait is a watch (waitForObjects) or a bounded wait inside the operation under test.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import {
  deleteObject,
  diffObjects,
  followWorkloadLogs,
  hasDifference,
  knownKind,
  labelForApplication,
  listPoolNodes,
  objectUnifiedDiff,
  openCluster,
  reconcileAutoscale,
  rolloutHistory,
  rolloutStatus,
  scaleKwokPool,
  undoRollout,
  waitForList,
  type KubeClient,
  type KubeObject,
  type NodePoolSpec,
} from '../../kube';
import { runDeploy } from '../../cli/src/commands/deploy';
import type { CommandIo } from '../../cli/src/commands/validate';
import { renderManifests } from '../../platform/render';
import { configuredLogLines, useLocalCluster, waitForObjects, type k8s } from '../helpers/cluster';
import { repoRoot } from '../helpers/repo';

const root = repoRoot();
const catalog = (JSON.parse(readFileSync(join(root, 'schemas/platform/instance-catalog.json'), 'utf8')) as { instanceTypes: never[] }).instanceTypes;

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
}

async function client(kubeconfigPath: string, namespace: string): Promise<KubeClient> {
  return must(await openCluster({ kubeconfigEnv: kubeconfigPath, namespace }));
}

function captureIo(): CommandIo & { out: () => string; err: () => string } {
  let out = '';
  let errText = '';
  return { stdout: (t) => void (out += t), stderr: (t) => void (errText += t), readStdin: () => '', version: 'test', out: () => out, err: () => errText };
}

async function cli(argv: string[], kubeconfigPath: string): Promise<{ code: number; out: string; err: string }> {
  const saved = process.env.KUBECONFIG;
  process.env.KUBECONFIG = kubeconfigPath;
  try {
    const io = captureIo();
    const code = await runDeploy(argv, io);
    return { code, out: io.out(), err: io.err() };
  } finally {
    if (saved === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = saved;
  }
}

const TOLERATE_ALL = [{ operator: 'Exists' }];

function deployment(name: string, replicas: number, image = 'nginx:1.27'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { tolerations: TOLERATE_ALL, containers: [{ name: 'main', image }] } },
    },
  };
}

async function podsRunning(kubeConfig: k8s.KubeConfig, namespace: string, app: string, count: number): Promise<k8s.V1Pod[]> {
  return waitForObjects<k8s.V1Pod>(
    kubeConfig,
    `/api/v1/namespaces/${namespace}/pods`,
    { labelSelector: `app=${app}` },
    (pods) => pods.filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp).length === count,
    `${count} Running pods of ${app}`,
    90_000,
    (p) => `${p.metadata?.name}:${p.status?.phase}`,
  );
}

describe('deploy --diff against the cluster', () => {
  it('shows a new object as all added, a changed one as its changed lines, nothing for the same; exit 1, 1, 0', async (t) => {
    const { kubeconfigPath, namespace } = await useLocalCluster(t);
    const kube = await client(kubeconfigPath, namespace);
    const dir = mkdtempSync(join(tmpdir(), 'berth-diff-'));
    const file = join(dir, 'cm.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n');

    const fresh = await cli([file, '--diff', '--namespace', namespace], kubeconfigPath);
    assert.equal(fresh.code, 1, fresh.err);
    assert.equal(
      fresh.out,
      [
        `--- live/v1.ConfigMap.${namespace}.settings`,
        `+++ applied/v1.ConfigMap.${namespace}.settings`,
        '@@ -0,0 +1,7 @@',
        '+apiVersion: v1',
        '+data:',
        '+  mode: fast',
        '+kind: ConfigMap',
        '+metadata:',
        '+  name: settings',
        `+  namespace: ${namespace}`,
        '',
      ].join('\n'),
    );

    const applied = await cli([file, '--namespace', namespace], kubeconfigPath);
    assert.equal(applied.code, 0, applied.err);
    const same = await cli([file, '--diff', '--namespace', namespace], kubeconfigPath);
    assert.deepEqual([same.code, same.out], [0, ''], same.err);

    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: slow\n');
    const changed = await cli([file, '--diff', '--namespace', namespace], kubeconfigPath);
    assert.equal(changed.code, 1, changed.err);
    assert.match(changed.out, /@@ -1,6 \+1,6 @@\n apiVersion: v1\n data:\n-  mode: fast\n\+  mode: slow\n kind: ConfigMap\n/);
    // The diff stored nothing.
    const live = must(await kube.request<{ data: Record<string, string> }>({ method: 'GET', path: `/api/v1/namespaces/${namespace}/configmaps/settings`, operation: { verb: 'get' } }));
    assert.equal(live.body.data['mode'], 'fast');
  });

  it('server defaults are not differences; the diff function gives live and applied YAML per object', async (t) => {
    const { kubeconfigPath, namespace } = await useLocalCluster(t);
    const kube = await client(kubeconfigPath, namespace);
    const object = deployment('web', 1);
    const before = must(await diffObjects(kube, [object]));
    assert.equal(before[0]!.liveYaml, '');
    assert.match(before[0]!.appliedYaml, /progressDeadlineSeconds: 600/, 'the applied side is what the server would store, defaults included');
    must(await kube.request({ method: 'PATCH', path: `/apis/apps/v1/namespaces/${namespace}/deployments/web`, query: { fieldManager: 'berth' }, contentType: 'application/apply-patch+yaml', body: { ...object, metadata: { name: 'web', namespace } }, operation: { verb: 'apply' } }));
    const after = must(await diffObjects(kube, [object]));
    assert.equal(hasDifference(after[0]!), false, objectUnifiedDiff(after[0]!));
    assert.doesNotMatch(after[0]!.liveYaml, /managedFields|resourceVersion|uid:|creationTimestamp|status:/);
  });

  it('an object the server refuses is exit 2, named on stderr with its file and document', async (t) => {
    const { kubeconfigPath, namespace } = await useLocalCluster(t);
    const dir = mkdtempSync(join(tmpdir(), 'berth-diff-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Not_Valid\n');
    const r = await cli([file, '--diff', '--namespace', namespace], kubeconfigPath);
    assert.equal(r.code, 2);
    assert.match(r.out, /\+\+\+ applied\/v1\.ConfigMap\..*\.ok\n/);
    assert.match(r.err, new RegExp(`error: ConfigMap ${namespace}/Not_Valid: Invalid: .*\\(${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, document 2\\)`));
  });
});

describe('dry-run findings', () => {
  it('--dry-run --output json names the file, the document index and the field the server blamed', async (t) => {
    const { kubeconfigPath, namespace } = await useLocalCluster(t);
    const dir = mkdtempSync(join(tmpdir(), 'berth-findings-'));
    const file = join(dir, 'app.yaml');
    const bad = deployment('web', 1) as { spec: { replicas: number } } & KubeObject;
    bad.spec.replicas = -1;
    writeFileSync(file, `# leading comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\n${JSON.stringify(bad)}\n`);
    const r = await cli([file, '--dry-run', '--output', 'json', '--namespace', namespace], kubeconfigPath);
    assert.equal(r.code, 1, r.err);
    const report = JSON.parse(r.out) as { findings: { file: string; documentIndex: number; object: string; field?: string; message: string }[]; results: { name: string; action: string; file?: string; documentIndex?: number }[] };
    assert.deepEqual(
      report.findings.map((f) => ({ file: f.file, documentIndex: f.documentIndex, object: f.object, field: f.field })),
      [{ file, documentIndex: 2, object: `Deployment ${namespace}/web`, field: 'spec.replicas' }],
    );
    assert.match(report.findings[0]!.message, /spec\.replicas: Invalid value: -1/);
    assert.deepEqual(report.results.find((x) => x.name === 'ok'), { apiVersion: 'v1', kind: 'ConfigMap', name: 'ok', namespace, action: 'created', file, documentIndex: 1 });
  });

  it('objects rendered from an Application point at the Application document, without a field', async (t) => {
    const { kubeconfigPath, namespace } = await useLocalCluster(t);
    const dir = mkdtempSync(join(tmpdir(), 'berth-findings-'));
    const file = join(dir, 'platform.yaml');
    const platform = readFileSync(join(root, 'samples/platform/local-cluster.yaml'), 'utf8');
    // A port the apiserver refuses, so the rendered Service and Deployment both fail validation.
    writeFileSync(file, `${platform}\n---\napiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata:\n  name: shop\nspec:\n  cluster: local\n  image: nginx:1.27\n  replicas: 1\n  ports:\n    - {name: http, port: 70000}\n`);
    const r = await cli([file, '--dry-run', '--output', 'json', '--namespace', namespace], kubeconfigPath);
    assert.equal(r.code, 1, r.err);
    const report = JSON.parse(r.out) as { findings: { file: string; documentIndex: number; object: string; field?: string; message: string }[] };
    assert.deepEqual(
      report.findings.map(({ message: _message, ...f }) => f).sort((a, b) => a.object.localeCompare(b.object)),
      [
        { file, documentIndex: 3, object: `Deployment ${namespace}/shop` },
        { file, documentIndex: 3, object: `Service ${namespace}/shop` },
      ],
    );
    assert.match(report.findings.find((f) => f.object.startsWith('Deployment'))!.message, /containerPort: Invalid value: 70000/);
  });
});

describe('followed logs', () => {
  it('follows every pod of a workload with prefixes, new pods join, and it ends cleanly when cancelled', async (t) => {
    const { kubeconfigPath, kubeConfig, namespace } = await useLocalCluster(t);
    const kube = await client(kubeconfigPath, namespace);
    must(await kube.request({ method: 'POST', path: `/apis/apps/v1/namespaces/${namespace}/deployments`, body: deployment('talk', 1), operation: { verb: 'create' } }));
    const [pod] = await podsRunning(kubeConfig, namespace, 'talk', 1);
    const expected = configuredLogLines();
    const lines: string[] = [];
    const waiters: { check: () => boolean; resolve: () => void }[] = [];
    const until = (check: () => boolean) => new Promise<void>((resolve) => (check() ? resolve() : waiters.push({ check, resolve })));
    const controller = new AbortController();
    const following = followWorkloadLogs(kube, {
      labelSelector: 'app=talk',
      signal: controller.signal,
      onLine: ({ pod: p, container, text }) => {
        lines.push(`[${p}/${container}] ${text}`);
        for (const w of [...waiters]) if (w.check()) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
      },
    });
    const firstPod = pod!.metadata!.name!;
    await until(() => lines.filter((l) => l.startsWith(`[${firstPod}/main] `)).length === expected.length);
    must(await kube.request({ method: 'PATCH', path: `/apis/apps/v1/namespaces/${namespace}/deployments/talk/scale`, contentType: 'application/merge-patch+json', body: { spec: { replicas: 2 } }, operation: { verb: 'patch' } }));
    const pods = await podsRunning(kubeConfig, namespace, 'talk', 2);
    const joined = pods.map((p) => p.metadata!.name!).find((n) => n !== firstPod)!;
    await until(() => lines.filter((l) => l.startsWith(`[${joined}/main] `)).length === expected.length);
    // Still following: the stream stays open after the last line until cancelled.
    controller.abort();
    assert.deepEqual(await following, { ok: true, value: undefined });
    assert.deepEqual(lines.filter((l) => l.startsWith(`[${firstPod}/main] `)).map((l) => l.slice(`[${firstPod}/main] `.length)), expected);
  });
});

describe('StatefulSet and DaemonSet rollouts', () => {
  async function setImage(kube: KubeClient, plural: string, name: string, image: string): Promise<void> {
    must(await kube.request({ method: 'PATCH', path: `/apis/apps/v1/namespaces/${kube.namespace}/${plural}/${name}`, contentType: 'application/strategic-merge-patch+json', body: { spec: { template: { spec: { containers: [{ name: 'main', image }] } } } }, operation: { verb: 'patch' } }));
  }

  for (const kind of ['StatefulSet', 'DaemonSet'] as const) {
    it(`${kind}: history from ControllerRevisions, undo to the previous template, status until rolled out`, async (t) => {
      const { kubeconfigPath, namespace } = await useLocalCluster(t);
      const kube = await client(kubeconfigPath, namespace);
      const plural = kind === 'StatefulSet' ? 'statefulsets' : 'daemonsets';
      const name = kind === 'StatefulSet' ? 'db' : 'agent';
      const template = { metadata: { labels: { app: name } }, spec: { tolerations: TOLERATE_ALL, ...(kind === 'DaemonSet' ? { nodeSelector: { 'berth.dev/nodepool': 'general' } } : {}), containers: [{ name: 'main', image: 'postgres:16' }] } };
      const spec = kind === 'StatefulSet' ? { replicas: 1, serviceName: name, selector: { matchLabels: { app: name } }, template } : { selector: { matchLabels: { app: name } }, template };
      must(await kube.request({ method: 'POST', path: `/apis/apps/v1/namespaces/${namespace}/${plural}`, body: { apiVersion: 'apps/v1', kind, metadata: { name }, spec }, operation: { verb: 'create' } }));
      const ref = { kind, name } as const;
      const done = must(await rolloutStatus(kube, ref, { timeoutMs: 90_000 }));
      assert.equal(done.done, true, done.message);
      await setImage(kube, plural, name, 'postgres:17');
      must(await rolloutStatus(kube, ref, { timeoutMs: 90_000 }));

      const history = must(await rolloutHistory(kube, ref));
      assert.deepEqual(history.map((r) => [r.revision, r.images, r.current]), [
        [1, ['main=postgres:16'], false],
        [2, ['main=postgres:17'], true],
      ]);
      const undone = must(await undoRollout(kube, ref));
      assert.deepEqual([undone.revision, undone.skipped, undone.images], [1, false, ['main=postgres:16']]);
      must(await rolloutStatus(kube, ref, { timeoutMs: 90_000 }));
      const after = must(await rolloutHistory(kube, ref));
      assert.deepEqual(after.find((r) => r.current)?.images, ['main=postgres:16']);
      const again = must(await undoRollout(kube, ref, { toRevision: after.find((r) => r.current)!.revision }));
      assert.equal(again.skipped, true);
      const missing = await undoRollout(kube, ref, { toRevision: 99 });
      assert.ok(!missing.ok);
      assert.match(missing.error.message, new RegExp(`^Unable to find revision 99 in the history of ${kind.toLowerCase()} "${name}" in namespace "${namespace}"; it has revisions `));
    });
  }
});

describe('delete with propagation', () => {
  async function replicaSets(kube: KubeClient): Promise<KubeObject[]> {
    return must(await kube.request<{ items: KubeObject[] }>({ method: 'GET', path: `/apis/apps/v1/namespaces/${kube.namespace}/replicasets`, operation: { verb: 'list' } })).body.items;
  }

  it('foreground waits until the ReplicaSets are gone; orphan keeps them; a missing object is a not-found message', async (t) => {
    const { kubeconfigPath, kubeConfig, namespace } = await useLocalCluster(t);
    const kube = await client(kubeconfigPath, namespace);
    const info = knownKind('deployment')!;
    for (const name of ['fg', 'orphan']) must(await kube.request({ method: 'POST', path: `/apis/apps/v1/namespaces/${namespace}/deployments`, body: deployment(name, 1), operation: { verb: 'create' } }));
    await podsRunning(kubeConfig, namespace, 'fg', 1);
    await podsRunning(kubeConfig, namespace, 'orphan', 1);

    const fg = must(await deleteObject(kube, info, 'fg', { propagation: 'foreground', wait: true, timeoutMs: 90_000 }));
    assert.deepEqual(fg, { kind: 'Deployment', name: 'fg', namespace, propagation: 'foreground', gone: true });
    assert.deepEqual((await replicaSets(kube)).filter((rs) => rs.metadata.name?.startsWith('fg-')), [], 'foreground deletion removed the dependents first');

    must(await deleteObject(kube, info, 'orphan', { propagation: 'orphan', wait: true }));
    const kept = (await replicaSets(kube)).filter((rs) => rs.metadata.name?.startsWith('orphan-'));
    assert.equal(kept.length, 1);
    assert.deepEqual((kept[0]!.metadata as { ownerReferences?: unknown[] }).ownerReferences ?? [], []);

    const missing = await deleteObject(kube, info, 'nothing-here');
    assert.ok(!missing.ok);
    assert.equal(missing.error.kind, 'notFound');
    assert.match(missing.error.message, new RegExp(`^Not found: cannot delete deployments "nothing-here" in namespace "${namespace}"`));
  });
});

describe('autoscaled node pools', () => {
  it('pending pods add nodes up to max; emptied nodes are drained and removed down to min', async (t: TestContext) => {
    const { kubeconfigPath, kubeConfig, namespace } = await useLocalCluster(t);
    const kube = await client(kubeconfigPath, namespace);
    const poolName = `auto-${namespace.slice(-5)}`;
    const pool: NodePoolSpec & { apiVersion: string; kind: string } = {
      apiVersion: 'berth.dev/v1alpha1',
      kind: 'NodePool',
      metadata: { name: poolName },
      spec: {
        cluster: 'local',
        instanceType: 'ecs.c7.large', // 2 CPU: two 1-CPU pods per node
        scaling: { min: 1, max: 3, desired: 1, autoscale: true },
        labels: { tier: poolName },
        // Only this test's pods tolerate it: nobody else's pods land on these nodes.
        taints: [{ key: 'berth.dev/test-pool', value: poolName, effect: 'NoSchedule' }],
      },
    };
    t.after(async () => {
      // The pool's nodes go with the test, whatever happened.
      const left = await listPoolNodes(kube, poolName);
      for (const node of left.ok ? left.value : []) await kube.request({ method: 'DELETE', path: `/api/v1/nodes/${node.metadata.name}`, operation: { verb: 'delete' } });
    });
    must(await scaleKwokPool(kube, pool, 1, catalog, { timeoutMs: 60_000 }));

    const platform = parseAllDocuments(readFileSync(join(root, 'samples/platform/local-cluster.yaml'), 'utf8')).map((d) => d.toJS() as unknown);
    const app = { apiVersion: 'berth.dev/v1alpha1', kind: 'Application', metadata: { name: 'crowd' }, spec: { cluster: 'local', image: 'nginx:1.27', replicas: 3, resources: { cpu: '1', memory: '256Mi' }, placement: { nodePool: poolName } } };
    const rendered = renderManifests([app], catalog, { namespace, context: [...platform, pool] });
    const objects = rendered.objects.map((o) => labelForApplication(o.object as KubeObject, 'crowd'));
    assert.ok(objects.some((o) => o.kind === 'Deployment'), rendered.problems.join('; '));
    for (const o of objects) {
      must(await kube.request({ method: 'PATCH', path: o.kind === 'Deployment' ? `/apis/apps/v1/namespaces/${namespace}/deployments/${o.metadata.name}` : `/api/v1/namespaces/${namespace}/services/${o.metadata.name}`, query: { fieldManager: 'berth' }, contentType: 'application/apply-patch+yaml', body: o, operation: { verb: 'apply' } }));
    }
    const selector = `berth.dev/application=crowd`;
    // One node holds two of the three pods: the third is Pending, Unschedulable.
    await waitForObjects<k8s.V1Pod>(
      kubeConfig,
      `/api/v1/namespaces/${namespace}/pods`,
      { labelSelector: selector },
      (pods) => pods.filter((p) => p.status?.phase === 'Running').length === 2 && pods.some((p) => p.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'Unschedulable')),
      'two Running pods and one Unschedulable',
      90_000,
      (p) => `${p.metadata?.name}:${p.status?.phase}`,
    );

    const up = must(await reconcileAutoscale(kube, [pool], catalog, { namespaces: [namespace], timeoutMs: 60_000 }));
    assert.deepEqual(up, [{ pool: poolName, action: 'added', nodes: [`${poolName}-2`], reason: '1 pending pod' }]);
    await waitForObjects<k8s.V1Pod>(kubeConfig, `/api/v1/namespaces/${namespace}/pods`, { labelSelector: selector }, (pods) => pods.filter((p) => p.status?.phase === 'Running').length === 3, 'three Running pods', 90_000);
    const settled = must(await reconcileAutoscale(kube, [pool], catalog, { namespaces: [namespace] }));
    assert.deepEqual(settled, [], 'nothing pending and no empty node: nothing to do');

    must(await kube.request({ method: 'PATCH', path: `/apis/apps/v1/namespaces/${namespace}/deployments/crowd/scale`, contentType: 'application/merge-patch+json', body: { spec: { replicas: 0 } }, operation: { verb: 'patch' } }));
    // List then watch from the list's version: an already empty collection counts too.
    must(await waitForList(kube, `/api/v1/namespaces/${namespace}/pods`, { labelSelector: selector }, (pods) => pods.length === 0, { timeoutMs: 90_000, what: 'no pods of crowd left' }));
    const down = must(await reconcileAutoscale(kube, [pool], catalog, { namespaces: [namespace], timeoutMs: 60_000 }));
    assert.deepEqual(down, [{ pool: poolName, action: 'removed', nodes: [`${poolName}-2`], reason: 'no pods but DaemonSet pods' }]);
    assert.deepEqual(must(await listPoolNodes(kube, poolName)).map((n) => n.metadata.name), [`${poolName}-1`], 'down to min, not below');
  });
});
