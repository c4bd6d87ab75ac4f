import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from '../helpers/lspClient';

let client: LspClient;

before(async () => {
  // Best-practice checks off: these tests are about the protocol (test/server/checks.test.ts has theirs).
  client = new LspClient({ validation: { unknownFields: 'warning' }, policy: { checks: { '*': 'off' } } });
  await client.initialize();
});
after(async () => client.shutdown());

const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: "three"\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: "nginx:1.27"}]\n';

test('initialize advertises incremental sync, completion, hover and symbols', async () => {
  const probe = new LspClient();
  const result = (await probe.initialize()) as { capabilities: Record<string, unknown> };
  await probe.shutdown();
  assert.deepEqual(result.capabilities.textDocumentSync, { openClose: true, change: 2 });
  assert.ok(result.capabilities.completionProvider && result.capabilities.hoverProvider && result.capabilities.documentSymbolProvider);
});

test('didOpen publishes diagnostics with exact ranges', async () => {
  const diagnostics = await client.open('file:///ws/deploy.yaml', DEPLOYMENT);
  assert.equal(diagnostics.length, 1);
  const [d] = diagnostics;
  assert.equal(d!.message, 'replicas must be an integer, not the string "three"');
  assert.deepEqual(d!.range, { start: { line: 5, character: 12 }, end: { line: 5, character: 19 } });
  assert.equal(d!.source, 'berth');
  assert.equal(d!.code, 'invalid-type');
});

test('an incremental didChange re-publishes for the new version', async () => {
  const uri = 'file:///ws/edit.yaml';
  await client.open(uri, DEPLOYMENT);
  const next = client.diagnostics(uri, (p) => p.version === 2);
  await client.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 5, character: 12 }, end: { line: 5, character: 19 } }, text: '3' }],
  });
  assert.deepEqual((await next).diagnostics, []);
});

test('completion, hover and document symbols answer over the wire', async () => {
  const uri = 'file:///ws/complete.yaml';
  await client.open(uri, 'apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: dev\nspec:\n  type: managed\n  provider: \n');
  const completion = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 6, character: 12 } })) as { label: string }[];
  assert.deepEqual(completion.map((i) => i.label).sort(), ['kind', 'kwok', 'registered']);
  const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 3 } })) as { contents: { value: string } };
  assert.match(hover.contents.value, /\*\*type\*\*/);
  const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as { name: string }[];
  assert.deepEqual(symbols.map((s) => s.name), ['Cluster dev']);
});

test('the server survives malformed traffic and keeps serving', async () => {
  await assert.rejects(client.connection.sendRequest('berth/noSuchMethod', { x: 1 }));
  await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: 'file:///ws/never-opened.yaml', version: 3 }, contentChanges: [{ text: 'a: 1' }] });
  const badHover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///ws/never-opened.yaml' }, position: { line: 99, character: 99 } });
  assert.equal(badHover, null);
  await client.connection.sendRequest('textDocument/completion', { nonsense: true }).catch(() => 'answered with an error');
  const diagnostics = await client.open('file:///ws/after-garbage.yaml', DEPLOYMENT);
  assert.equal(diagnostics.length, 1, 'still validating after bad requests');
});

test('settings are pulled from the client: unknown fields as errors', async () => {
  const strict = new LspClient({ validation: { unknownFields: 'error' }, kubernetesVersion: '1.35' });
  await strict.initialize();
  const diagnostics = await strict.open('file:///ws/strict.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, colour: red}\n');
  await strict.shutdown();
  assert.equal(diagnostics[0]?.code, 'unknown-field');
  assert.equal(diagnostics[0]?.severity, 1);
});

test('a whole-file v1 List is validated item by item over the wire, its ranges inside the items', async () => {
  const list = 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: ok}\n  - apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: web}\n    spec:\n      replicas: asd\n';
  const diagnostics = await client.open('file:///ws/list.yaml', list);
  const typeError = diagnostics.find((d) => d.code === 'invalid-type');
  assert.deepEqual(typeError?.range, { start: { line: 10, character: 16 }, end: { line: 10, character: 19 } }, JSON.stringify(diagnostics));
  assert.ok(!diagnostics.some((d) => d.code === 'missing-name'), 'the List itself needs no name');
});
