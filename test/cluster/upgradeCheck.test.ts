// `berth upgrade-check` against the local control plane (Kubernetes 1.36). It serves none of the
// removed API versions any more, so what a live cluster can still show is history: a Helm
// release whose stored manifest uses them, and objects whose last-applied-configuration names
// them (as objects applied before an earlier upgrade keep it).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { berth } from '../helpers/cli';
import { useLocalCluster } from '../helpers/cluster';
import { client, must } from '../helpers/kubeClient';

interface Finding {
  file?: string;
  object?: { apiVersion: string; kind: string; namespace?: string; name?: string };
  source: string;
  severity: string;
  code: string;
  release?: { namespace: string; name: string; revision: number; chart?: string };
  replacement?: { apiVersion: string; kind: string } | null;
  message: string;
}

const cronJob = (name: string, appliedAs: string) => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: {
    name,
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ apiVersion: appliedAs, kind: 'CronJob', metadata: { name } }) },
  },
  spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'job', image: 'busybox:1.36' }] } } } } },
});

describe('upgrade-check', () => {
  it('names the live objects applied as removed versions and the Helm release manifests that use them', { timeout: 180_000 }, async (t) => {
    const { kubeconfigPath, namespace } = await useLocalCluster(t);
    const admin = await client(kubeconfigPath, namespace);
    must(await admin.request({ method: 'POST', path: `/apis/batch/v1/namespaces/${namespace}/cronjobs`, body: cronJob('nightly', 'batch/v1beta1'), operation: { verb: 'create' } }));
    must(await admin.request({ method: 'POST', path: `/apis/batch/v1/namespaces/${namespace}/cronjobs`, body: cronJob('current', 'batch/v1'), operation: { verb: 'create' } }));

    const manifest = [
      '---\n# Source: web/templates/pdb.yaml\napiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 1\n',
      '---\n# Source: web/templates/flow.yaml\napiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata:\n  name: web\n',
      '---\n# Source: web/templates/deploy.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n',
    ].join('');
    const release = { name: 'web', namespace, version: 2, info: { status: 'deployed' }, chart: { metadata: { name: 'web', version: '1.2.0' } }, manifest };
    const helmEncoded = gzipSync(Buffer.from(JSON.stringify(release))).toString('base64');
    must(
      await admin.request({
        method: 'POST',
        path: `/api/v1/namespaces/${namespace}/secrets`,
        body: {
          apiVersion: 'v1',
          kind: 'Secret',
          type: 'helm.sh/release.v1',
          metadata: { name: 'sh.helm.release.v1.web.v2', labels: { owner: 'helm', name: 'web', status: 'deployed', version: '2' } },
          data: { release: Buffer.from(helmEncoded).toString('base64') },
        },
        operation: { verb: 'create' },
      }),
    );

    const result = berth(['upgrade-check', '--to', '1.36', '--output', 'json'], { env: { ...process.env, KUBECONFIG: kubeconfigPath } });
    assert.equal(result.stderr, '');
    assert.equal(result.status, 1, result.stdout.slice(0, 2000));
    const { findings, summary } = JSON.parse(result.stdout) as { findings: Finding[]; summary: { cluster?: { serverVersion?: string; helmReleases: number } } };
    // Other tests' namespaces may hold findings of their own: only this one's are compared.
    const mine = findings.filter((f) => f.object?.namespace === namespace || f.release?.namespace === namespace);
    assert.deepEqual(mine.map((f) => [f.source, f.code, f.object?.apiVersion, f.object?.kind, f.object?.name, f.file]).sort(), [
      ['cluster', 'removed-api', 'batch/v1beta1', 'CronJob', 'nightly', undefined],
      ['helm', 'removed-api', 'flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', 'web', 'web/templates/flow.yaml'],
      ['helm', 'removed-api', 'policy/v1beta1', 'PodDisruptionBudget', 'web', 'web/templates/pdb.yaml'],
    ]);
    const nightly = mine.find((f) => f.object?.name === 'nightly')!;
    assert.match(nightly.message, /last applied as batch\/v1beta1, by its kubectl\.kubernetes\.io\/last-applied-configuration annotation/);
    assert.deepEqual(nightly.replacement, { apiVersion: 'batch/v1', kind: 'CronJob' });
    const pdb = mine.find((f) => f.object?.kind === 'PodDisruptionBudget')!;
    assert.deepEqual(pdb.release, { namespace, name: 'web', revision: 2, chart: 'web-1.2.0' });
    assert.deepEqual(pdb.replacement, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' });
    assert.match(summary.cluster?.serverVersion ?? '', /^v1\.36\./);
    assert.ok((summary.cluster?.helmReleases ?? 0) >= 1);
  });
});
