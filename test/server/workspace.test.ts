import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Location } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';

const root = mkdtempSync(join(tmpdir(), 'berth-ws-'));
const uri = (name: string): string => pathToFileURL(join(root, name)).href;
const CLUSTER = 'apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: dev\nspec:\n  type: managed\n  provider: kwok\n';
const POOL = 'apiVersion: berth.dev/v1alpha1\nkind: NodePool\nmetadata:\n  name: workers\nspec:\n  cluster: dve\n  instanceType: ecs.g7.larg\n';
const APP = 'apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata:\n  name: web\nspec:\n  cluster: dev\n  image: nginx:1.27\n  placement: {nodePool: workers}\n';
let client: LspClient;

before(async () => {
  writeFileSync(join(root, 'cluster.yaml'), CLUSTER);
  writeFileSync(join(root, 'app.yaml'), APP);
  mkdirSync(join(root, 'excluded'));
  writeFileSync(join(root, 'excluded', 'broken.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: 3\n');
  client = new LspClient();
  const indexed = client.diagnostics(uri('cluster.yaml'));
  await client.initialize([{ uri: pathToFileURL(root).href, name: 'ws' }]);
  await indexed;
});
after(async () => client.shutdown());

test('files on disk are indexed: a NodePool opened later resolves against them, with related information', async () => {
  const diagnostics = await client.open(uri('pool.yaml'), POOL);
  const unknownCluster = diagnostics.find((d) => d.code === 'unknown-cluster');
  assert.ok(unknownCluster, JSON.stringify(diagnostics));
  assert.match(unknownCluster.message as string, /Known clusters: dev/);
  assert.deepEqual(unknownCluster.range, { start: { line: 5, character: 11 }, end: { line: 5, character: 14 } });
});

test('quick fixes: the closest cluster and the closest instance type', async () => {
  const diagnostics = await client.open(uri('pool2.yaml'), POOL);
  const actions = (await client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: uri('pool2.yaml') },
    range: { start: { line: 0, character: 0 }, end: { line: 7, character: 0 } },
    context: { diagnostics },
  })) as CodeAction[];
  const titles = actions.map((a) => a.title);
  assert.ok(titles.includes('Change to "dev"'), titles.join(' | '));
  assert.ok(titles.includes('Change to "ecs.g7.large"'), titles.join(' | '));
  const fix = actions.find((a) => a.title === 'Change to "dev"')!;
  assert.deepEqual(fix.edit!.changes![uri('pool2.yaml')], [{ range: { start: { line: 5, character: 11 }, end: { line: 5, character: 14 } }, newText: 'dev' }]);
});

test('go to definition from spec.cluster and placement.nodePool; references of a Cluster', async () => {
  await client.open(uri('pool3.yaml'), POOL.replace('dve', 'dev').replace('name: workers', 'name: workers'));
  const cluster = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri: uri('app.yaml') }, position: { line: 5, character: 13 } })) as Location[];
  assert.deepEqual(cluster, [{ uri: uri('cluster.yaml'), range: { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } } }]);
  const pool = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri: uri('app.yaml') }, position: { line: 7, character: 25 } })) as Location[];
  assert.ok(pool.some((l) => l.uri === uri('pool3.yaml')), JSON.stringify(pool));
  const refs = (await client.connection.sendRequest('textDocument/references', {
    textDocument: { uri: uri('cluster.yaml') },
    position: { line: 3, character: 9 },
    context: { includeDeclaration: false },
  })) as Location[];
  assert.ok(refs.some((l) => l.uri === uri('app.yaml') && l.range.start.line === 5 && l.range.start.character === 11), JSON.stringify(refs));
});

test('berth/render returns the Kubernetes objects an open Application becomes', async () => {
  await client.open(uri('app.yaml'), APP);
  const result = (await client.connection.sendRequest('berth/render', { uri: uri('app.yaml'), format: 'yaml' })) as { text: string; problems: string[] };
  assert.match(result.text, /kind: Deployment\nmetadata:\n {2}name: web\n/);
  assert.match(result.text, /berth\.dev\/nodepool/);
  const json = (await client.connection.sendRequest('berth/render', { uri: uri('app.yaml'), format: 'json' })) as { text: string };
  assert.equal((JSON.parse(json.text) as { kind: string }).kind, 'List');
});
