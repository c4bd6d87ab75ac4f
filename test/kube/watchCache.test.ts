// The watch cache: its backoff schedule and jitter, recognising 410 Gone, and its
// list/watch/relist/backoff loop against a scripted stand-in for the API server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { err, ok, type Result } from '../../platform/result';
import {
  backoffDelay,
  backoffSchedule,
  errorFromStatus,
  isGone,
  kubeError,
  LIST_PAGE_SIZE,
  openWatchCaches,
  watchCache,
  type KubeClient,
  type KubeError,
  type KubeObject,
  type RequestOptions,
  type WatchCacheEvent,
  type WatchEvent,
} from '../../kube';

describe('watch cache backoff', () => {
  it('doubles from 500 ms up to the 30 s bound', () => {
    assert.deepEqual(backoffSchedule(9), [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    assert.deepEqual(backoffSchedule(4, { initialMs: 100, factor: 3, maxMs: 1000 }), [100, 300, 900, 1000]);
    assert.equal(backoffDelay(10_000, {}, () => 0.5), 30000, 'huge attempt counts stay bounded');
  });
  it('jitters ±20% by default and never beyond the bound', () => {
    assert.equal(backoffDelay(1, {}, () => 0), 800);
    assert.equal(backoffDelay(1, {}, () => 1), 1200);
    assert.equal(backoffDelay(20, {}, () => 1), 30000);
    assert.equal(backoffDelay(0, { jitter: 0 }, () => 0.9), 500);
  });
  it('recognises 410 Gone', () => {
    assert.ok(isGone(errorFromStatus(410, { reason: 'Expired', message: 'too old resource version: 5 (9)' }, { verb: 'watch' })));
    assert.ok(!isGone(errorFromStatus(500, 'boom', { verb: 'watch' })));
  });
});

/** A scripted API server for one collection: lists answer from `objects`; watches run `script` steps. */
function fakeServer() {
  type Step = (emit: (e: WatchEvent<KubeObject>) => void, signal: AbortSignal) => Promise<Result<'done' | 'closed', KubeError>>;
  const objects = new Map<string, KubeObject>();
  let rv = 10;
  const requests: string[] = [];
  const watchSteps: Step[] = [];
  let listFailures = 0;
  let continueExpiries = 0;
  const cm = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns', resourceVersion: String(++rv) } });
  /** Blocks until aborted (an idle watch). */
  const idle: Step = (_emit, signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve(err(kubeError('cancelled', 'cancelled'))), { once: true }));
  const client = {
    context: 'fake',
    server: 'http://fake',
    namespace: 'ns',
    target: {} as KubeClient['target'],
    async request<T>(options: RequestOptions) {
      const query = options.query ?? {};
      const token = typeof query['continue'] === 'string' ? query['continue'] : undefined;
      requests.push(token ? `list continue=${token}` : query['limit'] ? `list rv=- limit=${String(query['limit'])}` : 'list rv=-');
      if (listFailures > 0) {
        listFailures--;
        return err(kubeError('unreachable', 'connection refused'));
      }
      if (token && continueExpiries > 0) {
        continueExpiries--;
        return err(errorFromStatus(410, { kind: 'Status', code: 410, reason: 'Expired', message: 'The provided continue parameter is too old' }, { verb: 'list' }));
      }
      // Pages as the apiserver gives them: `limit` objects, a continue token while more are left,
      // and every page at the first page's version.
      const all = [...objects.values()];
      const start = token ? Number(token) : 0;
      const end = query['limit'] ? start + Number(query['limit']) : all.length;
      const metadata = { resourceVersion: String(rv), ...(end < all.length ? { continue: String(end) } : {}) };
      return ok({ status: 200, body: { items: all.slice(start, end), metadata } as T });
    },
    async watch<T>(options: Omit<RequestOptions, 'method' | 'body' | 'text'>, onEvent: (e: WatchEvent<T>) => boolean | void) {
      requests.push(`watch rv=${String(options.query?.['resourceVersion'])}`);
      const step = watchSteps.shift() ?? idle;
      return step((e) => onEvent(e as WatchEvent<T>), options.signal!);
    },
  } as KubeClient;
  return { client, objects, cm, requests, watchSteps, idle, failLists: (n: number) => (listFailures = n), expireContinues: (n: number) => (continueExpiries = n) };
}

function collect(): { events: string[]; listener: (e: WatchCacheEvent<KubeObject>) => void; waitFor: (text: string) => Promise<void> } {
  const events: string[] = [];
  const waiters: { text: string; resolve: () => void }[] = [];
  return {
    events,
    listener: (e) => {
      events.push(e.type === 'synced' ? `synced ${e.items.map((i) => i.metadata.name).sort().join(',')}${e.relist ? ' relist' : ''}` : e.type === 'error' ? `error ${e.error.kind} retry ${e.retryInMs}` : `${e.type} ${e.object.metadata.name}`);
      for (const w of [...waiters]) if (events.includes(w.text)) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
    },
    waitFor: (text) =>
      events.includes(text)
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`timed out waiting for "${text}"; saw ${events.join(' | ')}`)), 5000);
            waiters.push({ text, resolve: () => (clearTimeout(timer), resolve()) });
          }),
  };
}

describe('watch cache loop (scripted server)', () => {
  it('lists, watches from the list version, relists on 410 reporting the difference, backs off on failures, and stops on the last dispose', async () => {
    const server = fakeServer();
    const a = server.cm('a');
    const b = server.cm('b');
    server.objects.set('a', a);
    server.objects.set('b', b);
    // 1st watch: b added... then the server says 410 Gone.
    server.watchSteps.push(async (emit) => {
      const c = server.cm('c');
      server.objects.set('c', c);
      emit({ type: 'ADDED', object: c });
      emit({ type: 'BOOKMARK', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { resourceVersion: '99' } } });
      // Meanwhile, unseen by any watch: a deleted, b changed, d added.
      server.objects.delete('a');
      server.objects.set('b', { ...b, metadata: { ...b.metadata, resourceVersion: '100' } });
      server.objects.set('d', server.cm('d'));
      return err(errorFromStatus(410, { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' }, { verb: 'watch' }));
    });
    // 2nd watch (after the relist): the connection drops, then the list fails once too.
    server.watchSteps.push(async () => err(kubeError('unreachable', 'reset')));
    const seen = collect();
    const cache = watchCache(server.client, { apiVersion: 'v1', plural: 'configmaps' }, { namespace: 'ns', backoff: { initialMs: 5, maxMs: 20, jitter: 0 }, watchTimeoutSeconds: 60 }, seen.listener);
    const other = watchCache(server.client, { apiVersion: 'v1', plural: 'configmaps' }, { namespace: 'ns' });
    assert.deepEqual(openWatchCaches(server.client), [{ key: 'v1/configmaps@ns', subscribers: 2 }]);
    assert.deepEqual(await cache.whenSynced({ timeoutMs: 5000 }), ok(undefined));
    await seen.waitFor('synced b,c,d relist');
    await seen.waitFor('error unreachable retry 5');
    // After the backoff it watches again from the relist's version; that watch idles.
    await new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`no third watch: ${server.requests.join(' | ')}`)), 5000);
      const check = () => (server.requests.filter((r) => r.startsWith('watch')).length >= 3 ? (clearTimeout(deadline), resolve()) : setImmediate(check));
      check();
    });
    assert.deepEqual(seen.events, ['synced a,b', 'added c', 'deleted a', 'modified b', 'added d', 'synced b,c,d relist', 'error unreachable retry 5']);
    // The first watch starts at the list's version; after the relist, from the relist's version (the
    // bookmark's 99 was dropped with the old watch); after the dropped connection, from the same.
    assert.deepEqual(server.requests, ['list rv=- limit=1000', 'watch rv=12', 'list rv=- limit=1000', 'watch rv=14', 'watch rv=14']);
    assert.equal(cache.lists, 2);
    assert.deepEqual(other.items().map((i) => i.metadata.name).sort(), ['b', 'c', 'd']);
    assert.equal(other.get('d')?.metadata.name, 'd');

    // A late subscriber hears the current content first.
    const late = collect();
    const third = watchCache(server.client, { apiVersion: 'v1', plural: 'configmaps' }, { namespace: 'ns' }, late.listener);
    await late.waitFor('synced b,c,d');
    third.dispose();
    cache.dispose();
    cache.dispose();
    assert.deepEqual(openWatchCaches(server.client), [{ key: 'v1/configmaps@ns', subscribers: 1 }]);
    other.dispose();
    assert.deepEqual(openWatchCaches(server.client), []);
    const requestsAtDispose = server.requests.length;
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(server.requests.length, requestsAtDispose, 'no request after the last dispose');
  });

  it('a failing first list is retried with backoff; whenSynced times out with a clear message', async () => {
    const server = fakeServer();
    server.failLists(2);
    const seen = collect();
    const cache = watchCache(server.client, { apiVersion: 'v1', plural: 'configmaps' }, { namespace: 'ns', backoff: { initialMs: 5, maxMs: 8, jitter: 0 } }, seen.listener);
    await seen.waitFor('synced ');
    assert.deepEqual(seen.events, ['error unreachable retry 5', 'error unreachable retry 8', 'synced ']);
    cache.dispose();

    const stuck = fakeServer();
    stuck.failLists(1000);
    const slow = watchCache(stuck.client, { apiVersion: 'v1', plural: 'secrets' }, { namespace: 'ns', backoff: { initialMs: 5, maxMs: 5 } });
    const r = await slow.whenSynced({ timeoutMs: 30 });
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'timeout');
    assert.match(r.error.message, /Timed out after 0\.03s waiting for the first list of v1\/secrets@ns \(context "fake"\)/);
    slow.dispose();
    assert.deepEqual(openWatchCaches(stuck.client), []);
  });

  it('lists a big collection in pages of LIST_PAGE_SIZE and holds every object once', async () => {
    const server = fakeServer();
    for (let i = 0; i < LIST_PAGE_SIZE * 2 + 500; i++) server.objects.set(`cm-${i}`, server.cm(`cm-${i}`));
    const cache = watchCache(server.client, { apiVersion: 'v1', plural: 'configmaps' }, { namespace: 'ns' });
    assert.deepEqual(await cache.whenSynced({ timeoutMs: 20_000 }), ok(undefined));
    assert.equal(cache.items().length, LIST_PAGE_SIZE * 2 + 500);
    assert.deepEqual(server.requests.slice(0, 3), [`list rv=- limit=${LIST_PAGE_SIZE}`, `list continue=${LIST_PAGE_SIZE}`, `list continue=${LIST_PAGE_SIZE * 2}`]);
    assert.equal(server.requests.filter((r) => r.startsWith('list')).length, 3, 'three pages, no other list');
    cache.dispose();
  });

  it('a continue token that expired between pages starts the list over without a limit', async () => {
    const server = fakeServer();
    for (let i = 0; i < LIST_PAGE_SIZE + 10; i++) server.objects.set(`cm-${i}`, server.cm(`cm-${i}`));
    server.expireContinues(1);
    const seen = collect();
    const cache = watchCache(server.client, { apiVersion: 'v1', plural: 'configmaps' }, { namespace: 'ns' }, seen.listener);
    assert.deepEqual(await cache.whenSynced({ timeoutMs: 20_000 }), ok(undefined));
    assert.deepEqual(server.requests.slice(0, 3), [`list rv=- limit=${LIST_PAGE_SIZE}`, `list continue=${LIST_PAGE_SIZE}`, 'list rv=-']);
    assert.equal(cache.items().length, LIST_PAGE_SIZE + 10, 'nothing from the abandoned first page counted twice');
    assert.ok(!seen.events.some((e) => e.startsWith('error')), 'an expired continue token is not an error the view shows');
    cache.dispose();
  });
});
