// Rollouts on the local cluster (kube-apiserver, controller-manager, kwok nodes): a Deployment's
// history after image changes, undo to the previous or a chosen revision, and the rollout, scale
// and logs CLI commands on it; StatefulSet and DaemonSet history from ControllerRevisions, undo
// and status. Every wait is a watch or a bounded wait inside the operation under test.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyObjects, rolloutHistory, rolloutStatus, undoRollout, type KubeClient } from '../../kube';
import { runLogs } from '../../cli/src/commands/logs';
import { runRollout } from '../../cli/src/commands/rollout';
import { runScale } from '../../cli/src/commands/scale';
import { cli } from '../helpers/cliCommand';
import { configuredLogLines, useLocalCluster } from '../helpers/cluster';
import { imageOf, rolledOut, TOLERATE_ALL, webDeployment as deployment } from '../helpers/clusterWorkloads';
import { client, must } from '../helpers/kubeClient';

/** Sets the image of the Deployment's web container and waits until it has rolled out. */
async function setImage(kube: KubeClient, name: string, image: string): Promise<void> {
  must(
    await kube.request({
      method: 'PATCH',
      path: `/apis/apps/v1/namespaces/${kube.namespace}/deployments/${name}`,
      contentType: 'application/strategic-merge-patch+json',
      body: { spec: { template: { spec: { containers: [{ name: 'web', image }] } } } },
      operation: { verb: 'patch', resource: 'deployments', name },
    }),
  );
  await rolledOut(kube, name);
}

describe('Deployment rollouts on the local cluster', () => {
  it('rollout history after two image changes; undo returns the previous image, --to-revision the first; scale and logs through the CLI', async (t) => {
    const cluster = await useLocalCluster(t);
    const kube = await client(cluster.kubeconfigPath, cluster.namespace);
    must(await applyObjects(kube, [deployment('web', 'nginx:1.25')]));
    await rolledOut(kube, 'web');
    await setImage(kube, 'web', 'nginx:1.26');
    await setImage(kube, 'web', 'nginx:1.27');

    const history = must(await rolloutHistory(kube, { kind: 'Deployment', name: 'web' }));
    assert.deepEqual(history.map((r) => [r.revision, r.images[0], r.current]), [[1, 'web=nginx:1.25', false], [2, 'web=nginx:1.26', false], [3, 'web=nginx:1.27', true]]);
    assert.ok(history.every((r) => r.template.metadata?.labels?.['pod-template-hash'] === undefined));

    const undone = must(await undoRollout(kube, { kind: 'Deployment', name: 'web' }));
    assert.deepEqual([undone.revision, undone.skipped, undone.images], [2, false, ['web=nginx:1.26']]);
    await rolledOut(kube, 'web');
    assert.equal(await imageOf(kube, 'web'), 'nginx:1.26');
    // The ReplicaSet of revision 2 is reused and becomes revision 4, as with kubectl.
    const after = must(await rolloutHistory(kube, { kind: 'Deployment', name: 'web' }));
    assert.deepEqual(after.map((r) => [r.revision, r.images[0], r.current]), [[1, 'web=nginx:1.25', false], [3, 'web=nginx:1.27', false], [4, 'web=nginx:1.26', true]]);

    const missing = await undoRollout(kube, { kind: 'Deployment', name: 'web' }, { toRevision: 2 });
    assert.ok(!missing.ok);
    assert.match(missing.error.message, /Unable to find revision 2 .*revisions 1, 3, 4/);

    const undoCli = await cli(runRollout, ['undo', 'deployment/web', '--to-revision', '1', '-n', cluster.namespace], cluster.kubeconfigPath);
    assert.equal(undoCli.code, 0, undoCli.err);
    assert.match(undoCli.out, /deployment\.apps\/web rolled back to revision 1 \(web=nginx:1\.25\)/);
    const status = await cli(runRollout, ['status', 'deploy/web', '--timeout', '90', '-n', cluster.namespace], cluster.kubeconfigPath);
    assert.equal(status.code, 0, status.err);
    assert.match(status.out, /deployment "web" successfully rolled out\n$/);
    assert.equal(await imageOf(kube, 'web'), 'nginx:1.25');
    const historyCli = await cli(runRollout, ['history', 'deployment/web', '-n', cluster.namespace], cluster.kubeconfigPath);
    assert.equal(historyCli.code, 0, historyCli.err);
    assert.match(historyCli.out, /^deployment\.apps\/web\nREVISION  CHANGE-CAUSE\n3 .*\n4 .*\n5 .*web=nginx:1\.25.*current/);
    const again = await cli(runRollout, ['undo', 'deployment/web', '--to-revision', '5', '-n', cluster.namespace], cluster.kubeconfigPath);
    assert.match(again.out, /skipped rollback \(current template already matches revision 5\)/);

    const scaled = await cli(runScale, ['deployment/web', '--replicas', '3', '-n', cluster.namespace], cluster.kubeconfigPath);
    assert.equal(scaled.code, 0, scaled.err);
    assert.match(scaled.out, /deployment\.apps\/web scaled from 2 to 3/);
    await rolledOut(kube, 'web');
    const logs = await cli(runLogs, ['deployment/web', '--tail', '5', '-n', cluster.namespace], cluster.kubeconfigPath);
    assert.equal(logs.code, 0, logs.err);
    const pods = new Set(logs.out.split('\n').filter(Boolean).map((l) => /^\[(web-[a-z0-9-]+)\/web\] /.exec(l)?.[1]));
    assert.ok(!pods.has(undefined), `unprefixed line in: ${logs.out.slice(0, 300)}`);
    assert.equal(pods.size, 3, logs.out.slice(0, 500));
    assert.ok(configuredLogLines().some((line) => logs.out.includes(line)));
    const usage = await cli(runScale, ['deployment/web', '--replicas', 'many'], cluster.kubeconfigPath).catch((e: Error) => e);
    assert.ok(usage instanceof Error && usage.name === 'UsageError');
  });
});

describe('StatefulSet and DaemonSet rollouts', () => {
  async function setImage(kube: KubeClient, plural: string, name: string, image: string): Promise<void> {
    must(await kube.request({ method: 'PATCH', path: `/apis/apps/v1/namespaces/${kube.namespace}/${plural}/${name}`, contentType: 'application/strategic-merge-patch+json', body: { spec: { template: { spec: { containers: [{ name: 'main', image }] } } } }, operation: { verb: 'patch' } }));
  }

  for (const kind of ['StatefulSet', 'DaemonSet'] as const) {
    it(`${kind}: history from ControllerRevisions, undo to the previous template, status until rolled out`, async (t) => {
      const { kubeconfigPath, namespace } = await useLocalCluster(t);
      const kube = await client(kubeconfigPath, namespace);
      const plural = kind === 'StatefulSet' ? 'statefulsets' : 'daemonsets';
      const name = kind === 'StatefulSet' ? 'db' : 'agent';
      const template = { metadata: { labels: { app: name } }, spec: { tolerations: TOLERATE_ALL, ...(kind === 'DaemonSet' ? { nodeSelector: { 'berth.dev/nodepool': 'general' } } : {}), containers: [{ name: 'main', image: 'postgres:16' }] } };
      const spec = kind === 'StatefulSet' ? { replicas: 1, serviceName: name, selector: { matchLabels: { app: name } }, template } : { selector: { matchLabels: { app: name } }, template };
      must(await kube.request({ method: 'POST', path: `/apis/apps/v1/namespaces/${namespace}/${plural}`, body: { apiVersion: 'apps/v1', kind, metadata: { name }, spec }, operation: { verb: 'create' } }));
      const ref = { kind, name } as const;
      const done = must(await rolloutStatus(kube, ref, { timeoutMs: 90_000 }));
      assert.equal(done.done, true, done.message);
      await setImage(kube, plural, name, 'postgres:17');
      must(await rolloutStatus(kube, ref, { timeoutMs: 90_000 }));

      const history = must(await rolloutHistory(kube, ref));
      assert.deepEqual(history.map((r) => [r.revision, r.images, r.current]), [
        [1, ['main=postgres:16'], false],
        [2, ['main=postgres:17'], true],
      ]);
      const undone = must(await undoRollout(kube, ref));
      assert.deepEqual([undone.revision, undone.skipped, undone.images], [1, false, ['main=postgres:16']]);
      must(await rolloutStatus(kube, ref, { timeoutMs: 90_000 }));
      const after = must(await rolloutHistory(kube, ref));
      assert.deepEqual(after.find((r) => r.current)?.images, ['main=postgres:16']);
      const again = must(await undoRollout(kube, ref, { toRevision: after.find((r) => r.current)!.revision }));
      assert.equal(again.skipped, true);
      const missing = await undoRollout(kube, ref, { toRevision: 99 });
      assert.ok(!missing.ok);
      assert.match(missing.error.message, new RegExp(`^Unable to find revision 99 in the history of ${kind.toLowerCase()} "${name}" in namespace "${namespace}"; it has revisions `));
    });
  }
});
