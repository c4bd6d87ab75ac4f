// The Show Usage panel's pure parts: each Application's series (bounded, vanished ones dropped)
// and the webview document (escaped names, a chart per Application, a CSP with no script).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApplicationUsage, KubeClient, KubeObject } from '../../kube';
import { UsageSampler } from '../../client/src/views/clusters/usage';
import { appendSample, HISTORY } from '../../client/src/views/usage/history';
import { usageBody, usageDocument } from '../../client/src/views/usage/html';

const MiB = 2 ** 20;
const app = (application: string, cpu: number, memory: number, pods = 2): ApplicationUsage => ({
  namespace: 'shop', application, pods, usage: { cpu, memory }, requests: { cpu: 0.4, memory: 128 * MiB },
});

describe('usage series', () => {
  test('appends each sample, keeps the last HISTORY and drops Applications that are gone', () => {
    let series = appendSample([], [app('web', 0.1, 32 * MiB), app('api', 0.2, 64 * MiB)]);
    for (let i = 0; i < HISTORY + 5; i++) series = appendSample(series, [app('web', i / 100, 32 * MiB)]);
    assert.deepEqual(series.map((s) => s.application), ['web']);
    assert.equal(series[0]!.samples.length, HISTORY);
    assert.equal(series[0]!.samples.at(-1)!.cpu, (HISTORY + 4) / 100);
  });
});

describe('usage document', () => {
  test('draws one chart per Application with its usage against requests, names escaped', () => {
    const series = appendSample(appendSample([], [app('<b>web</b>', 0.2, 64 * MiB)]), [app('<b>web</b>', 0.3, 64 * MiB)]);
    const html = usageDocument(usageBody('kwok-<local>', series, []), 'bm9uY2U=');
    assert.equal((html.match(/<svg /g) ?? []).length, 1);
    assert.equal((html.match(/<polyline /g) ?? []).length, 2, 'a CPU and a memory line');
    assert.match(html, /CPU 300m of 400m CPU \(75%\)/);
    assert.match(html, /memory 64Mi of 128Mi \(50%\)/);
    assert.match(html, /&lt;b&gt;web&lt;\/b&gt;/);
    assert.doesNotMatch(html, /<b>web/);
    assert.match(html, /kwok-&lt;local&gt;/);
  });

  test('runs no script: the CSP allows only its nonce\'d style', () => {
    const html = usageDocument(usageBody('ctx', [], []), 'abc123');
    const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)?.[1];
    assert.equal(csp, "default-src 'none'; style-src 'nonce-abc123'; base-uri 'none'; form-action 'none'");
    assert.doesNotMatch(html, /<script/);
    assert.match(html, /No running pod carries the berth.dev\/application label/);
  });
});

/** A usage row; `namespace` is set on pod rows. */
type Row = { id: string; context: string; namespace?: string };

/**
 * A sampler over the rows a test draws, as the view has one: `draw` puts a row among the drawn
 * rows and tells the sampler.
 */
function drawnSampler(client: KubeClient, sampled: (rows: readonly Row[]) => void, metricsServedChanged?: (context: string) => void): { sampler: UsageSampler<Row>; draw: (row: Row) => void } {
  const drawn = new Map<string, Row>();
  const sampler = new UsageSampler<Row>({
    connect: async () => ({ ok: true, value: client }),
    drawnRows: () => [...drawn.values()],
    sampled,
    ...(metricsServedChanged ? { metricsServedChanged } : {}),
    podNamespace: (row) => row.namespace,
  });
  return {
    sampler,
    draw: (row) => {
      drawn.set(row.id, row);
      sampler.drawn(row);
    },
  };
}

describe('the Clusters view\'s usage sampler', () => {
  test('samples the contexts of drawn rows once, then describes nodes, pools and pods', async () => {
    const paths: string[] = [];
    const body = (path: string): unknown =>
      path.endsWith('/nodes')
        ? { items: [{ metadata: { name: 'general-1' }, usage: { cpu: '500000000n', memory: '1Gi' } }] }
        : { items: [{ metadata: { name: 'web-1', namespace: 'shop' }, containers: [{ usage: { cpu: '50m', memory: '32Mi' } }] }] };
    const client = {
      request: async (options: { path: string }) => {
        paths.push(options.path);
        return { ok: true, value: { status: 200, body: body(options.path) } };
      },
    } as unknown as KubeClient;
    let sampler: UsageSampler<Row> | undefined;
    let draw: ((row: Row) => void) | undefined;
    const redrawn = new Promise<readonly { id: string }[]>((resolve) => {
      ({ sampler, draw } = drawnSampler(client, resolve));
    });
    draw!({ id: 'pool', context: 'kwok-local' });
    draw!({ id: 'pod', context: 'kwok-local', namespace: 'shop' });
    assert.deepEqual((await redrawn).map((r) => r.id), ['pool', 'pod']);
    sampler!.dispose();
    assert.deepEqual(paths.sort(), ['/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods', '/apis/metrics.k8s.io/v1beta1/nodes']);
    const general = { metadata: { name: 'general-1' }, status: { allocatable: { cpu: '2', memory: '8Gi' } } } as unknown as KubeObject;
    assert.equal(sampler!.node('kwok-local', general), 'CPU 500m/2 (25%) · mem 1Gi/8Gi (13%)');
    assert.equal(sampler!.pool('kwok-local', [general]), 'CPU 500m/2 (25%) · mem 1Gi/8Gi (13%)');
    const pod = { metadata: { name: 'web-1', namespace: 'shop' }, spec: { containers: [{ resources: { requests: { cpu: '100m', memory: '64Mi' } } }] } } as unknown as KubeObject;
    assert.equal(sampler!.pod('kwok-local', pod), 'CPU 50m/100m (50%) · mem 32Mi/64Mi (50%)');
    assert.equal(sampler!.pod('other', pod), undefined, 'no sample of a context never drawn');
  });

  test('a cluster without metrics-server is said once, for its context, and shows no numbers; one that serves metrics is never said to lack them', async () => {
    let served = false;
    const client = {
      request: async (options: { path: string }) =>
        served
          ? { ok: true, value: { status: 200, body: { items: [] } } }
          : { ok: false, error: { kind: 'notFound', message: `404 ${options.path}`, status: 404 } },
    } as unknown as KubeClient;
    const changes: string[] = [];
    let sampler: UsageSampler<Row> | undefined;
    let draw: ((row: Row) => void) | undefined;
    const redrawn = new Promise<void>((resolve) => {
      ({ sampler, draw } = drawnSampler(client, () => resolve(), (context) => changes.push(context)));
    });
    draw!({ id: 'pool', context: 'bare' });
    draw!({ id: 'node', context: 'bare' });
    await redrawn;
    assert.deepEqual(changes, ['bare'], 'one change for the context, not one per row');
    assert.equal(sampler!.servesNoMetrics('bare'), true);
    assert.equal(sampler!.node('bare', { metadata: { name: 'n' } } as unknown as KubeObject), undefined);
    sampler!.dispose();

    served = true;
    const again: string[] = [];
    let second: UsageSampler<Row> | undefined;
    let drawSecond: ((row: Row) => void) | undefined;
    const redrawnAgain = new Promise<void>((resolve) => {
      ({ sampler: second, draw: drawSecond } = drawnSampler(client, () => resolve(), (context) => again.push(context)));
    });
    drawSecond!({ id: 'pool', context: 'bare' });
    await redrawnAgain;
    assert.deepEqual(again, [], 'a cluster that serves metrics is never said to lack them');
    assert.equal(second!.servesNoMetrics('bare'), false);
    second!.dispose();
  });
  test('reads the pods of the drawn pod rows\' namespaces only, each once, never the whole cluster\'s', async () => {
    const paths: string[] = [];
    const client = {
      request: async (options: { path: string }) => {
        paths.push(options.path);
        const namespace = /\/namespaces\/([^/]+)\/pods$/.exec(options.path)?.[1];
        const items = namespace ? [{ metadata: { name: 'web-1', namespace }, containers: [{ usage: { cpu: '10m', memory: '8Mi' } }] }] : [];
        return { ok: true, value: { status: 200, body: { items } } };
      },
    } as unknown as KubeClient;
    let sampler: UsageSampler<Row> | undefined;
    let draw: ((row: Row) => void) | undefined;
    const redrawn = new Promise<readonly { id: string }[]>((resolve) => {
      ({ sampler, draw } = drawnSampler(client, resolve));
    });
    const namespaces = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    for (const namespace of namespaces) for (const pod of ['web-1', 'web-2']) draw!({ id: `${namespace}/${pod}`, context: 'kwok-local', namespace });
    assert.equal((await redrawn).length, namespaces.length * 2);
    sampler!.dispose();
    assert.deepEqual(paths.filter((p) => p.endsWith('/pods')).sort(), namespaces.map((n) => `/apis/metrics.k8s.io/v1beta1/namespaces/${n}/pods`));
    const pod = (namespace: string) => ({ metadata: { name: 'web-1', namespace }, spec: { containers: [] } }) as unknown as KubeObject;
    for (const namespace of namespaces) assert.equal(sampler!.pod('kwok-local', pod(namespace)), 'CPU 10m · mem 8Mi', namespace);
  });

  test('a pod row of a namespace the last sample did not read is sampled at once, not an interval later', async () => {
    const asked: string[] = [];
    const client = {
      request: async (options: { path: string }) => {
        asked.push(options.path);
        return { ok: true, value: { status: 200, body: { items: [] } } };
      },
    } as unknown as KubeClient;
    const redraws: string[][] = [];
    let next: (() => void) | undefined;
    const { sampler, draw } = drawnSampler(client, (rows) => {
      redraws.push(rows.map((r) => r.id));
      next?.();
    });
    const redrawn = () => new Promise<void>((resolve) => (next = resolve));
    let first = redrawn();
    draw({ id: 'shop/web-1', context: 'kwok-local', namespace: 'shop' });
    await first;
    first = redrawn();
    draw({ id: 'cart/api-1', context: 'kwok-local', namespace: 'cart' });
    await first;
    sampler.dispose();
    assert.deepEqual(redraws, [['shop/web-1'], ['shop/web-1', 'cart/api-1']]);
    assert.deepEqual(asked.filter((p) => p.endsWith('/pods')), ['/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods', '/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods', '/apis/metrics.k8s.io/v1beta1/namespaces/cart/pods']);
  });
});
