// The one resource registry: kinds resolve through the cluster's API discovery (CRDs too), fall
// back to the built-in table when discovery cannot be read, map kubectl's short names, and build
// every path, subresources included. Discovery is served by a stand-in on 127.0.0.1.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { collectionPath, connect, forgetDiscovery, knownKind, loadKubeconfig, objectPath, resourceFor, selectTarget, staticResource, type KubeClient } from '../../kube';

/** A stand-in whose discovery answers come from `answer` (status, body); every request path is recorded. */
async function discoveryServer(t: TestContext, answer: (path: string) => [number, unknown]): Promise<{ client: KubeClient; asked: string[] }> {
  const asked: string[] = [];
  const server = http.createServer((req, res) => {
    asked.push(req.url ?? '');
    const [status, body] = answer(req.url ?? '');
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'berth-registry-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'config');
  writeFileSync(file, `apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters: [{name: c, cluster: {server: "${url}"}}]\nusers: [{name: u, user: {token: registry-test-token}}]\ncontexts: [{name: c, context: {cluster: c, user: u, namespace: shop}}]\n`);
  const kubeconfig = loadKubeconfig({ kubeconfigEnv: file });
  assert.ok(kubeconfig.ok);
  const target = selectTarget(kubeconfig.value);
  assert.ok(target.ok);
  const client = await connect(target.value, { timeoutMs: 5000 });
  assert.ok(client.ok, client.ok ? '' : client.error.message);
  return { client: client.value, asked };
}

const status = (code: number, message: string) => ({ kind: 'Status', status: 'Failure', code, message });

describe('the resource registry', () => {
  it('resolves a kind through discovery, once per group/version, CRDs included', async (t) => {
    const { client, asked } = await discoveryServer(t, (path) =>
      path === '/apis/example.com/v1'
        ? [200, { resources: [{ name: 'widgets', kind: 'Widget', namespaced: true }, { name: 'widgets/status', kind: 'Widget', namespaced: true }] }]
        : [404, status(404, 'not found')],
    );
    const widget = await resourceFor(client, 'example.com/v1', 'Widget');
    assert.deepEqual(widget, { ok: true, value: { apiVersion: 'example.com/v1', kind: 'Widget', plural: 'widgets', namespaced: true } });
    assert.ok((await resourceFor(client, 'example.com/v1', 'Widget')).ok);
    assert.deepEqual(asked, ['/apis/example.com/v1']);
    const gadget = await resourceFor(client, 'example.com/v1', 'Gadget');
    assert.ok(!gadget.ok && gadget.error.kind === 'notFound' && /no kind Gadget in example\.com\/v1/.test(gadget.error.message));
    forgetDiscovery(client);
  });

  it('falls back to the built-in table when discovery cannot be read, and only for built-in kinds', async (t) => {
    const { client } = await discoveryServer(t, () => [403, status(403, 'discovery is not for you')]);
    assert.deepEqual(await resourceFor(client, 'apps/v1', 'Deployment'), { ok: true, value: staticResource('Deployment') });
    assert.deepEqual(await resourceFor(client, 'v1', 'Namespace'), { ok: true, value: { apiVersion: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false } });
    const crd = await resourceFor(client, 'example.com/v1', 'Widget');
    assert.ok(!crd.ok);
    assert.equal(crd.error.kind, 'forbidden');
  });

  it('says so when the cluster does not serve the group/version at all', async (t) => {
    const { client } = await discoveryServer(t, () => [404, status(404, 'the server could not find the requested resource')]);
    const r = await resourceFor(client, 'autoscaling/v2', 'HorizontalPodAutoscaler');
    assert.ok(!r.ok);
    assert.match(r.error.message, /does not serve autoscaling\/v2/);
  });

  it("maps kubectl's names, plurals and short names to the built-in kinds", () => {
    const kinds: Record<string, string> = {
      deploy: 'Deployment', deployments: 'Deployment', Deployment: 'Deployment', 'deployment.apps': 'Deployment',
      po: 'Pod', svc: 'Service', ns: 'Namespace', sts: 'StatefulSet', ds: 'DaemonSet', cm: 'ConfigMap', pvc: 'PersistentVolumeClaim',
      hpa: 'HorizontalPodAutoscaler', ing: 'Ingress', cj: 'CronJob', no: 'Node', rs: 'ReplicaSet', job: 'Job',
    };
    for (const [name, kind] of Object.entries(kinds)) assert.equal(knownKind(name)?.kind, kind, name);
    assert.equal(knownKind('deployment.batch'), undefined);
    assert.equal(knownKind('widgets'), undefined);
  });

  it('builds collection, object and subresource paths', () => {
    const pods = staticResource('Pod');
    assert.equal(collectionPath(pods, 'shop'), '/api/v1/namespaces/shop/pods');
    assert.equal(collectionPath(pods, undefined), '/api/v1/pods');
    assert.equal(objectPath(pods, 'shop', 'web-1', 'log'), '/api/v1/namespaces/shop/pods/web-1/log');
    assert.equal(objectPath(staticResource('Deployment'), 'shop', 'web', 'scale'), '/apis/apps/v1/namespaces/shop/deployments/web/scale');
    assert.equal(objectPath(staticResource('Node'), 'ignored', 'n 1'), '/api/v1/nodes/n%201');
  });
});
