// Completion of cluster names over the wire: the Clusters of the workspace folder (named by their
// path in it) and the contexts the client sent in `berth/knownContexts`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../helpers/lspClient';

const root = mkdtempSync(join(tmpdir(), 'berth-cluster-completion-'));
let client: LspClient;

before(async () => {
  mkdirSync(join(root, 'samples', 'platform'), { recursive: true });
  writeFileSync(join(root, 'samples', 'platform', 'local-cluster.yaml'), 'apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: local\nspec:\n  type: managed\n  provider: kwok\n');
  client = new LspClient({ policy: { checks: { '*': 'off' } } });
  // The end of the first scan announces the platform documents: the Cluster is indexed by then.
  const scanned = new Promise<void>((resolve) => client.connection.onNotification('berth/platformDocumentsChanged', () => resolve()));
  await client.initialize([{ uri: pathToFileURL(root).href, name: 'ws' }]);
  await scanned;
  await client.connection.sendNotification('berth/knownContexts', { contexts: ['corp-prod', 'kwok-local'] });
});
after(async () => client.shutdown());

async function complete(uri: string, text: string, line: number, character: number): Promise<{ label: string; detail?: string }[]> {
  await client.open(uri, text);
  return (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character } })) as { label: string; detail?: string }[];
}

test('an item of `clusters` offers the folder\u2019s Clusters and the known contexts, leaving out the listed ones', async () => {
  const uri = pathToFileURL(join(root, 'web.yaml')).href;
  const items = await complete(uri, 'apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata:\n  name: web\nspec:\n  image: nginx:1.27\n  clusters: [kwok-local, ]\n', 6, 24);
  assert.deepEqual(
    items.map((i) => [i.label, i.detail]),
    [
      ['local', 'Cluster (kwok) in samples/platform/local-cluster.yaml'],
      ['corp-prod', 'kubeconfig context'],
    ],
  );
});

test('a Cluster typed in the file being edited is offered at once', async () => {
  const uri = pathToFileURL(join(root, 'edge.yaml')).href;
  const text = 'apiVersion: berth.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: edge\nspec:\n  type: managed\n  provider: kind\n---\napiVersion: berth.dev/v1alpha1\nkind: NodePool\nmetadata:\n  name: general\nspec:\n  cluster: \n';
  const items = await complete(uri, text, 13, 11);
  assert.deepEqual(items.map((i) => i.label).sort(), ['corp-prod', 'edge', 'kwok-local', 'local']);
  assert.equal(items.find((i) => i.label === 'edge')!.detail, 'Cluster (kind) in edge.yaml');
});
