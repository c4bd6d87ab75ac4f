// Followed logs on the local cluster: every pod of a workload with prefixes, pods that join while
// following, and a clean end when cancelled. Every wait is a watch or a log line.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { followWorkloadLogs } from '../../kube';
import { configuredLogLines, useLocalCluster } from '../helpers/cluster';
import { deployment, podsRunning } from '../helpers/clusterWorkloads';
import { client, must } from '../helpers/kubeClient';

describe('followed logs', () => {
  it('follows every pod of a workload with prefixes, new pods join, and it ends cleanly when cancelled', async (t) => {
    const { kubeconfigPath, kubeConfig, namespace } = await useLocalCluster(t);
    const kube = await client(kubeconfigPath, namespace);
    must(await kube.request({ method: 'POST', path: `/apis/apps/v1/namespaces/${namespace}/deployments`, body: deployment('talk', 1), operation: { verb: 'create' } }));
    const [pod] = await podsRunning(kubeConfig, namespace, 'talk', 1);
    const expected = configuredLogLines();
    const lines: string[] = [];
    const waiters: { check: () => boolean; resolve: () => void }[] = [];
    const until = (check: () => boolean) => new Promise<void>((resolve) => (check() ? resolve() : waiters.push({ check, resolve })));
    const controller = new AbortController();
    const following = followWorkloadLogs(kube, {
      labelSelector: 'app=talk',
      signal: controller.signal,
      onLine: ({ pod: p, container, text }) => {
        lines.push(`[${p}/${container}] ${text}`);
        for (const w of [...waiters]) if (w.check()) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
      },
    });
    const firstPod = pod!.metadata!.name!;
    await until(() => lines.filter((l) => l.startsWith(`[${firstPod}/main] `)).length === expected.length);
    must(await kube.request({ method: 'PATCH', path: `/apis/apps/v1/namespaces/${namespace}/deployments/talk/scale`, contentType: 'application/merge-patch+json', body: { spec: { replicas: 2 } }, operation: { verb: 'patch' } }));
    const pods = await podsRunning(kubeConfig, namespace, 'talk', 2);
    const joined = pods.map((p) => p.metadata!.name!).find((n) => n !== firstPod)!;
    await until(() => lines.filter((l) => l.startsWith(`[${joined}/main] `)).length === expected.length);
    // Still following: the stream stays open after the last line until cancelled.
    controller.abort();
    assert.deepEqual(await following, { ok: true, value: undefined });
    assert.deepEqual(lines.filter((l) => l.startsWith(`[${firstPod}/main] `)).map((l) => l.slice(`[${firstPod}/main] `.length)), expected);
  });
});
