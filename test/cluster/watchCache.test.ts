// The shared watch cache on the local cluster: subscribers share one list and watch, see objects
// added and deleted, and the cache relists after 410 Gone and keeps watching. Every wait is a
// cache event with a bounded timeout.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { err } from '../../platform/result';
import { errorFromStatus, openWatchCaches, watchCache, type KubeClient, type KubeObject, type WatchCache, type WatchCacheEvent } from '../../kube';
import { useLocalCluster } from '../helpers/cluster';
import { client, must } from '../helpers/kubeClient';

/** The next event of a watch cache that satisfies `match`, or a timeout naming what was awaited. */
function nextEvent<T extends KubeObject>(cache: WatchCache<T>, match: (e: WatchCacheEvent<T>) => boolean, what: string, timeoutMs = 30_000): Promise<WatchCacheEvent<T>> {
  return new Promise((resolve, reject) => {
    const seen: string[] = [];
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`Timed out after ${timeoutMs / 1000}s waiting for ${what}; saw: ${seen.join(', ') || 'nothing'}`));
    }, timeoutMs);
    const sub = cache.onChange((e) => {
      seen.push(e.type === 'synced' ? `synced(${e.items.length}${e.relist ? ', relist' : ''})` : e.type === 'error' ? `error(${e.error.message})` : `${e.type} ${e.object.metadata.name}`);
      if (match(e)) {
        clearTimeout(timer);
        sub.dispose();
        resolve(e);
      }
    });
  });
}

describe('the shared watch cache on the local cluster', () => {
  it('the shared watch cache sees an added and a deleted ConfigMap, and survives a relist after 410 Gone', async (t) => {
    const cluster = await useLocalCluster(t);
    const kube = await client(cluster.kubeconfigPath, cluster.namespace);
    // A real 410 needs the server to have compacted the watched resourceVersion, which a fresh
    // local cluster has not (it replays from any version). So on demand the next watch request is
    // answered here with the KubeError the client makes of a 410 Expired Status, after a ConfigMap
    // was created that no watch will report: only a relist can find it. Lists and all other
    // watches are the real server's.
    let goneNextWatch = false;
    const wrapped: KubeClient = {
      ...kube,
      async watch(options, onEvent) {
        if (goneNextWatch) {
          goneNextWatch = false;
          await createConfigMap('during-gap');
          return err(errorFromStatus(410, { kind: 'Status', reason: 'Expired', message: 'too old resource version: 1 (4242)', code: 410 }, options.operation));
        }
        return kube.watch(options, onEvent);
      },
    };
    const createConfigMap = async (name: string) => must(await kube.request({ method: 'POST', path: `/api/v1/namespaces/${cluster.namespace}/configmaps`, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: name } }, operation: { verb: 'create', resource: 'configmaps' } }));
    const deleteConfigMap = async (name: string) => must(await kube.request({ method: 'DELETE', path: `/api/v1/namespaces/${cluster.namespace}/configmaps/${name}`, operation: { verb: 'delete', resource: 'configmaps' } }));

    const resource = { apiVersion: 'v1', plural: 'configmaps' };
    const first = watchCache(wrapped, resource, { namespace: cluster.namespace, backoff: { initialMs: 100, maxMs: 2000 } });
    const second = watchCache(wrapped, resource, { namespace: cluster.namespace });
    t.after(() => {
      first.dispose();
      second.dispose();
    });
    assert.deepEqual(openWatchCaches(wrapped), [{ key: `v1/configmaps@${cluster.namespace}`, subscribers: 2 }]);
    must(await first.whenSynced({ timeoutMs: 30_000 }));
    assert.equal(first.lists, 1);
    // The controller-manager publishes kube-root-ca.crt into each new namespace when it gets to it,
    // before or after the first list: the test's own ConfigMaps are counted apart from it.
    const ours = () => first.items().map((i) => i.metadata.name).filter((n) => n !== 'kube-root-ca.crt').sort();

    const added = nextEvent(second, (e) => e.type === 'added' && e.object.metadata.name === 'alpha', 'alpha to be added');
    await createConfigMap('alpha');
    await added;
    assert.equal(first.get('alpha')?.metadata.name, 'alpha');
    const deleted = nextEvent(first, (e) => e.type === 'deleted' && e.object.metadata.name === 'alpha', 'alpha to be deleted');
    await deleteConfigMap('alpha');
    await deleted;
    assert.equal(second.get('alpha'), undefined);

    // resync() lists again and restarts the watch; that watch gets 410 Gone, so the
    // cache lists a third time and reports the ConfigMap made meanwhile as added.
    const gap = nextEvent(first, (e) => e.type === 'added' && e.object.metadata.name === 'during-gap', 'during-gap to be found by the relist after 410');
    const resynced = nextEvent(first, (e) => e.type === 'synced' && e.relist && e.items.some((i) => i.metadata.name === 'during-gap'), 'a relist holding during-gap');
    goneNextWatch = true;
    first.resync();
    await gap;
    await resynced;
    assert.equal(first.lists, 3, 'resync list + the list after 410 Gone');
    assert.deepEqual(ours(), ['during-gap']);

    // And it keeps watching after the relist.
    const later = nextEvent(second, (e) => e.type === 'added' && e.object.metadata.name === 'beta', 'beta after the relist');
    await createConfigMap('beta');
    await later;
    const laterDelete = nextEvent(second, (e) => e.type === 'deleted' && e.object.metadata.name === 'during-gap', 'during-gap to be deleted after the relist');
    await deleteConfigMap('during-gap');
    await laterDelete;
    assert.deepEqual(ours(), ['beta']);

    first.dispose();
    assert.deepEqual(openWatchCaches(wrapped), [{ key: `v1/configmaps@${cluster.namespace}`, subscribers: 1 }]);
    second.dispose();
    second.dispose();
    assert.deepEqual(openWatchCaches(wrapped), []);
  });
});
