// `berth backup` and `berth restore` against the real local control plane: the sample checkout
// Application deployed with `berth deploy`, backed up, its namespace deleted, restored into a new
// namespace; the same objects come back and their pods run. A second restore skips everything,
// a changed live object is a conflict left alone, and a tampered backup is refused.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readBackupDir, remapNamespace } from '../../kube';
import { berth } from '../helpers/cli';
import { kubernetesClient, useLocalCluster, waitForObjects, type k8s } from '../helpers/cluster';
import { repoRoot } from '../helpers/repo';

describe('berth backup and restore of an Application', () => {
  it('restores the checkout Application into a new namespace after its own was deleted; a tampered backup is refused', async (t) => {
    const { kubeconfigPath, kubeConfig, namespace } = await useLocalCluster(t);
    const restoredNamespace = `${namespace}-restored`;
    const untouchedNamespace = `${namespace}-tampered`;
    const k8sClient = await kubernetesClient();
    const core = kubeConfig.makeApiClient(k8sClient.CoreV1Api);
    const apps = kubeConfig.makeApiClient(k8sClient.AppsV1Api);
    t.after(async () => {
      await core.deleteNamespace({ name: restoredNamespace }).catch(() => undefined);
      await core.deleteNamespace({ name: untouchedNamespace }).catch(() => undefined);
    });
    const env = { ...process.env, KUBECONFIG: kubeconfigPath };
    const sample = join(repoRoot(), 'samples/apps/checkout.yaml');
    const parent = mkdtempSync(join(tmpdir(), 'berth-backup-'));
    t.after(() => rmSync(parent, { recursive: true, force: true }));
    const dir = join(parent, 'checkout');

    const deployed = berth(['deploy', sample, '--namespace', namespace], { env });
    assert.equal(deployed.status, 0, `${deployed.stdout}\n${deployed.stderr}`);
    await waitForObjects<k8s.V1Pod>(kubeConfig, `/api/v1/namespaces/${namespace}/pods`, {}, (pods) => pods.filter((p) => p.status?.phase === 'Running').length === 4, 'four Running checkout pods', 90_000);

    const backup = berth(['backup', 'checkout', '--namespace', namespace, '--to', dir], { env });
    assert.equal(backup.status, 0, `${backup.stdout}\n${backup.stderr}`);
    assert.match(backup.stdout, /^not saved: 2 ReplicaSet: made by its controller$/m);
    assert.match(backup.stdout, /^not saved: 4 Pod: made by its controller$/m);
    const saved = readBackupDir(dir);
    assert.ok(saved.ok, saved.ok ? '' : saved.error.message);
    assert.deepEqual(saved.value.objects.map((o) => `${o.kind}/${o.metadata.name}`), ['Service/checkout', 'Deployment/checkout-blue', 'Deployment/checkout-green']);
    assert.equal(saved.value.manifest.source.context, 'kwok-local');
    assert.match(saved.value.manifest.source.kubernetesVersion ?? '', /^v1\.\d+/);

    await core.deleteNamespace({ name: namespace });
    const deleted = await core.readNamespace({ name: namespace }).then((ns) => ns.metadata?.deletionTimestamp !== undefined, () => true);
    assert.ok(deleted, 'the source namespace is being deleted or gone');

    const restore = berth(['restore', dir, '--namespace', restoredNamespace], { env });
    assert.equal(restore.status, 0, `${restore.stdout}\n${restore.stderr}`);
    assert.match(restore.stdout, new RegExp(`^namespace/${restoredNamespace}: created$`, 'm'));
    assert.match(restore.stdout, new RegExp(`^deployment\\.apps/checkout-blue -n ${restoredNamespace}: created$`, 'm'));
    assert.match(restore.stdout, /^4 created$/m);
    await waitForObjects<k8s.V1Pod>(kubeConfig, `/api/v1/namespaces/${restoredNamespace}/pods`, {}, (pods) => pods.filter((p) => p.status?.phase === 'Running').length === 4, 'four Running restored pods', 90_000);

    // The same objects: a backup of the restored namespace equals the first, moved there.
    const again = join(parent, 'restored');
    const second = berth(['backup', 'checkout', '--namespace', restoredNamespace, '--to', again], { env });
    assert.equal(second.status, 0, `${second.stdout}\n${second.stderr}`);
    const restoredObjects = readBackupDir(again);
    assert.ok(restoredObjects.ok, restoredObjects.ok ? '' : restoredObjects.error.message);
    assert.deepEqual(restoredObjects.value.objects, remapNamespace(saved.value.objects, namespace, restoredNamespace));
    const blue = await apps.readNamespacedDeployment({ name: 'checkout-blue', namespace: restoredNamespace });
    assert.equal(blue.spec?.replicas, 2);
    assert.equal(blue.spec?.template.spec?.containers[0]?.image, 'traefik/whoami:v1.10');
    assert.equal(blue.metadata?.labels?.['berth.dev/application'], 'checkout');
    const service = await core.readNamespacedService({ name: 'checkout', namespace: restoredNamespace });
    assert.equal(service.spec?.type, 'NodePort');
    assert.equal(service.spec?.selector?.['berth.dev/color'], 'blue');

    const unchanged = berth(['restore', dir, '--namespace', restoredNamespace], { env });
    assert.equal(unchanged.status, 0, `${unchanged.stdout}\n${unchanged.stderr}`);
    assert.match(unchanged.stdout, /^4 unchanged$/m);

    await apps.patchNamespacedDeployment({ name: 'checkout-green', namespace: restoredNamespace, body: [{ op: 'replace', path: '/spec/replicas', value: 1 }] });
    const conflict = berth(['restore', dir, '--namespace', restoredNamespace], { env });
    assert.equal(conflict.status, 1, `${conflict.stdout}\n${conflict.stderr}`);
    assert.match(conflict.stdout, new RegExp(`^deployment\\.apps/checkout-green -n ${restoredNamespace}: conflict: exists and differs from the backup`, 'm'));
    assert.equal((await apps.readNamespacedDeployment({ name: 'checkout-green', namespace: restoredNamespace })).spec?.replicas, 1, 'a conflict is never overwritten without --force');

    const deployments = join(dir, '02-deployment.yaml');
    writeFileSync(deployments, readFileSync(deployments, 'utf8').replace('replicas: 2', 'replicas: 20'));
    const tampered = berth(['restore', dir, '--namespace', untouchedNamespace], { env });
    assert.equal(tampered.status, 1, `${tampered.stdout}\n${tampered.stderr}`);
    assert.match(tampered.stderr, /corrupted or was edited; nothing was restored\. Files changed since it was written \(checksum differs\): 02-deployment\.yaml/);
    await assert.rejects(core.readNamespace({ name: untouchedNamespace }), 'nothing of a tampered backup reaches the cluster');
  });
});

describe('berth backup and restore of a selection with custom resources and cluster-wide RBAC', () => {
  it('saves a CR and its labelled ClusterRole and binding; restores them into another namespace after the source is gone; refuses once the CRD is gone', async (t) => {
    const { kubeconfigPath, kubeConfig, namespace } = await useLocalCluster(t);
    const k8sClient = await kubernetesClient();
    const core = kubeConfig.makeApiClient(k8sClient.CoreV1Api);
    const objects = k8sClient.KubernetesObjectApi.makeApiClient(kubeConfig);
    const env = { ...process.env, KUBECONFIG: kubeconfigPath };
    const unique = `${process.pid}-${Math.random().toString(36).slice(2, 7)}`;
    const group = `b${unique}.backup.berth.test`;
    const crdName = `gizmos.${group}`;
    const label = `berth-backup-test=${unique}`;
    const labels = { 'berth-backup-test': unique };
    const clusterName = `berth-backup-${unique}`;
    const host = `web-${unique}.example.test`;
    const restoredNamespace = `${namespace}-moved`;
    const refusedNamespace = `${namespace}-refused`;
    const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: crdName } };
    const clusterRole = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: clusterName, labels }, rules: [{ apiGroups: [group], resources: ['gizmos'], verbs: ['get', 'list'] }] };
    const binding = (subjectNamespace: string) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: clusterName, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterName },
      subjects: [{ kind: 'ServiceAccount', name: 'runner', namespace: subjectNamespace }],
    });
    t.after(async () => {
      for (const o of [binding(namespace), clusterRole, crd]) await objects.delete(o).catch(() => undefined);
      for (const name of [restoredNamespace, refusedNamespace]) await core.deleteNamespace({ name }).catch(() => undefined);
    });
    const parent = mkdtempSync(join(tmpdir(), 'berth-backup-cr-'));
    t.after(() => rmSync(parent, { recursive: true, force: true }));
    const dir = join(parent, 'gizmos');

    await objects.create({
      ...crd,
      spec: {
        group,
        scope: 'Namespaced',
        names: { kind: 'Gizmo', plural: 'gizmos', singular: 'gizmo', listKind: 'GizmoList' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }],
      },
    } as k8s.KubernetesObject);
    await waitForObjects<k8s.V1CustomResourceDefinition>(kubeConfig, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { fieldSelector: `metadata.name=${crdName}` }, (items) => items.some((c) => c.status?.conditions?.some((x) => x.type === 'Established' && x.status === 'True')), `CRD ${crdName} established`);

    const gizmo = await objects.create({ apiVersion: `${group}/v1`, kind: 'Gizmo', metadata: { name: 'g1', namespace, labels }, spec: { size: 3 } } as k8s.KubernetesObject);
    // Made by a controller (it names g1 as its controller): re-created by it, so never saved.
    await objects.create({ apiVersion: `${group}/v1`, kind: 'Gizmo', metadata: { name: 'g1-part', namespace, labels, ownerReferences: [{ apiVersion: `${group}/v1`, kind: 'Gizmo', name: 'g1', uid: gizmo.metadata!.uid!, controller: true }] }, spec: { size: 1 } } as k8s.KubernetesObject);
    await objects.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'runner', namespace, labels } });
    await objects.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace, labels }, data: { mode: 'fast' } } as k8s.KubernetesObject);
    await objects.create({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace, labels }, spec: { rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } } as k8s.KubernetesObject);
    await objects.create(clusterRole as k8s.KubernetesObject);
    await objects.create(binding(namespace) as k8s.KubernetesObject);

    const backup = berth(['backup', '-l', label, '--namespace', namespace, '--to', dir], { env });
    assert.equal(backup.status, 0, `${backup.stdout}\n${backup.stderr}`);
    assert.match(backup.stdout, /^not saved: 1 Gizmo: made by its controller$/m);
    assert.match(backup.stdout, new RegExp(`^CRDs required on the target \\(not saved\\): ${crdName.replace(/\./g, '\\.')}$`, 'm'));
    const saved = readBackupDir(dir);
    assert.ok(saved.ok, saved.ok ? '' : saved.error.message);
    assert.deepEqual(saved.value.objects.map((o) => `${o.kind}/${o.metadata.name}`), ['ServiceAccount/runner', 'ConfigMap/settings', `ClusterRole/${clusterName}`, `ClusterRoleBinding/${clusterName}`, 'Ingress/web', 'Gizmo/g1']);
    assert.deepEqual(saved.value.manifest.files.map((f) => f.name), ['01-serviceaccount.yaml', '02-configmap.yaml', '03-clusterrole.yaml', '04-clusterrolebinding.yaml', '05-ingress.yaml', '06-gizmo.yaml']);
    assert.deepEqual(saved.value.manifest.requiredCrds, [{ name: crdName, group, kind: 'Gizmo', versions: ['v1'] }]);

    // While the source namespace still serves the Ingress's host, a restore elsewhere says so.
    const preview = berth(['restore', dir, '--namespace', restoredNamespace, '--dry-run'], { env });
    assert.match(preview.stderr, new RegExp(`^warning: Ingress ${restoredNamespace}/web keeps host ${host.replace(/\./g, '\\.')}, which Ingress ${namespace}/web still serves`, 'm'));
    assert.match(preview.stderr, new RegExp(`^hint: --rewrite-host ${host.replace(/\./g, '\\.')}=NEW gives the restored Ingress another host$`, 'm'));
    assert.match(preview.stdout, new RegExp(`^clusterrolebinding\\.rbac\\.authorization\\.k8s\\.io/${clusterName}: conflict: exists and differs from the backup; left as it is \\(--force overwrites it\\); it is cluster-wide, so this is the one namespace ${namespace} uses`, 'm'), 'the live binding names the source namespace');
    const rewritten = berth(['restore', dir, '--namespace', restoredNamespace, '--dry-run', '--rewrite-host', `${host}=moved-${host}`], { env });
    assert.match(rewritten.stdout, new RegExp(`^host rewritten: Ingress ${restoredNamespace}/web: ${host.replace(/\./g, '\\.')} → moved-`, 'm'));
    assert.doesNotMatch(rewritten.stderr, /keeps host/);
    await assert.rejects(core.readNamespace({ name: restoredNamespace }), 'a dry run creates nothing');

    // The source goes: its namespace (with the CRs) and its cluster-wide RBAC.
    await core.deleteNamespace({ name: namespace });
    await objects.delete(binding(namespace));
    await objects.delete(clusterRole);

    const restore = berth(['restore', dir, '--namespace', restoredNamespace], { env });
    assert.equal(restore.status, 0, `${restore.stdout}\n${restore.stderr}`);
    assert.match(restore.stdout, new RegExp(`^gizmo\\.${group.replace(/\./g, '\\.')}/g1 -n ${restoredNamespace}: created$`, 'm'));
    assert.match(restore.stdout, new RegExp(`^clusterrolebinding\\.rbac\\.authorization\\.k8s\\.io/${clusterName}: created$`, 'm'));
    assert.match(restore.stdout, /^7 created$/m);
    assert.doesNotMatch(restore.stderr, /keeps host/, 'the source namespace is being deleted: nothing to warn about');
    const restoredGizmo = await objects.read({ apiVersion: `${group}/v1`, kind: 'Gizmo', metadata: { name: 'g1', namespace: restoredNamespace } });
    assert.deepEqual((restoredGizmo as k8s.KubernetesObject & { spec?: unknown }).spec, { size: 3 });
    assert.equal(restoredGizmo.metadata?.labels?.['berth-backup-test'], unique);
    const restoredBinding = (await objects.read({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: clusterName } })) as k8s.V1ClusterRoleBinding;
    assert.deepEqual(restoredBinding.subjects?.map((s) => `${s.kind} ${s.namespace}/${s.name}`), [`ServiceAccount ${restoredNamespace}/runner`], "the binding's subject follows the namespace");
    assert.equal((await objects.read({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: clusterName } })).metadata?.name, clusterName);

    // Without the CRD on the target, the restore is refused up front, naming it.
    const { metadata } = await objects.read(crd);
    await objects.delete(crd);
    await waitForObjects(kubeConfig, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { fieldSelector: `metadata.name=${crdName}`, resourceVersion: metadata!.resourceVersion! }, (items) => items.length === 0, `CRD ${crdName} deleted`);
    const refused = berth(['restore', dir, '--namespace', refusedNamespace, '--dry-run'], { env });
    assert.equal(refused.status, 1, `${refused.stdout}\n${refused.stderr}`);
    assert.match(refused.stderr, new RegExp(`^missing: CustomResourceDefinition ${crdName.replace(/\./g, '\\.')} \\(kind Gizmo\\) is not installed$`, 'm'));
    assert.match(refused.stderr, /Install the CRD first; nothing was restored\./);
  });
});
