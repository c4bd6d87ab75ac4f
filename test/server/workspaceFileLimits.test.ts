// Files of the workspace that are not open in the editor are read by the server's rules: a file
// over berth.validation.maxFileSize is not read (no analysis, no memory), and what is not a
// regular file (a named pipe, a link to /dev/zero) is never read, even when a file event names it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../helpers/lspClient';

const CLUSTER = (name: string) => `apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: ${name}\nspec:\n  type: managed\n  provider: kwok\n`;
const POOL = 'apiVersion: berth.dev/v1alpha1\nkind: NodePool\nmetadata:\n  name: workers\nspec:\n  cluster: prod\n  instanceType: ecs.g7.large\n';

/** Rejects when `promise` has not settled within 20 s: what is tested is that the server answers at all. */
function within20s<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const watchdog = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not happen within 20 s`)), 20_000)));
  return Promise.race([promise, watchdog]).finally(() => clearTimeout(timer));
}

async function startIn(root: string): Promise<{ client: LspClient; uri: (name: string) => string; published: Set<string> }> {
  const uri = (name: string): string => pathToFileURL(join(root, name)).href;
  const client = new LspClient();
  // Files that had diagnostics published, of those a test asks about.
  const published = new Set<string>();
  void client.diagnostics(uri('huge.yaml'), (p) => (p.diagnostics.length > 0 && published.add(p.uri), false));
  const indexed = client.diagnostics(uri('cluster.yaml'));
  await client.initialize([{ uri: pathToFileURL(root).href, name: 'ws' }]);
  await within20s(indexed, 'the initial scan');
  return { client, uri, published };
}

test('a huge workspace file that is not open is not read: no analysis, no crash, the rest is indexed', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'berth-ws-limits-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(join(root, 'cluster.yaml'), CLUSTER('prod'));
  // A sparse 256 MB file: reading it would cost the memory; its size alone decides.
  writeFileSync(join(root, 'huge.yaml'), '');
  truncateSync(join(root, 'huge.yaml'), 256 * 1024 * 1024);
  const { client, uri, published } = await startIn(root);
  t.after(() => client.shutdown());

  const diagnostics = await within20s(client.open(uri('pool.yaml'), POOL), 'diagnostics of an opened file');
  assert.equal(diagnostics.filter((d) => d.code === 'unknown-cluster').length, 0, 'the Cluster on disk was indexed');
  assert.ok(client.logs.some((l) => /^Indexed 1 YAML files/.test(l)), client.logs.join('\n'));
  assert.equal(published.has(uri('huge.yaml')), false, 'the huge file was not analysed');
});

test('file events naming a named pipe or a link to /dev/zero neither hang nor fill the server', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'berth-ws-limits-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(join(root, 'cluster.yaml'), CLUSTER('dev'));
  const { client, uri } = await startIn(root);
  t.after(() => client.shutdown());
  const before = await client.open(uri('pool.yaml'), POOL);
  assert.ok(before.some((d) => d.code === 'unknown-cluster'), JSON.stringify(before));

  // More pipes than Node has threads for file reads: one blocked read per pipe would stall them all.
  const odd = ['zero.yaml', ...[1, 2, 3, 4, 5].map((n) => `pipe${n}.yaml`)];
  symlinkSync('/dev/zero', join(root, 'zero.yaml'));
  for (const name of odd.slice(1)) execFileSync('mkfifo', [join(root, name)]);
  writeFileSync(join(root, 'cluster.yaml'), CLUSTER('prod'));
  const fixed = client.diagnostics(uri('pool.yaml'), (p) => !p.diagnostics.some((d) => d.code === 'unknown-cluster'));
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
    changes: [...odd.map((name) => ({ uri: uri(name), type: 1 })), { uri: uri('cluster.yaml'), type: 2 }],
  });
  await within20s(fixed, 'the change of cluster.yaml reaching the open NodePool');
});
