// The pure parts of the Clusters and Platform views: state summaries, grouping by pool, paging,
// the namespace filter, workload selectors, Cluster documents to contexts, drift, and the tree's
// watch-cache subscriptions (against a scripted client).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PlatformDocument } from '../../protocol/protocol';
import { err, ok } from '../../platform/result';
import { kubeError, type KubeClient, type KubeObject, type WatchEvent } from '../../kube';
import { clusterContextName, clusterRoots } from '../../client/src/views/clusterContexts';
import { LiveCaches } from '../../client/src/views/clusters/liveCaches';
import { parseNamespaceFilter, validateNamespaceFilter } from '../../client/src/views/clusters/namespaceFilter';
import { effectivePageSize, pageOf } from '../../client/src/views/clusters/paging';
import { jobsOf, podsOf, selectorMatches } from '../../client/src/views/clusters/selectors';
import { containerSummary, dataKeys, formatBytes, groupByLabel, nodeSummary, parseQuantity, podSummary, poolSummary, workloadSummary } from '../../client/src/views/clusters/summaries';
import { autoscaleRange, expectedDeployments, shareNote } from '../../client/src/views/platform/expected';
import { applicationState, clusterState, poolState, templatePool } from '../../client/src/views/platform/liveState';
import { clusterNodes, memberNodes, NO_CLUSTER, type PlatformDocumentNode, type PlatformTreeNode } from '../../client/src/views/platform/platformTree';

function object(kind: string, name: string, rest: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind, metadata: { name, namespace: 'shop', ...metadata }, ...rest } as KubeObject;
}

function node(name: string, pool: string | undefined, ready: boolean, cpu = '2', memory = '8Gi'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: pool ? { 'berth.dev/nodepool': pool } : {} },
    status: { capacity: { cpu, memory }, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  } as KubeObject;
}

describe('state summaries', () => {
  test('a Deployment shows ready/desired; a rollout in progress and a stuck one are told apart', () => {
    const ready = workloadSummary(object('Deployment', 'web', { spec: { replicas: 3 }, status: { readyReplicas: 3, updatedReplicas: 3 } }), 'Deployment');
    assert.deepEqual(ready, { description: '3/3 ready', health: 'ok' });
    const rolling = workloadSummary(object('Deployment', 'web', { spec: { replicas: 3 }, status: { readyReplicas: 2, updatedReplicas: 1 } }), 'Deployment');
    assert.equal(rolling.description, '2/3 ready · 1 updated');
    assert.equal(rolling.health, 'progress');
    const stuck = workloadSummary(object('Deployment', 'web', { spec: { replicas: 1 }, status: { conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'took too long' }] } }), 'Deployment');
    assert.equal(stuck.health, 'error');
    assert.match(stuck.description, /rollout stuck/);
    assert.equal(workloadSummary(object('Deployment', 'web', { spec: { replicas: 0 } }), 'Deployment').health, 'idle');
  });

  test('DaemonSets, Jobs and CronJobs', () => {
    assert.equal(workloadSummary(object('DaemonSet', 'agent', { status: { desiredNumberScheduled: 4, numberReady: 3 } }), 'DaemonSet').description, '3/4 ready');
    const failed = workloadSummary(object('Job', 'migrate', { spec: { completions: 1 }, status: { failed: 3, conditions: [{ type: 'Failed', status: 'True', message: 'BackoffLimitExceeded' }] } }), 'Job');
    assert.equal(failed.health, 'error');
    assert.equal(workloadSummary(object('Job', 'migrate', { status: { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] } }), 'Job').description, 'complete · 1/1');
    assert.equal(workloadSummary(object('CronJob', 'nightly', { spec: { schedule: '0 3 * * *', suspend: true } }), 'CronJob').description, '0 3 * * * · suspended');
  });

  test('a pod shows its phase, readiness and restarts; a crash loop is its status, in red', () => {
    const running = object('Pod', 'web-1', { spec: { containers: [{ name: 'web' }] }, status: { phase: 'Running', containerStatuses: [{ name: 'web', ready: true, restartCount: 0, state: { running: {} } }] } });
    assert.deepEqual(podSummary(running), { description: 'Running · 1/1 ready', health: 'ok' });
    const crashing = object('Pod', 'web-2', {
      spec: { containers: [{ name: 'web' }, { name: 'proxy' }] },
      status: { phase: 'Running', containerStatuses: [{ name: 'web', ready: false, restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff' } } }, { name: 'proxy', ready: true, restartCount: 1, state: { running: {} } }] },
    });
    assert.deepEqual(podSummary(crashing), { description: 'CrashLoopBackOff · 1/2 ready · 6 restarts', health: 'error' });
    assert.equal(podSummary(object('Pod', 'p', { status: { phase: 'Pending' } })).health, 'progress');
    assert.match(podSummary(object('Pod', 'p', { status: { phase: 'Running' } }, { deletionTimestamp: '2026-01-01T00:00:00Z' })).description, /^Terminating/);
  });

  test('a container shows its state and image', () => {
    const pod = object('Pod', 'p', { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] }, status: { containerStatuses: [{ name: 'web', ready: true, restartCount: 2, state: { running: {} } }] } });
    assert.deepEqual(containerSummary(pod, 'web'), { description: 'running · 2 restarts · nginx:1.27', health: 'warning' });
    const waiting = object('Pod', 'p', { spec: { containers: [{ name: 'web', image: 'nginx:nope' }] }, status: { containerStatuses: [{ name: 'web', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: 'not found' } } }] } });
    assert.equal(containerSummary(waiting, 'web').health, 'error');
    assert.equal(containerSummary(waiting, 'web').detail, 'not found');
  });

  test('quantities and nodes: Ready/NotReady with capacity', () => {
    assert.equal(parseQuantity('8Gi'), 8 * 2 ** 30);
    assert.equal(parseQuantity('500m'), 0.5);
    assert.ok(Number.isNaN(parseQuantity('lots')));
    assert.equal(formatBytes(8053040 * 1024), '7.7Gi');
    assert.deepEqual(nodeSummary(node('general-1', 'general', true)), { description: 'Ready · 2 CPU · 8Gi', health: 'ok' });
    assert.equal(nodeSummary(node('general-2', 'general', false, '4', '16Gi')).description, 'NotReady · 4 CPU · 16Gi');
  });

  test('nodes group by their pool label, pools in name order, unlabelled last; a pool adds up its nodes', () => {
    const groups = groupByLabel([node('web-2', 'web', true), node('x', undefined, true), node('general-1', 'general', true), node('web-1', 'web', false)], 'berth.dev/nodepool');
    assert.deepEqual([...groups.keys()], ['general', 'web', '']);
    assert.deepEqual(groups.get('web')!.map((n) => n.metadata.name), ['web-1', 'web-2']);
    assert.deepEqual(poolSummary(groups.get('web')!), { description: '1/2 Ready · 4 CPU · 16Gi', health: 'warning' });
  });

  test('Secret values stay hidden unless revealed; ConfigMap values are shown', () => {
    const secret = object('Secret', 's', { data: { password: Buffer.from('hunter2').toString('base64'), 'tls.key': Buffer.from([0, 1, 2, 255]).toString('base64') } });
    const hidden = dataKeys(secret, 'Secret', false);
    assert.deepEqual(hidden, [{ key: 'password', description: '7 bytes' }, { key: 'tls.key', description: '4 bytes' }]);
    assert.ok(!JSON.stringify(hidden).includes('hunter2'));
    // Items of a list response have no kind of their own: the folder's kind decides.
    const listed: Partial<KubeObject> = { ...secret };
    delete listed.kind;
    assert.deepEqual(dataKeys(listed as KubeObject, 'Secret', false), hidden);
    assert.deepEqual(dataKeys(secret, 'Secret', true), [{ key: 'password', description: 'hunter2' }, { key: 'tls.key', description: '4 bytes (binary)' }]);
    assert.deepEqual(dataKeys(object('ConfigMap', 'c', { data: { LOG_LEVEL: 'info' } }), 'ConfigMap', false), [{ key: 'LOG_LEVEL', description: 'info' }]);
  });
});

describe('paging and the namespace filter', () => {
  test('pages of the page size, and how many are left', () => {
    const items = Array.from({ length: 25 }, (_, i) => i);
    assert.deepEqual(pageOf(items, 10, 1), { shown: items.slice(0, 10), remaining: 15 });
    assert.deepEqual(pageOf(items, 10, 3), { shown: items, remaining: 0 });
    assert.equal(effectivePageSize(3), 10);
    assert.equal(effectivePageSize('many'), 200);
    assert.equal(effectivePageSize(50.7), 50);
  });

  test('patterns with *, separated by commas or spaces; empty clears', () => {
    const filter = parseNamespaceFilter(' shop, team-* ')!;
    assert.equal(filter.text, 'shop, team-*');
    assert.ok(filter.matches('shop'));
    assert.ok(filter.matches('team-a'));
    assert.ok(!filter.matches('shopping'), 'a pattern matches whole names');
    assert.ok(!filter.matches('kube-system'));
    assert.equal(parseNamespaceFilter('  '), undefined);
    assert.equal(validateNamespaceFilter('shop, team-*'), undefined);
    assert.match(validateNamespaceFilter('Shop') ?? '', /not a namespace pattern/);
  });
});

describe('workload selectors', () => {
  test('matchLabels and matchExpressions select pods; an empty selector selects none', () => {
    assert.ok(selectorMatches({ matchLabels: { app: 'web' } }, { app: 'web', 'pod-template-hash': 'x' }));
    assert.ok(!selectorMatches({ matchLabels: { app: 'web' } }, { app: 'api' }));
    assert.ok(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] }, { tier: 'b' }));
    assert.ok(!selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, { tier: 'b' }));
    assert.ok(!selectorMatches({}, { app: 'web' }));
    const deployment = object('Deployment', 'web', { spec: { selector: { matchLabels: { app: 'web' } } } });
    const pods = [object('Pod', 'web-1', {}, { labels: { app: 'web' } }), object('Pod', 'api-1', {}, { labels: { app: 'api' } })];
    assert.deepEqual(podsOf(deployment, pods).map((p) => p.metadata.name), ['web-1']);
    const cron = object('CronJob', 'nightly', {}, { uid: 'u1' });
    const jobs = [object('Job', 'nightly-1', {}, { ownerReferences: [{ kind: 'CronJob', uid: 'u1' }] }), object('Job', 'other', {})];
    assert.deepEqual(jobsOf(cron, jobs).map((j) => j.metadata.name), ['nightly-1']);
  });
});

function doc(kind: PlatformDocument['kind'], name: string, extra: Partial<PlatformDocument> = {}): PlatformDocument {
  return { uri: `file:///ws/${name}.yaml`, range: { start: { line: 3, character: 8 }, end: { line: 3, character: 8 + name.length } }, kind, name, spec: {}, ...extra };
}

describe('Cluster documents and contexts', () => {
  test('kwok and kind clusters become kwok-<name> and kind-<name>; a registered one adopts its context', () => {
    assert.equal(clusterContextName(doc('Cluster', 'local', { provider: 'kwok' })), 'kwok-local');
    assert.equal(clusterContextName(doc('Cluster', 'staging', { provider: 'kind' })), 'kind-staging');
    assert.equal(clusterContextName(doc('Cluster', 'ext', { provider: 'registered', context: 'corp' })), 'corp');
    assert.equal(clusterContextName(doc('Cluster', 'ext', { provider: 'registered', spec: { registered: { context: 'corp2' } } })), 'corp2');
    assert.equal(clusterContextName(doc('Cluster', 'x', { provider: 'alibaba' })), undefined);
  });

  test('roots: every context (with its Cluster document) and the Cluster documents no context matches', () => {
    const local = doc('Cluster', 'local', { provider: 'kwok' });
    const staging = doc('Cluster', 'staging', { provider: 'kind' });
    const ext = doc('Cluster', 'ext', { provider: 'registered', context: 'corp' });
    const roots = clusterRoots([{ name: 'kwok-local' }, { name: 'minikube' }], [local, staging, ext, doc('NodePool', 'general', { cluster: 'local' })]);
    assert.deepEqual(roots.contexts.map((c) => [c.context.name, c.cluster?.name]), [['kwok-local', 'local'], ['minikube', undefined]]);
    assert.deepEqual(roots.missing.map((d) => d.name), ['staging', 'ext']);
  });
});

describe('live state and drift', () => {
  test('a Cluster is deployed when its context exists; otherwise not created, or (registered) not found', () => {
    assert.equal(clusterState('kwok', 'kwok-local', true).state, 'deployed');
    assert.deepEqual(clusterState('kind', 'kind-staging', false).description, 'not created');
    assert.match(clusterState('registered', 'corp', false).description, /context corp not found/);
  });

  test('a NodePool compares its labelled nodes with scaling.desired', () => {
    const spec = { scaling: { min: 1, max: 5, desired: 2 } };
    assert.equal(poolState(spec, [node('general-1', 'general', true), node('general-2', 'general', true)]).state, 'deployed');
    const drifted = poolState(spec, [node('general-1', 'general', true)]);
    assert.equal(drifted.state, 'drifted');
    assert.equal(drifted.description, '1 nodes, desired 2');
    assert.equal(poolState(spec, []).state, 'notDeployed');
    assert.equal(poolState(spec, [node('a', 'general', true), node('b', 'general', false)]).description, '1/2 nodes Ready');
  });

  const app = doc('Application', 'web', { namespace: 'shop', cluster: 'local', spec: { cluster: 'local', image: 'nginx:1.27', replicas: 3, placement: { nodePool: 'general' } } });
  const pool = doc('NodePool', 'general', { cluster: 'local', spec: { cluster: 'local', instanceType: 'ecs.g7.large' } });
  const cluster = doc('Cluster', 'local', { provider: 'kwok', spec: { type: 'managed', provider: 'kwok' } });

  test('an Application renders to the Deployments it is compared with', () => {
    const expected = expectedDeployments(app, [cluster, pool, app]);
    assert.deepEqual(expected.map((d) => `${d.metadata.namespace}/${d.metadata.name}`), ['shop/web']);
    assert.equal(templatePool(expected[0]), 'general');
    assert.equal(autoscaleRange(app), undefined);
    assert.deepEqual(autoscaleRange(doc('Application', 'a', { spec: { scaling: { min: 2, max: 10 } } })), { min: 2, max: 10 });
  });

  test('deployed when replicas, images and pool match; drifted says what differs; not deployed when absent', () => {
    const expected = expectedDeployments(app, [cluster, pool, app]);
    const live = structuredClone(expected[0]!) as KubeObject & { spec: { replicas: number; template: { spec: { containers: { image: string }[] } } }; status?: unknown };
    live.status = { readyReplicas: 3 };
    assert.deepEqual(applicationState(expected, new Map([['web', live]])), { state: 'deployed', description: 'deployed · 3/3 ready', details: [] });
    const changed = structuredClone(live);
    changed.spec.replicas = 1;
    changed.spec.template.spec.containers[0]!.image = 'nginx:1.26';
    const drift = applicationState(expected, new Map([['web', changed]]));
    assert.equal(drift.state, 'drifted');
    assert.equal(drift.description, 'drifted: replicas 1≠3, image nginx:1.26');
    assert.equal(drift.details.length, 2);
    assert.equal(applicationState(expected, new Map()).state, 'notDeployed');
    // With autoscaling any count in [min, max] is as the document wants.
    assert.equal(applicationState(expected, new Map([['web', changed]]), { min: 1, max: 4 }).description, 'drifted: image nginx:1.26');
  });
});

/** A client whose lists answer from a script and whose watches stay open until cancelled. */
function scriptedClient(list: () => { status: number; items: KubeObject[] }) {
  const watchers: ((event: WatchEvent<KubeObject>) => void)[] = [];
  const client: KubeClient = {
    target: {} as KubeClient['target'],
    context: 'test',
    server: 'http://127.0.0.1:1',
    namespace: 'default',
    async request<T>() {
      const answer = list();
      if (answer.status !== 200) return err(kubeError('forbidden', 'Forbidden: you may not list pods in namespace "shop". Ask an administrator.\nmore detail', { status: answer.status }));
      return ok({ status: 200, body: { items: answer.items, metadata: { resourceVersion: '1' } } as T });
    },
    watch<T>(options: { signal?: AbortSignal }, onEvent: (event: WatchEvent<T>) => boolean | void) {
      watchers.push(onEvent as (event: WatchEvent<KubeObject>) => void);
      return new Promise((resolve) => options.signal?.addEventListener('abort', () => resolve(err(kubeError('cancelled', 'cancelled'))), { once: true }));
    },
    async stream() {
      return err(kubeError('invalid', 'the tree streams nothing'));
    },
    async upgrade() {
      return err(kubeError('invalid', 'the tree opens no streams'));
    },
  };
  return { client, push: (event: WatchEvent<KubeObject>) => watchers.forEach((w) => w(event)) };
}

describe('the tree subscriptions to the watch caches', () => {
  const pods = { apiVersion: 'v1', plural: 'pods' };

  test('a listing subscribes its node; a watch event refreshes that node once (debounced); collapsing releases it and what is below', async () => {
    const { client, push } = scriptedClient(() => ({ status: 200, items: [object('Pod', 'web-1')] }));
    const changed: string[] = [];
    let notify: () => void = () => undefined;
    const caches = new LiveCaches<{ id: string }>(async () => ok(client), (n) => {
      changed.push(n.id);
      notify();
    });
    const folder = { id: 'ctx:test/namespaces/shop/pods' };
    const below = { id: 'ctx:test/namespaces/shop/pods/web-1' };
    const listed = await caches.list(folder, 'test', pods, 'shop', new AbortController().signal);
    assert.ok(listed.ok);
    assert.deepEqual(listed.value.map((p) => p.metadata.name), ['web-1']);
    await caches.list(below, 'test', pods, 'shop', new AbortController().signal);
    assert.equal(caches.held().length, 2);
    // Both subscribed nodes hear it; each on its own debounce timer.
    const refreshed = new Promise<void>((resolve) => (notify = () => new Set(changed).size === 2 && resolve()));
    push({ type: 'ADDED', object: object('Pod', 'web-2', {}, { resourceVersion: '2' }) });
    push({ type: 'MODIFIED', object: object('Pod', 'web-2', {}, { resourceVersion: '3' }) });
    await refreshed;
    assert.deepEqual([...new Set(changed)].sort(), [below.id, folder.id].sort());
    assert.equal(changed.filter((id) => id === folder.id).length, 1, 'two events, one refresh');
    caches.release('ctx:test/namespaces/shop');
    assert.deepEqual(caches.held(), []);
    caches.dispose();
  });

  test('a 403 comes back at once as a value with its actionable message, not as a hang or a throw', async () => {
    const { client } = scriptedClient(() => ({ status: 403, items: [] }));
    const caches = new LiveCaches<{ id: string }>(async () => ok(client), () => undefined);
    const listed = await caches.list({ id: 'x' }, 'test', pods, 'shop', new AbortController().signal);
    assert.ok(!listed.ok);
    assert.equal(listed.error.kind, 'forbidden');
    assert.match(listed.error.message.split('\n')[0]!, /^Forbidden: you may not list pods/);
    caches.dispose();
  });
});

describe('the Platform view per cluster', () => {
  const east = doc('Cluster', 'east', { provider: 'kwok', spec: { type: 'managed', provider: 'kwok' } });
  const west = doc('Cluster', 'west', { provider: 'kind', spec: { type: 'managed', provider: 'kind' } });
  const pool = doc('NodePool', 'general', { cluster: 'east', spec: { cluster: 'east', instanceType: 'ecs.g7.large' } });
  const spread = doc('Application', 'web', {
    namespace: 'shop',
    clusters: ['east', 'west', 'corp-prod'],
    spec: { clusters: ['east', 'west', 'corp-prod'], image: 'nginx:1.27', replicas: 8, distribution: { replicas: 'divided', weights: { east: 2, west: 1, 'corp-prod': 1 } }, overrides: [{ cluster: 'corp-prod', image: 'nginx:1.28' }] },
  });
  const single = doc('Application', 'api', { namespace: 'shop', cluster: 'east', spec: { cluster: 'east', image: 'api:1', replicas: 1 } });
  const loose = doc('Application', 'loose', { spec: { image: 'x:1' } });
  const all = [east, west, pool, spread, single, loose];

  test('an Application on several clusters is a member of each listed cluster\u2019s group, not of "(no cluster)"', () => {
    const groups = clusterNodes(all, new Set(['kwok-east']));
    assert.deepEqual(
      groups.map((g) => [g.name, g.members.map((m) => m.name)]),
      [
        ['east', ['general', 'web', 'api']],
        ['west', ['web']],
        ['corp-prod', ['web']],
        [NO_CLUSTER, ['loose']],
      ],
    );
    assert.deepEqual(
      groups.map((g) => [g.context, g.contextExists]),
      [
        ['kwok-east', true],
        ['kind-west', false],
        ['corp-prod', false],
        [undefined, false],
      ],
    );
  });

  test('each cluster expects its share of the replicas, with its own autoscaling bounds', () => {
    assert.deepEqual(['east', 'west', 'corp-prod'].map((c) => expectedDeployments(spread, all, c).map((d) => (d.spec as { replicas: number }).replicas)), [[4], [2], [2]]);
    assert.equal((expectedDeployments(spread, all, 'corp-prod')[0]!.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]!.image, 'nginx:1.28');
    assert.deepEqual(expectedDeployments(single, all, 'east').map((d) => d.metadata.name), ['api'], 'a single-cluster Application is unchanged');
    const scaled = doc('Application', 'scaled', { clusters: ['east', 'west'], spec: { clusters: ['east', 'west'], image: 'x:1', scaling: { min: 3, max: 9 }, distribution: { replicas: 'divided', weights: { east: 2, west: 1 } } } });
    assert.deepEqual(autoscaleRange(scaled, 'east'), { min: 2, max: 6 });
    assert.deepEqual(autoscaleRange(scaled, 'west'), { min: 1, max: 3 });
    assert.equal(shareNote(spread, 'west'), 'On west: 2 replicas; also on east, corp-prod.');
    assert.equal(shareNote(spread, 'corp-prod'), 'On corp-prod: 2 replicas, with its override; also on east, west.');
    assert.equal(shareNote(single, 'east'), undefined);
  });

  test('each row reads its cluster\u2019s context and compares with that cluster\u2019s share; a missing context says so', async () => {
    const running = (replicas: number): KubeObject => {
      const live = structuredClone(expectedDeployments(spread, all, 'east')[0]!) as KubeObject & { spec: { replicas: number }; status?: unknown };
      live.spec.replicas = replicas;
      live.status = { readyReplicas: replicas };
      return live;
    };
    // kwok-east runs east's 4 replicas; corp-prod runs 4 where its share is 2.
    const clients = new Map([
      ['kwok-east', scriptedClient(() => ({ status: 200, items: [running(4)] })).client],
      ['corp-prod', scriptedClient(() => ({ status: 200, items: [running(4)] })).client],
    ]);
    const asked: string[] = [];
    const caches = new LiveCaches<PlatformTreeNode>(async (context) => {
      asked.push(context);
      const client = clients.get(context);
      return client ? ok(client) : err(kubeError('invalidKubeconfig', `no context ${context}`));
    }, () => undefined);
    const signal = new AbortController().signal;
    const groups = clusterNodes([east, west, spread], new Set(['kwok-east', 'corp-prod']));
    const rows = await Promise.all(groups.map((g) => memberNodes(g, [east, west, spread], caches, signal)));
    caches.dispose();
    const [eastRow, westRow, corpRow] = rows.map((r) => r[0] as PlatformDocumentNode);
    assert.deepEqual([eastRow!.state.state, eastRow!.state.description], ['deployed', 'deployed · 4/4 ready']);
    assert.equal(westRow!.state.state, 'notDeployed');
    assert.equal(westRow!.state.description, 'cluster not created');
    assert.deepEqual(westRow!.state.details, ['On west: 2 replicas; also on east, corp-prod.']);
    assert.equal(corpRow!.state.state, 'drifted');
    assert.equal(corpRow!.state.description, 'drifted: replicas 4≠2, image nginx:1.27');
    assert.deepEqual([...new Set(asked)].sort(), ['corp-prod', 'kwok-east'], 'only existing contexts are read');
    // Commands run from a row act in that row's context and cluster.
    assert.deepEqual(eastRow!.target, { type: 'platformDocument', uri: spread.uri, kind: 'Application', name: 'web', context: 'kwok-east', cluster: 'east' });
    assert.deepEqual(westRow!.target, { type: 'platformDocument', uri: spread.uri, kind: 'Application', name: 'web', cluster: 'west' });
    assert.notEqual(eastRow!.id, westRow!.id);
  });
});
