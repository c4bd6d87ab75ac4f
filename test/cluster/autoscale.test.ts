// Autoscaled node pools on the local cluster (scheduler and kwok nodes): pending pods add nodes up
// to the pool's max, and emptied nodes are drained and removed down to its min. Every wait is a
// watch or a bounded wait inside the operation under test.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { labelForApplication, listPoolNodes, reconcileAutoscale, scaleKwokPool, waitForList, type KubeObject } from '../../kube';
import type { NodePool } from '../../platform/model';
import { renderManifests } from '../../platform/render';
import { catalog } from '../helpers/catalog';
import { useLocalCluster, waitForObjects, type k8s } from '../helpers/cluster';
import { client, must } from '../helpers/kubeClient';
import { repoRoot } from '../helpers/repo';

const root = repoRoot();

describe('autoscaled node pools', () => {
  it('pending pods add nodes up to max; emptied nodes are drained and removed down to min', async (t: TestContext) => {
    const { kubeconfigPath, kubeConfig, namespace } = await useLocalCluster(t);
    const kube = await client(kubeconfigPath, namespace);
    const poolName = `auto-${namespace.slice(-5)}`;
    const pool: NodePool = {
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
