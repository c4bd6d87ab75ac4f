// Server-side apply against a stand-in API server: the order objects are applied in, the outcome
// reported per object (created, unchanged, configured, failed), dry runs, and an unreachable cluster.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { applyObjects, openCluster, orderForApply } from '../../kube';
import { deployment, fakeApiServer, fakeClient } from '../helpers/fakeApiServer';
import { tempDir } from '../helpers/tempDir';

describe('apply', () => {
  it('orders namespaces, then CRDs, then the rest (stable within a kind)', () => {
    const kinds = orderForApply([
      { kind: 'Deployment', n: 1 },
      { kind: 'Widget' },
      { kind: 'Service' },
      { kind: 'CustomResourceDefinition' },
      { kind: 'Namespace' },
      { kind: 'Deployment', n: 2 },
      { kind: 'ConfigMap' },
    ]).map((o) => o.kind + ('n' in o ? o.n : ''));
    assert.deepEqual(kinds, ['Namespace', 'CustomResourceDefinition', 'ConfigMap', 'Service', 'Deployment1', 'Deployment2', 'Widget']);
  });

  it('reports created, unchanged, configured and failed per object, and goes on after a failure', async (t) => {
    const api = fakeApiServer(t, { forbid: /configmaps/ });
    await api.listen();
    const client = await fakeClient(t, api.server, 'shop');
    const objects = [
      deployment('web'),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } },
      deployment('bad', { invalid: true }),
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
      { kind: 'Service', metadata: { name: 'no-version' } },
    ];
    const first = await applyObjects(client, objects);
    assert.ok(first.ok, first.ok ? '' : first.error.message);
    const summary = first.value.results.map((r) => `${r.kind}/${r.name}${r.namespace ? `@${r.namespace}` : ''}: ${r.action}`);
    assert.deepEqual(summary, [
      'Namespace/shop: created',
      'ConfigMap/settings@shop: failed',
      'Service/no-version: failed',
      'Deployment/web@shop: created',
      'Deployment/bad@shop: failed',
      'Widget/w: failed',
    ]);
    const byName = Object.fromEntries(first.value.results.map((r) => [r.name, r]));
    assert.equal(byName.settings!.error?.kind, 'forbidden');
    assert.match(byName.settings!.error!.message, /may not get configmaps "settings" in namespace "shop"/);
    assert.match(byName.bad!.error!.message, /spec\.invalid: not allowed/);
    assert.match(byName.w!.error!.message, /does not serve example\.com\/v1|no kind Widget/);
    assert.match(byName['no-version']!.error!.message, /no apiVersion/);

    const second = await applyObjects(client, [deployment('web'), deployment('web2')]);
    assert.ok(second.ok);
    assert.deepEqual(second.value.results.map((r) => r.action), ['unchanged', 'created']);
    const third = await applyObjects(client, [deployment('web', { replicas: 5 })], { dryRun: true });
    assert.ok(third.ok);
    assert.deepEqual(third.value.results.map((r) => r.action), ['configured']);
    assert.ok(api.requests.some((r) => r.includes('dryRun=All')));
    assert.equal((api.store.get('/apis/apps/v1/namespaces/shop/deployments/web')!.spec as { replicas: number }).replicas, 2, 'dry run persists nothing');
  });

  it('stops with a typed error when the cluster is unreachable, instead of failing every object', async (t) => {
    const dir = tempDir(t);
    const file = join(dir, 'config');
    writeFileSync(file, 'apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters: [{name: c, cluster: {server: "http://127.0.0.1:1"}}]\nusers: [{name: u, user: {}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\n');
    const client = await openCluster({ kubeconfigEnv: file });
    assert.ok(client.ok);
    const r = await applyObjects(client.value, [deployment('a'), deployment('b')]);
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'unreachable');
  });
});
