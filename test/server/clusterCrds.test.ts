// berth/clusterCrds over the wire: the connected cluster's CRDs validate open custom resources,
// hover names the cluster and the time they were read, the workspace's own CRD wins over them,
// and an empty notification forgets them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';

let client: LspClient;

before(async () => {
  client = new LspClient({ validation: { unknownFields: 'warning' } });
  await client.initialize();
});
after(async () => client.shutdown());

const CLUSTER_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gadgets.cluster.example' },
  spec: {
    group: 'cluster.example',
    names: { kind: 'Gadget', plural: 'gadgets' },
    scope: 'Namespaced',
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer', description: 'How big the gadget is.' } } } } } } }],
  },
};

const GADGET = 'apiVersion: cluster.example/v1\nkind: Gadget\nmetadata:\n  name: g\nspec:\n  size: big\n';

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${String(d.code)} ${d.range.start.line}:${d.range.start.character}`);

test('the cluster\'s CRDs validate a custom resource, and hover says which cluster and when', async () => {
  const uri = 'file:///ws/gadget.yaml';
  const before = await client.open(uri, GADGET);
  assert.deepEqual(before.map((d) => d.code), ['missing-schema']);

  const validated = client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'invalid-type'));
  await client.connection.sendNotification('berth/clusterCrds', { cluster: 'kwok-berth', cachedAt: '2026-12-02T12:40:31.000Z', crds: [CLUSTER_CRD] });
  const diagnostics = (await validated).diagnostics;
  assert.deepEqual(codes(diagnostics), ['invalid-type 5:8']);
  assert.equal(diagnostics[0]!.message, 'size must be an integer, not the string "big"');

  const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 3 } })) as { contents: { value: string } };
  assert.match(hover.contents.value, /How big the gadget is\./);
  assert.match(hover.contents.value, /CRD gadgets\.cluster\.example v1, from cluster kwok-berth, cached 2026-12-02 12:40 UTC/);

  // The same listing sent again (a restarted watch) changes nothing; an empty one forgets the cluster's CRDs.
  const forgotten = client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'missing-schema'));
  await client.connection.sendNotification('berth/clusterCrds', { cluster: 'kwok-berth', cachedAt: '2026-12-02T12:40:31.000Z', crds: [CLUSTER_CRD] });
  await client.connection.sendNotification('berth/clusterCrds', { crds: [] });
  assert.deepEqual((await forgotten).diagnostics.map((d) => d.code), ['missing-schema']);
});

test('a CRD of the workspace wins over the cluster\'s', async () => {
  await client.connection.sendNotification('berth/clusterCrds', { cluster: 'kwok-berth', cachedAt: '2026-12-02T12:40:31.000Z', crds: [CLUSTER_CRD] });
  const crdFile = 'file:///ws/crds/gadget-crd.yaml';
  const workspaceCrd = JSON.parse(JSON.stringify(CLUSTER_CRD)) as typeof CLUSTER_CRD;
  workspaceCrd.spec.versions[0]!.schema.openAPIV3Schema.properties.spec.properties.size = { type: 'string', description: 'A size word.' };
  await client.open(crdFile, JSON.stringify(workspaceCrd));
  const uri = 'file:///ws/gadget-local.yaml';
  assert.deepEqual(await client.open(uri, GADGET), []);
  const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 3 } })) as { contents: { value: string } };
  assert.match(hover.contents.value, /A size word\./);
  assert.match(hover.contents.value, /gadget-crd\.yaml/);
  assert.doesNotMatch(hover.contents.value, /from cluster/);
});

test('a malformed notification is ignored and the server keeps serving', async () => {
  const uri = 'file:///ws/gadget-after.yaml';
  await client.connection.sendNotification('berth/clusterCrds', { cluster: 7, cachedAt: null, crds: 'all of them' });
  await client.connection.sendNotification('berth/clusterCrds', null);
  await client.connection.sendNotification('berth/clusterCrds', { cluster: 'c', cachedAt: 'now', crds: [{ kind: 'Pod' }, 42, null] });
  const diagnostics = await client.open(uri, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n');
  assert.deepEqual(diagnostics, []);
});
