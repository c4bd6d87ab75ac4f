// The Clusters view's All pods folder reads pods a page at a time (limit/continue) without a
// watch: these run the paging against a scripted API server of 450 pods.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { err, ok } from '../../platform/result';
import { kubeError, type KubeClient, type KubeObject, type RequestOptions } from '../../kube';
import { PagedListings } from '../../client/src/views/clusters/pagedListing';
import { ALL_PODS } from '../../client/src/views/clusters/allPods';

const POD_COUNT = 450;
const pods: KubeObject[] = Array.from({ length: POD_COUNT }, (_, i) => ({ metadata: { name: `web-${i % 10}`, namespace: `team-${String(Math.floor(i / 10)).padStart(3, '0')}` }, status: { phase: 'Running' } }) as unknown as KubeObject);

/** A server that pages `pods` by offset tokens; `expire` makes the next continued request answer 410 Gone. */
function pagingServer(options: { remainingCount?: boolean } = {}) {
  const requests: RequestOptions[] = [];
  const state = { expire: false };
  const client = {
    context: 'test',
    async request<T>(request: RequestOptions) {
      requests.push(request);
      const query = request.query ?? {};
      const token = typeof query['continue'] === 'string' ? query['continue'] : undefined;
      if (token && state.expire) {
        state.expire = false;
        return err(kubeError('server', 'The provided continue parameter is too old', { status: 410, detail: 'Expired: too old resource version' }));
      }
      const start = token ? Number(token) : 0;
      const limit = Number(query['limit'] ?? POD_COUNT);
      const items = pods.slice(start, start + limit);
      const end = start + items.length;
      const metadata = end < POD_COUNT ? { continue: String(end), ...(options.remainingCount === false ? {} : { remainingItemCount: POD_COUNT - end }) } : {};
      return ok({ status: 200, body: { items, metadata } as T });
    },
  } as unknown as KubeClient;
  return { client, requests, state };
}

const signal = new AbortController().signal;

describe('the All pods folder reads pods a page at a time', () => {
  test('the first page is one request with limit; asking for more continues where it stopped', async () => {
    const { client, requests } = pagingServer();
    const listings = new PagedListings();
    const first = await listings.upTo('all', client, ALL_PODS, 200, 200, signal);
    assert.ok(first.ok);
    assert.equal(first.value.items.length, 200);
    assert.equal(first.value.remaining, 250);
    assert.equal(first.value.complete, false);
    assert.deepEqual(requests.map((r) => [r.path, r.query?.['limit'], r.query?.['continue']]), [['/api/v1/pods', 200, undefined]]);

    // Drawn again at the same size (a redraw), nothing is fetched.
    await listings.upTo('all', client, ALL_PODS, 200, 200, signal);
    assert.equal(requests.length, 1);

    const second = await listings.upTo('all', client, ALL_PODS, 400, 200, signal);
    assert.ok(second.ok);
    assert.deepEqual(second.value.items.slice(199, 201).map((p) => `${p.metadata.namespace}/${p.metadata.name}`), ['team-019/web-9', 'team-020/web-0']);
    assert.equal(requests[1]?.query?.['continue'], '200');
    const last = await listings.upTo('all', client, ALL_PODS, 600, 200, signal);
    assert.ok(last.ok);
    assert.deepEqual([last.value.items.length, last.value.complete, last.value.remaining], [POD_COUNT, true, 0]);
    assert.equal(requests.length, 3);
  });

  test('the rows carry their apiVersion and kind, which list items lack', async () => {
    const { client } = pagingServer();
    const listed = await new PagedListings().upTo('all', client, ALL_PODS, 10, 10, signal);
    assert.ok(listed.ok);
    assert.deepEqual([listed.value.items[0]?.apiVersion, listed.value.items[0]?.kind], ['v1', 'Pod']);
  });

  test('an expired continue token starts the list over instead of failing', async () => {
    const { client, state } = pagingServer();
    const listings = new PagedListings();
    await listings.upTo('all', client, ALL_PODS, 200, 200, signal);
    state.expire = true;
    const listed = await listings.upTo('all', client, ALL_PODS, 400, 200, signal);
    assert.ok(listed.ok, listed.ok ? '' : listed.error.message);
    assert.equal(listed.value.items.length, 400);
    assert.equal(new Set(listed.value.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).size, 400, 'no pod twice');
  });

  test('without the server count, what is left is unknown until the last page', async () => {
    const { client } = pagingServer({ remainingCount: false });
    const listed = await new PagedListings().upTo('all', client, ALL_PODS, 200, 200, signal);
    assert.ok(listed.ok);
    assert.deepEqual([listed.value.complete, listed.value.remaining], [false, undefined]);
  });

  test('releasing the folder forgets its pages: opened again it reads from the first page', async () => {
    const { client, requests } = pagingServer();
    const listings = new PagedListings();
    await listings.upTo('ctx:a/allPods', client, ALL_PODS, 400, 200, signal);
    listings.release('ctx:a');
    assert.deepEqual(listings.held(), []);
    await listings.upTo('ctx:a/allPods', client, ALL_PODS, 200, 200, signal);
    assert.equal(requests.at(-1)?.query?.['continue'], undefined);
  });

  test('a failure comes back as a value', async () => {
    const client = { context: 'test', request: async () => err(kubeError('forbidden', 'Forbidden', { status: 403 })) } as unknown as KubeClient;
    const listed = await new PagedListings().upTo('all', client, ALL_PODS, 200, 200, signal);
    assert.equal(listed.ok ? 'ok' : listed.error.kind, 'forbidden');
  });

  test('a pod row leads with its namespace', () => {
    assert.match(ALL_PODS.summary!(pods[0]!).description, /^team-000 · /);
  });
});
