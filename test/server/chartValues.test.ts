import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from '../helpers/lspClient';

let client: LspClient;

before(async () => {
  client = new LspClient({ policy: { checks: { '*': 'off' } } });
  await client.initialize();
});
after(async () => client.shutdown());

const CHART = 'file:///ws/charts/web';
const TEMPLATE = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: {{ .Values.replicaCount }}\n  template:\n    spec:\n      containers:\n        - image: {{ .Values. }}\n';

test('hover on .Values.replicaCount in a chart template shows its value from values.yaml', async () => {
  await client.open(`${CHART}/Chart.yaml`, 'apiVersion: v2\nname: web\nversion: 1.0.0\n');
  await client.open(`${CHART}/values.yaml`, 'replicaCount: 3\nimage:\n  repository: nginx\n');
  const uri = `${CHART}/templates/deployment.yaml`;
  await client.open(uri, TEMPLATE);
  const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 25 } })) as { contents: { value: string }; range: unknown };
  assert.match(hover.contents.value, /```yaml\nreplicaCount: 3\n```/);
  assert.deepEqual(hover.range, { start: { line: 5, character: 15 }, end: { line: 5, character: 35 } });

  const definition = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: { line: 5, character: 25 } })) as { uri: string; range: unknown }[];
  assert.deepEqual(definition, [{ uri: `${CHART}/values.yaml`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 12 } } }]);

  const completion = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 9, character: 28 } })) as { label: string }[];
  assert.deepEqual(completion.map((i) => i.label), ['replicaCount', 'image']);
});
