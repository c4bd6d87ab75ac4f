// The Clusters view keeps a row and its item per object shown: a folder listed again reuses them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../kube';
import type { ObjectNode } from '../../client/src/views/clusters/node';
import { DEPLOYMENTS, PODS, type ResourceKind } from '../../client/src/views/clusters/resourceKinds';
import { RowReuse } from '../../client/src/views/clusters/rowReuse';

const pod = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop' } }) as KubeObject;
// What objectNode (objectNode.ts, which needs vscode) makes, for the fields reuse reads.
const objectNode = (parentId: string, context: string, resource: ResourceKind, object: KubeObject): ObjectNode => ({
  kind: 'object',
  id: `${parentId}/${object.metadata.name}`,
  parentId,
  context,
  resource,
  object,
  target: { type: 'object', context, apiVersion: resource.apiVersion, kind: resource.kind, name: object.metadata.name ?? '' },
});

describe('row reuse', () => {
  test('the same object under the same parent is the same row; a replaced object is a new row', () => {
    const reuse = new RowReuse<string>();
    const web = pod('web');
    let made = 0;
    const row = (object: KubeObject, parentId = 'ctx/shop/pods', kind = PODS) => reuse.node(object, parentId, kind, () => (made++, objectNode(parentId, 'ctx', kind, object)));
    const first = row(web);
    assert.equal(row(web), first);
    assert.equal(made, 1);
    // The watch cache replaces an object that changed: a new row shows the new object.
    const changed = pod('web');
    const second = row(changed);
    assert.notEqual(second, first);
    assert.equal(second.object, changed);
    // Under another parent, or as another kind of row: not the row drawn elsewhere.
    assert.notEqual(row(changed, 'ctx/allPods'), second);
    assert.equal(row(changed, 'ctx/allPods', DEPLOYMENTS).resource.key, 'deployments');
    assert.equal(made, 4);
  });

  test('an item is made again only when the usage it shows changed', () => {
    const reuse = new RowReuse<{ description: string }>();
    const node = objectNode('ctx/shop/pods', 'ctx', PODS, pod('web'));
    let made = 0;
    const item = (usage: string | undefined) => reuse.item(node, usage, () => ({ description: `${++made} ${usage ?? ''}` }));
    const plain = item(undefined);
    assert.equal(item(undefined), plain);
    const sampled = item('CPU 5m');
    assert.notEqual(sampled, plain);
    assert.equal(item('CPU 5m'), sampled);
    assert.deepEqual(item('CPU 6m'), { description: '3 CPU 6m' });
  });
});
