import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeClient, RequestOptions } from '../../kube/client';
import { kubeError } from '../../kube/errors';
import { LiveMetadata } from '../../kube/deploy/liveMetadata';
import { err, ok } from '../../platform/result';

const configMaps = { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true };

/** A client that answers metadata lists from `pages` (or refuses them) and records every request. */
function stand(pages: { items: { metadata: { name: string; resourceVersion: string } }[]; continue?: string }[] | 'forbidden') {
  const requests: RequestOptions[] = [];
  const client = {
    namespace: 'default',
    request: async (options: RequestOptions) => {
      requests.push(options);
      if (pages === 'forbidden') return err(kubeError('forbidden', 'may not list configmaps'));
      const page = pages[options.query?.['continue'] ? Number(options.query['continue']) : 0]!;
      return ok({ status: 200, body: { items: page.items, metadata: { continue: page.continue } } });
    },
  } as unknown as KubeClient;
  return { client, requests };
}

describe('the state before a deploy, from metadata lists', () => {
  it('one paged metadata-only list per resource and namespace answers every object of it', async () => {
    const { client, requests } = stand([
      { items: [{ metadata: { name: 'a', resourceVersion: '1' } }], continue: '1' },
      { items: [{ metadata: { name: 'b', resourceVersion: '2' } }] },
    ]);
    const live = new LiveMetadata(client);
    const [a, b, missing] = await Promise.all([live.before(configMaps, 'shop', 'a'), live.before(configMaps, 'shop', 'b'), live.before(configMaps, 'shop', 'c')]);
    assert.equal(a?.metadata.resourceVersion, '1');
    assert.equal(b?.metadata.resourceVersion, '2');
    assert.equal(missing, null, 'absent from the list: does not exist');
    assert.equal(requests.length, 2, 'two pages, asked once for all three objects');
    assert.match(String(requests[0]!.accept), /PartialObjectMetadataList/);
    assert.equal(requests[0]!.path, '/api/v1/namespaces/shop/configmaps');
  });

  it('a list the user may not make leaves each object to its own GET (undefined)', async () => {
    const { client } = stand('forbidden');
    assert.equal(await new LiveMetadata(client).before(configMaps, 'shop', 'a'), undefined);
  });
});
