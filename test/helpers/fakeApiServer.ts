// A stand-in API server for unit tests of the cluster library: discovery for v1 and apps/v1,
// server-side apply that stores objects, the scale subresource and pod logs; and a client for it.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { openCluster, type KubeClient } from '../../kube';
import { tempDir } from './tempDir';

/** A client for a local plain-http server. */
export async function fakeClient(t: TestContext, server: http.Server, namespace = 'default'): Promise<KubeClient> {
  const dir = tempDir(t);
  const file = join(dir, 'config');
  const port = (server.address() as AddressInfo).port;
  writeFileSync(file, `apiVersion: v1\nkind: Config\ncurrent-context: fake\nclusters: [{name: fake, cluster: {server: "http://127.0.0.1:${port}"}}]\nusers: [{name: fake, user: {token: secret}}]\ncontexts: [{name: fake, context: {cluster: fake, user: fake, namespace: ${namespace}}}]\n`);
  const client = await openCluster({ kubeconfigEnv: file });
  assert.ok(client.ok, client.ok ? '' : client.error.message);
  return client.value;
}

/** A tiny API server: discovery for v1 and apps/v1, server-side apply that stores objects, scale. */
export function fakeApiServer(t: TestContext, options: { forbid?: RegExp } = {}) {
  const store = new Map<string, Record<string, unknown>>();
  const requests: string[] = [];
  let version = 1;
  const resources: Record<string, { name: string; kind: string; namespaced: boolean }[]> = {
    '/api/v1': [
      { name: 'namespaces', kind: 'Namespace', namespaced: false },
      { name: 'services', kind: 'Service', namespaced: true },
      { name: 'configmaps', kind: 'ConfigMap', namespaced: true },
      { name: 'secrets', kind: 'Secret', namespaced: true },
      { name: 'pods', kind: 'Pod', namespaced: true },
    ],
    '/apis/apps/v1': [{ name: 'deployments', kind: 'Deployment', namespaced: true }, { name: 'deployments/scale', kind: 'Scale', namespaced: true }],
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      requests.push(`${req.method} ${url.pathname}${url.search}`);
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': typeof value === 'string' ? 'text/plain' : 'application/json' });
        res.end(typeof value === 'string' ? value : JSON.stringify(value));
      };
      assert.equal(req.headers.authorization, 'Bearer secret');
      if (resources[url.pathname]) return send(200, { resources: resources[url.pathname] });
      if (options.forbid?.test(url.pathname)) return send(403, { kind: 'Status', reason: 'Forbidden', message: 'nope' });
      if (url.pathname.endsWith('/log')) return send(200, 'line 1\nline 2\n');
      const scale = url.pathname.endsWith('/scale');
      const key = scale ? url.pathname.slice(0, -'/scale'.length) : url.pathname;
      const stored = store.get(key);
      if (req.method === 'GET') {
        if (!stored) return send(404, { kind: 'Status', reason: 'NotFound', message: 'not found' });
        return send(200, scale ? { spec: { replicas: (stored.spec as { replicas?: number }).replicas ?? 1 } } : stored);
      }
      if (req.method === 'PATCH' && scale) {
        if (!stored) return send(404, { kind: 'Status', reason: 'NotFound' });
        const replicas = (JSON.parse(body) as { spec: { replicas: number } }).spec.replicas;
        store.set(key, { ...stored, spec: { ...(stored.spec as object), replicas }, metadata: { ...(stored.metadata as object), resourceVersion: String(++version) } });
        return send(200, { spec: { replicas } });
      }
      if (req.method === 'PATCH') {
        assert.equal(req.headers['content-type'], 'application/apply-patch+yaml');
        assert.equal(url.searchParams.get('fieldManager'), 'berth');
        const object = JSON.parse(body) as { metadata: Record<string, unknown> };
        if ((object as { spec?: { invalid?: boolean } }).spec?.invalid) return send(422, { kind: 'Status', reason: 'Invalid', details: { causes: [{ field: 'spec.invalid', message: 'not allowed' }] } });
        const same = stored && JSON.stringify({ ...stored, metadata: { ...(stored.metadata as object), resourceVersion: undefined } }) === JSON.stringify({ ...object, metadata: { ...object.metadata, resourceVersion: undefined } });
        const next = { ...object, metadata: { ...object.metadata, resourceVersion: same ? (stored!.metadata as { resourceVersion: string }).resourceVersion : String(++version) } };
        if (url.searchParams.get('dryRun') !== 'All') store.set(key, next);
        return send(stored ? 200 : 201, next);
      }
      send(405, { kind: 'Status', message: 'unsupported' });
    });
  });
  t.after(() => server.close());
  return { server, store, requests, listen: () => new Promise<void>((r) => server.listen(0, '127.0.0.1', r)) };
}

/** A Deployment of two replicas; `extra` adds to or replaces its spec. */
export const deployment = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { replicas: 2, ...extra } });
