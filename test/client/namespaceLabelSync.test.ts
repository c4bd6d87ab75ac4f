// The extension tells the language server the Pod Security labels of the current context's
// namespaces, listed from the cluster; a restricted workspace or a failed list sends none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { NamespaceLabelSync, type NamespaceLabelSyncDeps } from '../../client/src/namespaceLabels/namespaceLabelSync';
import type { NamespaceLabelsParams } from '../../protocol/protocol';
import { err } from '../../platform/result';
import { kubeError } from '../../kube';
import { fakeClient } from '../helpers/fakeApiServer';

async function namespaceServer(t: { after: (fn: () => void) => void }, items: unknown[]): Promise<{ server: http.Server; requests: string[] }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ kind: 'NamespaceList', apiVersion: 'v1', items }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  return { server, requests };
}

/** A sync whose sends arrive as a queue of promises. */
function recorder(overrides: Partial<NamespaceLabelSyncDeps>): { sync: NamespaceLabelSync; next: () => Promise<NamespaceLabelsParams>; warnings: string[] } {
  const sent: NamespaceLabelsParams[] = [];
  const waiting: ((p: NamespaceLabelsParams) => void)[] = [];
  const warnings: string[] = [];
  const sync = new NamespaceLabelSync({
    current: () => 'fake',
    trusted: () => true,
    connect: () => Promise.resolve(err(kubeError('unreachable', 'no server'))),
    send: (params) => {
      const waiter = waiting.shift();
      if (waiter) waiter(params);
      else sent.push(params);
    },
    log: { warn: (message) => warnings.push(message) },
    ...overrides,
  });
  const next = (): Promise<NamespaceLabelsParams> => (sent.length > 0 ? Promise.resolve(sent.shift()!) : new Promise((resolve) => waiting.push(resolve)));
  return { sync, next, warnings };
}

test("the current context's namespaces go to the server with their Pod Security labels only", async (t) => {
  const { server, requests } = await namespaceServer(t, [
    { metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'kubernetes.io/metadata.name': 'shop' } } },
    { metadata: { name: 'plain', labels: { team: 'a' } } },
  ]);
  const client = await fakeClient(t, server);
  const { sync, next } = recorder({ connect: () => Promise.resolve({ ok: true, value: client }) });
  sync.refresh();
  assert.deepEqual(await next(), { context: 'fake', namespaces: { shop: { 'pod-security.kubernetes.io/enforce': 'restricted' }, plain: {} } });
  assert.deepEqual(requests, ['GET /api/v1/namespaces']);
  sync.resend();
  assert.deepEqual(await next(), { context: 'fake', namespaces: { shop: { 'pod-security.kubernetes.io/enforce': 'restricted' }, plain: {} } }, 'a restarted server gets them again');
  sync.dispose();
});

test('a failed list is logged and forgets the labels; a restricted workspace lists nothing', async (t) => {
  const { server, requests } = await namespaceServer(t, [{ metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } }]);
  const client = await fakeClient(t, server);
  let trusted = true;
  let reachable = true;
  const { sync, next, warnings } = recorder({
    trusted: () => trusted,
    connect: () => Promise.resolve(reachable ? { ok: true as const, value: client } : err(kubeError('unreachable', 'connection refused'))),
  });
  sync.refresh();
  assert.deepEqual(Object.keys((await next()).namespaces), ['shop']);
  reachable = false;
  sync.refresh(true);
  assert.deepEqual(await next(), { namespaces: {} });
  assert.match(warnings[0] ?? '', /Listing the namespaces of context "fake" for Pod Security failed: connection refused/);
  reachable = true;
  trusted = false;
  sync.refresh();
  trusted = true;
  sync.refresh();
  assert.deepEqual(Object.keys((await next()).namespaces), ['shop']);
  assert.equal(requests.length, 2, 'the restricted workspace listed nothing');
  sync.dispose();
});
