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
