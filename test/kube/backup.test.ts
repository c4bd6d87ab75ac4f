// Backup and restore without a cluster: what is left out (controller-made objects), the clean
// manifests, the files in dependency order with their checksums, Secrets apart with mode 0600 or
// named as required, a tampered backup refused naming its files, the namespace moved, removed API
// versions converted or refused, and a restore refused when required Secrets are missing.
import assert from 'node:assert/strict';
import { readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  buildBackup,
  cleanForBackup,
  convertRemovedApis,
  leftOutBecause,
  parseSelection,
  readBackupDir,
  remapNamespace,
  restoreBackup,
  withNamespaces,
  writeBackupFiles,
  type KubeClient,
  type KubeObject,
  type RequestOptions,
} from '../../kube';
import { ok } from '../../platform/result';
import { ApiLifecycleTable } from '../../platform/upgrade/apiLifecycle';
import { kubeError } from '../../kube/errors';
import { tempDir } from '../helpers/tempDir';
import { repoRoot } from '../helpers/repo';

const table = (() => {
  const read = ApiLifecycleTable.read((path) => readFileSync(join(repoRoot(), 'schemas', path), 'utf8'));
  assert.ok(read.ok);
  return read.value;
})();

function object(kind: string, name: string, extra: Record<string, unknown> = {}, apiVersion = 'v1'): KubeObject {
  return { apiVersion, kind, metadata: { name, namespace: 'shop' }, ...extra } as KubeObject;
}

function input(objects: KubeObject[], requiredSecrets: { namespace: string; name: string }[] = []) {
  return { objects, berthVersion: '0.1.0', createdAt: '2026-01-01T00:00:00.000Z', source: { context: 'c', server: 'https://x', kubernetesVersion: 'v1.36.0' }, selection: 'namespace shop', namespaces: ['shop'], requiredSecrets, notes: [] };
}

describe('backup selection', () => {
  it('leaves out what a controller or the cluster re-creates, keeps the rest', () => {
    const owned = { ...object('ReplicaSet', 'web-5d9', {}, 'apps/v1'), metadata: { name: 'web-5d9', ownerReferences: [{ kind: 'Deployment', name: 'web', controller: true }] } } as KubeObject;
    assert.equal(leftOutBecause(owned), 'made by its controller');
    assert.equal(leftOutBecause(object('ServiceAccount', 'default')), "the namespace's own service account");
    assert.equal(leftOutBecause(object('ConfigMap', 'kube-root-ca.crt')), "the cluster's CA bundle");
    assert.equal(leftOutBecause(object('Secret', 'tok', { type: 'kubernetes.io/service-account-token' })), 'a service account token');
    const referenced = { ...object('ConfigMap', 'settings'), metadata: { name: 'settings', ownerReferences: [{ kind: 'Thing', name: 'x' }] } } as KubeObject;
    assert.equal(leftOutBecause(referenced), undefined, 'an owner that is not its controller does not re-create it');
    assert.equal(leftOutBecause(object('ServiceAccount', 'builder')), undefined);
  });

  it('cleans objects: server fields, cluster IPs, node ports, bound volumes and owner references removed', () => {
    const service = cleanForBackup({
      kind: 'Service',
      apiVersion: 'v1',
      metadata: { name: 'web', namespace: 'shop', uid: 'u', resourceVersion: '9', creationTimestamp: 't', managedFields: [], ownerReferences: [{ kind: 'X', name: 'y' }] },
      spec: { type: 'NodePort', clusterIP: '10.0.0.7', clusterIPs: ['10.0.0.7'], ports: [{ port: 80, nodePort: 30080 }] },
      status: { loadBalancer: {} },
    } as KubeObject);
    assert.deepEqual(service, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { type: 'NodePort', ports: [{ port: 80 }] } });
    assert.deepEqual(Object.keys(service).slice(0, 2), ['apiVersion', 'kind']);
    const headless = cleanForBackup(object('Service', 'db', { spec: { clusterIP: 'None' } }));
    assert.equal((headless['spec'] as { clusterIP: string }).clusterIP, 'None', 'a headless Service stays headless');
    const claim = cleanForBackup(object('PersistentVolumeClaim', 'data', { spec: { volumeName: 'pv-1', resources: {} } }));
    assert.deepEqual(claim['spec'], { resources: {} });
  });

  it('parses what to back up and refuses the rest with a usage message', () => {
    assert.deepEqual(parseSelection('checkout', undefined), { selection: { type: 'application', name: 'checkout' } });
    assert.deepEqual(parseSelection('namespace/shop', undefined), { selection: { type: 'namespace', name: 'shop' } });
    assert.deepEqual(parseSelection('ns/shop', undefined), { selection: { type: 'namespace', name: 'shop' } });
    assert.deepEqual(parseSelection(undefined, 'app=web'), { selection: { type: 'selector', selector: 'app=web' } });
    assert.match((parseSelection('deploy/web', undefined) as { error: string }).error, /only namespace\/NAME/);
    assert.match((parseSelection('Checkout..', undefined) as { error: string }).error, /not an Application name/);
    assert.match((parseSelection('namespace/../x', undefined) as { error: string }).error, /not a namespace name/);
    assert.match((parseSelection('web', 'app=web') as { error: string }).error, /not both/);
    assert.match((parseSelection(undefined, undefined) as { error: string }).error, /name what to back up/);
  });
});

describe('backup files', () => {
  it('writes one file per kind in dependency order, Secrets at mode 0600, and checksums in backup.json', (t) => {
    const built = buildBackup(input([object('Deployment', 'web', { spec: {} }, 'apps/v1'), object('Service', 'web'), object('Secret', 'db', { data: { p: 'eA==' } }), object('ConfigMap', 'b'), object('ConfigMap', 'a')]));
    assert.ok(built.ok);
    const { manifest, files } = built.value;
    assert.deepEqual(files.map((f) => f.name), ['01-secret.yaml', '02-configmap.yaml', '03-service.yaml', '04-deployment.yaml', 'backup.json']);
    assert.deepEqual(manifest.objects.filter((o) => o.kind === 'ConfigMap').map((o) => o.name), ['a', 'b'], 'sorted within a file');
    assert.equal(manifest.files[0]!.secret, true);
    const dir = join(tempDir(t), 'backup');
    assert.deepEqual(writeBackupFiles(dir, files), { ok: true });
    assert.equal(statSync(join(dir, '01-secret.yaml')).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, '02-configmap.yaml')).mode & 0o777, 0o644);
    const again = writeBackupFiles(dir, files);
    assert.ok(!again.ok && /already holds a backup/.test(again.error), 'never mixes two backups in one directory');
    const read = readBackupDir(dir);
    assert.ok(read.ok, read.ok ? '' : read.error.message);
    assert.deepEqual(read.value.objects.map((o) => `${o.kind}/${o.metadata.name}`), ['Secret/db', 'ConfigMap/a', 'ConfigMap/b', 'Service/web', 'Deployment/web']);
  });

  it('records Secrets it did not save as required, and says claims carry no data', () => {
    const built = buildBackup(input([object('PersistentVolumeClaim', 'data', { spec: {} })], [{ namespace: 'shop', name: 'db' }]));
    assert.ok(built.ok);
    assert.deepEqual(built.value.manifest.requiredSecrets, [{ namespace: 'shop', name: 'db' }]);
    assert.match(built.value.manifest.persistentVolumeClaims!.note, /data in their volumes is not backed up/);
    assert.deepEqual(built.value.manifest.persistentVolumeClaims!.claims, [{ namespace: 'shop', name: 'data' }]);
    assert.ok(!built.value.files.some((f) => f.name.includes('secret')));
  });

  it('refuses a kind that cannot be a file name', () => {
    const built = buildBackup(input([object('../../x', 'a')]));
    assert.ok(!built.ok && /cannot name a file/.test(built.error));
  });

  it('refuses an edited, a corrupted or an incomplete backup, naming the files', (t) => {
    const built = buildBackup(input([object('ConfigMap', 'a', { data: { k: 'v' } }), object('Service', 'web')]));
    assert.ok(built.ok);
    const dir = join(tempDir(t), 'b');
    writeBackupFiles(dir, built.value.files);
    const configMaps = join(dir, '01-configmap.yaml');
    writeFileSync(configMaps, readFileSync(configMaps, 'utf8').replace('k: v', 'k: w'));
    const edited = readBackupDir(dir);
    assert.ok(!edited.ok);
    assert.deepEqual(edited.error.files, ['01-configmap.yaml']);
    assert.match(edited.error.message, /changed since it was written.*01-configmap\.yaml/);
    unlinkSync(join(dir, '02-service.yaml'));
    const incomplete = readBackupDir(dir);
    assert.ok(!incomplete.ok);
    assert.deepEqual(incomplete.error.files, ['01-configmap.yaml', '02-service.yaml']);
    assert.match(incomplete.error.message, /missing: 02-service\.yaml/);

    const manifest = join(dir, 'backup.json');
    const data = JSON.parse(readFileSync(manifest, 'utf8')) as { files: { name: string }[] };
    data.files[0]!.name = '../../etc/passwd';
    writeFileSync(manifest, JSON.stringify(data));
    const escaping = readBackupDir(dir);
    assert.ok(!escaping.ok);
    assert.match(escaping.error.message, /names a file "\.\.\/\.\.\/etc\/passwd" that no backup writes/);
    writeFileSync(manifest, 'not json');
    const broken = readBackupDir(dir);
    assert.ok(!broken.ok);
    assert.deepEqual(broken.error.files, ['backup.json']);
  });
});

describe('restore preparation', () => {
  it('moves objects, the Namespace object and RoleBinding subjects to the new namespace, and adds the namespaces needed', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop' } } } as KubeObject;
    const binding = object('RoleBinding', 'b', { subjects: [{ kind: 'ServiceAccount', name: 'sa', namespace: 'shop' }, { kind: 'ServiceAccount', name: 'x', namespace: 'other' }] }, 'rbac.authorization.k8s.io/v1');
    const moved = remapNamespace([ns, object('ConfigMap', 'a'), binding], 'shop', 'shop-2');
    assert.equal(moved[0]!.metadata.name, 'shop-2');
    assert.equal(moved[0]!.metadata.labels!['kubernetes.io/metadata.name'], 'shop-2');
    assert.equal(moved[1]!.metadata.namespace, 'shop-2');
    assert.deepEqual((moved[2]!['subjects'] as { namespace: string }[]).map((s) => s.namespace), ['shop-2', 'other']);
    assert.equal(ns.metadata.name, 'shop', 'the input is not changed');
    assert.deepEqual(withNamespaces([object('ConfigMap', 'a')], ['shop']).map((o) => `${o.kind}/${o.metadata.name}`), ['Namespace/shop', 'ConfigMap/a']);
    assert.equal(withNamespaces(moved, ['shop-2']).filter((o) => o.kind === 'Namespace').length, 1, 'a Namespace the backup holds is not added twice');
  });

  it('converts removed API versions whose replacement takes the same fields, and refuses the others naming the replacement', () => {
    const cron = object('CronJob', 'nightly', { spec: {} }, 'batch/v1beta1');
    const hpa = object('HorizontalPodAutoscaler', 'web', { spec: {} }, 'autoscaling/v2beta2');
    const at124 = convertRemovedApis([cron], table, '1.24');
    assert.deepEqual(at124.converted, [], 'still served at 1.24');
    const at136 = convertRemovedApis([cron, hpa, object('ConfigMap', 'a')], table, '1.36');
    assert.deepEqual(at136.objects.map((o) => o.apiVersion), ['batch/v1', 'v1']);
    assert.deepEqual(at136.converted, ['CronJob shop/nightly: batch/v1beta1 → batch/v1']);
    assert.equal(at136.refused.length, 1);
    assert.match(at136.refused[0]!.message, /rewrite it as autoscaling\/v2 HorizontalPodAutoscaler: targetAverageUtilization/);
  });
});

/** A client answering /version and GETs of Secrets (none exist), for what restore checks before applying. */
function clientWithoutSecrets(gitVersion: string): { client: KubeClient; requests: string[] } {
  const requests: string[] = [];
  const client = {
    context: 'fake',
    server: 'https://fake',
    namespace: 'default',
    request: async (options: RequestOptions) => {
      requests.push(`${options.method} ${options.path}`);
      if (options.path === '/version') return ok({ status: 200, body: { gitVersion } });
      return { ok: false as const, error: kubeError('notFound', 'not found') };
    },
  } as unknown as KubeClient;
  return { client, requests };
}

describe('restore refusals', () => {
  it('refuses before applying anything when a Secret the backup requires is missing', async () => {
    const built = buildBackup(input([object('ConfigMap', 'a')], [{ namespace: 'shop', name: 'db' }]));
    assert.ok(built.ok);
    const { client, requests } = clientWithoutSecrets('v1.36.0');
    const restored = await restoreBackup(client, { manifest: built.value.manifest, objects: [object('ConfigMap', 'a')] }, { namespace: 'shop-2', dryRun: false, force: false, table });
    assert.ok(restored.ok && 'refused' in restored.value);
    assert.equal(restored.value.refused.kind, 'secrets');
    assert.match(restored.value.refused.message, /shop-2\/db/);
    assert.deepEqual(requests.filter((r) => r.startsWith('PATCH')), [], 'nothing was applied');
  });

  it('refuses objects the target version no longer serves, naming the replacement', async () => {
    const hpa = object('HorizontalPodAutoscaler', 'web', { spec: {} }, 'autoscaling/v2beta2');
    const built = buildBackup(input([hpa]));
    assert.ok(built.ok);
    const { client } = clientWithoutSecrets('v1.36.3');
    const restored = await restoreBackup(client, { manifest: built.value.manifest, objects: [hpa] }, { dryRun: false, force: false, table });
    assert.ok(restored.ok && 'refused' in restored.value && restored.value.refused.kind === 'versions');
    assert.match(restored.value.refused.refused[0]!.message, /autoscaling\/v2 HorizontalPodAutoscaler/);
  });

  it('refuses to move a backup of several namespaces into one', async () => {
    const built = buildBackup({ ...input([object('ConfigMap', 'a')]), namespaces: ['a', 'b'] });
    assert.ok(built.ok);
    const { client } = clientWithoutSecrets('v1.36.0');
    const restored = await restoreBackup(client, { manifest: built.value.manifest, objects: [] }, { namespace: 'c', dryRun: false, force: false });
    assert.ok(restored.ok && 'refused' in restored.value && restored.value.refused.kind === 'namespaces');
    assert.match(restored.value.refused.message, /2 namespaces \(a, b\)/);
  });
});
