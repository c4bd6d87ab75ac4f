// berth/namespaceLabels over the wire: the Pod Security labels of the cluster's namespaces decide
// the level of pods in namespaces the workspace does not define; a malformed message is ignored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from '../helpers/lspClient';

let client: LspClient;

before(async () => {
  client = new LspClient({});
  await client.initialize();
});
after(async () => client.shutdown());

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  containers:\n    - name: c\n      image: busybox:1.36\n';

test("the cluster's namespace labels make a Pod's missing securityContext an error, and forgetting them undoes it", async () => {
  const uri = 'file:///ws/pod.yaml';
  assert.deepEqual((await client.open(uri, POD)).filter((d) => d.code === 'pod-security'), []);

  const refused = client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'pod-security'));
  await client.connection.sendNotification('berth/namespaceLabels', { context: 'kwok-berth', namespaces: { shop: { 'pod-security.kubernetes.io/enforce': 'restricted', team: 'a' } } });
  const diagnostics = (await refused).diagnostics.filter((d) => d.code === 'pod-security');
  assert.deepEqual(diagnostics.map((d) => `${d.severity} ${d.range.start.line}:${d.range.start.character}`), ['1 6:2', '1 6:2', '1 6:2', '1 6:2']);
  assert.match(String(diagnostics[0]!.message), /of namespace "shop" \(labels of the connected cluster\).*the apiserver refuses this Pod\.$/);

  const forgotten = client.diagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'pod-security'));
  await client.connection.sendNotification('berth/namespaceLabels', { namespaces: {} });
  await forgotten;
});

test('a malformed message is ignored and the server keeps serving', async () => {
  await client.connection.sendNotification('berth/namespaceLabels', null);
  await client.connection.sendNotification('berth/namespaceLabels', { namespaces: 'all' });
  await client.connection.sendNotification('berth/namespaceLabels', { namespaces: { 'Not A Name': { 'pod-security.kubernetes.io/enforce': 'restricted' }, shop: 7 } });
  const diagnostics = await client.open('file:///ws/after.yaml', POD.replace('name: p', 'name: q'));
  assert.deepEqual(diagnostics.filter((d) => d.code === 'pod-security'), []);
});
