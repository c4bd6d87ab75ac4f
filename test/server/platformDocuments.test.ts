import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PlatformDocumentsResult } from '../../protocol/protocol';
import { LspClient } from '../helpers/lspClient';

const root = mkdtempSync(join(tmpdir(), 'berth-platform-docs-'));
const uri = (name: string): string => pathToFileURL(join(root, name)).href;
const CLUSTERS = [
  'apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: dev\nspec:\n  type: managed\n  provider: kwok\n',
  'apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: ext\nspec:\n  type: managed\n  provider: registered\n  registered: {context: corp-prod}\n',
  'apiVersion: berth.dev/v1alpha1\nkind: NodePool\nmetadata:\n  name: workers\nspec:\n  cluster: dev\n  instanceType: ecs.g7.large\n  scaling: {min: 1, max: 3, desired: 2}\n',
].join('---\n');
const APP = 'apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  cluster: dev\n  image: nginx:1.27\n';
const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {a: "1"}\n';
let client: LspClient;
let notices = 0;
const noticeWaiters: (() => void)[] = [];

/** Resolves on the next `berth/platformDocumentsChanged` after this call. */
function nextNotice(): Promise<void> {
  return new Promise((resolve) => noticeWaiters.push(resolve));
}

function request(): Promise<PlatformDocumentsResult> {
  // Sent as the typed client sends it (a void parameter goes out as null).
  return client.connection.sendRequest('berth/platformDocuments', null) as Promise<PlatformDocumentsResult>;
}

before(async () => {
  writeFileSync(join(root, 'clusters.yaml'), CLUSTERS);
  writeFileSync(join(root, 'settings.yaml'), CONFIGMAP);
  client = new LspClient();
  client.connection.onNotification('berth/platformDocumentsChanged', () => {
    notices++;
    for (const resolve of noticeWaiters.splice(0)) resolve();
  });
  // The end of the first scan changes the list (complete, with the files on disk): one notice.
  const scanned = nextNotice();
  await client.initialize([{ uri: pathToFileURL(root).href, name: 'ws' }]);
  await scanned;
});
after(async () => client.shutdown());

test('the workspace scan is announced, and the request lists the files on disk with name ranges', async () => {
  const result = await request();
  assert.equal(result.complete, true);
  assert.equal(result.indexedFiles, 2);
  assert.deepEqual(
    result.documents.map((d) => `${d.kind} ${d.name}`),
    ['Cluster dev', 'Cluster ext', 'NodePool workers'],
  );
  const [dev, ext, pool] = result.documents;
  assert.equal(dev!.uri, uri('clusters.yaml'));
  assert.deepEqual(dev!.range, { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } });
  assert.equal(dev!.provider, 'kwok');
  assert.equal(dev!.context, undefined);
  assert.equal(ext!.provider, 'registered');
  assert.equal(ext!.context, 'corp-prod');
  // File lines: dev 0-6, `---` 7, ext 8-15, `---` 16, the pool from 17 with its name on 17 + 3.
  assert.deepEqual(pool!.range, { start: { line: 20, character: 8 }, end: { line: 20, character: 15 } });
  assert.equal(pool!.cluster, 'dev');
  assert.deepEqual((pool!.spec as { scaling: unknown }).scaling, { min: 1, max: 3, desired: 2 });
});

test('opening an Application sends one notice, and the list then has it with its namespace', async () => {
  const changed = nextNotice();
  await client.open(uri('app.yaml'), APP);
  await changed;
  const result = await request();
  const app = result.documents.find((d) => d.kind === 'Application');
  assert.ok(app, JSON.stringify(result.documents));
  assert.equal(app.name, 'web');
  assert.equal(app.namespace, 'shop');
  assert.equal(app.cluster, 'dev');
  assert.equal(app.uri, uri('app.yaml'));
});

test('a burst of edits makes one notice (debounced), and the list then has the last name', async () => {
  const before = notices;
  const burst = nextNotice();
  for (const [version, name] of [[2, 's'], [3, 'sh'], [4, 'shopfront']] as const) {
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri('app.yaml'), version },
      contentChanges: [{ text: APP.replace('name: web', `name: ${name}`) }],
    });
  }
  await burst;
  assert.deepEqual((await request()).documents.filter((d) => d.kind === 'Application').map((d) => d.name), ['shopfront']);
  // A later, separate change is announced too; notices the burst would have sent beyond the
  // first arrive before this one, so the count tells.
  const later = nextNotice();
  await client.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: uri('app.yaml'), version: 5 },
    contentChanges: [{ text: APP.replace('namespace: shop', 'namespace: store') }],
  });
  await later;
  assert.equal(notices, before + 2, 'one notice for the burst, one for the later change');
});

test('a request answers from the latest text even before the debounced notice', async () => {
  await client.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: uri('app.yaml'), version: 6 },
    contentChanges: [{ text: APP.replace('name: web', 'name: storefront') }],
  });
  const names = (await request()).documents.filter((d) => d.kind === 'Application').map((d) => d.name);
  assert.deepEqual(names, ['storefront']);
});
