import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { parse } from 'yaml';
import {
  applyObjects,
  basicKindConfig,
  connect,
  errorFromStatus,
  kindClusterDown,
  kindClusterUp,
  kwokClusterUp,
  loadKubeconfig,
  openCluster,
  orderForApply,
  podLogs,
  scaleWorkload,
  selectTarget,
  spawnRunner,
  writeContextNamespace,
  writeCurrentContext,
  type ClusterSpec,
  type KubeClient,
  type NodePoolSpec,
  type ToolRunner,
} from '../../kube';
import { repoRoot } from '../helpers/repo';

const fixtures = join(repoRoot(), 'test/fixtures/kube');

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-kube-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function kubeconfigCopies(t: TestContext): { dir: string; a: string; b: string } {
  const dir = tempDir(t);
  copyFileSync(join(fixtures, 'kubeconfig/a.yaml'), join(dir, 'a.yaml'));
  copyFileSync(join(fixtures, 'kubeconfig/b.yaml'), join(dir, 'b.yaml'));
  return { dir, a: join(dir, 'a.yaml'), b: join(dir, 'b.yaml') };
}

describe('kubeconfig, read as kubectl does', () => {
  it('merges KUBECONFIG files in order: the first definition of a name and the first current-context win', (t) => {
    const { dir, a, b } = kubeconfigCopies(t);
    const kc = loadKubeconfig({ kubeconfigEnv: [a, join(dir, 'missing.yaml'), b].join(delimiter), home: dir });
    assert.ok(kc.ok, kc.ok ? '' : kc.error.message);
    assert.deepEqual(kc.value.files, [a, b]);
    assert.equal(kc.value.primaryFile, a);
    assert.equal(kc.value.currentContext, 'alpha');
    assert.deepEqual(kc.value.contexts.map((c) => c.name), ['alpha', 'both', 'beta']);
    assert.equal(kc.value.contexts.find((c) => c.name === 'both')?.user, 'alice', 'a.yaml defines "both" first');
    assert.equal(kc.value.clusters.find((c) => c.name === 'shared')?.server, 'https://a.example:6443');
    // Relative paths are relative to the file that holds them.
    assert.equal(kc.value.clusters.find((c) => c.name === 'shared')?.fields['certificate-authority'], join(dir, 'certs/ca.crt'));
    assert.equal(kc.value.users.find((u) => u.name === 'bob')?.fields['client-key'], join(dir, 'bob.key'));

    const reversed = loadKubeconfig({ kubeconfigEnv: [b, a].join(delimiter), home: dir });
    assert.ok(reversed.ok);
    assert.equal(reversed.value.currentContext, 'beta');
    assert.equal(reversed.value.clusters.find((c) => c.name === 'shared')?.server, 'https://b.example:6443');
  });

  it('uses ~/.kube/config without KUBECONFIG, and adds registered files after it', (t) => {
    const { dir, a, b } = kubeconfigCopies(t);
    const home = join(dir, 'home');
    mkdirSync(join(home, '.kube'), { recursive: true });
    copyFileSync(b, join(home, '.kube/config'));
    const kc = loadKubeconfig({ kubeconfigEnv: '', home, registered: [a] });
    assert.ok(kc.ok, kc.ok ? '' : kc.error.message);
    assert.equal(kc.value.currentContext, 'beta', 'a registered file never picks the current context');
    assert.deepEqual(kc.value.contexts.map((c) => c.name), ['beta', 'both', 'alpha']);
    const missing = loadKubeconfig({ kubeconfigEnv: '', home, registered: [join(dir, 'gone.yaml')] });
    assert.ok(!missing.ok);
    assert.equal(missing.error.kind, 'invalidKubeconfig');
    assert.match(missing.error.message, /gone\.yaml does not exist.*berth\.kubeconfigs/);
  });

  it('resolves the current namespace: override, else the context\'s, else default', (t) => {
    const { a, b } = kubeconfigCopies(t);
    const kc = loadKubeconfig({ kubeconfigEnv: [a, b].join(delimiter) });
    assert.ok(kc.ok);
    const current = selectTarget(kc.value);
    assert.ok(current.ok);
    assert.equal(current.value.context.name, 'alpha');
    assert.equal(current.value.namespace, 'team-a');
    const beta = selectTarget(kc.value, { context: 'beta' });
    assert.ok(beta.ok);
    assert.equal(beta.value.namespace, 'default');
    const override = selectTarget(kc.value, { context: 'beta', namespace: 'shop' });
    assert.ok(override.ok);
    assert.equal(override.value.namespace, 'shop');
    const unknown = selectTarget(kc.value, { context: 'nope' });
    assert.ok(!unknown.ok);
    assert.match(unknown.error.message, /Context "nope" is not in .*known contexts: alpha, both, beta/);
  });

  it('reports invalid YAML as an invalid kubeconfig naming the file', () => {
    const broken = join(fixtures, 'kubeconfig/broken.yaml');
    const kc = loadKubeconfig({ kubeconfigEnv: broken });
    assert.ok(!kc.ok);
    assert.equal(kc.error.kind, 'invalidKubeconfig');
    assert.ok(kc.error.message.includes(broken));
  });

  it('switches context and namespace in memory; writes files only when asked, keeping comments', (t) => {
    const { a, b } = kubeconfigCopies(t);
    const before = readFileSync(a, 'utf8');
    const kc = loadKubeconfig({ kubeconfigEnv: [a, b].join(delimiter) });
    assert.ok(kc.ok);
    assert.ok(selectTarget(kc.value, { context: 'beta', namespace: 'x' }).ok);
    assert.equal(readFileSync(a, 'utf8'), before, 'selecting changes no file');

    assert.ok(writeCurrentContext(kc.value, 'beta').ok);
    assert.ok(writeContextNamespace(kc.value, 'beta', 'shop').ok);
    const after = loadKubeconfig({ kubeconfigEnv: [a, b].join(delimiter) });
    assert.ok(after.ok);
    assert.equal(after.value.currentContext, 'beta');
    assert.equal(after.value.contexts.find((c) => c.name === 'beta')?.namespace, 'shop');
    assert.match(readFileSync(a, 'utf8'), /^# First file of KUBECONFIG/, 'comments survive');
    assert.match(readFileSync(b, 'utf8'), /namespace: shop/, 'the namespace goes to the file that defines the context');
  });
});

describe('typed errors', () => {
  const op = { verb: 'create', resource: 'deployments', namespace: 'shop', name: 'web', context: 'dev', server: 'https://x' };

  it('maps 401, 403, 404 and 409 to kinds with actionable messages naming verb, resource and namespace', () => {
    const e401 = errorFromStatus(401, '{"kind":"Status","message":"Unauthorized"}', op);
    assert.equal(e401.kind, 'unauthorized');
    assert.match(e401.message, /credentials/);
    const e403 = errorFromStatus(403, { kind: 'Status', reason: 'Forbidden', message: 'deployments.apps "web" is forbidden: User "bob" cannot create resource' }, op);
    assert.equal(e403.kind, 'forbidden');
    assert.match(e403.message, /may not create deployments "web" in namespace "shop"/);
    assert.match(e403.message, /RBAC permission to "create" deployments in namespace "shop"/);
    const e404 = errorFromStatus(404, { kind: 'Status', reason: 'NotFound' }, { ...op, verb: 'get' });
    assert.equal(e404.kind, 'notFound');
    assert.match(e404.message, /get deployments "web" in namespace "shop"/);
    const e409 = errorFromStatus(409, { kind: 'Status', reason: 'Conflict', message: 'Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas' }, { ...op, verb: 'apply' });
    assert.equal(e409.kind, 'conflict');
    assert.match(e409.message, /conflict with "kubectl": \.spec\.replicas/);
    const e422 = errorFromStatus(422, { kind: 'Status', details: { causes: [{ field: 'spec.replicas', message: 'must be >= 0' }] } }, op);
    assert.equal(e422.kind, 'invalid');
    assert.match(e422.message, /spec\.replicas: must be >= 0/);
  });

  it('a closed port is a typed unreachable error, quickly', async () => {
    const kc = loadKubeconfig({ kubeconfigEnv: join(fixtures, 'kubeconfig/b.yaml') });
    assert.ok(kc.ok);
    const target = selectTarget(kc.value, { context: 'beta' });
    assert.ok(target.ok);
    // bob's certificate files do not exist: credentials fail before any connection...
    const client = await connect({ ...target.value, user: { ...target.value.user, fields: { token: 't' } } });
    assert.ok(client.ok, client.ok ? '' : client.error.message);
    const started = Date.now();
    const r = await client.value.request({ method: 'GET', path: '/api/v1/namespaces', operation: { verb: 'list', resource: 'namespaces' }, timeoutMs: 5000 });
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'unreachable');
    assert.match(r.error.message, /Cannot reach the cluster to list namespaces \(context "beta", server https:\/\/127\.0\.0\.1:1\): ECONNREFUSED/);
    assert.ok(Date.now() - started < 5000);
  });

  it('a server that never answers is a timeout; an aborted signal is cancelled', async (t) => {
    const server = http.createServer(() => undefined); // never responds
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    t.after(() => server.close());
    server.unref();
    const client = await fakeClient(t, server);
    const slow = await client.request({ method: 'GET', path: '/api', operation: { verb: 'get', resource: 'api' }, timeoutMs: 200 });
    assert.ok(!slow.ok);
    assert.equal(slow.error.kind, 'timeout');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const cancelled = await client.request({ method: 'GET', path: '/api', operation: { verb: 'get', resource: 'api' }, signal: controller.signal });
    assert.ok(!cancelled.ok);
    assert.equal(cancelled.error.kind, 'cancelled');
    server.closeAllConnections();
  });
});

/** A client for a local plain-http server. */
async function fakeClient(t: TestContext, server: http.Server, namespace = 'default'): Promise<KubeClient> {
  const dir = tempDir(t);
  const file = join(dir, 'config');
  const port = (server.address() as AddressInfo).port;
  writeFileSync(file, `apiVersion: v1\nkind: Config\ncurrent-context: fake\nclusters: [{name: fake, cluster: {server: "http://127.0.0.1:${port}"}}]\nusers: [{name: fake, user: {token: secret}}]\ncontexts: [{name: fake, context: {cluster: fake, user: fake, namespace: ${namespace}}}]\n`);
  const client = await openCluster({ kubeconfigEnv: file });
  assert.ok(client.ok, client.ok ? '' : client.error.message);
  return client.value;
}

/** A tiny API server: discovery for v1 and apps/v1, server-side apply that stores objects, scale. */
function fakeApiServer(t: TestContext, options: { forbid?: RegExp } = {}) {
  const store = new Map<string, Record<string, unknown>>();
  const requests: string[] = [];
  let version = 1;
  const resources: Record<string, { name: string; kind: string; namespaced: boolean }[]> = {
    '/api/v1': [
      { name: 'namespaces', kind: 'Namespace', namespaced: false },
      { name: 'services', kind: 'Service', namespaced: true },
      { name: 'configmaps', kind: 'ConfigMap', namespaced: true },
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

const deployment = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { replicas: 2, ...extra } });

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

describe('workloads', () => {
  it('scales through the scale subresource and reads logs', async (t) => {
    const api = fakeApiServer(t);
    await api.listen();
    const client = await fakeClient(t, api.server);
    assert.ok((await applyObjects(client, [deployment('web')])).ok);
    const scaled = await scaleWorkload(client, { kind: 'Deployment', name: 'web' }, 4);
    assert.ok(scaled.ok, scaled.ok ? '' : scaled.error.message);
    assert.deepEqual(scaled.value, { previous: 2, replicas: 4 });
    assert.ok(api.requests.includes('PATCH /apis/apps/v1/namespaces/default/deployments/web/scale'));
    const missing = await scaleWorkload(client, { kind: 'StatefulSet', name: 'db' }, 1);
    assert.ok(!missing.ok);
    assert.equal(missing.error.kind, 'notFound');
    const logs = await podLogs(client, 'web-1', { tailLines: 2 });
    assert.ok(logs.ok);
    assert.equal(logs.value, 'line 1\nline 2\n');
    assert.ok(api.requests.includes('GET /api/v1/namespaces/default/pods/web-1/log?tailLines=2'));
  });
});

const stagingCluster: ClusterSpec = {
  metadata: { name: 'staging' },
  spec: { type: 'dedicated', provider: 'kind', kubernetesVersion: '1.35.0', controlPlane: { nodes: 3 }, network: { plugin: 'calico', podCIDR: '10.32.0.0/16', serviceCIDR: '10.64.0.0/16' } },
};
const batchPool: NodePoolSpec = {
  metadata: { name: 'batch' },
  spec: { cluster: 'staging', instanceType: 'ecs.r7.xlarge', scaling: { min: 0, max: 2, desired: 2 }, labels: { tier: 'batch' }, taints: [{ key: 'workload', value: 'batch', effect: 'NoExecute' }] },
};

describe('kind provisioning, against the recording stand-in `kind`', () => {
  function standIn(t: TestContext) {
    const dir = tempDir(t);
    const record = join(dir, 'kind-record.jsonl');
    const kubeconfigFile = join(dir, 'kube/config');
    const previous = { PATH: process.env.PATH, BERTH_KIND_RECORD: process.env.BERTH_KIND_RECORD, BERTH_KIND_FAIL: process.env.BERTH_KIND_FAIL };
    process.env.PATH = `${join(fixtures, 'bin')}${delimiter}${process.env.PATH}`;
    process.env.BERTH_KIND_RECORD = record;
    t.after(() => {
      for (const [k, v] of Object.entries(previous)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    });
    const calls = () => readFileSync(record, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { args: string[]; config?: string });
    return { kubeconfigFile, calls };
  }

  it('renders the config, runs `kind create cluster --config`, streams progress and selects the context', async (t) => {
    const { kubeconfigFile, calls } = standIn(t);
    const lines: string[] = [];
    const up = await kindClusterUp(stagingCluster, { kubeconfigFile, config: basicKindConfig(stagingCluster, [batchPool]), onProgress: (l) => lines.push(l) });
    assert.ok(up.ok, up.ok ? '' : up.error.message);
    assert.equal(up.value.context, 'kind-staging');
    const [create] = calls();
    assert.deepEqual(create!.args.filter((a) => !a.includes('berth-kind-')), ['create', 'cluster', '--name', 'staging', '--config', '--kubeconfig', kubeconfigFile, '--image', 'kindest/node:v1.35.0', '--wait', '5m']);
    const config = parse(create!.config!) as { nodes: { role: string; labels?: Record<string, string>; kubeadmConfigPatches?: string[] }[]; networking: Record<string, unknown> };
    assert.deepEqual(config.nodes.map((n) => n.role), ['control-plane', 'control-plane', 'control-plane', 'worker', 'worker']);
    assert.deepEqual(config.nodes[3]!.labels, { tier: 'batch', 'berth.dev/nodepool': 'batch' });
    assert.match(config.nodes[3]!.kubeadmConfigPatches![0]!, /register-with-taints: workload=batch:NoExecute/);
    assert.deepEqual(config.networking, { podSubnet: '10.32.0.0/16', serviceSubnet: '10.64.0.0/16', disableDefaultCNI: true });
    assert.ok(lines.some((l) => l.includes('Ensuring node image')), 'kind output is streamed');
    const kc = loadKubeconfig({ kubeconfigEnv: kubeconfigFile });
    assert.ok(kc.ok);
    assert.equal(kc.value.currentContext, 'kind-staging');

    const down = await kindClusterDown('staging', { kubeconfigFile });
    assert.ok(down.ok);
    assert.deepEqual(calls()[1]!.args, ['delete', 'cluster', '--name', 'staging', '--kubeconfig', kubeconfigFile]);
    const after = loadKubeconfig({ kubeconfigEnv: kubeconfigFile });
    assert.ok(after.ok);
    assert.deepEqual(after.value.contexts.map((c) => c.name), []);
  });

  it('a failed create leaves no half-registered context, and says why', async (t) => {
    const { kubeconfigFile, calls } = standIn(t);
    process.env.BERTH_KIND_FAIL = '1';
    const up = await kindClusterUp(stagingCluster, { kubeconfigFile, config: basicKindConfig(stagingCluster, []) });
    assert.ok(!up.ok);
    assert.equal(up.error.kind, 'tool');
    assert.match(up.error.message, /kind failed to create cluster staging \(exit 1\):[\s\S]*never became ready/);
    assert.deepEqual(calls().map((c) => c.args.slice(0, 2).join(' ')), ['create cluster', 'delete cluster']);
    const kc = loadKubeconfig({ kubeconfigEnv: kubeconfigFile });
    assert.ok(kc.ok);
    assert.equal(kc.value.contexts.length, 0);
    assert.equal(kc.value.currentContext, undefined);
  });

  it('a missing kind executable is a tool error naming it', async (t) => {
    const dir = tempDir(t);
    const r = await kindClusterUp(stagingCluster, { kubeconfigFile: join(dir, 'config'), config: {}, kind: join(dir, 'no-kind') });
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'tool');
    assert.match(r.error.message, /no-kind was not found/);
  });
});

describe('kwok provisioning command line', () => {
  it('runs kwokctl on the local binaries and rolls back when it fails', async (t) => {
    const dir = tempDir(t);
    const kubeconfigFile = join(dir, 'config');
    const seen: { command: string; args: readonly string[]; env?: Readonly<Record<string, string>>; config?: string }[] = [];
    const runner: ToolRunner = async (command, onLine) => {
      const i = command.args.indexOf('--config');
      seen.push({ ...command, ...(i >= 0 ? { config: readFileSync(command.args[i + 1]!, 'utf8') } : {}) });
      if (command.args[0] === 'create') {
        // kwokctl wrote the context, then failed.
        writeFileSync(kubeconfigFile, 'apiVersion: v1\nkind: Config\ncurrent-context: kwok-local\nclusters: [{name: kwok-local, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: kwok-local, user: {}}]\ncontexts: [{name: kwok-local, context: {cluster: kwok-local, user: kwok-local}}]\n');
        onLine('kube-apiserver did not become ready');
        return { ok: true, value: { exitCode: 1, tail: ['kube-apiserver did not become ready'] } };
      }
      return { ok: true, value: { exitCode: 0, tail: [] } };
    };
    const bin = (n: string) => `/opt/berth/bin/${n}`;
    const r = await kwokClusterUp({ metadata: { name: 'local' }, spec: { type: 'managed', provider: 'kwok', kubernetesVersion: '1.36' } }, [], {
      kubeconfigFile,
      runner,
      catalog: [],
      workdir: join(dir, 'kwok'),
      binaries: { kwokctl: bin('kwokctl'), kubectl: bin('kubectl'), kwok: bin('kwok'), etcd: bin('etcd'), 'kube-apiserver': bin('kube-apiserver'), 'kube-controller-manager': bin('kube-controller-manager'), 'kube-scheduler': bin('kube-scheduler') },
    });
    assert.ok(!r.ok);
    assert.match(r.error.message, /kwokctl failed to create cluster local \(exit 1\)/);
    assert.equal(seen[0]!.command, bin('kwokctl'));
    assert.deepEqual(seen[0]!.args.filter((a) => !a.includes('berth-kwok-')), ['create', 'cluster', '--name', 'local', '--config', '--kubeconfig', kubeconfigFile, '--wait', '3m']);
    assert.equal(seen[0]!.env?.KWOK_WORKDIR, join(dir, 'kwok'));
    assert.ok(seen[0]!.env?.PATH?.startsWith('/opt/berth/bin'), 'our kubectl comes first on PATH');
    const options = (parse(seen[0]!.config!.split('---')[0]!) as { options: Record<string, string> }).options;
    assert.equal(options.runtime, 'binary');
    assert.equal(options.kubeApiserverBinary, bin('kube-apiserver'));
    assert.equal(options.bindAddress, '127.0.0.1');
    assert.equal(options.kubeVersion, undefined, 'the local binaries decide the version; nothing is downloaded');
    assert.deepEqual(seen[1]!.args, ['delete', 'cluster', '--name', 'local', '--kubeconfig', kubeconfigFile]);
    const kc = loadKubeconfig({ kubeconfigEnv: kubeconfigFile });
    assert.ok(kc.ok);
    assert.equal(kc.value.contexts.length, 0, 'no half-registered context');
  });

  it('the default runner streams a real process', async () => {
    const lines: string[] = [];
    const r = await spawnRunner({ command: process.execPath, args: ['-e', 'console.log("a"); console.error("b"); process.exit(3)'] }, (l) => lines.push(l));
    assert.ok(r.ok);
    assert.equal(r.value.exitCode, 3);
    assert.deepEqual(lines.sort(), ['a', 'b']);
  });
});
