// Describe on the local cluster: a Deployment's conditions and events, a Pod's owner chain, and a
// Secret masked unless revealed, through the cluster library and `berth describe`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyObjects, describeObject, listEvents, type KubeObject } from '../../kube';
import { runDescribe } from '../../cli/src/commands/describe';
import { cli } from '../helpers/cliCommand';
import { useLocalCluster } from '../helpers/cluster';
import { rolledOut, webDeployment as deployment } from '../helpers/clusterWorkloads';
import { client, must } from '../helpers/kubeClient';

describe('describe on the local cluster', () => {
  it('describes a Deployment (conditions, events), a Pod (owner chain) and a Secret (masked unless revealed)', async (t) => {
    const cluster = await useLocalCluster(t);
    const kube = await client(cluster.kubeconfigPath, cluster.namespace);
    must(await applyObjects(kube, [deployment('api', 'nginx:1.27'), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 's3cret-value', user: 'admin' } } as KubeObject]));
    await rolledOut(kube, 'api');
    // The controller-manager records its scaling as an event; wait for it (bounded).
    const deadline = Date.now() + 30_000;
    let events = must(await listEvents(kube, { object: { kind: 'Deployment', name: 'api', namespace: cluster.namespace } }));
    while (events.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      events = must(await listEvents(kube, { object: { kind: 'Deployment', name: 'api', namespace: cluster.namespace } }));
    }
    assert.ok(events.length > 0, 'no events for deployment/api within 30s');

    const d = must(await describeObject(kube, { kind: 'deploy', name: 'api' }));
    assert.match(d.markdown, /^# Deployment .*\/api\n/);
    assert.match(d.markdown, /## Conditions\n\n\| Type \| Status \| Reason \| Message \| Since \|\n\|---\|---\|---\|---\|---\|\n(\| .*\n)*\| Available \| True \|/);
    assert.match(d.markdown, /\| Progressing \| True \| NewReplicaSetAvailable \|/);
    assert.match(d.markdown, /## Events\n\n\| Type \| Reason .*\n.*\n\| Normal \| ScalingReplicaSet \|/);
    assert.match(d.markdown, /deployment "api" successfully rolled out/);

    const pods = must(await kube.request<{ items: KubeObject[] }>({ method: 'GET', path: `/api/v1/namespaces/${cluster.namespace}/pods`, query: { labelSelector: 'app=api' }, operation: { verb: 'list', resource: 'pods' } })).body.items;
    const pod = must(await describeObject(kube, { kind: 'pod', name: pods[0]!.metadata.name! }));
    assert.deepEqual(pod.owners.map((o) => o.kind), ['ReplicaSet', 'Deployment']);
    assert.match(pod.markdown, /## Owners\n\nPod\/api-[a-z0-9-]+ → ReplicaSet\/api-[a-z0-9]+ → Deployment\/api\n/);

    const secret = await cli(runDescribe, ['secret/db', '-n', cluster.namespace], cluster.kubeconfigPath);
    assert.equal(secret.code, 0, secret.err);
    assert.match(secret.out, /`password`:\*\* <masked: 12 bytes>/);
    assert.match(secret.out, /`user`:\*\* <masked: 5 bytes>/);
    assert.ok(!secret.out.includes('s3cret-value') && !secret.out.includes(Buffer.from('s3cret-value').toString('base64')), secret.out);
    const json = await cli(runDescribe, ['secret/db', '-o', 'json', '-n', cluster.namespace], cluster.kubeconfigPath);
    assert.ok(!json.out.includes(Buffer.from('s3cret-value').toString('base64')) && !json.out.includes('s3cret-value'));
    const revealed = await cli(runDescribe, ['secret/db', '--reveal', '-n', cluster.namespace], cluster.kubeconfigPath);
    assert.match(revealed.out, /`password`:\*\* `s3cret-value` \(12 bytes\)/);
    const unknown = await cli(runDescribe, ['widget/x', '-n', cluster.namespace], cluster.kubeconfigPath);
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /no resource type "widget"/);
  });
});
