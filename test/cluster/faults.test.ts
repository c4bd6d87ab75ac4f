// Cluster faults lose nothing: against a real control plane of this test's own (the shared one's
// apiserver is never touched), the kube-apiserver is killed while Berth's watch caches run and
// while a deploy is in flight, then started again. The caches must report the outage, back off,
// and converge to exactly the server's state within 5 s of the apiserver being ready; the deploy
// must say of every object whether it was applied, and re-running it must converge. Recovery
// times are printed (`faults:` lines). Waits are watches, cache events, or bounded polls of /readyz.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  APPLY_WINDOW,
  applyObjects,
  connect,
  loadKubeconfig,
  selectTarget,
  waitForList,
  watchCache,
  type ApplyObjectResult,
  type KubeClient,
  type KubeObject,
  type WatchCache,
  type WatchCacheEvent,
  type WatchCacheStatus,
} from '../../kube';
import { startOwnCluster, type OwnCluster } from '../helpers/ownCluster';

const RECOVERY_TARGET_MS = 5000;

async function clientFor(kubeconfigPath: string, namespace: string): Promise<KubeClient> {
  const kubeconfig = loadKubeconfig({ kubeconfigEnv: kubeconfigPath });
  assert.ok(kubeconfig.ok, kubeconfig.ok ? '' : kubeconfig.error.message);
  const target = selectTarget(kubeconfig.value, { namespace });
  assert.ok(target.ok, target.ok ? '' : target.error.message);
  const client = await connect(target.value, { timeoutMs: 10_000 });
  assert.ok(client.ok, client.ok ? '' : client.error.message);
  return client.value;
}

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }, what: string): T {
  assert.ok(r.ok, r.ok ? '' : `${what}: ${r.error.message}`);
  return r.value;
}

const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

function log(line: string): void {
  process.stdout.write(`faults: ${line}\n`);
}

/** Resolves when `ready` holds for the cache's status, checked on each status change. */
function statusBecomes(cache: WatchCache, ready: (s: WatchCacheStatus) => boolean, what: string, timeoutMs: number): Promise<WatchCacheStatus> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (sub.dispose(), reject(new Error(`${cache.key}: timed out after ${timeoutMs} ms waiting for ${what}; status ${JSON.stringify(cache.status)}`))), timeoutMs);
    const sub = cache.onStatus((s) => {
      if (!ready(s)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(s);
    });
  });
}

/**
 * Resolves once the cache holds exactly what the server lists at `path` (names and
 * resourceVersions), re-checked after each change the cache hears; rejects at `deadline`.
 */
async function convergence(cache: WatchCache, server: KubeClient, path: string, deadline: number): Promise<number> {
  let changes = 0;
  let wake: (() => void) | undefined;
  const sub = cache.onChange(() => {
    changes++;
    wake?.();
  });
  let last = '';
  try {
    while (true) {
      const seen = changes;
      const listed = await server.request<{ items: KubeObject[] }>({ method: 'GET', path, operation: { verb: 'list', resource: path } });
      if (listed.ok) {
        const truth = listed.value.body.items.map((o) => `${keyOf(o)}@${o.metadata.resourceVersion}`).sort();
        const mine = cache.items().map((o) => `${keyOf(o)}@${o.metadata.resourceVersion}`).sort();
        if (JSON.stringify(truth) === JSON.stringify(mine)) return performance.now();
        const missing = truth.filter((x) => !mine.includes(x));
        const stale = mine.filter((x) => !truth.includes(x));
        last = `missing ${missing.join(', ') || '-'}; stale ${stale.join(', ') || '-'}`;
      } else {
        last = listed.error.message;
      }
      if (changes !== seen) continue; // it changed while we listed
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`${cache.key} did not converge: ${last}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          wake = undefined;
          resolve();
        };
      });
    }
  } finally {
    sub.dispose();
  }
}

/** Polls /readyz (no event says "ready") every 25 ms; resolves with the moment it first said ok. */
async function readyMoment(client: KubeClient, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const r = await client.request<string>({ method: 'GET', path: '/readyz', text: true, timeoutMs: 2000, operation: { verb: 'get', resource: 'readyz' } });
    if (r.ok && r.value.body.trim() === 'ok') return performance.now();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the apiserver was not ready within ${timeoutMs / 1000}s`);
}

const configMap = (namespace: string, name: string, value = name): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { value } } as KubeObject);
const pod = (namespace: string, name: string): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: { containers: [{ name: 'app', image: 'registry.example/app:1' }], tolerations: [{ operator: 'Exists' }], automountServiceAccountToken: false },
  }) as KubeObject;

describe('cluster faults (a cluster of the test\'s own; its apiserver is killed and restarted)', { timeout: 900_000 }, () => {
  let cluster: OwnCluster;

  before(async () => {
    cluster = await startOwnCluster();
  }, { timeout: 600_000 });

  after(async () => {
    await cluster?.dispose();
  }, { timeout: 300_000 });

  async function create(client: KubeClient, object: KubeObject): Promise<void> {
    const namespaced = object.kind !== 'Namespace';
    const plural = `${object.kind.toLowerCase()}s`;
    const path = namespaced ? `/api/v1/namespaces/${object.metadata.namespace}/${plural}` : `/api/v1/${plural}`;
    must(await client.request({ method: 'POST', path, body: object, operation: { verb: 'create', resource: plural, name: object.metadata.name! } }), `create ${object.kind} ${object.metadata.name}`);
  }

  async function remove(client: KubeClient, path: string): Promise<void> {
    must(await client.request({ method: 'DELETE', path, query: { gracePeriodSeconds: 0 }, operation: { verb: 'delete', resource: path } }), `delete ${path}`);
  }

  it('watch caches report the outage, back off, and converge within 5 s of the restart with nothing stale', { timeout: 300_000 }, async (t) => {
    const ns = `faults-watch-${Math.random().toString(36).slice(2, 7)}`;
    const other = await clientFor(cluster.kubeconfigPath, ns);
    const kube = await clientFor(cluster.kubeconfigPath, ns);
    // Whatever happens below, leave the apiserver running for the next test.
    t.after(() => cluster.startApiserver());

    await create(other, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } as KubeObject);
    t.after(() => remove(other, `/api/v1/namespaces/${ns}`).catch(() => undefined));
    // The controller-manager makes the namespace's default service account; pods need it.
    must(await waitForList(other, `/api/v1/namespaces/${ns}/serviceaccounts`, {}, (items) => items.some((i) => i.metadata.name === 'default'), { timeoutMs: 60_000, what: `the default service account in ${ns}` }), 'service account');
    for (let i = 0; i < 6; i++) await create(other, configMap(ns, `cm-${i}`));
    for (let i = 0; i < 3; i++) await create(other, pod(ns, `pod-${i}`));

    const scopes = [
      { cache: watchCache(kube, { apiVersion: 'v1', plural: 'pods' }, { namespace: ns }), path: `/api/v1/namespaces/${ns}/pods` },
      { cache: watchCache(kube, { apiVersion: 'v1', plural: 'configmaps' }, { namespace: ns }), path: `/api/v1/namespaces/${ns}/configmaps` },
      { cache: watchCache(kube, { apiVersion: 'v1', plural: 'configmaps' }), path: '/api/v1/configmaps' },
      { cache: watchCache(kube, { apiVersion: 'v1', plural: 'namespaces', namespaced: false }), path: '/api/v1/namespaces' },
    ];
    t.after(() => scopes.forEach((s) => s.cache.dispose()));
    const errors = new Map<string, WatchCacheEvent<KubeObject>[]>();
    for (const { cache } of scopes) {
      errors.set(cache.key, []);
      cache.onChange((e) => e.type === 'error' && errors.get(cache.key)!.push(e));
      must(await cache.whenSynced({ timeoutMs: 30_000 }), `${cache.key} first sync`);
    }
    const startDeadline = performance.now() + 30_000;
    await Promise.all(scopes.map((s) => convergence(s.cache, other, s.path, startDeadline)));
    assert.deepEqual(scopes.map((s) => s.cache.status.state), ['live', 'live', 'live', 'live']);

    // --- the outage
    const stopped = performance.now();
    await cluster.crashApiserver();
    // Every cache reports it (a status the explorer shows) and keeps retrying, backing off.
    await Promise.all(scopes.map((s) => statusBecomes(s.cache, (st) => st.state === 'retrying', 'the outage', 30_000)));
    const reported = performance.now();
    const outages = await Promise.all(scopes.map((s) => statusBecomes(s.cache, (st) => st.state === 'retrying' && st.attempt >= 3, 'three failed retries', 30_000)));
    const detected = performance.now();
    for (const [i, outage] of outages.entries()) {
      assert.ok(outage.state === 'retrying');
      assert.equal(outage.error.kind, 'unreachable', `${scopes[i]!.cache.key}: ${outage.error.message}`);
      assert.match(outage.error.message, /^Cannot reach the cluster to (list|watch) (pods|configmaps|namespaces).*: ECONNREFUSED; is the cluster running, and is the server address in the kubeconfig right\?$/);
    }
    for (const { cache } of scopes) {
      const delays = errors.get(cache.key)!.map((e) => (e.type === 'error' ? e.retryInMs : -1));
      assert.ok(delays.length >= 3, `${cache.key}: ${delays.length} retries`);
      assert.ok(delays.every((d) => d > 0 && d <= 2000), `${cache.key}: retry delays ${delays.join(', ')} (backoff, at most 2 s apart while refused)`);
      assert.ok(delays[2]! > delays[0]!, `${cache.key}: the delays grow: ${delays.join(', ')}`);
    }
    const stale = new Map(scopes.map((s) => [s.cache.key, s.cache.items().length]));
    assert.ok([...stale.values()].every((n) => n > 0), 'the last known content stays while retrying');
    log(`outage reported by all 4 caches ${(reported - stopped).toFixed(0)} ms after the kill; 3 retries each after ${(detected - stopped).toFixed(0)} ms (delays ${errors.get(scopes[0]!.cache.key)!.map((e) => (e.type === 'error' ? e.retryInMs : 0)).join(', ')} ms)`);

    // --- the restart, and changes made by someone else right after it
    const startCommand = performance.now();
    const started = cluster.startApiserver();
    const ready = await readyMoment(other, 180_000);
    const changed = [
      create(other, configMap(ns, 'after-0')),
      create(other, configMap(ns, 'after-1')),
      create(other, pod(ns, 'pod-after')),
      remove(other, `/api/v1/namespaces/${ns}/configmaps/cm-0`),
      remove(other, `/api/v1/namespaces/${ns}/configmaps/cm-1`),
      remove(other, `/api/v1/namespaces/${ns}/pods/pod-0`),
      (async () => must(await other.request({ method: 'PATCH', path: `/api/v1/namespaces/${ns}/configmaps/cm-2`, contentType: 'application/merge-patch+json', body: { data: { value: 'changed' } }, operation: { verb: 'patch', resource: 'configmaps' } }), 'update cm-2'))(),
      create(other, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `${ns}-after` } } as KubeObject),
    ];
    t.after(() => remove(other, `/api/v1/namespaces/${ns}-after`).catch(() => undefined));
    await Promise.all(changed);
    const changesDone = performance.now();
    const converged = await Promise.all(scopes.map((s) => convergence(s.cache, other, s.path, ready + 30_000)));
    await started;
    const recovery = Math.max(...converged) - ready;
    log(`apiserver start to /readyz ok: ${((ready - startCommand) / 1000).toFixed(1)} s; outage ${((ready - stopped) / 1000).toFixed(1)} s; changes made ${(changesDone - ready).toFixed(0)} ms after ready`);
    log(`caches converged ${recovery.toFixed(0)} ms after /readyz (per cache: ${converged.map((c, i) => `${scopes[i]!.cache.key} ${(c - ready).toFixed(0)}`).join(', ')} ms)`);
    assert.ok(recovery < RECOVERY_TARGET_MS, `recovered ${recovery.toFixed(0)} ms after the apiserver was ready (target ${RECOVERY_TARGET_MS} ms)`);

    const names = scopes[1]!.cache.items().map((o) => o.metadata.name).sort();
    assert.deepEqual(names, ['after-0', 'after-1', 'cm-2', 'cm-3', 'cm-4', 'cm-5', 'kube-root-ca.crt']);
    assert.equal((scopes[1]!.cache.get('cm-2') as KubeObject & { data: { value: string } }).data.value, 'changed');
    assert.ok(!scopes[0]!.cache.get('pod-0') || scopes[0]!.cache.get('pod-0')!.metadata.deletionTimestamp, 'pod-0 gone (or terminating, as the server says)');
    assert.ok(scopes[0]!.cache.get('pod-after'));
    assert.ok(scopes[3]!.cache.get(`${ns}-after`));
    assert.deepEqual(scopes.map((s) => s.cache.status.state), ['live', 'live', 'live', 'live']);
  });

  it('a deploy of 200 objects cut by the outage says exactly what was applied; re-running it converges', { timeout: 300_000 }, async (t) => {
    const ns = `faults-deploy-${Math.random().toString(36).slice(2, 7)}`;
    const kube = await clientFor(cluster.kubeconfigPath, ns);
    const other = await clientFor(cluster.kubeconfigPath, ns);
    t.after(() => cluster.startApiserver());
    t.after(() => remove(other, `/api/v1/namespaces/${ns}`).catch(() => undefined));

    const objects: KubeObject[] = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } as KubeObject];
    for (let i = 0; i < 120; i++) objects.push(configMap(ns, `config-${String(i).padStart(3, '0')}`, `v${i}`));
    for (let i = 0; i < 79; i++) objects.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `secret-${String(i).padStart(3, '0')}`, namespace: ns }, stringData: { token: `s${i}` } } as unknown as KubeObject);
    assert.equal(objects.length, 200);
    const ids = (list: readonly { kind: string; name: string }[]) => list.map((o) => `${o.kind}/${o.name}`).sort();
    const expected = ids(objects.map((o) => ({ kind: o.kind, name: o.metadata.name! })));

    // Kill the apiserver once a third of the objects are in.
    const results: ApplyObjectResult[] = [];
    let crash: Promise<void> | undefined;
    const first = await applyObjects(kube, objects, {
      onResult: (r) => {
        results.push(r);
        if (results.length === 70) crash = cluster.crashApiserver();
      },
    });
    await crash;
    assert.ok(crash, `the deploy finished before the crash (${results.length} results)`);
    assert.ok(!first.ok, 'the deploy stops with the outage');
    assert.equal(first.error.kind, 'unreachable', first.error.message);

    // Every object has exactly one result: applied, or failed with the outage; nothing skipped.
    assert.deepEqual(ids(results), expected);
    const applied = results.filter((r) => r.action !== 'failed');
    const failed = results.filter((r) => r.action === 'failed');
    assert.ok(applied.length >= 69 && failed.length > 0, `${applied.length} applied, ${failed.length} failed`);
    assert.ok(applied.every((r) => r.action === 'created'), ids(applied.filter((r) => r.action !== 'created')).join(', '));
    for (const r of failed) assert.equal(r.error?.kind, 'unreachable', `${r.kind}/${r.name}: ${r.error?.message}`);
    // Up to APPLY_WINDOW objects of one kind are in flight at once: those may meet the outage
    // (some with an unknown outcome); every later object is reported as not attempted.
    const uncertain = failed.filter((r) => r.error?.outcomeUnknown);
    assert.ok(uncertain.length <= APPLY_WINDOW, `at most ${APPLY_WINDOW} requests in flight: ${uncertain.length} outcomes unknown (${ids(uncertain).join(', ')})`);
    const notAttempted = failed.filter((r) => r.error?.message.startsWith('Not attempted: the operation stopped earlier because the cluster became unreachable.'));
    const met = failed.filter((r) => !notAttempted.includes(r));
    assert.ok(met.length >= 1 && met.length <= APPLY_WINDOW, `${met.length} objects met the outage (at most ${APPLY_WINDOW} are in flight)`);
    const hit = met[0]!;
    log(`deploy cut after ${applied.length} of 200 objects; ${met.length} in flight met the outage, the first ${hit.kind}/${hit.name}: ${hit.error!.message}`);

    // After the restart the server holds exactly what the results said (the uncertain one either way).
    await cluster.startApiserver();
    await readyMoment(other, 60_000);
    const live = async (): Promise<Map<string, KubeObject>> => {
      const found = new Map<string, KubeObject>();
      for (const plural of ['configmaps', 'secrets']) {
        const list = must(await other.request<{ items: KubeObject[] }>({ method: 'GET', path: `/api/v1/namespaces/${ns}/${plural}`, operation: { verb: 'list', resource: plural, namespace: ns } }), `list ${plural}`);
        for (const o of list.body.items) found.set(`${plural === 'configmaps' ? 'ConfigMap' : 'Secret'}/${o.metadata.name}`, o);
      }
      return found;
    };
    const afterOutage = await live();
    for (const r of applied.filter((x) => x.kind !== 'Namespace')) assert.ok(afterOutage.has(`${r.kind}/${r.name}`), `${r.kind}/${r.name} was reported applied but is not on the server`);
    for (const r of failed.filter((x) => !x.error?.outcomeUnknown)) assert.ok(!afterOutage.has(`${r.kind}/${r.name}`), `${r.kind}/${r.name} was reported not applied but is on the server`);

    // Re-running the same deploy converges: nothing fails, what was in stays unchanged.
    const again: ApplyObjectResult[] = [];
    const second = must(await applyObjects(kube, objects, { onResult: (r) => again.push(r) }), 'the second deploy');
    assert.deepEqual(ids(second.results), expected);
    assert.deepEqual(second.results.filter((r) => r.action === 'failed').map((r) => `${r.kind}/${r.name}: ${r.error?.message}`), []);
    const before = new Set(applied.map((r) => `${r.kind}/${r.name}`));
    for (const r of second.results) {
      const id = `${r.kind}/${r.name}`;
      // The server adds its kubernetes.io/metadata.name label to a new Namespace, so the first re-apply may configure it.
      if (before.has(id)) assert.ok(r.action === 'unchanged' || (r.kind === 'Namespace' && r.action === 'configured'), `${id}: ${r.action}`);
      else if (!uncertain.some((u) => `${u.kind}/${u.name}` === id)) assert.equal(r.action, 'created', id);
    }
    const final = await live();
    for (const o of objects.filter((x) => x.kind !== 'Namespace')) {
      const got = final.get(`${o.kind}/${o.metadata.name}`) as (KubeObject & { data?: Record<string, string> }) | undefined;
      assert.ok(got, `${o.kind}/${o.metadata.name} missing after the second deploy`);
      if (o.kind === 'ConfigMap') assert.deepEqual(got.data, (o as KubeObject & { data: Record<string, string> }).data);
      else assert.equal(Buffer.from(got.data!['token']!, 'base64').toString(), (o as unknown as { stringData: Record<string, string> }).stringData['token']);
    }
    log(`second deploy: ${second.results.filter((r) => r.action === 'unchanged').length} unchanged, ${second.results.filter((r) => r.action === 'created').length} created, 0 failed`);
  });
});
