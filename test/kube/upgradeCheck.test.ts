// Upgrade readiness against a stand-in API server of Kubernetes 1.24: Helm releases decoded from
// their Secrets (and refused when corrupt or oversized), live objects counted once by the version
// they were last applied with, and the nodes against the skew policy.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { gzipSync } from 'node:zlib';
import { nodeLanguageServiceOptions } from '../../installation/languageServiceOptions';
import { clusterUpgradeCheck } from '../../kube/upgrade/clusterCheck';
import { decodeHelmRelease, listHelmReleases, MAX_ENCODED_RELEASE, MAX_RELEASE_JSON } from '../../kube/upgrade/helmReleases';
import { ApiLifecycleTable } from '../../platform/upgrade/apiLifecycle';
import { fakeClient } from '../helpers/fakeApiServer';
import { repoRoot } from '../helpers/repo';

const table = (() => {
  const read = ApiLifecycleTable.read(nodeLanguageServiceOptions(repoRoot()).readSchemaFile);
  assert.ok(read.ok);
  return read.value;
})();

const PDB_MANIFEST = '---\n# Source: web/templates/pdb.yaml\napiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 1\n---\n# Source: web/templates/cronjob.yaml\napiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: report\n';

interface Release {
  name: string;
  namespace: string;
  version: number;
  manifest: string;
  chart?: { metadata: { name: string; version: string } };
}

/** Helm's encoding: JSON, gzipped, base64. */
function helmEncoded(release: unknown, gzip = true): string {
  const json = Buffer.from(JSON.stringify(release));
  return (gzip ? gzipSync(json) : json).toString('base64');
}

/** As a Secret's data holds it: the API's base64 around Helm's. */
function secretData(release: unknown): string {
  return Buffer.from(helmEncoded(release)).toString('base64');
}

const WEB: Release = { name: 'web', namespace: 'shop', version: 3, manifest: PDB_MANIFEST, chart: { metadata: { name: 'web', version: '1.2.0' } } };

test('a Helm release decodes from its Secret and its ConfigMap, gzipped or not', () => {
  const fromSecret = decodeHelmRelease(secretData(WEB), true);
  assert.deepEqual(fromSecret, { ok: true, value: { name: 'web', namespace: 'shop', revision: 3, manifest: PDB_MANIFEST, chart: 'web-1.2.0' } });
  assert.deepEqual(decodeHelmRelease(helmEncoded(WEB), false), fromSecret);
  assert.deepEqual(decodeHelmRelease(helmEncoded(WEB, false), false), fromSecret);
});

test('a corrupt or oversized release is an error value, never a crash or a huge allocation', () => {
  const error = (value: string, apiEncoded = false): string => {
    const decoded = decodeHelmRelease(value, apiEncoded);
    assert.equal(decoded.ok, false, value.slice(0, 40));
    return decoded.ok ? '' : decoded.error;
  };
  assert.match(error('not base64!!'), /not base64/);
  assert.match(error(Buffer.from('%%%%').toString('base64'), true), /not base64/);
  // The gzip header, then garbage.
  assert.match(error(Buffer.from([0x1f, 0x8b, 0x08, 0, 1, 2, 3, 4, 5, 6, 7, 8]).toString('base64')), /not valid gzip/);
  // A gzip bomb: a few kilobytes that inflate past the limit.
  const bomb = gzipSync(Buffer.alloc(MAX_RELEASE_JSON + 1024, 0x20), { level: 9 }).toString('base64');
  assert.ok(bomb.length < 200_000, `${bomb.length} bytes encoded`);
  assert.match(error(bomb), /inflates to more than 32 MiB/);
  assert.match(error('A'.repeat(MAX_ENCODED_RELEASE + 4)), /more than 4 MiB encoded/);
  assert.match(error(helmEncoded('just a string')), /not a Helm release/);
  assert.match(error(helmEncoded({ name: 'web', namespace: 'shop' })), /not a Helm release/);
  assert.match(error(Buffer.from('{"name":').toString('base64')), /not JSON/);
});

/** A 1.24 API server: policy and batch serve v1 and v1beta1, autoscaling v2 and v2beta2. */
function server124(t: TestContext, options: { forbidConfigMaps?: boolean } = {}) {
  const requests: string[] = [];
  const discovery: Record<string, { name: string; kind: string; namespaced: boolean }[]> = {
    '/api/v1': [
      { name: 'secrets', kind: 'Secret', namespaced: true },
      { name: 'configmaps', kind: 'ConfigMap', namespaced: true },
      { name: 'nodes', kind: 'Node', namespaced: false },
    ],
    '/apis/policy/v1': [{ name: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', namespaced: true }],
    '/apis/policy/v1beta1': [
      { name: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', namespaced: true },
      { name: 'podsecuritypolicies', kind: 'PodSecurityPolicy', namespaced: false },
    ],
    '/apis/batch/v1': [{ name: 'cronjobs', kind: 'CronJob', namespaced: true }],
    '/apis/batch/v1beta1': [{ name: 'cronjobs', kind: 'CronJob', namespaced: true }],
  };
  const applied = (apiVersion: string, kind: string) => ({ 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ apiVersion, kind, metadata: { name: 'x' } }) });
  const lists: Record<string, unknown[]> = {
    // Listed at policy/v1: every PDB, however written. Only the history says which were policy/v1beta1.
    '/apis/policy/v1/poddisruptionbudgets': [
      { metadata: { name: 'old', namespace: 'shop', annotations: applied('policy/v1beta1', 'PodDisruptionBudget') } },
      { metadata: { name: 'new', namespace: 'shop', annotations: applied('policy/v1', 'PodDisruptionBudget') } },
      { metadata: { name: 'created', namespace: 'shop' } },
      { metadata: { name: 'ssa', namespace: 'shop', managedFields: [{ manager: 'ci', operation: 'Apply', apiVersion: 'policy/v1beta1' }, { manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'policy/v1' }] } },
      { metadata: { name: 'broken', namespace: 'shop', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{not json' } } },
    ],
    '/apis/batch/v1/cronjobs': [{ metadata: { name: 'nightly', namespace: 'ops', annotations: applied('batch/v1beta1', 'CronJob') } }],
    // Served only as policy/v1beta1: gone at 1.25 whatever their history.
    '/apis/policy/v1beta1/podsecuritypolicies': [{ metadata: { name: 'restricted' } }],
    '/api/v1/secrets': [
      { metadata: { name: 'sh.helm.release.v1.web.v3', namespace: 'shop' }, type: 'helm.sh/release.v1', data: { release: secretData(WEB) } },
      { metadata: { name: 'sh.helm.release.v1.web.v2', namespace: 'shop' }, type: 'helm.sh/release.v1', data: { release: secretData({ ...WEB, version: 2 }) } },
      { metadata: { name: 'sh.helm.release.v1.bad.v1', namespace: 'shop' }, type: 'helm.sh/release.v1', data: { release: Buffer.from('garbage').toString('base64') } },
    ],
    '/api/v1/configmaps': [],
    '/api/v1/nodes': [
      { metadata: { name: 'n-new' }, status: { nodeInfo: { kubeletVersion: 'v1.24.3', containerRuntimeVersion: 'containerd://1.6.8' } } },
      { metadata: { name: 'n-old' }, status: { nodeInfo: { kubeletVersion: 'v1.21.14', containerRuntimeVersion: 'docker://20.10.7' } } },
    ],
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    requests.push(`${url.pathname}${url.search}`);
    const send = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (url.pathname === '/version') return send(200, { gitVersion: 'v1.24.17' });
    if (url.pathname === '/api') return send(200, { versions: ['v1'] });
    if (url.pathname === '/apis') {
      return send(200, {
        groups: [
          { name: 'policy', versions: [{ groupVersion: 'policy/v1' }, { groupVersion: 'policy/v1beta1' }], preferredVersion: { groupVersion: 'policy/v1' } },
          { name: 'batch', versions: [{ groupVersion: 'batch/v1' }, { groupVersion: 'batch/v1beta1' }], preferredVersion: { groupVersion: 'batch/v1' } },
        ],
      });
    }
    if (discovery[url.pathname]) return send(200, { resources: discovery[url.pathname] });
    if (options.forbidConfigMaps && url.pathname === '/api/v1/configmaps') return send(403, { kind: 'Status', reason: 'Forbidden', message: 'configmaps is forbidden' });
    const list = lists[url.pathname];
    if (list) return send(200, { items: list, metadata: {} });
    send(404, { kind: 'Status', reason: 'NotFound', message: `${url.pathname} not found` });
  });
  t.after(() => server.close());
  return { server, requests, listen: () => new Promise<void>((r) => server.listen(0, '127.0.0.1', r)) };
}

test('Helm releases: the latest deployed revision of each, a corrupt one named in a note', async (t) => {
  const fake = server124(t, { forbidConfigMaps: true });
  await fake.listen();
  const client = await fakeClient(t, fake.server);
  const listed = await listHelmReleases(client);
  assert.ok(listed.ok, listed.ok ? '' : listed.error.message);
  assert.deepEqual(listed.value.releases.map((r) => `${r.namespace}/${r.name}@${r.revision}`), ['shop/web@3']);
  assert.equal(listed.value.notes.length, 2);
  assert.match(listed.value.notes[0]!, /Secret shop\/sh\.helm\.release\.v1\.bad\.v1 was not read: its release is not base64/);
  assert.match(listed.value.notes[1]!, /configmaps were not checked: .*forbidden/);
  assert.ok(fake.requests.some((r) => r.startsWith('/api/v1/secrets?') && r.includes('labelSelector=owner%3Dhelm%2Cstatus%3Ddeployed') && r.includes('fieldSelector=type%3Dhelm.sh%2Frelease.v1')), fake.requests.join('\n'));
});

test('a 1.24 cluster checked for 1.25: each object once, by the version it was applied with', async (t) => {
  const fake = server124(t);
  await fake.listen();
  const client = await fakeClient(t, fake.server);
  const checked = await clusterUpgradeCheck(client, table, '1.25');
  assert.ok(checked.ok, checked.ok ? '' : checked.error.message);
  const { findings, cluster } = checked.value;
  const objects = findings.filter((f) => f.code === 'removed-api').map((f) => `${f.source} ${f.object?.apiVersion} ${f.object?.kind} ${f.object?.namespace ?? ''}/${f.object?.name}`);
  assert.deepEqual(objects.sort(), [
    'cluster batch/v1beta1 CronJob ops/nightly',
    'cluster policy/v1beta1 PodDisruptionBudget shop/old',
    'cluster policy/v1beta1 PodDisruptionBudget shop/ssa',
    'cluster policy/v1beta1 PodSecurityPolicy /restricted',
    'helm batch/v1beta1 CronJob /report',
    'helm policy/v1beta1 PodDisruptionBudget /web',
  ]);
  const old = findings.find((f) => f.object?.name === 'old')!;
  assert.match(old.message, /last applied as policy\/v1beta1, by its kubectl\.kubernetes\.io\/last-applied-configuration annotation/);
  assert.match(findings.find((f) => f.object?.name === 'ssa')!.message, /server-side apply of ci/);
  assert.equal(findings.find((f) => f.source === 'helm' && f.object?.kind === 'PodDisruptionBudget')?.file, 'web/templates/pdb.yaml');
  // The served versions 1.25 drops, for whoever still calls them.
  assert.deepEqual(findings.filter((f) => f.code === 'removed-api-served').map((f) => f.message.split(',')[0]).sort(), [
    'The server still serves batch/v1beta1 CronJob',
    'The server still serves policy/v1beta1 PodDisruptionBudget',
    'The server still serves policy/v1beta1 PodSecurityPolicy',
  ]);
  assert.deepEqual(findings.filter((f) => f.object?.kind === 'Node').map((f) => [f.object?.name, f.code]), [['n-old', 'kubelet-skew'], ['n-old', 'dockershim']]);
  assert.deepEqual(cluster, { context: 'fake', serverVersion: 'v1.24.17', objects: 7, helmReleases: 1, nodes: 2 });
  // Each kind is listed once, at the version the server prefers, metadata only.
  assert.equal(fake.requests.filter((r) => r.startsWith('/apis/policy/v1/poddisruptionbudgets')).length, 1);
  assert.ok(!fake.requests.some((r) => r.startsWith('/apis/policy/v1beta1/poddisruptionbudgets')), fake.requests.join('\n'));
});

test('an unreachable cluster is an error value', async (t) => {
  const fake = server124(t);
  await fake.listen();
  const client = await fakeClient(t, fake.server);
  await new Promise<void>((resolve) => fake.server.close(() => resolve()));
  const checked = await clusterUpgradeCheck(client, table, '1.25');
  assert.equal(checked.ok, false);
  assert.equal(checked.ok ? '' : checked.error.kind, 'unreachable');
});
