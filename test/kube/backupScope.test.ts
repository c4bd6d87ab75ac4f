// What a backup reaches beyond the built-in namespaced kinds, without a cluster: custom resources
// of every namespaced CRD (after the built-ins, their CRDs required, controller-owned ones left
// out), an Application's ClusterRoles and ClusterRoleBindings (none for a namespace), a restore
// refused naming a CRD the target lacks, and Ingress hosts still served by the source namespace
// named, or rewritten when asked.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  buildBackup,
  cleanForBackup,
  collectBackup,
  crdShortfall,
  namespacedCustomKinds,
  parseHostRewrite,
  readBackupDir,
  remapNamespace,
  requiredCrdsOf,
  restoreBackup,
  rewriteIngressHosts,
  sharedIngressHosts,
  writeBackupFiles,
  type BackupResult,
  type KubeClient,
  type KubeObject,
  type RequestOptions,
} from '../../kube';
import type { ClusterCrd } from '../../kube/crds/listCrds';
import { kubeError } from '../../kube/errors';
import { ok } from '../../platform/result';
import { tempDir } from '../helpers/tempDir';

function crd(group: string, kind: string, plural: string, scope: 'Namespaced' | 'Cluster', versions: { name: string; served: boolean; storage: boolean }[]): ClusterCrd {
  return { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${plural}.${group}` }, spec: { group, names: { kind, plural }, scope, versions } };
}

const widgets = crd('example.com', 'Widget', 'widgets', 'Namespaced', [
  { name: 'v1beta1', served: true, storage: false },
  { name: 'v1', served: true, storage: true },
]);
const clusterThings = crd('example.com', 'ClusterThing', 'clusterthings', 'Cluster', [{ name: 'v1', served: true, storage: true }]);

function object(apiVersion: string, kind: string, name: string, namespace: string | undefined, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) }, ...extra } as KubeObject;
}

describe('custom kinds a backup reads', () => {
  it('takes namespaced CRDs at their storage version, skips cluster-scoped ones and versions not served', () => {
    const retired = crd('old.example.com', 'Gadget', 'gadgets', 'Namespaced', [
      { name: 'v1', served: false, storage: true },
      { name: 'v2', served: true, storage: false },
    ]);
    assert.deepEqual(namespacedCustomKinds([widgets, clusterThings, retired]), [
      { apiVersion: 'old.example.com/v2', kind: 'Gadget', plural: 'gadgets', crd: 'gadgets.old.example.com' },
      { apiVersion: 'example.com/v1', kind: 'Widget', plural: 'widgets', crd: 'widgets.example.com' },
    ]);
  });

  it('requires the CRDs of the saved custom resources only, with the versions they are written in', () => {
    const kinds = namespacedCustomKinds([widgets, crd('example.com', 'Unused', 'unuseds', 'Namespaced', [{ name: 'v1', served: true, storage: true }])]);
    const saved = [object('v1', 'ConfigMap', 'a', 'shop'), object('example.com/v1', 'Widget', 'w1', 'shop'), object('example.com/v1', 'Widget', 'w2', 'shop')];
    assert.deepEqual(requiredCrdsOf(saved, kinds), [{ name: 'widgets.example.com', group: 'example.com', kind: 'Widget', versions: ['v1'] }]);
  });

  it('says what a target CRD lacks: the CRD itself, or a version it does not serve', () => {
    const required = { name: 'widgets.example.com', group: 'example.com', kind: 'Widget', versions: ['v1'] };
    assert.equal(crdShortfall(required, undefined), 'CustomResourceDefinition widgets.example.com (kind Widget) is not installed');
    assert.equal(crdShortfall(required, { spec: { versions: [{ name: 'v1beta1', served: true }, { name: 'v1', served: false }] } }), 'CustomResourceDefinition widgets.example.com does not serve example.com/v1');
    assert.equal(crdShortfall(required, { spec: { versions: [{ name: 'v1', served: true }] } }), undefined);
  });

  it('writes custom resources after the built-in kinds and keeps the required CRDs through a write and read', (t) => {
    const widget = object('example.com/v1', 'Widget', 'w1', 'shop', { spec: { size: 3 } });
    const built = buildBackup({
      objects: [widget, object('apps/v1', 'Deployment', 'web', 'shop', { spec: {} }), object('v1', 'ConfigMap', 'a', 'shop')],
      berthVersion: '0.1.0',
      createdAt: '2026-01-01T00:00:00.000Z',
      source: { context: 'c', server: 'https://x' },
      selection: 'namespace shop',
      namespaces: ['shop'],
      requiredSecrets: [],
      requiredCrds: [{ name: 'widgets.example.com', group: 'example.com', kind: 'Widget', versions: ['v1'] }],
      notes: [],
    });
    assert.ok(built.ok);
    assert.deepEqual(built.value.files.map((f) => f.name), ['01-configmap.yaml', '02-deployment.yaml', '03-widget.yaml', 'backup.json']);
    const dir = join(tempDir(t), 'b');
    assert.deepEqual(writeBackupFiles(dir, built.value.files), { ok: true });
    const read = readBackupDir(dir);
    assert.ok(read.ok, read.ok ? '' : read.error.message);
    assert.deepEqual(read.value.manifest.requiredCrds, [{ name: 'widgets.example.com', group: 'example.com', kind: 'Widget', versions: ['v1'] }]);

    const manifestPath = join(dir, 'backup.json');
    const data = JSON.parse(readFileSync(manifestPath, 'utf8')) as { requiredCrds: { name: string }[] };
    data.requiredCrds[0]!.name = '../../x';
    writeFileSync(manifestPath, JSON.stringify(data));
    const refused = readBackupDir(dir);
    assert.ok(!refused.ok);
    assert.match(refused.error.message, /names a CRD "\.\.\/\.\.\/x" that is not a CRD name/);
  });

  it('keeps an aggregated ClusterRole without the rules its controller gathers', () => {
    const aggregated = cleanForBackup(object('rbac.authorization.k8s.io/v1', 'ClusterRole', 'view-all', undefined, { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] }, rules: [{ verbs: ['get'] }] }));
    assert.equal(aggregated['rules'], undefined);
    const plain = cleanForBackup(object('rbac.authorization.k8s.io/v1', 'ClusterRole', 'reader', undefined, { rules: [{ verbs: ['get'] }] }));
    assert.deepEqual(plain['rules'], [{ verbs: ['get'] }]);
  });
});

/**
 * A cluster of a few kinds: discovery for each group/version, lists by collection path (the label
 * selector recorded, not applied), the CRD list, and a CRD GET by name. Every request is recorded.
 */
function fakeCluster(options: { crds: ClusterCrd[]; lists: Record<string, KubeObject[]>; liveCrds?: Record<string, unknown> }): { client: KubeClient; requests: string[] } {
  const resources: Record<string, { name: string; kind: string; namespaced: boolean }[]> = {
    '/api/v1': [
      ['serviceaccounts', 'ServiceAccount'],
      ['secrets', 'Secret'],
      ['configmaps', 'ConfigMap'],
      ['persistentvolumeclaims', 'PersistentVolumeClaim'],
      ['services', 'Service'],
      ['pods', 'Pod'],
      ['resourcequotas', 'ResourceQuota'],
      ['limitranges', 'LimitRange'],
    ].map(([name, kind]) => ({ name: name!, kind: kind!, namespaced: true })),
    '/apis/rbac.authorization.k8s.io/v1': [
      { name: 'roles', kind: 'Role', namespaced: true },
      { name: 'rolebindings', kind: 'RoleBinding', namespaced: true },
      { name: 'clusterroles', kind: 'ClusterRole', namespaced: false },
      { name: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false },
    ],
  };
  const requests: string[] = [];
  const client = {
    context: 'fake',
    server: 'https://fake',
    namespace: 'default',
    request: async (o: RequestOptions) => {
      const selector = o.query?.['labelSelector'];
      requests.push(`${o.method} ${o.path}${selector ? ` ?${String(selector)}` : ''}`);
      if (o.path === '/version') return ok({ status: 200, body: { gitVersion: 'v1.36.0' } });
      if (resources[o.path]) return ok({ status: 200, body: { resources: resources[o.path] } });
      if (o.path === '/apis/apiextensions.k8s.io/v1/customresourcedefinitions') return ok({ status: 200, body: { items: options.crds } });
      const crdName = /^\/apis\/apiextensions\.k8s\.io\/v1\/customresourcedefinitions\/(.+)$/.exec(o.path)?.[1];
      if (crdName !== undefined && options.liveCrds?.[crdName]) return ok({ status: 200, body: options.liveCrds[crdName] });
      if (options.lists[o.path]) return ok({ status: 200, body: { items: options.lists[o.path] } });
      if (o.path.startsWith('/api/') || o.path.startsWith('/apis/')) {
        // A group the fake does not serve, or a collection with nothing in it.
        return /\/namespaces\/|clusterrole|\/widgets$/.test(o.path) ? ok({ status: 200, body: { items: [] } }) : { ok: false as const, error: kubeError('notFound', 'not found') };
      }
      return { ok: false as const, error: kubeError('notFound', 'not found') };
    },
  } as unknown as KubeClient;
  return { client, requests };
}

const appLabel = { 'berth.dev/application': 'checkout' };

describe('collecting a backup beyond the built-in kinds', () => {
  it("saves an Application's custom resources, ClusterRoles and ClusterRoleBindings; leaves out a controller's", async () => {
    const { client, requests } = fakeCluster({
      crds: [widgets, clusterThings],
      lists: {
        '/api/v1/namespaces/shop/configmaps': [{ metadata: { name: 'settings', namespace: 'shop', labels: appLabel } } as unknown as KubeObject],
        '/apis/example.com/v1/namespaces/shop/widgets': [
          { metadata: { name: 'w1', namespace: 'shop', labels: appLabel, uid: 'u1', resourceVersion: '5' }, spec: { size: 3 }, status: { ready: true } } as unknown as KubeObject,
          { metadata: { name: 'w1-child', namespace: 'shop', labels: appLabel, ownerReferences: [{ kind: 'Widget', name: 'w1', controller: true }] }, spec: {} } as unknown as KubeObject,
        ],
        '/apis/rbac.authorization.k8s.io/v1/clusterroles': [{ metadata: { name: 'checkout-reader', labels: appLabel }, rules: [] } as unknown as KubeObject],
        '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings': [
          { metadata: { name: 'checkout-reader', labels: appLabel }, roleRef: { kind: 'ClusterRole', name: 'checkout-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'checkout', namespace: 'shop' }] } as unknown as KubeObject,
        ],
      },
    });
    const collected = await collectBackup(client, { selection: { type: 'application', name: 'checkout' }, namespace: 'shop', includeSecrets: false, berthVersion: '0.1.0', now: new Date(0) });
    assert.ok(collected.ok && 'content' in collected.value, JSON.stringify(collected));
    const { content, leftOut } = collected.value as BackupResult;
    assert.deepEqual(content.manifest.objects.map((o) => `${o.file} ${o.kind}/${o.name}`), [
      '01-configmap.yaml ConfigMap/settings',
      '02-clusterrole.yaml ClusterRole/checkout-reader',
      '03-clusterrolebinding.yaml ClusterRoleBinding/checkout-reader',
      '04-widget.yaml Widget/w1',
    ]);
    assert.deepEqual(content.manifest.requiredCrds, [{ name: 'widgets.example.com', group: 'example.com', kind: 'Widget', versions: ['v1'] }]);
    assert.deepEqual([...leftOut], [['Widget: made by its controller', 1]]);
    const widgetText = content.files.find((f) => f.name === '04-widget.yaml')!.text;
    assert.doesNotMatch(widgetText, /uid|resourceVersion|status/, 'saved as a clean manifest');
    assert.ok(requests.includes('GET /apis/example.com/v1/namespaces/shop/widgets ?berth.dev/application=checkout'), 'custom resources listed with the selection');
    assert.ok(requests.includes('GET /apis/rbac.authorization.k8s.io/v1/clusterrolebindings ?berth.dev/application=checkout'), 'cluster-scoped objects only by the label');
    assert.ok(!requests.some((r) => r.includes('clusterthings')), 'cluster-scoped custom kinds are not read');
  });

  it('takes nothing cluster-wide for a namespace backup', async () => {
    const { client, requests } = fakeCluster({
      crds: [widgets],
      lists: {
        '/apis/example.com/v1/namespaces/shop/widgets': [{ metadata: { name: 'w1', namespace: 'shop' }, spec: {} } as unknown as KubeObject],
      },
    });
    // The namespace itself is read with a GET of its own.
    const withNamespace = { ...client, request: async (o: RequestOptions) => (o.path === '/api/v1/namespaces/shop' ? ok({ status: 200, body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } } }) : client.request(o)) } as unknown as KubeClient;
    const collected = await collectBackup(withNamespace, { selection: { type: 'namespace', name: 'shop' }, includeSecrets: false, berthVersion: '0.1.0', now: new Date(0) });
    assert.ok(collected.ok && 'content' in collected.value);
    assert.deepEqual(collected.value.content.manifest.objects.map((o) => `${o.kind}/${o.name}`), ['Namespace/shop', 'Widget/w1']);
    assert.ok(!requests.some((r) => r.includes('clusterrole')), 'no ClusterRole or ClusterRoleBinding was listed');
  });

  it('lists a kind once more whole when its continue token expires between pages, and saves every object once', async () => {
    const { client } = fakeCluster({ crds: [], lists: {} });
    const configMap = (name: string) => ({ metadata: { name, namespace: 'shop' } }) as unknown as KubeObject;
    const asked: string[] = [];
    const paging = {
      ...client,
      request: async (o: RequestOptions) => {
        if (o.path !== '/api/v1/namespaces/shop/configmaps') return client.request(o);
        const token = o.query?.['continue'];
        asked.push(o.query?.['limit'] === undefined ? 'whole' : token === undefined ? 'first page' : `page ${String(token)}`);
        if (o.query?.['limit'] === undefined) return ok({ status: 200, body: { items: [configMap('a'), configMap('b'), configMap('c')] } });
        if (token === undefined) return ok({ status: 200, body: { metadata: { continue: 'next' }, items: [configMap('a')] } });
        return { ok: false as const, error: kubeError('server', 'The provided continue parameter is too old', { status: 410 }) };
      },
    } as unknown as KubeClient;
    const collected = await collectBackup(paging, { selection: { type: 'selector', selector: 'app=a' }, namespace: 'shop', includeSecrets: false, berthVersion: '0.1.0', now: new Date(0) });
    assert.ok(collected.ok && 'content' in collected.value, JSON.stringify(collected));
    assert.deepEqual(asked, ['first page', 'page next', 'whole']);
    assert.deepEqual(collected.value.content.manifest.objects.map((o) => `${o.kind}/${o.name}`), ['ConfigMap/a', 'ConfigMap/b', 'ConfigMap/c']);
  });

  it('notes, rather than fails, when the CRDs cannot be listed', async () => {
    const { client } = fakeCluster({ crds: [], lists: { '/api/v1/namespaces/shop/configmaps': [{ metadata: { name: 'a', namespace: 'shop' } } as unknown as KubeObject] } });
    const forbidden = { ...client, request: async (o: RequestOptions) => (o.path.endsWith('/customresourcedefinitions') ? { ok: false as const, error: kubeError('forbidden', 'cannot list customresourcedefinitions') } : client.request(o)) } as unknown as KubeClient;
    const collected = await collectBackup(forbidden, { selection: { type: 'selector', selector: 'app=a' }, namespace: 'shop', includeSecrets: false, berthVersion: '0.1.0', now: new Date(0) });
    assert.ok(collected.ok && 'content' in collected.value);
    assert.deepEqual(collected.value.content.manifest.notes, ['Custom resources were not backed up: cannot list customresourcedefinitions']);
  });
});

describe('restoring custom resources and cluster-scoped objects', () => {
  const widget = object('example.com/v1', 'Widget', 'w1', 'shop', { spec: {} });
  const required = [{ name: 'widgets.example.com', group: 'example.com', kind: 'Widget', versions: ['v1'] }];
  const backupOf = (objects: KubeObject[]) => {
    const built = buildBackup({ objects, berthVersion: '0.1.0', createdAt: 'x', source: { context: 'c', server: 's' }, selection: 'namespace shop', namespaces: ['shop'], requiredSecrets: [], requiredCrds: required, notes: [] });
    assert.ok(built.ok);
    return { manifest: built.value.manifest, objects };
  };

  it('refuses before applying anything, naming the CRD the target lacks', async () => {
    const { client, requests } = fakeCluster({ crds: [], lists: {} });
    const restored = await restoreBackup(client, backupOf([widget]), { namespace: 'shop-2', dryRun: true, force: false });
    assert.ok(restored.ok && 'refused' in restored.value, JSON.stringify(restored));
    assert.equal(restored.value.refused.kind, 'crds');
    assert.match(restored.value.refused.message, /CustomResourceDefinition widgets\.example\.com \(kind Widget\) is not installed\. Install the CRD first; nothing was restored\./);
    assert.ok(!requests.some((r) => r.startsWith('PATCH')), 'nothing was applied');
  });

  it('refuses when the target CRD does not serve the version the backup is written in', async () => {
    const { client } = fakeCluster({ crds: [], lists: {}, liveCrds: { 'widgets.example.com': { spec: { versions: [{ name: 'v2', served: true }] } } } });
    const restored = await restoreBackup(client, backupOf([widget]), { dryRun: true, force: false });
    assert.ok(restored.ok && 'refused' in restored.value && restored.value.refused.kind === 'crds');
    assert.match(restored.value.refused.message, /does not serve example\.com\/v1/);
  });

  it('keeps cluster-scoped names and moves a ClusterRoleBinding subject of the source namespace only', () => {
    const binding = object('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'checkout-reader', undefined, {
      roleRef: { kind: 'ClusterRole', name: 'checkout-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'checkout', namespace: 'shop' }, { kind: 'ServiceAccount', name: 'ops', namespace: 'ops' }, { kind: 'Group', name: 'admins' }],
    });
    const [moved] = remapNamespace([binding], 'shop', 'shop-2');
    assert.equal(moved!.metadata.name, 'checkout-reader');
    assert.equal(moved!.metadata.namespace, undefined);
    assert.deepEqual(moved!['subjects'], [{ kind: 'ServiceAccount', name: 'checkout', namespace: 'shop-2' }, { kind: 'ServiceAccount', name: 'ops', namespace: 'ops' }, { kind: 'Group', name: 'admins' }]);
  });
});

describe('Ingress hosts on a restore into another namespace', () => {
  const ingress = (namespace: string, name: string, hosts: string[], tls: string[] = []) =>
    object('networking.k8s.io/v1', 'Ingress', name, namespace, { spec: { rules: hosts.map((host) => ({ host })), ...(tls.length > 0 ? { tls: [{ hosts: tls, secretName: 'cert' }] } : {}) } });

  it('names each host a restored Ingress shares with a live Ingress of the source namespace', () => {
    const restored = [ingress('shop-2', 'web', ['shop.example.com', 'api.example.com']), object('v1', 'ConfigMap', 'a', 'shop-2')];
    const live = [ingress('shop', 'web', ['shop.example.com']), ingress('shop', 'api', [], ['api.example.com']), { ...ingress('shop', 'old', ['old.example.com']), metadata: { name: 'old', namespace: 'shop', deletionTimestamp: 't' } } as KubeObject];
    assert.deepEqual(sharedIngressHosts(restored, live), [
      { ingress: 'shop-2/web', host: 'shop.example.com', liveIngress: 'shop/web' },
      { ingress: 'shop-2/web', host: 'api.example.com', liveIngress: 'shop/api' },
    ]);
    assert.deepEqual(sharedIngressHosts([ingress('shop-2', 'x', ['old.example.com'])], live), [], 'an Ingress being deleted no longer claims its host');
  });

  it('rewrites hosts in rules and TLS, says which, and which rewrites matched nothing', () => {
    const original = ingress('shop', 'web', ['shop.example.com', 'keep.example.com'], ['shop.example.com']);
    const { objects, rewritten, unused } = rewriteIngressHosts([original], new Map([['shop.example.com', 'shop-2.example.com'], ['none.example.com', 'x.example.com']]));
    assert.deepEqual(objects[0]!['spec'], { rules: [{ host: 'shop-2.example.com' }, { host: 'keep.example.com' }], tls: [{ hosts: ['shop-2.example.com'], secretName: 'cert' }] });
    assert.deepEqual(rewritten, ['Ingress shop/web: shop.example.com → shop-2.example.com']);
    assert.deepEqual(unused, ['none.example.com']);
    assert.deepEqual((original['spec'] as { rules: { host: string }[] }).rules[0], { host: 'shop.example.com' }, 'the input is not changed');
  });

  it('parses FROM=TO and refuses what is not two hosts', () => {
    assert.deepEqual(parseHostRewrite('Shop.example.com=*.shop-2.example.com'), { from: 'shop.example.com', to: '*.shop-2.example.com' });
    for (const bad of ['shop.example.com', '=x.com', 'a.com=', 'a.com=b/c', 'a b=c']) assert.ok('error' in parseHostRewrite(bad), bad);
  });
});
