// A cluster's CRDs for validation: the on-disk cache (one file per server, replaced whole, read
// defensively), the paged and trimmed list, the watch that relists once changes settle, and the
// live-else-cached read that `berth validate --cluster-crds` makes.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { err, ok } from '../../platform/result';
import { kubeError, type KubeClient, type KubeObject, type KubeTarget, type RequestOptions, type WatchEvent } from '../../kube';
import { readClusterCrds, serverOfContext } from '../../kube/crds/clusterCrds';
import { crdCacheDir, crdCacheFile, readCrdCache, writeCrdCache, type CrdCacheEntry } from '../../kube/crds/crdCache';
import { followClusterCrds } from '../../kube/crds/followCrds';
import { listClusterCrds, trimCrd, type ClusterCrd } from '../../kube/crds/listCrds';
import { tempDir } from '../helpers/tempDir';

/** A CRD object as the apiserver returns it, with the parts validation does not need. */
function liveCrd(name: string, generation = 1): Record<string, unknown> {
  const [plural, ...group] = name.split('.');
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name, generation, resourceVersion: String(100 + generation), uid: `uid-${name}`, managedFields: [{ manager: 'kubectl', fieldsV1: { 'f:spec': {} } }], annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"huge":true}' } },
    spec: {
      group: group.join('.'),
      names: { kind: 'Widget', plural, singular: 'widget', listKind: 'WidgetList' },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } }, additionalPrinterColumns: [{ name: 'Size', jsonPath: '.spec.size' }], subresources: { status: {} } }],
    },
    status: { acceptedNames: { kind: 'Widget' }, conditions: [{ type: 'Established', status: 'True' }], storedVersions: ['v1'] },
  };
}

const WIDGETS = trimCrd(liveCrd('widgets.example.com'))!;

function entry(server: string, crds: readonly ClusterCrd[] = [WIDGETS], cachedAt = '2026-12-02T12:40:31.000Z'): CrdCacheEntry {
  return { server, context: 'kwok-berth', cachedAt, crds };
}

describe('CRD cache', () => {
  it('round-trips an entry through one file per server, under BERTH_CACHE_DIR or XDG_CACHE_HOME', (t) => {
    const dir = tempDir(t);
    const written = writeCrdCache(entry('https://127.0.0.1:6443'), { dir });
    assert.ok(written.ok);
    assert.equal(written.value, crdCacheFile('https://127.0.0.1:6443', { dir }));
    assert.match(written.value, /\/[0-9a-f]{32}\.json$/);
    assert.equal(statSync(written.value).mode & 0o777, 0o600, 'only the user reads what a cluster served');
    assert.deepEqual(readCrdCache('https://127.0.0.1:6443', { dir }), ok(entry('https://127.0.0.1:6443')));
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(written.value, 'utf8')) as object), ['server', 'context', 'cachedAt', 'crds']);
    assert.equal(crdCacheDir({ BERTH_CACHE_DIR: '/tmp/b' }), '/tmp/b/crds');
    assert.equal(crdCacheDir({ XDG_CACHE_HOME: '/tmp/x' }), '/tmp/x/berth/crds');
    assert.match(crdCacheDir({ HOME: '/home/u' }), /\/\.cache\/berth\/crds$/);
  });

  it('keys files by server: another server has its own file; a trailing slash or a host in capitals is the same server', (t) => {
    const dir = tempDir(t);
    assert.ok(writeCrdCache(entry('https://a.example:6443'), { dir }).ok);
    assert.deepEqual(readCrdCache('https://b.example:6443', { dir }), ok(undefined), 'nothing cached for another server');
    assert.ok(writeCrdCache(entry('https://b.example:6443', []), { dir }).ok);
    assert.equal(readdirSync(dir).length, 2);
    assert.equal(crdCacheFile('https://A.example:6443/', { dir }), crdCacheFile('https://a.example:6443', { dir }));
    const a = readCrdCache('https://a.example:6443/', { dir });
    assert.ok(a.ok && a.value);
    assert.equal(a.value.crds.length, 1);
    const b = readCrdCache('https://b.example:6443', { dir });
    assert.ok(b.ok && b.value);
    assert.equal(b.value.crds.length, 0);
  });

  it('reports a damaged file as a corrupt-cache error instead of throwing', (t) => {
    const dir = tempDir(t);
    const server = 'https://127.0.0.1:6443';
    const file = crdCacheFile(server, { dir });
    const damaged: [string, RegExp][] = [
      ['{"server": "https://127.0.0.1:6443", "crds": [', /not valid JSON/],
      ['[]', /not an object/],
      [JSON.stringify({ server, context: 'c', cachedAt: 'yesterday', crds: [] }), /cachedAt/],
      [JSON.stringify({ server, context: 'c', cachedAt: '2026-12-02T12:40:00Z', crds: {} }), /no crds list/],
      [JSON.stringify({ server, context: 'c', cachedAt: '2026-12-02T12:40:00Z', crds: [WIDGETS, { kind: 'Pod' }] }), /crds\[1\] is not a CustomResourceDefinition/],
      [JSON.stringify({ server: 'https://elsewhere:6443', context: 'c', cachedAt: '2026-12-02T12:40:00Z', crds: [] }), /another server/],
    ];
    for (const [text, reason] of damaged) {
      writeFileSync(file, text);
      const read = readCrdCache(server, { dir });
      assert.ok(!read.ok, text);
      assert.equal(read.error.kind, 'corrupt');
      assert.equal(read.error.file, file);
      assert.match(read.error.message, reason);
    }
  });

  it('refuses a file over the size limit, reading and writing; a refused write leaves the old file', (t) => {
    const dir = tempDir(t);
    const server = 'https://127.0.0.1:6443';
    assert.ok(writeCrdCache(entry(server), { dir }).ok);
    const before = readFileSync(crdCacheFile(server, { dir }), 'utf8');
    const small = { dir, maxBytes: 100 };
    const read = readCrdCache(server, small);
    assert.ok(!read.ok);
    assert.equal(read.error.kind, 'too-large');
    const written = writeCrdCache(entry(server, [WIDGETS, WIDGETS]), small);
    assert.ok(!written.ok);
    assert.equal(written.error.kind, 'too-large');
    assert.equal(readFileSync(crdCacheFile(server, { dir }), 'utf8'), before);
  });

  it('replaces a file whole through a temporary file, leaving none behind, even when the rename fails', (t) => {
    const dir = tempDir(t);
    const server = 'https://127.0.0.1:6443';
    const many = Array.from({ length: 20 }, (_, i) => trimCrd(liveCrd(`widgets${i}.example.com`))!);
    assert.ok(writeCrdCache(entry(server, many), { dir }).ok);
    assert.ok(writeCrdCache(entry(server, [WIDGETS], '2026-12-03T08:00:00.000Z'), { dir }).ok);
    assert.deepEqual(readdirSync(dir), [crdCacheFile(server, { dir }).split('/').pop()]);
    assert.deepEqual(readCrdCache(server, { dir }), ok(entry(server, [WIDGETS], '2026-12-03T08:00:00.000Z')));
    // A directory where the file should be: the rename fails, the error is a value, no temporary file stays.
    const other = 'https://other:6443';
    mkdirSync(join(crdCacheFile(other, { dir }), 'occupied'), { recursive: true });
    const failed = writeCrdCache(entry(other), { dir });
    assert.ok(!failed.ok);
    assert.equal(failed.error.kind, 'io');
    assert.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.tmp')), []);
    const unreadable = readCrdCache(other, { dir });
    assert.ok(!unreadable.ok);
    assert.equal(unreadable.error.kind, 'corrupt');
  });
});

/** A scripted client: lists answer from `crds` in pages; watches stay open and take pushed events. */
function scriptedCluster(initial: Record<string, unknown>[], failingLists = 0) {
  const crds = new Map(initial.map((crd) => [(crd.metadata as { name: string }).name, crd]));
  let failuresLeft = failingLists;
  const requests: string[] = [];
  const watchers = new Set<(event: WatchEvent<KubeObject>) => void>();
  let watchOpened: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (watchOpened = resolve));
  const metadataOf = (crd: Record<string, unknown>) => ({ apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata', metadata: crd.metadata });
  const client = {
    context: 'fake',
    server: 'http://fake',
    namespace: 'default',
    target: {} as KubeClient['target'],
    async request<T>(options: RequestOptions) {
      const metadataOnly = options.accept?.includes('PartialObjectMetadataList') === true;
      requests.push(`${metadataOnly ? 'list metadata' : 'list'} ${options.path} limit=${String(options.query?.limit ?? '-')} continue=${String(options.query?.continue ?? '-')}`);
      const all = [...crds.values()];
      if (metadataOnly) return ok({ status: 200, body: { items: all.map(metadataOf), metadata: { resourceVersion: '500' } } as T });
      if (failuresLeft > 0) {
        failuresLeft--;
        return err(kubeError('server', 'etcdserver: request timed out'));
      }
      const start = Number(options.query?.continue ?? 0);
      const limit = Number(options.query?.limit);
      const next = start + limit < all.length ? String(start + limit) : undefined;
      return ok({ status: 200, body: { items: all.slice(start, start + limit), metadata: { resourceVersion: '500', ...(next ? { continue: next } : {}) } } as T });
    },
    async watch<T>(options: Omit<RequestOptions, 'method' | 'body' | 'text'>, onEvent: (e: WatchEvent<T>) => boolean | void) {
      requests.push(`watch ${options.accept?.includes('as=PartialObjectMetadata;') ? 'metadata' : 'full'}`);
      const listener = (event: WatchEvent<KubeObject>) => void onEvent(event as WatchEvent<T>);
      watchers.add(listener);
      watchOpened();
      return new Promise((resolve) => options.signal!.addEventListener('abort', () => (watchers.delete(listener), resolve(err(kubeError('cancelled', 'cancelled')))), { once: true }));
    },
  } as KubeClient;
  const emit = (type: WatchEvent<KubeObject>['type'], crd: Record<string, unknown>) => {
    const name = (crd.metadata as { name: string }).name;
    if (type === 'DELETED') crds.delete(name);
    else crds.set(name, crd);
    for (const watcher of watchers) watcher({ type, object: metadataOf(crd) as unknown as KubeObject });
  };
  return { client, requests, emit, opened };
}

describe('listing CRDs', () => {
  it('pages with limit and continue and keeps only what validation reads', async () => {
    const cluster = scriptedCluster(['a.example.com', 'b.example.com', 'c.example.com'].map((name) => liveCrd(name)));
    const listed = await listClusterCrds(cluster.client, { pageSize: 2 });
    assert.ok(listed.ok);
    assert.deepEqual(cluster.requests, ['list /apis/apiextensions.k8s.io/v1/customresourcedefinitions limit=2 continue=-', 'list /apis/apiextensions.k8s.io/v1/customresourcedefinitions limit=2 continue=2']);
    assert.deepEqual(listed.value.map((crd) => crd.metadata.name), ['a.example.com', 'b.example.com', 'c.example.com']);
    assert.deepEqual(listed.value[0], {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'a.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Widget', plural: 'a', singular: 'widget', listKind: 'WidgetList' },
        scope: 'Namespaced',
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }],
      },
    });
  });

  it('skips objects that are not usable CRDs', () => {
    assert.equal(trimCrd({ metadata: { name: 'x' }, spec: { group: 'g', names: { kind: 'X' }, versions: [{ name: 'v1' }] } }), undefined, 'no plural');
    assert.equal(trimCrd({ metadata: { name: 'x' }, spec: { group: 'g', names: { kind: 'X', plural: 'xs' }, versions: [{ served: true }] } }), undefined, 'no named version');
    assert.equal(trimCrd('text'), undefined);
  });
});

describe('following CRDs', () => {
  it('lists once the watch syncs, then once per settled burst of changes, ignoring status-only updates', async (t) => {
    // The debounce runs on mocked time: "nothing was listed" is then a fact, not a wait.
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const cluster = scriptedCluster([liveCrd('widgets.example.com')]);
    const lists: string[][] = [];
    let next: (() => void) | undefined;
    const listed = () => new Promise<void>((resolve) => (next = resolve));
    const settle = async () => {
      t.mock.timers.tick(1000);
      for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    };
    const fullLists = () => cluster.requests.filter((r) => r.startsWith('list /apis')).length;
    let done = listed();
    const follower = followClusterCrds(
      cluster.client,
      {
        onCrds: (crds) => {
          lists.push(crds.map((crd) => crd.metadata.name));
          next?.();
        },
        onError: (error) => assert.fail(error.message),
      },
      { debounceMs: 500 },
    );
    t.after(() => follower.dispose());
    await cluster.opened;
    t.mock.timers.tick(0);
    await done;
    assert.deepEqual(lists, [['widgets.example.com']]);
    assert.deepEqual(cluster.requests.slice(0, 2), ['list metadata /apis/apiextensions.k8s.io/v1/customresourcedefinitions limit=1000 continue=-', 'watch metadata']);

    // Established, accepted names: a status update keeps the generation, and nothing is listed.
    cluster.emit('MODIFIED', { ...liveCrd('widgets.example.com'), metadata: { ...(liveCrd('widgets.example.com').metadata as object), resourceVersion: '101b' } });
    await settle();
    assert.equal(fullLists(), 1);

    // Three CRDs at once (an operator installed): one list, after the pause.
    done = listed();
    for (const name of ['a.example.com', 'b.example.com', 'c.example.com']) cluster.emit('ADDED', liveCrd(name));
    assert.equal(fullLists(), 1, 'not before the pause');
    await settle();
    await done;
    assert.equal(fullLists(), 2);
    assert.deepEqual(lists.at(-1), ['a.example.com', 'b.example.com', 'c.example.com', 'widgets.example.com']);

    // A spec change (a new generation) and a deletion are changes.
    done = listed();
    cluster.emit('MODIFIED', liveCrd('widgets.example.com', 2));
    await settle();
    await done;
    done = listed();
    cluster.emit('DELETED', liveCrd('a.example.com'));
    await settle();
    await done;
    assert.deepEqual(lists.at(-1), ['b.example.com', 'c.example.com', 'widgets.example.com']);
    assert.equal(fullLists(), 4);
  });
});

describe('following CRDs when a list fails', () => {
  it('tries the list again after a delay, without waiting for a change', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const cluster = scriptedCluster([liveCrd('widgets.example.com')], 1);
    const errors: string[] = [];
    let listed: (crds: ClusterCrd[]) => void = () => undefined;
    const crds = new Promise<ClusterCrd[]>((resolve) => (listed = resolve));
    const follower = followClusterCrds(cluster.client, { onCrds: (c) => listed(c), onError: (error) => void errors.push(error.message) });
    t.after(() => follower.dispose());
    await cluster.opened;
    t.mock.timers.tick(0);
    for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    assert.deepEqual(errors, ['etcdserver: request timed out']);
    t.mock.timers.tick(3000);
    assert.deepEqual((await crds).map((crd) => crd.metadata.name), ['widgets.example.com']);
  });
});

describe('reading a cluster\'s CRDs for one run', () => {
  const target = { context: { name: 'kwok-berth' }, cluster: { server: 'https://127.0.0.1:6443' } } as unknown as KubeTarget;

  it('lists the cluster and refreshes the cache', async (t) => {
    const dir = tempDir(t);
    const cluster = scriptedCluster([liveCrd('widgets.example.com')]);
    const read = await readClusterCrds(target, { cache: { dir }, connect: async () => ok(cluster.client), now: () => new Date('2026-12-02T12:40:31Z') });
    assert.ok(read.ok);
    assert.equal(read.value.from, 'cluster');
    assert.equal(read.value.cachedAt, '2026-12-02T12:40:31.000Z');
    assert.deepEqual(readCrdCache('https://127.0.0.1:6443', { dir }), ok(entry('https://127.0.0.1:6443', [WIDGETS], '2026-12-02T12:40:31.000Z')));
  });

  it('falls back to the cache when the cluster cannot be listed, and says why', async (t) => {
    const dir = tempDir(t);
    assert.ok(writeCrdCache(entry('https://127.0.0.1:6443'), { dir }).ok);
    const refused = { ...scriptedCluster([]).client, request: async () => err(kubeError('unreachable', 'connect ECONNREFUSED 127.0.0.1:6443')) } as unknown as KubeClient;
    const read = await readClusterCrds(target, { cache: { dir }, connect: async () => ok(refused) });
    assert.ok(read.ok);
    assert.equal(read.value.from, 'cache');
    assert.equal(read.value.cachedAt, '2026-12-02T12:40:31.000Z');
    assert.equal(read.value.liveError?.kind, 'unreachable');
    assert.deepEqual(read.value.crds, [WIDGETS]);
  });

  it('names both the live failure and the missing or damaged cache when neither answers', async (t) => {
    const dir = tempDir(t);
    const read = await readClusterCrds(target, { cache: { dir }, connect: async () => err(kubeError('unreachable', 'connect ECONNREFUSED')) });
    assert.ok(!read.ok);
    assert.equal(read.error.liveError.kind, 'unreachable');
    assert.equal(read.error.cacheError, undefined);
    assert.equal(read.error.cacheFile, crdCacheFile('https://127.0.0.1:6443', { dir }));
    writeFileSync(read.error.cacheFile, 'not json');
    const damaged = await readClusterCrds(target, { cache: { dir }, connect: async () => err(kubeError('unreachable', 'connect ECONNREFUSED')) });
    assert.ok(!damaged.ok);
    assert.equal(damaged.error.cacheError?.kind, 'corrupt');
  });

  it('finds a context\'s server in the kubeconfig without connecting', () => {
    const kubeconfig = { contexts: [{ name: 'dev', cluster: 'c1' }], clusters: [{ name: 'c1', server: 'https://dev:6443' }] } as unknown as Parameters<typeof serverOfContext>[0];
    assert.equal(serverOfContext(kubeconfig, 'dev'), 'https://dev:6443');
    assert.equal(serverOfContext(kubeconfig, 'prod'), undefined);
  });
});
