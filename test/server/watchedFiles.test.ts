import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileChangeType, type DidChangeWatchedFilesRegistrationOptions } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';

// A file that changes on disk (a git checkout, a generator) reaches the index through the
// watchers the server asks the editor for, and the open documents that refer to it follow.
const root = mkdtempSync(join(tmpdir(), 'berth-watch-'));
const uri = (name: string): string => pathToFileURL(join(root, name)).href;
const POOL = 'apiVersion: berth.dev/v1alpha1\nkind: NodePool\nmetadata:\n  name: workers\nspec:\n  cluster: x\n  instanceType: ecs.g7.large\n';
const CLUSTER_X = 'apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: x\nspec:\n  type: managed\n  provider: kwok\n';
const unknownCluster = (diagnostics: { code?: unknown }[]): boolean => diagnostics.some((d) => d.code === 'unknown-cluster');
let client: LspClient;

before(async () => {
  writeFileSync(join(root, 'readme.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: readme}\n');
  client = new LspClient();
  const indexed = client.diagnostics(uri('readme.yaml'));
  await client.initialize([{ uri: pathToFileURL(root).href, name: 'ws' }]);
  await indexed;
});
after(async () => {
  await client.shutdown();
  rmSync(root, { recursive: true, force: true });
});

test('the server asks the editor to watch the workspace YAML files and charts\' values schemas', () => {
  const watch = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
  assert.ok(watch, `registrations: ${client.registrations.map((r) => r.method).join(', ')}`);
  const globs = (watch.registerOptions as DidChangeWatchedFilesRegistrationOptions).watchers.map((w) => w.globPattern);
  assert.deepEqual(globs, ['**/*.{yaml,yml}', '**/values.schema.json']);
});

test('a Cluster file written on disk resolves an open NodePool; deleting it brings the error back', async () => {
  assert.ok(unknownCluster(await client.open(uri('pool.yaml'), POOL)), 'cluster x is unknown at first');

  writeFileSync(join(root, 'cluster-x.yaml'), CLUSTER_X);
  const resolved = client.diagnostics(uri('pool.yaml'), (p) => !unknownCluster(p.diagnostics));
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('cluster-x.yaml'), type: FileChangeType.Created }] });
  await resolved;

  rmSync(join(root, 'cluster-x.yaml'));
  const unresolved = client.diagnostics(uri('pool.yaml'), (p) => unknownCluster(p.diagnostics));
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('cluster-x.yaml'), type: FileChangeType.Deleted }] });
  await unresolved;
});
