// `berth validate --cluster-crds` without a cluster: the CRDs cached for the context's server are
// used (and stderr says so), and with none cached it is a usage error naming both reasons.
// (Listing a live cluster is test/cluster/clusterCrds.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { writeCrdCache } from '../../kube/crds/crdCache';
import { trimCrd } from '../../kube/crds/listCrds';
import { berth, workspace } from '../helpers/cli';

const GADGET = 'apiVersion: cluster.example/v1\nkind: Gadget\nmetadata:\n  name: g\nspec:\n  size: big\n';

const CRD = trimCrd({
  metadata: { name: 'gadgets.cluster.example' },
  spec: {
    group: 'cluster.example',
    names: { kind: 'Gadget', plural: 'gadgets' },
    scope: 'Namespaced',
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }],
  },
})!;

/** A local port nothing listens on: connecting is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function offlineSetup() {
  const server = `https://127.0.0.1:${await closedPort()}`;
  const dir = workspace({
    'gadget.yaml': GADGET,
    kubeconfig: `apiVersion: v1\nkind: Config\ncurrent-context: away\nclusters: [{name: away, cluster: {server: "${server}", insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: away, context: {cluster: away, user: u}}, {name: other, context: {cluster: away, user: u}}]\n`,
  });
  const cache = join(dir, 'cache');
  const env = { ...process.env, KUBECONFIG: join(dir, 'kubeconfig'), BERTH_CACHE_DIR: cache };
  return { server, dir, cache, env };
}

test('--cluster-crds uses the CRDs cached for an unreachable cluster and says so on stderr', async () => {
  const { server, dir, cache, env } = await offlineSetup();
  assert.ok(writeCrdCache({ server, context: 'away', cachedAt: '2026-12-02T12:40:31.000Z', crds: [CRD] }, { dir: join(cache, 'crds') }).ok);
  const result = berth(['validate', join(dir, 'gadget.yaml'), '--cluster-crds'], { env });
  assert.equal(result.status, 1, result.stdout + result.stderr);
  assert.match(result.stdout, /gadget\.yaml:6:9: error \[invalid-type\] size must be an integer/);
  assert.match(result.stderr, /^berth: cluster away unreachable \(.*ECONNREFUSED.*\); using its CRDs cached at 2026-12-02 12:40 UTC\n$/);
  // The cache is the server's: another context of the same server finds it too.
  const other = berth(['validate', join(dir, 'gadget.yaml'), '--cluster-crds', '--context', 'other'], { env });
  assert.equal(other.status, 1, other.stderr);
  assert.match(other.stderr, /cluster other unreachable/);
});

test('--cluster-crds with neither the cluster nor a cache is a usage error naming both', async () => {
  const { dir, env } = await offlineSetup();
  const result = berth(['validate', join(dir, 'gadget.yaml'), '--cluster-crds'], { env });
  assert.equal(result.status, 2, result.stdout);
  assert.match(result.stderr, /--cluster-crds: cluster away unreachable \(.*\), and no CRDs of it are cached \(.*\/crds\/[0-9a-f]{32}\.json\)/);
  const unknown = berth(['validate', join(dir, 'gadget.yaml'), '--cluster-crds', '--context', 'nowhere'], { env });
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /--cluster-crds: Context "nowhere" is not in/);
  const stray = berth(['validate', join(dir, 'gadget.yaml'), '--context', 'away'], { env });
  assert.equal(stray.status, 2);
  assert.match(stray.stderr, /--context is only used with --cluster-crds/);
});
