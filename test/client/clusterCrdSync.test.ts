// The extension's cluster CRDs: cached ones at once, live ones (written back to the cache) in a
// trusted workspace, only the cache in a restricted one, nothing when the setting is off or the
// context's server has nothing cached, and a resend for a restarted language server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClusterCrdSync, type ClusterCrdSyncDeps, type CurrentCluster } from '../../client/src/crds/clusterCrdSync';
import { readCrdCache, writeCrdCache } from '../../kube/crds/crdCache';
import type { CrdFollowerListener } from '../../kube/crds/followCrds';
import { trimCrd, type ClusterCrd } from '../../kube/crds/listCrds';
import { kubeError, type KubeClient } from '../../kube';
import { err, ok } from '../../platform/result';
import type { ClusterCrdsParams } from '../../protocol/protocol';
import { tempDir } from '../helpers/tempDir';

function crd(name: string): ClusterCrd {
  const [plural, ...group] = name.split('.');
  return trimCrd({ metadata: { name }, spec: { group: group.join('.'), names: { kind: 'Widget', plural }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true }] } })!;
}

const DEV: CurrentCluster = { context: 'dev', server: 'https://dev:6443' };
const PROD: CurrentCluster = { context: 'prod', server: 'https://prod:6443' };

function harness(dir: string, state: { current?: CurrentCluster; enabled?: boolean; trusted?: boolean; connectFails?: boolean } = {}) {
  const sent: ClusterCrdsParams[] = [];
  const connects: string[] = [];
  const followers: { listener: CrdFollowerListener; disposed: boolean }[] = [];
  const logs: string[] = [];
  const settings = { current: DEV as CurrentCluster | undefined, enabled: true, trusted: true, connectFails: false, ...state };
  const deps: ClusterCrdSyncDeps = {
    current: () => settings.current,
    enabled: () => settings.enabled,
    trusted: () => settings.trusted,
    connect: async (context) => {
      connects.push(context);
      return settings.connectFails ? err(kubeError('unreachable', 'connect ECONNREFUSED')) : ok({ context } as unknown as KubeClient);
    },
    send: (params) => sent.push(params),
    log: { info: (m) => logs.push(m), warn: (m) => logs.push(m) },
    cache: { dir },
    follow: (_client, listener) => {
      const follower = { listener, disposed: false };
      followers.push(follower);
      return { dispose: () => (follower.disposed = true) };
    },
  };
  return { sync: new ClusterCrdSync(deps), sent, connects, followers, logs, settings };
}

/** Resolves once the pending connect has run (the sync connects without awaiting). */
const connected = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('cluster CRDs in the extension', () => {
  it('sends the cached CRDs at once, then the live ones, which it writes back to the cache', async (t) => {
    const dir = tempDir(t);
    assert.ok(writeCrdCache({ server: DEV.server, context: 'dev', cachedAt: '2026-12-01T09:00:00.000Z', crds: [crd('old.example.com')] }, { dir }).ok);
    const h = harness(dir);
    h.sync.refresh();
    assert.deepEqual(h.sent, [{ cluster: 'dev', cachedAt: '2026-12-01T09:00:00.000Z', crds: [crd('old.example.com')] }]);
    await connected();
    assert.deepEqual(h.connects, ['dev']);
    h.followers[0]!.listener.onCrds([crd('new.example.com')], new Date('2026-12-02T12:40:00Z'));
    assert.deepEqual(h.sent.at(-1), { cluster: 'dev', cachedAt: '2026-12-02T12:40:00.000Z', crds: [crd('new.example.com')] });
    const cached = readCrdCache(DEV.server, { dir });
    assert.ok(cached.ok && cached.value);
    assert.deepEqual(cached.value.crds, [crd('new.example.com')]);
    // Nothing changed: no new connection, no resend.
    h.sync.refresh();
    assert.equal(h.connects.length, 1);
    assert.equal(h.sent.length, 2);
    // The language server restarted: it gets the last CRDs again.
    h.sync.resend();
    assert.deepEqual(h.sent.at(-1), h.sent.at(-2));
    h.sync.dispose();
    assert.ok(h.followers[0]!.disposed);
  });

  it('keeps the cached CRDs when the cluster cannot be reached', async (t) => {
    const dir = tempDir(t);
    assert.ok(writeCrdCache({ server: DEV.server, context: 'dev', cachedAt: '2026-12-01T09:00:00.000Z', crds: [crd('old.example.com')] }, { dir }).ok);
    const h = harness(dir, { connectFails: true });
    h.sync.refresh();
    await connected();
    assert.equal(h.sent.length, 1);
    assert.equal(h.sent[0]!.crds.length, 1);
    assert.match(h.logs.join('\n'), /ECONNREFUSED/);
    h.sync.dispose();
  });

  it('in a restricted workspace reads the cache only: no connection, nothing written', async (t) => {
    const dir = tempDir(t);
    assert.ok(writeCrdCache({ server: DEV.server, context: 'dev', cachedAt: '2026-12-01T09:00:00.000Z', crds: [crd('old.example.com')] }, { dir }).ok);
    const h = harness(dir, { trusted: false });
    h.sync.refresh();
    await connected();
    assert.equal(h.sent.length, 1);
    assert.deepEqual(h.connects, []);
    // Trust granted: now it connects.
    h.settings.trusted = true;
    h.sync.refresh();
    await connected();
    assert.deepEqual(h.connects, ['dev']);
    h.sync.dispose();
  });

  it('forgets the CRDs for a context whose server has nothing cached, and when the setting is turned off', async (t) => {
    const dir = tempDir(t);
    assert.ok(writeCrdCache({ server: DEV.server, context: 'dev', cachedAt: '2026-12-01T09:00:00.000Z', crds: [crd('old.example.com')] }, { dir }).ok);
    const h = harness(dir, { trusted: false });
    h.sync.refresh();
    h.settings.current = PROD;
    h.sync.refresh();
    assert.deepEqual(h.sent.at(-1), { crds: [] });
    h.settings.current = DEV;
    h.sync.refresh();
    assert.equal(h.sent.at(-1)!.crds.length, 1);
    h.settings.enabled = false;
    h.sync.refresh();
    assert.deepEqual(h.sent.at(-1), { crds: [] });
    const count = h.sent.length;
    h.sync.refresh();
    assert.equal(h.sent.length, count, 'forgotten once');
    h.sync.dispose();
  });
});
