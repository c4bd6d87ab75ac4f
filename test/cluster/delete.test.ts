// Delete on the local cluster with propagation: foreground waits for the dependents to go, orphan
// keeps them, and a missing object is a not-found message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deleteObject, knownKind, type KubeClient, type KubeObject } from '../../kube';
import { useLocalCluster } from '../helpers/cluster';
import { deployment, podsRunning } from '../helpers/clusterWorkloads';
import { client, must } from '../helpers/kubeClient';

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
