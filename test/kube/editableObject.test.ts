import assert from 'node:assert/strict';
import { it } from 'node:test';
import { editableObject } from '../../kube/editableObject';
import type { KubeObject } from '../../kube/registry';

it('Open in Editor: the live object without server-kept fields, controller annotations or Secret values', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', uid: 'u', resourceVersion: '9', generation: 3, creationTimestamp: 't', selfLink: '/x', managedFields: [{}], labels: { app: 'web' }, annotations: { 'deployment.kubernetes.io/revision': '2', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
    spec: { replicas: 2 },
    status: { readyReplicas: 2 },
  } as unknown as KubeObject;
  assert.deepEqual(editableObject(deployment), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } }, spec: { replicas: 2 } });
  assert.equal((deployment.metadata as Record<string, unknown>)['uid'], 'u', 'the input is left as it was');

  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', annotations: { team: 'a' } }, data: { token: Buffer.from('hunter2').toString('base64') } } as unknown as KubeObject;
  const shown = JSON.stringify(editableObject(secret));
  assert.ok(!shown.includes(Buffer.from('hunter2').toString('base64')) && !shown.includes('hunter2'), shown);
  assert.match(shown, /"team":"a"/);
});
