// Bad kubeconfigs and broken servers: every operation (connect, list, apply, watch cache start)
// comes back with a clear, typed error within its configured deadline, never a hang. Servers are
// local stand-ins: a closed port, a socket that accepts and never answers, a watch that goes
// silent, a server that drops the connection after reading a change, and a restartable API.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import {
  applyObjects,
  connect,
  loadKubeconfig,
  openCluster,
  selectTarget,
  watchCache,
  type ApplyObjectResult,
  type KubeClient,
  type KubeError,
  type KubeObject,
  type WatchCacheEvent,
  type WatchCacheStatus,
} from '../../kube';
import { fakeClient } from '../helpers/fakeApiServer';
import { repoRoot } from '../helpers/repo';

/** Deadline given to every request in these tests; elapsed times are checked against it. */
const TIMEOUT_MS = 300;
/** What a busy CI machine may add to a deadline before the answer is back. */
const SLACK_MS = 1500;

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-faults-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function kubeconfigText(server: string, extra: { user?: string; cluster?: string } = {}): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'current-context: c',
    `clusters: [{name: ${extra.cluster ?? 'c'}, cluster: {server: "${server}"}}]`,
    `users: [{name: ${extra.user ?? 'u'}, user: {token: not-a-real-token}}]`,
    'contexts: [{name: c, context: {cluster: c, user: u, namespace: ns}}]',
    '',
  ].join('\n');
}

function writeKubeconfig(t: TestContext, text: string): string {
  const file = join(tempDir(t), 'config');
  writeFileSync(file, text);
  return file;
}

/** A connected client with a short deadline on every request. */
async function clientFor(file: string, timeoutMs = TIMEOUT_MS): Promise<KubeClient> {
  const kubeconfig = loadKubeconfig({ kubeconfigEnv: file });
  assert.ok(kubeconfig.ok, kubeconfig.ok ? '' : kubeconfig.error.message);
  const target = selectTarget(kubeconfig.value);
  assert.ok(target.ok, target.ok ? '' : target.error.message);
  const client = await connect(target.value, { timeoutMs });
  assert.ok(client.ok, client.ok ? '' : client.error.message);
  return client.value;
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await run();
  return { value, ms: performance.now() - t0 };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Accepts TCP connections and never says a word. */
async function silentServer(t: TestContext): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  return (server.address() as AddressInfo).port;
}

async function httpServer(t: TestContext, handler: http.RequestListener): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { server, port: (server.address() as AddressInfo).port };
}

const configMap = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' }, data: { k: name } } as KubeObject);

function statusOf(cache: { readonly status: WatchCacheStatus }): WatchCacheStatus {
  return cache.status;
}

/** The first event of a cache matching `match`, or a rejection after `ms`. */
function firstEvent(cache: { onChange(l: (e: WatchCacheEvent<KubeObject>) => void): { dispose(): void } }, match: (e: WatchCacheEvent<KubeObject>) => boolean, ms: number): Promise<WatchCacheEvent<KubeObject>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (sub.dispose(), reject(new Error(`no matching cache event within ${ms} ms`))), ms);
    const sub = cache.onChange((e) => {
      if (!match(e)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(e);
    });
  });
}

describe('kubeconfigs that cannot be used', () => {
  it('malformed YAML names the file and what to do', async (t) => {
    const file = writeKubeconfig(t, 'apiVersion: v1\nclusters: [{name: c, cluster: {server: "http://x"}\nusers: :\n');
    const r = await openCluster({ kubeconfigEnv: file });
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'invalidKubeconfig');
    assert.match(r.error.message, new RegExp(`^Invalid kubeconfig ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .+ Fix the YAML or remove the file from KUBECONFIG\\.$`));
  });

  it('a KUBECONFIG naming only a missing file says that no context exists there', async (t) => {
    const missing = join(tempDir(t), 'nope.yaml');
    const r = await openCluster({ kubeconfigEnv: missing });
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'invalidKubeconfig');
    assert.equal(r.error.message, `No current context in ${missing} (missing); pass --context or run \`kubectl config use-context <name>\` (the kubeconfig defines no contexts).`);
  });

  it('a missing file among others is skipped as kubectl does, and the others still work', async (t) => {
    const good = writeKubeconfig(t, kubeconfigText('http://127.0.0.1:1'));
    const r = await openCluster({ kubeconfigEnv: [join(tempDir(t), 'gone.yaml'), good].join(delimiter) });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.equal(r.value.context, 'c');
  });

  it('a context naming a missing cluster is refused before any request', async (t) => {
    const file = writeKubeconfig(t, kubeconfigText('http://127.0.0.1:1', { cluster: 'other' }));
    const r = await openCluster({ kubeconfigEnv: file });
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'invalidKubeconfig');
    assert.equal(r.error.message, `Context "c" (${file}) names cluster "c", which no kubeconfig file defines.`);
  });

  it('a context naming a missing user sends no credentials (as kubectl), and a 401 says why', async (t) => {
    const { port } = await httpServer(t, (req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', code: 401, reason: 'Unauthorized', message: req.headers.authorization ? 'bad token' : 'Unauthorized' }));
    });
    const file = writeKubeconfig(t, kubeconfigText(`http://127.0.0.1:${port}`, { user: 'someone-else' }));
    const client = await clientFor(file);
    const r = await client.request({ method: 'GET', path: '/api/v1/namespaces/ns/pods', operation: { verb: 'list', resource: 'pods', namespace: 'ns' } });
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'unauthorized');
    assert.equal(r.error.detail, 'Unauthorized', 'no Authorization header was sent');
    assert.equal(
      r.error.message,
      `Cannot list pods in namespace "ns" (context "c", server http://127.0.0.1:${port}): the server rejected the credentials of kubeconfig user "u" (401 Unauthorized); the token or certificate is expired, revoked or wrong. Log in again or get a new token for this user, then retry. Note: context "c" names user "u", which no kubeconfig file defines, so no credentials were sent.`,
    );
  });

  it('an invalid server address is refused by connect', async (t) => {
    const file = writeKubeconfig(t, kubeconfigText('not a url'));
    const r = await openCluster({ kubeconfigEnv: file });
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'invalidKubeconfig');
    assert.match(r.error.message, /has an invalid server address "not a url"/);
  });
});

describe('a server on a closed port', () => {
  it('list, apply and a watch cache fail at once as unreachable, naming the server', async (t) => {
    const port = await closedPort();
    const client = await clientFor(writeKubeconfig(t, kubeconfigText(`http://127.0.0.1:${port}`)));

    const list = await timed(() => client.request({ method: 'GET', path: '/api/v1/namespaces/ns/pods', operation: { verb: 'list', resource: 'pods', namespace: 'ns' } }));
    assert.ok(!list.value.ok);
    assert.equal(list.value.error.kind, 'unreachable');
    assert.equal(list.value.error.message, `Cannot reach the cluster to list pods in namespace "ns" (context "c", server http://127.0.0.1:${port}): ECONNREFUSED; is the cluster running, and is the server address in the kubeconfig right?`);
    assert.ok(list.ms < TIMEOUT_MS, `refused at once, not after the deadline (${list.ms.toFixed(0)} ms)`);
    assert.equal(list.value.error.outcomeUnknown, undefined, 'a refused connection certainly changed nothing');

    const results: ApplyObjectResult[] = [];
    const applied = await timed(() => applyObjects(client, [configMap('a'), configMap('b'), configMap('c')], { onResult: (r) => results.push(r) }));
    assert.ok(!applied.value.ok);
    assert.equal(applied.value.error.kind, 'unreachable');
    assert.ok(applied.ms < TIMEOUT_MS + SLACK_MS, `${applied.ms.toFixed(0)} ms`);
    // Nothing silently skipped: every object has a result saying it was not applied.
    assert.deepEqual(results.map((r) => `${r.name} ${r.action} ${r.error?.kind}`), ['a failed unreachable', 'b failed unreachable', 'c failed unreachable']);
    assert.match(results[0]!.error!.message, /Not attempted: the operation stopped earlier because the cluster became unreachable\./);

    const cache = watchCache(client, { apiVersion: 'v1', plural: 'configmaps' }, { namespace: 'ns', backoff: { initialMs: 50 } });
    t.after(() => cache.dispose());
    const failed = await timed(() => firstEvent(cache, (e) => e.type === 'error', TIMEOUT_MS + SLACK_MS));
    assert.ok(failed.value.type === 'error');
    assert.equal(failed.value.error.kind, 'unreachable');
    assert.equal(cache.status.state, 'retrying');
    assert.equal((cache.status as Extract<WatchCacheStatus, { state: 'retrying' }>).error.kind, 'unreachable');
    const synced = await cache.whenSynced({ timeoutMs: 100 });
    assert.ok(!synced.ok);
    assert.equal(synced.error.kind, 'timeout');
  });
});

describe('a server that accepts connections and never answers', () => {
  it('every operation times out within its deadline with a clear message', async (t) => {
    const port = await silentServer(t);
    const client = await clientFor(writeKubeconfig(t, kubeconfigText(`http://127.0.0.1:${port}`)));
    const within = (ms: number, what: string) => assert.ok(ms >= TIMEOUT_MS - 20 && ms < TIMEOUT_MS + SLACK_MS, `${what} took ${ms.toFixed(0)} ms; deadline ${TIMEOUT_MS} ms`);

    const list = await timed(() => client.request({ method: 'GET', path: '/api/v1/namespaces/ns/pods', operation: { verb: 'list', resource: 'pods', namespace: 'ns' } }));
    assert.ok(!list.value.ok);
    assert.equal(list.value.error.kind, 'timeout');
    assert.equal(list.value.error.message, `Timed out after 0.3s trying to list pods (context "c", server http://127.0.0.1:${port}). Is the cluster running and reachable?`);
    within(list.ms, 'list');

    const results: ApplyObjectResult[] = [];
    const applied = await timed(() => applyObjects(client, [configMap('a'), configMap('b')], { onResult: (r) => results.push(r) }));
    assert.ok(!applied.value.ok);
    assert.equal(applied.value.error.kind, 'timeout');
    within(applied.ms, 'apply');
    assert.deepEqual(results.map((r) => `${r.name} ${r.action} ${r.error?.kind}`), ['a failed timeout', 'b failed timeout']);

    const watched = await timed(() => client.watch({ path: '/api/v1/namespaces/ns/configmaps', operation: { verb: 'watch', resource: 'configmaps', namespace: 'ns' } }, () => undefined));
    assert.ok(!watched.value.ok);
    assert.equal(watched.value.error.kind, 'timeout');
    within(watched.ms, 'watch');

    const cache = watchCache(client, { apiVersion: 'v1', plural: 'configmaps' }, { namespace: 'ns' });
    t.after(() => cache.dispose());
    const failed = await timed(() => firstEvent(cache, (e) => e.type === 'error', TIMEOUT_MS + SLACK_MS));
    assert.ok(failed.value.type === 'error');
    assert.equal(failed.value.error.kind, 'timeout');
    within(failed.ms, 'the watch cache\'s first list');
    assert.equal(cache.status.state, 'retrying');
  });

  it('a watch the server accepted but then never ends nor feeds is given up after its own limit plus the deadline', async (t) => {
    const { port } = await httpServer(t, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
    });
    const client = await clientFor(writeKubeconfig(t, kubeconfigText(`http://127.0.0.1:${port}`)));
    let opened = false;
    const watched = await timed(() =>
      client.watch({ path: '/api/v1/namespaces/ns/configmaps', query: { timeoutSeconds: 1 }, operation: { verb: 'watch', resource: 'configmaps', namespace: 'ns' }, onOpen: () => (opened = true) }, () => undefined),
    );
    assert.ok(opened, 'the server accepted the watch');
    assert.ok(!watched.value.ok);
    assert.equal(watched.value.error.kind, 'timeout');
    assert.match(watched.value.error.message, /^The watch of configmaps went silent: the server did not end it 0s after its own 1s limit/);
    assert.ok(watched.ms >= 1000 + TIMEOUT_MS - 20 && watched.ms < 1000 + TIMEOUT_MS + SLACK_MS, `${watched.ms.toFixed(0)} ms`);
  });
});

describe('a connection that breaks after a change was sent', () => {
  it('says the change may have been made; a refused one says nothing of the sort', async (t) => {
    const { port } = await httpServer(t, (req) => {
      req.resume();
      req.on('end', () => req.socket.destroy());
    });
    const client = await clientFor(writeKubeconfig(t, kubeconfigText(`http://127.0.0.1:${port}`)));
    const r = await client.request({ method: 'PATCH', path: '/api/v1/namespaces/ns/configmaps/a', body: configMap('a'), contentType: 'application/apply-patch+yaml', operation: { verb: 'apply', resource: 'configmaps', namespace: 'ns', name: 'a' } });
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'unreachable');
    assert.equal(r.error.outcomeUnknown, true);
    assert.match(r.error.message, /ECONNRESET; .* The request had reached the server, so the change may have been made: check, or run it again\.$/);
    const read = await client.request({ method: 'GET', path: '/api/v1/namespaces/ns/configmaps/a', operation: { verb: 'get', resource: 'configmaps', namespace: 'ns', name: 'a' } });
    assert.ok(!read.ok);
    assert.equal(read.error.outcomeUnknown, undefined, 'a read changes nothing');
  });
});

describe('RBAC answers', () => {
  it('a 403 names the user, the verb, the resource and the namespace; "apply" asks for "patch"', async (t) => {
    const { port } = await httpServer(t, (req, res) => {
      req.resume();
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', code: 403, reason: 'Forbidden', message: 'configmaps "a" is forbidden: User "system:serviceaccount:ns:narrow" cannot patch resource "configmaps" in API group "" in the namespace "ns"' }));
    });
    const client = await clientFor(writeKubeconfig(t, kubeconfigText(`http://127.0.0.1:${port}`)));
    const r = await client.request({ method: 'PATCH', path: '/api/v1/namespaces/ns/configmaps/a', body: configMap('a'), operation: { verb: 'apply', resource: 'configmaps', namespace: 'ns', name: 'a' } });
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'forbidden');
    assert.equal(
      r.error.message,
      `Forbidden: user "system:serviceaccount:ns:narrow" (kubeconfig user "u") may not apply configmaps "a" in namespace "ns" (context "c", server http://127.0.0.1:${port}). Ask an administrator for RBAC permission to "patch" configmaps in namespace "ns". Server: configmaps "a" is forbidden: User "system:serviceaccount:ns:narrow" cannot patch resource "configmaps" in API group "" in the namespace "ns"`,
    );
  });
});

/**
 * A minimal API for configmaps in "ns" that can be stopped (connections cut, port closed) and
 * started again on the same port with other objects, as a restarted apiserver would be.
 */
function restartableApi(t: TestContext) {
  let objects = new Map<string, KubeObject>();
  let version = 10;
  let epoch = 0;
  let server: http.Server | undefined;
  let port = 0;
  const put = (name: string) => objects.set(name, { ...configMap(name), metadata: { name, namespace: 'ns', resourceVersion: String(++version) } });
  const handler: http.RequestListener = (req, res) => {
    const url = new URL(req.url!, 'http://x');
    res.setHeader('content-type', 'application/json');
    if (url.searchParams.get('watch')) {
      // After a restart the old versions are gone: 410, as the real apiserver's fresh watch cache says.
      if (Number(url.searchParams.get('resourceVersion')?.split(':')[0]) !== epoch) {
        res.writeHead(200);
        res.end(JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' } }) + '\n');
        return;
      }
      res.writeHead(200);
      res.flushHeaders();
      return; // an idle watch, held open until the server stops
    }
    res.end(JSON.stringify({ items: [...objects.values()], metadata: { resourceVersion: `${epoch}:${version}` } }));
  };
  const start = async () => {
    server = http.createServer(handler);
    await new Promise<void>((r) => server!.listen(port, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  };
  const stop = async () => {
    const s = server!;
    server = undefined;
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  };
  t.after(() => server && stop());
  return {
    start,
    stop,
    put,
    get port() {
      return port;
    },
    /** The next start serves these objects (what changed while it was down), with new versions. */
    replace(names: string[]) {
      epoch++;
      objects = new Map();
      for (const n of names) put(n);
    },
  };
}

describe('watch cache through an outage (restartable stand-in server)', () => {
  it('reports the outage, retries at most reconnectMaxMs apart, and converges right after the restart', async (t) => {
    const api = restartableApi(t);
    api.put('keep');
    api.put('gone');
    await api.start();
    const client = await clientFor(writeKubeconfig(t, kubeconfigText(`http://127.0.0.1:${api.port}`)));
    const statuses: WatchCacheStatus[] = [];
    const errors: { kind: KubeError['kind']; attempt: number; retryInMs: number }[] = [];
    const cache = watchCache(client, { apiVersion: 'v1', plural: 'configmaps' }, { namespace: 'ns', backoff: { initialMs: 20, maxMs: 30_000, jitter: 0 }, reconnectMaxMs: 150 }, (e) => {
      if (e.type === 'error') errors.push({ kind: e.error.kind, attempt: e.attempt, retryInMs: e.retryInMs });
    });
    t.after(() => cache.dispose());
    assert.ok((await cache.whenSynced({ timeoutMs: 5000 })).ok);
    assert.equal(cache.status.state, 'live');
    cache.onStatus((s) => statuses.push(s));

    await api.stop();
    // Enough failed attempts for an unbounded backoff to have grown well past the cap.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${errors.length} retries: ${JSON.stringify(errors)}`)), 10_000);
      const sub = cache.onChange((e) => e.type === 'error' && e.attempt >= 6 && (clearTimeout(timer), sub.dispose(), resolve()));
    });
    assert.ok(errors.every((e) => e.kind === 'unreachable'), JSON.stringify(errors));
    assert.deepEqual(errors.slice(0, 6).map((e) => e.retryInMs), [20, 40, 80, 150, 150, 150], 'exponential, then capped at reconnectMaxMs');
    // Read through a call: TypeScript still holds cache.status narrowed to 'live' from above.
    const outage = statusOf(cache);
    assert.ok(outage.state === 'retrying', `status ${outage.state}`);
    assert.equal(outage.error.kind, 'unreachable');
    assert.deepEqual(cache.items().map((i) => i.metadata.name).sort(), ['gone', 'keep'], 'the last known content stays while retrying');

    api.replace(['keep', 'new']);
    const restarted = performance.now();
    await api.start();
    const relisted = await firstEvent(cache, (e) => e.type === 'synced' && e.relist, 5000);
    const recoveryMs = performance.now() - restarted;
    assert.ok(relisted.type === 'synced');
    assert.deepEqual(cache.items().map((i) => i.metadata.name).sort(), ['keep', 'new'], 'no stale object');
    assert.equal(cache.status.state, 'live');
    assert.ok(recoveryMs < 150 + SLACK_MS, `recovered ${recoveryMs.toFixed(0)} ms after the restart`);
    // live → retrying (one status per retry, the same `since`) → live
    const states = statuses.map((s) => s.state).filter((s, i, all) => s !== all[i - 1]);
    assert.deepEqual(states, ['live', 'retrying', 'live']);
    const retrying = statuses.filter((s): s is Extract<WatchCacheStatus, { state: 'retrying' }> => s.state === 'retrying');
    assert.equal(new Set(retrying.map((s) => s.since)).size, 1, 'one outage, one start time');
  });
});

const fixtures = join(repoRoot(), 'test/fixtures/kube');

describe('typed errors of a single request: a closed port, a server that never answers, an aborted signal', () => {
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
