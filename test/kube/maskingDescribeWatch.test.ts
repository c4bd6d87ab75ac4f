// Pure parts of rollout history/undo, describe, the watch cache and the logs command, and the
// watch cache's list/watch/relist/backoff loop against a scripted stand-in for the API server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { err, ok, type Result } from '../../platform/result';
import {
  backoffDelay,
  backoffSchedule,
  base64Bytes,
  errorFromStatus,
  formatDescribe,
  formatEvents,
  historyFromReplicaSets,
  isGone,
  kubeError,
  knownKind,
  maskSecretData,
  openWatchCaches,
  parseObjectRef,
  redactObject,
  sameTemplateIgnoringHash,
  selectRevision,
  templateWithoutHash,
  watchCache,
  type KubeClient,
  type KubeError,
  type KubeObject,
  type RequestOptions,
  type WatchCacheEvent,
  type WatchEvent,
} from '../../kube';
import { prefixLines } from '../../cli/src/commands/logs';
import { selectorQuery } from '../../kube/labelSelector';

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('Secret masking', () => {
  it('shows each data value as <masked: N bytes>, sorted by key', () => {
    assert.deepEqual(maskSecretData({ user: b64('admin'), password: b64('s3cret-value'), empty: '' }), [
      { key: 'empty', value: '<masked: 0 bytes>', bytes: 0, revealed: false },
      { key: 'password', value: '<masked: 12 bytes>', bytes: 12, revealed: false },
      { key: 'user', value: '<masked: 5 bytes>', bytes: 5, revealed: false },
    ]);
  });

  it('counts bytes of base64 with and without padding, and of multi-byte text', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'abcd', 'héllo wörld ✓']) assert.equal(base64Bytes(b64(text)), Buffer.byteLength(text), text);
  });

  it('reveals text only when asked; binary values stay masked', () => {
    const binary = Buffer.from([0, 1, 2, 255, 254]).toString('base64');
    assert.deepEqual(maskSecretData({ password: b64('s3cret'), key: binary }, true), [
      { key: 'key', value: '<masked: 5 bytes of binary data>', bytes: 5, revealed: false },
      { key: 'password', value: 's3cret', bytes: 6, revealed: true },
    ]);
  });

  it('redacts a Secret object (data, stringData, last-applied annotation) and leaves other kinds alone', () => {
    const secret: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `{"data":{"password":"${b64('s3cret')}"}}`, team: 'a' } },
      data: { password: b64('s3cret') },
      stringData: { token: 'plain' },
    };
    const shown = redactObject(secret);
    const text = JSON.stringify(shown);
    assert.ok(!text.includes(b64('s3cret')) && !text.includes('plain'), text);
    assert.equal((shown['data'] as Record<string, string>)['password'], '<masked: 6 bytes>');
    assert.equal(shown.metadata.annotations?.['team'], 'a');
    assert.equal((secret['data'] as Record<string, string>)['password'], b64('s3cret'), 'the input is not changed');
    assert.equal(redactObject(secret, true), secret);
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } };
    assert.equal(redactObject(cm), cm);
  });

  it('a described Secret has neither the value nor its base64, unless revealed', () => {
    const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, type: 'Opaque', data: { password: b64('s3cret-value') } };
    const masked = formatDescribe(secret, { now: new Date('2026-01-01T00:00:00Z') });
    assert.match(masked, /- \*\*`password`:\*\* <masked: 12 bytes>/);
    assert.ok(!masked.includes('s3cret-value') && !masked.includes(b64('s3cret-value')));
    assert.match(formatDescribe(secret, { reveal: true }), /`s3cret-value` \(12 bytes\)/);
  });
});

describe('describe formatting', () => {
  const now = new Date('2026-01-01T00:10:00Z');
  it('lists conditions, the owner chain and events as Markdown', () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-1', namespace: 'shop', creationTimestamp: '2026-01-01T00:00:00Z', labels: { app: 'web' } },
      spec: { nodeName: 'general-1', containers: [{ name: 'web', image: 'nginx:1.27' }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'a | b', lastTransitionTime: '2026-01-01T00:09:00Z' }] },
    };
    const text = formatDescribe(pod, {
      now,
      owners: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc' }, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }],
      events: [{ apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, type: 'Warning', reason: 'BackOff', message: 'restarting', count: 3, lastTimestamp: '2026-01-01T00:08:00Z', source: { component: 'kubelet' } }],
    });
    assert.match(text, /^# Pod shop\/web-1\n/);
    assert.match(text, /- \*\*Created:\*\* 2026-01-01T00:00:00Z \(10m ago\)/);
    assert.match(text, /\| Ready \| False \| ContainersNotReady \| a \\\| b \| 60s ago \|/);
    assert.match(text, /## Owners\n\nPod\/web-1 → ReplicaSet\/web-abc → Deployment\/web\n/);
    assert.match(text, /\| Warning \| BackOff \| 2m \(x3\) \| kubelet \| restarting \|/);
  });

  it('says when there are no conditions, owners or events', () => {
    const text = formatDescribe({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'v' } }, { owners: [], events: [] });
    assert.match(text, /_No conditions\._/);
    assert.match(text, /_None: nothing controls this object\._/);
    assert.match(text, /_No events\._/);
    assert.equal(formatEvents([]), '_No events._');
  });

  it('parses <kind>/<name> and knows common kinds by name, plural and short name', () => {
    assert.deepEqual(parseObjectRef('deploy/web'), ok({ kind: 'deploy', name: 'web' }));
    for (const bad of ['web', '/web', 'pod/', 'a/b/c']) assert.ok(!parseObjectRef(bad).ok, bad);
    assert.equal(knownKind('deploy')?.plural, 'deployments');
    assert.equal(knownKind('Deployment.apps')?.apiVersion, 'apps/v1');
    assert.equal(knownKind('deployment.batch'), undefined);
    assert.equal(knownKind('svc')?.kind, 'Service');
    assert.equal(knownKind('ns')?.namespaced, false);
    assert.equal(knownKind('widgets'), undefined);
  });
});

describe('rollout revisions', () => {
  const rows = [{ revision: 3 }, { revision: 1 }, { revision: 7 }, { revision: 5 }];
  it('undo goes to the newest revision before the newest one by default (0 too)', () => {
    assert.deepEqual(selectRevision(rows, undefined), ok({ revision: 5 }));
    assert.deepEqual(selectRevision(rows, 0), ok({ revision: 5 }));
  });
  it('--to-revision picks exactly that one, or says which exist', () => {
    assert.deepEqual(selectRevision(rows, 3), ok({ revision: 3 }));
    const missing = selectRevision(rows, 4, 'deployment "web"');
    assert.ok(!missing.ok);
    assert.equal(missing.error.kind, 'notFound');
    assert.match(missing.error.message, /Unable to find revision 4 in the history of deployment "web"; it has revisions 1, 3, 5, 7\./);
  });
  it('refuses with one revision or none, and a negative or fractional revision', () => {
    assert.match((selectRevision([{ revision: 1 }], undefined) as { error: KubeError }).error.message, /it has only revision 1/);
    assert.match((selectRevision([], undefined) as { error: KubeError }).error.message, /it has no revisions/);
    assert.equal((selectRevision(rows, -1) as { error: KubeError }).error.kind, 'invalid');
    assert.equal((selectRevision(rows, 1.5) as { error: KubeError }).error.kind, 'invalid');
  });

  const template = (image: string, hash?: string) => ({ metadata: { labels: { app: 'web', ...(hash ? { 'pod-template-hash': hash } : {}) } }, spec: { containers: [{ name: 'web', image }] } });
  const rs = (name: string, revision: string | undefined, image: string, owner: string, controller = true): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, ...(revision ? { annotations: { 'deployment.kubernetes.io/revision': revision } } : {}), ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: owner, controller }] },
    spec: { replicas: 0, template: template(image, name.slice(-3)) },
  });

  it('history: ReplicaSets controlled by the Deployment (by uid), by revision, hash label dropped, current marked', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', uid: 'u1' }, spec: { template: template('nginx:1.26') } };
    const history = historyFromReplicaSets(deployment, [
      rs('web-ccc', '3', 'nginx:1.26', 'u1'),
      rs('web-aaa', '1', 'nginx:1.25', 'u1'),
      rs('web-old', '2', 'nginx:1.24', 'u0'), // an earlier Deployment of the same name
      rs('web-adopted', '4', 'nginx:1.24', 'u1', false), // not its controller
      rs('web-norev', undefined, 'nginx:1.24', 'u1'),
    ]);
    assert.deepEqual(history.map((r) => [r.revision, r.replicaSet, r.images, r.current]), [[1, 'web-aaa', ['web=nginx:1.25'], false], [3, 'web-ccc', ['web=nginx:1.26'], true]]);
    assert.deepEqual(history[0]!.template.metadata?.labels, { app: 'web' });
  });

  it('templates compare without the pod-template-hash label; the copy leaves the input alone', () => {
    const withHash = template('nginx:1', 'abc');
    assert.ok(sameTemplateIgnoringHash(withHash, template('nginx:1')));
    assert.ok(!sameTemplateIgnoringHash(withHash, template('nginx:2')));
    assert.deepEqual(templateWithoutHash(withHash).metadata?.labels, { app: 'web' });
    assert.equal(withHash.metadata.labels['pod-template-hash'], 'abc');
  });
});

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
  const cm = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns', resourceVersion: String(++rv) } });
  /** Blocks until aborted (an idle watch). */
  const idle: Step = (_emit, signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve(err(kubeError('cancelled', 'cancelled'))), { once: true }));
  const client = {
    context: 'fake',
    server: 'http://fake',
    namespace: 'ns',
    target: {} as KubeClient['target'],
    async request<T>(options: RequestOptions) {
      requests.push(`list rv=-`);
      if (listFailures > 0) {
        listFailures--;
        return err(kubeError('unreachable', 'connection refused'));
      }
      return ok({ status: 200, body: { items: [...objects.values()], metadata: { resourceVersion: String(rv) } } as T });
    },
    async watch<T>(options: Omit<RequestOptions, 'method' | 'body' | 'text'>, onEvent: (e: WatchEvent<T>) => boolean | void) {
      requests.push(`watch rv=${String(options.query?.['resourceVersion'])}`);
      const step = watchSteps.shift() ?? idle;
      return step((e) => onEvent(e as WatchEvent<T>), options.signal!);
    },
  } as KubeClient;
  return { client, objects, cm, requests, watchSteps, idle, failLists: (n: number) => (listFailures = n) };
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
    assert.deepEqual(server.requests, ['list rv=-', 'watch rv=12', 'list rv=-', 'watch rv=14', 'watch rv=14']);
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
});

describe('logs command helpers', () => {
  it('prefixes every line, including a last line without a newline', () => {
    assert.equal(prefixLines('[p/c] ', 'a\nb\n'), '[p/c] a\n[p/c] b\n');
    assert.equal(prefixLines('[p/c] ', 'a\nb'), '[p/c] a\n[p/c] b\n');
    assert.equal(prefixLines('[p/c] ', ''), '');
  });
  it('turns a LabelSelector into the labelSelector parameter', () => {
    assert.equal(selectorQuery({ matchLabels: { app: 'web', tier: 'fe' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['a', 'b'] }, { key: 'x', operator: 'Exists' }, { key: 'y', operator: 'DoesNotExist' }] }), 'app=web,tier=fe,env in (a,b),x,!y');
  });
});
