// The cluster client's TLS on the local cluster (client certificates): requests share one parsed
// TLS context, also where something else swaps the connection agent, as VS Code's proxy support
// does in the extension host (a new connection per request there).
import assert from 'node:assert/strict';
import https from 'node:https';
import { describe, it } from 'node:test';
import { useLocalCluster } from '../helpers/cluster';
import { client, must } from '../helpers/kubeClient';

describe('the cluster client over TLS', () => {
  it('shares one TLS context among requests, also when each request gets an agent of its own', async (t) => {
    const cluster = await useLocalCluster(t);
    const kube = await client(cluster.kubeconfigPath, cluster.namespace);
    const original = https.request;
    const contexts: unknown[] = [];
    // Each request on a fresh agent without keep-alive: a new connection, a full TLS handshake.
    https.request = ((url: URL, options: https.RequestOptions & { secureContext?: unknown }, callback?: () => void) => {
      contexts.push(options.secureContext);
      return original(url, { ...options, agent: new https.Agent({ keepAlive: false }) }, callback);
    }) as typeof https.request;
    t.after(() => {
      https.request = original;
    });
    for (let i = 0; i < 3; i++) {
      const namespace = must(await kube.request<{ metadata?: { name?: string } }>({ method: 'GET', path: `/api/v1/namespaces/${cluster.namespace}`, operation: { verb: 'get', resource: 'namespaces', name: cluster.namespace } }));
      // The apiserver authenticated the client certificate from the shared context each time.
      assert.equal(namespace.body.metadata?.name, cluster.namespace);
    }
    assert.equal(contexts.length, 3);
    assert.notEqual(contexts[0], undefined, 'the request carries a prepared TLS context');
    assert.ok(contexts.every((c) => c === contexts[0]), 'one TLS context for every request');
  });
});
