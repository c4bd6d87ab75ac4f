// The Application topology view's pure parts: the graph (pods by pool and node, a Pending group,
// edges by selectors and references, live objects preferred), the webview document (escaping,
// CSP with its nonce), the Application under the cursor and the context it is read from.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PlatformDocument } from '../../protocol/protocol';
import type { KubeObject } from '../../kube';
import { renderManifests } from '../../platform/render';
import { applicationAt } from '../../client/src/views/topology/applicationAt';
import { applicationContext } from '../../client/src/views/topology/applicationContext';
import { escapeHtml, messageBody, topologyBody, topologyDocument } from '../../client/src/views/topology/html';
import { buildTopology, NO_POOL_TITLE, UNKNOWN_POOL_TITLE, type TopologyKind } from '../../client/src/views/topology/model';

const APP = { name: 'web', namespace: 'shop', context: 'kwok-dev' };

function rendered(spec: Record<string, unknown>, annotations?: Record<string, string>): KubeObject[] {
  const manifests = [
    { apiVersion: 'berth.dev/v1alpha1', kind: 'Cluster', metadata: { name: 'dev' }, spec: { provider: 'kwok', kubernetesVersion: '1.36' } },
    { apiVersion: 'berth.dev/v1alpha1', kind: 'NodePool', metadata: { name: 'workers' }, spec: { cluster: 'dev', instanceType: 'standard-2', scaling: { desired: 2 } } },
    { apiVersion: 'berth.dev/v1alpha1', kind: 'Application', metadata: { name: 'web', namespace: 'shop', ...(annotations ? { annotations } : {}) }, spec: { cluster: 'dev', image: 'nginx:1.27', ports: [{ name: 'http', port: 80 }], ...spec } },
  ];
  const outcome = renderManifests(manifests, []);
  return outcome.objects.filter((o) => o.source.kind === 'Application').map((o) => o.object as unknown as KubeObject);
}

function node(name: string, pool: string | undefined, ready = true): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: pool ? { 'berth.dev/nodepool': pool } : {} }, status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } } as KubeObject;
}

function pod(name: string, nodeName: string | undefined, labels: Record<string, string>, phase = 'Running', ready = true): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'shop', labels },
    spec: { containers: [{ name: 'web' }], ...(nodeName ? { nodeName } : {}) },
    status: { phase, ...(phase === 'Running' ? { containerStatuses: [{ name: 'web', ready, restartCount: 0, state: { running: {} } }] } : {}) },
  } as KubeObject;
}

/** The labels the rendered Deployment's pods carry. */
const WEB = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/managed-by': 'berth', 'berth.dev/application': 'web' };

const full = { scaling: { min: 2, max: 5 }, placement: { nodePool: 'workers' }, expose: { type: 'Ingress', host: 'web.local' }, storage: [{ name: 'data', size: '1Gi', mountPath: '/data' }] };

describe('topology model', () => {
  test('pods group by pool then node; the placement pool comes first with its idle nodes counted; unscheduled pods are Pending; other apps are left out', () => {
    const model = buildTopology({
      application: APP,
      rendered: rendered(full),
      pods: [
        pod('web-a', 'w1', WEB),
        pod('web-b', 'w1', WEB, 'Running', false),
        pod('web-c', 's1', WEB),
        pod('web-d', undefined, WEB, 'Pending'),
        pod('web-e', 'gone', WEB),
        pod('api-x', 'w2', { 'app.kubernetes.io/name': 'api', 'berth.dev/application': 'api' }),
      ],
      nodes: [node('w1', 'workers'), node('w2', 'workers'), node('s1', 'system'), node('bare', undefined)],
    });
    assert.deepEqual(
      model.pools.map((g) => [g.title, g.placement, g.nodes.map((n) => [n.name, n.pods.map((p) => p.name)]), g.otherNodes]),
      [
        ['workers', true, [['w1', ['web-a', 'web-b']]], 1],
        ['system', false, [['s1', ['web-c']]], 0],
        [UNKNOWN_POOL_TITLE, false, [['gone', ['web-e']]], 0],
      ],
    );
    assert.deepEqual(model.pending.map((p) => [p.name, p.phase]), [['web-d', 'Pending']]);
    const b = model.pools[0]!.nodes[0]!.pods[1]!;
    assert.equal(b.ready, '0/1');
    assert.equal(b.health, 'warning');
    assert.equal(model.pools[0]!.nodes[0]!.pods[0]!.health, 'ok');
  });

  test('nodes without the pool label form their own group; without a node list pods fall under an unknown pool', () => {
    const withBare = buildTopology({ application: APP, rendered: rendered({}), pods: [pod('web-a', 'bare', WEB)], nodes: [node('bare', undefined)] });
    assert.deepEqual(withBare.pools.map((g) => g.title), [NO_POOL_TITLE]);
    const blind = buildTopology({ application: APP, rendered: rendered({}), pods: [pod('web-a', 'w1', WEB)] });
    assert.deepEqual(blind.pools.map((g) => [g.title, g.nodes.map((n) => n.name)]), [[UNKNOWN_POOL_TITLE, ['w1']]]);
  });

  test('edges: Ingress routes to the Service, the Service selects pods by its labels, the Deployment manages its pods and mounts its claim, the HPA scales the Deployment', () => {
    const model = buildTopology({
      application: APP,
      rendered: rendered(full),
      // web-stray carries the application label only: it is the Application's, but neither selects it.
      pods: [pod('web-a', 'w1', WEB), pod('web-b', 'w1', WEB), pod('web-stray', 'w1', { 'berth.dev/application': 'web' })],
      nodes: [node('w1', 'workers')],
    });
    assert.deepEqual(model.objects.map((o) => o.id), ['Ingress/web', 'Service/web', 'HorizontalPodAutoscaler/web', 'Deployment/web', 'PersistentVolumeClaim/web-data']);
    const edges = model.edges.map((e) => `${e.from} ${e.relation} ${e.to}`).sort();
    assert.deepEqual(edges, [
      'Deployment/web manages Pod/web-a',
      'Deployment/web manages Pod/web-b',
      'Deployment/web mounts PersistentVolumeClaim/web-data',
      'HorizontalPodAutoscaler/web scales Deployment/web',
      'Ingress/web routes Service/web',
      'Service/web selects Pod/web-a',
      'Service/web selects Pod/web-b',
    ]);
    assert.ok(model.pools[0]!.nodes[0]!.pods.some((p) => p.name === 'web-stray'), 'a pod with the application label is drawn');
  });

  test('the live Service selector wins over the rendered one (a switched blue-green Service selects green)', () => {
    const objects = rendered({ release: { strategy: 'blueGreen' } });
    const service = objects.find((o) => o.kind === 'Service')! as KubeObject & { spec: { selector: unknown } };
    assert.deepEqual(service.spec.selector, { 'app.kubernetes.io/name': 'web', 'berth.dev/color': 'blue' });
    // As a list item: no kind of its own.
    const liveService = { ...service, kind: undefined, spec: { ...service.spec, selector: { 'app.kubernetes.io/name': 'web', 'berth.dev/color': 'green' } } } as unknown as KubeObject;
    const live = new Map<TopologyKind, KubeObject[]>([['Service', [liveService]]]);
    const pods = [pod('web-blue-1', 'w1', { ...WEB, 'berth.dev/color': 'blue' }), pod('web-green-1', 'w1', { ...WEB, 'berth.dev/color': 'green' })];
    const model = buildTopology({ application: APP, rendered: objects, pods, nodes: [node('w1', 'workers')], live });
    assert.deepEqual(model.edges.filter((e) => e.relation === 'selects').map((e) => e.to), ['Pod/web-green-1']);
    assert.deepEqual(model.edges.filter((e) => e.relation === 'manages').map((e) => `${e.from}>${e.to}`).sort(), ['Deployment/web-blue>Pod/web-blue-1', 'Deployment/web-green>Pod/web-green-1']);
  });

  test('presence: live, missing (listed but absent), unknown (not listed); nothing deployed says so', () => {
    const objects = rendered({});
    const missing = buildTopology({ application: APP, rendered: objects, pods: [], live: new Map<TopologyKind, KubeObject[]>([['Deployment', []], ['Service', []]]) });
    assert.deepEqual(missing.objects.map((o) => [o.id, o.presence, o.detail]), [['Service/web', 'missing', 'not deployed'], ['Deployment/web', 'missing', 'not deployed']]);
    assert.match(missing.notes[0]!, /^Not deployed: nothing of web runs in namespace shop of context kwok-dev/);
    const liveDeployment = { ...objects.find((o) => o.kind === 'Deployment')!, status: { readyReplicas: 1, updatedReplicas: 1 } } as KubeObject;
    const partly = buildTopology({ application: APP, rendered: objects, pods: [pod('web-a', 'w1', WEB)], live: new Map<TopologyKind, KubeObject[]>([['Deployment', [liveDeployment]]]) });
    assert.deepEqual(partly.objects.map((o) => [o.id, o.presence]), [['Service/web', 'unknown'], ['Deployment/web', 'live']]);
    assert.equal(partly.objects[1]!.detail, '1/1 ready');
  });
});

describe('topology document', () => {
  const hostile = '<img src=x onerror=alert(1)>';

  test('a hostile pod name (and node name) is escaped in text and attributes, never markup', () => {
    const model = buildTopology({
      application: APP,
      rendered: rendered({}),
      pods: [pod(hostile, 'n"><script>alert(2)</script>', WEB), pod(`${hostile}-pending`, undefined, WEB, 'Pending')],
      nodes: [node('n"><script>alert(2)</script>', 'pool<b>')],
    });
    const html = topologyDocument('Topology: web', topologyBody(model), { nonce: 'bm9uY2UtMTIz' });
    assert.doesNotMatch(html, /<img/i);
    assert.doesNotMatch(html, /<b>/);
    assert.equal(html.match(/<script/g)?.length, 1, 'only the nonce\u2019d script');
    assert.ok(html.includes(`data-pod="${escapeHtml(hostile)}"`));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(html.includes('n&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;'));
    assert.doesNotMatch(html, /\sstyle="/, 'no inline style attributes (the CSP would block them)');
  });

  test('the document carries a strict CSP with the nonce, on its only style and script', () => {
    const html = topologyDocument('t', messageBody('web', ['Reading the cluster…']), { nonce: 'abc123' });
    const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)?.[1];
    assert.ok(csp, 'a CSP meta tag');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123'/);
    assert.match(csp, /style-src 'nonce-abc123'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
    assert.match(html, /<script nonce="abc123">/);
    assert.match(html, /<style nonce="abc123">/);
    assert.doesNotMatch(html, /<(link|img|iframe)\b|src="/i, 'nothing is loaded');
  });
});

describe('choosing the Application', () => {
  const doc = (name: string, line: number, extra: Partial<PlatformDocument> = {}): PlatformDocument => ({
    uri: 'file:///w/apps.yaml',
    range: { start: { line, character: 8 }, end: { line, character: 8 + name.length } },
    kind: 'Application',
    name,
    spec: {},
    ...extra,
  });

  test('the cursor picks the document it is in, by the --- separators', () => {
    const text = ['apiVersion: berth.dev/v1alpha1', 'kind: Application', 'metadata:', '  name: web', '---', 'apiVersion: berth.dev/v1alpha1', 'kind: Application', 'metadata:', '  name: api', 'spec: {}'].join('\n');
    const apps = [doc('web', 3), doc('api', 8)];
    assert.equal(applicationAt(text, 0, apps)?.name, 'web');
    assert.equal(applicationAt(text, 5, apps)?.name, 'api', 'above the name, in the same document');
    assert.equal(applicationAt(text, 9, apps)?.name, 'api');
  });

  test('the context: the Cluster document\u2019s, else the selected one with a note, else a problem', () => {
    const cluster: PlatformDocument = { ...doc('dev', 0), kind: 'Cluster', provider: 'kwok' };
    const app = doc('web', 3, { cluster: 'dev' });
    assert.deepEqual(applicationContext(app, [cluster, app], ['kwok-dev', 'other'], 'other'), { context: 'kwok-dev' });
    const notCreated = applicationContext(app, [cluster, app], ['other'], 'other');
    assert.equal(notCreated.context, 'other');
    assert.match('note' in notCreated ? (notCreated.note ?? '') : '', /Cluster dev has no kubeconfig context kwok-dev/);
    assert.ok('problem' in applicationContext(app, [cluster, app], [], undefined));
    assert.deepEqual(applicationContext(doc('web', 3, { cluster: 'prod' }), [], ['prod'], undefined), { context: 'prod' }, 'a registered context named directly');
  });

  test('an Application on several clusters: the cluster it was opened under, else the first listed, with a note', () => {
    const east: PlatformDocument = { ...doc('east', 0), kind: 'Cluster', provider: 'kwok' };
    const west: PlatformDocument = { ...doc('west', 0), kind: 'Cluster', provider: 'kind' };
    const app = doc('web', 3, { clusters: ['east', 'west'] });
    const contexts = ['kwok-east', 'kind-west', 'other'];
    assert.deepEqual(applicationContext(app, [east, west, app], contexts, 'other', 'west'), { context: 'kind-west', cluster: 'west' });
    assert.deepEqual(applicationContext(app, [east, west, app], contexts, 'other', 'east'), { context: 'kwok-east', cluster: 'east' });
    const first = applicationContext(app, [east, west, app], contexts, 'other');
    assert.equal(first.context, 'kwok-east');
    assert.equal('cluster' in first ? first.cluster : undefined, 'east');
    assert.match('note' in first ? (first.note ?? '') : '', /runs on east, west: showing east/);
    // A group that is not one of its clusters (the list changed since) counts as none.
    assert.equal(applicationContext(app, [east, west, app], contexts, 'other', 'gone').context, 'kwok-east');
    const notCreated = applicationContext(app, [east, west, app], ['other'], 'other', 'west');
    assert.deepEqual([notCreated.context, 'cluster' in notCreated ? notCreated.cluster : undefined], ['other', 'west']);
    assert.match('note' in notCreated ? (notCreated.note ?? '') : '', /Cluster west has no kubeconfig context kind-west/);
    assert.ok('problem' in applicationContext(doc('web', 3, { clusters: ['nowhere'] }), [], [], undefined));
    assert.deepEqual(applicationContext(doc('web', 3, { clusters: [] }), [], ['other'], 'other'), { context: 'other' }, 'an empty list names no cluster');
  });
});
