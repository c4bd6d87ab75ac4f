// Paged listing (limit/continue) against a scripted API server: pages joined in order, the
// continue token sent back, an expired token as an outcome (or a whole relist), failures as values.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { err, ok, type Result } from '../../platform/result';
import { errorFromStatus, kubeError, listAllPages, listPage, type KubeClient, type KubeError, type KubeObject, type RequestOptions, type Response } from '../../kube';

const names = (items: readonly KubeObject[]) => items.map((o) => o.metadata.name);

/**
 * A collection of `count` ConfigMaps paged by offset tokens. Each page reports the version the
 * server is at when it answers, which moves on with every request, so a test can tell which
 * page's version a listing kept. `answer` may replace the answer to request number `n` (0-based).
 */
function pagingServer(count: number, answer: (n: number, request: RequestOptions) => Result<Response<unknown>, KubeError> | undefined = () => undefined) {
  const all: KubeObject[] = Array.from({ length: count }, (_, i) => ({ metadata: { name: `cm-${String(i).padStart(2, '0')}`, namespace: 'ns' } }) as KubeObject);
  const requests: RequestOptions[] = [];
  const client = {
    context: 'test',
    async request<T>(request: RequestOptions): Promise<Result<Response<T>, KubeError>> {
      const n = requests.push(request) - 1;
      const scripted = answer(n, request);
      if (scripted) return scripted as Result<Response<T>, KubeError>;
      const query = request.query ?? {};
      const start = typeof query['continue'] === 'string' ? Number(query['continue']) : 0;
      const end = query['limit'] !== undefined ? start + Number(query['limit']) : count;
      const metadata = { resourceVersion: String(100 + n), ...(end < count ? { continue: String(end), remainingItemCount: count - end } : {}) };
      return ok({ status: 200, body: { items: all.slice(start, end), metadata } as T });
    },
  } as unknown as KubeClient;
  return { client, requests };
}

const expiredToken = () => err(errorFromStatus(410, { kind: 'Status', code: 410, reason: 'Expired', message: 'The provided continue parameter is too old' }, { verb: 'list' }));
const request = { path: '/api/v1/namespaces/ns/configmaps', query: { labelSelector: 'app=web' }, operation: { verb: 'list', resource: 'configmaps', namespace: 'ns' } };

describe('listAllPages', () => {
  it('joins the pages in order, sending each continue token back, at the first page version', async () => {
    const { client, requests } = pagingServer(7);
    const listed = await listAllPages<KubeObject>(client, { ...request, accept: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1' }, { pageSize: 3 });
    assert.ok(listed.ok, listed.ok ? '' : listed.error.message);
    assert.deepEqual(names(listed.value.items), ['cm-00', 'cm-01', 'cm-02', 'cm-03', 'cm-04', 'cm-05', 'cm-06']);
    assert.equal(listed.value.resourceVersion, '100', 'later pages continue the first page snapshot');
    assert.deepEqual(
      requests.map((r) => [r.query?.['limit'], r.query?.['continue']]),
      [
        [3, undefined],
        [3, '3'],
        [3, '6'],
      ],
    );
    for (const r of requests) {
      assert.equal(r.query?.['labelSelector'], 'app=web', 'the caller query is on every page');
      assert.equal(r.accept, 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1');
      assert.equal(r.path, request.path);
    }
  });

  it('returns a failure between pages as the typed error and asks no further', async () => {
    const { client, requests } = pagingServer(9, (n) => (n === 1 ? err(kubeError('forbidden', 'Forbidden', { status: 403 })) : undefined));
    const listed = await listAllPages<KubeObject>(client, request, { pageSize: 3 });
    assert.equal(listed.ok ? 'ok' : listed.error.kind, 'forbidden');
    assert.equal(requests.length, 2);
  });

  it('lists once more without a limit when a continue token expired, if asked to', async () => {
    const { client, requests } = pagingServer(7, (n) => (n === 1 ? expiredToken() : undefined));
    const listed = await listAllPages<KubeObject>(client, request, { pageSize: 3, whenExpired: 'listWhole' });
    assert.ok(listed.ok, listed.ok ? '' : listed.error.message);
    assert.equal(listed.value.items.length, 7, 'nothing from the abandoned page counted twice');
    assert.equal(listed.value.resourceVersion, '102', 'the whole list version, not the abandoned first page');
    assert.deepEqual(requests.at(-1)?.query, { labelSelector: 'app=web' });
  });

  it('returns an expired continue token as the server 410 by default', async () => {
    const { client, requests } = pagingServer(7, (n) => (n === 1 ? expiredToken() : undefined));
    const listed = await listAllPages<KubeObject>(client, request, { pageSize: 3 });
    assert.equal(listed.ok ? 'ok' : listed.error.status, 410);
    assert.equal(requests.length, 2);
  });

  it('stops after maxPages with what those pages held', async () => {
    const { client, requests } = pagingServer(10);
    const listed = await listAllPages<KubeObject>(client, request, { pageSize: 3, maxPages: 2 });
    assert.ok(listed.ok);
    assert.deepEqual(names(listed.value.items), ['cm-00', 'cm-01', 'cm-02', 'cm-03', 'cm-04', 'cm-05']);
    assert.equal(requests.length, 2);
  });
});

describe('listPage', () => {
  it('reads the page a token points at, with the next token and what is left', async () => {
    const { client, requests } = pagingServer(7);
    const page = await listPage<KubeObject>(client, request, 3, '3');
    assert.ok(page.ok && !page.value.expired);
    assert.deepEqual(names(page.value.items), ['cm-03', 'cm-04', 'cm-05']);
    assert.deepEqual([page.value.continueToken, page.value.remaining], ['6', 1]);
    assert.equal(requests[0]?.query?.['continue'], '3');

    const last = await listPage<KubeObject>(client, request, 3, '6');
    assert.ok(last.ok && !last.value.expired);
    assert.deepEqual([names(last.value.items), last.value.continueToken, last.value.remaining], [['cm-06'], undefined, undefined]);
  });

  it('reports an expired token as the expired outcome, not an error', async () => {
    const { client } = pagingServer(7, () => expiredToken());
    const page = await listPage<KubeObject>(client, request, 3, '3');
    assert.ok(page.ok);
    assert.equal(page.value.expired, true);
  });

  it('reports a 410 to a first page (no token) as an error', async () => {
    const { client } = pagingServer(7, () => expiredToken());
    const page = await listPage<KubeObject>(client, request, 3, undefined);
    assert.equal(page.ok ? 'ok' : page.error.status, 410);
  });

  it('refuses an answer whose items are not a list', async () => {
    const { client } = pagingServer(7, () => ok({ status: 200, body: { items: 'oops', metadata: {} } }));
    const page = await listPage<KubeObject>(client, request, 3, undefined);
    assert.equal(page.ok ? 'ok' : page.error.kind, 'server');
  });
});
