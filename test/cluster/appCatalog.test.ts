// The App Catalog's bundled charts installed for real on the local cluster, through kube/helm as
// Berth: Install from Catalog… runs it: all four in a namespace that enforces Pod Security
// "restricted"; the pods of web-app, cache and database run and the batch Job succeeds; the
// claims of the cache's persistence and the database's volumeClaimTemplates bind; upgrading the
// database keeps its generated password; helm list agrees; uninstalling leaves no release.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { catalogRoot } from '../../installation/catalog';
import { findLocalTool, missingToolMessage } from '../../installation/tools/localTools';
import { helmInstallOrUpgrade, helmListReleases, helmUninstall, type HelmTarget } from '../../kube';
import { kubernetesClient, useLocalCluster, waitForObjects, type k8s } from '../helpers/cluster';
import { repoRoot } from '../helpers/repo';

const CHARTS: Record<string, readonly string[]> = {
  'web-app': [],
  cache: ['persistence.enabled=true'],
  database: [],
  'batch-job': [],
};

describe('the App Catalog charts on the local cluster', () => {
  it('install under Pod Security "restricted", run, keep the database password on upgrade, and uninstall', async (t) => {
    const { kubeconfigPath, kubeConfig, namespace: base } = await useLocalCluster(t);
    const helm = findLocalTool('helm');
    assert.ok(helm, missingToolMessage('helm'));
    const target: HelmTarget = { helm, kubeconfig: kubeconfigPath, context: kubeConfig.getCurrentContext() };
    const client = await kubernetesClient();
    const core = kubeConfig.makeApiClient(client.CoreV1Api);

    // A namespace that enforces "restricted": the server refuses any pod that does not meet it.
    const namespace = `${base}-catalog`;
    await core.createNamespace({ body: { metadata: { name: namespace, labels: { 'berth.dev/test': 'true', 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' } } } });
    t.after(() => core.deleteNamespace({ name: namespace }).catch(() => undefined));
    // kwok has no storage provisioner: one volume per claim, for the claims to bind.
    const volumes = ['cache', 'database'].map((c) => `${namespace}-${c}`);
    for (const name of volumes) {
      await core.createPersistentVolume({ body: { metadata: { name, labels: { 'berth.dev/test': 'true' } }, spec: { capacity: { storage: '8Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', hostPath: { path: `/tmp/${name}` } } } });
      t.after(() => core.deletePersistentVolume({ name }).catch(() => undefined));
    }

    for (const [chart, set] of Object.entries(CHARTS)) {
      const installed = await helmInstallOrUpgrade(target, { release: chart, namespace, chart: join(catalogRoot(repoRoot()), chart), set });
      assert.ok(installed.ok, installed.ok ? '' : installed.error.message);
      assert.equal(installed.value.status, 'deployed');
    }

    const phaseOf = (pods: k8s.V1Pod[], release: string) => pods.filter((p) => p.metadata?.labels?.['app.kubernetes.io/instance'] === release).map((p) => p.status?.phase);
    await waitForObjects<k8s.V1Pod>(
      kubeConfig,
      `/api/v1/namespaces/${namespace}/pods`,
      {},
      (pods) =>
        phaseOf(pods, 'web-app').filter((p) => p === 'Running').length === 2 &&
        phaseOf(pods, 'cache').includes('Running') &&
        phaseOf(pods, 'database').includes('Running') &&
        phaseOf(pods, 'batch-job').includes('Succeeded'),
      'web-app ×2, cache and database Running, batch-job Succeeded',
      120_000,
      (p) => `${p.metadata?.name}: ${p.status?.phase}`,
    );
    const claims = await core.listNamespacedPersistentVolumeClaim({ namespace });
    assert.deepEqual(claims.items.map((c) => [c.metadata?.name, c.status?.phase]).sort(), [['cache-data', 'Bound'], ['data-database-0', 'Bound']]);

    const password = async () => (await core.readNamespacedSecret({ name: 'database-auth', namespace })).data?.password;
    const before = await password();
    assert.ok(before && Buffer.from(before, 'base64').toString().length === 32, 'a generated 32-character password');
    const upgraded = await helmInstallOrUpgrade(target, { release: 'database', namespace, chart: join(catalogRoot(repoRoot()), 'database') });
    assert.ok(upgraded.ok && upgraded.value.revision === 2, upgraded.ok ? `revision ${upgraded.value.revision}` : upgraded.error.message);
    assert.equal(await password(), before, 'the upgrade kept the password');

    const listed = await helmListReleases(target, namespace);
    assert.ok(listed.ok, listed.ok ? '' : listed.error.message);
    assert.deepEqual(listed.value.map((r) => [r.name, r.chart, r.status]).sort(), [
      ['batch-job', 'batch-job-0.1.0', 'deployed'],
      ['cache', 'cache-0.1.0', 'deployed'],
      ['database', 'database-0.1.0', 'deployed'],
      ['web-app', 'web-app-0.1.0', 'deployed'],
    ]);
    for (const chart of Object.keys(CHARTS)) {
      const removed = await helmUninstall(target, namespace, chart);
      assert.ok(removed.ok, removed.ok ? '' : removed.error.message);
    }
    const after = await helmListReleases(target, namespace);
    assert.deepEqual(after.ok ? after.value : after.error.message, []);
  });
});
