// `berth deploy` against the real local control plane: an Application that names a namespace
// that does not exist yet is deployed with its namespace, as Deploy Current File does in the
// editor, and pruning never touches that namespace.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { berth, workspace } from '../helpers/cli';
import { kubernetesClient, useLocalCluster } from '../helpers/cluster';

describe('berth deploy of an Application', () => {
  it('creates the namespace the Application names, then what it renders; a redeploy with --prune keeps the namespace', async (t) => {
    const { kubeconfigPath, kubeConfig, namespace } = await useLocalCluster(t);
    const fresh = `${namespace}-app`;
    const k8s = await kubernetesClient();
    const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
    t.after(async () => {
      await core.deleteNamespace({ name: fresh }).catch(() => undefined);
    });
    const dir = workspace({});
    const file = join(dir, 'web.yaml');
    writeFileSync(file, `apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata:\n  name: web\n  namespace: ${fresh}\nspec:\n  image: nginx:1.27\n  replicas: 1\n  ports:\n    - {name: http, port: 8080}\n`);
    const env = { ...process.env, KUBECONFIG: kubeconfigPath };

    // Before the namespace exists, the server cannot dry-run what goes into it: those objects are
    // new and marked not checked, never refused.
    const dryRun = berth(['deploy', file, '--namespace', namespace, '--dry-run'], { env });
    assert.equal(dryRun.status, 0, `${dryRun.stdout}\n${dryRun.stderr}`);
    assert.match(dryRun.stdout, new RegExp(`^deployment\\.apps/web -n ${fresh}: created \\(dry run, not checked: namespace "${fresh}" is created by this deploy`, 'm'));
    const diff = berth(['deploy', file, '--namespace', namespace, '--diff'], { env });
    assert.equal(diff.status, 1, `differences, no error: ${diff.stdout}\n${diff.stderr}`);
    assert.match(diff.stdout, /\+kind: Deployment/);
    assert.doesNotMatch(diff.stderr, /not found/);
    await assert.rejects(core.readNamespace({ name: fresh }), 'neither the dry run nor the diff created the namespace');

    const first = berth(['deploy', file, '--namespace', namespace], { env });
    assert.equal(first.status, 0, `${first.stdout}\n${first.stderr}`);
    assert.match(first.stdout, new RegExp(`^namespace/${fresh}: created$`, 'm'));
    assert.match(first.stdout, new RegExp(`^deployment\\.apps/web -n ${fresh}: created$`, 'm'));
    assert.doesNotMatch(first.stderr, /not found/);

    const apps = kubeConfig.makeApiClient(k8s.AppsV1Api);
    const deployment = await apps.readNamespacedDeployment({ name: 'web', namespace: fresh });
    assert.equal(deployment.metadata?.labels?.['berth.dev/application'], 'web');
    const created = await core.readNamespace({ name: fresh });
    assert.equal(created.metadata?.labels?.['berth.dev/application'], undefined, 'the namespace is not labelled for pruning');

    const again = berth(['deploy', file, '--namespace', namespace, '--prune'], { env });
    assert.equal(again.status, 0, `${again.stdout}\n${again.stderr}`);
    // The apiserver records the first apply's field ownership on the second one: "configured" then, "unchanged" after.
    assert.match(again.stdout, new RegExp(`^namespace/${fresh}: (configured|unchanged)$`, 'm'));
    assert.match(again.stdout, new RegExp(`^deployment\\.apps/web -n ${fresh}: unchanged$`, 'm'));
    assert.doesNotMatch(again.stdout, /pruned/);
    assert.equal((await core.readNamespace({ name: fresh })).status?.phase, 'Active');
  });
});
